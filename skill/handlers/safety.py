"""The safety answer, and the honest answer about therapy.

Routed before anything else (skill/app.py): CrisisIntent, and any intent whose slot values
carry crisis language (`crisis_heard` screens every slot value of every incoming intent, so
every free-text path, the reframing thought, a feeling, anything a SearchQuery slot caught,
passes the screen first). The answer stops any exercise, says plainly that Secure Base cares
and cannot help in an emergency, gives the locale's lines (spoken, and on a card), then stays:
it offers slow grounding and keeps the session open.

Privacy: the words that triggered it are never stored, logged or said back. Only the screen's
verdict (two booleans) lives in request attributes, for this request alone.
"""
from __future__ import annotations

from .. import hearing, safety, state
from ..scripts import catalogue
from . import exercise
from .predicates import intent_name
from .reply import card_text, respond, variant, words
from .slots import slots_of

OFFER = "safety:grounding"  # the open question after the safety answer (not a library "offer:")
GROUNDING = ("grounding", "body")  # slow, body-based grounding: feet on the floor, eyes open


# -- predicates -------------------------------------------------------------------------------

def heard(handler_input) -> safety.Screen:
    """The screen's verdict on this request's words, each slot read with its carrier (skill/hearing.py)."""
    return hearing.heard(handler_input).screen


def crisis_heard(handler_input) -> bool:
    """Crisis language in any slot of an intent a person spoke (not CanFulfillIntentRequest probes)."""
    kind = getattr(handler_input.request_envelope.request, "object_type", None)
    return kind == "IntentRequest" and heard(handler_input).crisis


def offered(handler_input) -> bool:
    return state.question(handler_input) == OFFER


# -- handlers ---------------------------------------------------------------------------------

def _resources(handler_input) -> safety.Resources:
    # the request's own locale, not the template fallback: en-IE must not hear US numbers
    return safety.resources(getattr(handler_input.request_envelope.request, "locale", None))


def crisis(handler_input):
    found = heard(handler_input)
    from_intent = intent_name(handler_input) == "CrisisIntent"
    active = state.active(handler_input)
    stopped = active is not None and not active.done  # "let's set the exercise aside" only if one was going
    harm = found.harm_by_other or "who" in slots_of(handler_input)  # "my {who} hits me"
    state.end(handler_input)
    state.ask(handler_input, OFFER)
    state.remember_care(handler_input, harmed=harm)
    res = _resources(handler_input)
    say = words(handler_input, "safety/answer", res=res, harm=harm, unsure=not (found.sure or from_intent),
                dv=from_intent and not harm, stopped=stopped, variant=variant())
    return respond(handler_input, say, words(handler_input, "safety/reprompt"), card=card(handler_input, res))


def card(handler_input, res: safety.Resources) -> tuple[str, str]:
    text = card_text(handler_input, "safety/card", res=res)
    return (card_text(handler_input, "safety/card_title"),
            "\n".join(line.strip() for line in text.split("¶") if line.strip()))


def start_grounding(handler_input):
    """Yes to slow grounding: the generic runner starts it, from the ground up."""
    exercise_id, technique = GROUNDING
    grounding = catalogue.get(exercise_id)
    slots = {"technique": catalogue.Slot(value=technique, id=technique)}
    lead = words(handler_input, "safety/grounding_yes", variant=variant())
    return exercise.begin(handler_input, grounding, slots, prefix=lead)


def decline_grounding(handler_input):
    state.ask(handler_input, "menu")
    return respond(handler_input, words(handler_input, "safety/grounding_no", res=_resources(handler_input), harm=state.harmed(handler_input)),
                   words(handler_input, "safety/grounding_no_reprompt"))


def still_here(handler_input):
    """Words we could not make out while the grounding offer is open: stay, never "didn't get that"."""
    state.ask(handler_input, OFFER)  # offered again, so it holds for the next answer too
    return respond(handler_input, words(handler_input, "safety/still_here", res=_resources(handler_input), harm=state.harmed(handler_input)),
                   words(handler_input, "safety/reprompt"))


def goodbye(handler_input):
    state.ask(handler_input, None)
    res = _resources(handler_input)
    return respond(handler_input, words(handler_input, "safety/goodbye", res=res, harm=state.harmed(handler_input)), end=True, card=card(handler_input, res))


def numbers(handler_input):
    """ "What was the number?" / "who can I call?": the lines again, and the same gentle offer."""
    state.end(handler_input)
    state.ask(handler_input, OFFER)
    res = _resources(handler_input)
    return respond(handler_input, words(handler_input, "safety/numbers", res=res, harm=state.harmed(handler_input)),
                   words(handler_input, "safety/reprompt"), card=card(handler_input, res))


def medical(handler_input):
    """Chest pain, no air: the emergency number first; slow breathing offered only for known panic."""
    from .. import suggest
    from . import conversation  # late: conversation starts exercises through the runner

    state.end(handler_input)
    lead = words(handler_input, "safety/medical", res=_resources(handler_input))
    return respond(handler_input, *conversation.make_offer(
        handler_input, suggest.Offer("breathing", "technique", "extended_exhale"), lead=lead))


def therapy_info(handler_input):
    """ "Should I see a therapist?": kindly, the approaches people use, and a licensed professional."""
    if state.active(handler_input) is None:
        state.ask(handler_input, "menu")
        reprompt = "common/menu_reprompt"
    else:
        reprompt = "common/help_reprompt"
    say = words(handler_input, "safety/therapy", variant=variant(), in_exercise=reprompt == "common/help_reprompt")
    return respond(handler_input, say, words(handler_input, reprompt))
