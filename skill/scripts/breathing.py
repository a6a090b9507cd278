"""Guided breathing: five techniques, timed by the pacing engine."""
from __future__ import annotations

from typing import Mapping

from .. import pacing
from .catalogue import Exercise, Slots, duration_minutes, register, whole_number

# Someone who just says "help me breathe" may be panicking: no holds by default.
DEFAULT_TECHNIQUE = "extended_exhale"
DEFAULT_MINUTES = 2
MIN_MINUTES, MAX_MINUTES = 1, 20
MAX_ROUNDS = 40


def options(slots: Slots, prefs: Mapping) -> dict:
    technique_slot = slots.get("technique")
    technique, note = DEFAULT_TECHNIQUE, ""
    if technique_slot and technique_slot.id in pacing.TECHNIQUES:
        technique = technique_slot.id
    elif technique_slot and technique_slot.heard:
        note = "unknown_technique"
    rounds = whole_number(slots["rounds"].value) if "rounds" in slots else None
    minutes = duration_minutes(slots["duration"].value) if "duration" in slots else None
    if rounds is not None:
        note = note or ("capped" if rounds > MAX_ROUNDS else "")
        rounds, minutes = max(1, min(MAX_ROUNDS, rounds)), None
    else:
        minutes = DEFAULT_MINUTES if minutes is None else minutes
        if minutes > MAX_MINUTES:
            note = note or "capped"
        minutes = max(MIN_MINUTES, min(MAX_MINUTES, round(minutes * 2) / 2))
    return {"technique": technique, "minutes": minutes, "rounds": rounds, "pace": 0, "count": False, "note": note}


def clean(raw: object) -> dict | None:
    if not isinstance(raw, dict) or raw.get("technique") not in pacing.TECHNIQUES:
        return None
    minutes, rounds, pace = raw.get("minutes"), raw.get("rounds"), raw.get("pace", 0)
    if minutes is not None and not (isinstance(minutes, (int, float)) and MIN_MINUTES <= minutes <= MAX_MINUTES):
        return None
    if rounds is not None and not (type(rounds) is int and 1 <= rounds <= MAX_ROUNDS):
        return None
    if (minutes is None) == (rounds is None) or type(pace) is not int or pace not in pacing.PACE_LEVELS:
        return None
    note = raw.get("note", "")
    return {
        "technique": raw["technique"],
        "minutes": minutes,
        "rounds": rounds,
        "pace": pace,
        "count": raw.get("count") is True,
        "note": note if note in ("", "unknown_technique", "capped") else "",
    }


def timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    return pacing.breathing_timeline(
        opts["technique"],
        measure,
        minutes=opts["minutes"],
        rounds=opts["rounds"],
        pace=opts["pace"],
        count_aloud=opts["count"],
        variant=variant,
        note=opts["note"],
    )


BREATHING = register(
    Exercise(
        id="breathing",
        intent="BreathingIntent",
        family="breathing",
        options=options,
        clean=clean,
        timeline=timeline,
        card="breathing/card",
    )
)
