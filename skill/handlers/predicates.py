"""Small predicate factories, composed in skill/app.py's routing table."""
from __future__ import annotations

from typing import Callable

from ask_sdk_core.utils import is_request_type

from .. import state
from ..scripts import catalogue

Predicate = Callable[[object], bool]


def request(*types: str) -> Predicate:
    checks = [is_request_type(t) for t in types]
    return lambda handler_input: any(check(handler_input) for check in checks)


def intent(*names: str) -> Predicate:
    # not ask-sdk's is_intent_name: it raises on an IntentRequest whose intent is null
    wanted = frozenset(names)
    return lambda handler_input: intent_name(handler_input) in wanted


def all_of(*predicates: Predicate) -> Predicate:
    return lambda handler_input: all(p(handler_input) for p in predicates)


def any_of(*predicates: Predicate) -> Predicate:
    return lambda handler_input: any(p(handler_input) for p in predicates)


def not_(predicate: Predicate) -> Predicate:
    return lambda handler_input: not predicate(handler_input)


def intent_name(handler_input) -> str | None:
    req = handler_input.request_envelope.request
    name = getattr(getattr(req, "intent", None), "name", None) if getattr(req, "object_type", None) == "IntentRequest" else None
    return name if isinstance(name, str) else None


def in_exercise(handler_input) -> bool:
    return state.active(handler_input) is not None


def user_paced(handler_input) -> bool:
    ex = state.active(handler_input)
    return bool(ex and catalogue.get(ex.id).user_paced)


def finished(handler_input) -> bool:
    """The exercise's last part has been said (repeat, go back and start over still work)."""
    ex = state.active(handler_input)
    return bool(ex and ex.done)


def paused(handler_input) -> bool:
    ex = state.active(handler_input)
    return bool(ex and ex.paused)


def exercise_intent(handler_input) -> bool:
    name = intent_name(handler_input)
    return bool(name and catalogue.for_intent(name))


def asked(prefix: str) -> Predicate:
    """The skill's last question outside an exercise starts with ``prefix``."""
    return lambda handler_input: (state.question(handler_input) or "").startswith(prefix)


any_intent = request("IntentRequest")
