"""The nightly reminder, through the Alexa Reminders API (the SDK's ReminderManagementServiceClient).

"Remind me every night at 9:30" -> with the reminders permission, a daily reminder is created and
confirmed; without it, Alexa asks for the permission by voice (Connections.SendRequest "AskFor"),
and the answer comes back as a Connections.Response request. The time travels in the directive's
token, so nothing is kept while Alexa asks. Only the reminder's id (its alert token) is stored, in
preferences, so "stop my reminder" can delete it. API failures get a plain spoken answer; nothing
about HTTP or permissions scopes is ever read out.
"""
from __future__ import annotations

import functools
import logging
import re
from datetime import datetime, timedelta, timezone

from ask_sdk_model.services import ApiClient
from ask_sdk_model.services.reminder_management import (
    AlertInfo, PushNotification, PushNotificationStatus, Recurrence, RecurrenceFreq, ReminderRequest, SpokenInfo,
    SpokenText, Trigger, TriggerType,
)
from ask_sdk_model.ui import AskForPermissionsConsentCard

from .. import profile, speech, state
from . import core
from .reply import locale, respond, words
from .slots import slots_of

log = logging.getLogger("secure_base")

SCOPE = "alexa::alerts:reminders:skill:readwrite"
PREF = "reminder"  # preferences key holding the alert token
TOKEN_PREFIX = "reminder:"
ASKED_TIME = "reminder:time"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# AMAZON.TIME's parts of the day, for "remind me every night" / "in the evening"
_PARTS_OF_DAY = {"NI": "21:00", "EV": "20:00"}


class TimedApiClient(ApiClient):
    """The SDK's default API client with a timeout, so a slow Alexa API can't eat the 8 seconds.

    Made on the first API call: the SDK's client brings `requests` (a fifth of a cold start), and
    most turns never call an Alexa API.
    """

    def __init__(self, timeout: float = 2.0):
        self.timeout = timeout
        self._client = None

    def invoke(self, request):
        if self._client is None:
            self._client = _timed_default_client(self.timeout)
        return self._client.invoke(request)


def _timed_default_client(timeout: float):
    from ask_sdk_core.api_client import DefaultApiClient

    class Timed(DefaultApiClient):
        def _resolve_method(self, request):
            return functools.partial(super()._resolve_method(request), timeout=timeout)

    return Timed()


def api_client(config) -> TimedApiClient:
    return TimedApiClient(timeout=config.api_timeout)


def nightly_time(value: str | None) -> str | None:
    """An AMAZON.TIME value as "HH:MM" for a nightly reminder, or None if we should ask.

    It is a nightly reminder, so a time Alexa heard without am/pm ("nine thirty" -> 09:30) is
    taken in the evening (21:30); 12:xx is just after midnight. The confirmation says the time
    back, so a misheard one is easy to correct by asking again.
    """
    if not value:
        return None
    value = _PARTS_OF_DAY.get(value.strip().upper(), value.strip())
    match = _HHMM.match(value)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if 5 <= hour <= 11:
        hour += 12
    elif hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _time_words(hhmm: str) -> dict:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return {"hour": hour, "minute": minute}


def _granted(handler_input) -> bool:
    user = handler_input.request_envelope.context.system.user
    scopes = getattr(getattr(user, "permissions", None), "scopes", None) or {}
    scope = scopes.get(SCOPE)
    status = getattr(scope, "status", None)
    return getattr(status, "value", status) == "GRANTED"


# --- handlers ---------------------------------------------------------------------------

def set_reminder(handler_input):
    """ReminderIntent: "remind me every night at 9:30 to do my self-compassion"."""
    slot = slots_of(handler_input).get("time")
    hhmm = nightly_time(slot.value if slot else None)
    if hhmm is None:
        state.ask(handler_input, ASKED_TIME)
        return respond(handler_input, words(handler_input, "reminders/ask_time"),
                       words(handler_input, "reminders/ask_time_reprompt"))
    state.ask(handler_input, None)
    if not _granted(handler_input):
        return ask_permission(handler_input, hhmm)
    return _create(handler_input, hhmm)


def ask_permission(handler_input, hhmm: str, *, lead: str = "reminders/permission_intro"):
    """Alexa asks for the reminders permission by voice; the answer arrives as Connections.Response."""
    builder = handler_input.response_builder
    builder.speak(words(handler_input, lead))
    from ask_sdk_model.interfaces.connections import SendRequestDirective  # asking for permission only

    builder.add_directive(SendRequestDirective(
        name="AskFor",
        payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": SCOPE},
        token=TOKEN_PREFIX + hhmm,
    ))
    return builder.response  # no reprompt, no shouldEndSession: Alexa takes the turn


def on_permission(handler_input):
    """Connections.Response to our AskFor: ACCEPTED creates the reminder; otherwise explain kindly."""
    req = handler_input.request_envelope.request
    payload = req.payload if isinstance(req.payload, dict) else {}
    token = req.token or ""
    hhmm = token[len(TOKEN_PREFIX):] if token.startswith(TOKEN_PREFIX) else ""
    if req.name != "AskFor" or not _HHMM.match(hhmm):
        return core.menu(handler_input)
    if payload.get("status") == "ACCEPTED":
        return _create(handler_input, hhmm)
    return _no_permission(handler_input, "reminders/declined")


