"""The pacing engine: exercise data in, a timeline of speech and silence out.

Pure by design: nothing here knows about Alexa, templates or locales. Spoken
length comes from a ``measure(key, data) -> seconds`` callable the caller
supplies (the speech module renders the words and counts them), so the same
plan can be inspected, tested and timed without a device.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

WORDS_PER_MINUTE = 150
MAX_BREAK_SECONDS = 10.0
TURN_BUDGET_SECONDS = 90.0
PACE_STEP = 0.15
PACE_LEVELS = range(-2, 4)  # faster by up to ~30%, slower by up to ~52%

Measure = Callable[[str, Mapping], float]


@dataclass(frozen=True)
class Segment:
    """One thing said (a template key and its data) followed by silence."""

    key: str
    data: Mapping = field(default_factory=dict)
    silence: float = 0.0
    boundary: bool = False  # a turn may end after this (the end of a breath)
    ask: bool = False  # this segment asks the person something: the turn ends here

    def with_silence(self, seconds: float) -> "Segment":
        return Segment(self.key, self.data, round(max(0.0, seconds), 2), self.boundary, self.ask)


@dataclass(frozen=True)
class Phase:
    cue: str  # "in", "top_up", "hold", "hold_empty", "out"
    seconds: float


@dataclass(frozen=True)
class Technique:
    id: str
    phases: tuple[Phase, ...]
    holds: bool

    @property
    def cycle_seconds(self) -> float:
        return sum(p.seconds for p in self.phases)


TECHNIQUES: dict[str, Technique] = {
    t.id: t
    for t in (
        Technique("box", (Phase("in", 4), Phase("hold", 4), Phase("out", 4), Phase("hold_empty", 4)), True),
        Technique("four_seven_eight", (Phase("in", 4), Phase("hold", 7), Phase("out", 8)), True),
        # about 5.5 breaths a minute
        Technique("coherent", (Phase("in", 5.5), Phase("out", 5.5)), False),
        Technique("sigh", (Phase("in", 3), Phase("top_up", 1.5), Phase("out", 6.5)), False),
        Technique("extended_exhale", (Phase("in", 4), Phase("out", 6)), False),
    )
}


def pace_factor(level: int) -> float:
    """Positive levels are slower (longer counts), negative faster."""
    level = clamp_pace(level)
    return round((1 + PACE_STEP) ** level, 4) if level >= 0 else round((1 - PACE_STEP) ** -level, 4)


def clamp_pace(level: int) -> int:
    return max(min(PACE_LEVELS), min(max(PACE_LEVELS), int(level)))


def speech_seconds(text: str) -> float:
    """Estimated time to say plain text aloud."""
    words = len(text.split())
    return words * 60.0 / WORDS_PER_MINUTE


def segment_seconds(segment: Segment, measure: Measure) -> float:
    return measure(segment.key, segment.data) + segment.silence


def total_seconds(timeline: Iterable[Segment], measure: Measure) -> float:
    return sum(segment_seconds(s, measure) for s in timeline)


def _fit(segment: Segment, target: float, measure: Measure, floor: float = 0.0) -> Segment:
    """Give a segment the silence that makes it last ``target`` seconds."""
    return segment.with_silence(max(floor, target - measure(segment.key, segment.data)))


def breath_cycle(technique: Technique, factor: float, count_aloud: bool, measure: Measure) -> list[Segment]:
    """One whole breath. Counting aloud is a property of the cycle, not a different script."""
    segments: list[Segment] = []
    for phase in technique.phases:
        seconds = phase.seconds * factor
        beats = max(1, round(seconds)) if count_aloud else 1
        beat = seconds / beats
        segments.append(_fit(Segment("breathing/cue", {"cue": phase.cue}), beat, measure))
        for n in range(2, beats + 1):
            segments.append(_fit(Segment("breathing/count", {"n": n}), beat, measure))
    last = segments[-1]
    segments[-1] = Segment(last.key, last.data, last.silence, boundary=True)
    return segments


def breathing_timeline(
    technique_id: str,
    measure: Measure,
    *,
    minutes: float | None = None,
    rounds: int | None = None,
    pace: int = 0,
    count_aloud: bool = False,
    variant: int = 0,
    note: str = "",
) -> list[Segment]:
    """Intro, a settling pause, whole breaths, a rest, a close.

    With ``minutes`` the number of breaths is the most that fits; what is left
    over is shared between the settling pause and the rest, so the session
    lasts the time asked for and still ends on a whole breath.
    """
    technique = TECHNIQUES[technique_id]
    factor = pace_factor(pace)
    cycle = breath_cycle(technique, factor, count_aloud, measure)
    cycle_len = total_seconds(cycle, measure)
    common = {"technique": technique_id, "variant": variant, "holds": technique.holds, "count_aloud": count_aloud}
    intro = Segment("breathing/intro", {**common, "minutes": minutes or 0, "rounds": rounds or 0, "note": note}, 1.5)
    settle = Segment("breathing/settle", common, 2.0)
    rest = Segment("breathing/rest", common, 2.0)
    close = Segment("breathing/close", common, 0.0)
    fixed = total_seconds((intro, settle, rest, close), measure)
    if rounds is None:
        target = (minutes or 2) * 60.0
        rounds = max(1, int((target - fixed) // cycle_len))
        spare = max(0.0, target - fixed - rounds * cycle_len)
        settle = settle.with_silence(settle.silence + spare / 2)
        rest = rest.with_silence(rest.silence + spare / 2)
    body = [seg for _ in range(rounds) for seg in cycle]
    return [intro, settle, *body, rest, close]


def steps_timeline(steps: Sequence[Segment]) -> list[Segment]:
    """A user-paced exercise is already a timeline: each asking step ends a turn."""
    return list(steps)


def split_turns(timeline: Sequence[Segment], measure: Measure, budget: float = TURN_BUDGET_SECONDS) -> list[list[Segment]]:
    """Cut a timeline into turns of at most ``budget`` seconds.

    A turn ends after any segment that asks something, and otherwise only at a
    boundary (after a whole breath), as late as the budget allows.
    """
    turns: list[list[Segment]] = []
    current: list[Segment] = []
    elapsed = 0.0
    last_cut = 0  # index in current just after the latest boundary
    for segment in timeline:
        length = segment_seconds(segment, measure)
        if current and elapsed + length > budget and last_cut:
            turns.append(current[:last_cut])
            current = current[last_cut:]
            elapsed = total_seconds(current, measure)
            last_cut = 0
        current.append(segment)
        elapsed += length
        if segment.boundary:
            last_cut = len(current)
        if segment.ask:
            turns.append(current)
            current, elapsed, last_cut = [], 0.0, 0
    if current:
        turns.append(current)
    return turns
