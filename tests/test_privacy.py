"""Deleting what Secure Base keeps: by asking ("delete my data"), or by disabling the skill.

Checked against the real store: the skill is built on the `config` fixture's SQLite file and
the record is read back through the same adapter (and the file itself).
"""
from __future__ import annotations

import json
import sqlite3

import pytest
from ask_sdk_model import RequestEnvelope

from skill import app, persistence, web

from builders import Conversation, envelope, launch

ME = "amzn1.ask.account.TEST"
SOMEONE_ELSE = "amzn1.ask.account.SOMEONE_ELSE"


@pytest.fixture
def adapter(config):
    return persistence.make_store(config)


@pytest.fixture
def skill(config, adapter):
    return app.build(config, adapter=adapter)


def parsed(skill, body: dict) -> RequestEnvelope:
    return skill.serializer.deserialize(payload=json.dumps(body), obj_type=RequestEnvelope)


def kept_for(skill, adapter, user_id: str = ME) -> dict:
    """What the store holds for this person, read through the skill's own adapter."""
    return dict(adapter.get_attributes(parsed(skill, envelope(launch(), user_id=user_id))))


def rows(config) -> int:
    with sqlite3.connect(config.sqlite_path) as db:
        return db.execute("SELECT COUNT(*) FROM users").fetchone()[0]


def someone_with_a_history(skill, user_id: str = ME) -> Conversation:
    """A person who has heard the intro and chosen box breathing by name (so both are kept)."""
    talk = Conversation(lambda body: app.invoke(skill, body), user_id=user_id)
    talk.launch()
    talk.say("BreathingIntent", technique=("box breathing", "box"), duration="PT3M")
    talk.say("AMAZON.StopIntent")
    return talk


def skill_event(kind: str, user_id: str = ME, **request) -> dict:
    """A skill event as Alexa sends it: no session, no locale."""
    body = envelope({"type": kind, "eventCreationTime": "2026-11-29T21:00:00Z",
                     "eventPublishingTime": "2026-11-29T21:00:01Z", **request}, user_id=user_id)
    body.pop("session", None)
    body["request"].pop("locale", None)
    return body


# --- "delete my data" --------------------------------------------------------------------------------

def test_delete_my_data_asks_first_then_removes_the_stored_record(skill, adapter, config):
    talk = someone_with_a_history(skill)
    assert kept_for(skill, adapter).get("intro") is True and rows(config) == 1
    asked = talk.say("DeleteDataIntent")
    assert asked.said("privacy/confirm") and not asked.ended and "yes" in asked.reprompt
    assert "can't be undone" in asked.text and kept_for(skill, adapter)  # nothing gone yet
    done = talk.say("AMAZON.YesIntent")
    assert done.said("privacy/deleted") and done.ended
    assert kept_for(skill, adapter) == {} and rows(config) == 0
    # and they really are new to us now
    again = Conversation(lambda body: app.invoke(skill, body)).launch()
    assert again.said("common/welcome_first")


def test_no_deletes_nothing(skill, adapter, config):
    talk = someone_with_a_history(skill)
    before = kept_for(skill, adapter)
    talk.say("DeleteDataIntent")
    turn = talk.say("AMAZON.NoIntent")
    assert turn.said("privacy/kept") and not turn.ended
    assert kept_for(skill, adapter) == before and rows(config) == 1


def test_words_we_cannot_make_out_ask_again_and_delete_nothing(skill, adapter):
    talk = someone_with_a_history(skill)
    talk.say("DeleteDataIntent")
    turn = talk.say("AMAZON.FallbackIntent")
    assert turn.said("privacy/unclear") and not turn.ended
    assert kept_for(skill, adapter).get("intro") is True
    assert talk.say("AMAZON.YesIntent").said("privacy/deleted") and kept_for(skill, adapter) == {}


def test_cancel_at_the_question_deletes_nothing(skill, adapter):
    talk = someone_with_a_history(skill)
    talk.say("DeleteDataIntent")
    assert talk.say("AMAZON.CancelIntent").ended
    assert kept_for(skill, adapter).get("intro") is True


def test_asking_to_delete_in_the_middle_of_an_exercise_sets_it_aside_first(skill, adapter):
    talk = someone_with_a_history(skill)
    talk.launch()
    talk.say("GroundingIntent")
    asked = talk.say("DeleteDataIntent")
    assert asked.exercise is None and asked.said("privacy/confirm")
    assert talk.say("AMAZON.YesIntent").said("privacy/deleted") and kept_for(skill, adapter) == {}


