"""Sessions as audio: a pacing timeline rendered once into an MP3 with its timeline beside it.

The API the AudioPlayer handlers use (all configuration from skill.config, i.e. SB_* variables):

    from skill import audio

    found = audio.find("breathing", opts, locale)        # already rendered? -> Rendered | None (fast)
    if found is None and audio.quick("breathing", opts, locale):
        found = audio.render("breathing", opts, locale)  # every phrase cached: well under a second
    if found and found.url:
        ... AudioPlayer.Play(found.url, token=found.name), offsets from found.timeline ...
    else:
        ... speak the turns as today (and `secure-base render --common` ahead of time next time)

``render`` renders at most once per content (see renderer.session_name); ``find`` never renders.
A Rendered has ``name``, ``url`` (HTTPS for AudioPlayer: presigned S3, or
``SB_PUBLIC_URL/audio/<name>.mp3``), ``path`` (local store), ``duration_s`` and ``timeline``
(the sidecar's cues: key, text, start, end, seconds as heard). Call ``find`` again for a fresh
URL at each Play or resume.
"""
from __future__ import annotations

import functools
import importlib
import logging
from typing import TYPE_CHECKING, Iterable, Mapping

from .. import pacing, speech
from ..config import Config, from_env

if TYPE_CHECKING:
    from . import tts
    from .renderer import Phrases, Rendered
    from .store import Store

# The renderer, its stores and its engines load on first use: a device without AudioPlayer never
# needs them, and the renderer's hashlib would bring OpenSSL (3.5 MB) into every Lambda container.
_LATER = {"Audio": "renderer", "NotRenderable": "renderer", "Phrases": "renderer", "Rendered": "renderer",
          "build": "renderer", "needed_phrases": "renderer", "session_name": "renderer", "LocalStore": "store",
          "S3Store": "store", "Store": "store", "valid_name": "store"}


def __getattr__(name: str):
    if name == "tts":
        return importlib.import_module(".tts", __name__)
    if name in _LATER:
        value = globals()[name] = getattr(importlib.import_module(f".{_LATER[name]}", __name__), name)
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["Audio", "NotRenderable", "Phrases", "Rendered", "Store", "LocalStore", "S3Store", "find", "render",
           "quick", "engine_for", "phrases_for", "store_for", "common_sessions", "render_common", "valid_name",
           "session_name", "tts"]

log = logging.getLogger("secure_base.audio")


@functools.lru_cache(maxsize=16)
def _engine(name: str, voice: str | None, locale: str) -> tts.Engine:
    from . import tts

    return tts.engine(name, voice=voice, locale=locale)


def engine_for(locale: str, config: Config | None = None, voice: str | None = None) -> tts.Engine:
    """The configured engine (SB_TTS) and voice (SB_VOICE, else the locale's) for a locale."""
    config = config or from_env()
    return _engine(config.tts, voice or config.voice, speech.supported_locale(locale))


_phrase_caches: dict[tuple, Phrases] = {}


def phrases_for(engine: tts.Engine, config: Config | None = None) -> Phrases:
    """One phrase cache per engine and folder (SB_PHRASE_DIR), shared by every render in this process."""
    from .renderer import Phrases
    from .store import S3Store

    config = config or from_env()
    key = (id(engine), config.phrase_dir, config.audio_bucket)
    if key not in _phrase_caches:
        store = store_for(config)
        _phrase_caches[key] = Phrases(engine, config.phrase_dir, shelf=store if isinstance(store, S3Store) else None)
    return _phrase_caches[key]


def store_for(config: Config | None = None) -> Store:
    """S3 when SB_AUDIO_BUCKET is set, else the folder SB_AUDIO_DIR served under SB_PUBLIC_URL."""
    from .store import LocalStore, S3Store

    config = config or from_env()
    if config.audio_bucket:
        return S3Store(config.audio_bucket, prefix=config.audio_prefix, url_seconds=config.audio_url_seconds,
                       endpoint=config.s3_endpoint)
    return LocalStore(config.audio_dir, config.public_url)


def _parts(locale, voice, config, store, engine):
    config = config or from_env()
    engine = engine or engine_for(locale, config, voice)
    return config, engine, store or store_for(config)


def find(exercise_id: str, opts: Mapping, locale: str = speech.DEFAULT_LOCALE, voice: str | None = None, *,
         variant: int = 0, config: Config | None = None, store: Store | None = None,
         engine: tts.Engine | None = None, bed: str | None = None) -> Rendered | None:
    """The session if it is already rendered (one store look-up, no synthesis), else None."""
    from .renderer import session_name

    config, engine, store = _parts(locale, voice, config, store, engine)
    return store.get(session_name(exercise_id, opts, locale, engine, variant, bed))


def quick(exercise_id: str, opts: Mapping, locale: str = speech.DEFAULT_LOCALE, voice: str | None = None, *,
          variant: int = 0, config: Config | None = None, engine: tts.Engine | None = None) -> bool:
    """True when every phrase is cached, so a render only assembles and encodes (see bench/)."""
    from .renderer import needed_phrases

    config = config or from_env()
    engine = engine or engine_for(locale, config, voice)
    return not needed_phrases(exercise_id, opts, locale, phrases_for(engine, config), variant)


def render(exercise_id: str, opts: Mapping, locale: str = speech.DEFAULT_LOCALE, voice: str | None = None, *,
           variant: int = 0, config: Config | None = None, store: Store | None = None,
           engine: tts.Engine | None = None, phrases: Phrases | None = None, force: bool = False,
           bed: str | None = None) -> Rendered:
    """The session as audio: found in the store, or rendered now and stored (``fresh``). ``bed``: a
    quiet sound bed under the voice ("rain", "soft", "brown"; skill/audio/bed.py), part of its name."""
    from .renderer import build, session_name

    config, engine, store = _parts(locale, voice, config, store, engine)
    name = session_name(exercise_id, opts, locale, engine, variant, bed)
    if not force:
        found = store.get(name)
        if found is not None:
            return found
    audio = build(exercise_id, opts, locale, phrases or phrases_for(engine, config), variant=variant, bed=bed)
    log.info("rendered %s: %.0f s of audio in %.2f s (%d new phrases)", audio.name,
             audio.sidecar["duration_s"], audio.seconds_taken, audio.synthesized)
    return store.put(audio)


COMMON_MINUTES = (2, 5, 10)


def common_sessions() -> Iterable[tuple[str, dict, int]]:
    """(exercise, options, variant) of the sessions people ask for most: every breathing technique at
    2, 5 and 10 minutes, and the nightly practice short and long, in each phrasing (variants with the
    same words share one render)."""
    from .. import scripts  # noqa: F401  (registers the exercises)

    for technique in pacing.TECHNIQUES:
        for minutes in COMMON_MINUTES:
            for variant in (0, 1):
                yield "breathing", {"technique": technique, "minutes": minutes}, variant
    for length in ("short", "long"):
        for variant in (0, 1):
            yield "nightly", {"length": length}, variant


def render_common(locale: str = speech.DEFAULT_LOCALE, voice: str | None = None, *, config: Config | None = None,
                  store: Store | None = None, bed: str | None = None) -> list[Rendered]:
    from .renderer import session_name

    config, engine, store = _parts(locale, voice, config, store, None)
    done: dict[str, Rendered] = {}
    for exercise_id, opts, variant in common_sessions():
        name = session_name(exercise_id, opts, locale, engine, variant, bed)
        if name not in done:
            done[name] = render(exercise_id, opts, locale, variant=variant, config=config, store=store, engine=engine,
                                bed=bed)
    return list(done.values())
