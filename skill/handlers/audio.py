"""Long practice as one audio stream (AudioPlayer), and everything Alexa asks of an AudioPlayer skill.

On a device with AudioPlayer, a timed session longer than one spoken turn gets a short spoken
start and one `AudioPlayer.Play` of the whole session rendered by skill/audio (its exact timing
comes from the measured length of every phrase), and the session ends while it plays: nobody is
asked "keep going?", nobody asleep is woken. "Alexa, pause" keeps the place in the person's
profile; "Alexa, resume", now or tomorrow, carries on from there; "start over" begins again.
A stream that fails is logged, and the next open says sorry and offers the spoken version.

Without AudioPlayer, or when no stream can be had at once (nothing rendered, no public URL),
the session is spoken in turns as before: audio never makes a person wait.
"""
from __future__ import annotations

import logging

from .. import profile
from ..config import Config
from ..scripts import catalogue
from .reply import locale, respond, words

log = logging.getLogger("secure_base")

SPOKEN = "audio:spoken"  # the open question after a stream failed: the spoken version instead?
HOW_IT_WENT = "audio:went"  # the optional question at the open after a stream played to its end
CONFIG = "sb_config"  # request attribute: the skill's Config (set by skill/app.py)
PLAYING = "playing"  # the profile section: what is playing, where it stopped


# -- predicates --------------------------------------------------------------------------------

def supports(handler_input) -> bool:
    """The device can play a stream (Echo speakers and Shows; not every phone or screen)."""
    system = getattr(handler_input.request_envelope.context, "system", None)
    interfaces = getattr(getattr(system, "device", None), "supported_interfaces", None)
    return getattr(interfaces, "audio_player", None) is not None


def ours(handler_input) -> bool:
    """Alexa is playing (or has paused) a stream of ours: pause, resume and friends are about it."""
    player = getattr(handler_input.request_envelope.context, "audio_player", None)
    token = getattr(player, "token", None)
    playing = profile_playing(handler_input)
    activity = getattr(getattr(player, "player_activity", None), "value", None)
    if activity in ("FINISHED", "IDLE") or (playing and playing.get("finished")):
        return False  # it played to its end: "stop" now is a goodbye, and the open may ask how it went
    return bool(token and playing and token == playing.get("token"))


def has_paused_stream(handler_input) -> bool:
    playing = profile_playing(handler_input)
    return bool(playing and not playing.get("failed") and playing.get("offset") is not None)


def failed_last_time(handler_input) -> bool:
    playing = profile_playing(handler_input)
    return bool(playing and playing.get("failed"))


def finished_last_time(handler_input) -> bool:
    """The last stream played to its end and nobody has asked about it yet."""
    playing = profile_playing(handler_input)
    return bool(playing and playing.get("finished") and not playing.get("failed"))


# -- the profile's record of what plays --------------------------------------------------------

def profile_playing(handler_input) -> dict | None:
    raw = profile.section(handler_input, PLAYING)
    if not isinstance(raw, dict) or not isinstance(raw.get("token"), str) or catalogue.get(raw.get("id")) is None:
        return None
    return raw


def _remember(handler_input, record: dict | None) -> None:
    profile.set_section(handler_input, PLAYING, record)


# -- starting a stream ---------------------------------------------------------------------------

def _config(handler_input) -> Config | None:
    found = handler_input.attributes_manager.request_attributes.get(CONFIG)
    return found if isinstance(found, Config) else None


def bed_of(handler_input) -> str | None:
    """The sound bed the person chose for recorded practice, if any."""
    from ..audio import bed

    return bed.valid(profile.preferences(handler_input).get("bed"))


def note_bed(handler_input, slots) -> str | None:
    """A sound bed asked for by name ("with rain", "no sound") is remembered; its id, "none", or None."""
    from ..audio import bed

    slot = slots.get("bed")
    chosen = slot.id if slot else None
    if chosen == "none":
        profile.forget_preference(handler_input, "bed")
    elif bed.valid(chosen):
        profile.set_preference(handler_input, "bed", chosen)
    else:
        return None
    return chosen


def choose_bed(handler_input):
    """ "With rain", "brown noise", "no background sound": remembered for the recorded practice."""
    from .. import speech, state
    from .slots import slots_of

    slots = slots_of(handler_input)
    if "bed" not in slots:  # "no background sound", "turn off the rain": the samples without a sound in them
        slots = {"bed": catalogue.Slot(value="no sound", id="none")}
    chosen = note_bed(handler_input, slots)
    if chosen is None:
        say = words(handler_input, "stream/bed_unknown")
    else:
        say = words(handler_input, "stream/bed_set", bed=chosen, plays=supports(handler_input),
                    bed_name=words(handler_input, "stream/bed_name", bed=chosen) if chosen != "none" else "")
    ex = state.active(handler_input)
    if ex and not ex.done:  # said in the middle of a spoken practice: noted, and it carries on when they like
        return respond(handler_input, speech.join([say, words(handler_input, "common/go_on")]),
                       words(handler_input, "common/go_on_reprompt"))
    from . import core

    return core.menu(handler_input, opening=say)


