"""A pacing timeline becomes one MP3 and a sidecar timeline (JSON) of when each cue is heard.

How the timing is kept:

1. Every distinct phrase (a template rendered for the locale) is synthesized once by the engine
   and trimmed to its sound; its **measured** length replaces the 150-words-a-minute estimate.
2. The exercise is planned again with those measured lengths (the same pacing engine), so the
   number of breaths, the settling pause and the resting pause come from real speech.
3. Each segment keeps its slot: a cue fitted to a beat starts on the beat, and the silence after
   it is the slot minus the cue's measured length. So from one "breathe in" to the next is
   exactly the technique's cycle, whatever the voice.
4. A phrase longer than its beat (a long first cue while counting aloud) runs on into the
   silences after it, and the following phrases start ``GAP`` after it, but never past the end of
   the breath: when a breath cannot hold its words, they are synthesized faster (up to
   ``MAX_RATE``) until it can. The next breath always starts on time.
5. The last stretchable silence (the resting pause after the last breath) takes up any
   difference, so the whole session lasts what was asked.

Silence is written as exact runs of zero samples. The MP3 is constant bit rate, mono, at the
engine's rate (22.05 kHz espeak-ng, 16 kHz flite and Polly), 48 kbit/s: inside what AudioPlayer
accepts (16-384 kbit/s) and what SSML <audio> accepts (48 kbit/s, 16/22.05/24 kHz).
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

from .. import pacing, speech
from ..scripts import catalogue
from . import bed as beds
from . import tts

RENDER_VERSION = 2  # bump when the audio for the same words would come out differently
BITRATE_KBPS = 48
MP3_QUALITY = 7  # LAME's 0 (best, slowest) - 9; 7 is fast and clean for speech
# LAME adds 576 samples of its own before the audio and every MP3 decoder 529 more: the sidecar
# gives times as heard, so they are shifted by this much
CODEC_DELAY_SAMPLES = 576 + 529
GAP = 0.15  # seconds between two phrases when the first ran on past its beat
MAX_RATE = 1.6  # the fastest a phrase is ever spoken to fit its breath
RATE_STEPS = (1.1, 1.2, 1.3, 1.4, 1.5, MAX_RATE)
SILENCE_LEVEL = 200  # |sample| at or below this is silence when trimming a phrase (of 32767)
TRIM_LEAD, TRIM_TAIL = 0.010, 0.025  # seconds kept before the first and after the last sound


class NotRenderable(ValueError):
    """This exercise cannot become one audio stream (it asks questions, or it carries what a person said)."""


# -- phrases ---------------------------------------------------------------------------------

_BREAK = re.compile(r'<break\s+time="(\d+(?:\.\d+)?)(ms|s)"\s*/>')
_OPEN = re.compile(r"<([a-zA-Z][\w:-]*)(?:\s[^>]*)?(?<!/)>")
_CLOSE = re.compile(r"</[a-zA-Z][\w:-]*\s*>")


def _pieces(ssml: str) -> list[str | float]:
    """A fragment as words and exact silences: breaks at its top level become seconds."""
    parts = _BREAK.split(ssml)
    if len(parts) == 1:
        return [ssml]
    pieces: list[str | float] = []
    for i in range(0, len(parts), 3):
        words = parts[i]
        if len(_OPEN.findall(words)) != len(_CLOSE.findall(words)):
            return [ssml]  # a break inside <prosody>...: let the engine place it
        if tts.plain(words):
            pieces.append(words.strip())
        if i + 1 < len(parts):
            value, unit = parts[i + 1], parts[i + 2]
            pieces.append(float(value) / (1000 if unit == "ms" else 1))
    return pieces


def trim(clip: tts.Clip) -> tts.Clip:
    """The clip from just before its first sound to just after its last."""
    import array

    samples = array.array("h")
    samples.frombytes(clip.pcm)
    n = len(samples)
    first = next((i for i in range(n) if abs(samples[i]) > SILENCE_LEVEL), None)
    if first is None:
        return tts.Clip(b"", clip.sample_rate)
    last = next(i for i in range(n - 1, -1, -1) if abs(samples[i]) > SILENCE_LEVEL)
    start = max(0, first - int(TRIM_LEAD * clip.sample_rate))
    end = min(n, last + 1 + int(TRIM_TAIL * clip.sample_rate))
    return tts.Clip(samples[start:end].tobytes(), clip.sample_rate)


class Phrases:
    """Each phrase synthesized once per engine, voice and rate: in memory, and on disk when given a folder."""

    def __init__(self, engine: tts.Engine, directory: str | Path | None = None, shelf=None):
        self.engine = engine
        self.directory = Path(directory) if directory else None
        # a shared place phrases outlive this machine in (S3Store: a new Lambda need not call Polly again)
        self.shelf = shelf
        self._memory: dict[str, tts.Clip] = {}
        self.synthesized = 0  # how many times the engine was called (tests, bench)

    def key(self, ssml: str, rate: float) -> str:
        raw = json.dumps([RENDER_VERSION, self.engine.name, self.engine.voice, round(rate, 3), ssml])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    def cached(self, ssml: str, rate: float = 1.0) -> bool:
        """In memory or on this machine's disk (the shelf is not asked: that would be a network call)."""
        key = self.key(ssml, rate)
        return key in self._memory or bool(self.directory and (self.directory / f"{key}.wav").is_file())

    def words(self, ssml: str, rate: float = 1.0) -> tts.Clip:
        key = self.key(ssml, rate)
        clip = self._memory.get(key)
        if clip is not None:
            return clip
        path = self.directory / f"{key}.wav" if self.directory else None
        if path is not None and path.is_file():
            try:
                clip = tts._read_wav(str(path))
            except Exception:  # a torn file from an earlier crash: synthesize again
                clip = None
        if clip is None and self.shelf is not None:
            kept = self.shelf.get_phrase(key)
            if kept:
                clip = tts.Clip(kept, self.engine.sample_rate)
                if path is not None:
                    _write_wav(path, clip)
        if clip is None:
            clip = trim(self.engine.synthesize(ssml, rate))
            self.synthesized += 1
            if path is not None:
                _write_wav(path, clip)
            if self.shelf is not None:
                self.shelf.put_phrase(key, clip.pcm)
        self._memory[key] = clip
        return clip

    def fragment(self, ssml: str, rate: float = 1.0) -> tts.Clip:
        """A whole fragment: its words synthesized (cached), its breaks as exact silence."""
        rate_hz = self.engine.sample_rate
        out = bytearray()
        for piece in _pieces(ssml):
            if isinstance(piece, float):
                out += bytes(2 * int(round(piece * rate_hz)))
            else:
                clip = self.words(piece, rate)
                if clip.sample_rate != rate_hz:
                    raise RuntimeError(f"{self.engine.name} gave {clip.sample_rate} Hz, expected {rate_hz} Hz")
                out += clip.pcm
        return tts.Clip(bytes(out), rate_hz)