def stop_reminder(handler_input):
    """CancelReminderIntent: "stop my reminder"."""
    alert_token = profile.preferences(handler_input).get(PREF)
    if not isinstance(alert_token, str) or not alert_token:
        return _answer(handler_input, "reminders/none")
    try:
        handler_input.service_client_factory.get_reminder_management_service().delete_reminder(alert_token)
    except Exception as exc:
        status = getattr(exc, "status_code", None)
        if status == 404:  # already gone (deleted in the Alexa app): nothing left to stop
            pass
        elif status in (401, 403):
            log.info("reminder delete refused: %s", status)
            return _no_permission(handler_input, "reminders/stop_no_permission")
        else:
            log.warning("reminder delete failed: %s %s", type(exc).__name__, status)
            return _answer(handler_input, "reminders/stop_failed")
    profile.forget_preference(handler_input, PREF)
    return _answer(handler_input, "reminders/stopped")


# --- the API ----------------------------------------------------------------------------

def _create(handler_input, hhmm: str):
    try:
        service = handler_input.service_client_factory.get_reminder_management_service()
        old = profile.preferences(handler_input).get(PREF)
        if isinstance(old, str) and old:
            _delete_quietly(service, old)  # one nightly reminder, not two
        created = service.create_reminder(_request(handler_input, hhmm))
    except Exception as exc:
        status = getattr(exc, "status_code", None)
        if status in (401, 403):
            log.info("reminder create refused: %s", status)
            return ask_permission(handler_input, hhmm, lead="reminders/permission_again")
        log.warning("reminder create failed: %s %s", type(exc).__name__, status)
        return _answer(handler_input, "reminders/failed")
    alert_token = getattr(created, "alert_token", None)
    if isinstance(alert_token, str) and alert_token:
        profile.set_preference(handler_input, PREF, alert_token)
    else:
        profile.forget_preference(handler_input, PREF)
    return _answer(handler_input, "reminders/set", **_time_words(hhmm))


def cancel_for_forget(handler_input) -> bool | None:
    """Before "delete my data": cancel the nightly reminder too. None if there was none,
    True if it is gone, False if Alexa would not let us (the person can remove it in the app)."""
    alert_token = profile.preferences(handler_input).get(PREF)
    if not isinstance(alert_token, str) or not alert_token:
        return None
    try:
        handler_input.service_client_factory.get_reminder_management_service().delete_reminder(alert_token)
    except Exception as exc:
        if getattr(exc, "status_code", None) == 404:
            return True
        log.info("reminder not cancelled on delete: %s", getattr(exc, "status_code", type(exc).__name__))
        return False
    return True


def _delete_quietly(service, alert_token: str) -> None:
    try:
        service.delete_reminder(alert_token)
    except Exception as exc:
        log.info("old reminder not deleted: %s", getattr(exc, "status_code", type(exc).__name__))


def _time_zone(handler_input) -> str | None:
    """The device's time zone (Alexa Settings API), so the reminder rings at local time."""
    try:
        device_id = handler_input.request_envelope.context.system.device.device_id
        zone = handler_input.service_client_factory.get_ups_service().get_system_time_zone(device_id)
    except Exception as exc:
        log.info("time zone not available: %s", type(exc).__name__)
        return None
    return zone if isinstance(zone, str) and 0 < len(zone) < 64 else None


def _local_now(handler_input, zone: str | None) -> datetime:
    moment = profile.now(handler_input)
    if zone:
        try:
            from zoneinfo import ZoneInfo

            return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        except Exception:
            pass
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _request(handler_input, hhmm: str) -> ReminderRequest:
    hour, minute = (int(part) for part in hhmm.split(":"))
    zone = _time_zone(handler_input)
    local = _local_now(handler_input, zone)
    first = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if first <= local:
        first += timedelta(days=1)
    text = speech.to_text(words(handler_input, "reminders/text"))
    return ReminderRequest(
        request_time=local.replace(microsecond=0),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            scheduled_time=first,
            time_zone_id=zone,
            recurrence=Recurrence(
                freq=RecurrenceFreq.DAILY,
                start_date_time=first,
                recurrence_rules=[f"FREQ=DAILY;BYHOUR={hour};BYMINUTE={minute};BYSECOND=0;INTERVAL=1;"],
            ),
        ),
        alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale(handler_input), text=text)])),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


def _no_permission(handler_input, key: str):
    handler_input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[SCOPE]))
    return _answer(handler_input, key)


def _answer(handler_input, key: str, **data):
    """Say how it went, then leave the door open for something else."""
    state.ask(handler_input, "menu")
    return respond(handler_input, speech.join([words(handler_input, key, **data),
                                               words(handler_input, "personal/anything_else")]),
                   words(handler_input, "common/menu_reprompt"))
