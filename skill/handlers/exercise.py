"""Starting exercises and moving through them: one generic runner for the whole catalogue."""
from __future__ import annotations

from .. import apl, profile, speech, state
from ..scripts import catalogue
from . import audio as stream
from . import core
from .predicates import intent_name
from .reply import card_text, locale, respond, variant, words
from .slots import slots_of


def start(handler_input):
    exercise, slots = catalogue.for_intent(intent_name(handler_input)), slots_of(handler_input)
    profile.note_choice(handler_input, exercise, slots)  # a technique or length asked for by name is remembered
    stream.note_bed(handler_input, slots)  # "with rain": the sound under a recorded practice, remembered
    prefix = ""
    if not profile.heard_intro(handler_input):  # straight in ("ask Secure Base to..."): the disclosure, briefly
        prefix = words(handler_input, "common/disclosure_short")
        profile.mark_intro_heard(handler_input)
    return begin(handler_input, exercise, slots, prefix=prefix)


def begin(handler_input, exercise: catalogue.Exercise, slots: catalogue.Slots, *, prefix: str = ""):
    """Start ``exercise`` with options from ``slots`` (heard, or from an accepted offer)."""
    opts = exercise.options(slots, profile.preferences(handler_input))
    return begin_with(handler_input, exercise, opts, prefix=prefix)


def begin_with(handler_input, exercise: catalogue.Exercise, opts: dict, *, prefix: str = "", spoken: bool = False,
               disclosure_after: bool = False):
    """Longer than one spoken turn, on a device that plays audio: one stream. Otherwise spoken turns.

    ``disclosure_after``: a first-time person hears the one-line disclosure after the first breaths.
    """
    state.ask(handler_input, None)
    suffix = ""
    if disclosure_after and not profile.heard_intro(handler_input):
        suffix = words(handler_input, "common/disclosure_short")
        profile.mark_intro_heard(handler_input)
    chosen = variant()
    if not spoken and len(exercise.turns(locale(handler_input), opts, chosen)) > 1:
        rendered = stream.stream_for(handler_input, exercise, opts, chosen, stream.bed_of(handler_input))
        if rendered is not None:
            state.end(handler_input)
            return stream.begin(handler_input, exercise, opts, chosen, rendered, prefix=prefix)
    return speak_turn(handler_input, state.begin(handler_input, exercise.id, opts, chosen), first=True, prefix=prefix,
                      suffix=suffix)


def speak_turn(handler_input, ex: state.Active, *, first: bool = False, prefix: str = "", suffix: str = ""):
    """Say turn ``ex.turn`` of the exercise's plan, then the right question."""
    exercise = catalogue.get(ex.id)
    turns = exercise.turns(locale(handler_input), ex.opts, ex.variant)
    if ex.turn >= len(turns):  # a turn beyond the plan cannot be trusted: begin again
        ex = state.move_to(handler_input, ex, 0)
    body = speech.join([prefix, *(speech.segment(locale(handler_input), s) for s in turns[ex.turn]), suffix])
    profile.exercise_turn(handler_input, ex, exercise.family, finished=ex.turn == len(turns) - 1)  # progress, resume
    card = (card_text(handler_input, "common/card_title", **_names(handler_input, ex)),
            card_text(handler_input, exercise.card, **_card_data(handler_input, ex))) if first else None
    if apl.supports(handler_input):  # a screen shows the same turn
        apl.turn(handler_input, turns, ex.turn, prefix=prefix, suffix=suffix, body=body,
                 title=card_text(handler_input, "common/card_title", **_names(handler_input, ex)))
    if ex.turn == len(turns) - 1 and exercise.closes:  # a goodnight: no question, the session ends softly
        state.end(handler_input)
        return respond(handler_input, body, end=True, card=card)
    if ex.turn == len(turns) - 1:
        state.move_to(handler_input, ex, ex.turn, done=True)
        from . import conversation  # late: conversation starts exercises through this runner

        offer = conversation.offer_after(handler_input, exercise, ex.opts)  # (say, reprompt) or None
        if offer:
            return respond(handler_input, speech.join([body, offer[0]]), offer[1], card=card)
        return respond(handler_input, speech.join([body, words(handler_input, "common/after_exercise")]),
                       words(handler_input, "common/after_exercise_reprompt"), card=card)
    state.move_to(handler_input, ex, ex.turn)
    if exercise.user_paced:
        return respond(handler_input, body, words(handler_input, exercise.reprompt, **ex.opts), card=card)
    # at night no reprompt ever wakes someone who drifted off: a silence after the one soft question ends it
    reprompt = None if exercise.closes else words(handler_input, "common/go_on_reprompt")
    return respond(handler_input, speech.join([body, words(handler_input, exercise.between_turns)]), reprompt, card=card)


def _names(handler_input, ex: state.Active) -> dict:
    return {"name": words(handler_input, f"{catalogue.get(ex.id).family}/name", **ex.opts)}


def _card_data(handler_input, ex: state.Active) -> dict:
    return {**ex.opts, **_names(handler_input, ex)}


def go_next(handler_input):
    ex = state.active(handler_input)
    if ex.done:
        return core.menu(handler_input, lead="common/exercise_finished")
    return speak_turn(handler_input, state.move_to(handler_input, ex, ex.turn + 1))


def repeat(handler_input):
    ex = state.active(handler_input)
    return speak_turn(handler_input, ex)


def previous(handler_input):
    ex = state.active(handler_input)
    if ex.turn == 0:
        return speak_turn(handler_input, ex, prefix=words(handler_input, "common/first_step"))
    return speak_turn(handler_input, state.move_to(handler_input, ex, ex.turn - 1))


def start_over(handler_input):
    return speak_turn(handler_input, state.move_to(handler_input, state.active(handler_input), 0))


def pause(handler_input):
    ex = state.active(handler_input)
    state.move_to(handler_input, ex, ex.turn, paused=True, done=ex.done)
    return respond(handler_input, words(handler_input, "common/paused"), words(handler_input, "common/paused_reprompt"))


def still_paused(handler_input):
    """Words we could not make out while paused: keep the place, say how to carry on."""
    return respond(handler_input, words(handler_input, "common/paused_reprompt"), words(handler_input, "common/paused_reprompt"))


def resume(handler_input):
    ex = state.active(handler_input)
    return speak_turn(handler_input, state.move_to(handler_input, ex, ex.turn))


def decline(handler_input):
    """'No' to "would you like to keep going?": stop kindly, nothing more to ask."""
    profile.clear_unfinished(handler_input)  # they chose to stop: no offer to finish it next time
    if state.after_care(handler_input):
        return core.stop(handler_input)  # the goodbye that leaves the numbers behind
    state.end(handler_input)
    return respond(handler_input, words(handler_input, "common/no_thanks"), end=True)


def unclear(handler_input):
    """Something we could not match during a timed exercise: ask again, lose nothing."""
    return respond(handler_input, words(handler_input, "common/go_on_unclear"), words(handler_input, "common/go_on_reprompt"))


def where(handler_input) -> dict:
    """Where the person is, for help: the exercise name and turn counts."""
    ex = state.active(handler_input)
    exercise = catalogue.get(ex.id)
    turns = exercise.turns(locale(handler_input), ex.opts, ex.variant)
    return {"family": exercise.family, "turn": min(ex.turn, len(turns) - 1) + 1, "turns": len(turns), **_names(handler_input, ex)}
