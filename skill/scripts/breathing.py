"""Guided breathing: five techniques, timed by the pacing engine."""
from __future__ import annotations

import itertools
from typing import Mapping

from .. import pacing
from .catalogue import Exercise, Slots, duration_minutes, register, whole_number

# Someone who just says "help me breathe" may be panicking: no holds by default.
DEFAULT_TECHNIQUE = "extended_exhale"
DEFAULT_MINUTES = 2
MIN_MINUTES, MAX_MINUTES = pacing.MIN_MINUTES, pacing.MAX_MINUTES
MAX_ROUNDS = 40
NOTES = ("", "unknown_technique", "capped")


def _pace(value: object, technique: str) -> int:
    """A saved or stored pace level, made safe for this technique."""
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return pacing.clamp_pace(value, technique)


def _saved_minutes(prefs: Mapping) -> float:
    """The length they last asked for, if it is a safe one; else the default."""
    value = prefs.get("minutes")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not MIN_MINUTES <= value <= MAX_MINUTES:
        return DEFAULT_MINUTES
    return value


def options(slots: Slots, prefs: Mapping) -> dict:
    technique_slot = slots.get("technique")
    technique, note = DEFAULT_TECHNIQUE, ""
    if technique_slot and technique_slot.id in pacing.TECHNIQUES:
        technique = technique_slot.id
    elif technique_slot and technique_slot.heard:
        note = "unknown_technique"
    elif prefs.get("technique") in pacing.TECHNIQUES and not pacing.TECHNIQUES[prefs["technique"]].holds:
        # none named: their favourite (last chosen by name), unless it holds the breath. Whoever just
        # says "I'm panicking" or "help me breathe" gets no holds; a favourite with holds is one word away.
        technique = prefs["technique"]
    rounds = whole_number(slots["rounds"].value) if "rounds" in slots else None
    minutes = duration_minutes(slots["duration"].value) if "duration" in slots else None
    if rounds is not None:
        note = note or ("capped" if rounds > MAX_ROUNDS else "")
        rounds, minutes = max(1, min(MAX_ROUNDS, rounds)), None
    else:
        minutes = _saved_minutes(prefs) if minutes is None else minutes
        if minutes > MAX_MINUTES:
            note = note or "capped"
        minutes = max(MIN_MINUTES, min(MAX_MINUTES, round(minutes * 2) / 2))
    return {"technique": technique, "minutes": minutes, "rounds": rounds, "pace": _pace(prefs.get("pace"), technique),
            "count": prefs.get("count_aloud") is True, "note": note}


def clean(raw: object) -> dict | None:
    if not isinstance(raw, dict) or raw.get("technique") not in pacing.TECHNIQUES:
        return None
    technique = pacing.TECHNIQUES[raw["technique"]]
    minutes, rounds, pace = raw.get("minutes"), raw.get("rounds"), raw.get("pace", 0)
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, (int, float))
                                or not MIN_MINUTES <= minutes <= MAX_MINUTES):
        return None
    if rounds is not None and not (type(rounds) is int and 1 <= rounds <= MAX_ROUNDS):
        return None
    if (minutes is None) == (rounds is None) or type(pace) is not int or pace not in technique.pace_levels:
        return None
    note = raw.get("note", "")
    clean_opts = {
        "technique": technique.id,
        "minutes": minutes,
        "rounds": rounds,
        "pace": pace,
        "count": raw.get("count") is True,
        "note": note if note in NOTES else "",
    }
    if raw.get("quick") is True and not technique.holds:  # straight in, for panic: never with holds
        clean_opts["quick"] = True
    return clean_opts


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
        quick=opts.get("quick") is True,
    )


def target(opts: dict) -> float | None:
    return opts["minutes"] * 60.0 if opts.get("minutes") is not None else None


def examples():
    """What lint plans: every technique at every pace, counted or not, at a spread of lengths."""
    for technique in pacing.TECHNIQUES.values():
        for pace, count, minutes in itertools.product(technique.pace_levels, (False, True), (1, 1.5, 2, 3, 5, 10, 20)):
            yield {"technique": technique.id, "minutes": minutes, "rounds": None, "pace": pace, "count": count,
                   "note": "capped" if minutes == MAX_MINUTES else ""}
        for rounds in (1, 3, MAX_ROUNDS):
            yield {"technique": technique.id, "minutes": None, "rounds": rounds, "pace": 0, "count": False, "note": ""}
        yield {"technique": technique.id, "minutes": 1, "rounds": None, "pace": 0, "count": False,
               "note": "unknown_technique"}
        if not technique.holds:
            for minutes in (1, 2, 5):
                yield {"technique": technique.id, "minutes": minutes, "rounds": None, "pace": 0, "count": False,
                       "note": "", "quick": True}


BREATHING = register(
    Exercise(
        id="breathing",
        intent="BreathingIntent",
        family="breathing",
        options=options,
        clean=clean,
        timeline=timeline,
        card="breathing/card",
        examples=examples,
        target=target,
    )
)
