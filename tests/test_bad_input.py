"""Bad input is bad input: a kind, normal answer, never the apology, a 500 or a traceback flood.

Each of these once raised inside the skill (OverflowError, UnicodeEncodeError, AttributeError,
RecursionError) and got the spoken apology, or an HTTP 500 with thousands of traceback lines.
"""
import json
import logging

import pytest

from builders import Conversation, envelope, intent, launch
from skill import app, web


def kind_answer(turn) -> bool:
    return not turn.said("common/error") and bool(turn.text) and "sorry, something went wrong" not in turn.text.lower()


def quiet(caplog) -> bool:
    return not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_duration_too_long_to_count_is_treated_as_no_duration(talk, caplog):
    turn = talk.say("BreathingIntent", technique=("box breathing", "box"), duration="PT" + "9" * 400 + "M")
    assert kind_answer(turn) and turn.said("breathing/intro") and quiet(caplog)


@pytest.mark.parametrize("duration", ["P" + "9" * 400 + "D", "PT1e400M", "PT" + "9" * 40 + ".5H"])
def test_other_absurd_durations_are_answered_too(talk, caplog, duration):
    assert kind_answer(talk.say("BreathingIntent", duration=duration)) and quiet(caplog)


def test_a_user_id_with_a_lone_surrogate_gets_a_normal_welcome(skill, caplog):
    talk = Conversation(lambda body: app.invoke(skill, body), user_id="amzn1.ask.account.\ud800BROKEN")
    assert talk.launch().said("common/welcome_first") and quiet(caplog)
    assert kind_answer(talk.say("GroundingIntent"))


def test_an_intent_request_without_an_intent_gets_the_fallback(talk, caplog):
    talk.launch()
    turn = talk({"type": "IntentRequest", "intent": None})
    assert kind_answer(turn) and quiet(caplog)


@pytest.mark.parametrize("resolutions", [
    {"resolutionsPerAuthority": [None]},
    {"resolutionsPerAuthority": [{"status": {"code": "ER_SUCCESS_MATCH"}, "values": [None]}]},
    {"resolutionsPerAuthority": [{"status": {"code": "ER_SUCCESS_MATCH"}, "values": [{"value": None}]}]},
    {"resolutionsPerAuthority": [{"status": None, "values": None}]},
])
def test_slot_resolutions_holding_nulls_are_read_as_unresolved(talk, caplog, resolutions):
    request = intent("BreathingIntent", technique="box breathing")
    request["intent"]["slots"]["technique"]["resolutions"] = resolutions
    assert kind_answer(talk(request)) and quiet(caplog)


def test_slots_that_are_null_are_no_slots(talk, caplog):
    request = intent("BreathingIntent")
    request["intent"]["slots"] = {"technique": None, "duration": {"name": "duration", "value": None}}
    assert kind_answer(talk(request)) and quiet(caplog)


def started_fresh(answer: dict) -> bool:
    """Only our own state came back: this session's first turn, no exercise, none of what was sent."""
    attributes = answer["sessionAttributes"]
    return set(attributes) == {"sb"} and attributes["sb"]["n"] == 1 and "ex" not in attributes["sb"]


def nested(depth: int, inner: str = "{}") -> str:
    return '{"a": ' * depth + inner + "}" * depth


TAMPERED = {  # as JSON text: Python's own copy and dump would overflow their stacks on these
    "nested 490 deep": '{"sb": ' + nested(490) + "}",
    "nested 900 deep": '{"x": ' + nested(900) + "}",
    "a list nested deep": '{"sb": {"v": 1, "ex": ' + "[" * 900 + "]" * 900 + "}}",
    "very large": json.dumps({"junk": ["x" * 1000] * 200}),
}


def tampered_body(name: str, request: dict | None = None) -> str:
    body = json.dumps(envelope(request or intent("AMAZON.NextIntent"), attributes={"PLACE": 1}, new=False))
    return body.replace('{"PLACE": 1}', TAMPERED[name])


@pytest.mark.parametrize("name", list(TAMPERED))
def test_session_attributes_too_deep_or_too_large_mean_starting_fresh(skill, caplog, name):
    answer = app.invoke(skill, json.loads(tampered_body(name)))
    text = json.dumps(answer)
    assert "sorry, something went wrong" not in text.lower()
    assert started_fresh(answer)
    assert quiet(caplog) and len(caplog.text) < 2000


@pytest.mark.parametrize("name", list(TAMPERED))
def test_over_http_too_deep_or_too_large_is_a_normal_answer_not_a_500(config, caplog, name):
    client = web.create_app(config.but(verify_requests=False)).test_client()
    body = tampered_body(name).encode()
    assert len(body) < config.max_body_bytes
    response = client.post("/", data=body, content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:200]
    assert started_fresh(response.get_json())
    assert quiet(caplog) and len(caplog.text) < 2000


def test_session_attributes_within_the_bounds_are_kept(talk):
    talk.launch()
    turn = talk.say("GroundingIntent")
    assert talk.say("AMAZON.NextIntent").exercise["turn"] == turn.exercise["turn"] + 1


def test_a_launch_with_deep_attributes_still_welcomes(skill):
    answer = app.invoke(skill, json.loads(tampered_body("nested 900 deep", launch())))
    assert "crisis service" in answer["response"]["outputSpeech"]["ssml"]
