"""The pacing engine: exercise data in, a timeline of speech and silence out.

Pure by design: nothing here knows about Alexa, templates or locales. Spoken
length comes from a ``measure(key, data) -> seconds`` callable the caller
supplies (the speech module renders the words and counts them at
WORDS_PER_MINUTE), so the same plan can be inspected, tested and timed
without a device.

A timeline is a list of Segments: something said, then a silence. A turn is
the part of the timeline one Alexa response speaks; between turns the skill
asks whether to go on. Turns are cut only where a segment allows it (after a
whole breath, after a step) and never after more than the turn budget.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

WORDS_PER_MINUTE = 150  # the one speaking rate every estimate uses
MAX_BREAK_SECONDS = 10.0  # Alexa's longest <break>; longer silences are chained
MAX_SPEECH_CHARS = 8000  # Alexa's limit on outputSpeech
TURN_BUDGET_SECONDS = 90.0  # spoken + silent time in a turn that expects a reply
TOLERANCE = 0.03  # a session of N minutes lasts N minutes, give or take 3%
MIN_MINUTES, MAX_MINUTES = 1, 20
PACE_STEP = 0.15  # "slower" / "faster" scale the counts by 15% a step
PACE_LEVELS = range(-2, 4)  # every level any technique allows; each technique narrows it

Measure = Callable[[str, Mapping], float]
Size = Callable[["Segment"], int]


@dataclass(frozen=True)
class Segment:
    """One thing said (a template key and its data) followed by silence."""

    key: str
    data: Mapping = field(default_factory=dict)
    silence: float = 0.0
    boundary: bool = False  # a turn may end after this (the end of a breath, of a step)
    ask: bool = False  # this segment asks the person something: the turn ends here
    stretch: bool = False  # this silence may grow or shrink so a session fits its length
    # the time this segment is meant to take, words and silence, when it was fitted to a beat: the
    # audio renderer keeps it even when the real words turn out longer than the estimate
    slot: float | None = None

    def with_silence(self, seconds: float) -> "Segment":
        return dataclasses.replace(self, silence=round(max(0.0, seconds), 3))

    def but(self, **changes) -> "Segment":
        return dataclasses.replace(self, **changes)


HOLDS = ("hold", "hold_empty")


@dataclass(frozen=True)
class Phase:
    cue: str  # "in", "top_up", "hold", "out", "hold_empty"
    seconds: float
    counts: int  # how many counts are said when counting aloud (the technique's own numbers)


@dataclass(frozen=True)
class Technique:
    id: str
    phases: tuple[Phase, ...]
    slowest: int = 2  # safe bounds for pace levels: long holds are not stretched far
    fastest: int = -2

    @property
    def holds(self) -> bool:
        return any(p.cue in HOLDS for p in self.phases)

    @property
    def cycle_seconds(self) -> float:
        return sum(p.seconds for p in self.phases)

    @property
    def pace_levels(self) -> range:
        return range(self.fastest, self.slowest + 1)

    def clamp(self, level: int) -> int:
        return max(self.fastest, min(self.slowest, int(level)))


TECHNIQUES: dict[str, Technique] = {
    t.id: t
    for t in (
        Technique("box", (Phase("in", 4, 4), Phase("hold", 4, 4), Phase("out", 4, 4), Phase("hold_empty", 4, 4))),
        Technique("four_seven_eight", (Phase("in", 4, 4), Phase("hold", 7, 7), Phase("out", 8, 8)), slowest=1),
        # about 5.5 breaths a minute: 60 / 5.5 = 10.9 s a breath
        Technique("coherent", (Phase("in", 5.45, 5), Phase("out", 5.45, 5))),
        # two breaths in through the nose, the second a small top-up, then a long breath out
        Technique("sigh", (Phase("in", 2.5, 2), Phase("top_up", 1.5, 1), Phase("out", 6.5, 6))),
        # the gentle default: no holds, the breath out longer than the breath in
        Technique("extended_exhale", (Phase("in", 4, 4), Phase("out", 6, 6)), slowest=3),
    )
}


def pace_factor(level: int) -> float:
    """Positive levels are slower (longer counts), negative faster."""
    level = clamp_pace(level)
    return round((1 + PACE_STEP) ** level, 4) if level >= 0 else round((1 - PACE_STEP) ** -level, 4)


def clamp_pace(level: int, technique_id: str | None = None) -> int:
    if technique_id in TECHNIQUES:
        return TECHNIQUES[technique_id].clamp(level)
    return max(min(PACE_LEVELS), min(max(PACE_LEVELS), int(level)))


def speech_seconds(text: str) -> float:
    """Estimated time to say plain text aloud."""
    return len(text.split()) * 60.0 / WORDS_PER_MINUTE


def segment_seconds(segment: Segment, measure: Measure) -> float:
    return measure(segment.key, segment.data) + segment.silence


def total_seconds(timeline: Iterable[Segment], measure: Measure) -> float:
    return sum(segment_seconds(s, measure) for s in timeline)


def within_tolerance(seconds: float, target: float, tolerance: float = TOLERANCE) -> bool:
    return abs(seconds - target) <= target * tolerance


def _fit(segment: Segment, target: float, measure: Measure) -> Segment:
    """Give a segment the silence that makes it last ``target`` seconds (never less than its words)."""
    return segment.but(slot=target).with_silence(target - measure(segment.key, segment.data))


# -- breathing -------------------------------------------------------------------------------

def breath_cycle(technique: Technique, factor: float, count_aloud: bool, measure: Measure,
                 *, first: bool = False) -> list[Segment]:
    """One whole breath, ending on a boundary.

    Counting aloud is a property of the cycle, not a different script: the
    same cue starts each phase, and when counting aloud the phase's remaining
    counts follow it ("breathe in, 2, 3, 4"), each count one beat long.
    """
    segments: list[Segment] = []
    for phase in technique.phases:
        seconds = phase.seconds * factor
        beats = phase.counts if count_aloud else 1
        beat = seconds / beats
        segments.append(_fit(Segment("breathing/cue", {"cue": phase.cue, "first": first}), beat, measure))
        for n in range(2, beats + 1):
            segments.append(_fit(Segment("breathing/count", {"n": n}), beat, measure))
    segments[-1] = segments[-1].but(boundary=True)
    return segments


def breaths(technique_id: str, count: int, measure: Measure, *, pace: int = 0, count_aloud: bool = False) -> list[Segment]:
    """A few whole breaths of a technique, for exercises that breathe along the way."""
    technique = TECHNIQUES[technique_id]
    factor = pace_factor(technique.clamp(pace))
    out: list[Segment] = []
    for i in range(count):
        out.extend(breath_cycle(technique, factor, count_aloud, measure, first=i == 0))
    return out


SETTLE_SILENCE, REST_SILENCE, INTRO_SILENCE = 2.0, 3.0, 1.5
BRIEF_SILENCE, BRIEF_REST_SILENCE = 1.0, 2.0  # a brief session starts and closes a little sooner
QUICK_SILENCE = 0.5  # someone panicking: the first breath follows the first words almost at once
MAX_EXTRA_SETTLE = 3.0  # of the time left over, at most this goes before the first breath
MIN_BREATHING_SHARE = 0.5  # below this share of the session spent breathing, introduce it briefly


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
    quick: bool = False,
) -> list[Segment]:
    """Intro, a settling pause, whole breaths, a resting pause, a close.

    ``quick`` (someone panicking): a few words, then the first breath at once; nothing is added
    before it, and the time left over rests after the last breath.

    With ``minutes`` the number of breaths is the most that fits; what is left
    over (less than one breath) goes mostly into the resting pause after the
    last breath, so the session lasts the time asked for and still ends on a
    whole breath. When the full introduction would crowd out the breathing
    (a one-minute session), a brief introduction and close are used instead.
    """
    technique = TECHNIQUES[technique_id]
    level = technique.clamp(pace)
    factor = pace_factor(level)
    first = breath_cycle(technique, factor, count_aloud, measure, first=True)
    cycle = breath_cycle(technique, factor, count_aloud, measure)
    first_len, cycle_len = total_seconds(first, measure), total_seconds(cycle, measure)

    def frame(brief: bool) -> tuple[Segment, Segment, Segment, Segment]:
        common = {"technique": technique_id, "variant": variant, "holds": technique.holds,
                  "count_aloud": count_aloud, "brief": brief}
        intro = (Segment("breathing/quick", {**common}, QUICK_SILENCE) if quick else
                 Segment("breathing/intro", {**common, "minutes": minutes or 0, "rounds": rounds or 0, "note": note,
                                             "pace": level}, INTRO_SILENCE))
        return (
            intro,
            Segment("breathing/settle", common, BRIEF_SILENCE if brief else SETTLE_SILENCE),
            Segment("breathing/rest", common, BRIEF_REST_SILENCE if brief else REST_SILENCE, stretch=True),
            Segment("breathing/close", common, 0.0),
        )

    if rounds is not None:
        intro, settle, rest, close = frame(False)
        count = max(1, rounds)
    else:
        target = (minutes if minutes is not None else 2) * 60.0
        options = []
        for brief in ((True,) if quick else (False, True)):
            parts = frame(brief)
            fixed = total_seconds(parts, measure) + first_len - cycle_len
            options.append((int((target - fixed) // cycle_len), parts, fixed))
        count, (intro, settle, rest, close), fixed = options[0]
        if count * cycle_len < target * MIN_BREATHING_SHARE:  # the words would crowd out the breathing
            count, (intro, settle, rest, close), fixed = max(options, key=lambda o: o[0])
        count = max(1, count)
        spare = max(0.0, target - fixed - count * cycle_len)
        extra_settle = 0.0 if quick else min(MAX_EXTRA_SETTLE, spare * 0.2)
        settle = settle.with_silence(settle.silence + extra_settle)
        rest = rest.with_silence(rest.silence + spare - extra_settle)
    body = first + [seg for _ in range(count - 1) for seg in cycle]
    return [intro, settle, *body, rest, close]


# -- guided scripts ---------------------------------------------------------------------------

def fit_to(timeline: Sequence[Segment], measure: Measure, target: float) -> list[Segment]:
    """Scale the stretchable silences so the whole timeline lasts ``target`` seconds.

    Used by guided scripts with a set length (nightly self-compassion): the
    words stay, the reflective pauses grow or shrink together.
    """
    flexible = sum(s.silence for s in timeline if s.stretch)
    fixed = total_seconds(timeline, measure) - flexible
    if flexible <= 0 or target <= fixed:
        return list(timeline)
    scale = (target - fixed) / flexible
    return [s.with_silence(s.silence * scale) if s.stretch else s for s in timeline]


def steps_timeline(steps: Sequence[Segment]) -> list[Segment]:
    """A user-paced exercise is already a timeline: each asking step ends a turn."""
    return list(steps)


# -- turns ------------------------------------------------------------------------------------

def _atoms(chunk: Sequence[Segment]) -> list[list[Segment]]:
    """Pieces no turn break may split: everything up to and including a boundary.

    Whatever follows the last boundary (a rest and a close) stays with the
    piece before it, so no turn begins with an ending.
    """
    atoms: list[list[Segment]] = []
    current: list[Segment] = []
    for segment in chunk:
        current.append(segment)
        if segment.boundary:
            atoms.append(current)
            current = []
    if current:
        if atoms:
            atoms[-1].extend(current)
        else:
            atoms.append(current)
    return atoms


def _pack(atoms: list[list[Segment]], lengths: list[float], sizes: list[int], limit: float,
          max_chars: int) -> list[list[Segment]]:
    turns: list[list[Segment]] = []
    current: list[Segment] = []
    elapsed, chars = 0.0, 0
    for atom, length, size in zip(atoms, lengths, sizes):
        if current and (elapsed + length > limit + 1e-9 or chars + size > max_chars):
            turns.append(current)
            current, elapsed, chars = [], 0.0, 0
        current.extend(atom)
        elapsed += length
        chars += size
    if current:
        turns.append(current)
    return turns


def _split_chunk(chunk: Sequence[Segment], measure: Measure, budget: float, size: Size | None,
                 max_chars: int) -> list[list[Segment]]:
    atoms = _atoms(chunk)
    lengths = [total_seconds(a, measure) for a in atoms]
    sizes = [sum(size(s) for s in a) if size else 0 for a in atoms]
    fewest = len(_pack(atoms, lengths, sizes, budget, max_chars))
    if fewest <= 1:
        return _pack(atoms, lengths, sizes, budget, max_chars)
    # as few turns as the budget allows, as even in length as the breaths allow: cut nearest to
    # equal shares when that keeps every turn within the limits, else fill turns to an even limit
    even = _even_cuts(atoms, lengths, sizes, fewest, budget, max_chars)
    if even:
        return even
    low, high = max(max(lengths), sum(lengths) / fewest), budget
    if low >= high:
        return _pack(atoms, lengths, sizes, budget, max_chars)
    for _ in range(40):
        middle = (low + high) / 2
        if len(_pack(atoms, lengths, sizes, middle, max_chars)) <= fewest:
            high = middle
        else:
            low = middle
    return _pack(atoms, lengths, sizes, high, max_chars)


def _even_cuts(atoms, lengths, sizes, count: int, budget: float, max_chars: int) -> list[list[Segment]] | None:
    ends, elapsed = [], 0.0
    for length in lengths:
        elapsed += length
        ends.append(elapsed)
    cuts, start = [], 0
    for share in range(1, count):
        goal = elapsed * share / count
        if start >= len(atoms) - 1:
            return None
        cut = min(range(start, len(atoms) - 1), key=lambda j: (abs(ends[j] - goal), j))
        cuts.append(cut + 1)
        start = cut + 1
    bounds = [0, *cuts, len(atoms)]
    turns = []
    for a, b in zip(bounds, bounds[1:]):
        if sum(lengths[a:b]) > budget + 1e-9 or sum(sizes[a:b]) > max_chars:
            return None
        turns.append([segment for atom in atoms[a:b] for segment in atom])
    return turns


def split_turns(timeline: Sequence[Segment], measure: Measure, budget: float = TURN_BUDGET_SECONDS,
                *, size: Size | None = None, max_chars: int = MAX_SPEECH_CHARS) -> list[list[Segment]]:
    """Cut a timeline into turns of at most ``budget`` seconds (and ``max_chars`` of speech).

    A turn ends after any segment that asks something; otherwise only at a
    boundary (after a whole breath or a step). Within those rules it makes as
    few turns as possible, of even length. A piece longer than the budget on
    its own (no boundary inside) becomes a turn of its own.
    """
    turns: list[list[Segment]] = []
    chunk: list[Segment] = []
    for segment in timeline:
        chunk.append(segment)
        if segment.ask:
            turns.extend(_split_chunk(chunk, measure, budget, size, max_chars))
            chunk = []
    if chunk:
        turns.extend(_split_chunk(chunk, measure, budget, size, max_chars))
    return turns


def turn_starts(turns: Sequence[Sequence[Segment]], measure: Measure) -> list[float]:
    """When each turn starts, in seconds from the start of the session."""
    starts, elapsed = [], 0.0
    for turn in turns:
        starts.append(elapsed)
        elapsed += total_seconds(turn, measure)
    return starts


def resume_turn(old: Sequence[Sequence[Segment]], new: Sequence[Sequence[Segment]], measure: Measure,
                heard: int) -> int:
    """After the person heard turn ``heard`` of the old plan, where the new plan carries on.

    The point reached (as a share of the whole session) is found in the new
    plan, and the turn starting nearest to it comes next; never the opening
    turn again unless the new plan has only one turn.
    """
    if len(new) <= 1:
        return 0
    old_starts = turn_starts(old, measure) + [total_seconds((s for t in old for s in t), measure)]
    heard = max(0, min(heard, len(old) - 1))
    share = old_starts[heard + 1] / old_starts[-1] if old_starts[-1] else 0.0
    new_starts = turn_starts(new, measure)
    new_total = sum(total_seconds(t, measure) for t in new)
    point = share * new_total
    nearest = min(range(len(new)), key=lambda i: (abs(new_starts[i] - point), i))
    return max(1, min(len(new) - 1, nearest))
