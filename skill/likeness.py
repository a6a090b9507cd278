"""The crisis screen's third reader: how much a sentence is like the disclosures we have written.

The phrase rules (skill/safety.py) and the concept reader (skill/concepts.py) read shapes and
meanings we named. People also say danger in words nobody named. This reader is a linear model
(logistic regression over word stems, stem pairs and near pairs) trained by `secure-base model
train-screen` from the labelled sentences in skill/lexicon/screen/ (disclosures that must reach
the crisis answer; distress, answers, requests, idioms and safe talk that must not). Its weights
live in skill/lexicon/screen-model.json; a test fails when they differ from what training makes.

Inference is written here by hand, and is a dot product: scikit-learn (a dev dependency, used
only to train) would bring numpy and scipy into Lambda's cold start for one sum. It is used only
where the rules found nothing, at a threshold chosen in training to keep false alarms rare, and
never on a clause the rules call an idiom. Two thresholds, both chosen in training: above the
higher one the crisis answer is given as for the rules; between the two it is given as a gentle
question ("if any part of you is thinking of ending your life..."), with the same numbers. Pure;
keeps nothing.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

MODEL = Path(__file__).parent / "lexicon" / "screen-model.json"
WINDOW = 3  # near pairs: two stems with at most this many words between them
_WORD = re.compile(r"[a-z0-9]+")
# words so common that a pair through them says nothing
_THIN = frozenset("a an the and or to of it is be so just really like um uh er you know that this".split())


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def features(normalised: str) -> dict[str, int]:
    """Counts of stems ("s:die"), adjacent pairs ("b:want die") and near pairs ("n:want die")."""
    words = _WORD.findall(normalised)
    stems = _stemmer().stemWords(words)
    out: dict[str, int] = {}

    def add(key: str) -> None:
        out[key] = out.get(key, 0) + 1

    for i, stem in enumerate(stems):
        add("s:" + stem)
        if i + 1 < len(stems):
            add(f"b:{stem} {stems[i + 1]}")
        if stem in _THIN:
            continue
        for other in stems[i + 2:i + 2 + WINDOW]:
            if other not in _THIN:
                add(f"n:{stem} {other}")
    return out


@lru_cache(maxsize=1)
def _model() -> dict:
    try:
        return json.loads(MODEL.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"weights": {}, "bias": 0.0, "threshold": 2.0, "ask": 2.0}  # no model: this reader never speaks


def likeness(normalised: str) -> float:
    """0..1: how much this (normalised) text is like a disclosure of danger."""
    model = _model()
    weights = model["weights"]
    found = [(weights[k], (1.0 + math.log(n))) for k, n in features(normalised).items() if k in weights]
    if not found:
        return 0.0
    # weights are stored as (idf, coefficient): tf-idf with sublinear tf, l2-normalised, as trained
    norm = math.sqrt(sum((tf * w[0]) ** 2 for w, tf in found)) or 1.0
    score = model["bias"] + sum(tf * w[0] * w[1] for w, tf in found) / norm
    return 1.0 / (1.0 + math.exp(-score))


def level(normalised: str) -> int:
    """0: not like a disclosure; 1: like one, worth asking gently; 2: very like one."""
    model = _model()
    found = likeness(normalised)
    return 2 if found >= model["threshold"] else 1 if found >= model.get("ask", model["threshold"]) else 0
