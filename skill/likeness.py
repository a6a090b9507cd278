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

import array
import bisect
import json
import math
import re
import sys
import zlib
from functools import lru_cache
from pathlib import Path

from . import lean

MODEL = Path(__file__).parent / "lexicon" / "screen-model.json"  # the weights, readable: what training wrote
MAGIC = b"secure-base screen model 1\n"
WINDOW = 3  # near pairs: two stems with at most this many words between them
_WORD = re.compile(r"[a-z0-9]+")
# words so common that a pair through them says nothing
_THIN = frozenset("a an the and or to of it is be so just really like um uh er you know that this".split())


@lru_cache(maxsize=1)
def stemmer():
    """The Snowball (Porter 2) English stemmer: "grounded", "grounding" -> "ground". Its package's
    __init__ would load thirty languages' (skill/lean.py)."""
    lean.without_init("snowballstemmer")
    from snowballstemmer.english_stemmer import EnglishStemmer

    return EnglishStemmer()


def features(normalised: str) -> dict[str, int]:
    """Counts of stems ("s:die"), adjacent pairs ("b:want die") and near pairs ("n:want die")."""
    words = _WORD.findall(normalised)
    stems = stemmer().stemWords(words)
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


# --- the weights, compact ---------------------------------------------------------------------------
# The readable file holds 25,000 named features; as Python objects they took 7 MB of a container.
# Training also writes them compact (compact_path): each feature named by its CRC-32, sorted, beside
# its idf and coefficient, in three arrays (half a megabyte), found by bisection. Two features never
# share a CRC (compact() refuses); an unseen feature sharing one with a kept feature has a chance of
# about one in 170,000 a sentence of moving the score by one small weight.

def feature_id(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


def compact_path(model: Path | None = None) -> Path:
    return (model or MODEL).with_suffix(".bin")


def compact(model: dict) -> bytes:
    ids = sorted((feature_id(name), name) for name in model["weights"])
    for (a, first), (b, second) in zip(ids, ids[1:]):
        if a == b:
            raise ValueError(f"features {first!r} and {second!r} share a CRC-32")
    keys = array.array("I", (i for i, _ in ids))
    idf = array.array("d", (model["weights"][name][0] for _, name in ids))
    coef = array.array("d", (model["weights"][name][1] for _, name in ids))
    if sys.byteorder != "little":  # pragma: no cover - the file is little-endian everywhere
        for part in (keys, idf, coef):
            part.byteswap()
    head = {"threshold": model["threshold"], "ask": model.get("ask", model["threshold"]), "bias": model["bias"],
            "count": len(keys)}
    return MAGIC + json.dumps(head).encode() + b"\n" + keys.tobytes() + idf.tobytes() + coef.tobytes()


class Weights:
    def __init__(self, data: bytes):
        if not data.startswith(MAGIC):
            raise ValueError("not a screen model")
        head_end = data.index(b"\n", len(MAGIC))
        head = json.loads(data[len(MAGIC):head_end])
        self.threshold, self.ask, self.bias, count = head["threshold"], head["ask"], head["bias"], head["count"]
        body = memoryview(data)[head_end + 1:]
        self.keys, self.idf, self.coef = array.array("I"), array.array("d"), array.array("d")
        self.keys.frombytes(body[:4 * count])
        self.idf.frombytes(body[4 * count:12 * count])
        self.coef.frombytes(body[12 * count:20 * count])
        if sys.byteorder != "little":  # pragma: no cover
            for part in (self.keys, self.idf, self.coef):
                part.byteswap()
        if not (len(self.keys) == len(self.idf) == len(self.coef) == count):
            raise ValueError("a screen model cut short")

    def get(self, name: str) -> tuple[float, float] | None:
        wanted = feature_id(name)
        at = bisect.bisect_left(self.keys, wanted)
        if at < len(self.keys) and self.keys[at] == wanted:
            return self.idf[at], self.coef[at]
        return None


_SILENT = {"weights": {}, "bias": 0.0, "threshold": 2.0, "ask": 2.0}  # no model: this reader never speaks


@lru_cache(maxsize=1)
def _model() -> Weights:
    try:
        return Weights(compact_path().read_bytes())
    except (OSError, ValueError):
        pass
    try:  # a checkout whose compact file is missing: made from the readable one
        return Weights(compact(json.loads(MODEL.read_text(encoding="utf-8"))))
    except (OSError, ValueError, KeyError):
        return Weights(compact(_SILENT))


def likeness(normalised: str) -> float:
    """0..1: how much this (normalised) text is like a disclosure of danger."""
    model = _model()
    found = []
    for key, n in features(normalised).items():
        weight = model.get(key)
        if weight is not None:
            found.append((weight, 1.0 + math.log(n)))
    if not found:
        return 0.0
    # weights are (idf, coefficient): tf-idf with sublinear tf, l2-normalised, as trained
    norm = math.sqrt(sum((tf * w[0]) ** 2 for w, tf in found)) or 1.0
    score = model.bias + sum(tf * w[0] * w[1] for w, tf in found) / norm
    return 1.0 / (1.0 + math.exp(-score))


def level(normalised: str) -> int:
    """0: not like a disclosure; 1: like one, worth asking gently; 2: very like one."""
    model = _model()
    found = likeness(normalised)
    return 2 if found >= model.threshold else 1 if found >= model.ask else 0