def _write_wav(path: Path, clip: tts.Clip) -> None:
    import os
    import wave

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    with wave.open(str(partial), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(tts.SAMPLE_WIDTH)
        w.setframerate(clip.sample_rate)
        w.writeframes(clip.pcm)
    os.replace(partial, path)  # atomic: another process never reads half a phrase


# -- what is rendered ------------------------------------------------------------------------

def renderable(exercise: catalogue.Exercise) -> bool:
    return not exercise.private and not exercise.user_paced


def _exercise(exercise_id: str, opts: Mapping) -> tuple[catalogue.Exercise, dict]:
    exercise = catalogue.get(exercise_id)
    if exercise is None:
        raise NotRenderable(f"no exercise called {exercise_id!r}")
    if not renderable(exercise):
        raise NotRenderable(f"{exercise_id} is not rendered as audio (it asks, or it carries what was said)")
    full = {**exercise.options({}, {}), **dict(opts)}
    if "minutes" in opts and opts.get("minutes") is not None and "rounds" in full and "rounds" not in opts:
        full["rounds"] = None
    if "rounds" in opts and opts.get("rounds") is not None and "minutes" in full and "minutes" not in opts:
        full["minutes"] = None
    clean = exercise.clean(full)
    if clean is None:
        raise NotRenderable(f"{exercise_id} does not accept these options: {dict(opts)}")
    return exercise, clean


def _estimated(exercise: catalogue.Exercise, clean: dict, locale: str, variant: int) -> list[pacing.Segment]:
    """The plan at the estimated speaking rate (cheap): what the session will say, before any synthesis."""
    with speech.recording():
        plan = exercise.timeline(dict(clean), catalogue.memo(speech.measure_for(locale)), variant)
    if any(s.ask for s in plan):
        raise NotRenderable(f"{exercise.id} asks the person something: it stays spoken")
    return plan


def session_name(exercise_id: str, opts: Mapping, locale: str, engine: tts.Engine, variant: int = 0,
                 bed: str | None = None) -> str:
    """The content address of a session: exercise, locale, engine, voice, and every word and silence
    of its plan. Two requests that would sound the same share one name (variants with the same words
    included); a changed template or pacing rule gives a new one. Safe in a URL; says nothing personal."""
    exercise, clean = _exercise(exercise_id, opts)
    locale = speech.supported_locale(locale)
    plan = _estimated(exercise, clean, locale, variant)
    with speech.recording():  # words rendered to address them, not said to anyone yet
        content = [[s.key, speech.render(locale, s.key, **s.data), s.silence, s.slot, s.stretch] for s in plan]
    # 5 minutes heard ("PT5M" -> 5.0) and 5 asked by `render --common` are one session
    same = sorted((k, int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in clean.items())
    parts = [RENDER_VERSION, BITRATE_KBPS, exercise.id, same, locale, engine.name, engine.voice, content]
    if beds.valid(bed):  # a sound bed under the voice is another session (without one, names stay as they were)
        parts.append({"bed": bed, "level": beds.LEVEL[bed]})
    raw = json.dumps(parts, sort_keys=True, default=str)
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]
    return f"{exercise.id}-{digest}"


# -- the schedule ----------------------------------------------------------------------------

@dataclass
class Cue:
    key: str
    data: dict
    text: str
    start: float  # seconds from the start of the audio, as heard
    end: float
    rate: float = 1.0  # 1: spoken as synthesized; above 1, faster to fit its breath
    boundary: bool = False  # the end of a breath or a step

    def as_json(self) -> dict:
        return {"key": self.key, "data": self.data, "text": self.text, "start": round(self.start, 3), "end": round(self.end, 3),
                **({"rate": self.rate} if self.rate != 1.0 else {}), **({"boundary": True} if self.boundary else {})}


def _atoms(timeline: Sequence[pacing.Segment]) -> list[range]:
    """Index ranges of whole breaths (or steps): up to and including each boundary, the rest after."""
    out, start = [], 0
    for i, segment in enumerate(timeline):
        if segment.boundary:
            out.append(range(start, i + 1))
            start = i + 1
    if start < len(timeline):
        out.append(range(start, len(timeline)))
    return out


def schedule(timeline: Sequence[pacing.Segment], length: Callable[[int, float], float], goal: float | None
             ) -> tuple[list[tuple[float, float]], float, float]:
    """When each segment's words start, at what rate, and how long the whole lasts.

    ``length(i, rate)`` is the measured length of segment i's words at that rate. Returns
    ([(start, rate)] per segment, total seconds, seconds a breath ran over its slot (0 normally)).
    """
    n = len(timeline)
    base = [length(i, 1.0) for i in range(n)]
    slots = [s.slot if s.slot is not None else base[i] + s.silence for i, s in enumerate(timeline)]
    planned = sum(base[i] + s.silence for i, s in enumerate(timeline))
    target = goal if goal else planned
    extra = target - sum(slots)
    if extra:  # the resting pause (the last stretchable silence) takes up the difference
        where = next((i for i in range(n - 1, -1, -1) if timeline[i].stretch), n - 1)
        slots[where] = max(base[where], slots[where] + extra)
    starts = [0.0] * n
    rates = [1.0] * n
    spoken_until, clock, overrun = 0.0, 0.0, 0.0
    for atom in _atoms(timeline):
        begin = clock
        end = begin + sum(slots[i] for i in atom)
        for rate in (1.0, *RATE_STEPS):
            cursor, t = spoken_until, begin
            placed = []
            for i in atom:
                r = rate if timeline[i].slot is not None else 1.0  # only beat-fitted words are hurried
                at = t if cursor <= t + 1e-9 else cursor + GAP  # on its beat, or just after a run-on
                said = length(i, r) if r != 1.0 else base[i]
                placed.append((at, r, said))
                cursor = at + said
                t += slots[i]
            if cursor <= end + 1e-6 or not any(timeline[i].slot is not None for i in atom):
                break
        for i, (at, r, said) in zip(atom, placed):
            starts[i], rates[i] = at, r
        overrun = max(overrun, cursor - end)
        spoken_until, clock = cursor, end
    total = max(clock, spoken_until)
    return list(zip(starts, rates)), total, max(0.0, overrun)


# -- the whole render ------------------------------------------------------------------------

@dataclass
class Audio:
    """A rendered session before it is stored: the MP3 bytes and the sidecar."""

    name: str
    mp3: bytes
    sidecar: dict
    seconds_taken: float = 0.0
    synthesized: int = 0  # phrases the engine had to make for this render


def encode_mp3(pcm: bytes, sample_rate: int, bitrate_kbps: int = BITRATE_KBPS) -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate_kbps)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_out_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(MP3_QUALITY)
    return bytes(encoder.encode(pcm)) + bytes(encoder.flush())


