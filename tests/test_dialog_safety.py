"""Conversations where someone says they are not safe: the safety answer, in every locale, every state.

A person who tells Secure Base they want to die must never hear "I didn't get that" or the
next breathing count. They hear that it cares and cannot help in an emergency, their locale's
numbers (spoken, and on a card), and an offer of slow grounding; the session stays open.
"""
from __future__ import annotations

import json
import logging
import re
import sqlite3
from pathlib import Path

import pytest

from skill import app

from builders import Conversation, intent
from test_safety_screen import BENIGN, MUST, SCREEN_MISSES

MODELS = sorted((Path(__file__).resolve().parent.parent / "interaction_model").glob("*.json"))
LOCALES = ("en-US", "en-CA", "en-GB", "en-AU", "en-IN")

# What each locale's answer must say (digits, as spoken) and show (the card, as written).
NUMBERS = {
    "en-US": {"spoken": ["988", "741741", "911"], "card": ["988", "HOME to 741741", "1-800-799-7233", "911"]},
    "en-CA": {"spoken": ["988", "911"], "card": ["9-8-8", "9-1-1", "sheltersafe.ca"]},
    "en-GB": {"spoken": ["116123", "999"], "card": ["116 123", "0808 2000 247", "999"]},
    "en-AU": {"spoken": ["131114", "1800737732"], "card": ["13 11 14", "1800 737 732", "000"]},
    "en-IN": {"spoken": ["14416", "112"], "card": ["14416", "181", "112"]},
}
MAIN = {"en-US": "988", "en-CA": "988", "en-GB": "116123", "en-AU": "131114", "en-IN": "14416"}
DV_SPOKEN = {"en-US": "18007997233", "en-GB": "08082000247", "en-AU": "1800737732", "en-IN": "181"}


# the locale crisis phrasings the screen does not yet hear (test_safety_screen.py keeps the list)
def crisis_samples() -> list[tuple[str, str]]:
    out = []
    for path in MODELS:
        intents = json.loads(path.read_text())["interactionModel"]["languageModel"]["intents"]
        out += [(path.stem, s) for s in next(i["samples"] for i in intents if i["name"] == "CrisisIntent")]
    return out


SAMPLES = crisis_samples()


def digits(text: str) -> str:
    """The digits a person hears, in order (the console's "[pause 1s]" marks are not speech)."""
    return re.sub(r"\D", "", re.sub(r"\[pause [^\]]*\]", "", text))


def conversation(skill, locale: str = "en-US") -> Conversation:
    return Conversation(lambda body: app.invoke(skill, body), locale=locale)


def is_safety_answer(turn, locale: str) -> bool:
    """The whole safety answer: words, the locale's main number, a card, an offer, the session open."""
    return (turn.said("safety/answer") and not turn.said("common/fallback") and MAIN[locale] in digits(turn.text)
            and "not able to help in an emergency" in turn.text and "slow grounding" in turn.text
            and turn.card is not None and not turn.ended and "grounding" in turn.reprompt)


def stored(config) -> str:
    """Everything the store holds, as text."""
    try:
        with sqlite3.connect(config.sqlite_path) as db:
            return json.dumps(db.execute("SELECT * FROM users").fetchall())
    except sqlite3.Error:
        return ""


# --- every crisis sample, however Alexa routes it ---------------------------------------------------

@pytest.mark.parametrize("index,model,sample", [(i, m, s) for i, (m, s) in enumerate(SAMPLES)],
                         ids=[f"{m}:{s}" for m, s in SAMPLES])
