"""Launch, menu, help, stop, fallback, session end and the catch-all error answer."""
from __future__ import annotations

import logging
import traceback

from ask_sdk_core.dispatch_components import AbstractExceptionHandler

from .. import profile, speech, state
from .reply import respond, variant, words

log = logging.getLogger("secure_base")


def launch(handler_input):
    state.ask(handler_input, None)
    if profile.heard_intro(handler_input):
        opening = words(handler_input, "common/welcome_back", variant=variant())
        from . import audio  # late: audio builds on the exercise runner

        if audio.failed_last_time(handler_input):  # the recording did not play: sorry, and the spoken version
            return audio.failed_offer(handler_input, opening)
        if audio.finished_last_time(handler_input):  # it played to its end: how did it go? (optional, once)
            return audio.how_it_went(handler_input, opening)
        from . import personal  # late: personal builds on this module

        offer = personal.resume_offer(handler_input, opening)  # finish what was left partway?
        if offer:
            return offer
    else:
        opening = words(handler_input, "common/welcome_first")
        profile.mark_intro_heard(handler_input)
    return menu(handler_input, opening=opening)


def menu(handler_input, *, lead: str | None = None, opening: str = ""):
    state.ask(handler_input, "menu")
    say = speech.join([opening, words(handler_input, lead) if lead else "", words(handler_input, "common/menu", variant=variant())])
    return respond(handler_input, say, words(handler_input, "common/menu_reprompt"))


def outside_exercise(handler_input):
    """Next, repeat, pause and friends with no exercise going: say so, then the menu."""
    return menu(handler_input, lead="common/not_in_exercise")


def help(handler_input):
    from . import exercise  # the runner knows where the person is

    ex = state.active(handler_input)
    if ex and not ex.done:
        return respond(handler_input, words(handler_input, "common/help_in_exercise", **exercise.where(handler_input)),
                       words(handler_input, "common/help_reprompt"))
    waiting = _open_question(handler_input)
    if waiting:  # help must not lose the question the person was about to answer
        state.ask(handler_input, waiting)
        return respond(handler_input, speech.join([words(handler_input, "common/help_outside"),
                                                   words(handler_input, "common/still_asking", yes_no=_yes_no(waiting))]),
                       words(handler_input, "common/still_asking", yes_no=_yes_no(waiting)))
    state.ask(handler_input, "menu")
    return respond(handler_input, words(handler_input, "common/help_outside"), words(handler_input, "common/menu_reprompt"))


def waiting(handler_input) -> bool:
    return _open_question(handler_input) is not None


def _open_question(handler_input) -> str | None:
    """A question of ours still waiting for its answer (not just "what would you like?")."""
    question = state.question(handler_input)
    return question if question and question != "menu" else None


def _yes_no(question: str) -> bool:
    return question.startswith(("offer:", "personal:", "confirm:", "safety:"))


def stop(handler_input):
    if state.after_care(handler_input):  # this session heard someone may not be safe: leave the numbers
        from . import safety

        state.end(handler_input)
        return safety.goodbye(handler_input)
    state.end(handler_input)
    return respond(handler_input, words(handler_input, "common/goodbye", variant=variant()), end=True)


def fallback(handler_input):
    waiting = _open_question(handler_input)
    if waiting:  # words we could not make out, when we had asked something: ask again, lose nothing
        state.ask(handler_input, waiting)
        say = words(handler_input, "common/still_asking", yes_no=_yes_no(waiting), unclear=True)
        return respond(handler_input, say, words(handler_input, "common/still_asking", yes_no=_yes_no(waiting)))
    return respond(handler_input, words(handler_input, "common/fallback", variant=variant()),
                   words(handler_input, "common/menu_reprompt"))


def cannot_fulfil(handler_input):
    """CanFulfillIntentRequest: Secure Base is opened by name, never chosen for a nameless request."""
    from ask_sdk_model.canfulfill import CanFulfillIntent, CanFulfillIntentValues

    handler_input.response_builder.set_can_fulfill_intent(CanFulfillIntent(can_fulfill=CanFulfillIntentValues.NO))
    return handler_input.response_builder.response


def session_ended(handler_input):
    # Alexa ignores any speech here; the exercise state goes with the session.
    return handler_input.response_builder.response


class Apology(AbstractExceptionHandler):
    """Anything unexpected: a gentle apology, the menu, and a log line with no user words."""

    def can_handle(self, handler_input, exception):
        return True

    def handle(self, handler_input, exception):
        # where it broke, but not the message: messages can carry a person's words
        frames = traceback.extract_tb(exception.__traceback__)[-3:]
        log.error("unhandled %s while answering %s at %s", type(exception).__name__, _request_kind(handler_input),
                  " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}" for f in reversed(frames)))
        profile.save(handler_input)
        try:
            state.end(handler_input)
        except Exception:  # the session itself may be what broke
            handler_input.attributes_manager.session_attributes = {}
        return respond(handler_input, words(handler_input, "common/error"), words(handler_input, "common/menu_reprompt"))


def _request_kind(handler_input) -> str:
    req = handler_input.request_envelope.request
    name = getattr(getattr(req, "intent", None), "name", None)
    return f"{getattr(req, 'object_type', '?')}:{name}" if name else str(getattr(req, "object_type", "?"))
