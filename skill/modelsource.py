"""The interaction model's one source, and the command that builds every locale from it.

``interaction_model/source/en.toml`` holds the English model: intents with sample grammars,
slot types as data, shared phrase lists. A locale adds an overlay
(``interaction_model/source/<locale>.toml``) holding only what differs there: extra samples,
samples it drops, longer phrase lists, extra synonyms, and spelling. ``build(locale)`` merges
the two and expands the grammars into the ASK CLI JSON that Alexa reads, plus a small runtime
file (``skill/lexicon/model-<locale>.json``) with what the skill needs to hear free text: each
intent's carrier phrases and the slot types' values, so that words caught by a SearchQuery
slot resolve in the skill exactly as Alexa would resolve them.

Grammar of a sample:
    (a|b|c)   one of the alternatives (an alternative may be empty: "(please|)")
    [words]   optional words
    <name>    one of the phrases of the shared list ``name`` (each itself a grammar)
    {slot}    a slot of the intent, left for Alexa

Written by hand because no kept library fits: npm's alexa-utterances (0.2.1) does this expansion
in JavaScript with a slot syntax of its own ({-|Slot}) and would put Node in the way of a Python
build; chatette (PyPI) generates random Rasa training sets. This expander is exhaustive,
deterministic and small, and the model tests hold what it produces to Alexa's limits.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "interaction_model" / "source"
MODEL_DIR = ROOT / "interaction_model"
RUNTIME_DIR = Path(__file__).resolve().parent / "lexicon"
BASE = "en"

# Alexa's documented limits for a custom model (custom skill interaction model reference), and ours.
MAX_SAMPLE_CHARS = 200
MAX_INTENTS = 250
MAX_SAMPLES_PER_INTENT = 2000  # Alexa's cap; our own budget below keeps every intent far under it
BUDGET_SAMPLES_PER_INTENT = 400
MAX_SLOT_VALUES_PER_TYPE = 50_000
MAX_MODEL_BYTES = 1_500_000  # the skill's interaction model as JSON

_TOKEN = re.compile(r"\(|\)|\[|\]|\||<[a-z_]+>|\{[A-Za-z0-9_]+\}|[^()\[\]|<>{}]+")


class GrammarError(ValueError):
    pass


def expand(grammar: str, lists: dict[str, list[str]], _depth: int = 0) -> list[str]:
    """Every sentence ``grammar`` stands for, in order, without repeats."""
    if _depth > 5:
        raise GrammarError(f"lists nest too deeply at {grammar!r}")
    tokens = _TOKEN.findall(grammar)
    if "".join(tokens) != grammar:
        raise GrammarError(f"cannot read {grammar!r}")
    pos = 0

    def sequence(stop: tuple[str, ...]) -> list[str]:
        nonlocal pos
        results = [""]
        while pos < len(tokens) and tokens[pos] not in stop:
            token = tokens[pos]
            pos += 1
            if token == "(":
                options = alternatives(")")
            elif token == "[":
                options = ["", *alternatives("]")]
            elif token.startswith("<"):
                name = token[1:-1]
                if name not in lists:
                    raise GrammarError(f"unknown list <{name}> in {grammar!r}")
                options = [s for phrase in lists[name] for s in expand(phrase, lists, _depth + 1)]
            elif token in (")", "]", "|"):
                raise GrammarError(f"unbalanced {token!r} in {grammar!r}")
            else:
                options = [token]
            results = [f"{left} {right}" for left in results for right in options]
        return results

    def alternatives(close: str) -> list[str]:
        nonlocal pos
        options = []
        while True:
            options += sequence(("|", close))
            if pos >= len(tokens):
                raise GrammarError(f"missing {close!r} in {grammar!r}")
            token = tokens[pos]
            pos += 1
            if token == close:
                return options
    out = sequence(())
    if pos != len(tokens):
        raise GrammarError(f"unbalanced brackets in {grammar!r}")
    return list(dict.fromkeys(" ".join(s.split()) for s in out if s.strip()))


# --- the source, merged for a locale ------------------------------------------------------------

def _read(name: str) -> dict:
    path = SOURCE_DIR / f"{name}.toml"
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def locales() -> list[str]:
    """The locales with an overlay: each gets a model."""
    return sorted(p.stem for p in SOURCE_DIR.glob("*-*.toml"))


def _respell(text: str, spelling: dict[str, str]) -> str:
    """The locale's spelling: a key of one word respells that word; a key of several words, that phrase
    only (en-GB "to practice" -> "to practise", while "my practice", the noun, stays)."""
    if not spelling:
        return text
    padded = f" {text} "
    for phrase, respelled in spelling.items():
        if " " in phrase:
            padded = padded.replace(f" {phrase} ", f" {respelled} ")
    return " ".join(spelling.get(word, word) for word in padded.strip().split(" "))


def source(locale: str) -> dict:
    """The base source with the locale's overlay applied (a new dict each time)."""
    base, overlay = _read(BASE), _read(locale)
    lists = {name: list(v) for name, v in base.get("lists", {}).items()}
    for name, phrases in overlay.get("lists", {}).items():
        lists[name] = [*lists.get(name, []), *phrases]
    intents = {}
    for name, body in base["intents"].items():
        intents[name] = {**body, "samples": list(body.get("samples", []))}
    for name, body in overlay.get("intents", {}).items():
        target = intents.setdefault(name, {"samples": []})
        drop = set(body.get("remove", []))
        target["samples"] = [s for s in target["samples"] if s not in drop] + list(body.get("add", []))
    types = {name: {vid: list(words) for vid, words in values.items()} for name, values in base.get("types", {}).items()}
    for name, values in overlay.get("types", {}).items():
        for vid, words in values.items():
            types.setdefault(name, {}).setdefault(vid, [])
            types[name][vid] += [w for w in words if w not in types[name][vid]]
    return {"invocation": overlay.get("invocation", base["invocation"]), "lists": lists, "intents": intents,
            "types": types, "spelling": overlay.get("spelling", {}),
            "fallback_sensitivity": overlay.get("fallback_sensitivity", base.get("fallback_sensitivity", "LOW"))}


