"""Five English locales, end to end: each has its model, its words and spelling, its times, and its lines.

Every talking dialog test already runs in all five (tests/conftest.py), and every virtual-alexa
dialog too (tests/test_virtual_alexa.py); here: what differs from one locale to the next, heard
through the console, the web endpoint and the models as a person there would meet it.
"""
from __future__ import annotations

import io
import json
import re

import pytest

from skill import console, hearing, modelsource, nlu, speech, web
from skill.config import Config

from builders import envelope, intent

LOCALES = speech.LOCALES
# each country's crisis line and emergency number, as a person hears the digits
MAIN = {"en-US": ("988", "911"), "en-CA": ("988", "911"), "en-GB": ("116123", "999"),
        "en-AU": ("131114", "triple zero"), "en-IN": ("14416", "112")}


def digits(text: str) -> str:
    return re.sub(r"\D", "", re.sub(r"\[pause [^\]]*\]", "", text))


def language(locale: str) -> dict:
    return json.loads((modelsource.MODEL_DIR / f"{locale}.json").read_text())["interactionModel"]["languageModel"]


def samples(locale: str, name: str) -> list[str]:
    return next(i.get("samples", []) for i in language(locale)["intents"] if i["name"] == name)


def synonyms(locale: str, type_name: str, value_id: str) -> list[str]:
    values = next(t["values"] for t in language(locale)["types"] if t["name"] == type_name)
    value = next(v for v in values if v["id"] == value_id)
    return [value["name"]["value"], *value["name"].get("synonyms", [])]


# --- the models --------------------------------------------------------------------------------

def test_every_locale_has_a_model_built_from_the_one_source():
    assert set(modelsource.locales()) == set(LOCALES)
    carriers = {n for n, d in hearing.model_data("en-US")["intents"].items() if "carrier" in d}
    assert len(carriers) > 20
    for locale in LOCALES:
        names = {i["name"] for i in language(locale)["intents"]}
        assert carriers <= names, f"{locale} lacks carriers {sorted(carriers - names)}"
        assert set(hearing.model_data(locale)["intents"]) == names and hearing.model_data(locale)["locale"] == locale


@pytest.mark.parametrize("locale", ["en-GB", "en-AU", "en-IN"])
def test_british_spelling_in_the_samples_where_people_write_it(locale):
    every = [s for i in language(locale)["intents"] for s in i.get("samples", [])]
    assert "i'm spiralling" in every and "i'm spiraling" not in every
    assert "what did i practise last time" in every and "my nightly practice" in every  # the verb, not the noun
    assert not [s for s in every if re.search(r"\b(practicing|practiced|spiraling)\b", s)]
    assert "disorganised" in synonyms(locale, "AttachmentStyle", "disorganized")


def test_canada_writes_colour_and_practise_but_keeps_ize():
    every = [s for i in language("en-CA")["intents"] for s in i.get("samples", [])]
    assert "how often have i practised" in every
    assert "the colour game" in synonyms("en-CA", "GroundingTechnique", "room")
    assert synonyms("en-CA", "AttachmentStyle", "disorganized")[0] == "disorganized"


@pytest.mark.parametrize("locale,type_name,value,words", [
    ("en-GB", "FeelingType", "sad", ["gutted", "feeling low"]),
    ("en-GB", "FeelingType", "overwhelmed", ["knackered"]),
    ("en-GB", "FeelingType", "anxious", ["having a wobble"]),
    ("en-GB", "HarmingPerson", "family", ["mum", "mam"]),
    ("en-AU", "FeelingType", "sad", ["doing it tough"]),
    ("en-CA", "FeelingType", "overwhelmed", ["bagged"]),
    ("en-IN", "FeelingType", "anxious", ["tensed"]),
    ("en-IN", "HarmingPerson", "family", ["mother in law", "in laws"]),
])
def test_local_phrasing_is_in_that_locales_model_only(locale, type_name, value, words):
    assert set(words) <= set(synonyms(locale, type_name, value))
    if "mum" not in words:
        assert not set(words) & set(synonyms("en-US", type_name, value))


@pytest.mark.parametrize("locale,phrase", [
    ("en-GB", "i'm going to top myself"), ("en-AU", "i want to neck myself"), ("en-CA", "i want to unalive myself"),
    ("en-IN", "i want to commit suicide"), ("en-IN", "i will consume poison"),
])
def test_local_crisis_phrasings_reach_the_crisis_intent_in_their_locale(locale, phrase):
    assert phrase in samples(locale, "CrisisIntent")
    assert nlu.understand(phrase, locale).intent == "CrisisIntent"


# --- the words -----------------------------------------------------------------------------------

