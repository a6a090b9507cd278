"""Slots as the catalogue wants them: heard words plus the resolved id, if any."""
from __future__ import annotations

from ..scripts.catalogue import Slot


def slots_of(handler_input) -> dict[str, Slot]:
    req = handler_input.request_envelope.request
    intent = getattr(req, "intent", None)
    found: dict[str, Slot] = {}
    for name, slot in ((intent.slots if intent else None) or {}).items():
        if slot is None or not slot.value:
            continue
        found[name] = Slot(value=slot.value, id=_resolved_id(slot))
    return found


def _resolved_id(slot) -> str | None:
    resolutions = getattr(slot, "resolutions", None)
    for authority in (getattr(resolutions, "resolutions_per_authority", None) or []):
        status = getattr(getattr(authority, "status", None), "code", None)
        if getattr(status, "value", status) == "ER_SUCCESS_MATCH" and authority.values:
            return authority.values[0].value.id
    return None
