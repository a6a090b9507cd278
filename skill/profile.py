"""The one module that reads and writes persistent attributes (preferences and progress).

Only preferences and progress are kept, never anything a person said. The store
may fail: reads then behave as a first visit, nothing is written over the real
record that turn, and the next turn tries again.
"""
from __future__ import annotations

import logging

log = logging.getLogger("secure_base")

_STATUS = "sb_profile"  # request attribute: "ok" once read, "down" if the store failed


def _attrs(handler_input) -> dict:
    manager = handler_input.attributes_manager
    status = manager.request_attributes.get(_STATUS)
    if status is None:
        try:
            attrs = manager.persistent_attributes
            status = "ok"
        except Exception as exc:  # store down: keep going on session state alone
            log.warning("profile store unavailable on read: %s", type(exc).__name__)
            attrs, status = {}, "down"
        if not isinstance(attrs, dict):
            attrs = {}
        manager.persistent_attributes = attrs
        manager.request_attributes[_STATUS] = status
    return manager.persistent_attributes


def heard_intro(handler_input) -> bool:
    return _attrs(handler_input).get("intro") is True


def mark_intro_heard(handler_input) -> None:
    _attrs(handler_input)["intro"] = True


def preferences(handler_input) -> dict:
    """Saved preferences (technique, minutes, pace, counting aloud...): read-only copy."""
    prefs = _attrs(handler_input).get("prefs")
    return dict(prefs) if isinstance(prefs, dict) else {}


def set_preference(handler_input, key: str, value) -> None:
    attrs = _attrs(handler_input)
    prefs = attrs.get("prefs") if isinstance(attrs.get("prefs"), dict) else {}
    prefs[key] = value
    attrs["prefs"] = prefs


def save(handler_input) -> None:
    """Save once, at the end of the turn, only what was read this turn."""
    manager = handler_input.attributes_manager
    if manager.request_attributes.get(_STATUS) != "ok":
        return
    try:
        manager.save_persistent_attributes()
    except Exception as exc:
        log.warning("profile store unavailable on save: %s", type(exc).__name__)
