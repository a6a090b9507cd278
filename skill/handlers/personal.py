"""What Secure Base remembers, said back kindly: resume, last time, progress, attachment style.

Every question asked here is remembered with state.ask() under a "personal:" code. A question
holds only for the very next answer (skill.state), so a "yes" said later to something else
(say, "keep going?") can never be taken as consent to keep a style.
"""
from __future__ import annotations

from .. import profile, speech, state
from ..scripts import catalogue
from .. import suggest
from . import conversation, core, exercise
from .reply import locale, respond, variant, words
from .slots import slots_of

RESUME = "personal:resume"
AGAIN = "personal:again"
STYLE = "personal:style:"  # + the style waiting for a yes


def _ask(handler_input, code: str) -> None:
    state.ask(handler_input, code)


def _asked_code(handler_input) -> str | None:
    """The personal question this turn answers, if it answers one."""
    code = state.question(handler_input) or ""
    return code if code.startswith("personal:") else None


def answering(prefix: str):
    """Predicate: this turn answers the personal question ``prefix...`` asked on the turn before."""
    return lambda handler_input: (_asked_code(handler_input) or "").startswith(prefix)


def _name(handler_input, exercise_id: str, opts: dict) -> str:
    return words(handler_input, f"{catalogue.get(exercise_id).family}/name", **opts)


def _start_at(handler_input, exercise_id: str, opts: dict, turn: int = 0, chosen_variant: int | None = None,
              prefix: str = ""):
    """Start a remembered exercise with its remembered options, at a given turn."""
    state.ask(handler_input, None)
    ex = state.begin(handler_input, exercise_id, opts, variant() if chosen_variant is None else chosen_variant)
    if turn:
        ex = state.move_to(handler_input, ex, turn)
    return exercise.speak_turn(handler_input, ex, first=True, prefix=prefix)


def _then(handler_input, say: str):
    """After answering a question: back to the exercise in progress, or the menu."""
    ex = state.active(handler_input)
    if ex and not ex.done:
        state.ask(handler_input, None)
        name = _name(handler_input, ex.id, ex.opts)
        return respond(handler_input, speech.join([say, words(handler_input, "personal/carry_on", name=name)]),
                       words(handler_input, "common/go_on_reprompt"))
    state.ask(handler_input, "menu")
    return respond(handler_input, speech.join([say, words(handler_input, "personal/anything_else")]),
                   words(handler_input, "common/menu_reprompt"))


# --- resume -----------------------------------------------------------------------------

def resume_offer(handler_input, opening: str):
    """At launch: offer to finish an exercise left partway in the last 24 hours (None if there is none)."""
    saved = profile.unfinished(handler_input)
    if not saved:
        return None
    name = _name(handler_input, saved["id"], saved["opts"])
    _ask(handler_input, RESUME)
    return respond(handler_input, speech.join([opening, words(handler_input, "personal/resume_offer", name=name)]),
                   words(handler_input, "personal/resume_offer_reprompt", name=name))


def resume_yes(handler_input):
    """Yes to the offer (or "resume" with nothing going): pick up at the turn where they left."""
    saved = profile.unfinished(handler_input)
    if not saved:
        return core.outside_exercise(handler_input)
    remembered = catalogue.get(saved["id"])
    turn = saved["turn"]
    if not remembered.user_paced:  # that part was heard in full; a step still waiting for its answer was not
        turn = min(turn + 1, len(remembered.turns(locale(handler_input), saved["opts"], saved["variant"])) - 1)
    return _start_at(handler_input, saved["id"], saved["opts"], turn, saved["variant"],
                     prefix=words(handler_input, "personal/resuming"))


def resume_no(handler_input):
    profile.clear_unfinished(handler_input)
    return core.menu(handler_input, lead="personal/resume_declined")


# --- last time and progress -------------------------------------------------------------