def stream_for(handler_input, exercise: catalogue.Exercise, opts: dict, variant: int, bed: str | None = None):
    """The rendered session, if it can be had at once (already rendered, or every phrase cached)."""
    if exercise.user_paced or exercise.private or not supports(handler_input):
        return None
    try:
        from .. import audio  # late: the renderer is only needed where a stream is possible

        config = _config(handler_input)
        if config is not None and not (config.public_url or config.audio_bucket):
            return None  # nowhere Alexa could fetch it from
        where = locale(handler_input)
        found = audio.find(exercise.id, opts, where, variant=variant, config=config, bed=bed)
        if found is None and audio.quick(exercise.id, opts, where, variant=variant, config=config):
            found = audio.render(exercise.id, opts, where, variant=variant, config=config, bed=bed)
        return found if found is not None and found.url else None
    except Exception as exc:  # no stream is never worth an error: the turns are spoken instead
        log.warning("audio stream unavailable (%s); speaking the session", type(exc).__name__)
        return None


def begin(handler_input, exercise: catalogue.Exercise, opts: dict, variant: int, rendered, *, prefix: str = ""):
    """The short spoken start, then the whole session as one stream; the session ends while it plays."""
    bed = (rendered.sidecar or {}).get("bed")
    _remember(handler_input, {"token": rendered.name, "id": exercise.id, "opts": profile.safe_opts(opts),
                              "variant": variant, "offset": 0, "duration": round(rendered.duration_s, 1),
                              **({"bed": bed} if bed else {})})
    name = words(handler_input, f"{exercise.family}/name", **opts)
    say = words(handler_input, "stream/start", name=name, minutes=max(1, round(rendered.duration_s / 60)),
                prefix=prefix, bed_name=words(handler_input, "stream/bed_name", bed=bed) if bed else "")
    _screens(handler_input, exercise, opts, rendered, name, say)
    return _play(handler_input, rendered, 0, say)


def _screens(handler_input, exercise: catalogue.Exercise, opts: dict, rendered, name: str, say: str) -> None:
    """The practice's card in the Alexa app; on a screen, the circle timed by the stream's own cues."""
    from ask_sdk_model.ui import SimpleCard

    from .. import apl
    from .reply import card_text

    title = card_text(handler_input, "common/card_title", name=name)
    handler_input.response_builder.set_card(SimpleCard(title=title, content=card_text(handler_input, exercise.card,
                                                                                      **{**opts, "name": name})))
    apl.stream(handler_input, rendered, say=say, title=title)


def _play(handler_input, rendered, offset_ms: int, say: str = ""):
    from ask_sdk_model.interfaces.audioplayer import AudioItem, PlayBehavior, PlayDirective, Stream  # a player's only

    stream = Stream(token=rendered.name, url=rendered.url, offset_in_milliseconds=max(0, int(offset_ms)))
    builder = handler_input.response_builder
    if say:
        builder.speak(say)
    builder.add_directive(PlayDirective(play_behavior=PlayBehavior.REPLACE_ALL, audio_item=AudioItem(stream=stream)))
    builder.set_should_end_session(True)
    return builder.response


def _stop(handler_input, say: str = ""):
    from ask_sdk_model.interfaces.audioplayer import StopDirective

    builder = handler_input.response_builder
    if say:
        builder.speak(say)
    builder.add_directive(StopDirective())
    builder.set_should_end_session(True)
    return builder.response


def _again(handler_input, playing: dict):
    """The same session's stream, with a fresh URL (presigned links expire)."""
    exercise = catalogue.get(playing["id"])
    opts = exercise.clean(playing.get("opts")) if exercise else None
    if opts is None:
        return None
    from ..audio import bed

    return stream_for(handler_input, exercise, opts, int(playing.get("variant") or 0), bed.valid(playing.get("bed")))


# -- "Alexa, pause", "Alexa, resume" and the rest, said while a stream of ours plays --------------

def pause(handler_input):
    return _stop(handler_input)  # the offset arrives with PlaybackStopped


def resume(handler_input):
    playing = profile_playing(handler_input)
    rendered = _again(handler_input, playing) if playing else None
    if rendered is None:
        return None
    offset = int(playing.get("offset") or 0)
    at = rendered.resume_at(offset / 1000) if hasattr(rendered, "resume_at") else offset / 1000
    return _play(handler_input, rendered, int(at * 1000))


def start_over(handler_input):
    playing = profile_playing(handler_input)
    rendered = _again(handler_input, playing) if playing else None
    if rendered is None:
        return None
    playing["offset"] = 0
    _remember(handler_input, playing)
    return _play(handler_input, rendered, 0)


def stop(handler_input):
    """Stop or cancel: the stream ends and its place is let go (pause is how to keep it)."""
    _remember(handler_input, None)
    return _stop(handler_input)


