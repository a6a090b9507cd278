"""When the store fails, the person notices nothing: the exercise goes on from session state, no
word about databases, one log line when it fails (no user id); the store is then skipped for a
short, growing while (the breaker) and what could not be saved rides in the session until a
save lands."""
import logging
import socket
import sqlite3
import time

from conftest import TEST_STORE_BUDGET
from dynalite import USER, Dynalite, new_session, read_back
from skill import persistence, speech
from skill.config import Config

STORE_WORDS = ("database", "store", "saved", "save", "server", "sorry, something went wrong")


def store_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "secure_base" and "profile store unavailable" in r.getMessage()]


def heard_nothing_about_it(turn) -> bool:
    text = turn.text.lower()
    return not turn.said("common/error") and not any(word in text for word in STORE_WORDS)


def step(talk, caplog, request_or_name, **slots):
    """One turn, checking it logged at most one store warning and no user id."""
    caplog.clear()
    turn = talk(request_or_name) if isinstance(request_or_name, dict) else talk.say(request_or_name, **slots)
    assert len(store_warnings(caplog)) <= 1
    assert USER not in caplog.text and "amzn1.ask.account" not in caplog.text
    return turn


def test_dynamodb_dies_mid_exercise_the_exercise_goes_on_and_the_session_saves_once_it_is_back(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="secure_base")
    with Dynalite(path=tmp_path / "dynalite") as server:
        server.create_table("SecureBaseUsers")
        config = Config(store="dynamodb", dynamodb_table="SecureBaseUsers", dynamodb_endpoint=server.endpoint,
                        store_timeout=0.3, store_retry=0.2, store_budget=TEST_STORE_BUDGET)
        talk = new_session(config)
        talk.launch()
        turn = step(talk, caplog, "BreathingIntent", technique=("box breathing", "box"), duration="PT5M")
        turn = step(talk, caplog, "AMAZON.NextIntent")
        assert read_back(config)["unfinished"]["turn"] == 1

        server.kill()
        turns, warned = [], 0
        while not turn.exercise["done"]:
            turn = step(talk, caplog, "AMAZON.NextIntent")
            warned += len(store_warnings(caplog))
            turns.append(turn)
        assert len(turns) == 2 and warned == 1  # tried once, then skipped while the breaker is open
        assert all(t.said("breathing/cue") and heard_nothing_about_it(t) and not t.ended for t in turns)
        assert turn.said("breathing/close") and turn.said("common/after_exercise")

        server.start()  # same port, same data
        assert read_back(config)["unfinished"]["turn"] == 1  # nothing was written while it was down
        time.sleep(0.3)  # past the breaker's wait
        again = step(talk, caplog, "BreathingIntent", technique=("the calming sigh", "sigh"))
        assert not store_warnings(caplog) and again.said("breathing/cue")
        stored = read_back(config)
        assert stored["progress"]["done"]["breathing"] == 1  # the completion heard while it was down
        assert stored["prefs"]["technique"] == "sigh"
        assert stored["unfinished"]["opts"]["technique"] == "sigh" and stored["unfinished"]["turn"] == 0
        assert "keep" not in again.state  # nothing left to carry


def test_a_dynamodb_that_never_answers_does_not_stop_the_exercise(caplog):
    caplog.set_level(logging.INFO, logger="secure_base")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # accepts connections, never says a word
    try:
        port = silent.getsockname()[1]
        config = Config(store="dynamodb", dynamodb_table="SecureBaseUsers",
                        dynamodb_endpoint=f"http://127.0.0.1:{port}", store_timeout=0.2)
        talk = new_session(config)
        first = step(talk, caplog, {"type": "LaunchRequest"})
        assert first.said("common/welcome_first") and heard_nothing_about_it(first)
        assert len(store_warnings(caplog)) == 1
        turn = step(talk, caplog, "GroundingIntent")
        assert "five things you can see" in turn.text and heard_nothing_about_it(turn)
        turn = step(talk, caplog, "AMAZON.NextIntent")
        assert "four things you can feel" in turn.text and turn.exercise["turn"] == 1
    finally:
        silent.close()


