"""What the console hears: typed words resolved against the real interaction model, as Alexa would."""
import json
import re

import pytest

from skill import hearing, nlu

from builders import envelope


def heard(words, **kwargs):
    return nlu.understand(words, **kwargs)


def test_box_breathing_for_two_minutes_names_the_technique_and_the_length():
    said = heard("box breathing for two minutes")
    assert said.kind == "intent" and said.intent == "BreathingIntent" and not said.new_session
    assert said.resolved_id("technique") == "box" and said.status("technique") == "ER_SUCCESS_MATCH"
    assert said.value("duration") == "PT2M"
    assert said.value("rounds") is None  # declared but not said: present without a value, as on Alexa


def test_a_synonym_resolves_to_its_value_id():
    said = heard("Square breathing for 5 minutes.")
    assert said.intent == "BreathingIntent"
    assert said.value("technique") == "square breathing" and said.resolved_id("technique") == "box"
    assert said.value("duration") == "PT5M"
    assert heard("4-7-8 breathing").resolved_id("technique") == "four_seven_eight"
    assert heard("do the box breathing").resolved_id("technique") == "box"


def test_an_unknown_technique_is_heard_but_not_matched():
    said = heard("lion breath breathing")
    assert said.intent == "BreathingIntent"
    assert said.value("technique") == "lion breath"
    assert said.status("technique") == "ER_SUCCESS_NO_MATCH" and said.resolved_id("technique") is None


@pytest.mark.parametrize("words", ["help me calm down", "I need to breathe"])
def test_how_upset_people_ask_for_breathing(words):
    assert heard(words).intent == "BreathingIntent"


@pytest.mark.parametrize("words", ["I'm panicking", "im panicking", "I\u2019m PANICKING!", "I'm having a panic attack"])
def test_panic_has_its_own_intent_so_breathing_can_begin_at_once(words):
    assert heard(words).intent == "PanicIntent"


@pytest.mark.parametrize("words", ["grounding", "ground me", "help me ground myself", "five senses grounding"])
def test_grounding(words):
    assert heard(words).intent == "GroundingIntent"


def test_a_grounding_technique_resolves_by_synonym():
    said = heard("5 4 3 2 1 grounding")
    assert said.intent == "GroundingIntent" and said.resolved_id("technique") == "senses"


@pytest.mark.parametrize("words, intent", [
    ("stop", "AMAZON.StopIntent"), ("quit", "AMAZON.StopIntent"), ("shut up", "AMAZON.StopIntent"),
    ("Stop, please!", "AMAZON.StopIntent"), ("cancel", "AMAZON.CancelIntent"), ("never mind", "AMAZON.CancelIntent"),
    ("help", "AMAZON.HelpIntent"), ("what can I do", "AMAZON.HelpIntent"),
    ("yes", "AMAZON.YesIntent"), ("yeah", "AMAZON.YesIntent"), ("sure", "AMAZON.YesIntent"),
    ("okay", "AMAZON.YesIntent"), ("yes please", "AMAZON.YesIntent"),
    ("no", "AMAZON.NoIntent"), ("nope", "AMAZON.NoIntent"), ("no thanks", "AMAZON.NoIntent"),
    ("next", "AMAZON.NextIntent"), ("continue", "AMAZON.NextIntent"), ("keep going", "AMAZON.NextIntent"),
    ("go on", "AMAZON.NextIntent"), ("carry on", "AMAZON.NextIntent"), ("skip", "AMAZON.NextIntent"),
    ("repeat", "AMAZON.RepeatIntent"), ("say that again", "AMAZON.RepeatIntent"), ("what?", "AMAZON.RepeatIntent"),
    ("go back", "AMAZON.PreviousIntent"), ("previous", "AMAZON.PreviousIntent"),
    ("start over", "AMAZON.StartOverIntent"), ("from the beginning", "AMAZON.StartOverIntent"),
    ("pause", "AMAZON.PauseIntent"), ("hold on", "AMAZON.PauseIntent"), ("wait", "AMAZON.PauseIntent"),
    ("resume", "AMAZON.ResumeIntent"), ("continue where I left off", "AMAZON.ResumeIntent"),
    ("main menu", "AMAZON.NavigateHomeIntent"), ("go home", "AMAZON.NavigateHomeIntent"),
])
def test_built_in_intents_answer_to_their_usual_phrases(words, intent):
    said = heard(words)
    assert said.intent == intent and said.slots == {}


