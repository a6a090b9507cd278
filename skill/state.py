"""The one module that reads and writes session attributes.

Alexa hands session attributes back to us on every turn, so they are input
like any other: anything unknown, missing or tampered with means "start
fresh", never a crash.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KEY = "sb"
VERSION = 1
_MAX_TURN = 500

# What session attributes may hold before anything walks or deserialises them. Ours nest about six
# deep and weigh a few hundred bytes (a few KiB with unsaved progress riding along); past these
# they were not written by us, and deserialising or copying them could exhaust the stack.
MAX_DEPTH = 24
MAX_ITEMS = 2_000  # dict entries, list items and scalars, counted together
MAX_TEXT = 24 * 1024  # characters in keys and strings, together


def within_bounds(attributes: Any) -> bool:
    """Session attributes small and shallow enough to read: checked without recursion."""
    items = text = 0
    pending = [(attributes, 1)]
    while pending:
        value, depth = pending.pop()
        items += 1
        if depth > MAX_DEPTH or items > MAX_ITEMS:
            return False
        if isinstance(value, dict):
            for key, child in value.items():
                text += len(key) if isinstance(key, str) else 0
                pending.append((child, depth + 1))
        elif isinstance(value, list):
            pending.extend((child, depth + 1) for child in value)
        elif isinstance(value, str):
            text += len(value)
        if text > MAX_TEXT:
            return False
    return True


def fit_envelope(event: Any) -> Any:
    """The request envelope (parsed JSON) with session attributes we cannot trust replaced by {}.

    Called before the envelope is deserialised: not a dict, too deep or too large means start fresh.
    """
    session = event.get("session") if isinstance(event, dict) else None
    if not isinstance(session, dict) or "attributes" not in session:
        return event
    attributes = session.get("attributes")
    if attributes is None or (isinstance(attributes, dict) and within_bounds(attributes)):
        return event
    return {**event, "session": {**session, "attributes": {}}}


@dataclass(frozen=True)
class Active:
    """The exercise in progress: enough to re-render any turn of its plan."""

    id: str
    opts: dict = field(default_factory=dict)
    turn: int = 0
    variant: int = 0
    paused: bool = False
    done: bool = False  # its last turn has been spoken; repeat and start over still work


def _bag(handler_input) -> dict:
    try:
        attrs = handler_input.attributes_manager.session_attributes
    except Exception:  # requests without a session (skill events) have no state
        return {"v": VERSION}
    if not isinstance(attrs, dict):
        attrs = {}
        handler_input.attributes_manager.session_attributes = attrs
    bag = attrs.get(KEY)
    if not isinstance(bag, dict) or bag.get("v") != VERSION:
        bag = {"v": VERSION}
        attrs[KEY] = bag
    return bag


def _int(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if low <= value <= high else None


def active(handler_input) -> Active | None:
    """The exercise in progress, or None if there is none or it cannot be trusted."""
    from .scripts import catalogue  # late: the catalogue renders templates

    raw = _bag(handler_input).get("ex")
    if not isinstance(raw, dict):
        return None
    cache = _request_cache(handler_input)
    seen = cache.get(_ACTIVE) if cache is not None else None
    if seen is not None and seen[0] is raw:  # routing asks a dozen times a turn; _store writes a new dict
        return seen[1]
    exercise = catalogue.get(raw.get("id"))
    turn = _int(raw.get("turn"), 0, _MAX_TURN)
    variant = _int(raw.get("variant"), 0, 99)
    opts = _clean(exercise, raw.get("opts")) if exercise else None
    if exercise is None or turn is None or variant is None or opts is None:
        end(handler_input)
        return None
    found = Active(exercise.id, opts, turn, variant, raw.get("paused") is True, raw.get("done") is True)
    if cache is not None:
        cache[_ACTIVE] = (raw, found)
    return found


_ACTIVE = "sb_active"  # request attribute: (the stored dict, the Active read from it)


def _request_cache(handler_input) -> dict | None:
    try:
        cache = handler_input.attributes_manager.request_attributes
    except Exception:
        return None
    return cache if isinstance(cache, dict) else None


def _clean(exercise, raw: Any) -> dict | None:
    """The exercise's own check of stored options; options it cannot even read are tampered too."""
    try:
        return exercise.clean(raw)
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError):  # e.g. {"technique": []}: unhashable
        return None


