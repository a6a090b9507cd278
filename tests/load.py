"""Load on the real HTTP stack: gunicorn on 127.0.0.1, many people at once, each one in order.

Used by tests/test_load.py (light, in `make test`) and bench/soak.py (heavy, `make soak`).
A "person" is a user id that runs whole sessions one after another (launch, grounding to the
end, stop), as one person on one device would; people run side by side on a thread pool.
Every request is checked (HTTP 200, no apology); the completions each person heard are
counted, so the store can be checked afterwards: nothing lost.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from builders import envelope, intent, launch, new_session_id
from skill import speech

ROOT = Path(__file__).resolve().parent.parent
APOLOGY = "something went wrong on my side"


@dataclass
class Figures:
    requests: int = 0
    errors: list = field(default_factory=list)  # (status or exception name, what was sent)
    seconds: list = field(default_factory=list)  # each request's duration
    completions: dict = field(default_factory=dict)  # user id -> grounding completions heard
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, seconds: float, problem=None, what: str = "") -> None:
        with self.lock:
            self.requests += 1
            self.seconds.append(seconds)
            if problem is not None and len(self.errors) < 50:
                self.errors.append((problem, what))

    def percentile(self, p: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def post(url: str, body: bytes, headers: dict | None = None, timeout: float = 30) -> tuple[int, dict | None]:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, None


def run_person(url: str, user: str, sessions: int, figures: Figures, sign=None, budget: list | None = None) -> None:
    """Whole grounding sessions for one user id, in order; stops when the shared request budget runs out."""

    def send(request: dict, attributes: dict | None, session_id: str) -> dict | None:
        if budget is not None:
            with figures.lock:
                if budget[0] <= 0:
                    return None
                budget[0] -= 1
        stamped = {**request, "timestamp": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}  # verifiers check it
        body = envelope(stamped, attributes=attributes or {}, new=attributes is None, user_id=user, session_id=session_id)
        data = json.dumps(body).encode()
        what = request.get("intent", {}).get("name", request["type"])
        started = time.monotonic()
        try:
            status, answer = post(url, data, sign(data) if sign else None)
        except Exception as exc:  # a timeout or a reset: an error like any other
            figures.note(time.monotonic() - started, type(exc).__name__, what)
            return None
        said = speech.to_text(((answer or {}).get("response", {}).get("outputSpeech") or {}).get("ssml", ""))
        if status != 200 or APOLOGY in said:
            figures.note(time.monotonic() - started, status, what)
            return None
        figures.note(time.monotonic() - started)
        return answer

    for _ in range(sessions):
        session_id = new_session_id()
        answer = send(launch(), None, session_id)
        if answer is None:
            return
        answer = send(intent("GroundingIntent"), answer.get("sessionAttributes") or {}, session_id)
        for _ in range(12):
            if answer is None:
                return
            exercise = (answer.get("sessionAttributes") or {}).get("sb", {}).get("ex") or {}
            if exercise.get("done"):
                with figures.lock:
                    figures.completions[user] = figures.completions.get(user, 0) + 1
                break
            answer = send(intent("AMAZON.NextIntent"), answer.get("sessionAttributes") or {}, session_id)
        if answer is None or send(intent("AMAZON.StopIntent"), answer.get("sessionAttributes") or {}, session_id) is None:
            return


def run_load(url: str, *, requests: int, concurrency: int, people: int, sign=None) -> Figures:
    """About ``requests`` requests from ``people`` user ids, ``concurrency`` at a time."""
    figures = Figures()
    budget = [requests]
    sessions_each = max(1, requests // (people * 8) + 1)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for n in range(people):
            pool.submit(run_person, url, f"amzn1.ask.account.LOAD{n:05d}", sessions_each, figures, sign, budget)
    return figures


@contextmanager
def gunicorn(env: dict, log: Path, *, workers: int = 3, threads: int = 4, app: str = "skill.web:create_app()",
             startup_seconds: float = 60):
    """gunicorn on a free 127.0.0.1 port (gthread workers); yields its base URL."""
    from servers import free_port

    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--worker-class", "gthread", "--threads", str(threads), "--timeout", "30", app]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env={**env, "PYTHONPATH": os.pathsep.join(
                                       p for p in (str(ROOT), str(ROOT / "tests"), env.get("PYTHONPATH")) if p)},
                                   stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            assert process.poll() is None, f"gunicorn exited early:\n{log.read_text()[-3000:]}"
            try:
                with urllib.request.urlopen(base + "/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, f"gunicorn never became ready:\n{log.read_text()[-3000:]}"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
