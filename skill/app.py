"""Builds the skill: the ordered routing table, interceptors, error answer and store.

Exposes `build(config)` for tests and servers, and `lambda_handler` for AWS Lambda.
"""
from __future__ import annotations

import importlib.util
import json
import logging
import sys


def _lazy(name: str) -> None:
    """Register module `name` to load on its first attribute access (the stdlib's LazyLoader).

    The crisis screen and the re-hearing resolver compile hundreds of patterns at import (about
    two thirds of a cold start) and only an IntentRequest needs them: a launch answers without.
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)  # so `from . import x` finds it without touching it


LAZY = ("skill.concepts", "skill.safety", "skill.nlu", "skill.hearing")
for _name in LAZY:
    _lazy(_name)


def load_now() -> None:
    """Load the lazy modules at once: a long-lived server has no cold start to spare, and
    LazyLoader before Python 3.12 is not safe when two threads touch a module first together."""
    for name in LAZY:
        getattr(sys.modules[name], "__file__", None)

from ask_sdk_model import RequestEnvelope  # noqa: E402
from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor  # noqa: E402
from ask_sdk_core.skill_builder import CustomSkillBuilder  # noqa: E402

from . import config as config_module  # noqa: E402
from . import hearing, logs, persistence, profile, serial, state  # noqa: E402
from .handlers import (  # noqa: E402
    Router, audio, conversation, core, events, exercise, listening, pace, personal, privacy, reminders, route, safety,
)
from .handlers.predicates import (  # noqa: E402
    all_of, any_intent, asked, exercise_intent, finished, in_exercise, intent, not_, paused, request, user_paced,
)

log = logging.getLogger("secure_base")

# Alexa requires these of a skill that plays audio; a practice plays straight through
AUDIO_ONLY = ("AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent", "AMAZON.LoopOnIntent",
              "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent")
NAVIGATION = ("AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent", "AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent",
              "AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent", "AMAZON.StartOverIntent",
              "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.YesIntent", "AMAZON.NoIntent")

# The routing table: the first route whose predicate matches answers.
ROUTES = [
    route(request("SessionEndedRequest"), core.session_ended),
    # Alexa's own events (skill/handlers/events.py): no one is listening, so an empty response and an
    # INFO line, never the apology; ExceptionEncountered MUST get an empty response
    route(request(events.EXCEPTION), events.exception_encountered),
    route(request(events.RESUMED), events.quietly),
    route(request(*events.MESSAGES), events.quietly),
    route(request(*events.CONNECTIONS), events.quietly),
    route(request(*events.HOUSEHOLD_LISTS), events.quietly),
    route(request(*events.REMINDERS), events.quietly),
    # the stream of a long practice (skill/handlers/audio.py): where it stopped, that it finished or failed
    route(request("AudioPlayer.PlaybackStopped"), audio.stopped),
    route(request("AudioPlayer.PlaybackFinished"), audio.finished),
    route(request("AudioPlayer.PlaybackFailed"), audio.failed),
    route(request("PlaybackController.PlayCommandIssued"), audio.button_play),
    route(request("PlaybackController.PauseCommandIssued"), audio.button_pause),
    route(request(*events.AUDIO), events.quietly),  # started, nearly finished, next and previous buttons
    route(request(*events.SCREENS), events.quietly),
    route(request(*events.OTHER), events.quietly),
    route(events.unrouted, events.quietly),  # any type added after this list was written
    route(request("CanFulfillIntentRequest"), core.cannot_fulfil),
    # safety first (skill/handlers/safety.py): crisis words, or crisis language in ANY slot value of
    # ANY intent (every free-text path is screened here, before any exercise logic sees it)
    route(intent("CrisisIntent"), safety.crisis),
    route(safety.crisis_heard, safety.crisis),
    route(intent("MedicalIntent"), safety.medical),
    route(intent("HelplineIntent"), safety.numbers),
    route(all_of(state.after_care, not_(in_exercise), intent("AMAZON.RepeatIntent")), safety.numbers),
    # "Alexa, pause / resume / start over / stop..." while a practice of ours plays or waits, paused
    route(all_of(audio.ours, intent("AMAZON.PauseIntent")), audio.pause),
    route(all_of(audio.ours, intent("AMAZON.ResumeIntent")), audio.resume_from_profile),
    route(all_of(audio.ours, intent("AMAZON.StartOverIntent")), audio.start_over_from_profile),
    route(all_of(audio.ours, intent("AMAZON.StopIntent", "AMAZON.CancelIntent")), audio.stop),
    route(all_of(audio.ours, intent(*AUDIO_ONLY)), audio.not_here),
    route(all_of(asked(audio.SPOKEN), intent("AMAZON.YesIntent")), audio.spoken_instead),
    route(all_of(asked(audio.HOW_IT_WENT), intent("AMAZON.YesIntent")), audio.went_well),
    route(all_of(asked(audio.HOW_IT_WENT), intent("AMAZON.NoIntent")), audio.went_badly),
    # Alexa's skill events come without a session: delete on SkillDisabled (NOT_PERSISTED), else acknowledge
    route(request("AlexaSkillEvent.SkillDisabled"), privacy.skill_disabled),
    route(privacy.skill_event, privacy.acknowledge),
    # stop, cancel and help work everywhere, before anything else (after a safety answer, core.stop's
    # goodbye leaves the numbers behind)
    route(intent("AMAZON.StopIntent", "AMAZON.CancelIntent"), core.stop),
    route(intent("AMAZON.HelpIntent"), core.help),
    # a person's own words on a carrier intent that no sample of ours said (skill/hearing.py read them):
    # distress heard, a no inside an exercise, an answer to a step, or kindly not understood
    route(all_of(request("IntentRequest"), lambda h: hearing.is_carrier(h)), listening.heard_words),
    # after pausing for someone: grounding with eyes open, something gentler, or stopping
    route(all_of(asked(listening.CARE), intent("AMAZON.YesIntent")), listening.ground_gently),
    route(all_of(asked(listening.CARE), intent("AMAZON.NoIntent")), listening.stop_for_now),
    route(all_of(asked(listening.CARE), intent("AMAZON.FallbackIntent")), listening.still_choosing),
    route(intent("GentlerIntent"), listening.gentler),
    # answers to the safety answer's offer of slow grounding, and to "should I delete your data?"
    route(all_of(safety.offered, intent("AMAZON.YesIntent")), safety.start_grounding),
    route(all_of(safety.offered, intent("AMAZON.NoIntent")), safety.decline_grounding),
    route(all_of(safety.offered, intent("AMAZON.FallbackIntent")), safety.still_here),
    route(all_of(privacy.confirming, intent("AMAZON.YesIntent")), privacy.delete),
    route(all_of(privacy.confirming, intent("AMAZON.NoIntent")), privacy.keep),
    route(all_of(privacy.confirming, intent("AMAZON.FallbackIntent")), privacy.unclear),
    route(intent("DeleteDataIntent"), privacy.ask_delete),
    route(intent("TherapyInfoIntent"), safety.therapy_info),
    route(request("LaunchRequest"), core.launch),
    route(request("Connections.Response"), reminders.on_permission),  # the answer to "may I set reminders?"
    # free text and offers (skill/handlers/conversation.py); words that sound like a new request
    # inside an unfinished step-by-step exercise are an answer to it
    route(conversation.answering, exercise.go_next),
    route(all_of(asked("offer:"), intent("AMAZON.YesIntent")), conversation.accept_offer),
    route(all_of(asked("offer:"), intent("AMAZON.NoIntent")), conversation.decline_offer),
    route(all_of(asked("thought"), intent(*conversation.NOT_YET)), conversation.thought_unsaid),
    route(all_of(asked("feeling"), intent(*conversation.NOT_YET)), conversation.feeling_unsaid),
    route(intent("ReframeIntent", "ThoughtIntent"), conversation.reframe),
    route(intent("FeelingIntent"), conversation.feeling),
    route(intent("SuggestIntent"), conversation.what_should_i_do),
    route(intent("SurpriseIntent"), conversation.surprise),
    route(intent("PanicIntent"), listening.panic),
    route(intent("SoundBedIntent"), audio.choose_bed),  # "with rain": the sound under a recorded practice
    route(exercise_intent, exercise.start),
    # pace and counting: re-plan the breathing in progress, or remember for next time
    route(intent("SlowerIntent"), pace.slower),
    route(intent("FasterIntent"), pace.faster),
    route(intent("CountAloudIntent"), pace.counting),
    # what Secure Base remembers: answers to its own questions first, even beside a finished exercise
    route(all_of(personal.answering(personal.RESUME), intent("AMAZON.YesIntent", "AMAZON.ResumeIntent")),
          personal.resume_yes),
    route(all_of(personal.answering(personal.RESUME), intent("AMAZON.NoIntent")), personal.resume_no),
    route(all_of(personal.answering(personal.AGAIN), intent("AMAZON.YesIntent")), personal.again_yes),
    route(all_of(personal.answering(personal.STYLE), intent("AMAZON.YesIntent")), personal.style_yes),
    route(all_of(personal.answering(personal.STYLE), intent("AMAZON.NoIntent")), personal.style_no),
    route(all_of(personal.answering(personal.AGAIN), intent("AMAZON.NoIntent")), personal.no_thanks),
    route(all_of(not_(in_exercise), intent("AMAZON.ResumeIntent")), personal.resume_yes),
    route(intent("LastTimeIntent"), personal.last_time),
    route(intent("ProgressIntent"), personal.how_am_i_doing),
    route(intent("AttachmentStyleIntent"), personal.style_heard),
    route(intent("ForgetStyleIntent"), personal.forget_style),
    route(intent("ReminderIntent"), reminders.set_reminder),
    route(intent("CancelReminderIntent"), reminders.stop_reminder),
    # inside an exercise
    route(all_of(in_exercise, paused, intent("AMAZON.ResumeIntent", "AMAZON.NextIntent", "AMAZON.YesIntent")),
          exercise.resume),
    route(all_of(in_exercise, paused, intent("AMAZON.FallbackIntent")), exercise.still_paused),
    route(all_of(in_exercise, intent("AMAZON.NextIntent", "AMAZON.YesIntent", "AMAZON.ResumeIntent")), exercise.go_next),
    route(all_of(in_exercise, intent("AMAZON.RepeatIntent")), exercise.repeat),
    route(all_of(in_exercise, intent("AMAZON.PreviousIntent")), exercise.previous),
    route(all_of(in_exercise, intent("AMAZON.StartOverIntent")), exercise.start_over),
    # a finished exercise: nothing left to pause, and words we cannot make out are not "keep going?"
    route(all_of(finished, intent("AMAZON.PauseIntent")), core.outside_exercise),
    route(all_of(finished, intent("AMAZON.FallbackIntent")), listening.fallback),
    route(all_of(in_exercise, intent("AMAZON.PauseIntent")), exercise.pause),
    # a step that waits for the person's own answer: any answer moves on; a "no" is heard as a no
    route(all_of(in_exercise, not_(finished), user_paced, intent("AMAZON.FallbackIntent")), exercise.go_next),
    route(all_of(in_exercise, not_(finished), user_paced, intent("AMAZON.NoIntent")), listening.said_no),
    route(all_of(in_exercise, intent("AMAZON.NoIntent")), exercise.decline),
    route(all_of(in_exercise, intent("AMAZON.FallbackIntent")), exercise.unclear),
    # outside an exercise
    route(intent("AMAZON.NoIntent"), core.stop),
    route(intent(*NAVIGATION), core.outside_exercise),
    route(intent("AMAZON.NavigateHomeIntent"), core.menu),
    # anything else, including intent names we do not know, gets the guiding fallback
    route(any_intent, listening.fallback),
]


class Hear(AbstractRequestInterceptor):
    """skill/hearing.py's interceptor, for the requests that carry words: intents (see _lazy)."""

    def process(self, handler_input):
        if getattr(handler_input.request_envelope.request, "object_type", None) == "IntentRequest":
            hearing.Hear().process(handler_input)


