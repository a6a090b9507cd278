"""The one module that reads and writes persistent attributes.

What is kept per user (keyed by a salted hash of the Alexa user id, see skill/persistence.py),
and nothing else, never anything a person said:

    intro       True once the first-run disclosure has been heard
    prefs       technique (favourite breathing technique, the last one chosen by name),
                minutes (default breathing length, the last one asked for), pace (-2..3),
                count_aloud (bool), reminder (the id Alexa gave the nightly reminder)
    progress    days (distinct days with practice), last_day (YYYY-MM-DD, UTC),
                done ({exercise family: completions}), last ({id, day, opts, finished})
    unfinished  {id, opts, turn, variant, saved_at (epoch seconds)}: offered on the next
                launch for 24 hours, cleared on completion or when declined
    style       a self-reported attachment style, only after the person said yes to keeping it
    sync        random tokens naming the last few saves (so a save that outlived its turn and landed
                late is not merged a second time from the session)

Persistent attributes are loaded at most once per turn (on first use) and saved once, at the
end of the turn (the response interceptor, and the exception handler). The store may fail, or
be skipped (skill/persistence.py: a per-turn budget and a breaker): reads then behave as a first
visit plus whatever this session already changed, the failure is logged once (no user id, no
words), and nothing is written over the real record that turn.

Nothing is lost that can be kept: what a turn could not save rides in the session attributes
(state.unsaved: a versioned, bounded patch, read back as untrusted input) and is merged into the
next save that succeeds in the session. When the session ends with it still unsaved, the
store retries it in the background after the session (persistence.Guarded.later); only if that
gives up is one ``store_lost`` line logged, with counts only (changes, completions, days,
preferences) and a running total for the process, so an operator can alert on it. A save that
outlived its turn is carried as "sent" with its sync token and merged again only if it never
landed (see ``sync`` above).
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
from datetime import datetime, timezone

from . import persistence, state

log = logging.getLogger("secure_base")


def _token() -> str:
    """A save's sync token: what secrets.token_hex gives (os.urandom), without the hmac and hashlib
    that importing secrets brings."""
    return os.urandom(6).hex()

_STATUS = "sb_profile"  # request attribute: "ok" once read, "down" if the store failed
_WAITING = "sb_profile_sent"  # request attribute: a sent save still running in this process
_LOGGED = "sb_profile_logged"  # request attribute: a store failure was logged this turn

STYLES = ("anxious", "avoidant", "disorganized", "secure")
RESUME_HOURS = 24
_SAFE_TEXT = re.compile(r"^[a-z0-9_]{0,32}$")

# What a self-reported style tailors suggestions towards, best first: (exercise id, options).
# anxious: self-compassion and soothing; avoidant: naming feelings, positive memories;
# disorganized: grounding first, then breathing with a long out-breath and no holds.
STYLE_SUGGESTIONS: dict[str, tuple[tuple[str, dict], ...]] = {
    "anxious": (("nightly", {}), ("soothing", {"technique": "heart"}),
                ("breathing", {"technique": "extended_exhale"})),
    "avoidant": (("feelings", {}), ("memory", {}), ("grounding", {})),
    "disorganized": (("grounding", {}), ("breathing", {"technique": "extended_exhale"})),
}


def _fail(handler_input, what: str, exc: Exception) -> None:
    manager = handler_input.attributes_manager
    if isinstance(exc, persistence.StoreSkipped):  # not tried at all: the breaker already said why
        return
    if manager.request_attributes.get(_LOGGED):
        return
    manager.request_attributes[_LOGGED] = True
    cause = exc.__cause__ or exc
    log.warning("profile store unavailable on %s (%s); carrying on from session state", what, type(cause).__name__)


def _attrs(handler_input) -> dict:
    manager = handler_input.attributes_manager
    status = manager.request_attributes.get(_STATUS)
    if status is None:
        carried, sent = _carried(handler_input)
        try:
            attrs = manager.persistent_attributes
            status = "ok"
        except Exception as exc:  # store down: keep going on session state, and what the session carries
            _fail(handler_input, "read", exc)
            attrs, status = _Unread(persistence.apply({}, (sent[1] if sent else []) + carried)), "down"
        if not isinstance(attrs, dict):
            attrs = {}
        if status == "ok" and sent and sent[0] not in _tokens(attrs):
            if _still_sending(handler_input, sent[0]):  # still running here: wait for it, do not merge it twice
                manager.request_attributes[_WAITING] = sent
            else:  # a save that timed out and never landed
                carried = sent[1] + carried
        if status == "ok" and carried:  # the store is back: what earlier turns could not save goes in now
            merged = persistence.apply(attrs, _unless_counted(carried, attrs))
            attrs.clear()
            attrs.update(merged)
        manager.persistent_attributes = attrs
        manager.request_attributes[_STATUS] = status
    return manager.persistent_attributes


def _section(attrs: dict, key: str) -> dict:
    value = attrs.get(key)
    if not isinstance(value, dict):
        value = attrs[key] = {}
    return value


def section(handler_input, key: str):
    """A section of the profile as stored (untrusted: callers check its shape), or None."""
    return _attrs(handler_input).get(key)


def set_section(handler_input, key: str, value: dict | None) -> None:
    attrs = _attrs(handler_input)
    if value is None:
        attrs.pop(key, None)
    else:
        attrs[key] = value


def _count(value) -> int:
    return value if type(value) is int and value >= 0 else 0


def now(handler_input) -> datetime:
    """The request's own time (Alexa stamps every request), else the clock."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, datetime):
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def today(handler_input) -> str:
    return now(handler_input).astimezone(timezone.utc).date().isoformat()