def begin(handler_input, exercise_id: str, opts: dict, variant: int) -> Active:
    ex = Active(exercise_id, dict(opts), 0, variant)
    _store(handler_input, ex)
    return ex


def move_to(handler_input, ex: Active, turn: int, *, paused: bool = False, done: bool = False) -> Active:
    moved = Active(ex.id, ex.opts, max(0, turn), ex.variant, paused, done)
    _store(handler_input, moved)
    return moved


def _store(handler_input, ex: Active) -> None:
    _bag(handler_input)["ex"] = {
        "id": ex.id,
        "opts": ex.opts,
        "turn": ex.turn,
        "variant": ex.variant,
        "paused": ex.paused,
        "done": ex.done,
    }


def end(handler_input) -> None:
    _bag(handler_input).pop("ex", None)


def question(handler_input) -> str | None:
    """What the skill asked on the turn before this one ("offer:grounding", ...), if anything.

    A question only holds for the very next answer: a "yes" said later, to some
    other question, must never accept an old offer or consent.
    """
    bag = _bag(handler_input)
    value, asked_on = bag.get("q"), _int(bag.get("qn"), 0, 10_000)
    if not isinstance(value, str) or len(value) >= 64 or asked_on is None:
        return None
    return value if turns_heard(handler_input) - asked_on in (0, 1) else None


def ask(handler_input, what: str | None) -> None:
    bag = _bag(handler_input)
    if what is None:
        bag.pop("q", None)
        bag.pop("qn", None)
    else:
        bag["q"], bag["qn"] = what, turns_heard(handler_input)


def remember_care(handler_input, *, harmed: bool = False) -> None:
    """This session heard that someone may not be safe: every goodbye leaves the numbers behind.

    ``harmed``: someone is hurting them, so the abuse line comes first from now on. Flags for the
    rest of the session only (Alexa drops session attributes when it ends); never the words,
    and never stored.
    """
    bag = _bag(handler_input)
    bag["care"] = "harmed" if harmed or bag.get("care") == "harmed" else "yes"


def after_care(handler_input) -> bool:
    return _bag(handler_input).get("care") in ("yes", "harmed")


def harmed(handler_input) -> bool:
    return _bag(handler_input).get("care") == "harmed"


def turns_heard(handler_input) -> int:
    """How many turns this session has had: shortens repeated instructions."""
    return _int(_bag(handler_input).get("n"), 0, 10_000) or 0


def count_turn(handler_input) -> None:
    bag = _bag(handler_input)
    bag["n"] = min(turns_heard(handler_input) + 1, 10_000)


def missed(handler_input) -> tuple[int, int]:
    """A turn whose words we could not use: (misses in a row, misses this session), this one included."""
    bag = _bag(handler_input)
    now = turns_heard(handler_input)
    last = _int(bag.get("mt"), 0, 10_000)
    run = (_int(bag.get("mr"), 0, 100) or 0) + 1 if last is not None and now - last in (0, 1) else 1
    total = min((_int(bag.get("mn"), 0, 10_000) or 0) + 1, 10_000)
    bag["mt"], bag["mr"], bag["mn"] = now, min(run, 100), total
    return run, total


def unsaved(handler_input) -> Any:
    """What earlier turns of this session could not save (profile.py reads it, as untrusted input)."""
    return _bag(handler_input).get("keep")


def keep_unsaved(handler_input, value: dict | None) -> None:
    """Carry what this turn could not save to the next turn of the session (None: nothing left to carry)."""
    bag = _bag(handler_input)
    if value is None:
        bag.pop("keep", None)
    else:
        bag["keep"] = value