class CountTurn(AbstractRequestInterceptor):
    def process(self, handler_input):
        state.count_turn(handler_input)


class SaveProfile(AbstractResponseInterceptor):
    """Persist once per turn. The error handler saves too: interceptors skip its answers."""

    def process(self, handler_input, response):
        profile.save(handler_input)


def build(config: config_module.Config | None = None, adapter=None):
    config = config or config_module.from_env()
    builder = CustomSkillBuilder(persistence_adapter=adapter or persistence.make_adapter(config),
                                 api_client=reminders.api_client(config))
    if config.skill_id:
        builder.skill_id = config.skill_id
    builder.add_request_handler(Router(ROUTES))
    builder.add_exception_handler(core.Apology())
    builder.add_global_request_interceptor(logs.RequestLog(config.log_salt))
    builder.add_global_request_interceptor(CountTurn())
    builder.add_global_request_interceptor(Hear())
    builder.add_global_request_interceptor(audio.config_interceptor(config))
    builder.add_global_response_interceptor(SaveProfile())
    skill = builder.create()
    skill.serializer = serial.Serializer()  # the SDK's, quicker (skill/serial.py)
    return skill


_default_skill = None


def default_skill():
    """The skill for this process, built on first use (one per Lambda container)."""
    global _default_skill
    if _default_skill is None:
        logs.configure()
        _default_skill = build()
    return _default_skill


