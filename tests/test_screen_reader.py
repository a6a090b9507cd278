"""The crisis screen's third reader (skill/likeness.py): trained from our sentences, kept in step
with them, measured on a set it never saw, and heard in conversation as a gentle question."""
from __future__ import annotations

import json

import pytest

from skill import likeness, safety, screentrain



@pytest.fixture(scope="module")
def trained():
    return screentrain.train()


def test_the_committed_weights_are_what_training_makes(trained):
    model, _ = trained
    committed = json.loads(likeness.MODEL.read_text(encoding="utf-8"))
    assert (committed["threshold"], committed["ask"]) == (model["threshold"], model["ask"]), \
        "run `secure-base model train-screen`: the thresholds moved"
    assert committed["weights"].keys() == model["weights"].keys(), "run `secure-base model train-screen`"
    worst = max(abs(committed["weights"][k][1] - w[1]) for k, w in model["weights"].items())
    assert worst < 1e-3 and abs(committed["bias"] - model["bias"]) < 1e-3


def test_the_compact_weights_the_skill_reads_are_the_readable_ones_exactly():
    committed = json.loads(likeness.MODEL.read_text(encoding="utf-8"))
    assert likeness.compact_path().read_bytes() == likeness.compact(committed), "run `secure-base model train-screen`"
    weights = likeness.Weights(likeness.compact_path().read_bytes())
    assert (weights.threshold, weights.ask, weights.bias) == (committed["threshold"], committed["ask"], committed["bias"])
    for name, pair in list(committed["weights"].items())[::500]:
        assert weights.get(name) == tuple(pair)
    assert weights.get("s:a-word-never-trained") is None


def test_two_features_that_would_share_a_compact_name_are_refused(monkeypatch):
    monkeypatch.setattr(likeness, "feature_id", lambda name: 7)
    with pytest.raises(ValueError, match="share"):
        likeness.compact({"threshold": 0.9, "bias": 0.0, "weights": {"s:one": [1.0, 1.0], "s:two": [1.0, 1.0]}})


def test_training_never_learns_a_held_out_sentence():
    pos, neg = screentrain.sentences()
    held = screentrain.held_out()
    assert len(held) > 200 and not held & {w.lower() for _, w in pos + neg}


def test_on_sentences_it_never_saw_it_hears_far_more_than_the_rules_and_alarms_rarely():
    """Trained without two fresh sets (400 disclosures, 500 everyday and heavy lines), then asked about them."""
    pos, neg = screentrain.sentences()
    held = ("fresh10", "fresh11")
    train_pos = [p for p in pos if p[0] not in held]
    train_neg = [n for n in neg if n[0] not in held]
    texts = [screentrain.text_of(w) for _, w in train_pos + train_neg]
    labels = [1] * len(train_pos) + [0] * len(train_neg)
    _, _, cv = screentrain.cross_validated(train_pos, train_neg)
    ask = screentrain.choose_threshold(texts, labels, cv, screentrain.ASK_RATE)
    *_, probability = screentrain._fit(texts, labels)
    disclosures = [w for s, w in pos if s == "fresh11"]
    everyday = [w for s, w in neg if s == "fresh10"]
    rules = [safety.rules_say(w) for w in disclosures]
    heard = [r or p >= ask for r, p in zip(rules, probability([screentrain.text_of(w) for w in disclosures]))]
    alarms = [safety.rules_say(w) or p >= ask for w, p in zip(everyday, probability([screentrain.text_of(w) for w in everyday]))]
    recall, by_rules, alarm_rate = sum(heard) / len(heard), sum(rules) / len(rules), sum(alarms) / len(alarms)
    print(f"third reader on unseen sets: crisis heard {recall:.1%} (rules alone {by_rules:.1%}); "
          f"everyday lines alarmed {alarm_rate:.1%}")
    assert recall >= 0.85 and recall - by_rules >= 0.2  # measured: 87%, rules 60%
    assert alarm_rate <= 0.08  # measured: 5%


@pytest.mark.parametrize("words", [
    "lately i keep wondering how long it would take anyone to notice i was gone",
    "i have started giving my books away to friends",
    "i keep thinking everyone would cope fine once i am not around",
    "my husband says if i ever go to my mums again i will regret it",
])
def test_said_at_the_menu_the_reader_hears_what_no_rule_names(talk, words):
    assert not safety.rules_say(words)
    talk.launch()
    turn = talk.say("SayLeadIntent", words=words)
    assert turn.said("safety/answer") and turn.state.get("q") == "safety:grounding" and not turn.ended
    assert "988" in turn.card["content"]


def test_when_only_the_reader_hears_it_and_is_not_sure_the_answer_asks_rather_than_presumes(talk, monkeypatch):
    monkeypatch.setattr(likeness, "level", lambda text: 1)  # like a disclosure, but not very
    talk.launch()
    turn = talk.say("SayLeadIntent", words="i keep driving past the reservoir at night")
    assert turn.said("safety/answer") and turn.state.get("q") == "safety:grounding"
    assert "make sure you're safe" in turn.text and "If any part of you is thinking about ending your life" in turn.text
    talk.launch()
    plain = talk.say("SayLeadIntent", words="i want to kill myself")
    assert plain.said("safety/answer") and "If any part of you" not in plain.text


@pytest.mark.parametrize("words", [
    "my partner would kill me if i bought another plant",
    "my code keeps crashing and burning",
    "i took my antihistamine so hopefully the sneezing stops",
])
def test_everyday_hyperbole_does_not_alarm(words):
    assert not safety.screen(words).crisis


def test_without_its_weights_the_reader_is_silent_and_the_rules_still_hear(monkeypatch, tmp_path):
    monkeypatch.setattr(likeness, "MODEL", tmp_path / "missing.json")
    likeness._model.cache_clear()
    try:
        assert likeness.level("i keep wondering how long it would take anyone to notice i was gone") == 0
        assert safety.screen("i want to kill myself").crisis
    finally:
        monkeypatch.undo()
        likeness._model.cache_clear()