def test_a_locale_overrides_only_what_differs_and_falls_back_for_the_rest():
    assert speech.fallbacks("en-GB") == ("en-GB", "en-US") and speech.fallbacks("xx-XX") == ("en-US",)
    assert speech.template_file("en-GB", "reminders/set") == "en-GB/reminders/set.j2"
    assert speech.template_file("en-GB", "common/menu_reprompt") == "en-US/common/menu_reprompt.j2"
    assert speech.template_file("en-IN", "reminders/set") == "en-US/reminders/set.j2"


def test_the_fallback_is_read_in_the_locales_spelling_and_leaves_jinja_alone():
    text = 'Practicing colors. {{ color }} {% if colors %}Disorganized{% endif %} "to practice"'
    assert speech.respell(text, "en-GB") == 'Practising colours. {{ color }} {% if colors %}Disorganised{% endif %} "to practise"'
    assert speech.respell(text, "en-US") == text
    overview = {loc: speech.render(loc, "learning/overview", variant=0) for loc in LOCALES}
    assert "disorganized" in overview["en-US"] and "disorganized" in overview["en-CA"]
    assert all("disorganised" in overview[loc] for loc in ("en-GB", "en-AU", "en-IN"))


@pytest.mark.parametrize("hour,minute,said", [
    (21, 30, "half past nine"), (21, 45, "quarter to ten"), (22, 0, "ten o'clock"), (21, 10, "ten past nine"),
    (23, 35, "twenty-five to twelve"), (0, 0, "midnight"), (0, 30, "half past midnight"),
    (1, 15, "quarter past one in the morning"), (21, 7, "nine oh 7"),
])
def test_britain_hears_its_reminder_time_as_people_there_say_it(hour, minute, said):
    assert f"every night at {said}," in speech.render("en-GB", "reminders/set", hour=hour, minute=minute)


@pytest.mark.parametrize("locale", ["en-US", "en-CA", "en-AU", "en-IN"])
def test_elsewhere_the_reminder_time_is_a_clock_time(locale):
    assert "every night at 9:30 PM," in speech.render(locale, "reminders/set", hour=21, minute=30)


@pytest.mark.parametrize("words,locale,time", [
    ("remind me every night at half nine", "en-GB", "09:30"), ("at half ten pm", "en-GB", "22:30"),
    ("remind me every night at half past nine", "en-US", "09:30"), ("remind me every night at nine thirty", "en-IN", "09:30"),
])
def test_half_nine_is_half_past_nine_in_britain(words, locale, time):
    heard = nlu.understand(words, locale)
    assert heard.intent == "ReminderIntent" and heard.value("time") == time


def test_half_nine_is_not_a_time_in_the_us():
    assert nlu.parse_time(["half", "nine"], "en-US") is None and nlu.parse_time(["half", "nine"], "en-GB") == "09:30"


@pytest.mark.parametrize("locale,words,category", [
    ("en-GB", "i am knackered", "overwhelm"), ("en-GB", "having a wobble", "anxiety"), ("en-GB", "gutted", "sadness"),
    ("en-AU", "doing it tough", "sadness"), ("en-CA", "so bagged", "overwhelm"), ("en-IN", "having tension", "anxiety"),
])
def test_each_locale_reads_its_own_idioms_and_the_others_do_not_need_to(locale, words, category):
    assert hearing.read(words, locale).distress.name == category


# --- every surface takes a locale --------------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_the_console_in_each_locale_gives_that_countrys_line(locale, config):
    out = io.StringIO()
    code = console.main(locale, stdin=io.StringIO("open secure base\ni want to kill myself\n"), stdout=out, config=config)
    text = out.getvalue()
    assert code == 0 and "no interaction model" not in text
    line, emergency = MAIN[locale]
    assert line in digits(text) and (emergency in text or emergency in digits(text))
    others = {m[0] for loc, m in MAIN.items() if m[0] != line}
    assert not [o for o in others if o in digits(text.split("[card]")[0])]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_web_endpoint_answers_in_the_requests_locale(locale, config):
    client = web.create_app(config.but(verify_requests=False)).test_client()
    body = envelope(intent("ReframeIntent", thought="I want to kill myself"), locale=locale)
    answer = client.post("/", data=json.dumps(body), content_type="application/json")
    assert answer.status_code == 200
    said = speech.to_text(answer.get_json()["response"]["outputSpeech"]["ssml"])
    assert MAIN[locale][0] in digits(said)
    assert MAIN[locale][1] in said or MAIN[locale][1] in digits(said)


def test_a_locale_we_do_not_speak_is_answered_in_en_us_words_with_no_wrong_number(config):
    client = web.create_app(config.but(verify_requests=False)).test_client()
    body = envelope(intent("CrisisIntent"), locale="en-NZ")
    said = speech.to_text(client.post("/", json=body).get_json()["response"]["outputSpeech"]["ssml"])
    assert not [m[0] for m in MAIN.values() if m[0] in digits(said)] and "find a helpline" in said
