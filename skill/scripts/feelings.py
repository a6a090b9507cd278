"""Naming the feeling: name it together without judgement, notice it in the body, then offer
something that fits. The feeling's words live in the templates; what fits it lives here."""
from __future__ import annotations

from typing import Mapping

from .. import pacing
from .catalogue import Exercise, Slots, register

FEELINGS = (
    "anxious", "abandoned", "numb", "angry", "lonely", "ashamed", "sad",
    "overwhelmed", "jealous", "rejected", "scared", "empty", "hurt", "guilty", "worthless",
    "calm",  # "I feel good" deserves noticing too
)
UNKNOWN = "unknown"  # a feeling we have no words for yet: "a hard feeling"

# What tends to help with each feeling, in order of preference: (exercise id[, slot, value id]).
# The first one this build has is offered (skill/suggest.py).
SUGGESTIONS: dict[str, tuple[tuple, ...]] = {
    "anxious": (("breathing", "technique", "extended_exhale"), ("grounding",)),
    "scared": (("grounding",), ("breathing", "technique", "extended_exhale")),
    "overwhelmed": (("grounding",), ("breathing", "technique", "extended_exhale")),
    "numb": (("grounding",),),
    "angry": (("breathing", "technique", "sigh"), ("breathing", "technique", "extended_exhale")),
    "lonely": (("memory",), ("soothing", "technique", "heart")),
    "abandoned": (("reparenting", "technique", "words"), ("soothing", "technique", "heart")),
    "rejected": (("soothing", "technique", "heart"), ("reparenting", "technique", "words")),
    "ashamed": (("soothing", "technique", "heart"), ("reparenting", "technique", "words")),
    "sad": (("soothing", "technique", "heart"), ("memory",)),
    "jealous": (("reframing",), ("breathing", "technique", "extended_exhale")),
    "empty": (("soothing", "technique", "butterfly"), ("memory",)),
    "hurt": (("soothing", "technique", "heart"), ("reparenting", "technique", "words")),
    "guilty": (("reframing",), ("soothing", "technique", "heart")),
    "worthless": (("soothing", "technique", "heart"), ("reparenting", "technique", "words")),
    "calm": (("memory",), ("learning", "style", "secure")),
    UNKNOWN: (("grounding",), ("breathing", "technique", "extended_exhale")),
}

NAME_SECONDS = 3.0  # let the naming land
NOTICE_SECONDS = 10.0  # time to find it in the body before the question
MEANING_SECONDS = 6.0


def options(slots: Slots, prefs: Mapping) -> dict:
    slot = slots.get("feeling")
    return {"feeling": slot.id if slot and slot.id in FEELINGS else UNKNOWN}


def clean(raw: object) -> dict | None:
    if not isinstance(raw, dict) or raw.get("feeling") not in (*FEELINGS, UNKNOWN):
        return None
    return {"feeling": raw["feeling"]}


def timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    data = {"feeling": opts["feeling"], "variant": variant}
    return pacing.steps_timeline([
        pacing.Segment("feelings/intro", data, 0.5),
        pacing.Segment("feelings/name_it", data, NAME_SECONDS),
        pacing.Segment("feelings/notice", data, NOTICE_SECONDS),
        pacing.Segment("feelings/ask", data, 0.0, ask=True),
        pacing.Segment("feelings/meaning", data, MEANING_SECONDS),
        pacing.Segment("feelings/close", data, 0.5),
    ])


def offer(opts: dict) -> tuple[tuple, ...]:
    return SUGGESTIONS.get(opts.get("feeling"), SUGGESTIONS[UNKNOWN])


def examples():
    for feeling in (*FEELINGS, UNKNOWN):
        yield {"feeling": feeling}


FEELING = register(
    Exercise(
        id="feelings",
        intent="FeelingIntent",
        family="feelings",
        options=options,
        clean=clean,
        timeline=timeline,
        card="feelings/card",
        user_paced=True,
        reprompt="feelings/reprompt",
        offer=offer,
        examples=examples,
        private=True,
    )
)