def test_every_crisis_sample_gets_the_safety_answer(skill, request, index, model, sample):
    locale = LOCALES[index % len(LOCALES)]  # spread the samples over the five locales' numbers
    talk = conversation(skill, locale)
    talk.launch()
    who = {"who": ("husband", "partner")} if "{who}" in sample else {}
    heard_as_intent = talk.say("CrisisIntent", **who)
    assert is_safety_answer(heard_as_intent, locale), heard_as_intent.text
    if sample in SCREEN_MISSES:
        request.applymarker(pytest.mark.xfail(strict=True, reason="a locale's phrasing the screen misses (for the lead)"))
    # the same words caught by a free-text slot instead (Alexa's choice, not ours): the screen answers first
    heard_as_text = conversation(skill, locale).say("ReframeIntent", thought=sample.replace("{who}", "husband"))
    assert is_safety_answer(heard_as_text, locale) and not heard_as_text.said("reframing/reflect")


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locale_hears_and_sees_its_own_numbers(skill, locale):
    turn = conversation(skill, locale).say("CrisisIntent")
    assert is_safety_answer(turn, locale)
    spoken = digits(turn.text)
    for number in NUMBERS[locale]["spoken"]:
        assert number in spoken, f"{locale}: {number} not spoken in {turn.text!r}"
    for other, main in MAIN.items():
        if main != MAIN[locale]:
            assert main not in spoken, f"{locale} heard {other}'s number"
    for number in NUMBERS[locale]["card"]:
        assert number in turn.card["content"], f"{locale}: {number} not on the card"
    assert "<say-as" in turn.ssml  # numbers read digit by digit, not "nine hundred eighty-eight"


def test_the_numbers_are_spoken_digit_by_digit(skill):
    ssml = conversation(skill, "en-US").say("CrisisIntent").ssml
    assert '<say-as interpret-as="digits">988</say-as>' in ssml


# How each locale's numbers sound: digit by digit, but as people there say them.
SAID = {
    "en-US": ['<say-as interpret-as="digits">988</say-as>', '<say-as interpret-as="digits">911</say-as>'],
    "en-CA": ['<say-as interpret-as="digits">988</say-as>', '<say-as interpret-as="digits">911</say-as>'],
    "en-GB": ['<say-as interpret-as="digits">116</say-as>, <say-as interpret-as="digits">123</say-as>',
              '<say-as interpret-as="digits">999</say-as>'],
    "en-AU": ['<say-as interpret-as="cardinal">13</say-as>, <say-as interpret-as="cardinal">11</say-as>, '
              '<say-as interpret-as="cardinal">14</say-as>', "triple zero"],  # "thirteen eleven fourteen"
    "en-IN": ['<say-as interpret-as="digits">14416</say-as>', '<say-as interpret-as="digits">112</say-as>'],
}


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locale_says_its_numbers_the_local_way(skill, locale):
    ssml = conversation(skill, locale).say("CrisisIntent").ssml
    assert all(said in ssml for said in SAID[locale]), ssml
    if locale != "en-AU":
        assert 'interpret-as="cardinal"' not in ssml


def test_crisis_intent_also_mentions_the_line_for_abuse_at_home_briefly(skill):
    turn = conversation(skill, "en-US").say("CrisisIntent")
    assert DV_SPOKEN["en-US"] in digits(turn.text) and "hurting you" in turn.text


def test_canada_says_there_is_no_single_national_line_for_abuse_and_gives_what_there_is(skill):
    turn = conversation(skill, "en-CA").say("ReframeIntent", thought="my husband hits me")
    assert "isn't one national line" in turn.text and "shelter safe" in turn.text
    assert "988" in digits(turn.text) and "911" in digits(turn.text)


@pytest.mark.parametrize("locale", ["en-IE", "de-DE", "en-NZ"])
def test_locales_without_their_own_template_still_get_their_own_numbers_or_none_wrong(skill, locale):
    turn = conversation(skill, locale).say("CrisisIntent")
    assert turn.said("safety/answer") and not turn.ended
    if locale == "en-IE":
        assert "116123" in digits(turn.text) and "988" not in digits(turn.text)
    else:  # no US number for someone who may be anywhere: the local emergency number and findahelpline
        assert digits(turn.text) == "" and "find a helpline dot com" in turn.text
        assert "findahelpline.com" in turn.card["content"]


# --- free text anywhere goes through the screen first ------------------------------------------------