def test_a_yes_to_some_other_question_never_deletes(skill, adapter):
    talk = someone_with_a_history(skill)
    talk.launch()
    talk.say("GroundingIntent")
    while not talk.turns[-1].exercise["done"]:
        talk.say("AMAZON.YesIntent")
    assert kept_for(skill, adapter).get("intro") is True


def test_deleting_one_person_leaves_everyone_else(skill, adapter, config):
    someone_with_a_history(skill, SOMEONE_ELSE)
    talk = someone_with_a_history(skill)
    talk.say("DeleteDataIntent")
    talk.say("AMAZON.YesIntent")
    assert kept_for(skill, adapter) == {} and kept_for(skill, adapter, SOMEONE_ELSE).get("intro") is True
    assert rows(config) == 1


def test_the_store_being_unreachable_is_said_honestly_and_nothing_is_claimed(config, tmp_path):
    broken = config.but(sqlite_path=str(tmp_path / "not-a-directory" / "store.sqlite3"))
    (tmp_path / "not-a-directory").write_text("a file where the store's folder should be")
    skill = app.build(broken)
    talk = Conversation(lambda body: app.invoke(skill, body))
    talk.say("DeleteDataIntent")
    turn = talk.say("AMAZON.YesIntent")
    assert turn.said("privacy/delete_failed") and not turn.said("privacy/deleted") and not turn.ended


# --- skill events ------------------------------------------------------------------------------------

def test_skill_disabled_with_the_id_not_kept_deletes_the_record(skill, adapter, config):
    someone_with_a_history(skill)
    answer = app.invoke(skill, skill_event("AlexaSkillEvent.SkillDisabled",
                                           body={"userInformationPersistenceStatus": "NOT_PERSISTED"}))
    assert kept_for(skill, adapter) == {} and rows(config) == 0
    assert not answer.get("response", {}).get("outputSpeech") and "sessionAttributes" not in answer
    assert answer.get("response", {}).get("shouldEndSession") is None


def test_skill_disabled_while_alexa_keeps_the_id_keeps_the_record(skill, adapter):
    someone_with_a_history(skill)
    app.invoke(skill, skill_event("AlexaSkillEvent.SkillDisabled", body={"userInformationPersistenceStatus": "PERSISTED"}))
    assert kept_for(skill, adapter).get("intro") is True


def test_skill_disabled_through_the_http_endpoint_deletes_too(skill, adapter, config):
    someone_with_a_history(skill)
    client = web.create_app(config.but(verify_requests=False), skill=skill).test_client()
    reply = client.post("/", json=skill_event("AlexaSkillEvent.SkillDisabled",
                                              body={"userInformationPersistenceStatus": "NOT_PERSISTED"}))
    assert reply.status_code == 200 and kept_for(skill, adapter) == {}


@pytest.mark.parametrize("kind,extra", [
    ("AlexaSkillEvent.SkillEnabled", {}),
    ("AlexaSkillEvent.SkillPermissionAccepted", {"body": {"acceptedPermissions": [{"scope": "alexa::alerts:reminders:skill:readwrite"}]}}),
    ("AlexaSkillEvent.SkillPermissionChanged", {"body": {"acceptedPermissions": []}}),
    ("AlexaSkillEvent.SkillAccountLinked", {"body": {"accessToken": "token"}}),
    ("AlexaSkillEvent.ProactiveSubscriptionChanged", {"body": {"subscriptions": []}}),
    ("AlexaSkillEvent.SkillDisabled", {}),  # no status: nothing to act on
])
def test_other_skill_events_are_acknowledged_with_no_speech_and_no_session(skill, adapter, kind, extra):
    someone_with_a_history(skill)
    before = kept_for(skill, adapter)
    answer = app.invoke(skill, skill_event(kind, **extra))
    response = answer.get("response", {})
    assert not response.get("outputSpeech") and not response.get("reprompt") and not response.get("card")
    assert "sessionAttributes" not in answer
    assert kept_for(skill, adapter) == before


def test_privacy_md_says_what_is_kept_where_how_long_and_how_to_delete():
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "PRIVACY.md").read_text()
    for needed in ("preferences", "progress", "unfinished", "attachment style", "SQLite", "DynamoDB",
                   "~/.local/share/secure-base", "salted hash", "delete my data", "disable"):
        assert needed.lower() in text.lower(), needed
