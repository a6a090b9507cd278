"""Small predicate factories, composed in skill/app.py's routing table."""
from __future__ import annotations

from typing import Callable

from ask_sdk_core.utils import is_request_type

from .. import state
from ..scripts import catalogue

Predicate = Callable[[object], bool]

# What a predicate built here can match, as `kinds`: request types ("LaunchRequest"; "IntentRequest"
# for any intent) and "intent:<name>". A Route skips its predicate for a request of another kind
# (skill/handlers/__init__.py): a turn tries sixty routes, and most are about one intent. A
# predicate without `kinds` (any function) is always asked.
ANY_INTENT = "IntentRequest"


def _kinds(predicate: Predicate, kinds) -> Predicate:
    predicate.kinds = frozenset(kinds)
    return predicate


def kinds_of(handler_input) -> frozenset:
    """This request's kinds (see `kinds`), worked out once for a request and its intent."""
    req = handler_input.request_envelope.request
    seen = handler_input.__dict__.get("_sb_kinds")
    if seen is not None and seen[0] is req and seen[1] is getattr(req, "intent", None):
        return seen[2]
    kind = getattr(req, "object_type", None)
    name = intent_name(handler_input)
    found = frozenset((kind, f"intent:{name}") if name else (kind,))
    handler_input._sb_kinds = (req, getattr(req, "intent", None), found)
    return found


def request(*types: str) -> Predicate:
    checks = [is_request_type(t) for t in types]
    return _kinds(lambda handler_input: any(check(handler_input) for check in checks), types)


def intent(*names: str) -> Predicate:
    # not ask-sdk's is_intent_name: it raises on an IntentRequest whose intent is null
    wanted = frozenset(names)
    return _kinds(lambda handler_input: intent_name(handler_input) in wanted, (f"intent:{n}" for n in names))


def _both(a: frozenset | None, b: frozenset | None) -> frozenset | None:
    """The kinds two predicates can match together."""
    if a is None or b is None:
        return b if a is None else a
    intents = {k for k in a | b if k.startswith("intent:")}
    return frozenset((a & b) | {k for k in intents if (k in a or ANY_INTENT in a) and (k in b or ANY_INTENT in b)})


def all_of(*predicates: Predicate) -> Predicate:
    combined = lambda handler_input: all(p(handler_input) for p in predicates)  # noqa: E731
    kinds = None
    for p in predicates:
        kinds = _both(kinds, getattr(p, "kinds", None))
    return combined if kinds is None else _kinds(combined, kinds)


def any_of(*predicates: Predicate) -> Predicate:
    either = lambda handler_input: any(p(handler_input) for p in predicates)  # noqa: E731
    kinds = [getattr(p, "kinds", None) for p in predicates]
    return either if any(k is None for k in kinds) else _kinds(either, frozenset().union(*kinds))


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
