"""A slow or hung store never makes a person wait, and nothing is lost that can be kept.

A turn spends at most the store budget (load and save together); after a failure the breaker
skips the store for a short, growing while; what could not be saved rides in the session and
lands with the next save that succeeds; what is finally lost is one counted `store_lost` line.
"""
import logging
import time

from builders import Conversation, envelope, intent
from dynalite import USER, Dynalite, new_session, read_back
from skill import app, persistence
from skill.config import Config
from skill.persistence import Breaker, Guarded


def lost_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("store_lost")]


class Store(persistence.MemoryAdapter):
    """The in-memory store, made to fail, hang or refuse writes on demand, counting what it was asked."""

    def __init__(self):
        super().__init__()
        self.calls = 0
        self.failing = self.read_only = False
        self.delay = self.save_delay = 0.0

    def _asked(self):
        self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        if self.failing:
            raise OSError("store down")

    def get_attributes(self, request_envelope):
        self._asked()
        return super().get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        self._asked()
        time.sleep(self.save_delay)
        if self.read_only:
            raise OSError("read-only file system")
        return super().save_attributes(request_envelope, attributes)


def talk_to(store: Store, *, budget: float = 0.4, retry: float = 1.0, patience: float = 0.5,
            **envelope_kwargs) -> Conversation:
    skill = app.build(Config(store="memory"), adapter=Guarded(store, budget=budget, retry=retry, patience=patience))
    return Conversation(lambda body: app.invoke(skill, body), **envelope_kwargs)


def stored(store: Store) -> dict:
    return store.rows.get(persistence.hash_user_id(USER), {})


# --- the breaker -------------------------------------------------------------------------------

def test_a_failing_store_is_asked_once_then_skipped_while_the_breaker_is_open():
    store = Store()
    store.failing = True
    talk = talk_to(store)
    talk.launch()
    for _ in range(5):
        assert talk.say("GroundingIntent").said("grounding/intro")
    assert store.calls == 1


def test_the_breaker_waits_longer_after_each_failed_probe_and_closes_on_success():
    now = [0.0]
    breaker = Breaker(first=1.0, longest=4.0, clock=lambda: now[0])
    assert breaker.allow()
    assert breaker.failed() == 1.0 and not breaker.allow()
    now[0] = 1.0
    assert breaker.allow() and not breaker.allow()  # one probe at a time
    assert breaker.failed() == 2.0
    now[0] = 2.9
    assert not breaker.allow()
    now[0] = 3.0
    assert breaker.allow()
    assert breaker.failed() == 4.0 and breaker.failed() == 4.0  # never longer than `longest`
    now[0] = 20.0
    assert breaker.allow() and breaker.succeeded()
    assert breaker.allow() and breaker.allow()


def test_a_slow_store_costs_a_turn_at_most_its_budget_load_and_save_together():
    store = Store()
    store.delay = 5.0
    talk = talk_to(store, budget=0.4)
    started = time.monotonic()
    turn = talk.launch()
    elapsed = time.monotonic() - started
    assert turn.said("common/welcome_first") and store.calls == 1  # the save was not attempted
    assert elapsed < 1.5, elapsed


# --- nothing lost that can be kept -----------------------------------------------------------

def test_what_a_down_store_missed_is_saved_once_it_answers_within_the_session():
    store = Store()
    talk = talk_to(store, retry=0.05)
    talk.launch()
    store.failing = True
    turn = talk.say("GroundingIntent")
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.NextIntent")
    assert turn.state["keep"]["v"] == 1 and "done" not in stored(store).get("progress", {})
    store.failing = False
    time.sleep(0.1)  # past the breaker's wait
    after = talk.say("AMAZON.HelpIntent")
    assert "keep" not in after.state
    assert stored(store)["progress"]["done"] == {"grounding": 1}
    assert stored(store)["progress"]["days"] == 1


def nexts_to_finish_grounding() -> int:
    talk = talk_to(Store())
    turn, count = talk.say("GroundingIntent"), 0
    while not turn.exercise["done"]:
        turn, count = talk.say("AMAZON.NextIntent"), count + 1
    return count


