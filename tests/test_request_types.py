"""Every request type Alexa can send a custom skill gets an answer: its own, or a quiet empty one.

None of Alexa's own events is a person waiting to hear us: an empty response and an INFO line,
never the spoken apology, never an ERROR line. Types newer than ask-sdk-model too.
"""
import logging

import pytest
from ask_sdk_model.request import Request

from builders import envelope, intent
from skill import app
from skill.handlers import events

QUIET = [events.EXCEPTION, events.RESUMED, *events.MESSAGES, *events.CONNECTIONS, *events.HOUSEHOLD_LISTS,
         *events.REMINDERS, *events.AUDIO, *events.SCREENS, *events.OTHER]
ANSWERED_ELSEWHERE = {"LaunchRequest", "IntentRequest", "SessionEndedRequest", "CanFulfillIntentRequest",
                      "Connections.Response", *events.STREAM}


def errors(caplog):
    return [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_every_request_type_ask_sdk_model_knows_is_named_somewhere():
    known = set(Request.discriminator_value_class_map)
    named = set(QUIET) | ANSWERED_ELSEWHERE
    assert known - named <= {t for t in known if t.startswith("AlexaSkillEvent.")}


@pytest.mark.parametrize("kind", QUIET)
def test_alexas_own_events_get_an_empty_answer_and_an_info_line(talk, caplog, kind):
    caplog.set_level(logging.INFO, logger="secure_base")
    turn = talk({"type": kind})
    assert turn.response == {} or set(turn.response) <= {"shouldEndSession"}
    assert not turn.keys and not turn.said("common/error")
    assert not errors(caplog)
    assert any(r.levelno == logging.INFO and kind in r.getMessage() for r in caplog.records if r.name == "secure_base")


@pytest.mark.parametrize("kind", events.STREAM)
def test_stream_events_for_a_stream_not_ours_change_nothing_and_say_nothing(talk, caplog, kind):
    turn = talk({"type": kind, "token": "not-ours", "offsetInMilliseconds": 5})
    assert not turn.response.get("outputSpeech") and not turn.response.get("directives") and not errors(caplog)


def test_exception_encountered_is_answered_with_nothing_at_all(talk, caplog):
    caplog.set_level(logging.INFO, logger="secure_base")
    turn = talk({"type": "System.ExceptionEncountered",
                 "error": {"type": "INVALID_RESPONSE", "message": "the response was not valid"},
                 "cause": {"requestId": "amzn1.echo-api.request.1"}})
    assert "outputSpeech" not in turn.response and "reprompt" not in turn.response
    assert "INVALID_RESPONSE" in caplog.text and "not valid" not in caplog.text and not errors(caplog)


def test_a_resumed_session_keeps_the_exercise_in_progress(talk):
    talk.say("GroundingIntent")
    resumed = talk({"type": "SessionResumedRequest"})
    assert resumed.exercise["id"] == "grounding" and "outputSpeech" not in resumed.response


def test_a_request_type_newer_than_the_sdk_gets_an_empty_answer_and_an_info_line(skill, caplog):
    caplog.set_level(logging.INFO, logger="secure_base")
    answer = app.invoke(skill, envelope({"type": "Alexa.SomethingNew.Arrived"}))
    assert answer == app.EMPTY_RESPONSE
    assert "Alexa.SomethingNew.Arrived" in caplog.text
    assert all(r.levelno == logging.INFO for r in caplog.records if r.name == "secure_base")


def test_intents_still_reach_their_routes(talk):
    assert talk.say("GroundingIntent").said("grounding/intro")
    assert talk(intent("AMAZON.StopIntent")).said("common/goodbye")
