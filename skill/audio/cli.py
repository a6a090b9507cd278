"""`secure-base render EXERCISE [options] -o FILE`: a session as an MP3, and its timeline.

    secure-base render breathing --technique box --minutes 2 -o /tmp/box.mp3
    secure-base render nightly --length long -o /tmp/night.mp3 --tts flite
    secure-base render nightly --length long --bed rain -o /tmp/night-rain.mp3
    secure-base render --common            # pre-render the sessions people ask for most

The options are the same as `secure-base plan`. The MP3 is written to FILE and its sidecar
timeline beside it (FILE with .json); both also stay in the store (SB_AUDIO_DIR, or the S3
bucket SB_AUDIO_BUCKET), so the same session renders once. Each printed line is one cue: when
its sound starts and ends (as heard), its template key and its words.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
import urllib.request
from pathlib import Path

from .. import pacing, speech
from ..config import from_env
from ..scripts import catalogue
from . import tts


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exercise", nargs="?", help="exercise id: " + ", ".join(
        e.id for e in catalogue.all_exercises() if not e.private and not e.user_paced))
    parser.add_argument("-o", "--output", metavar="FILE", help="where to write the MP3 (its timeline goes beside it)")
    parser.add_argument("--common", action="store_true", help="pre-render the common sessions into the store")
    parser.add_argument("--technique", help="technique id (breathing: " + ", ".join(pacing.TECHNIQUES) + ")")
    parser.add_argument("--minutes", type=float, help=f"length in minutes ({pacing.MIN_MINUTES}-{pacing.MAX_MINUTES})")
    parser.add_argument("--rounds", type=int, help="a number of breaths instead of minutes")
    parser.add_argument("--pace", type=int, help="pace level: negative is faster, positive slower")
    parser.add_argument("--count-aloud", action="store_true", help="count each breath out loud")
    parser.add_argument("--length", help="length id (nightly: short, long)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="any other option (VALUE read as JSON when it parses)")
    parser.add_argument("--variant", type=int, default=0, help="which phrasing (0-11)")
    parser.add_argument("--locale", default=speech.DEFAULT_LOCALE, choices=speech.LOCALES)
    parser.add_argument("--tts", choices=sorted(tts.ENGINES), help="TTS engine (default: SB_TTS, else espeak)")
    parser.add_argument("--voice", help="the engine's voice (default: SB_VOICE, else the locale's)")
    parser.add_argument("--force", action="store_true", help="render again even if the store has it")
    from .bed import BEDS

    parser.add_argument("--bed", choices=BEDS, help="a quiet sound bed under the voice (made by code)")


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def main(args: argparse.Namespace, out=None) -> int:
    try:
        return _main(args, out or sys.stdout)
    except BrokenPipeError:  # `render ... | head`: the reader has seen enough
        sys.stderr.close()
        return 0


def _main(args: argparse.Namespace, out) -> int:
    from .. import audio
    from ..plan import options_from

    config = from_env()
    if args.tts:
        config = config.but(tts=args.tts)
    if args.voice:
        config = config.but(voice=args.voice)
    try:
        engine = audio.engine_for(args.locale, config)
    except (tts.EngineMissing, ValueError) as missing:  # not installed here, or SB_TTS names no engine
        print(f"cannot render: {missing}", file=sys.stderr)
        return 2
    if args.common:
        began = time.perf_counter()
        done = audio.render_common(args.locale, config=config, bed=args.bed)
        for item in done:
            print(f"{item.name}  {item.duration_s:7.1f} s  {'rendered' if item.fresh else 'already there'}"
                  f"  {item.url or item.path}", file=out)
        print(f"{len(done)} sessions ({sum(1 for d in done if d.fresh)} rendered now) in "
              f"{time.perf_counter() - began:.1f} s, {engine.name} voice {engine.voice}", file=out)
        return 0
    if not args.exercise:
        print("name an exercise (e.g. breathing), or --common", file=sys.stderr)
        return 2
    exercise = catalogue.get(args.exercise)
    if exercise is None:
        print(f"no exercise called {args.exercise!r}", file=sys.stderr)
        return 2
    opts = options_from(exercise, args)
    began = time.perf_counter()
    try:
        rendered = audio.render(exercise.id, opts, args.locale, config=config, variant=args.variant, force=args.force,
                                bed=args.bed)
    except audio.NotRenderable as refused:
        print(f"cannot render: {refused}", file=sys.stderr)
        return 2
    taken = time.perf_counter() - began
    written = None
    if args.output:
        written = Path(args.output)
        written.parent.mkdir(parents=True, exist_ok=True)
        if rendered.path is not None:
            shutil.copyfile(rendered.path, written)
        else:
            with urllib.request.urlopen(rendered.url, timeout=30) as answer:  # the store's own presigned URL
                written.write_bytes(answer.read())
        written.with_suffix(".json").write_text(json.dumps(rendered.sidecar, indent=1), "utf-8")
    sidecar = rendered.sidecar
    print(f"{rendered.name} ({sidecar['locale']}, {sidecar['engine']} voice {sidecar['voice']}, "
          f"{sidecar['sample_rate']} Hz, {sidecar['bitrate_kbps']} kbit/s"
          f"{', with ' + sidecar['bed'] + ' underneath' if sidecar.get('bed') else ''})", file=out)
    print(f"{'from':>7} {'to':>7}  {'key':<20} words", file=out)
    for cue in rendered.timeline:
        rate = f" (x{cue['rate']})" if cue.get("rate") else ""
        print(f"{_clock(cue['start']):>7} {_clock(cue['end']):>7}  {cue['key']:<20} {cue['text']}{rate}", file=out)
    line = f"duration {rendered.duration_s:.2f} s"
    if sidecar.get("target_s"):
        line += f" (asked {sidecar['target_s']:.0f} s, {(rendered.duration_s / sidecar['target_s'] - 1) * 100:+.2f}%)"
    line += f"; {sidecar['bytes'] / 1024:.0f} KiB; " + (f"rendered in {taken:.2f} s" if rendered.fresh
                                                         else "already rendered")
    print(line, file=out)
    if written:
        print(f"wrote {written} and {written.with_suffix('.json')}", file=out)
    elif rendered.url or rendered.path:
        print(f"stored at {rendered.url or rendered.path}", file=out)
    return 0