def test_a_save_that_outlives_its_turn_and_lands_late_is_not_counted_twice():
    store = Store()
    talk = talk_to(store, retry=0.05)
    talk.launch()
    talk.say("GroundingIntent")
    for _ in range(nexts_to_finish_grounding() - 1):
        talk.say("AMAZON.NextIntent")
    store.save_delay = 0.6  # the turn that completes it: its save outlives the budget, then lands
    turn = talk.say("AMAZON.NextIntent")
    assert turn.said("grounding/close") and turn.state["keep"]["sent"]
    time.sleep(1.0)  # it has landed, and the breaker's wait is over
    store.save_delay = 0.0
    after = talk.say("AMAZON.HelpIntent")
    assert stored(store)["progress"]["done"] == {"grounding": 1} and "keep" not in after.state


def test_a_save_that_outlives_its_turn_and_then_fails_is_still_carried_and_lands_later(caplog):
    caplog.set_level(logging.INFO, logger="secure_base")
    store = Store()
    talk = talk_to(store, retry=0.05)
    talk.launch()
    store.save_delay, store.read_only = 0.6, True
    turn = talk.say("BreathingIntent", technique=("box breathing", "box"))
    time.sleep(1.0)
    assert any("outlived its turn failed" in r.getMessage() for r in caplog.records)
    store.save_delay, store.read_only = 0.0, False
    talk.say("AMAZON.StopIntent")  # the session ends; its carried changes land after it
    for _ in range(50):
        if stored(store).get("prefs"):
            break
        time.sleep(0.1)
    assert stored(store)["prefs"]["technique"] == "box" and turn.state["keep"]["sent"]


def test_a_read_only_store_still_hears_the_disclosure_once_a_session():
    store = Store()
    store.read_only = True
    talk = talk_to(store)
    first = talk.say("BreathingIntent", technique=("box breathing", "box"))
    assert first.said("common/disclosure_short")
    again = talk.say("GroundingIntent")
    assert not again.said("common/disclosure_short") and again.said("grounding/intro")