def test_sqlite_locked_by_another_worker_then_released(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="secure_base")
    config = Config(store="sqlite", sqlite_path=str(tmp_path / "store.sqlite3"), store_timeout=0.5, store_retry=0.05,
                    store_budget=TEST_STORE_BUDGET)  # the lock wait (0.5 s) fails the save, not the budget
    talk = new_session(config)
    step(talk, caplog, "BreathingIntent", technique=("box breathing", "box"), duration="PT5M")
    other = sqlite3.connect(config.sqlite_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another worker holding the write lock
    try:
        turn = step(talk, caplog, "AMAZON.NextIntent")
        assert turn.said("breathing/cue") and turn.exercise["turn"] == 1 and heard_nothing_about_it(turn)
        assert len(store_warnings(caplog)) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert read_back(config)["unfinished"]["turn"] == 0
    time.sleep(0.1)  # past the breaker's wait
    turn = step(talk, caplog, "AMAZON.NextIntent")
    assert not store_warnings(caplog) and turn.exercise["turn"] == 2
    assert read_back(config)["unfinished"]["turn"] == 2


def test_an_unwritable_sqlite_path_still_gives_a_whole_conversation(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="secure_base")
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the store's folder should be")
    config = Config(store="sqlite", sqlite_path=str(blocker / "store.sqlite3"))
    talk = new_session(config)
    first = step(talk, caplog, {"type": "LaunchRequest"})
    assert first.said("common/welcome_first") and heard_nothing_about_it(first)
    assert len(store_warnings(caplog)) == 1
    turn = step(talk, caplog, "GroundingIntent")
    while not turn.exercise["done"]:
        turn = step(talk, caplog, "AMAZON.NextIntent")
        assert heard_nothing_about_it(turn) and not store_warnings(caplog)  # said once, not every turn
    assert turn.said("grounding/close")


def test_an_error_answer_still_saves_what_the_turn_learned(config, monkeypatch, caplog):
    """Response interceptors don't run when the exception handler answers: it saves itself."""
    real_render = speech.render

    def render(locale, key, /, **data):
        if key == "common/go_on":
            raise RuntimeError("a template broke")
        return real_render(locale, key, **data)

    monkeypatch.setattr(speech, "render", render)
    turn = new_session(config).say("BreathingIntent", technique=("slow even breathing", "coherent"), duration="PT4M")
    assert turn.said("common/error") and not turn.ended
    stored = read_back(config)
    assert stored["prefs"] == {"technique": "coherent", "minutes": 4}
    assert stored["unfinished"]["id"] == "breathing"


def test_a_store_that_fails_once_is_tried_again_next_turn(config, monkeypatch, caplog):
    """A read that fails writes nothing over the real record; the next turn reads and saves again."""
    caplog.set_level(logging.INFO, logger="secure_base")
    config = config.but(store_retry=0.05)
    talk = new_session(config)
    talk.say("BreathingIntent", technique=("the calming sigh", "sigh"), duration="PT5M")
    failures = iter([True])
    real_get = persistence.SqliteAdapter.get_attributes

    def flaky_get(self, request_envelope):
        if next(failures, False):
            raise persistence.PersistenceException("sqlite read failed: OperationalError")
        return real_get(self, request_envelope)

    monkeypatch.setattr(persistence.SqliteAdapter, "get_attributes", flaky_get)
    down = step(talk, caplog, "AMAZON.NextIntent")
    assert down.exercise["turn"] == 1 and heard_nothing_about_it(down) and len(store_warnings(caplog)) == 1
    assert read_back(config)["unfinished"]["turn"] == 0 and read_back(config)["prefs"]["technique"] == "sigh"
    time.sleep(0.1)  # past the breaker's wait
    up = step(talk, caplog, "AMAZON.NextIntent")
    assert up.exercise["turn"] == 2 and not store_warnings(caplog)
    assert read_back(config)["unfinished"]["turn"] == 2
