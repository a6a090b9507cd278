"""The exercise catalogue: locale-neutral exercise data and how to plan it.

An exercise turns options (from slots, preferences or state) into a timeline of
template keys and silences; the pacing engine cuts that into turns; templates
under scripts/<locale>/ supply the words.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Mapping

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

    def turns(self, locale: str, opts: dict, variant: int) -> list[list[pacing.Segment]]:
        """The plan cut into turns; cached, since every turn of a session re-reads it."""
        frozen = tuple(sorted(opts.items()))
        return [list(turn) for turn in _plan(self.id, speech.supported_locale(locale), frozen, variant)]


_REGISTRY: dict[str, Exercise] = {}


@functools.lru_cache(maxsize=512)
def _plan(exercise_id: str, locale: str, frozen_opts: tuple, variant: int) -> tuple:
    exercise = _REGISTRY[exercise_id]
    measure = speech.measure_for(locale)
    turns = pacing.split_turns(exercise.timeline(dict(frozen_opts), measure, variant), measure, exercise.budget)
    return tuple(tuple(turn) for turn in turns)


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
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return days * 1440 + hours * 60 + minutes + seconds / 60


def whole_number(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
