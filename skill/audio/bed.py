"""A quiet sound bed under the voice: rain, soft noise or brown noise, made by code (no recordings).

Written by hand because no kept library we may ship to Lambda makes noise without numpy: each bed
is a seamless loop of a few seconds, generated once per process from a fixed seed (so the same
session always sounds the same and its content address holds), laid under the whole session with
a slow fade in and out, and mixed with the voice only where the voice sounds (a session is mostly
silence, so that is a small share of the samples).

- ``soft``: pink noise (Paul Kellet's economy filter), gently low-passed: a soft hush.
- ``brown``: white noise integrated with a slight leak: a deep, even rumble.
- ``rain``: brighter noise with a slow swell, and sparse soft drops.
"""
from __future__ import annotations

import array
import functools
import math
import random

BEDS = ("rain", "soft", "brown")
LOOP_SECONDS = 12.0
CROSSFADE_SECONDS = 0.5  # the loop's end flows into its start
FADE_IN_SECONDS, FADE_OUT_SECONDS = 4.0, 6.0
# loudness of each bed (RMS, of 32767): well under the voice (espeak-ng peaks near full scale), so
# the words stay clear: about -36 to -34 dBFS, some 15 dB under espeak-ng's speech
LEVEL = {"rain": 600.0, "soft": 500.0, "brown": 650.0}


def valid(kind: object) -> str | None:
    return kind if isinstance(kind, str) and kind in BEDS else None


def _white(rng: random.Random, n: int) -> list[float]:
    return [rng.uniform(-1.0, 1.0) for _ in range(n)]


def _soft(rng: random.Random, n: int, rate: int) -> list[float]:
    b0 = b1 = b2 = low = 0.0
    smooth = math.exp(-2 * math.pi * 2500 / rate)  # a one-pole low-pass near 2.5 kHz: no hiss
    out = []
    for w in _white(rng, n):
        b0 = 0.99765 * b0 + w * 0.0990460
        b1 = 0.96300 * b1 + w * 0.2965164
        b2 = 0.57000 * b2 + w * 1.0526913
        low = smooth * low + (1 - smooth) * (b0 + b1 + b2 + w * 0.1848)
        out.append(low)
    return out


def _brown(rng: random.Random, n: int, rate: int) -> list[float]:
    y, out = 0.0, []
    for w in _white(rng, n):
        y = (y + 0.02 * w) / 1.02
        out.append(y)
    return out


def _rain(rng: random.Random, n: int, rate: int) -> list[float]:
    hush = _soft(rng, n, rate)
    prev, out = 0.0, []
    for i, x in enumerate(hush):
        bright = x - 0.6 * prev  # tilt toward the higher hiss of rainfall
        prev = x
        swell = 0.8 + 0.2 * math.sin(2 * math.pi * i / n * 3)  # three slow swells a loop: it repeats seamlessly
        out.append(bright * swell)
    peak = max(abs(v) for v in out) or 1.0
    drops = int(LOOP_SECONDS * 6)  # about six soft drops a second
    for _ in range(drops):
        at, length = rng.randrange(n), int(rate * rng.uniform(0.004, 0.012))
        size = peak * rng.uniform(0.3, 0.9)
        for k in range(length):
            out[(at + k) % n] += size * rng.uniform(-1, 1) * math.exp(-5.0 * k / length)
    return out


_MAKERS = {"soft": _soft, "brown": _brown, "rain": _rain}


@functools.lru_cache(maxsize=8)
def loop(kind: str, rate: int) -> bytes:
    """LOOP_SECONDS of the bed at ``rate`` Hz, 16-bit mono PCM, ending where it begins."""
    n, fade = int(LOOP_SECONDS * rate), int(CROSSFADE_SECONDS * rate)
    raw = _MAKERS[kind](random.Random(f"secure-base:{kind}"), n + fade, rate)
    body = raw[:n]
    for i in range(fade):  # equal-power: the join is as loud as the rest
        t = (i + 0.5) / fade
        body[i] = raw[i] * math.sin(t * math.pi / 2) + raw[n + i] * math.cos(t * math.pi / 2)
    mean = sum(body) / n
    rms = math.sqrt(sum((v - mean) ** 2 for v in body) / n) or 1.0
    scale = LEVEL[kind] / rms
    return array.array("h", (max(-32767, min(32767, int((v - mean) * scale))) for v in body)).tobytes()


def under(samples: int, kind: str, rate: int) -> bytearray:
    """The bed for a whole session of ``samples`` samples: the loop repeated, faded in and out."""
    one = loop(kind, rate)
    reps = samples * 2 // len(one) + 1
    pcm = bytearray(one * reps)[: 2 * samples]
    _fade(pcm, 0, min(samples, int(FADE_IN_SECONDS * rate)), rising=True)
    length = min(samples, int(FADE_OUT_SECONDS * rate))
    _fade(pcm, samples - length, length, rising=False)
    return pcm


def _fade(pcm: bytearray, start: int, length: int, *, rising: bool) -> None:
    if length <= 0:
        return
    part = array.array("h")
    part.frombytes(pcm[2 * start: 2 * (start + length)])
    for i in range(length):
        t = (i + 1) / length
        part[i] = int(part[i] * (t if rising else 1 - t) ** 2)
    pcm[2 * start: 2 * (start + length)] = part.tobytes()


try:  # the standard library's sample adder (C, clips to 16 bits); gone in Python 3.13, hence the fallback
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import audioop as _audioop
except ImportError:  # pragma: no cover - Python 3.13+
    _audioop = None


def mix_into(pcm: bytearray, at: int, clip: bytes) -> None:
    """Add ``clip`` (16-bit PCM) into ``pcm`` from sample ``at``, clipped to 16 bits."""
    end = min(len(pcm), 2 * at + len(clip))
    if end <= 2 * at:
        return
    if _audioop is not None:
        pcm[2 * at: end] = _audioop.add(bytes(pcm[2 * at: end]), clip[: end - 2 * at], 2)
        return
    base = array.array("h")
    base.frombytes(pcm[2 * at: end])
    voice = array.array("h")
    voice.frombytes(clip[: end - 2 * at])
    pcm[2 * at: end] = array.array("h", [max(-32768, min(32767, a + b)) for a, b in zip(base, voice)]).tobytes()