def build(exercise_id: str, opts: Mapping, locale: str, phrases: Phrases, *, variant: int = 0,
          bed: str | None = None) -> Audio:
    """Render a session (no store, no cache of the whole): plan from measured speech, assemble, encode.
    ``bed``: a quiet sound bed under the voice (skill/audio/bed.py), or None for silence between words."""
    began = time.perf_counter()
    before = phrases.synthesized
    exercise, clean = _exercise(exercise_id, opts)
    locale = speech.supported_locale(locale)
    engine = phrases.engine
    bed = beds.valid(bed)
    name = session_name(exercise.id, clean, locale, engine, variant, bed)
    rate_hz = engine.sample_rate

    def words(key: str, data: Mapping) -> str:
        return speech.render(locale, key, **data)

    def measure(key: str, data: Mapping) -> float:
        return phrases.fragment(words(key, data)).seconds

    with speech.recording():  # the words go into the stream; no response is speaking them
        timeline = exercise.timeline(dict(clean), catalogue.memo(measure), variant)
        texts = [words(s.key, s.data) for s in timeline]

    def length(i: int, rate: float) -> float:
        return phrases.fragment(texts[i], rate).seconds

    goal = exercise.target(clean) if exercise.target else None
    placed, total, overrun = schedule(timeline, length, goal)
    samples = int(round(total * rate_hz))
    pcm = beds.under(samples, bed, rate_hz) if bed else bytearray(2 * samples)
    delay = CODEC_DELAY_SAMPLES / rate_hz
    cues = []
    for segment, text, (start, rate) in zip(timeline, texts, placed):
        clip = phrases.fragment(text, rate)
        at = int(round(start * rate_hz))
        chunk = clip.pcm[: max(0, len(pcm) - 2 * at)]
        if bed:
            beds.mix_into(pcm, at, chunk)
        else:
            pcm[2 * at: 2 * at + len(chunk)] = chunk
        # as heard: from the first sound to the last, without the few ms kept around them by trim()
        lead, tail = (TRIM_LEAD, TRIM_TAIL) if clip.seconds > TRIM_LEAD + TRIM_TAIL else (0.0, 0.0)
        cues.append(Cue(segment.key, dict(segment.data), tts.plain(text), start + lead + delay,
                        start + clip.seconds - tail + delay, rate, segment.boundary))
    mp3 = encode_mp3(bytes(pcm), rate_hz)
    sidecar = {
        "name": name,
        "version": RENDER_VERSION,
        "exercise": exercise.id,
        "options": clean,
        "locale": locale,
        "engine": engine.name,
        "voice": engine.voice,
        "sample_rate": rate_hz,
        "bitrate_kbps": BITRATE_KBPS,
        "duration_s": round(total + delay, 3),  # as decoded: the codec's delay comes first
        "target_s": goal,
        "codec_delay_s": round(delay, 4),
        "bed": bed,
        "overrun_s": round(overrun, 3),
        "bytes": len(mp3),
        "cues": [c.as_json() for c in cues],
    }
    return Audio(name, mp3, sidecar, time.perf_counter() - began, phrases.synthesized - before)


