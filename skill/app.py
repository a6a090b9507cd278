"""Builds the skill: the ordered routing table, interceptors, error answer and store.

Exposes `build(config)` for tests and servers, and `lambda_handler` for AWS Lambda.
"""
from __future__ import annotations

import json
import logging

from ask_sdk_model import RequestEnvelope
from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.skill_builder import CustomSkillBuilder

from . import config as config_module
from . import persistence, profile, state
from .handlers import core, exercise, route
from .handlers.predicates import (
    all_of, any_intent, exercise_intent, in_exercise, intent, paused, request, user_paced,
)

log = logging.getLogger("secure_base")

NAVIGATION = ("AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent", "AMAZON.StartOverIntent",
              "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.YesIntent", "AMAZON.NoIntent")

# The routing table: the first route whose predicate matches answers.
ROUTES = [
    route(request("SessionEndedRequest"), core.session_ended),
    # stop, cancel and help work everywhere, before anything else
    route(intent("AMAZON.StopIntent", "AMAZON.CancelIntent"), core.stop),
    route(intent("AMAZON.HelpIntent"), core.help),
    route(request("LaunchRequest"), core.launch),
    route(exercise_intent, exercise.start),
    # inside an exercise
    route(all_of(in_exercise, paused, intent("AMAZON.ResumeIntent", "AMAZON.NextIntent", "AMAZON.YesIntent")),
          exercise.resume),
    route(all_of(in_exercise, intent("AMAZON.NextIntent", "AMAZON.YesIntent", "AMAZON.ResumeIntent")), exercise.go_next),
    route(all_of(in_exercise, user_paced, intent("AMAZON.FallbackIntent")), exercise.go_next),  # any answer moves on
    route(all_of(in_exercise, intent("AMAZON.RepeatIntent")), exercise.repeat),
    route(all_of(in_exercise, intent("AMAZON.PreviousIntent")), exercise.previous),
    route(all_of(in_exercise, intent("AMAZON.StartOverIntent")), exercise.start_over),
    route(all_of(in_exercise, intent("AMAZON.PauseIntent")), exercise.pause),
    route(all_of(in_exercise, intent("AMAZON.NoIntent")), exercise.decline),
    route(all_of(in_exercise, intent("AMAZON.FallbackIntent")), exercise.unclear),
    # outside an exercise
    route(intent("AMAZON.NoIntent"), core.stop),
    route(intent(*NAVIGATION), core.outside_exercise),
    route(intent("AMAZON.NavigateHomeIntent"), core.menu),
    # anything else, including intent names we do not know, gets the guiding fallback
    route(any_intent, core.fallback),
]


class CountTurn(AbstractRequestInterceptor):
    def process(self, handler_input):
        state.count_turn(handler_input)


class SaveProfile(AbstractResponseInterceptor):
    """Persist once per turn. The error handler saves too: interceptors skip its answers."""

    def process(self, handler_input, response):
        profile.save(handler_input)


def build(config: config_module.Config | None = None, adapter=None):
    config = config or config_module.from_env()
    builder = CustomSkillBuilder(persistence_adapter=adapter or persistence.make_adapter(config))
    if config.skill_id:
        builder.skill_id = config.skill_id
    for handler in ROUTES:
        builder.add_request_handler(handler)
    builder.add_exception_handler(core.Apology())
    builder.add_global_request_interceptor(CountTurn())
    builder.add_global_response_interceptor(SaveProfile())
    return builder.create()


_default_skill = None


def default_skill():
    """The skill for this process, built on first use (one per Lambda container)."""
    global _default_skill
    if _default_skill is None:
        _default_skill = build()
    return _default_skill


def invoke(skill, event: dict, context=None) -> dict:
    """One request envelope (a dict, as Alexa sends it) through the skill; the response as a dict."""
    envelope = skill.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
    return skill.serializer.serialize(skill.invoke(request_envelope=envelope, context=context))


def lambda_handler(event, context):
    return invoke(default_skill(), event, context)
