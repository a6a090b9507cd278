"""Text to speech behind one small interface: SSML fragment in, mono 16-bit PCM out.

    engine = tts.engine("espeak", voice=None, locale="en-US")
    clip = engine.synthesize('Breathe in', rate=1.0)     # -> Clip(pcm bytes, sample_rate)

Engines: espeak-ng (the local default, a Debian package), flite (optional, another Debian
package) and Amazon Polly (boto3, a neural voice, on AWS). Each one is a subprocess or one API
call per phrase; the renderer caches every phrase, so each is synthesized once.

``rate`` above 1 speaks faster (a cue that must fit its beat); each engine does it its own way
(espeak-ng's words a minute, flite's duration stretch, Polly's <prosody rate>).
"""
from __future__ import annotations

import array
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from typing import Protocol

SAMPLE_WIDTH = 2  # bytes: signed 16-bit little-endian, mono, everywhere in skill.audio


@dataclass(frozen=True)
class Clip:
    pcm: bytes  # mono s16le
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.pcm) / SAMPLE_WIDTH / self.sample_rate


class EngineMissing(RuntimeError):
    """The engine cannot run here (its program is not installed, or no AWS client)."""


class Engine(Protocol):
    name: str  # "espeak", "flite", "polly"
    voice: str  # the engine's own voice name
    sample_rate: int

    def synthesize(self, ssml: str, rate: float = 1.0) -> Clip: ...


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain(ssml: str) -> str:
    import html

    return html.unescape(_SPACE.sub(" ", _TAG.sub(" ", ssml)).strip())


def _read_wav(path: str) -> Clip:
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != SAMPLE_WIDTH:
            raise RuntimeError(f"expected 16-bit audio, got {8 * w.getsampwidth()}-bit")
        frames = w.readframes(w.getnframes())
        rate, channels = w.getframerate(), w.getnchannels()
    if channels != 1:  # keep the first channel
        samples = array.array("h", frames)
        frames = samples[::channels].tobytes()
    if sys.byteorder == "big":
        samples = array.array("h", frames)
        samples.byteswap()
        frames = samples.tobytes()
    return Clip(frames, rate)


def _run_to_wav(argv: list[str], stdin: bytes | None, timeout: float = 60.0) -> Clip:
    fd, path = tempfile.mkstemp(prefix="sb-tts-", suffix=".wav")
    os.close(fd)
    try:
        done = subprocess.run([*argv, path], input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed ({done.returncode}): {done.stderr.decode(errors='replace')[-300:]}")
        return _read_wav(path)
    finally:
        os.unlink(path)


ESPEAK_WPM = 165  # espeak-ng's default is 175; a little slower suits a calm exercise


def espeak_voice(locale: str) -> str:
    """espeak-ng's voice for a locale: en-us or en-gb (the English voices it ships)."""
    language, _, region = (locale or "en-US").partition("-")
    if language.lower() != "en":
        return language.lower() or "en"
    return "en-us" if region.upper() in ("US", "CA", "") else "en-gb"


class Espeak:
    """espeak-ng through a subprocess (-m: the fragment is read as SSML, so its breaks are kept)."""

    name = "espeak"
    sample_rate = 22050

    def __init__(self, voice: str | None = None, locale: str = "en-US", program: str | None = None):
        self.voice = voice or espeak_voice(locale)
        self.program = program or shutil.which("espeak-ng")
        if not self.program:
            raise EngineMissing("espeak-ng is not installed (Debian/Ubuntu: apt-get install espeak-ng)")

    def synthesize(self, ssml: str, rate: float = 1.0) -> Clip:
        wpm = str(int(round(ESPEAK_WPM * max(0.5, rate))))
        text = f"<speak>{ssml}</speak>".encode("utf-8")
        return _run_to_wav([self.program, "-m", "-v", self.voice, "-s", wpm, "--stdin", "-w"], text)


class Flite:
    """flite (Festival Lite) through a subprocess; plain text (it reads no SSML)."""

    name = "flite"
    sample_rate = 16000

    def __init__(self, voice: str | None = None, locale: str = "en-US", program: str | None = None):
        self.voice = voice or "slt"
        self.program = program or shutil.which("flite")
        if not self.program:
            raise EngineMissing("flite is not installed (Debian/Ubuntu: apt-get install flite)")

    def synthesize(self, ssml: str, rate: float = 1.0) -> Clip:
        stretch = f"{1.0 / max(0.5, rate):.3f}"
        clip = _run_to_wav([self.program, "-voice", self.voice, "--setf", f"duration_stretch={stretch}",
                            "-t", plain(ssml), "-o"], None)
        return clip


POLLY_VOICES = {"en-GB": "Amy"}  # neural Polly voices Alexa's SSML also offers through <voice name="...">
POLLY_DEFAULT_VOICE = "Joanna"  # en-US, en-CA, and the rest until they have their own


class Polly:
    """Amazon Polly's neural engine, 16 kHz PCM. The client is boto3's ("polly"), or a stand-in in tests."""

    name = "polly"
    sample_rate = 16000

    def __init__(self, voice: str | None = None, locale: str = "en-US", client=None, region: str | None = None):
        self.voice = voice or POLLY_VOICES.get(locale, POLLY_DEFAULT_VOICE)
        if client is None:
            try:
                import boto3
                from botocore.config import Config as BotoConfig
            except ImportError as missing:  # pragma: no cover - boto3 is in the Lambda package
                raise EngineMissing("Polly needs boto3 (pip install '.[aws]')") from missing
            client = boto3.client("polly", region_name=region,
                                  config=BotoConfig(connect_timeout=2, read_timeout=5, retries={"max_attempts": 2}))
        self.client = client

    def request(self, ssml: str, rate: float = 1.0) -> dict:
        body = ssml if abs(rate - 1.0) < 1e-3 else f'<prosody rate="{int(round(rate * 100))}%">{ssml}</prosody>'
        return {"Engine": "neural", "OutputFormat": "pcm", "SampleRate": str(self.sample_rate),
                "Text": f"<speak>{body}</speak>", "TextType": "ssml", "VoiceId": self.voice}

    def synthesize(self, ssml: str, rate: float = 1.0) -> Clip:
        answer = self.client.synthesize_speech(**self.request(ssml, rate))
        stream = answer["AudioStream"]
        try:
            pcm = stream.read()
        finally:
            close = getattr(stream, "close", None)
            if close:
                close()
        if len(pcm) % SAMPLE_WIDTH:
            pcm = pcm[:-1]
        return Clip(pcm, self.sample_rate)  # Polly's PCM is signed 16-bit little-endian mono


ENGINES = {"espeak": Espeak, "flite": Flite, "polly": Polly}


def engine(name: str = "espeak", voice: str | None = None, locale: str = "en-US", **kwargs) -> Engine:
    """An engine by name (SB_TTS); raises EngineMissing when it cannot run here."""
    try:
        cls = ENGINES[(name or "espeak").lower()]
    except KeyError:
        raise ValueError(f"no TTS engine called {name!r}; there are: {', '.join(ENGINES)}") from None
    return cls(voice=voice, locale=locale, **kwargs)