def needed_phrases(exercise_id: str, opts: Mapping, locale: str, phrases: Phrases, variant: int = 0) -> list[str]:
    """The fragments a render would need that are not cached yet (without synthesizing any).

    The estimated plan has the same distinct phrases as the measured one (only how many breaths
    differ), so this tells before rendering whether it will be quick."""
    exercise, clean = _exercise(exercise_id, opts)
    locale = speech.supported_locale(locale)
    plan = _estimated(exercise, clean, locale, variant)
    missing = []
    with speech.recording():
        fragments = list(dict.fromkeys(speech.render(locale, s.key, **s.data) for s in plan))
    for ssml in fragments:
        if any(isinstance(p, str) and not phrases.cached(p) for p in _pieces(ssml)):
            missing.append(ssml)
    return missing


@dataclass
class Rendered:
    """A session as audio, wherever it is stored."""

    name: str
    url: str | None  # what AudioPlayer.Play streams (HTTPS); None when the store has no public address
    path: Path | None  # the MP3 on this machine, when the store is a folder
    duration_s: float
    timeline: list[dict] = field(default_factory=list)  # the sidecar's cues: key, text, start, end
    sidecar: dict = field(default_factory=dict)
    fresh: bool = False  # rendered by this call (False: found in the store)

    def cue_at(self, seconds: float) -> int | None:
        """The index of the cue heard at (or last heard before) ``seconds``; None before the first."""
        index = None
        for i, cue in enumerate(self.timeline):
            if cue["start"] > seconds:
                break
            index = i
        return index

    def resume_at(self, seconds: float) -> float:
        """Where to carry on after a pause at ``seconds``: the start of the words being said then (never
        mid-word), or the same place when it was in a silence."""
        index = self.cue_at(seconds)
        if index is None:
            return 0.0
        cue = self.timeline[index]
        return cue["start"] if seconds < cue["end"] else max(0.0, min(seconds, self.duration_s))
