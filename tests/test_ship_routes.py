"""The routing table's shortcut: a route skips its predicate only for requests it could never match.

Route.can_handle first compares the request's kind (its type, its intent) with what the route's
predicate can match (handlers/predicates.py `kinds`). Here every route's own predicate is asked
as well, on every request of many conversations, and must never say yes where the shortcut said no.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import envelope, intent, launch, session_ended
from skill import app
from skill.config import Config
from skill.handlers import Route, events
from skill.handlers.predicates import ANY_INTENT, all_of, any_of, request
from skill.handlers.predicates import intent as intent_is

ROOT = Path(__file__).resolve().parents[1]


def _intents() -> list[str]:
    names = set()
    for path in (ROOT / "interaction_model").glob("*.json"):
        model = json.loads(path.read_text())["interactionModel"]["languageModel"]
        names |= {i["name"] for i in model["intents"]}
    return sorted(names | {"AMAZON.LoopOnIntent", "AMAZON.ShuffleOffIntent", "NoSuchIntent"})


@pytest.fixture
def checked(monkeypatch):
    """Every Route asked both ways; the requests where the shortcut would have hidden a match."""
    missed = []
    original = Route.can_handle

    def both(self, handler_input):
        answer = original(self, handler_input)
        if not answer and self.kinds is not None and bool(self.predicate(handler_input)):
            missed.append((repr(self), sorted(getattr(handler_input, "_sb_kinds", (0, 0, ()))[2])))
        return answer

    monkeypatch.setattr(Route, "can_handle", both)
    return missed


def _talk(skill, requests):
    attributes = None
    for req in requests:
        out = app.invoke(skill, envelope(req, attributes=attributes or {}, new=attributes is None))
        attributes = None if out["response"].get("shouldEndSession") else out.get("sessionAttributes") or {}
    return attributes


def test_no_route_is_skipped_that_would_have_answered(checked):
    skill = app.build(Config(store="memory"))
    into_exercise = [launch(), intent("BreathingIntent", technique=("box", "box"), duration="PT1M"),
                     intent("AMAZON.NextIntent")]
    other_types = [{"type": t} for t in (*events.AUDIO, *events.SCREENS, *events.REMINDERS, events.RESUMED,
                                         "AudioPlayer.PlaybackStopped", "PlaybackController.PlayCommandIssued")]
    for name in _intents():
        _talk(skill, [intent(name)])  # a one-shot
        _talk(skill, [*into_exercise, intent(name)])  # inside an exercise
        _talk(skill, [launch(), intent("GroundingIntent"), intent(name), intent(name)])
        _talk(skill, [launch(), intent("DeleteDataIntent"), intent(name)])  # answering a question
    for req in other_types + [session_ended(), {"type": "CanFulfillIntentRequest", "intent": {"name": "BreathingIntent"}}]:
        _talk(skill, [launch(), req])
    assert checked == []


def test_kinds_compose_as_the_predicates_do():
    assert request("LaunchRequest").kinds == {"LaunchRequest"}
    assert all_of(request(ANY_INTENT), intent_is("A", "B")).kinds == {"intent:A", "intent:B"}
    assert all_of(intent_is("A", "B"), intent_is("B", "C")).kinds == {"intent:B"}
    assert all_of(request("LaunchRequest"), intent_is("A")).kinds == frozenset()  # can never match
    assert not hasattr(all_of(lambda h: True, lambda h: False), "kinds")  # unknown: always asked
    assert all_of(lambda h: True, intent_is("A")).kinds == {"intent:A"}
    assert any_of(intent_is("A"), request("LaunchRequest")).kinds == {"intent:A", "LaunchRequest"}
    assert not hasattr(any_of(intent_is("A"), lambda h: True), "kinds")
