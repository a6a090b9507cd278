"""Grounding: 5-4-3-2-1 through the senses, one sense a turn, at the person's pace."""
from __future__ import annotations

from typing import Mapping

from .. import pacing
from .catalogue import Exercise, Slots, register

TECHNIQUES = ("senses",)
DEFAULT_TECHNIQUE = "senses"
SENSES = (("see", 5), ("touch", 4), ("hear", 3), ("smell", 2), ("taste", 1))
NOTICE_SECONDS = 8.0  # time to look around before the question comes


def options(slots: Slots, prefs: Mapping) -> dict:
    slot = slots.get("technique")
    technique = slot.id if slot and slot.id in TECHNIQUES else DEFAULT_TECHNIQUE
    return {"technique": technique}


def clean(raw: object) -> dict | None:
    if not isinstance(raw, dict) or raw.get("technique") not in TECHNIQUES:
        return None
    return {"technique": raw["technique"]}


def timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    steps = [pacing.Segment("grounding/intro", {"variant": variant}, 1.0)]
    for index, (sense, count) in enumerate(SENSES):
        data = {"sense": sense, "count": count, "first": index == 0}
        steps.append(pacing.Segment("grounding/notice", data, NOTICE_SECONDS))
        steps.append(pacing.Segment("grounding/ask", data, 0.0, ask=True))
    steps.append(pacing.Segment("grounding/close", {"variant": variant}, 0.0))
    return pacing.steps_timeline(steps)


GROUNDING = register(
    Exercise(
        id="grounding",
        intent="GroundingIntent",
        family="grounding",
        options=options,
        clean=clean,
        timeline=timeline,
        card="grounding/card",
        user_paced=True,
    )
)