@pytest.mark.parametrize("words", ["blah wibble", "stopping", "boxing", "nextdoor", "helpful", "grounded"])
def test_words_it_cannot_match_are_the_fallback_never_a_partial_word(words):
    assert heard(words).intent == "AMAZON.FallbackIntent"


def test_a_sentence_no_sample_covers_reaches_a_carrier_with_its_words():
    said = heard("what is the weather in paris today")
    assert said.intent in CARRIERS and said.value("words").endswith("the weather in paris today")


@pytest.mark.parametrize("words", ["open secure base", "Alexa, open Secure Base", "launch secure base",
                                   "start secure base", "ask secure base", "talk to secure base"])
def test_invocation_phrases_launch_a_new_session(words):
    said = heard(words)
    assert said.kind == "launch" and said.new_session and said.request() == {"type": "LaunchRequest"}


@pytest.mark.parametrize("words, intent", [
    ("ask secure base to ground me", "GroundingIntent"),
    ("Alexa, ask Secure Base to help me calm down", "BreathingIntent"),
    ("tell secure base I need to breathe", "BreathingIntent"),
    ("open secure base and box breathing for one minute", "BreathingIntent"),
    ("ask secure base for help", "AMAZON.HelpIntent"),
    ("box breathing using secure base", "BreathingIntent"),
])
def test_one_shots_start_a_new_session_with_the_intent(words, intent):
    said = heard(words)
    assert said.kind == "intent" and said.intent == intent and said.one_shot


def test_a_one_shot_keeps_its_slots():
    said = heard("open secure base and box breathing for one minute")
    assert said.resolved_id("technique") == "box" and said.value("duration") == "PT1M"


@pytest.mark.parametrize("length, iso", [
    ("two minutes", "PT2M"), ("5 minutes", "PT5M"), ("one minute", "PT1M"), ("a minute", "PT1M"),
    ("ninety seconds", "PT90S"), ("an hour", "PT1H"), ("half an hour", "PT30M"),
    ("a minute and a half", "PT1M30S"), ("two and a half minutes", "PT2M30S"), ("twenty five minutes", "PT25M"),
    ("1 hour and 10 minutes", "PT1H10M"),
])
def test_durations_arrive_as_iso_8601(length, iso):
    said = heard(f"breathe with me for {length}")
    assert said.intent == "BreathingIntent" and said.value("duration") == iso


@pytest.mark.parametrize("count, value", [("five", "5"), ("5", "5"), ("twenty one", "21"), ("a hundred", "100")])
def test_numbers_arrive_as_digits(count, value):
    said = heard(f"{count} rounds of box")
    assert said.intent == "BreathingIntent" and said.value("rounds") == value
    assert said.resolved_id("technique") == "box"


def test_numbers_that_are_not_one_number_do_not_fill_a_number_slot():
    assert nlu.parse_number(["four", "seven"]) is None
    assert nlu.parse_number(["one", "hundred", "and", "five"]) == 105


def test_the_request_goes_through_the_real_skill_as_alexa_would_send_it(talk):
    talk.launch()
    turn = talk(heard("square breathing for three minutes").request())
    assert turn.said("breathing/intro")
    assert turn.exercise["opts"]["technique"] == "box" and turn.exercise["opts"]["minutes"] == 3


def test_the_slots_have_the_envelope_shape():
    request = heard("square breathing for 5 minutes").request()
    slot = request["intent"]["slots"]["technique"]
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"] == {"name": "box breathing", "id": "box"}
    assert slot["slotValue"]["value"] == "square breathing"
    json.dumps(envelope(request))  # plain JSON, as a device sends


