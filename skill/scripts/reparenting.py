"""Reparenting, the inner child: meeting your younger self, the words you needed to hear then,
and prompts for a letter to your younger self. User-paced: each step leaves quiet to reflect,
then the person answers (aloud or in their own mind) or says next. Nothing they say is kept."""
from __future__ import annotations

from .. import pacing
from .catalogue import Exercise, TechniqueChoice, register

# The gentlest on its own: hearing kind words asks for no picture and no memory.
DEFAULT_TECHNIQUE = "words"

# Each step: (step name, seconds of quiet after it, before the question).
STEPS: dict[str, tuple[tuple[str, float], ...]] = {
    "meet": (("arrive", 8.0), ("see", 12.0), ("approach", 12.0), ("give", 12.0)),
    "words": (("safe", 6.0), ("worth", 6.0), ("feelings", 6.0), ("choose", 10.0)),
    # writing takes time: a long quiet before each "say next"
    "letter": (("begin", 20.0), ("see", 25.0), ("not_your_fault", 25.0), ("wish", 25.0), ("promise", 25.0)),
}
TECHNIQUES = tuple(STEPS)
CHOICE = TechniqueChoice(TECHNIQUES, DEFAULT_TECHNIQUE)


def timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    technique = opts["technique"]
    common = {"technique": technique, "variant": variant}
    steps = [pacing.Segment("reparenting/intro", {**common, "note": opts["note"]}, 1.5)]
    for step, quiet in STEPS[technique]:
        steps.append(pacing.Segment("reparenting/step", {**common, "step": step}, quiet))
        steps.append(pacing.Segment("reparenting/ask", {**common, "step": step}, 0.0, ask=True))
    steps.append(pacing.Segment("reparenting/close", common, 0.0))
    return pacing.steps_timeline(steps)


REPARENTING = register(
    Exercise(
        id="reparenting",
        intent="ReparentingIntent",
        family="reparenting",
        options=CHOICE.options,
        clean=CHOICE.clean,
        timeline=timeline,
        card="reparenting/card",
        user_paced=True,
        reprompt="reparenting/reprompt",
        examples=CHOICE.examples,
    )
)
