"""Request envelopes built in code, and a conversation that carries session state like Alexa."""
from __future__ import annotations

import copy
import itertools
import uuid

from skill import speech

_ids = itertools.count(1)


def envelope(request: dict, *, attributes: dict | None = None, new: bool = True, locale: str = "en-US",
             user_id: str = "amzn1.ask.account.TEST", api_endpoint: str = "https://api.amazonalexa.com",
             session_id: str = "amzn1.echo-api.session.TEST", application_id: str = "amzn1.ask.skill.TEST",
             api_access_token: str = "token") -> dict:
    system = {
        "application": {"applicationId": application_id},
        "user": {"userId": user_id},
        "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
        "apiEndpoint": api_endpoint,
        "apiAccessToken": api_access_token,
    }
    body = {
        "version": "1.0",
        "context": {"System": system},
        "request": {"requestId": f"amzn1.echo-api.request.{next(_ids)}", "timestamp": "2026-11-29T21:00:00Z",
                    "locale": locale, **request},
    }
    if request["type"] not in ("AlexaSkillEvent.SkillDisabled", "AlexaSkillEvent.SkillEnabled", "Connections.Response") or attributes is not None:
        body["session"] = {"new": new, "sessionId": session_id, "application": {"applicationId": application_id},
                           "attributes": copy.deepcopy(attributes or {}), "user": {"userId": user_id}}
    return body


def launch() -> dict:
    return {"type": "LaunchRequest"}


def intent(name: str, **slots) -> dict:
    """intent("BreathingIntent", technique=("box", "box"), duration="PT2M"): a value, or (value, resolved id)."""
    built = {}
    for slot, value in slots.items():
        if isinstance(value, tuple):
            heard, resolved = value
            status = "ER_SUCCESS_MATCH" if resolved else "ER_SUCCESS_NO_MATCH"
            values = [{"value": {"name": heard, "id": resolved}}] if resolved else []
            built[slot] = {"name": slot, "value": heard, "confirmationStatus": "NONE",
                           "resolutions": {"resolutionsPerAuthority": [
                               {"authority": f"amzn1.er-authority.echo-sdk.TEST.{slot}", "status": {"code": status},
                                "values": values}]}}
        else:
            built[slot] = {"name": slot, "value": value, "confirmationStatus": "NONE"}
    return {"type": "IntentRequest", "intent": {"name": name, "confirmationStatus": "NONE", "slots": built}}


def session_ended(reason: str = "USER_INITIATED") -> dict:
    return {"type": "SessionEndedRequest", "reason": reason}


class Turn:
    """What the person heard on one turn, and which scripts said it."""

    def __init__(self, raw: dict, keys: list[str]):
        self.raw = raw
        self.keys = keys
        self.response = raw.get("response", {})

    @property
    def ssml(self) -> str:
        return (self.response.get("outputSpeech") or {}).get("ssml", "")

    @property
    def text(self) -> str:
        return speech.to_text(self.ssml)

    @property
    def reprompt(self) -> str:
        return speech.to_text(((self.response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", ""))

    @property
    def ended(self) -> bool:
        return self.response.get("shouldEndSession") is True

    @property
    def card(self) -> dict | None:
        return self.response.get("card")

    @property
    def state(self) -> dict:
        return (self.raw.get("sessionAttributes") or {}).get("sb", {})

    @property
    def exercise(self) -> dict | None:
        return self.state.get("ex")

    def said(self, key: str) -> bool:
        return key in self.keys


class Conversation:
    """Sends turns through a callable (lambda handler, Flask client...) carrying session attributes."""

    def __init__(self, send, **envelope_kwargs):
        self.send = send
        self.kwargs = envelope_kwargs
        self.attributes: dict | None = None
        self.turns: list[Turn] = []

    def __call__(self, request: dict) -> Turn:
        new = self.attributes is None
        if request["type"] == "LaunchRequest":
            new, self.attributes = True, None
        body = envelope(request, attributes=self.attributes or {}, new=new, **self.kwargs)
        with speech.recording() as keys:
            raw = self.send(body)
        turn = Turn(raw, list(keys))
        self.turns.append(turn)
        self.attributes = None if turn.ended else (raw.get("sessionAttributes") or {})
        return turn

    def launch(self) -> Turn:
        return self(launch())

    def say(self, name: str, **slots) -> Turn:
        return self(intent(name, **slots))


def new_session_id() -> str:
    return f"amzn1.echo-api.session.{uuid.uuid4()}"
