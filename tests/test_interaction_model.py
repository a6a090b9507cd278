"""The interaction models follow Alexa's rules and ours, and the skill answers every intent in them.

Data-driven over interaction_model/*.json: intents, slots and samples added later are
checked the same way, with no change here.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from skill import app, speech
from skill.scripts import catalogue

from builders import Conversation, intent

MODEL_DIR = Path(__file__).resolve().parent.parent / "interaction_model"
MODEL_FILES = sorted(MODEL_DIR.glob("*.json"))
MIN_SAMPLES = 15
# The built-ins the skill relies on (the foundation issue); Alexa itself requires the first four.
REQUIRED_BUILTINS = ("AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.NavigateHomeIntent",
                     "AMAZON.FallbackIntent", "AMAZON.NextIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent",
                     "AMAZON.RepeatIntent", "AMAZON.StartOverIntent", "AMAZON.PreviousIntent", "AMAZON.YesIntent",
                     "AMAZON.NoIntent")
# What people say to reach a built-in intent. A custom sample equal to one of these (or that
# becomes one once its slots are filled) would take the words from the built-in intent.
BUILTIN_PHRASES = {
    "AMAZON.HelpIntent": ("help", "help me", "can you help me", "what can i say", "what can i do"),
    "AMAZON.StopIntent": ("stop", "stop it", "off", "shut up", "quit", "exit"),
    "AMAZON.CancelIntent": ("cancel", "never mind", "forget it"),
    "AMAZON.YesIntent": ("yes", "yeah", "yep", "yes please", "sure"),
    "AMAZON.NoIntent": ("no", "nope", "no thanks", "no thank you"),
    "AMAZON.NextIntent": ("next", "skip", "skip forward"),
    "AMAZON.PreviousIntent": ("previous", "go back", "back up", "skip back"),
    "AMAZON.RepeatIntent": ("repeat", "repeat that", "say that again"),
    "AMAZON.StartOverIntent": ("start over", "restart", "start again"),
    "AMAZON.PauseIntent": ("pause", "pause that"),
    "AMAZON.ResumeIntent": ("resume", "continue", "keep going"),
    "AMAZON.NavigateHomeIntent": ("home", "go home"),
}
# Alexa refuses these in invocation names: launch phrases, connecting words, wake words.
INVOCATION_FORBIDDEN = {"alexa", "amazon", "echo", "computer", "skill", "app", "ask", "tell", "open", "launch",
                        "load", "begin", "enable", "play", "start", "to", "from", "by", "if", "and", "whether"}
FREE_TEXT_TYPES = {"AMAZON.SearchQuery"}
_SLOT = re.compile(r"\{([^{}]+)\}")
_SAMPLE_CHARS = re.compile(r"^[^\W\d_]+(?:[ '.\-][^\W\d_]*)*$")  # letters, spaces, apostrophes, periods, hyphens


def language_model(path: Path) -> dict:
    return json.loads(path.read_text())["interactionModel"]["languageModel"]


def locale_of(path: Path) -> str:
    return path.stem


def custom_intents(lm: dict) -> list[dict]:
    return [i for i in lm["intents"] if not i["name"].startswith("AMAZON.")]


def normalised(sample: str) -> str:
    """Case and spacing ignored; every {slot} counts as the same placeholder."""
    return _SLOT.sub("{}", " ".join(sample.lower().split()))


def slot_pattern(sample: str, slot_types: dict[str, str], types: dict[str, dict]) -> re.Pattern:
    """What a sample can match once its slots are filled (built-in number/date types never match words)."""
    parts, last = [], 0
    for match in _SLOT.finditer(sample.lower()):
        parts.append(re.escape(" ".join(sample[last:match.start()].lower().split())))
        slot_type = slot_types.get(match.group(1))
        if slot_type in types:
            values = [v["name"]["value"] for v in types[slot_type]["values"]]
            values += [s for v in types[slot_type]["values"] for s in v["name"].get("synonyms", [])]
            parts.append("(?:" + "|".join(re.escape(v.lower()) for v in values) + ")")
        elif slot_type in FREE_TEXT_TYPES:
            parts.append(".+")
        else:
            parts.append("(?!)")
        last = match.end()
    parts.append(re.escape(" ".join(sample[last:].lower().split())))
    return re.compile(r"\s+".join(p for p in parts if p) + "$")


@pytest.fixture(params=MODEL_FILES, ids=[p.name for p in MODEL_FILES])
def model_file(request) -> Path:
    return request.param


def test_there_is_a_model_for_the_default_locale():
    assert (MODEL_DIR / f"{speech.DEFAULT_LOCALE}.json").is_file()


def test_the_model_has_the_ask_cli_shape(model_file):
    raw = json.loads(model_file.read_text())
    assert set(raw) == {"interactionModel"}, f"top level must be interactionModel, found {sorted(raw)}"
    assert "languageModel" in raw["interactionModel"]
    lm = raw["interactionModel"]["languageModel"]
    assert isinstance(lm.get("invocationName"), str)
    assert isinstance(lm.get("intents"), list) and lm["intents"]
    names = [i.get("name") for i in lm["intents"]]
    assert all(isinstance(n, str) and n for n in names), "every intent needs a name"
    assert len(names) == len(set(names)), f"intents defined twice: {sorted(n for n in names if names.count(n) > 1)}"
    for item in lm["intents"]:
        assert isinstance(item.get("samples", []), list), item["name"]
        assert all(isinstance(s, str) for s in item.get("samples", [])), item["name"]
        slot_names = [s.get("name") for s in item.get("slots", [])]
        assert all(s.get("name") and s.get("type") for s in item.get("slots", [])), f"{item['name']}: slots need a name and a type"
        assert len(slot_names) == len(set(slot_names)), f"{item['name']}: a slot defined twice"
    for slot_type in lm.get("types", []):
        assert slot_type.get("name") and isinstance(slot_type.get("values"), list) and slot_type["values"], slot_type
    missing = [b for b in REQUIRED_BUILTINS if b not in names]
    assert not missing, f"built-in intents missing: {missing}"


def test_the_invocation_name_follows_alexas_rules(model_file):
    name = language_model(model_file)["invocationName"]
    assert name == name.lower(), "invocation names are lowercase"
    assert re.fullmatch(r"[a-z]+( [a-z]+)+", name), f"{name!r}: two or more words, letters and single spaces only"
    assert not set(name.split()) & INVOCATION_FORBIDDEN, f"{name!r} uses {sorted(set(name.split()) & INVOCATION_FORBIDDEN)}"


def test_every_slot_type_is_defined_and_every_value_has_an_id(model_file):
    lm = language_model(model_file)
    types = {t["name"]: t for t in lm.get("types", [])}
    problems = []
    for item in lm["intents"]:
        for slot in item.get("slots", []):
            if not slot["type"].startswith("AMAZON.") and slot["type"] not in types:
                problems.append(f"{item['name']}.{slot['name']}: slot type {slot['type']} is not defined")
    for name, slot_type in types.items():
        ids = [v.get("id") for v in slot_type["values"]]
        problems += [f"{name}: value {v['name']['value']!r} has no id" for v in slot_type["values"] if not v.get("id")]
        problems += [f"{name}: id {i!r} used twice" for i in set(ids) if i and ids.count(i) > 1]
        owner: dict[str, str] = {}
        for value in slot_type["values"]:
            for word in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                key = " ".join(word.lower().split())
                if key in owner and owner[key] != value.get("id"):
                    problems.append(f"{name}: {word!r} resolves to both {owner[key]} and {value.get('id')}")
                owner.setdefault(key, value.get("id"))
    assert not problems, "\n".join(problems)


def test_samples_use_only_words_and_known_slots(model_file):
    lm = language_model(model_file)
    problems = []
    for item in lm["intents"]:
        slot_names = {s["name"] for s in item.get("slots", [])}
        used = set()
        for sample in item.get("samples", []):
            if sample != " ".join(sample.split()):
                problems.append(f"{item['name']}: {sample!r} has stray spaces")
            for slot in _SLOT.findall(sample):
                used.add(slot)
                if slot not in slot_names:
                    problems.append(f"{item['name']}: {sample!r} uses {{{slot}}}, which the intent does not define")
            words = _SLOT.sub("x", sample).strip()
            if not _SAMPLE_CHARS.match(words):
                problems.append(f"{item['name']}: {sample!r}: samples hold letters, spaces, apostrophes, periods "
                                f"and hyphens only (numbers spelled out)")
        for slot in slot_names - used:
            problems.append(f"{item['name']}: slot {slot} is in no sample, so nothing can ever fill it")
    assert not problems, "\n".join(problems)


def test_no_sample_is_repeated_within_or_across_intents(model_file):
    """The same words around a slot of the same type, twice: Alexa could not tell the intents apart.
    ("{technique}" in two intents is fine when the slot types differ: their values tell them apart.)"""
    owners = defaultdict(list)
    for item in language_model(model_file)["intents"]:
        types = {s["name"]: s["type"] for s in item.get("slots", [])}
        for sample in item.get("samples", []):
            shape = _SLOT.sub(lambda m: "{" + types.get(m.group(1), "?") + "}", " ".join(sample.lower().split()))
            owners[shape].append(f"{item['name']}: {sample!r}")
    repeated = {k: v for k, v in owners.items() if len(v) > 1}
    assert not repeated, "\n".join(" / ".join(v) for v in repeated.values())


def test_no_custom_sample_swallows_what_people_say_to_built_in_intents(model_file):
    lm = language_model(model_file)
    types = {t["name"]: t for t in lm.get("types", [])}
    present = {i["name"] for i in lm["intents"]}
    # a phrase the model gives its built-in intent as a sample is matched exactly there, and wins
    given = {normalised(s) for i in lm["intents"] if i["name"].startswith("AMAZON.") for s in i.get("samples", [])}
    reserved = {phrase: name for name, phrases in BUILTIN_PHRASES.items() if name in present for phrase in phrases
                if phrase not in given}
    problems = []
    for item in custom_intents(lm):
        slot_types = {s["name"]: s["type"] for s in item.get("slots", [])}
        for sample in item.get("samples", []):
            pattern = slot_pattern(sample, slot_types, types)
            for phrase, builtin in reserved.items():
                if pattern.match(phrase):
                    problems.append(f"{item['name']}: {sample!r} would take {phrase!r} from {builtin}")
    assert not problems, "\n".join(problems)


def test_each_custom_intent_has_enough_varied_samples(model_file):
    """Carrier intents are the exception: their samples are the ways of saying one carrier ("i can't",
    "i cannot"), and the words after it are free."""
    thin = {i["name"]: len({normalised(s) for s in i.get("samples", [])})
            for i in custom_intents(language_model(model_file))}
    thin = {name: n for name, n in thin.items() if n < (1 if name.startswith("Say") else MIN_SAMPLES)}
    assert not thin, f"fewer than {MIN_SAMPLES} distinct samples: {thin}"


def test_free_text_slots_have_carrier_phrases(model_file):
    problems = []
    for item in language_model(model_file)["intents"]:
        free = {s["name"] for s in item.get("slots", []) if s["type"] in FREE_TEXT_TYPES}
        for sample in item.get("samples", []):
            slots = _SLOT.findall(sample)
            if not free & set(slots):
                continue
            if not _SLOT.sub("", sample).strip():
                problems.append(f"{item['name']}: {sample!r} is only a slot; AMAZON.SearchQuery needs a carrier phrase")
            if len([s for s in slots if s in free]) > 1:
                problems.append(f"{item['name']}: {sample!r} has more than one AMAZON.SearchQuery slot")
    assert not problems, "\n".join(problems)


def test_every_catalogue_exercise_can_be_asked_for_in_every_model(model_file):
    names = {i["name"] for i in language_model(model_file)["intents"]}
    missing = sorted(e.intent for e in catalogue.all_exercises() if e.intent not in names)
    assert not missing, f"exercises nobody can ask for: {missing}"


# --- every intent in a model has a handler ---------------------------------------------

INTENTS = [(locale_of(p), i["name"]) for p in MODEL_FILES for i in language_model(p)["intents"]]


def _fresh(skill, locale: str) -> Conversation:
    return Conversation(lambda body: app.invoke(skill, body), locale=locale)


@pytest.mark.parametrize("locale,name", INTENTS, ids=[f"{loc}:{name}" for loc, name in INTENTS])
def test_every_intent_gets_its_own_answer_not_the_fallback(skill, locale, name):
    """Said with no slots and no exercise going, each intent is answered by something other
    than the catch-all fallback ("not in an exercise, here is the menu" counts as an answer)."""
    fallback = _fresh(skill, locale).say("SecureBaseTestNoSuchIntent")
    assert fallback.ssml and not fallback.ended
    turn = _fresh(skill, locale).say(name)
    assert "common/error" not in turn.keys, f"{name}: the skill apologised for an internal error"
    assert turn.ssml, f"{name}: no speech"
    if name == "AMAZON.FallbackIntent":
        return
    assert turn.keys != fallback.keys, f"{name} fell through to the generic fallback: {turn.text!r}"
