"""Two reflections, user-paced: a positive memory of feeling cared for, and a guide for couples
to repair and reconnect after a disagreement (open communication, reassurance, reconnecting)."""
from __future__ import annotations

from typing import Mapping

from .. import pacing
from .catalogue import Exercise, Slots, register

# (step, seconds of quiet before the question)
MEMORY_STEPS = (("choose", 10.0), ("place", 10.0), ("warmth", 10.0), ("body", 10.0))
REPAIR_STEPS = (("settle", 8.0), ("listen", 15.0), ("own", 12.0), ("reassure", 12.0), ("reconnect", 10.0))


def no_options(slots: Slots, prefs: Mapping) -> dict:
    return {}


def clean_none(raw: object) -> dict | None:
    return {} if raw == {} else None


def _steps(family: str, steps, variant: int) -> list[pacing.Segment]:
    common = {"variant": variant}
    timeline = [pacing.Segment(f"{family}/intro", common, 1.5)]
    for step, quiet in steps:
        timeline.append(pacing.Segment(f"{family}/step", {**common, "step": step}, quiet))
        timeline.append(pacing.Segment(f"{family}/ask", {**common, "step": step}, 0.0, ask=True))
    timeline.append(pacing.Segment(f"{family}/close", common, 0.0))
    return pacing.steps_timeline(timeline)


def memory_timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    return _steps("memory", MEMORY_STEPS, variant)


def repair_timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    return _steps("repair", REPAIR_STEPS, variant)


MEMORY = register(
    Exercise(
        id="memory",
        intent="MemoryIntent",
        family="memory",
        options=no_options,
        clean=clean_none,
        timeline=memory_timeline,
        card="memory/card",
        user_paced=True,
        reprompt="memory/reprompt",
    )
)

REPAIR = register(
    Exercise(
        id="repair",
        intent="RepairIntent",
        family="repair",
        options=no_options,
        clean=clean_none,
        timeline=repair_timeline,
        card="repair/card",
        user_paced=True,
        reprompt="repair/reprompt",
    )
)