@pytest.mark.parametrize("name,slot", [
    ("ReframeIntent", "thought"), ("ThoughtIntent", "thought"), ("FeelingIntent", "feeling"),
    ("BreathingIntent", "technique"), ("GroundingIntent", "technique"), ("SomeIntentAddedLater", "query"),
])
@pytest.mark.parametrize("phrase", [MUST[0][0], "my partner hits me", "i dont want to be here anymore"])
def test_crisis_words_in_any_slot_of_any_intent_get_the_safety_answer_first(skill, name, slot, phrase):
    talk = conversation(skill)
    talk.launch()
    turn = talk.say(name, **{slot: (phrase, None)})
    assert is_safety_answer(turn, "en-US"), turn.keys
    assert turn.exercise is None and not any(k.startswith(("breathing/", "grounding/", "reframing/", "feelings/"))
                                             for k in turn.keys)


def test_someone_hurting_them_hears_the_abuse_line_first(skill):
    turn = conversation(skill, "en-GB").say("ReframeIntent", thought="my boyfriend hurts me")
    text = digits(turn.text)
    assert DV_SPOKEN["en-GB"] in text and text.index(DV_SPOKEN["en-GB"]) < text.index("116123")
    assert "No one deserves to be hurt" in turn.text


def test_thoughts_of_suicide_without_anyone_hurting_them_hear_no_abuse_line(skill):
    turn = conversation(skill, "en-US").say("ReframeIntent", thought="I want to end my life")
    assert is_safety_answer(turn, "en-US") and DV_SPOKEN["en-US"] not in digits(turn.text)


@pytest.mark.parametrize("phrase", BENIGN[:12])
def test_everyday_idioms_in_a_slot_do_not_trigger(skill, phrase):
    turn = conversation(skill).say("ReframeIntent", thought=phrase)
    assert not turn.said("safety/answer") and turn.said("reframing/reflect")


# --- it stops the exercise and stays ----------------------------------------------------------------

def test_crisis_in_the_middle_of_breathing_clears_the_exercise(skill):
    talk = conversation(skill)
    talk.launch()
    turn = talk.say("BreathingIntent", technique=("box breathing", "box"), duration="PT5M")
    assert turn.exercise["id"] == "breathing"
    turn = talk.say("CrisisIntent")
    assert is_safety_answer(turn, "en-US") and turn.exercise is None
    assert "set the exercise aside" in turn.text and not turn.said("breathing/cue")
    after = talk.say("AMAZON.NextIntent")  # no breathing count comes back
    assert not after.said("breathing/cue") and after.exercise is None


def test_crisis_words_in_a_paused_grounding_answer_clear_it_too(skill):
    talk = conversation(skill)
    talk.say("GroundingIntent")
    talk.say("AMAZON.PauseIntent")
    turn = talk.say("ThoughtIntent", thought="I can't keep myself safe")
    assert is_safety_answer(turn, "en-US") and turn.exercise is None


def test_yes_starts_slow_grounding_through_the_exercise_runner(skill):
    talk = conversation(skill)
    talk.say("CrisisIntent")
    turn = talk.say("AMAZON.YesIntent")
    assert turn.said("safety/grounding_yes") and turn.said("grounding/intro")
    assert turn.exercise["id"] == "grounding" and turn.exercise["opts"]["technique"] == "body"
    assert "eyes open" in turn.text and not turn.ended
    assert talk.say("AMAZON.NextIntent").exercise["turn"] == 1  # and it carries on like any exercise


def test_no_is_met_kindly_with_the_numbers_once_more_and_the_door_open(skill):
    talk = conversation(skill, "en-AU")
    talk.say("CrisisIntent")
    turn = talk.say("AMAZON.NoIntent")
    assert turn.said("safety/grounding_no") and not turn.ended and turn.reprompt
    assert "131114" in digits(turn.text) and "triple zero" in turn.text
    assert not turn.said("common/goodbye")