EMPTY_RESPONSE = {"version": "1.0", "response": {}}


def invoke(skill, event: dict, context=None) -> dict:
    """One request envelope (a dict, as Alexa sends it) through the skill; the response as a dict."""
    event = state.fit_envelope(event)  # tampered, too deep or too large: start fresh
    try:
        envelope = skill.serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
    except Exception as exc:  # e.g. a request type newer than ask-sdk-model: nothing we can answer
        if newer_request_type(event):  # Alexa grows new request types: expected, not a fault
            log.info("answered %s with an empty response", logs.name_or_unknown(event["request"]["type"]))
        else:
            log.warning("request not understood (%s); answered with an empty response", type(exc).__name__)
        return dict(EMPTY_RESPONSE)
    if envelope.request is None:
        log.warning("request envelope without a request; answered with an empty response")
        return dict(EMPTY_RESPONSE)
    return skill.serializer.serialize(skill.invoke(request_envelope=envelope, context=context))


def newer_request_type(event) -> bool:
    """An envelope whose request type ask-sdk-model does not know (yet), named the way Alexa names types."""
    from ask_sdk_model.request import Request

    kind = event.get("request", {}).get("type") if isinstance(event, dict) and isinstance(event.get("request"), dict) else None
    return logs.name_or_unknown(kind) != "?" and kind not in Request.discriminator_value_class_map


def lambda_handler(event, context):
    return invoke(default_skill(), event, context)
