"""Benchmarks: Secure Base against a minimal ask-sdk-core skill, measured in the same run.

Reported as ratios (Secure Base / baseline), never as absolute targets, so the
numbers mean the same on a slow laptop and a fast CI machine.

    .venv/bin/python bench/run.py [--rounds 200]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ask_sdk_core.skill_builder import SkillBuilder  # noqa: E402
from ask_sdk_core.utils import is_request_type  # noqa: E402

from builders import envelope, intent, launch  # noqa: E402
from skill import app  # noqa: E402
from skill.config import Config  # noqa: E402


def minimal_skill():
    """The baseline: a hello-world ask-sdk-core skill that says one sentence."""
    builder = SkillBuilder()

    @builder.request_handler(can_handle_func=lambda handler_input: True)
    def hello(handler_input):
        return handler_input.response_builder.speak("Hello.").set_should_end_session(False).response

    return builder.create()


def secure_base_conversation():
    """Launch, a breathing exercise carried through to its end, stop: the common path."""
    return [launch(), intent("BreathingIntent", technique=("box", "box"), duration="PT3M"),
            intent("AMAZON.NextIntent"), intent("AMAZON.NextIntent"), intent("AMAZON.StopIntent")]


def run_conversation(skill, requests) -> None:
    attributes = None
    for request in requests:
        body = envelope(request, attributes=attributes or {}, new=attributes is None)
        out = app.invoke(skill, body)
        attributes = None if out["response"].get("shouldEndSession") else out.get("sessionAttributes")


def per_turn_seconds(skill, requests, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        run_conversation(skill, requests)
        samples.append((time.perf_counter() - start) / len(requests))
    return samples


def peak_bytes(fn) -> int:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ours = app.build(Config(store="sqlite", sqlite_path=f"{tmp}/bench.sqlite3"))
        baseline = minimal_skill()
        conversation = secure_base_conversation()
        baseline_requests = [launch()] * len(conversation)
        run_conversation(ours, conversation)  # warm caches (templates, plans) as a live server would be
        run_conversation(baseline, baseline_requests)
        ours_t = per_turn_seconds(ours, conversation, args.rounds)
        base_t = per_turn_seconds(baseline, baseline_requests, args.rounds)
        ours_m = peak_bytes(lambda: run_conversation(ours, conversation))
        base_m = peak_bytes(lambda: run_conversation(baseline, baseline_requests))
    report = {
        "turn_latency_median_ratio": round(statistics.median(ours_t) / statistics.median(base_t), 2),
        "turn_latency_p95_ratio": round(sorted(ours_t)[int(0.95 * len(ours_t))] / sorted(base_t)[int(0.95 * len(base_t))], 2),
        "conversation_peak_memory_ratio": round(ours_m / max(1, base_m), 2),
        "rounds": args.rounds,
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
