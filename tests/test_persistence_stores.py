"""The same behaviour on both real stores: SQLite (the embedded default) and DynamoDB (dynalite).

Each session builds a fresh skill (a new Lambda container, another gunicorn worker), so what a
person hears next time can only come from the store.
"""
import multiprocessing
from types import SimpleNamespace

import pytest

from dynalite import USER, at, dynalite_server, new_session, raw_dump, read_back, store_config  # noqa: F401 (fixtures)
from skill import persistence


def envelope_for(user_id: str = USER):
    return SimpleNamespace(context=SimpleNamespace(system=SimpleNamespace(user=SimpleNamespace(user_id=user_id))))


def finish(talk, turn, timestamp: str | None = None):
    while not turn.exercise["done"]:
        turn = talk(at(timestamp, "AMAZON.NextIntent")) if timestamp else talk.say("AMAZON.NextIntent")
    return turn


def test_a_returning_person_is_welcomed_back_by_another_process(store_config):
    first = new_session(store_config).launch()
    assert first.said("common/welcome_first")
    again = new_session(store_config).launch()
    assert again.said("common/welcome_back") and not again.said("common/welcome_first")
    assert read_back(store_config)["intro"] is True


def test_someone_else_on_the_same_store_is_a_first_visitor(store_config):
    new_session(store_config).launch()
    stranger = new_session(store_config, user_id="amzn1.ask.account.SOMEONE-ELSE").launch()
    assert stranger.said("common/welcome_first")


def test_the_technique_and_length_asked_for_become_the_defaults(store_config):
    talk = new_session(store_config)
    talk.launch()
    talk.say("BreathingIntent", technique=("the calming sigh", "sigh"), duration="PT3M")
    talk.say("AMAZON.StopIntent")
    later = new_session(store_config)
    later.launch()
    turn = later.say("BreathingIntent")
    assert turn.exercise["opts"]["technique"] == "sigh" and turn.exercise["opts"]["minutes"] == 3
    assert "calming sigh" in turn.text
    assert read_back(store_config)["prefs"] == {"technique": "sigh", "minutes": 3}


def test_half_minutes_come_back_as_numbers_not_decimals(store_config):
    talk = new_session(store_config)
    talk.say("BreathingIntent", technique=("four seven eight", "four_seven_eight"), duration="PT1M30S")
    assert read_back(store_config)["prefs"]["minutes"] == 1.5
    turn = new_session(store_config).say("BreathingIntent")
    assert turn.exercise["opts"]["minutes"] == 1.5 and type(turn.exercise["opts"]["minutes"]) is float


def test_completions_are_counted_by_family_and_days_by_date(store_config):
    talk = new_session(store_config)
    finish(talk, talk.say("GroundingIntent"))
    finish(talk, talk.say("GroundingIntent"))
    progress = read_back(store_config)["progress"]
    assert progress["done"] == {"grounding": 2} and progress["days"] == 1
    tomorrow = new_session(store_config)
    finish(tomorrow, tomorrow(at("2026-11-30T20:00:00Z", "BreathingIntent")), "2026-11-30T20:00:00Z")
    progress = read_back(store_config)["progress"]
    assert progress["done"] == {"grounding": 2, "breathing": 1} and progress["days"] == 2
    assert progress["last"]["id"] == "breathing" and progress["last"]["day"] == "2026-11-30"


def test_the_store_holds_a_salted_hash_never_the_user_id(store_config):
    new_session(store_config).launch()
    dump = raw_dump(store_config)
    assert USER not in dump and "amzn1.ask.account" not in dump
    assert persistence.hash_user_id(USER, store_config.log_salt) in dump


def test_a_plain_dict_replaces_the_record_and_delete_removes_it(store_config):
    new_session(store_config).say("BreathingIntent", technique=("box breathing", "box"))
    adapter = persistence.make_store(store_config)
    adapter.save_attributes(envelope_for(), {"intro": True})
    assert read_back(store_config) == {"intro": True}
    adapter.delete_attributes(envelope_for())
    assert read_back(store_config) is None
    assert new_session(store_config).launch().said("common/welcome_first")


WORKERS, ROUNDS = 4, 12


def _worker(config, index, barrier, errors):
    """One worker process: load, change only its own keys (and a shared counter), save; repeat."""
    try:
        adapter = persistence.make_store(config)
        barrier.wait(timeout=30)
        for round_ in range(ROUNDS):
            record = adapter.get_attributes(envelope_for())
            record[f"worker{index}"] = round_
            record.setdefault("prefs", {})[f"p{index}"] = round_
            done = record.setdefault("progress", {}).setdefault("done", {})
            done["breathing"] = done.get("breathing", 0) + 1
            adapter.save_attributes(envelope_for(), record)
    except Exception as exc:  # reported to the parent: a failed save must fail the test
        errors.put(f"{index}: {type(exc).__name__}: {exc}")


def test_several_processes_writing_one_user_at_once_lose_nothing(store_config):
    context = multiprocessing.get_context("fork")
    barrier, errors = context.Barrier(WORKERS), context.Queue()
    workers = [context.Process(target=_worker, args=(store_config, i, barrier, errors)) for i in range(WORKERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert all(worker.exitcode == 0 for worker in workers)
    assert errors.empty(), errors.get()
    stored = read_back(store_config)
    assert {k: v for k, v in stored.items() if k.startswith("worker")} == {f"worker{i}": ROUNDS - 1 for i in range(WORKERS)}
    assert stored["prefs"] == {f"p{i}": ROUNDS - 1 for i in range(WORKERS)}
    assert stored["progress"]["done"]["breathing"] == WORKERS * ROUNDS  # every completion counted


def test_a_turn_that_changes_nothing_leaves_others_changes_alone(store_config):
    adapter = persistence.make_store(store_config)
    mine = adapter.get_attributes(envelope_for())  # loaded before someone else saves
    theirs = adapter.get_attributes(envelope_for())
    theirs["style"] = "secure"
    adapter.save_attributes(envelope_for(), theirs)
    adapter.save_attributes(envelope_for(), mine)  # nothing changed here: nothing written over theirs
    mine["intro"] = True
    adapter.save_attributes(envelope_for(), mine)
    assert read_back(store_config) == {"style": "secure", "intro": True}


@pytest.mark.parametrize("value", [0.25, 7, 2.0, True, "box", None])
def test_numbers_round_trip_through_dynamodb_types(value):
    assert persistence.from_dynamo(persistence.to_dynamo({"v": [value]})) == {"v": [value]}
