"""Benchmarks: Secure Base against a minimal ask-sdk-core skill, both measured in the same run.

Each figure is a ratio (Secure Base / baseline), printed beside its target, never an absolute
time, so it means the same on a slow laptop and a fast CI machine. The two sides alternate
round by round, so a noisy neighbour slows both alike.

- warm: a mixed 12-turn session (launch, help, box breathing walked through, grounding walked
  through, an unclear turn, stop) in one process; per-turn median and p99.
- cold: a new process that imports the skill from the Lambda package (`make
  build-SecureBaseFunction`, built here for this machine) and answers one LaunchRequest, against
  a new process with only ask-sdk-core that does the same.
- memory: the peak resident set of a serving process (cold start, then warm sessions); and, with no
  target, the same with a person's own words in each session (the crisis screen loaded).

    .venv/bin/python bench/run.py [--rounds 200] [--cold 30] [--store memory|sqlite]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from builders import envelope, intent, launch  # noqa: E402

TARGETS = {"warm_median": 1.5, "warm_p99": 2.0, "cold": 1.5, "peak_memory": 1.3}

BASELINE = '''
from ask_sdk_core.skill_builder import SkillBuilder

builder = SkillBuilder()

@builder.request_handler(can_handle_func=lambda handler_input: True)
def hello(handler_input):
    return handler_input.response_builder.speak("Hello.").set_should_end_session(False).response

skill = builder.create()
handler = builder.lambda_handler()
'''


def session() -> list[dict]:
    """The mixed session: what a person does in a first few minutes."""
    return [launch(), intent("AMAZON.HelpIntent"),
            intent("BreathingIntent", technique=("box", "box"), duration="PT1M"),
            intent("AMAZON.NextIntent"), intent("AMAZON.NextIntent"), intent("AMAZON.NextIntent"),
            intent("GroundingIntent", technique=("five senses", "senses")),
            intent("AMAZON.NextIntent"), intent("AMAZON.NextIntent"), intent("AMAZON.NextIntent"),
            intent("AMAZON.FallbackIntent"), intent("AMAZON.StopIntent")]


def turn_times(answer, requests) -> list[float]:
    """One session through `answer(body) -> response dict`, carrying attributes as Alexa does."""
    attributes, times = None, []
    for request in requests:
        body = envelope(request, attributes=attributes or {}, new=attributes is None)
        start = time.process_time()  # CPU time: see cold_once
        out = answer(body)
        times.append(time.process_time() - start)
        attributes = None if out["response"].get("shouldEndSession") else out.get("sessionAttributes") or {}
    return times


def warm(rounds: int, store: str, tmp: str) -> tuple[list[float], list[float]]:
    from skill import app
    from skill.config import Config

    ours = app.build(Config(store=store, sqlite_path=f"{tmp}/bench.sqlite3"))
    namespace: dict = {}
    exec(BASELINE, namespace)
    baseline = namespace["skill"]

    def answer_ours(body):
        return app.invoke(ours, body)

    def answer_base(body):  # the same envelope work the Lambda entry does: dict in, dict out
        from ask_sdk_model import RequestEnvelope
        req = baseline.serializer.deserialize(payload=json.dumps(body), obj_type=RequestEnvelope)
        return baseline.serializer.serialize(baseline.invoke(request_envelope=req, context=None))

    requests = session()
    for _ in range(5):  # caches warm, as a live server's are
        turn_times(answer_ours, requests)
        turn_times(answer_base, requests)
    ours_t, base_t = [], []
    for i in range(rounds):  # alternate which side goes first
        pair = [(answer_ours, ours_t), (answer_base, base_t)]
        for answer, sink in (pair if i % 2 else pair[::-1]):
            sink.extend(turn_times(answer, requests))
    return ours_t, base_t


def build_packages(tmp: Path) -> tuple[Path, Path]:
    """The Lambda package as `sam build` makes it (for this machine), and ask-sdk-core alone."""
    ours, floor = tmp / "ours", tmp / "floor"
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    subprocess.run(["make", "-s", "build-SecureBaseFunction", f"ARTIFACTS_DIR={ours}", f"PYTHON={sys.executable}",
                    "LAMBDA_PLATFORM=", f"LAMBDA_PYTHON={here}"], cwd=ROOT, check=True, capture_output=True)
    pins = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line.startswith("ask-sdk-")
            and "dynamodb" not in line]
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--only-binary=:all:", "--target", str(floor),
                    *pins], check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
                    str(floor)], check=True, capture_output=True)
    return ours, floor


CHILD = '''
import json, sys
sys.path.insert(0, {path!r})
event = json.loads(sys.stdin.readline())
{load}
out = handler(event, None)
assert out["response"]["outputSpeech"], out
'''


def cold_once(package: Path, load: str, event: dict) -> float:
    """CPU seconds (user + system) of a new process answering one LaunchRequest.

    CPU time rather than the wall clock: on a shared machine another job's turn on the core
    would count as ours; a cold start on Lambda has its core to itself.
    """
    code = CHILD.format(path=str(package), load=load)
    env = {"PATH": os.environ.get("PATH", ""), "SB_STORE": "memory", "SB_LOG_SALT": "bench-" + "x" * 40}
    # -I -S: no site-packages and no checkout, only the package and the standard library (as on Lambda)
    child = subprocess.Popen([sys.executable, "-I", "-S", "-c", code], stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    child.stdin.write((json.dumps(event) + "\n").encode())
    child.stdin.close()
    error = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"cold start failed: {error.decode()[-1000:]}")
    return usage.ru_utime + usage.ru_stime


def cold(rounds: int, ours: Path, floor: Path) -> tuple[list[float], list[float]]:
    event = envelope(launch())
    sides = [(ours, "from skill.app import lambda_handler as handler"), (floor, BASELINE)]
    for package, load in sides:
        cold_once(package, load, event)  # the file cache warm for both
    ours_t, base_t = [], []
    for i in range(rounds):
        order = [(sides[0], ours_t), (sides[1], base_t)]
        for (package, load), sink in (order if i % 2 else order[::-1]):
            sink.append(cold_once(package, load, event))
    return ours_t, base_t


SERVE = '''
import json, sys
sys.path.insert(0, {path!r})
{load}
for line in sys.stdin:
    handler(json.loads(line), None)
# VmHWM: this process's own peak (ru_maxrss would carry the parent's over the exec)
print([line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")][0])
'''


def peak_kib(package: Path, load: str, bodies: list[dict]) -> int:
    env = {"PATH": os.environ.get("PATH", ""), "SB_STORE": "memory", "SB_LOG_SALT": "bench-" + "x" * 40}
    out = subprocess.run([sys.executable, "-I", "-S", "-c", SERVE.format(path=str(package), load=load)],
                         input="".join(json.dumps(b) + "\n" for b in bodies), text=True, check=True,
                         capture_output=True, env=env)
    return int(out.stdout.split()[-1])


def with_words() -> list[dict]:
    """The mixed session with a person's own words in it: the crisis screen and its readers load."""
    return [launch(), intent("SayFeelIntent", words="so alone tonight and nothing helps"), *session()[1:]]


