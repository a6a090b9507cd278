"""Thin handlers: where are we, what comes next, say it.

`route(predicate, fn)` turns a predicate and a function into an ask-sdk request
handler, so skill/app.py can keep the routing table as one ordered list.
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
