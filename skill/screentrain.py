"""Training the crisis screen's third reader (skill/likeness.py): `secure-base model train-screen`.

Labelled sentences, all written for this project:
  must reach the crisis answer   tests/data/crisis_must_trigger.txt, the development sets' crisis
                                 lines, tests/data/screen/*-positive.tsv
  must not                       tests/data/crisis_benign.txt, the rest of the development set,
                                 tests/data/screen/*-negative.tsv, and the interaction model's own
                                 samples (requests for exercises)
The held-out set (tests/data/hearing/holdout.tsv) is never learned: it is read only so that a
sentence that happens to be in it too is left out of training.

A dev tool: scikit-learn (a dev dependency) fits the model; the skill reads only the JSON it
writes. The threshold is chosen from cross-validation: the lowest at which, on sentences the
fold did not see, at most ALARM_RATE of the ones that must not alarm (and that the rules leave
alone) would. Deterministic: fixed folds, a fixed solver, rounded weights.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from . import likeness, safety

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
ALARM_RATE = 0.01  # the crisis answer as for the rules
ASK_RATE = 0.04  # the crisis answer as a gentle question
C = 4.0
MIN_WEIGHT = 0.15  # smaller coefficients are dropped: they change no decision and double the file
FLOOR, CEILING = 0.6, 0.95


def _lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(re.sub(r"\s*\[\w+\]\s*$", "", line))
    return out


def _tsv_words(path: Path) -> list[tuple[str, str]]:
    """(label, words) rows; the label is the category column."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            parts = line.split("\t")
            rows.append((parts[-2].split(":")[0], parts[-1].strip()))
    return rows


def sentences() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(positives, negatives), each a list of (source, words)."""
    pos = [("must_trigger", w) for w in _lines(DATA / "crisis_must_trigger.txt")]
    neg = [("benign", w) for w in _lines(DATA / "crisis_benign.txt")]
    for path in sorted((DATA / "hearing").glob("dev*.tsv")):  # the development sets, every locale's
        for kind, words in _tsv_words(path):
            (pos if kind == "crisis" else neg).append(("dev", words))
    for path in sorted((DATA / "screen").glob("*.tsv")):
        source = path.stem.rsplit("-", 1)[0]
        target = pos if path.stem.endswith("-positive") else neg
        target += [(source, words) for _, words in _tsv_words(path)]
    model = json.loads((ROOT / "interaction_model" / "en-US.json").read_text(encoding="utf-8"))
    for item in model["interactionModel"]["languageModel"]["intents"]:
        if not item["name"].startswith("Say"):
            neg += [("samples", re.sub(r"\{\w+\}", " ", s)) for s in item.get("samples", [])]
    held = held_out()  # a sentence someone else also wrote there is not learned, so that set stays unseen
    return [p for p in pos if p[1].lower() not in held], [n for n in neg if n[1].lower() not in held]


def held_out() -> frozenset:
    path = DATA / "hearing" / "holdout.tsv"
    if not path.exists():
        return frozenset()
    return frozenset(words.lower() for _, words in _tsv_words(path))


def text_of(words: str) -> str:
    return " ".join(safety.clauses(words))


def _fit(texts: list[str], labels: list[int]):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    vectorizer, tfidf = DictVectorizer(), TfidfTransformer(sublinear_tf=True)
    matrix = tfidf.fit_transform(vectorizer.fit_transform([likeness.features(t) for t in texts]))
    model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=5000).fit(matrix, labels)

    def probability(items: list[str]):
        return model.predict_proba(tfidf.transform(vectorizer.transform([likeness.features(t) for t in items])))[:, 1]

    return vectorizer, tfidf, model, probability


def cross_validated(pos, neg, folds: int = 5):
    """Each sentence's probability from a model that did not see it."""
    from sklearn.model_selection import StratifiedKFold

    texts = [text_of(w) for _, w in pos + neg]
    labels = [1] * len(pos) + [0] * len(neg)
    out = [0.0] * len(texts)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(texts, labels):
        *_, probability = _fit([texts[i] for i in train], [labels[i] for i in train])
        for i, p in zip(test, probability([texts[i] for i in test])):
            out[i] = float(p)
    return texts, labels, out


def choose_threshold(texts, labels, probabilities, rate: float = ALARM_RATE) -> float:
    quiet = [p for t, y, p in zip(texts, labels, probabilities) if y == 0 and not safety.rules_say(t)]
    for step in range(int(FLOOR * 100), int(CEILING * 100) + 1):
        threshold = step / 100
        if sum(p >= threshold for p in quiet) <= rate * len(quiet):
            return threshold
    return CEILING


def train() -> tuple[dict, dict]:
    """(the model to write, figures from cross-validation)."""
    pos, neg = sentences()
    texts, labels, cv = cross_validated(pos, neg)
    threshold = choose_threshold(texts, labels, cv)
    ask = min(threshold, choose_threshold(texts, labels, cv, ASK_RATE))
    vectorizer, tfidf, model, _ = _fit(texts, labels)
    weights = {}
    for name, index in vectorizer.vocabulary_.items():
        coefficient = float(model.coef_[0][index])
        if abs(coefficient) >= MIN_WEIGHT:
            weights[name] = [round(float(tfidf.idf_[index]), 4), round(coefficient, 4)]
    ruled = [bool(safety.rules_say(t)) for t in texts]
    caught = sum(1 for y, p, r in zip(labels, cv, ruled) if y == 1 and (r or p >= ask))
    alarms = sum(1 for y, p, r in zip(labels, cv, ruled) if y == 0 and not r and p >= ask)
    figures = {"positives": len(pos), "negatives": len(neg), "threshold": threshold, "ask": ask,
               "recall_with_rules_cv": round(caught / len(pos), 4),
               "recall_rules_alone": round(sum(1 for y, r in zip(labels, ruled) if y == 1 and r) / len(pos), 4),
               "new_alarms_cv": alarms, "features": len(weights)}
    return ({"about": "skill/likeness.py; trained by `secure-base model train-screen` (skill/screentrain.py)",
             "threshold": threshold, "ask": ask, "bias": round(float(model.intercept_[0]), 4),
             "weights": dict(sorted(weights.items())), "figures": figures}, figures)


def write() -> dict:
    model, figures = train()
    likeness.MODEL.write_text(json.dumps(model, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    likeness.compact_path().write_bytes(likeness.compact(model))
    likeness._model.cache_clear()
    return figures