def test_an_unreadable_store_still_hears_the_disclosure_once_a_session(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the store's folder should be")
    talk = new_session(Config(store="sqlite", sqlite_path=str(blocker / "store.sqlite3")))
    assert talk.say("BreathingIntent", technique=("box breathing", "box")).said("common/disclosure_short")
    assert not talk.say("GroundingIntent").said("common/disclosure_short")
    assert not talk.say("BreathingIntent").said("common/disclosure_short")


def test_changes_finally_lost_are_one_counted_line_with_counts_only(caplog):
    caplog.set_level(logging.INFO, logger="secure_base")
    store = Store()
    store.failing = True
    talk = talk_to(store)
    talk.launch()
    turn = talk.say("BreathingIntent", technique=("the calming sigh", "sigh"), duration="PT1M")
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.NextIntent")
    assert not lost_lines(caplog)
    assert talk.say("AMAZON.StopIntent").ended
    for _ in range(50):  # the store is tried after the session for `patience` seconds, then given up on
        if lost_lines(caplog):
            break
        time.sleep(0.1)
    [line] = [line for line in lost_lines(caplog) if "completions=1 days=1" in line]
    assert "preferences=" in line and "sigh" not in line and "breathing" not in line


def test_a_session_that_ends_with_changes_unsaved_is_saved_after_it_when_the_store_is_back(caplog):
    caplog.set_level(logging.INFO, logger="secure_base")
    store = Store()
    talk = talk_to(store, retry=0.05, patience=10)
    talk.launch()
    store.failing = True
    turn = talk.say("GroundingIntent")
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.NextIntent")
    assert talk.say("AMAZON.StopIntent").ended  # the session is over, its completion unsaved
    store.failing = False
    for _ in range(50):
        if stored(store).get("progress", {}).get("done"):
            break
        time.sleep(0.1)
    assert stored(store)["progress"]["done"] == {"grounding": 1} and not lost_lines(caplog)


def test_a_session_alexa_ends_with_changes_unsaved_saves_them_if_it_can():
    store = Store()
    talk = talk_to(store, retry=0.05)
    talk.launch()
    store.failing = True
    turn = talk.say("GroundingIntent")
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.NextIntent")
    store.failing = False
    time.sleep(0.1)  # past the breaker's wait
    talk({"type": "SessionEndedRequest", "reason": "EXCEEDED_MAX_REPROMPTS"})
    assert stored(store)["progress"]["done"] == {"grounding": 1}


def test_what_the_session_carries_is_checked_like_any_input(config):
    carried = {"v": 1, "ops": [[["admin"], "set", True], [["progress", "done", "grounding"], "add", 10 ** 9],
                               [["prefs", "technique"], "set", "box"], [["progress", "done", "breathing"], "add", 2],
                               "junk", [[], "del"], [["intro"], "explode"]]}
    skill = app.build(config)
    app.invoke(skill, envelope(intent("AMAZON.HelpIntent"), attributes={"sb": {"v": 1, "keep": carried}}, new=False))
    kept = read_back(config)
    assert "admin" not in kept and kept["prefs"]["technique"] == "box"
    assert kept["progress"]["done"] == {"breathing": 2}


def test_carried_changes_are_bounded(caplog):
    store = Store()
    store.failing = True
    talk = talk_to(store)
    talk.launch()
    for _ in range(30):
        turn = talk.say("BreathingIntent", technique=("box breathing", "box"), duration="PT1M")
    assert len(str(turn.state.get("keep", ""))) < 4096


# --- a hung DynamoDB (dynalite frozen with SIGSTOP) ---------------------------------------------

def timed(talk, name, **slots):
    started = time.monotonic()
    turn = talk.say(name, **slots)
    return turn, time.monotonic() - started


def test_a_frozen_dynamodb_never_makes_a_turn_slow_and_the_session_saves_once_it_thaws(tmp_path):
    with Dynalite() as server:
        server.create_table("SecureBaseUsers")
        # dynalite's own first write and read are slow (node warming up): paid here, not in the skill's turns
        server.resource().Table("SecureBaseUsers").put_item(Item={"id": "warm-up", "attributes": {}})
        server.item("SecureBaseUsers", "warm-up")
        config = Config(store="dynamodb", dynamodb_table="SecureBaseUsers", dynamodb_endpoint=server.endpoint)
        talk = new_session(config)
        talk.launch()
        turn = talk.say("BreathingIntent", technique=("box breathing", "box"), duration="PT2M")
        # on a busy machine a write may outlast the turn's budget: it lands after the turn
        for _ in range(40):
            if ((read_back(config) or {}).get("unfinished") or {}).get("turn") == 0:
                break
            time.sleep(0.1)
        assert read_back(config)["unfinished"]["turn"] == 0

        server.freeze()
        times = []
        try:
            for _ in range(12):  # about three seconds of turns: the breaker probes in between
                turn, seconds = timed(talk, "AMAZON.NextIntent" if not turn.exercise["done"] else "AMAZON.HelpIntent")
                times.append(seconds)
                time.sleep(0.2)
        finally:
            server.thaw()
        assert max(times) < 1.5, times
        assert sum(t > 0.5 for t in times) <= 1, times
        assert turn.state.get("keep"), "what could not be saved rides in the session"

        for _ in range(40):  # the breaker's next probe finds it answering again
            time.sleep(0.25)
            turn, seconds = timed(talk, "AMAZON.HelpIntent")
            assert seconds < 1.5
            if "keep" not in turn.state:
                break
        assert "keep" not in turn.state
        saved = read_back(config)
        assert saved["progress"]["done"] == {"breathing": 1}
        assert "unfinished" not in saved  # the exercise finished while the store was frozen


# --- SQLite's log stays small -------------------------------------------------------------------

def test_the_sqlite_log_stays_bounded(tmp_path):
    path = tmp_path / "store.sqlite3"
    store = persistence.SqliteAdapter(str(path))
    from types import SimpleNamespace as NS

    largest = 0
    for n in range(600):
        env = NS(context=NS(system=NS(user=NS(user_id=f"amzn1.ask.account.{n}"))))
        record = store.get_attributes(env)
        record["progress"] = {"days": n, "last": {"id": "breathing", "opts": {"technique": "box", "minutes": 5}}}
        store.save_attributes(env, record)
        wal = path.with_name(path.name + "-wal")
        largest = max(largest, wal.stat().st_size if wal.exists() else 0)
    assert largest <= 1024 * 1024, largest


def test_idle_store_workers_leave_and_come_back_when_needed():
    """A store nobody calls any more (a test's skill, a reloaded app) holds no threads for long."""
    import threading
    import time as _time

    from skill import persistence

    pool = persistence._Workers(size=3, idle=0.2)
    mine = lambda: [t for t in threading.enumerate() if t.name.startswith("sb-store-") and t.is_alive()
                    and getattr(t, "_args", (None,))[0] is pool._jobs]
    assert pool.run(lambda: 41 + 1, 1.0) == 42 and len(mine()) == 3
    deadline = _time.monotonic() + 5
    while mine() and _time.monotonic() < deadline:
        _time.sleep(0.05)
    assert not mine()
    assert pool.run(lambda: "again", 1.0) == "again" and len(mine()) == 3
