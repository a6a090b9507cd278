"""Thin handlers: where are we, what comes next, say it.

`route(predicate, fn)` pairs a predicate with a function, and `Router(routes)` makes the ordered
list of them (skill/app.py's routing table) one ask-sdk request handler.
"""
from __future__ import annotations

from typing import Callable

from ask_sdk_core.dispatch_components import AbstractRequestHandler

from .predicates import kinds_of


class Route(AbstractRequestHandler):
    def __init__(self, predicate: Callable, fn: Callable):
        self.predicate = predicate
        self.fn = fn
        self.kinds = getattr(predicate, "kinds", None)  # what it can match (handlers/predicates.py)

    def can_handle(self, handler_input):
        if self.kinds is not None and self.kinds.isdisjoint(kinds_of(handler_input)):
            return False
        return bool(self.predicate(handler_input))

    def handle(self, handler_input):
        return self.fn(handler_input)

    def __repr__(self):
        return f"Route({getattr(self.fn, '__module__', '')}.{getattr(self.fn, '__name__', self.fn)})"


def route(predicate: Callable, fn: Callable) -> Route:
    return Route(predicate, fn)


class Router(AbstractRequestHandler):
    """The routing table as one handler: the first route whose predicate matches answers.

    The same order and the same answer as registering each route with the SDK, without asking
    sixty routes a turn: the routes that can match a kind of request (handlers/predicates.py)
    are listed once per kind, and only they are asked.
    """

    KINDS_KEPT = 512  # intent names come from requests: a forged stream of them must not grow this

    def __init__(self, routes):
        self.routes = tuple(routes)
        self._for_kinds: dict[frozenset, tuple] = {}

    def candidates(self, kinds: frozenset) -> tuple:
        found = self._for_kinds.get(kinds)
        if found is None:
            found = tuple(r for r in self.routes if r.kinds is None or not r.kinds.isdisjoint(kinds))
            if len(self._for_kinds) < self.KINDS_KEPT:
                self._for_kinds[kinds] = found
        return found

    def chosen(self, handler_input) -> Route | None:
        for candidate in self.candidates(kinds_of(handler_input)):
            if candidate.predicate(handler_input):
                return candidate
        return None

    def can_handle(self, handler_input):
        handler_input._sb_route = self.chosen(handler_input)
        return handler_input._sb_route is not None

    def handle(self, handler_input):
        chosen = handler_input.__dict__.get("_sb_route") or self.chosen(handler_input)
        return chosen.fn(handler_input)