_SLOT = re.compile(r"\{([A-Za-z0-9_]+)\}")


def build(locale: str) -> tuple[dict, dict]:
    """(the ASK CLI model JSON, the skill's runtime data) for ``locale``."""
    src = source(locale)
    spelling = src["spelling"]
    intents_json, runtime_intents, seen, conflicts = [], {}, {}, []
    for name, body in src["intents"].items():
        slots = body.get("slots", {})
        samples: list[str] = []
        for grammar in body.get("samples", []):
            for sample in expand(grammar, src["lists"]):
                sample = _respell(sample, spelling)
                # two intents may share words around slots of different types ("{technique}" of
                # breathing and of soothing): their values tell them apart, as Alexa's do
                shape = _SLOT.sub(lambda m: "{" + slots.get(m.group(1), "?") + "}", sample)
                if shape in seen:  # the same words twice in one intent are harmless; across intents, a conflict
                    if seen[shape] != name:
                        conflicts.append(f"{sample!r} is in {seen[shape]} and {name}")
                    continue
                seen[shape] = name
                samples.append(sample)
        entry: dict = {"name": name}
        if slots:
            entry["slots"] = [{"name": s, "type": t} for s, t in slots.items()]
        entry["samples"] = samples
        intents_json.append(entry)
        carriers = _carriers(samples, slots)
        runtime: dict = {"slots": {slot: {"type": kind, "carriers": carriers.get(slot, [])} for slot, kind in slots.items()}}
        if "carrier" in body:
            runtime.update(carrier=body["carrier"], filler=bool(body.get("filler")), request=bool(body.get("request")))
        runtime_intents[name] = runtime
    if conflicts:
        raise GrammarError(f"{locale}: samples claimed by two intents:\n  " + "\n  ".join(conflicts))
    types_json = []
    for name, values in src["types"].items():
        entries = []
        for vid, words in values.items():
            words = list(dict.fromkeys(_respell(w, spelling) for w in words))
            value = {"id": vid, "name": {"value": words[0]}}
            if len(words) > 1:
                value["name"]["synonyms"] = words[1:]
            entries.append(value)
        types_json.append({"name": name, "values": entries})
    language = {
        "invocationName": src["invocation"],
        "modelConfiguration": {"fallbackIntentSensitivity": {"level": src["fallback_sensitivity"]}},
        "intents": intents_json,
        "types": types_json,
    }
    runtime = {"locale": locale, "generated_by": "secure-base model build",
               **({"spelling": spelling} if spelling else {}),  # the scripts are read in it too (skill/speech.py)
               "intents": runtime_intents,
               "types": {t["name"]: {v["id"]: [v["name"]["value"], *v["name"].get("synonyms", [])] for v in t["values"]}
                         for t in types_json}}
    return {"interactionModel": {"languageModel": language}}, runtime


def _carriers(samples: list[str], slots: dict[str, str]) -> dict[str, list[str]]:
    """For each slot, the words said just before it in the samples (at most four): its carriers.

    The skill screens a slot's words together with these ("i feel" + "like a burden"), never bare.
    """
    out: dict[str, list[str]] = {}
    for sample in samples:
        for match in _SLOT.finditer(sample):
            slot = match.group(1)
            before = _SLOT.split(sample[:match.start()])[-1].split()
            out.setdefault(slot, [])
            carrier = " ".join(before[-4:])
            if carrier not in out[slot]:
                out[slot].append(carrier)
    return {slot: carriers for slot, carriers in out.items()}


def dump(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def outputs(locale: str) -> dict[Path, str]:
    model, runtime = build(locale)
    return {MODEL_DIR / f"{locale}.json": dump(model), RUNTIME_DIR / f"model-{locale}.json": dump(runtime)}


def write_all() -> list[Path]:
    written = []
    for locale in locales():
        for path, text in outputs(locale).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def stale() -> list[Path]:
    """Generated files that differ from what the source builds now."""
    out = []
    for locale in locales():
        for path, text in outputs(locale).items():
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                out.append(path)
    return out
