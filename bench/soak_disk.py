"""The disk-full part of `make soak`, run by bench/soak.py inside a private mount namespace.

    unshare -m python bench/soak_disk.py <dir> <people>

Mounts a 1 MiB tmpfs on <dir> (visible only inside this namespace), puts the SQLite store
there and runs whole grounding sessions for <people> user ids through the skill (the Lambda
entry point, in process) until well past the moment the disk is full. Prints one JSON line of
figures: sessions, answers that were not normal, the largest WAL seen, and what was saved.
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from builders import Conversation  # noqa: E402
from skill import app, persistence  # noqa: E402
from skill.config import Config  # noqa: E402


def main(directory: str, people: int) -> int:
    Path(directory).mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", directory], check=True)
    path = Path(directory) / "store.sqlite3"
    wal = path.with_name(path.name + "-wal")
    lost = []

    class Count(logging.Handler):
        def emit(self, record):
            if record.getMessage().startswith("store_lost"):
                lost.append(record.getMessage())

    logging.getLogger("secure_base").addHandler(Count())
    logging.getLogger("secure_base").setLevel(logging.INFO)
    config = Config(store="sqlite", sqlite_path=str(path), store_retry=0.01)
    guarded = persistence.Guarded(persistence.make_store(config), budget=config.store_budget, retry=config.store_retry,
                                  patience=1.0)  # background retries give up soon: the disk stays full
    skill = app.build(config, adapter=guarded)
    sessions = odd = largest_wal = heard = 0
    for n in range(people):
        talk = Conversation(lambda body: app.invoke(skill, body), user_id=f"amzn1.ask.account.DISK{n:06d}")
        turns = [talk.launch(), talk.say("GroundingIntent")]
        while not turns[-1].exercise["done"] and len(turns) < 15:
            turns.append(talk.say("AMAZON.NextIntent"))
        heard += 1 if turns[-1].exercise["done"] else 0
        turns.append(talk.say("AMAZON.StopIntent"))
        sessions += 1
        odd += sum(1 for t in turns if t.said("common/error") or not t.text)
        largest_wal = max(largest_wal, wal.stat().st_size if wal.exists() else 0)
    stored = 0
    store = persistence.SqliteAdapter(str(path))
    from types import SimpleNamespace as NS

    for n in range(people):
        try:
            record = store.get_attributes(NS(context=NS(system=NS(user=NS(user_id=f"amzn1.ask.account.DISK{n:06d}")))))
        except Exception:
            continue
        stored += ((record.get("progress") or {}).get("done") or {}).get("grounding", 0)
    import time

    time.sleep(3)  # background retries give up or land
    guarded._abandon()  # and what still waits is counted now, not at exit
    statvfs = os.statvfs(directory)
    print(json.dumps({"sessions": sessions, "not_normal_answers": odd, "largest_wal_bytes": largest_wal,
                      "completions_heard": heard, "completions_stored": stored, "store_lost_lines": len(lost),
                      "free_bytes_at_end": statvfs.f_bavail * statvfs.f_frsize}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
