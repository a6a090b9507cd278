"""Light load on the real stack, every run: gunicorn with the SQLite store on 127.0.0.1.

500 requests, 8 at a time, from 40 people each running whole sessions in order: every answer
a 200 without the apology, and every completion a person heard is in the store afterwards.
The heavy variant (5,000 at 32, the store hung and thawed, a black-holed certificate host) is
`make soak` (bench/soak.py).
"""
import os

from dynalite import read_back
from load import gunicorn, run_load
from skill.config import Config

REQUESTS, CONCURRENCY, PEOPLE = 500, 8, 40


def test_500_requests_at_8_concurrent_no_errors_and_no_lost_progress(tmp_path):
    store = tmp_path / "load.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SB_")}
    # what lands, not how fast (a shared test machine can stall a save past production's 0.4 s)
    env.update(SB_STORE="sqlite", SB_SQLITE_PATH=str(store), SB_VERIFY="0", SB_STORE_BUDGET="3")
    with gunicorn(env, tmp_path / "gunicorn.log") as base:
        figures = run_load(base + "/", requests=REQUESTS, concurrency=CONCURRENCY, people=PEOPLE)
    log = (tmp_path / "gunicorn.log").read_text()
    assert figures.errors == [], figures.errors
    assert figures.requests == REQUESTS
    assert sum(figures.completions.values()) >= PEOPLE  # everyone finished at least once
    config = Config(store="sqlite", sqlite_path=str(store))
    for user, heard in figures.completions.items():
        assert read_back(config, user)["progress"]["done"]["grounding"] == heard, user
    assert "store_lost" not in log and "Traceback" not in log