def serving_bodies(sessions: int, requests=session) -> list[dict]:
    """Sessions with attributes carried, as recorded from the skill itself (same bodies for both sides)."""
    from skill import app
    from skill.config import Config

    skill = app.build(Config(store="memory"))
    bodies = []
    for n in range(sessions):
        attributes = None
        for request in requests():
            body = envelope(request, attributes=attributes or {}, new=attributes is None, user_id=f"amzn1.ask.account.{n}")
            bodies.append(body)
            out = app.invoke(skill, body)
            attributes = None if out["response"].get("shouldEndSession") else out.get("sessionAttributes") or {}
    return bodies


def p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200, help="warm sessions per side")
    parser.add_argument("--cold", type=int, default=30, help="new processes per side")
    parser.add_argument("--store", default="memory", choices=("memory", "sqlite"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ours_w, base_w = warm(args.rounds, args.store, tmp)
        ours_pkg, floor_pkg = build_packages(Path(tmp))
        ours_c, base_c = cold(args.cold, ours_pkg, floor_pkg)
        bodies = serving_bodies(20)
        ours_m = peak_kib(ours_pkg, "from skill.app import lambda_handler as handler", bodies)
        base_m = peak_kib(floor_pkg, BASELINE, bodies)
        words_m = peak_kib(ours_pkg, "from skill.app import lambda_handler as handler", serving_bodies(20, with_words))
    ratios = {
        "warm_median": statistics.median(ours_w) / statistics.median(base_w),
        "warm_p99": p(ours_w, 0.99) / p(base_w, 0.99),
        "cold": statistics.median(ours_c) / statistics.median(base_c),
        "peak_memory": ours_m / base_m,
    }
    details = {
        "warm_median": f"{statistics.median(ours_w) * 1e3:.2f} ms vs {statistics.median(base_w) * 1e3:.2f} ms a turn",
        "warm_p99": f"{p(ours_w, 0.99) * 1e3:.2f} ms vs {p(base_w, 0.99) * 1e3:.2f} ms a turn",
        "cold": f"{statistics.median(ours_c) * 1e3:.0f} ms vs {statistics.median(base_c) * 1e3:.0f} ms CPU a process",
        "peak_memory": f"{ours_m / 1024:.1f} MiB vs {base_m / 1024:.1f} MiB",
    }
    print(f"Secure Base / minimal ask-sdk-core skill, alternating; store={args.store}, "
          f"{args.rounds} warm sessions of {len(session())} turns, {args.cold} cold processes a side")
    for name, ratio in ratios.items():
        verdict = "ok" if ratio <= TARGETS[name] else "OVER"
        print(f"  {name:<12} {ratio:5.2f}x  (target <= {TARGETS[name]}x)  {verdict:<4}  {details[name]}")
    print(f"  and with a person's own words in each session (the crisis screen loaded; no target): "
          f"{words_m / base_m:.2f}x, {words_m / 1024:.1f} MiB")
    print(json.dumps({k: round(v, 2) for k, v in ratios.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
