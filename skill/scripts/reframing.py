"""Reframing an unhelpful thought (CBT): what supports it, what else could explain it, what you
would say to a friend, and a balanced statement.

The thought itself is never part of the options: options live in session state, plans are
cached, and the persistence layer may keep an unfinished exercise. It is reflected back once,
on the first turn, by skill/handlers/conversation.py, and afterwards called "that thought".
Only whether the person said it aloud ("spoken") is kept, so the words can fit.
"""
from __future__ import annotations

from typing import Mapping

from .. import pacing
from .catalogue import Exercise, Slots, register

# (step, seconds of quiet to think before the question)
STEPS = (("evidence", 10.0), ("other", 10.0), ("friend", 10.0), ("balanced", 12.0))


def options(slots: Slots, prefs: Mapping) -> dict:
    slot = slots.get("thought")
    return {"spoken": bool(slot and slot.heard and slot.value.strip())}


def clean(raw: object) -> dict | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("spoken"), bool) or set(raw) != {"spoken"}:
        return None
    return {"spoken": raw["spoken"]}


def timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    common = {"spoken": opts["spoken"], "variant": variant}
    steps = [pacing.Segment("reframing/intro", common, 1.0)]
    for step, quiet in STEPS:
        steps.append(pacing.Segment("reframing/step", {**common, "step": step}, quiet))
        steps.append(pacing.Segment("reframing/ask", {**common, "step": step}, 0.0, ask=True))
    steps.append(pacing.Segment("reframing/close", common, 0.0))
    return pacing.steps_timeline(steps)


def examples():
    yield {"spoken": True}
    yield {"spoken": False}


REFRAMING = register(
    Exercise(
        id="reframing",
        intent="ReframeIntent",
        family="reframing",
        options=options,
        clean=clean,
        timeline=timeline,
        card="reframing/card",
        user_paced=True,
        reprompt="reframing/reprompt",
        examples=examples,
    )
)
