"""The exercise catalogue: locale-neutral exercise data and how to plan it.

An exercise turns options (from slots, preferences or state) into a timeline of
template keys and silences; the pacing engine cuts that into turns; templates
under scripts/<locale>/ supply the words.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from .. import pacing, speech


@dataclass(frozen=True)
class Slot:
    """A slot as heard: the raw words, and the id entity resolution matched, if any."""

    value: str | None = None
    id: str | None = None

    @property
    def heard(self) -> bool:
        return bool(self.value)


Slots = Mapping[str, Slot]


@dataclass(frozen=True)
class Exercise:
    id: str
    intent: str
    family: str
    options: Callable[[Slots, Mapping], dict]  # (slots, saved preferences) -> options, defaults filled in
    clean: Callable[[object], dict | None]  # untrusted options -> safe options, or None
    timeline: Callable[[dict, pacing.Measure, int], list[pacing.Segment]]
    card: str  # template key of the app card text
    user_paced: bool = False  # any answer moves on (grounding), vs. "shall we go on?"
    budget: float = pacing.TURN_BUDGET_SECONDS
    reprompt: str = "common/next_reprompt"  # template key of the reprompt between user-paced steps
    # after the last step, exercises to offer next, best first: opts -> ((exercise id[, slot, value id]), ...)
    offer: Callable[[dict], tuple[tuple, ...]] | None = None
    # its options say how the person feels ("lonely"): session only, never kept in their profile
    private: bool = False
    closes: bool = False  # its last turn ends the session softly: no question, no reprompt
    # option sets `python -m skill lint` plans and renders (defaults only, if None)
    examples: Callable[[], Iterable[dict]] | None = None
    # how long a timed plan must last, in seconds (None: not timed); lint holds it to pacing.TOLERANCE
    target: Callable[[dict], float | None] | None = None

    @property
    def between_turns(self) -> str:
        """The template key of the question between two timed turns: at night, the one soft question
        that a silence answers (no reprompt follows it); otherwise the shortest "keep going?"."""
        return "common/go_on_night" if self.closes else "common/go_on"

    def turns(self, locale: str, opts: dict, variant: int) -> list[list[pacing.Segment]]:
        """The plan cut into turns; cached, since every turn of a session re-reads it."""
        frozen = tuple(sorted(opts.items()))
        return [list(turn) for turn in _plan(self.id, speech.supported_locale(locale), frozen, variant)]


@dataclass(frozen=True)
class TechniqueChoice:
    """Options for an exercise that is one of several named techniques (grounding, soothing...).

    A technique the person named that we do not have is noted, so the intro can say so kindly.
    """

    techniques: tuple[str, ...]
    default: str

    def options(self, slots: Slots, prefs: Mapping) -> dict:
        slot = slots.get("technique")
        if slot and slot.id in self.techniques:
            return {"technique": slot.id, "note": ""}
        return {"technique": self.default, "note": "unknown_technique" if slot and slot.heard else ""}

    def clean(self, raw: object) -> dict | None:
        if not isinstance(raw, dict) or raw.get("technique") not in self.techniques:
            return None
        return {"technique": raw["technique"], "note": "unknown_technique" if raw.get("note") == "unknown_technique" else ""}

    def examples(self):
        for technique in self.techniques:
            yield {"technique": technique, "note": ""}
        yield {"technique": self.default, "note": "unknown_technique"}


_REGISTRY: dict[str, Exercise] = {}
SPEECH_CHARS_RESERVED = 1000  # room in a response for what the runner adds around a turn


@functools.lru_cache(maxsize=512)
def _plan(exercise_id: str, locale: str, frozen_opts: tuple, variant: int) -> tuple:
    exercise = _REGISTRY[exercise_id]
    measure = memo(speech.measure_for(locale))
    # the question between turns ("would you like to keep going?") comes out of each turn's budget
    budget = exercise.budget if exercise.user_paced else exercise.budget - measure(exercise.between_turns, {})
    sizes: dict = {}

    def size(seg: pacing.Segment) -> int:
        frozen = (seg.key, _frozen(seg.data), seg.silence)
        if frozen not in sizes:
            sizes[frozen] = len(speech.segment(locale, seg))
        return sizes[frozen]

    with speech.recording():  # planning renders words to size them; nobody hears them yet
        turns = pacing.split_turns(exercise.timeline(dict(frozen_opts), measure, variant), measure, budget,
                                   size=size, max_chars=pacing.MAX_SPEECH_CHARS - SPEECH_CHARS_RESERVED)
        if exercise.closes and len(turns) > 2:
            # at night, one question at most: after the first turn the rest is one closing turn. It ends
            # the session and waits for no reply, so the 90 s of a turn that expects one does not bind it;
            # Alexa's 8000 characters do (an exercise too long for that keeps its turns)
            rest = [segment for turn in turns[1:] for segment in turn]
            if sum(size(s) for s in rest) <= pacing.MAX_SPEECH_CHARS - SPEECH_CHARS_RESERVED:
                turns = [turns[0], rest]
    return tuple(tuple(turn) for turn in turns)


def _frozen(data: Mapping) -> tuple:
    return tuple(sorted(data.items()))


def memo(measure: pacing.Measure) -> pacing.Measure:
    """One plan measures the same cue hundreds of times: remember each answer for the plan."""
    known: dict = {}

    def measured(key: str, data: Mapping) -> float:
        frozen = (key, _frozen(data))
        if frozen not in known:
            known[frozen] = measure(key, data)
        return known[frozen]

    return measured


def register(exercise: Exercise) -> Exercise:
    _REGISTRY[exercise.id] = exercise
    return exercise


def get(exercise_id: object) -> Exercise | None:
    return _REGISTRY.get(exercise_id) if isinstance(exercise_id, str) else None


def for_intent(intent_name: str) -> Exercise | None:
    return next((e for e in _REGISTRY.values() if e.intent == intent_name), None)


def all_exercises() -> list[Exercise]:
    return list(_REGISTRY.values())


_ISO_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def duration_minutes(value: str | None) -> float | None:
    """AMAZON.DURATION (ISO 8601, "PT5M") to minutes; None if absent or unparseable."""
    if not value:
        return None
    match = _ISO_DURATION.match(value.strip().upper())
    if not match or not any(match.groups()):
        spoken = _spoken_duration(value)  # "five minutes": what a simulator sends where a device sends PT5M
        return duration_minutes(spoken) if spoken else None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    # 400 nines parse to infinity, which nothing downstream can round: longer than any cap is enough
    return min(days * 1440 + hours * 60 + minutes + seconds / 60, LONGEST_MINUTES)


LONGEST_MINUTES = 1e6  # far past every exercise's own cap, still a number round() and int() accept


def whole_number(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        pass
    from .. import nlu  # "five", as spoken

    number = nlu.parse_number(nlu.tokens(str(value or ""))[:8])
    return int(number) if number is not None and number == int(number) else None


def _spoken_duration(value: str) -> str | None:
    from .. import nlu

    words = nlu.tokens(value)[:12]
    return nlu.parse_duration(words) if words and not value.strip().upper().startswith("P") else None