def _days_ago(handler_input, day: str) -> int | None:
    from datetime import date

    try:
        return (date.fromisoformat(profile.today(handler_input)) - date.fromisoformat(day)).days
    except (TypeError, ValueError):
        return None


def last_time(handler_input):
    """ "What did I do last time?" """
    last = profile.progress(handler_input)["last"]
    exercise_ = catalogue.get(last["id"]) if last else None
    opts = exercise_.clean(last.get("opts")) if exercise_ else None
    if opts is None:
        state.ask(handler_input, "menu")
        return respond(handler_input, speech.join([words(handler_input, "personal/last_time_none"),
                                                   words(handler_input, "common/menu", variant=variant())]),
                       words(handler_input, "common/menu_reprompt"))
    from datetime import date

    ago = _days_ago(handler_input, last["day"])
    weekday = date.fromisoformat(last["day"]).weekday() if ago is not None else None
    say = words(handler_input, "personal/last_time", name=_name(handler_input, exercise_.id, opts),
                finished=last.get("finished") is True, ago=ago, weekday=weekday, variant=variant())
    ex = state.active(handler_input)
    if ex and not ex.done:
        return _then(handler_input, say)
    _ask(handler_input, AGAIN)
    return respond(handler_input, speech.join([say, words(handler_input, "personal/again_offer")]),
                   words(handler_input, "personal/again_reprompt"))


def again_yes(handler_input):
    last = profile.progress(handler_input)["last"]
    exercise_ = catalogue.get(last["id"]) if last else None
    opts = exercise_.clean(last.get("opts")) if exercise_ else None
    if opts is None:
        return core.menu(handler_input)
    return _start_at(handler_input, exercise_.id, opts)


def how_am_i_doing(handler_input):
    """ "How am I doing?": counts, said encouragingly, never a word about missed days."""
    summary = profile.progress(handler_input)
    if not summary["days"] and not summary["total"]:
        return _then(handler_input, words(handler_input, "personal/progress_none"))
    favourite = summary["favourite"]
    say = words(handler_input, "personal/progress", days=summary["days"], total=summary["total"],
                favourite=words(handler_input, "personal/family", family=favourite) if favourite else "",
                favourite_count=summary["done"].get(favourite, 0) if favourite else 0, variant=variant())
    return _then(handler_input, say)


# --- self-reported attachment style, only with consent ----------------------------------

def style_heard(handler_input):
    """ "I think I have an anxious attachment style": ask before keeping anything."""
    slot = slots_of(handler_input).get("style")
    chosen = slot.id if slot and slot.id in profile.STYLES else None
    if chosen is None:
        state.ask(handler_input, "menu")
        return respond(handler_input, words(handler_input, "personal/style_unclear"),
                       words(handler_input, "common/menu_reprompt"))
    _ask(handler_input, STYLE + chosen)
    return respond(handler_input, words(handler_input, "personal/style_consent", style=chosen),
                   words(handler_input, "personal/style_consent_reprompt"))


def style_yes(handler_input):
    chosen = (_asked_code(handler_input) or "")[len(STYLE):]
    if chosen not in profile.STYLES:
        return core.menu(handler_input)
    profile.remember_style(handler_input, chosen)
    say = words(handler_input, "personal/style_saved")
    found = profile.suggestion(handler_input)
    offer = suggest.first_available([(found[0], *next(iter(found[1].items()), (None, None)))]) if found else None
    if offer is None:
        return _then(handler_input, say)
    return respond(handler_input, *conversation.make_offer(handler_input, offer, lead=say))


def style_no(handler_input):
    return _then(handler_input, words(handler_input, "personal/style_not_saved"))


def forget_style(handler_input):
    had = profile.forget_style(handler_input)
    return _then(handler_input, words(handler_input, "personal/style_forgotten" if had else "personal/style_none"))


def no_thanks(handler_input):
    """No to "again?": that's fine, here's the menu."""
    return core.menu(handler_input, lead="personal/okay")