def safe_opts(opts) -> dict:
    """Exercise options fit to keep: numbers, flags and short ids only, never free text."""
    if not isinstance(opts, dict):
        return {}
    kept = {}
    for key, value in opts.items():
        if not isinstance(key, str) or len(key) > 24:
            continue
        if value is None or isinstance(value, (bool, int, float)):
            kept[key] = value
        elif isinstance(value, str) and _SAFE_TEXT.match(value):
            kept[key] = value
    return kept


# --- first run --------------------------------------------------------------------------

def heard_intro(handler_input) -> bool:
    return _attrs(handler_input).get("intro") is True


def mark_intro_heard(handler_input) -> None:
    _attrs(handler_input)["intro"] = True


# --- preferences ------------------------------------------------------------------------

# What each preference may be; anything else in the store (damaged, or from an older version) is ignored.
_PREFERENCE_TYPES = {"technique": str, "minutes": (int, float), "pace": int, "count_aloud": bool, "reminder": str,
                     "bed": str}  # bed: the sound under a recorded practice (skill/audio/bed.py)


def preferences(handler_input) -> dict:
    """Saved preferences (technique, minutes, pace, count_aloud, reminder, bed): a read-only, well-typed copy."""
    prefs = _attrs(handler_input).get("prefs")
    if not isinstance(prefs, dict):
        return {}
    return {key: value for key, value in prefs.items() if key in _PREFERENCE_TYPES
            and isinstance(value, _PREFERENCE_TYPES[key]) and not (key != "count_aloud" and isinstance(value, bool))}


def set_preference(handler_input, key: str, value) -> None:
    _section(_attrs(handler_input), "prefs")[key] = value


def forget_preference(handler_input, key: str) -> None:
    prefs = _attrs(handler_input).get("prefs")
    if isinstance(prefs, dict):
        prefs.pop(key, None)


def note_choice(handler_input, exercise, slots) -> None:
    """Remember what the person asked for by name: their breathing technique and length."""
    if exercise is None or exercise.family != "breathing":
        return
    chosen = exercise.options(slots, {})
    technique = slots.get("technique")
    if technique and technique.id and chosen.get("technique") == technique.id:
        set_preference(handler_input, "technique", technique.id)
    if "duration" in slots and "rounds" not in slots and chosen.get("minutes") is not None:
        set_preference(handler_input, "minutes", chosen["minutes"])


# --- progress and the unfinished exercise ------------------------------------------------

def exercise_turn(handler_input, ex, family: str, *, finished: bool) -> None:
    """An exercise turn was spoken: count the day, remember it, keep or clear the unfinished one."""
    attrs = _attrs(handler_input)
    progress = _section(attrs, "progress")
    day = today(handler_input)
    if progress.get("last_day") != day:
        progress["days"] = _count(progress.get("days")) + 1
        progress["last_day"] = day
    from .scripts import catalogue  # late: the catalogue renders templates

    private = getattr(catalogue.get(ex.id), "private", False)  # how someone feels is never kept
    opts = {} if private else safe_opts(ex.opts)
    progress["last"] = {"id": ex.id, "day": day, "opts": opts, "finished": bool(finished)}
    if finished:
        if not ex.done:  # the last turn heard again is not a second completion
            done = _section(progress, "done")
            done[family] = _count(done.get(family)) + 1
        attrs.pop("unfinished", None)
    elif private:
        attrs.pop("unfinished", None)
    else:
        attrs["unfinished"] = {"id": ex.id, "opts": opts, "turn": ex.turn, "variant": ex.variant,
                               "saved_at": int(now(handler_input).timestamp())}


