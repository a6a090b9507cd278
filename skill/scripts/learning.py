"""Learning about attachment: anxious, avoidant, disorganized and secure, each in under a minute,
plain and kind, ending with what tends to help. Never a diagnosis. With no style named: a short
overview, then each style in turn as the person says next (or they name the one they want)."""
from __future__ import annotations

from typing import Mapping

from .. import pacing
from .catalogue import Exercise, Slots, register

STYLES = ("anxious", "avoidant", "disorganized", "secure")
OVERVIEW = "overview"
TALK_SECONDS = 60.0  # every style's talk stays under this

# After hearing about one style, something that tends to help with it.
HELPS: dict[str, tuple[tuple, ...]] = {
    "anxious": (("soothing", "technique", "heart"), ("nightly",), ("breathing", "technique", "extended_exhale")),
    "avoidant": (("memory",), ("grounding",)),
    "disorganized": (("grounding",), ("breathing", "technique", "extended_exhale")),
    "secure": (("memory",), ("grounding",)),
}


def options(slots: Slots, prefs: Mapping) -> dict:
    slot = slots.get("style")
    return {"style": slot.id if slot and slot.id in STYLES else OVERVIEW}


def clean(raw: object) -> dict | None:
    if not isinstance(raw, dict) or raw.get("style") not in (*STYLES, OVERVIEW):
        return None
    return {"style": raw["style"]}


def timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    style = opts["style"]
    if style != OVERVIEW:
        return pacing.steps_timeline([
            pacing.Segment("learning/style", {"style": style, "variant": variant, "tour": False}, 1.0),
            pacing.Segment("learning/close", {"variant": variant, "tour": False}, 0.0),
        ])
    steps = [pacing.Segment("learning/overview", {"variant": variant}, 1.0),
             pacing.Segment("learning/ask", {"coming": STYLES[0], "first": True}, 0.0, ask=True)]
    for index, name in enumerate(STYLES):
        steps.append(pacing.Segment("learning/style", {"style": name, "variant": variant, "tour": True}, 1.0))
        if index + 1 < len(STYLES):
            steps.append(pacing.Segment("learning/ask", {"coming": STYLES[index + 1], "first": False}, 0.0, ask=True))
    steps.append(pacing.Segment("learning/close", {"variant": variant, "tour": True}, 0.0))
    return pacing.steps_timeline(steps)


def offer(opts: dict) -> tuple[tuple, ...]:
    return HELPS.get(opts.get("style"), ())


def examples():
    for style in (*STYLES, OVERVIEW):
        yield {"style": style}


LEARNING = register(
    Exercise(
        id="learning",
        intent="LearnIntent",
        family="learning",
        options=options,
        clean=clean,
        timeline=timeline,
        card="learning/card",
        user_paced=True,
        reprompt="learning/reprompt",
        offer=offer,
        examples=examples,
    )
)