def not_here(handler_input):
    """Next, previous, repeat, loop, shuffle: a practice plays straight through; say so kindly."""
    return respond(handler_input, words(handler_input, "stream/straight_through"), end=True)


def resume_or_start_over(handler_input, action):
    answered = action(handler_input)
    if answered is not None:
        return answered
    return respond(handler_input, words(handler_input, "stream/nothing_to_resume"), end=True)


def resume_from_profile(handler_input):
    return resume_or_start_over(handler_input, resume)


def start_over_from_profile(handler_input):
    return resume_or_start_over(handler_input, start_over)


# -- AudioPlayer and PlaybackController requests ---------------------------------------------------

def _offset(handler_input) -> int | None:
    req = handler_input.request_envelope.request
    value = getattr(req, "offset_in_milliseconds", None)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _matching(handler_input) -> dict | None:
    playing = profile_playing(handler_input)
    token = getattr(handler_input.request_envelope.request, "token", None)
    return playing if playing and token == playing.get("token") else None


def started(handler_input):
    return handler_input.response_builder.response


def stopped(handler_input):
    playing = _matching(handler_input)
    offset = _offset(handler_input)
    if playing is not None and offset is not None:
        playing["offset"] = offset
        _remember(handler_input, playing)
    return handler_input.response_builder.response


def finished(handler_input):
    """Played to the end: it counts as practised, and nothing is left to resume."""
    playing = _matching(handler_input)
    if playing is not None:
        exercise = catalogue.get(playing["id"])
        from .. import state

        done = state.Active(exercise.id, exercise.clean(playing.get("opts")) or {}, 0, int(playing.get("variant") or 0))
        profile.exercise_turn(handler_input, done, exercise.family, finished=True)
        _remember(handler_input, {**playing, "offset": None, "finished": True})
    return handler_input.response_builder.response


def failed(handler_input):
    error = getattr(handler_input.request_envelope.request, "error", None)
    kind = getattr(getattr(error, "object_type", None), "value", None) or "unknown"
    log.warning("audio playback failed: %s", kind if isinstance(kind, str) and kind.isupper() else "unknown")
    playing = _matching(handler_input)
    if playing is not None:
        _remember(handler_input, {**playing, "failed": True})
    return handler_input.response_builder.response


def nothing(handler_input):
    """PlaybackNearlyFinished (nothing queued after a practice), Next/Previous buttons: nothing to do."""
    return handler_input.response_builder.response


def button_play(handler_input):
    answered = resume(handler_input) if ours(handler_input) else None
    return answered if answered is not None else handler_input.response_builder.response


def button_pause(handler_input):
    return _stop(handler_input) if ours(handler_input) else handler_input.response_builder.response


def failed_offer(handler_input, opening: str = ""):
    """The next open after a stream failed: sorry, and the spoken version offered."""
    from .. import speech, state

    state.ask(handler_input, SPOKEN)
    say = speech.join([opening, words(handler_input, "stream/failed_sorry")])
    return respond(handler_input, say, words(handler_input, "stream/failed_sorry"))


def how_it_went(handler_input, opening: str = ""):
    """The next open after a stream played to its end: how it went, asked once, briefly; any answer or
    none is fine (anything else they say is heard as usual). Only a yes or a no is heard, never kept."""
    from .. import speech, state

    playing = profile_playing(handler_input)
    _remember(handler_input, None)  # asked once: the record of what played is let go
    exercise = catalogue.get(playing["id"])
    try:  # the profile is input like any other: options it cannot read are the exercise's defaults
        opts = exercise.clean(playing.get("opts")) or exercise.options({}, {})
    except (TypeError, ValueError, KeyError, AttributeError):
        opts = exercise.options({}, {})
    name = words(handler_input, f"{exercise.family}/name", **opts)
    state.ask(handler_input, HOW_IT_WENT)
    ask = words(handler_input, "stream/how_it_went", name=name)
    return respond(handler_input, speech.join([opening, ask]), words(handler_input, "common/menu_reprompt"))


def went_well(handler_input):
    from . import core

    return core.menu(handler_input, lead="stream/went_well")


def went_badly(handler_input):
    from . import core

    return core.menu(handler_input, lead="stream/went_badly")


def spoken_instead(handler_input):
    from . import exercise as runner

    playing = profile_playing(handler_input)
    _remember(handler_input, None)
    found = catalogue.get(playing["id"]) if playing else None
    if found is None:
        from . import core

        return core.menu(handler_input)
    opts = found.clean(playing.get("opts")) or {}
    return runner.begin_with(handler_input, found, opts, spoken=True)


def config_interceptor(config: Config):
    from ask_sdk_core.dispatch_components import AbstractRequestInterceptor

    class Remember(AbstractRequestInterceptor):
        def process(self, handler_input):
            handler_input.attributes_manager.request_attributes[CONFIG] = config

    return Remember()