def clear_unfinished(handler_input) -> None:
    attrs = _attrs(handler_input)
    if "unfinished" in attrs:
        attrs.pop("unfinished")


def unfinished(handler_input) -> dict | None:
    """The exercise left partway, if it is under a day old and can still be trusted.

    Returns {"id", "opts", "turn", "variant"} (opts cleaned by the exercise itself), else None.
    """
    from .scripts import catalogue  # late: the catalogue renders templates

    raw = _attrs(handler_input).get("unfinished")
    if not isinstance(raw, dict):
        return None
    exercise = catalogue.get(raw.get("id"))
    turn, variant, saved_at = raw.get("turn"), raw.get("variant"), raw.get("saved_at")
    age = now(handler_input).timestamp() - saved_at if type(saved_at) is int else None
    opts = exercise.clean(raw.get("opts")) if exercise else None
    if (opts is None or type(turn) is not int or not 0 <= turn <= 500 or type(variant) is not int
            or not 0 <= variant <= 99 or age is None or not -600 <= age <= RESUME_HOURS * 3600):
        clear_unfinished(handler_input)  # too old, or not something we can trust: let it go
        return None
    return {"id": exercise.id, "opts": opts, "turn": turn, "variant": variant}


def progress(handler_input) -> dict:
    """A summary for "how am I doing?" and "what did I do last time?" (counts only)."""
    raw = _attrs(handler_input).get("progress")
    raw = raw if isinstance(raw, dict) else {}
    done = raw.get("done") if isinstance(raw.get("done"), dict) else {}
    done = {family: _count(n) for family, n in done.items() if isinstance(family, str) and _count(n)}
    last = raw.get("last") if isinstance(raw.get("last"), dict) else None
    if last and not (isinstance(last.get("id"), str) and isinstance(last.get("day"), str)):
        last = None
    return {
        "days": _count(raw.get("days")),
        "done": done,
        "total": sum(done.values()),
        "favourite": max(sorted(done), key=done.get) if done else None,
        "last": last,
    }


# --- self-reported attachment style (only with consent) ---------------------------------

def style(handler_input) -> str | None:
    value = _attrs(handler_input).get("style")
    return value if value in STYLES else None


def remember_style(handler_input, value: str) -> None:
    """Only call this after the person said yes to having it remembered."""
    if value in STYLES:
        _attrs(handler_input)["style"] = value


def forget_style(handler_input) -> bool:
    """Forget the style; True if there was one to forget."""
    attrs = _attrs(handler_input)
    had = attrs.get("style") is not None
    attrs.pop("style", None)
    return had


def suggestion(handler_input) -> tuple[str, dict] | None:
    """What might suit this person, from the attachment style they chose to have remembered.

    Returns ``(exercise_id, options)``, e.g. ``("breathing", {"technique": "extended_exhale"})``
    or ``("grounding", {})``: a registered catalogue exercise (its id is its family) and slot-like
    options (slot name -> value id) to start it with. Returns None when no style is kept (or it is
    "secure"), so the caller uses its own default. Avoids repeating the exercise done last.
    """
    from .scripts import catalogue

    candidates = [(exercise_id, dict(opts)) for exercise_id, opts in STYLE_SUGGESTIONS.get(style(handler_input), ())
                  if catalogue.get(exercise_id) is not None]
    if not candidates:
        return None
    last = (progress(handler_input)["last"] or {}).get("id")
    fresh = [c for c in candidates if c[0] != last]
    return (fresh or candidates)[0]


# --- saving -----------------------------------------------------------------------------

def forget(handler_input) -> bool:
    """Delete everything kept for this person ("delete my data", or the skill disabled).

    Nothing is written back this turn (save() sees the status). False if the store failed.
    """
    manager = handler_input.attributes_manager
    try:
        manager.delete_persistent_attributes()
    except Exception as exc:
        _fail(handler_input, "delete", exc)
        return False
    manager.persistent_attributes = {}
    manager.request_attributes[_STATUS] = "forgotten"
    return True


