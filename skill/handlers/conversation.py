"""Free text and suggestions: reframing a thought, naming a feeling, offers and their answers.

Everything here is thin: read the request and state, pick a script, hand over to the generic
exercise runner. The crisis screen (skill/safety.py) runs on every slot value before any of
these routes, so nothing here screens again.

Privacy: the thought a person says is reflected back once, in the same response, through
`speech.render_private` (never cached), and is never put in session or persistent attributes
or in a log line. Only the fact that it was said aloud reaches the exercise's options.
"""
from __future__ import annotations

import logging

from .. import profile, speech, state, suggest
from ..scripts import catalogue
from . import core, exercise
from .predicates import intent_name
from .reply import locale, respond, variant, words
from .slots import slots_of

log = logging.getLogger("secure_base")

MAX_THOUGHT_CHARS = 300  # what is said back; Alexa's own limit on a phrase is close to this
ANSWER_INTENTS = ("ReframeIntent", "ThoughtIntent")
NOT_YET = ("AMAZON.NextIntent", "AMAZON.YesIntent", "AMAZON.FallbackIntent")  # after "what's the thought?"


# -- predicates -------------------------------------------------------------------------------

def answering(handler_input) -> bool:
    """Inside an unfinished, user-paced exercise, words that sound like a new request are an answer.

    "I keep thinking about my mum" while remembering a warm moment, or "I feel it in my chest"
    while naming a feeling, should move the exercise on, not start another one. A feeling that
    resolves to one we know ("I feel lonely") still starts naming it.
    """
    ex = state.active(handler_input)
    if ex is None or ex.done or ex.paused or not catalogue.get(ex.id).user_paced:
        return False
    name = intent_name(handler_input)
    if name in ANSWER_INTENTS:
        return True
    if name == "FeelingIntent":
        slot = slots_of(handler_input).get("feeling")
        return bool(slot and slot.id not in _feelings())
    return False


def _feelings() -> tuple:
    from ..scripts import feelings

    return feelings.FEELINGS


# -- reframing a thought -----------------------------------------------------------------------

def _thought(handler_input) -> str:
    slot = slots_of(handler_input).get("thought")
    text = " ".join((slot.value if slot else "").split())[:MAX_THOUGHT_CHARS]
    return text.rstrip(" .,;:!?")


def reframe(handler_input):
    """ "I keep thinking nobody cares", "reframe {thought}", "the thought is {thought}"."""
    reframing = catalogue.get("reframing")
    thought = _thought(handler_input)
    if thought:
        said_back = speech.render_private(locale(handler_input), "reframing/reflect", thought=thought, variant=variant())
        return exercise.begin(handler_input, reframing, slots_of(handler_input), prefix=said_back)
    if (state.question(handler_input) or "") == "thought":  # asked once already: go on without it
        return thought_unsaid(handler_input)
    state.end(handler_input)
    state.ask(handler_input, "thought")
    return respond(handler_input, words(handler_input, "reframing/ask_thought"),
                   words(handler_input, "reframing/ask_thought_reprompt"))


def thought_unsaid(handler_input):
    """After "what's the thought?": next, yes, or words we could not catch. Keeping it private is fine."""
    heard = intent_name(handler_input) == "AMAZON.FallbackIntent"
    lead = words(handler_input, "reframing/unsaid", heard=heard)
    return exercise.begin(handler_input, catalogue.get("reframing"), {}, prefix=lead)


# -- naming the feeling ------------------------------------------------------------------------

def feeling(handler_input):
    """ "I'm feeling abandoned": name it together. No feeling heard at all: ask once, kindly."""
    slots = slots_of(handler_input)
    if "feeling" not in slots and (state.question(handler_input) or "") != "feeling":
        state.end(handler_input)
        state.ask(handler_input, "feeling")
        return respond(handler_input, words(handler_input, "feelings/ask_feeling"),
                       words(handler_input, "feelings/ask_feeling_reprompt"))
    return exercise.begin(handler_input, catalogue.get("feelings"), slots)


def feeling_unsaid(handler_input):
    """No word came: we notice "a hard feeling" together."""
    return exercise.begin(handler_input, catalogue.get("feelings"), {})


# -- offers: "Would you like to try ...?" ------------------------------------------------------

def offered_name(handler_input, offer: suggest.Offer) -> str:
    target = catalogue.get(offer.exercise)
    opts = target.options(offer.slots(), profile.preferences(handler_input))
    return words(handler_input, f"{target.family}/name", **opts)


def make_offer(handler_input, offer: suggest.Offer, lead: str = "") -> tuple[str, str]:
    """Remember the offer as the open question; the words that make it, and its reprompt."""
    name = offered_name(handler_input, offer)
    state.ask(handler_input, offer.code)
    data = {"exercise": offer.exercise, "value": offer.value or "", "name": name}
    return (speech.join([lead, words(handler_input, "suggest/offer", **data)]),
            words(handler_input, "suggest/offer_reprompt", **data))


def offer_after(handler_input, finished: catalogue.Exercise, opts: dict) -> tuple[str, str] | None:
    """What the runner says after an exercise's last step, if that exercise suggests a next one."""
    if finished.offer is None:
        return None
    offer = suggest.first_available(finished.offer(opts))
    return make_offer(handler_input, offer) if offer else None


def accept_offer(handler_input):
    offer = suggest.parse(state.question(handler_input))
    if offer is None:  # tampered or no longer available
        return core.menu(handler_input)
    return exercise.begin(handler_input, catalogue.get(offer.exercise), offer.slots())


def decline_offer(handler_input):
    state.ask(handler_input, "menu")
    return respond(handler_input, words(handler_input, "suggest/declined"), words(handler_input, "suggest/declined_reprompt"))


# -- "What should I do?" and "Surprise me" -----------------------------------------------------

def _hour(handler_input) -> int | None:
    req = handler_input.request_envelope.request
    return suggest.local_hour(getattr(req, "timestamp", None), locale(handler_input))


def _helps_you(handler_input) -> suggest.Offer | None:
    """What the person's saved profile says helps them, if the profile offers that (called defensively)."""
    ask_profile = getattr(profile, "suggestion", None)
    if not callable(ask_profile):
        return None
    try:
        return suggest.from_profile(ask_profile(handler_input))
    except Exception as exc:  # a suggestion is never worth an error
        log.warning("profile suggestion unavailable: %s", type(exc).__name__)
        return None


def what_should_i_do(handler_input):
    slot = slots_of(handler_input).get("feeling")
    chosen = suggest.suggest(slot.id if slot else None, _hour(handler_input), _helps_you(handler_input), variant())
    return _suggest(handler_input, chosen)


def surprise(handler_input):
    current = state.active(handler_input)
    chosen = suggest.surprise(_hour(handler_input), variant(), avoid=current.id if current else None)
    return _suggest(handler_input, chosen)


def _suggest(handler_input, chosen: suggest.Suggestion):
    lead = words(handler_input, "suggest/pick", reason=chosen.reason, variant=variant())
    say, reprompt = make_offer(handler_input, chosen.offer, lead)
    return respond(handler_input, say, reprompt)
