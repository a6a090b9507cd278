"""skill/serial.py reads and writes exactly what ask-sdk-core's own serializer does, only sooner.

Over every request type ask-sdk-model knows and whole conversations on a speaker, a screen and a
player: the same objects read from each request, and the same JSON (key order included) for each
response, directives, cards and session attributes in it.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_model.request import Request

from builders import envelope, intent, launch
from skill import app, serial
from skill.config import Config

SDK, OURS = DefaultSerializer(), serial.Serializer()
SCREEN_AND_PLAYER = {"AudioPlayer": {}, "Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}}


def read_both(body: dict):
    text = json.dumps(body)
    return SDK.deserialize(text, RequestEnvelope), OURS.deserialize(text, RequestEnvelope)


def as_json(serializer, obj) -> str:
    return json.dumps(serializer.serialize(obj))


def outcome(serializer, text: str) -> str:
    try:
        return as_json(SDK, serializer.deserialize(text, RequestEnvelope))
    except Exception as exc:  # the same refusal, too
        return type(exc).__name__


@pytest.mark.parametrize("kind", sorted(Request.discriminator_value_class_map))
@pytest.mark.parametrize("extra", [{}, {"token": "t", "offsetInMilliseconds": 5, "reason": "ERROR"},
                                   {"error": {"type": "INVALID_RESPONSE", "message": "m"}}, {"error": "flat"}])
def test_every_request_type_reads_into_the_same_objects_or_fails_the_same_way(kind, extra):
    text = json.dumps(envelope({"type": kind, **extra}))
    assert outcome(OURS, text) == outcome(SDK, text)


@pytest.mark.parametrize("stamp", ["2026-11-29T21:00:00Z", "2026-11-29T21:00:00.250Z", "2026-11-29T21:00:00+01:00",
                                   "2026-11-29T21:00:00", "Sun, 29 Nov 2026 21:00:00 GMT"])
def test_a_timestamp_reads_as_the_same_moment_in_any_form_alexa_or_a_tool_might_send(stamp):
    body = envelope(launch())
    body["request"]["timestamp"] = stamp
    sdk, ours = read_both(body)
    assert ours.request.timestamp == sdk.request.timestamp
    assert (ours.request.timestamp.utcoffset() is None) == (sdk.request.timestamp.utcoffset() is None)


def test_a_timestamp_alexa_sends_is_an_aware_utc_moment():
    _, ours = read_both(envelope(launch()))
    assert ours.request.timestamp.utcoffset() == timezone.utc.utcoffset(datetime.now())


CONVERSATION = [launch(), intent("AMAZON.HelpIntent"),
                intent("BreathingIntent", technique=("box", "box"), duration="PT2M"), intent("AMAZON.NextIntent"),
                intent("AMAZON.PauseIntent"), intent("GroundingIntent", technique=("five senses", "senses")),
                intent("AMAZON.NextIntent"), intent("SayFeelIntent", words="so alone tonight"),
                intent("SelfCompassionIntent"), intent("ReminderIntent", time="21:30"),
                intent("SayWantIntent", words="to die"), intent("AMAZON.FallbackIntent"), intent("AMAZON.StopIntent"),
                {"type": "SessionEndedRequest", "reason": "USER_INITIATED"}]


@pytest.mark.parametrize("device", ["speaker", "screen and player"])
def test_whole_conversations_write_the_same_json_with_both_serializers(device):
    skill = app.build(Config(store="memory"))
    attributes, compared = None, 0
    for request in CONVERSATION:
        body = envelope(request, attributes=attributes or {}, new=attributes is None)
        if device != "speaker":
            body["context"]["System"]["device"]["supportedInterfaces"] = SCREEN_AND_PLAYER
        sdk_in, ours_in = read_both(body)
        assert as_json(SDK, ours_in) == as_json(SDK, sdk_in)
        response = skill.invoke(request_envelope=ours_in, context=None)
        assert as_json(OURS, response) == as_json(SDK, response)
        compared += 1
        out = SDK.serialize(response)
        attributes = None if out["response"].get("shouldEndSession") else out.get("sessionAttributes") or {}
    assert compared == len(CONVERSATION)


def test_the_skill_answers_through_the_quicker_serializer():
    assert isinstance(app.build(Config(store="memory")).serializer, serial.Serializer)