def save(handler_input) -> None:
    """Save once, at the end of the turn, if the record was read (and readable) this turn.

    What could not be saved is carried in the session to the next turn (see the module doc).
    """
    manager = handler_input.attributes_manager
    if manager.request_attributes.get(_STATUS) is None and state.unsaved(handler_input) is not None:
        _attrs(handler_input)  # this turn did not need the store, but the session carries changes for it
    status = manager.request_attributes.get(_STATUS)
    if status in (None, "forgotten"):
        if status == "forgotten":
            state.keep_unsaved(handler_input, None)
        return
    attrs = manager.persistent_attributes
    if status == "ok":
        waiting = manager.request_attributes.get(_WAITING)  # an earlier save still running: not merged
        token = None
        if isinstance(attrs, persistence.Record) and attrs.changes():
            token = _token()
            attrs[SYNC] = (_tokens(attrs) + [token])[-_TOKENS_KEPT:]
        try:
            manager.save_persistent_attributes()
        except Exception as exc:
            _fail(handler_input, "save", exc)
            base = attrs.base if isinstance(attrs, persistence.Record) else {}
            ops = [op for op in persistence.diff(base, attrs, counter=_counter) if op[0][0] != SYNC]
            if token and isinstance(exc, persistence.StoreTimeout) and not waiting:  # may still land: marked
                _carry(handler_input, [], (token, ops))
            else:
                _carry(handler_input, ops, waiting)
        else:
            _carry(handler_input, [], waiting)  # nothing left to carry, unless that earlier save is unconfirmed
        return
    # "down": the store was not read; what this turn changed joins what earlier turns could not save
    turn = persistence.diff(attrs.base, attrs, counter=_counter) + [((key,), persistence.DELETE)
                                                                      for key in sorted(attrs.dropped) if key not in attrs]
    carried, sent = _carried(handler_input)
    _carry(handler_input, carried + turn, sent)


# --- what could not be saved yet ----------------------------------------------------------

UNSAVED_VERSION = 1
SYNC = "sync"
_TOKENS_KEPT = 4
_TOKEN = re.compile(r"^[0-9a-f]{12}$")
_KEPT = ("intro", "prefs", "progress", "unfinished", "style")  # the only sections a carried patch may touch
_MAX_OPS = 48
_MAX_CHARS = 4096
_lost_lock = threading.Lock()
_lost_total = 0


class _Unread(persistence.Record):
    """The record as this session knows it while the store is not read: removals are remembered too."""

    def __init__(self, data: dict):
        super().__init__(data)
        self.dropped: set = set()

    def pop(self, key, *default):
        if key not in self:
            self.dropped.add(key)
        return super().pop(key, *default)


def _counter(path: tuple) -> bool:
    """Counters carried as "add n" (so they add to the stored count): completions, and practice days."""
    return path == ("progress", "days") or (len(path) == 3 and path[:2] == ("progress", "done"))


def _unless_counted(ops: list[tuple], stored: dict) -> list[tuple]:
    """A practice day the store already counted (it holds the same last_day) is not counted twice."""
    progress = stored.get("progress") if isinstance(stored.get("progress"), dict) else {}
    day = next((op[1] for op in reversed(ops) if op[0] == ("progress", "last_day") and len(op) == 2), None)
    if day is None or progress.get("last_day") != day:
        return ops
    return [op for op in ops if not (op[0] == ("progress", "days") and len(op) == 3)]


def _squash(ops: list[tuple]) -> list[tuple]:
    """The same patch, one entry per path: later values win, additions add up."""
    out: dict[tuple, tuple] = {}
    for op in ops:
        path = op[0]
        if len(op) == 3:
            before = out.get(path)
            if before is None:
                out[path] = op
            elif len(before) == 3:
                out[path] = (path, "add", before[2] + op[2])
            else:  # a value set, then counted on: the sum (a removed or odd value counts from nothing)
                out[path] = (path, (before[1] if type(before[1]) is int else 0) + op[2])
            continue
        for other in [p for p in out if p[: len(path)] == path]:
            del out[other]
        out[path] = op
    return list(out.values())


def _encode(ops: list[tuple]) -> list:
    encoded = []
    for op in ops:
        if len(op) == 3:
            encoded.append([list(op[0]), "add", op[2]])
        elif op[1] is persistence.DELETE:
            encoded.append([list(op[0]), "del"])
        else:
            encoded.append([list(op[0]), "set", op[1]])
    return encoded


def _decode_op(raw) -> tuple | None:
    if not isinstance(raw, list) or len(raw) not in (2, 3) or not isinstance(raw[0], list):
        return None
    path = tuple(raw[0])
    if not (1 <= len(path) <= 5 and all(isinstance(k, str) and 0 < len(k) <= 40 for k in path) and path[0] in _KEPT):
        return None
    if raw[1:] == ["del"]:
        return (path, persistence.DELETE)
    if len(raw) == 3 and raw[1] == "set":
        return (path, raw[2])
    if len(raw) == 3 and raw[1] == "add" and _counter(path) and type(raw[2]) is int and 0 < raw[2] <= 10_000:
        return (path, "add", raw[2])
    return None


