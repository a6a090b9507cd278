"""Slots as the catalogue wants them: heard words plus the resolved id, if any."""
from __future__ import annotations

import re

from ..scripts.catalogue import Slot

# characters XML 1.0 forbids (control codes, lone surrogates, U+FFFE/U+FFFF): said back inside SSML,
# one of them makes the whole response unreadable to Alexa, so heard words lose them here
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def slots_of(handler_input) -> dict[str, Slot]:
    req = handler_input.request_envelope.request
    intent = getattr(req, "intent", None)
    found: dict[str, Slot] = {}
    for name, slot in ((intent.slots if intent else None) or {}).items():
        value = _NOT_XML.sub(" ", slot.value) if slot is not None and isinstance(slot.value, str) else None
        if not value or not value.strip():
            continue
        found[name] = Slot(value=value, id=_resolved_id(slot))
    return found


def _resolved_id(slot) -> str | None:
    resolutions = getattr(slot, "resolutions", None)
    for authority in (getattr(resolutions, "resolutions_per_authority", None) or []):
        status = getattr(getattr(authority, "status", None), "code", None)
        values = getattr(authority, "values", None) or []
        if getattr(status, "value", status) == "ER_SUCCESS_MATCH" and values:
            # Alexa never sends nulls here; a tampered request may: unresolved, not a crash
            resolved = getattr(getattr(values[0], "value", None), "id", None)
            return resolved if isinstance(resolved, str) else None
    return None
