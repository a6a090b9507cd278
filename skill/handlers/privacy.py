"""Privacy: "delete my data" (with a yes/no question first), and Alexa's skill events.

Deleting goes through profile.forget(), the one place that removes the stored record.
Skill events (enabled, disabled, permissions...) arrive without a session and get an empty
answer; SkillDisabled with userInformationPersistenceStatus NOT_PERSISTED means Alexa will not
keep this user id, so we delete what we kept for it.
"""
from __future__ import annotations

import logging

from .. import profile, state
from . import core, reminders
from .reply import respond, words

log = logging.getLogger("secure_base")

CONFIRM = "confirm:delete"
SKILL_EVENT = "AlexaSkillEvent."


def confirming(handler_input) -> bool:
    return state.question(handler_input) == CONFIRM


def skill_event(handler_input) -> bool:
    kind = getattr(handler_input.request_envelope.request, "object_type", None)
    return isinstance(kind, str) and kind.startswith(SKILL_EVENT)


def ask_delete(handler_input):
    state.end(handler_input)
    state.ask(handler_input, CONFIRM)
    return respond(handler_input, words(handler_input, "privacy/confirm"), words(handler_input, "privacy/confirm_reprompt"))


def delete(handler_input):
    state.ask(handler_input, None)
    cancelled = reminders.cancel_for_forget(handler_input)
    reminder = "" if cancelled is None else ("cancelled" if cancelled else "kept")
    if not profile.forget(handler_input):
        state.ask(handler_input, "menu")
        return respond(handler_input, words(handler_input, "privacy/delete_failed"), words(handler_input, "common/menu_reprompt"))
    return respond(handler_input, words(handler_input, "privacy/deleted", reminder=reminder), end=True)


def keep(handler_input):
    return core.menu(handler_input, lead="privacy/kept")


def unclear(handler_input):
    state.ask(handler_input, CONFIRM)  # asked again, so it holds for the next answer too
    return respond(handler_input, words(handler_input, "privacy/unclear"), words(handler_input, "privacy/confirm_reprompt"))


def skill_disabled(handler_input):
    body = getattr(handler_input.request_envelope.request, "body", None)  # kept by the SDK's deserializer
    status = body.get("userInformationPersistenceStatus") if isinstance(body, dict) else None
    if status == "NOT_PERSISTED":
        profile.forget(handler_input)
    return handler_input.response_builder.response


def acknowledge(handler_input):
    """Other skill events: nothing to say, no session to keep."""
    return handler_input.response_builder.response