def _decode(raw) -> list[tuple]:
    ops = [_decode_op(op) for op in raw[:_MAX_OPS]] if isinstance(raw, list) else []
    return [op for op in ops if op is not None]


def _carried(handler_input) -> tuple[list[tuple], tuple[str, list[tuple]] | None]:
    """What earlier turns of this session could not save: (certainly unsaved, (token, sent but unconfirmed)).

    Anything we cannot trust is dropped, not guessed.
    """
    raw = state.unsaved(handler_input)
    if not isinstance(raw, dict) or raw.get("v") != UNSAVED_VERSION:
        return [], None
    sent = raw.get("sent")
    if isinstance(sent, dict) and isinstance(sent.get("id"), str) and _TOKEN.match(sent["id"]):
        sent = (sent["id"], _decode(sent.get("ops")))
    else:
        sent = None
    return _decode(raw.get("ops")), sent


def _ending(handler_input) -> bool:
    """No later turn of this session will carry anything: the session ends with this answer."""
    kind = getattr(handler_input.request_envelope.request, "object_type", None)
    if kind == "SessionEndedRequest" or handler_input.request_envelope.session is None:
        return True
    return handler_input.response_builder.response.should_end_session is True


def _carry(handler_input, ops: list[tuple], sent: tuple[str, list[tuple]] | None = None) -> None:
    """Keep ``ops`` (and a sent, unconfirmed save) in the session for the next turn, or log them as lost."""
    ops = _squash(ops)
    if not ops and not sent:
        state.keep_unsaved(handler_input, None)
        return
    encoded = {"v": UNSAVED_VERSION, "ops": _encode(ops)}
    if sent:
        encoded["sent"] = {"id": sent[0], "ops": _encode(sent[1])}
    too_big = len(ops) + len(sent[1] if sent else ()) > _MAX_OPS or len(json.dumps(encoded)) > _MAX_CHARS
    if too_big:
        _lost(ops + (sent[1] if sent else []))
        state.keep_unsaved(handler_input, None)
        return
    if _ending(handler_input):  # no later turn will carry them: saved in the background, or lost
        state.keep_unsaved(handler_input, None)
        _after_the_session(handler_input, ops, sent)
        return
    state.keep_unsaved(handler_input, encoded)


def _tokens(record: dict) -> list[str]:
    """The sync tokens of the last few saves that landed (a damaged value counts as none)."""
    kept = record.get(SYNC)
    return [t for t in kept if isinstance(t, str) and _TOKEN.match(t)][-_TOKENS_KEPT:] if isinstance(kept, list) else []


def _still_sending(handler_input, token: str) -> bool:
    adapter = getattr(handler_input.attributes_manager, "_persistence_adapter", None)  # ask-sdk keeps it there
    return isinstance(adapter, persistence.Guarded) and adapter.still_sending(token)


def _after_the_session(handler_input, ops: list[tuple], sent) -> None:
    """A session ended with changes unsaved: the store tries them once more after it, as it can."""
    adapter = getattr(handler_input.attributes_manager, "_persistence_adapter", None)  # ask-sdk keeps it there
    if not isinstance(adapter, persistence.Guarded):
        _lost(ops + (sent[1] if sent else []))
        return
    envelope = handler_input.request_envelope

    def write(store) -> None:
        record = store.get_attributes(envelope)
        pending = ops if not sent or sent[0] in _tokens(record) else sent[1] + ops
        merged = persistence.apply(record, _unless_counted(pending, record))
        record.clear()
        record.update(merged)
        record[SYNC] = (_tokens(record) + [_token()])[-_TOKENS_KEPT:]
        store.save_attributes(envelope, record)

    adapter.later(write, lambda: _lost(ops + (sent[1] if sent else [])), after=sent[0] if sent else None)


def _lost(ops: list[tuple]) -> None:
    """Changes that could not be saved at all: one greppable, counted line (counts only, never values)."""
    global _lost_total
    completions = sum(op[2] for op in ops if len(op) == 3 and op[0][:2] == ("progress", "done"))
    days = sum(op[2] for op in ops if len(op) == 3 and op[0] == ("progress", "days"))
    preferences = sum(1 for op in ops if op[0][0] == "prefs")
    with _lost_lock:
        _lost_total += 1
        total = _lost_total
    log.warning("store_lost: changes=%d completions=%d days=%d preferences=%d (lost saves in this process: %d)",
                len(ops), completions, days, preferences, total)
