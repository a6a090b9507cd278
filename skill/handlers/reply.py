"""Building what Alexa says back: words from templates, optional reprompt and card."""
from __future__ import annotations

import random

from ask_sdk_model.ui import SimpleCard

from .. import apl, speech

CARD_TITLE = "Secure Base"


def locale(handler_input) -> str:
    return speech.supported_locale(getattr(handler_input.request_envelope.request, "locale", None))


def words(handler_input, key: str, /, **data) -> str:
    return speech.render(locale(handler_input), key, **data)


def variant() -> int:
    return random.randrange(12)


def respond(handler_input, say: str, reprompt: str | None = None, *, end: bool = False, card: tuple[str, str] | None = None):
    builder = handler_input.response_builder
    if say:
        builder.speak(say)
    if reprompt and not end:
        builder.ask(reprompt)
    if card:
        title, text = card
        builder.set_card(SimpleCard(title=title, content=text))
    apl.add_to(handler_input, say, card)  # APL devices: the exercise's picture, or the card on the screen
    builder.set_should_end_session(end)
    return builder.response


def card_text(handler_input, key: str, /, **data) -> str:
    return speech.text(locale(handler_input), key, **data)
