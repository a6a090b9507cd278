"""`python -m skill plan EXERCISE [options]`: print an exercise's planned timeline and its total.

    python -m skill plan breathing --technique box --minutes 3
    python -m skill plan breathing --technique four_seven_eight --rounds 4 --pace 1 --count-aloud
    python -m skill plan nightly --length long
    python -m skill plan grounding --technique room --variant 3

Each line is one segment: when it starts, its template key, its seconds of speech (words at
pacing.WORDS_PER_MINUTE), the silence after it, and its words in the chosen locale. Turns are
shown as Alexa would speak them, then the total against the exercise's target length.
"""
from __future__ import annotations

import argparse
import json
import sys

from . import pacing, speech
from .scripts import catalogue

WORDS_WIDTH = 72


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exercise", help="exercise id: " + ", ".join(e.id for e in catalogue.all_exercises()))
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
    parser.add_argument("--full", action="store_true", help="print every segment's words in full")


def options_from(exercise: catalogue.Exercise, args: argparse.Namespace) -> dict:
    """The exercise's defaults with what the command line asked for laid over them."""
    opts = exercise.options({}, {})
    if args.technique is not None:
        opts["technique"] = args.technique
    if args.minutes is not None:
        opts["minutes"] = int(args.minutes) if args.minutes == int(args.minutes) else args.minutes
        if "rounds" in opts:
            opts["rounds"] = None
    if args.rounds is not None:
        opts["rounds"] = args.rounds
        if "minutes" in opts:
            opts["minutes"] = None
    if args.pace is not None:
        opts["pace"] = args.pace
    if args.count_aloud:
        opts["count"] = True
    if args.length is not None:
        opts["length"] = args.length
    for item in args.set:
        key, _, raw = item.partition("=")
        try:
            opts[key] = json.loads(raw)
        except ValueError:
            opts[key] = raw
    return opts


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def _words(text: str, full: bool) -> str:
    return text if full or len(text) <= WORDS_WIDTH else text[:WORDS_WIDTH - 1] + "…"


def main(args: argparse.Namespace, out=sys.stdout) -> int:
    try:
        return _print_plan(args, out)
    except BrokenPipeError:  # `plan ... | head`: the reader has seen enough
        sys.stderr.close()
        return 0


def _print_plan(args: argparse.Namespace, out) -> int:
    exercise = catalogue.get(args.exercise)
    if exercise is None:
        print(f"no exercise called {args.exercise!r}; there are: "
              + ", ".join(e.id for e in catalogue.all_exercises()), file=sys.stderr)
        return 2
    asked = options_from(exercise, args)
    opts = exercise.clean(asked)
    if opts is None:
        print(f"{exercise.id} does not accept these options: {asked}", file=sys.stderr)
        return 2
    locale = speech.supported_locale(args.locale)
    measure = speech.measure_for(locale)
    turns = exercise.turns(locale, opts, args.variant)
    shown = " ".join(f"{k}={v}" for k, v in opts.items())
    print(f"{exercise.id} ({locale}, variant {args.variant}): {shown}", file=out)
    print(f"{'at':>7}  {'key':<22} {'speech':>7} {'silence':>8}  words ({locale})", file=out)
    elapsed, longest = 0.0, 0.0
    for number, turn in enumerate(turns, 1):
        turn_seconds = pacing.total_seconds(turn, measure)
        longest = max(longest, turn_seconds)
        print(f"-- turn {number} of {len(turns)}: {turn_seconds:.1f} s", file=out)
        for segment in turn:
            said = measure(segment.key, segment.data)
            words = speech.to_text(speech.render(locale, segment.key, **segment.data))
            print(f"{_clock(elapsed):>7}  {segment.key:<22} {said:>6.1f}s {segment.silence:>7.1f}s  "
                  f"{_words(words, args.full)}", file=out)
            elapsed += said + segment.silence
    target = exercise.target(opts) if exercise.target else None
    line = f"total {elapsed:.1f} s ({_clock(elapsed)}) in {len(turns)} turn{'s' if len(turns) != 1 else ''}, " \
           f"longest {longest:.1f} s (budget {exercise.budget:.0f} s)"
    if target:
        off = (elapsed - target) / target * 100
        verdict = "ok" if pacing.within_tolerance(elapsed, target) else "OUTSIDE"
        line += f"; target {target:.0f} s, {off:+.2f}% ({verdict}, tolerance ±{pacing.TOLERANCE * 100:.0f}%)"
    print(line, file=out)
    return 0
