"""The interaction model comes from one source: the committed models are what it builds, within Alexa's limits."""
from __future__ import annotations

import json
import re

import pytest

from skill import modelsource
from skill.__main__ import main


def test_the_committed_models_are_what_the_source_builds():
    stale = modelsource.stale()
    assert not stale, f"run `secure-base model build`: {[str(p) for p in stale]}"


def test_model_check_says_so_when_a_model_is_stale(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(modelsource, "MODEL_DIR", tmp_path)
    monkeypatch.setattr(modelsource, "RUNTIME_DIR", tmp_path)
    assert main(["model", "check"]) == 1
    assert "stale" in capsys.readouterr().out
    assert main(["model", "build"]) == 0 and main(["model", "check"]) == 0


@pytest.mark.parametrize("grammar,expected", [
    ("breathe", ["breathe"]),
    ("(help me|let's) breathe", ["help me breathe", "let's breathe"]),
    ("[please] breathe [slowly]", ["breathe", "breathe slowly", "please breathe", "please breathe slowly"]),
    ("<soft> breathe", ["gently breathe", "slowly breathe"]),
    ("(a|) {technique} [now]", ["a {technique}", "a {technique} now", "{technique}", "{technique} now"]),
])
def test_the_grammar_expands_alternatives_options_lists_and_keeps_slots(grammar, expected):
    assert sorted(modelsource.expand(grammar, {"soft": ["gently", "slowly"]})) == sorted(expected)


@pytest.mark.parametrize("broken", ["(a|b", "[a", "a)", "<nolist> a"])
def test_a_broken_grammar_is_refused_with_its_reason(broken):
    with pytest.raises(modelsource.GrammarError):
        modelsource.expand(broken, {})


def test_two_intents_claiming_the_same_words_fail_the_build(monkeypatch):
    original = modelsource.source

    def twice(locale):
        src = original(locale)
        src["intents"]["SurpriseIntent"]["samples"].append("ground me")
        return src

    monkeypatch.setattr(modelsource, "source", twice)
    with pytest.raises(modelsource.GrammarError, match="ground me"):
        modelsource.build("en-US")


@pytest.fixture(params=modelsource.locales())
def built(request):
    return request.param, modelsource.build(request.param)[0]["interactionModel"]["languageModel"]


def test_every_model_stays_inside_alexas_limits(built):
    locale, language = built
    assert len(language["intents"]) <= modelsource.MAX_INTENTS
    size = len(json.dumps({"interactionModel": {"languageModel": language}}).encode())
    assert size <= modelsource.MAX_MODEL_BYTES, size
    for intent in language["intents"]:
        samples = intent.get("samples", [])
        assert len(samples) <= modelsource.BUDGET_SAMPLES_PER_INTENT, (intent["name"], len(samples))
        too_long = [s for s in samples if len(s) > modelsource.MAX_SAMPLE_CHARS]
        assert not too_long, too_long
    for slot_type in language["types"]:
        assert len(slot_type["values"]) <= modelsource.MAX_SLOT_VALUES_PER_TYPE


def test_generated_does_not_mean_bloated(built):
    """Samples that teach new shapes: the whole model stays a few thousand samples, not tens of thousands."""
    _, language = built
    assert sum(len(i.get("samples", [])) for i in language["intents"]) < 3000


def test_fallback_sensitivity_is_decided(built):
    _, language = built
    assert language["modelConfiguration"]["fallbackIntentSensitivity"]["level"] in ("LOW", "MEDIUM", "HIGH")


UK_SPELLINGS = re.compile(r"\b(spiralling|practis\w*|colour\w*|favourite|mum|neighbour\w*|organis\w*|apologis\w*)\b")


def test_us_english_samples_use_us_spelling():
    language = modelsource.build("en-US")[0]["interactionModel"]["languageModel"]
    found = [s for i in language["intents"] for s in i.get("samples", []) if UK_SPELLINGS.search(s)]
    assert not found, found[:10]
