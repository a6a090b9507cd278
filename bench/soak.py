"""The heavy load test (`make soak`): gunicorn under faults, figures written to a file.

    .venv/bin/python bench/soak.py [--requests 5000] [--concurrency 32] [--out bench/soak-results.txt]

On 127.0.0.1 only, bounded in count and time (--deadline seconds):

- gunicorn (gthread workers) serving the real app factory with Alexa verification ON against
  a throwaway PKI (bench/soak_app.py), the DynamoDB store on dynalite;
- ``--requests`` signed requests at ``--concurrency``, from people each running whole sessions;
- partway through, dynalite is frozen (SIGSTOP) for ``--freeze`` seconds, then thawed;
- all the while, forged requests name certificate URLs served by a black hole (a local
  listener that accepts and never answers).

- then, where the machine allows a private mount namespace (``unshare -m``), the disk is
  filled: bench/soak_disk.py runs ``--disk-people`` whole sessions on a SQLite store in a
  1 MiB tmpfs mounted only inside that namespace.

Reported: requests, errors, latency percentiles, forged requests
and their latency, completions heard against completions stored, and store_lost lines.
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from builders import envelope, launch  # noqa: E402
from dynalite import Dynalite, read_back  # noqa: E402
from load import Figures, gunicorn, post, run_load  # noqa: E402
from signing import PKI, alexa_headers, body_of  # noqa: E402
from skill.config import Config  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--freeze", type=float, default=5.0, help="seconds dynalite stays frozen")
    parser.add_argument("--forged", type=int, default=200, help="forged requests, spread over the run")
    parser.add_argument("--drain", type=float, default=15.0, help="seconds to let background saves finish")
    parser.add_argument("--disk-people", type=int, default=2500, help="sessions on the 1 MiB disk (0: skip)")
    parser.add_argument("--deadline", type=float, default=600.0, help="give up after this many seconds")
    parser.add_argument("--out", default=str(ROOT / "bench" / "soak-results.txt"))
    args = parser.parse_args(argv)
    args.requests = min(args.requests, 20_000)  # bounded, whatever is asked
    args.concurrency = min(args.concurrency, 64)

    work = Path(tempfile.mkdtemp(prefix="sb-soak-"))
    pki = PKI()
    (work / "chain.pem").write_bytes(pki.chain())
    from cryptography.hazmat.primitives import serialization

    (work / "root.pem").write_bytes(pki.root.public_bytes(serialization.Encoding.PEM))
    black_hole = socket.socket()
    black_hole.bind(("127.0.0.1", 0))
    black_hole.listen(512)  # accepts (the kernel does), never answers

    with Dynalite() as server:
        server.create_table("SecureBaseUsers")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SB_")}
        env.update(SB_STORE="dynamodb", SB_DYNAMODB_TABLE="SecureBaseUsers", SB_DYNAMODB_ENDPOINT=server.endpoint,
                   SOAK_PKI_DIR=str(work), SOAK_BLACK_HOLE_PORT=str(black_hole.getsockname()[1]),
                   AWS_ACCESS_KEY_ID="local", AWS_SECRET_ACCESS_KEY="local", AWS_DEFAULT_REGION="us-east-1",
                   PYTHONUNBUFFERED="1")
        env["PYTHONPATH"] = str(ROOT / "bench")
        log = work / "gunicorn.log"
        with gunicorn(env, log, workers=4, threads=max(1, args.concurrency // 4), app="soak_app:create_app()") as base:
            url = base + "/"
            started = time.monotonic()
            result: dict = {}
            load = threading.Thread(target=lambda: result.update(figures=run_load(
                url, requests=args.requests, concurrency=args.concurrency, people=args.people,
                sign=lambda data: alexa_headers(data, pki.signing_key))), daemon=True)
            load.start()
            forged = Figures()
            frozen_window = []
            forger = threading.Thread(target=send_forged, args=(url, pki, args.forged, forged, load), daemon=True)
            forger.start()
            time.sleep(min(10.0, args.deadline / 10))  # let it warm up, then hang the store
            frozen_window.append(time.monotonic())
            server.freeze()
            time.sleep(args.freeze)
            server.thaw()
            frozen_window.append(time.monotonic())
            load.join(max(1.0, args.deadline - (time.monotonic() - started)))
            forger.join(5)
            elapsed = time.monotonic() - started
            time.sleep(args.drain)  # sessions that ended with changes unsaved are retried in the background
        figures: Figures = result.get("figures") or Figures()
        config = Config(store="dynamodb", dynamodb_table="SecureBaseUsers", dynamodb_endpoint=server.endpoint)
        heard = sum(figures.completions.values())
        stored = 0
        for user in figures.completions:
            record = read_back(config, user) or {}
            stored += ((record.get("progress") or {}).get("done") or {}).get("grounding", 0)
    black_hole.close()
    text = log.read_text(errors="replace")
    lost = sum(int(m) for m in re.findall(r"store_lost: .*?completions=(\d+)", text))
    lines = [
        f"soak: {figures.requests} requests at concurrency {args.concurrency} in {elapsed:.1f} s"
        f" ({'finished' if not load.is_alive() else 'DEADLINE REACHED'})",
        f"errors: {len(figures.errors)} {figures.errors[:5]}",
        f"latency all: p50 {figures.percentile(50):.3f} s, p95 {figures.percentile(95):.3f} s,"
        f" p99 {figures.percentile(99):.3f} s, max {max(figures.seconds or [0]):.3f} s",
        f"turns over 1.5 s: {sum(s > 1.5 for s in figures.seconds)}; over 8 s: {sum(s > 8 for s in figures.seconds)}",
        f"store frozen for {args.freeze:.1f} s (SIGSTOP) from {frozen_window[0] - started:.1f} s into the run",
        f"forged requests: {forged.requests}, refused (400): {sum(1 for e in forged.errors if e[0] == 400)}"
        f" of those recorded, max {max(forged.seconds or [0]):.3f} s, p95 {forged.percentile(95):.3f} s",
        f"completions heard: {heard}; stored: {stored}; store_lost lines: {text.count('store_lost')},"
        f" completions they report: {lost}; unaccounted for: {heard - stored - lost}",
        f"saved in the background after their session ended: {text.count('after it ended')};"
        f" late saves landed: {text.count('outlived its turn landed')}, failed (then carried): {text.count('outlived its turn failed')}",
        f"HTTP 500 answers: {sum(1 for e in figures.errors if e[0] == 500)}; tracebacks in the log: {text.count('Traceback')}",
        disk_figures(work, args.disk_people),
    ]
    Path(args.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"figures written to {args.out}")
    return 0 if not figures.errors and load.is_alive() is False else 1


def disk_figures(work: Path, people: int) -> str:
    """The disk-full run, in a private mount namespace where the machine allows one."""
    import json
    import subprocess

    if people <= 0:
        return "disk full: skipped (--disk-people 0)"
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        return "disk full: not possible here (no private mount namespace: unshare -m failed)"
    run = subprocess.run(["unshare", "-m", sys.executable, str(ROOT / "bench" / "soak_disk.py"), str(work / "disk"),
                          str(min(people, 10_000))], capture_output=True, text=True, timeout=600)
    try:
        figures = json.loads(run.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return f"disk full: the run failed ({run.returncode}): {run.stderr[-500:]}"
    return ("disk full (SQLite on a 1 MiB tmpfs): {sessions} sessions, {not_normal_answers} answers not normal,"
            " largest WAL {largest_wal_bytes} bytes, completions heard {completions_heard}, stored"
            " {completions_stored}, store_lost lines {store_lost_lines}, free at the end {free_bytes_at_end}"
            " bytes").format(**figures)


def send_forged(url: str, pki: PKI, count: int, figures: Figures, load: threading.Thread) -> None:
    """Signed by a stranger and naming certificate URLs the black hole serves: each must be refused."""
    stranger = PKI("Stranger Root")
    for n in range(count):
        if not load.is_alive():
            return
        data = body_of(envelope(launch()))
        headers = alexa_headers(data, stranger.signing_key, url=f"https://s3.amazonaws.com/echo.api/forged-{n % 50}.pem")
        started = time.monotonic()
        try:
            status, _ = post(url, data, headers, timeout=30)
        except Exception as exc:
            figures.note(time.monotonic() - started, type(exc).__name__)
            continue
        figures.note(time.monotonic() - started, status)  # recorded as "errors": a refusal is what we want
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