def _fill_in(sample, slots, types):
    """A sample with each {slot} said the way a person would say it; expected ids alongside."""
    expected = {}

    def say(match):
        name = match.group(1)
        kind = slots[name]
        if kind in types:
            value = types[kind][0]
            expected[name] = value.get("id") or value["name"]["value"]
            return value["name"]["value"]
        return {"AMAZON.DURATION": "two minutes", "AMAZON.NUMBER": "five", "AMAZON.TIME": "nine thirty pm",
                "AMAZON.DATE": "tomorrow", "AMAZON.SearchQuery": "nobody ever listens to me"}.get(kind, "something")

    return re.sub(r"\{(\w+)\}", say, sample), expected


def _real_samples():
    with open(nlu.model_path("en-US"), encoding="utf-8") as handle:
        language = json.load(handle)["interactionModel"]["languageModel"]
    types = {t["name"]: t.get("values") or [] for t in language.get("types") or []}
    for intent in language["intents"]:
        slots = {s["name"]: s["type"] for s in intent.get("slots") or []}
        for sample in intent.get("samples") or []:
            yield pytest.param(intent["name"], *_fill_in(sample, slots, types), id=f"{intent['name']}:{sample}")


CARRIERS = frozenset(n for n, d in hearing.model_data("en-US")["intents"].items() if "carrier" in d)


@pytest.mark.parametrize("intent, words, ids", list(_real_samples()))
def test_every_sample_in_the_model_reaches_its_own_intent(intent, words, ids):
    said = heard(words)
    if intent in CARRIERS:  # carrier families overlap ("nobody ..." and "... please"): the words arrive either way
        assert said.intent in CARRIERS, f"{words!r} went to {said.intent}"
        return
    assert said.intent == intent, f"{words!r} went to {said.intent}"
    for slot, value_id in ids.items():
        assert said.resolved_id(slot) == value_id


def test_the_matcher_is_driven_by_the_model_so_new_intents_resolve_without_code():
    model = nlu.compile_model({"interactionModel": {"languageModel": {
        "invocationName": "secure base",
        "intents": [
            {"name": "ReframeIntent", "slots": [{"name": "thought", "type": "AMAZON.SearchQuery"}],
             "samples": ["I keep thinking {thought}", "the thought is {thought}"]},
            {"name": "ReminderIntent", "slots": [{"name": "time", "type": "AMAZON.TIME"}],
             "samples": ["remind me every night at {time}"]},
            {"name": "AMAZON.NextIntent", "samples": ["onwards please"]},
            {"name": "AMAZON.FallbackIntent", "samples": []},
        ],
        "types": []}}})
    thought = nlu.understand("I keep thinking I'm a failure", model=model)
    assert thought.intent == "ReframeIntent" and thought.value("thought") == "i'm a failure"
    assert "resolutions" not in thought.slot("thought")
    assert nlu.understand("remind me every night at nine thirty pm", model=model).value("time") == "21:30"
    assert nlu.understand("remind me every night at half past nine", model=model).value("time") == "09:30"
    assert nlu.understand("onwards please", model=model).intent == "AMAZON.NextIntent"  # the model's own sample
    assert nlu.understand("next", model=model).intent == "AMAZON.NextIntent"  # and the usual phrase
    assert nlu.understand("stop", model=model).intent == "AMAZON.StopIntent"  # always there on Alexa
    assert nlu.understand("ask secure base to remind me every night at 9:30 pm", model=model).one_shot


def test_a_locale_without_a_model_uses_en_us_and_models_are_compiled_once():
    assert nlu.model_path("xx-XX") == nlu.model_path("en-US")
    assert nlu.understand("grounding", "xx-XX").intent == "GroundingIntent"
    assert nlu.load("en-US") is nlu.load("en-US")


def test_nothing_said_is_nothing_sent():
    assert heard("") is None and heard("  ...  ") is None and heard("Alexa,") is None
