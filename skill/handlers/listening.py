"""Answers to a person's own words when they are not a request we know (skill/hearing.py read them).

Crisis words never reach here: the safety routes answer them first. What does:
  - distress with no danger ("I'm scared", "he's going to leave me"): a short answer that shows
    it was heard (the feeling reflected, never their words said back) and the one exercise that
    fits, offered (or, for panic, begun at once);
  - inside an exercise: a no, or a sign it is not helping, pauses it and offers a choice; any
    other words are the answer the step was waiting for;
  - words we cannot place, and the fallback that carries no words: said kindly, with what can
    be said, and from the second miss a short safety line.
"""
from __future__ import annotations

from .. import hearing, profile, speech, state, suggest
from ..scripts import catalogue
from . import conversation, core, exercise, privacy, safety
from .reply import respond, variant, words

CARE = "care:choice"  # the open question after pausing for someone: grounding, gentler, or stop
GROUNDING = suggest.Offer("grounding", "technique", "body")  # feet on the floor, eyes open
GENTLER = suggest.Offer("soothing", "technique", "heart")
ACUTE = ("panic", "flashback", "unreality", "overwhelm")  # distress that pauses any exercise
FEELINGS_ARE_ANSWERS = ("feelings",)  # where "it hurts, here in my chest" is the answer the step asked for


def offer_of(category: hearing.Category) -> suggest.Offer:
    exercise_id, _, option = category.offer.partition(":")
    slot, _, value = option.partition("=")
    return suggest.Offer(exercise_id, slot or None, value or None)


# -- carrier words ---------------------------------------------------------------------------

def heard_words(handler_input):
    reading = hearing.heard(handler_input).reading
    if reading.medical:
        return safety.medical(handler_input)
    if safety.offered(handler_input):  # the slow grounding offered after a safety answer
        return safety.decline_grounding(handler_input) if reading.refusal else safety.still_here(handler_input)
    if privacy.confirming(handler_input):
        return privacy.unclear(handler_input)
    if state.question(handler_input) == CARE:
        return stop_for_now(handler_input) if reading.refusal else still_choosing(handler_input)
    ex = state.active(handler_input)
    if ex is not None and not ex.done:
        return _inside(handler_input, ex, reading)
    if reading.distress is not None:
        return reflect(handler_input, reading.distress)
    if core.waiting(handler_input):
        return core.fallback(handler_input)  # our question still stands: ask it again, kindly
    return not_sure(handler_input)


def _inside(handler_input, ex: state.Active, reading: hearing.Reading):
    acute = (reading.distress is not None and reading.distress.name in ACUTE) or (
        reading.struggle and ex.id not in FEELINGS_ARE_ANSWERS)
    if ex.paused:
        return pause_for_care(handler_input) if (reading.refusal or acute) else exercise.still_paused(handler_input)
    if ex.id == "memory" and reading.no_memory:
        return no_memory(handler_input)
    if reading.refusal or acute:
        return pause_for_care(handler_input)
    # the answer a step was waiting for; in a timed exercise ("keep going?"), words that are no "no"
    return exercise.go_next(handler_input)


def panic(handler_input):
    """ "I'm panicking", "I'm having a panic attack": we begin breathing together at once."""
    category = next(c for c in hearing.lexicon("en-US") if c.kind == "distress" and c.name == "panic")
    return reflect(handler_input, category)


def reflect(handler_input, category: hearing.Category):
    """Heard, not repeated: the feeling named back in a sentence or two, then what fits."""
    lead = words(handler_input, "listening/reflect", category=category.name, variant=variant())
    offer = suggest.first_available([offer_of(category)])
    if offer is None:
        return core.menu(handler_input, opening=lead)
    if category.start:  # panic: no question first, the first breath within seconds, spoken (no stream to wait for)
        target = catalogue.get(offer.exercise)
        opts = {**target.options(offer.slots(), profile.preferences(handler_input)), "quick": True}
        return exercise.begin_with(handler_input, target, target.clean(opts) or opts, prefix=lead, spoken=True,
                                   disclosure_after=True)
    return respond(handler_input, *conversation.make_offer(handler_input, offer, lead=lead))


# -- pausing for someone inside an exercise -----------------------------------------------------

def pause_for_care(handler_input):
    """"No", "I can't do this", "I feel worse": stop the steps, say it's okay, offer a choice."""
    ex = state.active(handler_input)
    if ex is not None:
        state.move_to(handler_input, ex, ex.turn, paused=True, done=ex.done)
    state.ask(handler_input, CARE)
    return respond(handler_input, words(handler_input, "listening/pause_for_care", variant=variant()),
                   words(handler_input, "listening/care_reprompt"))


def ground_gently(handler_input):
    """Yes, after the pause: grounding with eyes open, from the start."""
    lead = words(handler_input, "listening/ground_gently", variant=variant())
    return exercise.begin(handler_input, catalogue.get(GROUNDING.exercise), GROUNDING.slots(), prefix=lead)


def gentler(handler_input):
    lead = words(handler_input, "listening/gentler", variant=variant())
    return exercise.begin(handler_input, catalogue.get(GENTLER.exercise), GENTLER.slots(), prefix=lead)


def said_no(handler_input):
    """ "No" to a step that waits for an answer: respected, never stepped over."""
    ex = state.active(handler_input)
    if ex is not None and ex.id == "memory":
        return no_memory(handler_input)
    return pause_for_care(handler_input)


def stop_for_now(handler_input):
    return exercise.decline(handler_input)


def still_choosing(handler_input):
    state.ask(handler_input, CARE)
    return respond(handler_input, words(handler_input, "listening/care_reprompt"),
                   words(handler_input, "listening/care_reprompt"))


def no_memory(handler_input):
    """"I don't have any good memories": other doors in, and the step keeps waiting, unhurried."""
    return respond(handler_input, words(handler_input, "listening/no_memory", variant=variant()),
                   words(handler_input, "listening/no_memory_reprompt"))


# -- words we could not place, and the fallback with no words ----------------------------------

def not_sure(handler_input):
    return _missed(handler_input, "listening/not_sure")


def fallback(handler_input):
    if core.waiting(handler_input):  # our question still stands: ask it again, lose nothing
        return core.fallback(handler_input)
    return _missed(handler_input, "common/fallback")


def _missed(handler_input, key: str):
    run, total = state.missed(handler_input)
    if run >= 3:  # three in a row: something slower, or stopping, rather than the same line again
        lead = words(handler_input, "listening/many_misses")
        return respond(handler_input, *conversation.make_offer(handler_input, GROUNDING, lead=lead))
    state.ask(handler_input, "menu")
    say = speech.join([words(handler_input, key, variant=variant()),
                       words(handler_input, "listening/safety_line") if total >= 2 else ""])
    return respond(handler_input, say, words(handler_input, "common/menu_reprompt"))