def test_words_we_cannot_make_out_after_the_answer_never_get_i_didnt_get_that(skill):
    talk = conversation(skill)
    talk.say("CrisisIntent")
    turn = talk.say("AMAZON.FallbackIntent")
    assert turn.said("safety/still_here") and not turn.said("common/fallback")
    assert "988" in digits(turn.text) and not turn.ended
    assert talk.say("AMAZON.YesIntent").exercise["id"] == "grounding"  # the offer still stands


def test_stop_after_the_answer_leaves_the_numbers_behind(skill):
    talk = conversation(skill)
    talk.say("CrisisIntent")
    turn = talk.say("AMAZON.StopIntent")
    assert turn.said("safety/goodbye") and turn.ended and "988" in digits(turn.text)
    assert turn.card and "988" in turn.card["content"]


@pytest.mark.parametrize("after", [["AMAZON.NoIntent"], ["AMAZON.YesIntent", "AMAZON.NextIntent"],
                                   ["AMAZON.FallbackIntent", "AMAZON.HelpIntent"]])
def test_any_later_goodbye_in_that_session_still_leaves_the_numbers(skill, after):
    talk = conversation(skill)
    talk.say("CrisisIntent")
    for name in after:  # declined grounding, or began it, or lost the thread
        talk.say(name)
    turn = talk.say("AMAZON.StopIntent")
    assert turn.said("safety/goodbye") and not turn.said("common/goodbye") and turn.ended
    assert "988" in digits(turn.text) and "988" in turn.card["content"]


def test_a_new_session_says_an_ordinary_goodbye(skill):
    talk = conversation(skill)
    talk.say("CrisisIntent")
    talk.launch()
    assert talk.say("AMAZON.StopIntent").said("common/goodbye")


@pytest.mark.parametrize("setup", ["new", "launched", "breathing", "grounding", "paused", "finished", "after_answer",
                                   "asked_thought", "delete_question"])
def test_crisis_intent_is_answered_with_care_from_every_state(skill, setup):
    talk = conversation(skill)
    if setup != "new":
        talk.launch()
    if setup == "breathing":
        talk.say("BreathingIntent")
    if setup in ("grounding", "paused", "finished"):
        talk.say("GroundingIntent")
    if setup == "paused":
        talk.say("AMAZON.PauseIntent")
    if setup == "finished":
        while not talk.turns[-1].exercise["done"]:
            talk.say("AMAZON.NextIntent")
    if setup == "after_answer":
        talk.say("CrisisIntent")
    if setup == "asked_thought":
        talk.say("ReframeIntent")
    if setup == "delete_question":
        talk.say("DeleteDataIntent")
    turn = talk.say("CrisisIntent")
    assert is_safety_answer(turn, "en-US"), (setup, turn.keys)


def test_the_triggering_words_are_never_stored_logged_or_said_back(skill, config, caplog):
    caplog.set_level(logging.DEBUG)
    talk = conversation(skill)
    talk.launch()
    turn = talk.say("ReframeIntent", thought="I keep thinking I want to die")
    assert is_safety_answer(turn, "en-US")
    said = json.dumps(turn.raw).lower()
    assert "want to die" not in said and "keep thinking" not in said
    assert "want to die" not in stored(config) and "crisis" not in stored(config)
    assert "want to die" not in caplog.text


# --- honesty ---------------------------------------------------------------------------------------

def test_asked_about_therapy_it_names_approaches_and_a_licensed_professional(skill):
    turn = conversation(skill).say("TherapyInfoIntent")
    text = turn.text
    for approach in ("attachment-based therapy", "C B T", "D B T", "emotionally focused therapy", "schema therapy",
                     "E M D R"):
        assert approach in text, approach
    assert "licensed" in text and "isn't therapy" in text and not turn.ended
    assert not re.search(r"\byou (?:have|are|might be|may be) (?:an? )?(?:anxious|avoidant|disorganized|depress)", text, re.I)


def test_asked_about_therapy_mid_exercise_the_exercise_waits(skill):
    talk = conversation(skill)
    talk.say("GroundingIntent")
    turn = talk.say("TherapyInfoIntent")
    assert turn.said("safety/therapy") and turn.exercise["id"] == "grounding" and "say next" in turn.text
    assert talk.say("AMAZON.NextIntent").exercise["turn"] == 1


