"""Slower, faster and counting aloud: options of the breathing technique, changed mid-session.

A change re-plans the session from where the person is (the pacing engine maps
the point reached onto the new plan), is kept in the session's exercise options
and saved as a preference for next time. Skip needs no handler of its own:
"skip" is AMAZON.NextIntent, which the generic runner answers.
"""
from __future__ import annotations

import dataclasses

from .. import pacing, profile, speech, state
from ..scripts import catalogue
from . import core, exercise
from .reply import locale, respond, words
from .slots import slots_of

SLOWER, FASTER = 1, -1


def slower(handler_input):
    return _change_pace(handler_input, SLOWER)


def faster(handler_input):
    return _change_pace(handler_input, FASTER)


def counting(handler_input):
    """ "count out loud for me" / "stop counting": the slot says which (no slot: stop)."""
    slot = slots_of(handler_input).get("counting")
    aloud = bool(slot and (slot.id == "aloud" or (slot.heard and slot.id is None)))
    ex = state.active(handler_input)
    if ex is None or ex.done:
        profile.set_preference(handler_input, "count_aloud", aloud)
        return core.menu(handler_input, opening=words(handler_input, "pace/count_remembered", aloud=aloud))
    if not _breathing(ex):
        return _not_here(handler_input, ex, "count")
    profile.set_preference(handler_input, "count_aloud", aloud)
    if ex.opts["count"] == aloud:
        return _carry_on(handler_input, ex, ex.opts, words(handler_input, "pace/count_already", aloud=aloud))
    return _carry_on(handler_input, ex, {**ex.opts, "count": aloud},
                     words(handler_input, "pace/count_changed", aloud=aloud))


def _change_pace(handler_input, step: int):
    direction = "slower" if step == SLOWER else "faster"
    ex = state.active(handler_input)
    if ex is None or ex.done:
        saved = profile.preferences(handler_input).get("pace")
        level = pacing.clamp_pace((saved if type(saved) is int else 0) + step)
        profile.set_preference(handler_input, "pace", level)
        return core.menu(handler_input, opening=words(handler_input, "pace/remembered", direction=direction))
    if not _breathing(ex):
        return _not_here(handler_input, ex, direction)
    level = pacing.clamp_pace(ex.opts["pace"] + step, ex.opts["technique"])
    profile.set_preference(handler_input, "pace", level)
    if level == ex.opts["pace"]:
        return _carry_on(handler_input, ex, ex.opts, words(handler_input, "pace/limit", direction=direction))
    return _carry_on(handler_input, ex, {**ex.opts, "pace": level},
                     words(handler_input, "pace/changed", direction=direction, level=level))


def _breathing(ex: state.Active) -> bool:
    """Pace and counting belong to breathing techniques (and to any exercise planned like them)."""
    return ex.opts.get("technique") in pacing.TECHNIQUES and "pace" in ex.opts and "count" in ex.opts


def _carry_on(handler_input, ex: state.Active, opts: dict, prefix: str):
    """Say what changed, then the next part of the re-planned session."""
    ex_def = catalogue.get(ex.id)
    loc = locale(handler_input)
    old = ex_def.turns(loc, ex.opts, ex.variant)
    new = ex_def.turns(loc, opts, ex.variant)
    heard = min(ex.turn, len(old) - 1)
    turn = pacing.resume_turn(old, new, speech.measure_for(loc), heard)
    moved = state.move_to(handler_input, dataclasses.replace(ex, opts=opts), turn)
    return exercise.speak_turn(handler_input, moved, prefix=prefix)


def _not_here(handler_input, ex: state.Active, what: str):
    """This exercise goes at its own pace: say so kindly and lose nothing."""
    ex_def = catalogue.get(ex.id)
    say = words(handler_input, "pace/not_here", what=what, user_paced=ex_def.user_paced)
    if ex_def.user_paced:
        return respond(handler_input, say, words(handler_input, ex_def.reprompt, **ex.opts))
    return respond(handler_input, say, words(handler_input, "common/go_on_reprompt"))
