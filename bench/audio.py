"""Benchmark: rendering a 10-minute session to audio, against Alexa's 8-second answer limit.

    .venv/bin/python bench/audio.py [--tts espeak] [--rounds 3]

Reported as figures and ratios, never asserted:
- cold render with every phrase cached (what a first request for a new session costs once the
  phrases exist, e.g. after `secure-base render --common`): seconds, as a share of Alexa's 8 s,
  and as times faster than real time;
- the first render with no phrase cached (the TTS engine's cost);
- the same cold render with a sound bed under the voice (skill/audio/bed.py), as a ratio to the
  render without one;
- a cached look-up (`audio.find`: what every later request costs);
- the MP3's size, per minute, and its bit rate.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from skill import audio  # noqa: E402
from skill.audio import renderer  # noqa: E402
from skill.config import Config  # noqa: E402

ALEXA_SECONDS = 8.0
SESSION = ("breathing", {"technique": "box", "minutes": 10})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tts", default="espeak")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    exercise, opts = SESSION
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(store="memory", tts=args.tts, audio_dir=f"{tmp}/sessions", phrase_dir=f"{tmp}/phrases")
        engine = audio.engine_for("en-US", config)
        began = time.perf_counter()
        first = audio.render(exercise, opts, "en-US", config=config, engine=engine)
        no_phrases = time.perf_counter() - began
        cold = []
        for _ in range(args.rounds):  # a new process's first render: phrases on disk, nothing in memory
            phrases = renderer.Phrases(engine, config.phrase_dir)
            began = time.perf_counter()
            built = renderer.build(exercise, opts, "en-US", phrases)
            cold.append(time.perf_counter() - began)
            assert built.synthesized == 0
        bedded = []
        for _ in range(args.rounds):  # with a bed: the noise is laid under the whole session and encoded
            phrases = renderer.Phrases(engine, config.phrase_dir)
            began = time.perf_counter()
            renderer.build(exercise, opts, "en-US", phrases, bed="rain")
            bedded.append(time.perf_counter() - began)
        found = []
        for _ in range(max(20, args.rounds)):
            began = time.perf_counter()
            audio.find(exercise, opts, "en-US", config=config, engine=engine)
            found.append(time.perf_counter() - began)
    seconds = first.duration_s
    size = first.sidecar["bytes"]
    cold_s = statistics.median(cold)
    report = {
        "session": f"{exercise} {opts}",
        "engine": f"{engine.name} ({engine.voice})",
        "audio_seconds": round(seconds, 2),
        "cold_render_cached_phrases_s": round(cold_s, 3),
        "cold_render_share_of_alexa_8s": round(cold_s / ALEXA_SECONDS, 3),
        "cold_render_times_faster_than_real_time": round(seconds / cold_s, 1),
        "first_render_no_phrases_s": round(no_phrases, 3),
        "cold_render_with_rain_bed_s": round(statistics.median(bedded), 3),
        "rain_bed_vs_no_bed": round(statistics.median(bedded) / cold_s, 2),
        "cached_find_ms": round(statistics.median(found) * 1000, 2),
        "mp3_bytes": size,
        "mp3_kib_per_minute": round(size / 1024 / (seconds / 60), 1),
        "mp3_kbit_per_s": round(size * 8 / 1000 / seconds, 1),
        "rounds": args.rounds,
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
