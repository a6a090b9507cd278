"""Grounding, one step a turn, at the person's pace: any answer or "next" moves on.

Three ways back to the here and now:
- senses: 5-4-3-2-1, five things you can see down to one you can taste;
- body: feet on the floor, the support under you, your hands, all of it at once;
- room: naming what you can see by colour, shape and texture (which ones depends
  on the variant, so the room game is not the same every night).
"""
from __future__ import annotations

from .. import pacing
from .catalogue import Exercise, TechniqueChoice, register

TECHNIQUES = ("senses", "body", "room")
DEFAULT_TECHNIQUE = "senses"
CHOICE = TechniqueChoice(TECHNIQUES, DEFAULT_TECHNIQUE)
SENSES = (("see", 5), ("touch", 4), ("hear", 3), ("smell", 2), ("taste", 1))
BODY_PARTS = ("feet", "support", "hands", "whole")
COLOURS = ("blue", "green", "red", "white", "yellow", "brown")
SHAPES = ("round", "square", "curved", "tiny")
TEXTURES = ("soft", "shiny", "rough")
NOTICE_SECONDS = 8.0  # time to look around, or feel, before the question comes


def room_choice(variant: int) -> dict:
    """The colour, shape and texture to look for, chosen by the session's variant."""
    return {"colour": COLOURS[variant % len(COLOURS)], "shape": SHAPES[variant % len(SHAPES)],
            "texture": TEXTURES[variant % len(TEXTURES)]}


def _steps(technique: str, variant: int) -> list[tuple[str, dict]]:
    if technique == "body":
        return [("grounding/body", {"part": part}) for part in BODY_PARTS]
    if technique == "room":
        choice = room_choice(variant)
        return [("grounding/room", {"look": "colour", "count": 3, **choice}),
                ("grounding/room", {"look": "shape", "count": 2, **choice}),
                ("grounding/room", {"look": "texture", "count": 1, **choice})]
    return [("grounding/notice", {"sense": sense, "count": count}) for sense, count in SENSES]


def timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    technique = opts["technique"]
    steps = [pacing.Segment("grounding/intro", {"variant": variant, "technique": technique,
                                                "note": opts.get("note", "")}, 1.0)]
    for index, (key, data) in enumerate(_steps(technique, variant)):
        steps.append(pacing.Segment(key, data, NOTICE_SECONDS))
        steps.append(pacing.Segment("grounding/ask", {"first": index == 0, "step": index, "technique": technique},
                                   0.0, ask=True))
    steps.append(pacing.Segment("grounding/close", {"variant": variant, "technique": technique}, 0.0))
    return pacing.steps_timeline(steps)


GROUNDING = register(
    Exercise(
        id="grounding",
        intent="GroundingIntent",
        family="grounding",
        options=CHOICE.options,
        clean=CHOICE.clean,
        timeline=timeline,
        card="grounding/card",
        user_paced=True,
        examples=CHOICE.examples,
    )
)
