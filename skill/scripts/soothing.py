"""Self-soothing: guided, gently timed practices with room to breathe between steps.

- heart: a hand on the heart (or anywhere comforting), warmth, kind words;
- butterfly: the butterfly hug, slow alternating taps, with a calm rhythm to start;
- safe_place: imagining a place of safety and ease, sense by sense;
- mantra: two short kind phrases, carried on the out-breath.

Every practice offers the eyes-open way, and says how to stop or come back to the room.
"""
from __future__ import annotations

from .. import pacing
from .catalogue import Exercise, TechniqueChoice, register

TECHNIQUES = ("heart", "butterfly", "safe_place", "mantra")
DEFAULT_TECHNIQUE = "heart"
CHOICE = TechniqueChoice(TECHNIQUES, DEFAULT_TECHNIQUE)
MANTRAS = ("here", "wave", "gentle", "allowed", "held", "worthy")
TAPS = 4  # pairs of "left... right..." before the person taps on their own
TAP_SECONDS = 1.2  # one slow tap, about a calm heartbeat's pace (50 a minute)

# (step, silence after it, a turn may end after it). Silences are the time to do or feel the step.
STEPS: dict[str, tuple[tuple[str, float, bool], ...]] = {
    "heart": (
        ("place", 6.0, False),
        ("warmth", 10.0, True),
        ("breathe", 2.0, False),
        ("words", 12.0, True),
        ("kindness", 12.0, True),
        ("notice", 8.0, True),
    ),
    "butterfly": (
        ("cross", 5.0, False),
        ("begin", 1.0, False),
        ("taps", 0.0, False),
        ("continue", 20.0, True),
        ("notice", 10.0, True),
        ("again", 20.0, True),
        ("still", 6.0, True),
    ),
    "safe_place": (
        ("choose", 10.0, True),
        ("see", 10.0, True),
        ("hear", 10.0, True),
        ("feel", 10.0, True),
        ("company", 10.0, True),
        ("rest", 15.0, True),
        ("anchor", 8.0, True),
        ("return", 5.0, True),
    ),
    "mantra": (
        ("explain", 3.0, False),
        ("first", 4.0, False),
        ("repeat", 8.0, True),
        ("repeat", 8.0, True),
        ("repeat", 8.0, True),
        ("settle", 8.0, True),
        ("second", 4.0, False),
        ("repeat", 8.0, True),
        ("repeat", 8.0, True),
        ("repeat", 8.0, True),
        ("own", 15.0, True),
    ),
}
HEART_BREATHS = 3


def mantras(variant: int) -> tuple[str, str]:
    """Two different phrases for this session, chosen by its variant."""
    return MANTRAS[variant % len(MANTRAS)], MANTRAS[(variant + 1) % len(MANTRAS)]


def timeline(opts: dict, measure: pacing.Measure, variant: int) -> list[pacing.Segment]:
    technique = opts["technique"]
    key = f"soothing/{technique}"
    first, second = mantras(variant)
    phrase = first
    out = [pacing.Segment("soothing/intro", {"technique": technique, "variant": variant, "note": opts["note"]}, 1.5)]
    for step, silence, boundary in STEPS[technique]:
        if step == "second":
            phrase = second
        data = {"step": step, "variant": variant, "phrase": phrase}
        if step == "taps":
            for _ in range(TAPS):
                for side in ("left", "right"):
                    out.append(pacing.Segment("soothing/tap", {"side": side}).with_silence(
                        TAP_SECONDS - measure("soothing/tap", {"side": side})))
            continue
        out.append(pacing.Segment(key, data, silence, boundary=boundary))
        if step == "breathe":
            out.extend(pacing.breaths("extended_exhale", HEART_BREATHS, measure))
    out.append(pacing.Segment("soothing/close", {"technique": technique, "variant": variant}, 0.0))
    return out


SOOTHING = register(
    Exercise(
        id="soothing",
        intent="SoothingIntent",
        family="soothing",
        options=CHOICE.options,
        clean=CHOICE.clean,
        timeline=timeline,
        card="soothing/card",
        examples=CHOICE.examples,
    )
)