def test_first_run_and_help_say_briefly_what_secure_base_is_not(skill):
    talk = conversation(skill)
    first = talk.launch()
    helped = talk.say("AMAZON.HelpIntent")
    for turn in (first, helped):
        assert "isn't therapy" in turn.text and "crisis service" in turn.text


@pytest.mark.parametrize("who", [("husband", "partner"), ("stepdad", "family"), ("flatmate", "household")])
def test_someone_hurting_them_leads_with_the_abuse_line_and_keeps_it_for_the_session(skill, who):
    talk = conversation(skill)
    told = talk.say("CrisisIntent", who=who)  # "my husband hits me"
    assert "No one deserves to be hurt" in told.text and "7233" in digits(told.text)
    assert told.text.index("Domestic Violence") < told.text.index("988")
    declined = talk.say("AMAZON.NoIntent")
    assert "7233" in digits(declined.text) and "988" in digits(declined.text)
    bye = talk.say("AMAZON.StopIntent")
    assert bye.said("safety/goodbye") and "7233" in digits(bye.text) and bye.ended


def test_without_someone_named_the_answer_leads_with_the_crisis_line(skill):
    told = conversation(skill).say("CrisisIntent")
    assert "You matter" in told.text and told.text.index("988") < told.text.index("Domestic Violence")


@pytest.mark.parametrize("path", [["AMAZON.HelpIntent", "AMAZON.NoIntent", "AMAZON.NoIntent"], ["AMAZON.NoIntent", "AMAZON.NoIntent"],
                                  ["SuggestIntent", "AMAZON.NoIntent", "AMAZON.NoIntent"],
                                  ["AMAZON.NavigateHomeIntent", "AMAZON.NoIntent"],
                                  ["AMAZON.YesIntent"] + ["AMAZON.NextIntent"] * 6 + ["AMAZON.NoIntent"]])
def test_every_way_of_leaving_after_a_crisis_answer_leaves_the_numbers(skill, path):
    talk = conversation(skill)
    talk.say("CrisisIntent")
    for name in path:
        turn = talk.say(name)
        if turn.ended:
            break
    assert turn.ended and turn.said("safety/goodbye"), turn.keys
    assert not turn.said("common/goodbye") and not turn.said("common/no_thanks")
    assert "988" in digits(turn.text)


def test_the_numbers_can_be_asked_for_again_or_repeated(skill):
    talk = conversation(skill, "en-GB")
    talk.say("CrisisIntent")
    again = talk.say("AMAZON.RepeatIntent")
    assert again.said("safety/numbers") and "116123" in digits(again.text) and not again.ended
    asked = talk.say("HelplineIntent")  # "what was the number?"
    assert asked.said("safety/numbers") and "116123" in digits(asked.text) and asked.card
    assert talk.say("AMAZON.YesIntent").exercise["id"] == "grounding"  # the offer stands


def test_helplines_can_be_asked_for_at_any_time_without_a_crisis_answer(skill):
    talk = conversation(skill, "en-AU")
    talk.say("BreathingIntent", duration="PT5M")
    turn = talk.say("HelplineIntent")
    assert turn.said("safety/numbers") and "131114" in digits(turn.text) and turn.exercise is None and not turn.ended


@pytest.mark.parametrize("locale,number", [("en-US", "911"), ("en-GB", "999"), ("en-IN", "112")])
def test_chest_pain_gets_the_emergency_number_first_then_breathing_only_for_known_panic(skill, locale, number):
    talk = conversation(skill, locale)
    turn = talk.say("MedicalIntent")
    assert turn.said("safety/medical") and number in digits(turn.text) and not turn.ended
    assert turn.text.index("chest pain") < turn.text.index("panic")
    started = talk.say("AMAZON.YesIntent")
    assert started.exercise["id"] == "breathing" and started.exercise["opts"]["technique"] == "extended_exhale"
