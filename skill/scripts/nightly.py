"""Nightly self-compassion: noticing, common humanity and kindness, then goodnight.

Short is three minutes, long is eight, each timed by the pacing engine: the
words stay, and the reflective silences grow or shrink together so the
practice lasts its length. It closes the session softly: the last turn ends
with goodnight, no question and no reprompt.
"""
from __future__ import annotations

from typing import Mapping

from .. import pacing
from .catalogue import Exercise, Slots, register

LENGTHS = {"short": 3, "long": 8}  # minutes
DEFAULT_LENGTH = "short"  # at bedtime, the gentler ask

# (template, step, silence, a turn may end after it). Silences marked by the boundary are stretched to fit.
SHORT = (
    ("nightly/arrive", "settle", 3.0, False),
    ("nightly/arrive", "breaths", 1.0, False),
    ("nightly/notice", "day", 14.0, True),
    ("nightly/notice", "feeling", 12.0, True),
    ("nightly/humanity", "others", 12.0, True),
    ("nightly/kindness", "phrases", 16.0, True),
    ("nightly/kindness", "let_go", 12.0, True),
)
LONG = (
    ("nightly/arrive", "settle", 3.0, False),
    ("nightly/arrive", "breaths", 1.0, False),
    ("nightly/arrive", "soften", 20.0, True),
    ("nightly/notice", "day", 20.0, True),
    ("nightly/notice", "feeling", 18.0, True),
    ("nightly/notice", "body", 18.0, True),
    ("nightly/humanity", "others", 18.0, True),
    ("nightly/humanity", "not_alone", 18.0, True),
    ("nightly/kindness", "hand", 15.0, True),
    ("nightly/kindness", "phrases", 22.0, True),
    ("nightly/kindness", "friend", 20.0, True),
    ("nightly/kindness", "effort", 20.0, True),
    ("nightly/kindness", "forgive", 20.0, True),
    ("nightly/kindness", "let_go", 20.0, True),
)
BREATHS = {"short": 2, "long": 4}


def options(slots: Slots, prefs: Mapping) -> dict:
    slot = slots.get("length")
    if slot and slot.id in LENGTHS:
        return {"length": slot.id}
    return {"length": DEFAULT_LENGTH}


def clean(raw: object) -> dict | None:
    if not isinstance(raw, dict) or raw.get("length") not in LENGTHS:
        return None
    return {"length": raw["length"]}


def timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    length = opts["length"]
    out = [pacing.Segment("nightly/intro", {"length": length, "variant": variant}, 2.0)]
    for key, step, silence, boundary in SHORT if length == "short" else LONG:
        out.append(pacing.Segment(key, {"step": step, "length": length, "variant": variant}, silence,
                                  boundary=boundary, stretch=boundary))
        if step == "breaths":
            out.extend(pacing.breaths("extended_exhale", BREATHS[length], measure))
    out.append(pacing.Segment("nightly/close", {"length": length, "variant": variant}, 0.0))
    return pacing.fit_to(out, measure, target(opts))


def target(opts: dict) -> float:
    return LENGTHS[opts["length"]] * 60.0


def examples():
    for length in LENGTHS:
        yield {"length": length}


NIGHTLY = register(
    Exercise(
        id="nightly",
        intent="SelfCompassionIntent",
        family="nightly",
        options=options,
        clean=clean,
        timeline=timeline,
        card="nightly/card",
        closes=True,
        examples=examples,
        target=target,
    )
)
