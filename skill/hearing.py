"""Hearing a person's own words: the one place free text comes in.

Every slot value of every intent is screened for crisis together with its carrier, the words
the person said before it ("i feel" + "like a burden"), never bare: the carriers come from the
model's samples (skill/lexicon/model-<locale>.json, written by `secure-base model build`).

A carrier intent (SayFeelIntent, SayCantIntent, ...: an AMAZON.SearchQuery slot after "i feel",
"i can't", "my", "can you" ...) brings a whole sentence. The `Hear` interceptor, before routing:
  1. screens it (the safety routes answer a crisis first);
  2. re-hears it against the model's own samples, the way the console does (skill/nlu.py):
     "can you do box breathing for five minutes" reaches BreathingIntent with its slots;
  3. else reads it with the lexicon (skill/lexicon/<lang>.toml): a feature it names ("something
     for my inner child") becomes that intent; distress, a refusal inside an exercise, a body
     emergency, or nothing known stay with the carrier intent, and `heard(handler_input)` tells
     the listening handler which.

Privacy: the sentence lives in this request's memory only. It is never logged, stored, or put in
session attributes; only a category name ("distress:loneliness") is kept for the request.
"""
from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor

from . import safety, state
from .verdict import CLEAR, Screen

log = logging.getLogger("secure_base")

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
DEFAULT_LOCALE = "en-US"
MAX_WORDS = 60  # a spoken sentence; anything longer is read up to here
_HEARD = "sb_heard"  # request attribute: this request's Heard


# --- data ---------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def model_data(locale: str) -> dict:
    """The runtime part of the built model: carriers and slot types (en-US's where a locale has none)."""
    for name in (locale, DEFAULT_LOCALE):
        path = LEXICON_DIR / f"model-{name}.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    return {"intents": {}, "types": {}}


def _locale(value: object) -> str:
    return value if isinstance(value, str) and value in _known_locales() else DEFAULT_LOCALE


@functools.lru_cache(maxsize=1)
def _known_locales() -> frozenset:
    return frozenset(p.stem.removeprefix("model-") for p in LEXICON_DIR.glob("model-*.json"))


def carrier_of(locale: str, intent: str | None) -> tuple[str, bool] | None:
    """(canonical carrier, filler?) for a carrier intent; None for any other intent."""
    data = model_data(_locale(locale))["intents"].get(intent or "")
    if not data or "carrier" not in data:
        return None
    return data["carrier"], data.get("filler", False)


def is_carrier(handler_input) -> bool:
    req = handler_input.request_envelope.request
    return carrier_of(getattr(req, "locale", None), getattr(getattr(req, "intent", None), "name", None)) is not None


# --- the lexicon --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Category:
    kind: str  # "medical", "refusal", "no_memory", "distress", "feature", "request"
    name: str  # "loneliness", "breathing"...
    pattern: re.Pattern
    offer: str = ""  # distress: "<exercise>[:<slot>=<value>]"
    start: bool = False  # distress: begun at once, no question
    intent: str = ""  # feature: the intent it stands for


def stems(words: list[str]) -> list[str]:
    from . import likeness  # its English stemmer

    return likeness.stemmer().stemWords(words)


def _phrase(text: str) -> str:
    """A lexicon phrase as a pattern over stemmed words ("breath*": any word whose stem starts so)."""
    anchored = text.startswith("^")
    out = []
    for word in text.lstrip("^").split():
        parts = plain(word.rstrip("*")).split()
        out += [re.escape(stem) for stem in stems(parts)]
        if word.endswith("*") and out:
            out[-1] += r"\w*"
    return ("^" if anchored else r"(?<![a-z0-9])") + " ".join(out) + r"(?![a-z0-9])"


@functools.lru_cache(maxsize=None)
def lexicon(locale: str) -> tuple[Category, ...]:
    """The categories in priority order, compiled once per locale (base language plus overlay)."""
    base = _read_lexicon("en")
    overlay = _read_lexicon(locale) if locale != "en" else {}
    out = []

    def add(kind: str, name: str, body: dict, extra: dict) -> None:
        phrases = [*body.get("phrases", []), *extra.get("phrases", [])]
        # longest first: an alternation takes the first that fits, and "erase my" must beat "erase"
        pattern = re.compile("|".join(f"(?:{_phrase(p)})" for p in sorted(phrases, key=len, reverse=True)))
        out.append(Category(kind, name, pattern, body.get("offer", ""), bool(body.get("start")), body.get("intent", "")))

    for kind in ("medical", "refusal", "struggle", "no_memory", "request"):
        add(kind, kind, base.get(kind, {}), overlay.get(kind, {}))
    for kind in ("distress", "feature"):
        for name, body in base.get(kind, {}).items():
            add(kind, name, body, overlay.get(kind, {}).get(name, {}))
    for name, body in base.get("feature", {}).items():
        if body.get("names"):
            add("name", name, {"phrases": body["names"], "intent": body.get("intent", "")}, {})
    return tuple(out)


def _read_lexicon(name: str) -> dict:
    path = LEXICON_DIR / f"{name}.toml"
    if not path.is_file():
        return {}
    import tomllib  # late: only a turn with words to read needs the lexicon

    with open(path, "rb") as handle:
        return tomllib.load(handle)


def plain(text: str) -> str:
    """Lower case, contractions opened, only letters, digits and single spaces."""
    words = re.sub(r"[^a-z0-9 ]", " ", safety.normalise(text)).split()
    return " ".join(words[:MAX_WORDS])


def stemmed(text: str) -> str:
    return " ".join(stems(plain(text).split()))


def strongest(pattern: re.Pattern, text: str) -> float | None:
    """How strongly ``pattern`` is in ``text``: its longest phrase, less a little for each letter before it.

    Longer phrases say more ("kid i used to be" over "comfort"), and a request names what it wants
    early ("remind me to do my practice before bed" is about a reminder). None: not there.
    """
    found = [(m.end() - m.start()) - EARLY * m.start() for m in pattern.finditer(text)]
    return max(found) if found else None


EARLY = 0.3  # per letter before the phrase


# --- reading a sentence -------------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """What the lexicon finds in a sentence: the strongest category of each kind (None: none)."""

    medical: bool = False
    refusal: bool = False
    struggle: bool = False
    no_memory: bool = False
    request: bool = False
    distress: Category | None = None
    feature: Category | None = None
    named: Category | None = None  # an exercise named by its own name ("grounding", "inner child")


def read(sentence: str | list[str], locale: str = DEFAULT_LOCALE) -> Reading:
    """The lexicon's reading of a sentence, or of several ways of hearing one (each carrier + words)."""
    texts = [stemmed(t) for t in ([sentence] if isinstance(sentence, str) else sentence)]
    texts = [t for t in dict.fromkeys(texts) if t]
    if not texts:
        return Reading()
    found: dict[str, tuple[tuple[int, int], Category]] = {}
    flags = {}
    for category in lexicon(_locale(locale)):
        scores = [score for text in texts if (score := strongest(category.pattern, text)) is not None]
        if not scores:
            continue
        score = max(scores)
        if category.kind in ("distress", "feature", "name"):
            if category.kind not in found or score > found[category.kind][0]:
                found[category.kind] = (score, category)
        else:
            flags[category.kind] = True
    return Reading(medical=flags.get("medical", False), refusal=flags.get("refusal", False),
                   struggle=flags.get("struggle", False),
                   no_memory=flags.get("no_memory", False), request=flags.get("request", False),
                   distress=found.get("distress", (None, None))[1], feature=found.get("feature", (None, None))[1],
                   named=found.get("name", (None, None))[1])


# --- the model's own samples as a last resort: which feature shares the most telling words ---------

STOPWORDS = frozenset("""
a an the and or but so if of to in on at for with about from by as into over up down out off than then
i me my mine myself you your yours we us our they them their he him his she her it its this that these those
am is are was were be been being do does did doing have has had having can could would will shall should may
might must let lets let's please just really very some something anything any more again now today tonight
want wanna need like love feel feeling felt get got give go going make help think know okay ok yes no not
um uh so well oh hey what how why when where who which there here one thing things bit little kind sort
time way lot much many all every each also too still even only ever never always maybe
""".split())


@functools.lru_cache(maxsize=None)
def _sample_index(locale: str) -> tuple[dict, dict]:
    """({intent: {stem: weight}}, {stem: idf}) from the model's samples, slot values and the lexicon."""
    from . import nlu
    import math

    data = model_data(locale)
    features = {c.intent: c for c in lexicon(locale) if c.kind == "feature"}
    model = nlu.load(locale)
    vocab: dict[str, set] = {name: set() for name in features}
    for pattern in model.patterns:
        if pattern.intent in vocab:
            vocab[pattern.intent].update(w for kind, w in pattern.elements if kind == "w")
    for name in vocab:
        for slot in (data["intents"].get(name, {}).get("slots") or {}).values():
            for names in data["types"].get(slot["type"], {}).values():
                for said in names:
                    vocab[name].update(nlu.tokens(said))
    for category in lexicon(locale):
        if category.kind == "feature":
            vocab[category.intent].update(_lexicon_words(locale, category.name))
    stemmed_vocab = {name: {st for st in stems(sorted(words)) if st not in STOPWORDS and len(st) > 2}
                     for name, words in vocab.items()}
    counts: dict[str, int] = {}
    for words in stemmed_vocab.values():
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    idf = {word: math.log((1 + len(stemmed_vocab)) / count) for word, count in counts.items()}
    return stemmed_vocab, idf


def _lexicon_words(locale: str, feature: str) -> list[str]:
    body = _read_lexicon("en").get("feature", {}).get(feature, {})
    return [w.rstrip("*") for phrase in body.get("phrases", []) for w in plain(phrase.lstrip("^")).split()]


def closest_feature(sentence: str, locale: str = DEFAULT_LOCALE) -> str | None:
    """The feature intent whose samples share the most telling words with the sentence, if clearly one."""
    vocab, idf = _sample_index(_locale(locale))
    words = {w for w in stemmed(sentence).split() if w not in STOPWORDS and len(w) > 2}
    scores = sorted(((sum(idf[w] for w in words & known), name) for name, known in vocab.items()), reverse=True)
    if not scores or scores[0][0] < CLOSEST_MIN:
        return None
    if len(scores) > 1 and scores[1][0] > scores[0][0] * 0.8:
        return None  # two features about as close: better to say what can be said than to guess
    return scores[0][1]


CLOSEST_MIN = 1.5  # about one word found in a single feature's samples, or two shared by a few


# --- what this request heard --------------------------------------------------------------------

@dataclass(frozen=True)
class Heard:
    """The verdict on this request's words; no words in it."""

    screen: Screen = CLEAR
    carrier: bool = False  # the request came on a carrier intent (and was not re-heard as another)
    reading: Reading = field(default_factory=Reading)
    rehear: str | None = None  # the intent the words were re-heard as
    unresolved: bool = False  # a custom slot held words Alexa could not resolve


NOTHING = Heard()


def sentences(locale: str, intent: str | None, slots: dict[str, str]) -> list[str]:
    """Each slot's words on their own and after each of their carriers, for the screen."""
    data = model_data(_locale(locale))["intents"].get(intent or "", {})
    out = []
    for name, value in slots.items():
        if not isinstance(value, str) or not value.strip():
            continue
        value = value[:safety.MAX_CHARS]
        out.append(value)
        slot = (data.get("slots") or {}).get(name) or {}
        if data.get("filler"):
            continue
        carriers = [data.get("carrier", ""), *slot.get("carriers", [])]
        out += [f"{c} {value}" for c in dict.fromkeys(carriers) if c]
    return out


# values Alexa writes itself for its typed slots ("PT5M", "21:30", "3"): nobody's words
_TYPED = {
    "AMAZON.DURATION": re.compile(r"P(?=\d|T\d)(?:\d+[YMWD])*(?:T(?:\d+(?:\.\d+)?[HMS])+)?\Z"),
    "AMAZON.NUMBER": re.compile(r"-?\d+(?:\.\d+)?\Z"),
    "AMAZON.TIME": re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\Z|(?:MO|AF|EV|NI)\Z"),
}


@functools.lru_cache(maxsize=None)
def _catalogue(locale: str, kind: str) -> frozenset:
    return frozenset(name.lower() for names in model_data(locale)["types"].get(kind, {}).values() for name in names)


def quiet(locale: str, intent: str | None, slots: dict[str, str]) -> dict[str, str]:
    """The slots whose words the screen need not read: a value of our own catalogue ("box",
    "five senses") or a typed value Alexa wrote itself ("PT5M"). Screening them cannot change a
    verdict (tests/test_hearing.py screens every catalogue word with every carrier of its slot),
    and it keeps the crisis screen unloaded on most turns."""
    data = (model_data(_locale(locale))["intents"].get(intent or "") or {}).get("slots") or {}
    out = {}
    for name, value in slots.items():
        kind = (data.get(name) or {}).get("type", "")
        typed = _TYPED.get(kind)
        if typed.match(value) if typed else value.strip().lower() in _catalogue(_locale(locale), kind):
            out[name] = value
    return out


def slot_values(req) -> dict[str, str]:
    """Every slot's words as heard (multi-value slots joined), whatever state the request is in."""
    intent = getattr(req, "intent", None)
    slots = getattr(intent, "slots", None)
    values: dict[str, str] = {}
    if not isinstance(slots, dict):
        return values
    for name, slot in slots.items():
        if slot is None:
            continue
        parts = []
        if isinstance(getattr(slot, "value", None), str):
            parts.append(slot.value)
        _collect(getattr(slot, "slot_value", None), parts, 0)
        parts = list(dict.fromkeys(p for p in parts if p.strip()))
        if parts:
            values[str(name)] = " ".join(parts)
    return values


def _collect(value, parts: list[str], depth: int) -> None:
    if value is None or depth > 3:
        return
    if isinstance(getattr(value, "value", None), str):
        parts.append(value.value)
    for item in getattr(value, "values", None) or []:
        _collect(item, parts, depth + 1)


def sentence_of(handler_input) -> str:
    """The carrier intent's whole sentence (canonical carrier + words); "" for other intents."""
    req = handler_input.request_envelope.request
    found = carrier_of(getattr(req, "locale", None), getattr(getattr(req, "intent", None), "name", None))
    if found is None:
        return ""
    words = slot_values(req).get("words", "")
    carrier, filler = found
    return " ".join(f"{'' if filler else carrier} {words}".split())


def _third_reading(whole: str, words: str) -> Screen:
    """The third reader reads one whole sentence, not each fragment of it. A carrier's sentence is
    rebuilt from the carrier's usual words ("i have" for "i've got"), so it must agree with the
    words alone: measured on the held-out set, this halves its false alarms and loses no crisis."""
    if not whole.strip():
        return CLEAR
    found = safety.screen(whole)
    if not found.crisis or not words or words == whole:
        return found
    alone = safety.screen(words)
    if not alone.crisis:
        return CLEAR
    return Screen(True, found.harm_by_other or alone.harm_by_other, sure=found.sure and alone.sure)


def whole_sentence(handler_input, heard_sentences: list[str]) -> str:
    """The carrier's sentence, or else the longest of the slots' sentences: as near to what was said as we have."""
    return sentence_of(handler_input) or max(heard_sentences, key=len, default="")


def heard(handler_input) -> Heard:
    """This request's verdict (computed once; the interceptor normally already did)."""
    cache = handler_input.attributes_manager.request_attributes
    found = cache.get(_HEARD)
    if not isinstance(found, Heard):
        found = _hear(handler_input)
        cache[_HEARD] = found
    return found


def _hear(handler_input) -> Heard:
    req = handler_input.request_envelope.request
    if getattr(req, "object_type", None) != "IntentRequest" or getattr(req, "intent", None) is None:
        return NOTHING
    locale = getattr(req, "locale", None)
    name = getattr(req.intent, "name", None)
    said = slot_values(req)
    known = quiet(locale, name, said)
    heard_sentences = sentences(locale, name, {k: v for k, v in said.items() if k not in known})
    found = safety.screen_all(heard_sentences, third=False) if heard_sentences else CLEAR
    if not found.crisis:
        found = _third_reading(whole_sentence(handler_input, heard_sentences), said.get("words", ""))
    if carrier_of(locale, name) is None:
        unresolved = list(unresolved_values(req).values())  # read bare: the carriers name this intent's own feature
        return Heard(screen=found, reading=read(unresolved, _locale(locale)) if unresolved else Reading(),
                     unresolved=bool(unresolved))
    reading = read([sentence_of(handler_input), said.get("words", "")], _locale(locale))
    if model_data(_locale(locale))["intents"].get(name, {}).get("request") and not reading.request:
        reading = replace(reading, request=True)  # "can you ...", "what is ...": asking for something
    return Heard(screen=found, carrier=True, reading=reading)


def unresolved_values(req) -> dict[str, str]:
    """Custom-slot words Alexa could not resolve (ER_SUCCESS_NO_MATCH): words a person said, too."""
    out = {}
    slots = getattr(getattr(req, "intent", None), "slots", None)
    for name, slot in (slots.items() if isinstance(slots, dict) else ()):
        value = getattr(slot, "value", None)
        authorities = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None) or []
        codes = [getattr(getattr(getattr(a, "status", None), "code", None), "value", None) for a in authorities if a]
        if isinstance(value, str) and value.strip() and codes and "ER_SUCCESS_MATCH" not in codes:
            out[str(name)] = value
    return out


# --- re-hearing a carrier's sentence as the intent it names --------------------------------------

def rehear(sentence: str, words: str, locale: str) -> tuple[str, dict] | None:
    """The model's own samples, tried on the sentence and then on the words alone: (intent, slots JSON)."""
    from . import nlu  # late: the compiled model is only needed when a carrier brings words

    try:
        model = nlu.load(_locale(locale))
    except (OSError, ValueError):
        return None
    skip = carrier_intents(model.locale)
    for text in dict.fromkeys(t for t in (sentence, words) if t.strip()):
        understood = nlu.hear_within(text, model, skip)
        if understood is None or understood.intent in (None, nlu.FALLBACK):
            continue
        if any(understood.status(slot) == "ER_SUCCESS_NO_MATCH" for slot in understood.slots):
            continue  # "i want to do {technique}" with a technique we do not have is not that exercise
        return understood.intent, understood.slots
    return None


@functools.lru_cache(maxsize=None)
def carrier_intents(locale: str) -> frozenset:
    return frozenset(n for n, d in model_data(_locale(locale))["intents"].items() if "carrier" in d)


def feature_slots(category: Category, sentence: str, locale: str) -> dict:
    """Slots for a feature named in free words: a technique or style named, a length said."""
    from . import nlu

    data = model_data(_locale(locale))
    slot_types = {n: s["type"] for n, s in (data["intents"].get(category.intent, {}).get("slots") or {}).items()}
    words = nlu.tokens(sentence)
    text = " ".join(words)
    out: dict = {}
    for slot, kind in slot_types.items():
        if kind in data["types"]:
            best = None
            for vid, names in data["types"][kind].items():
                for said in names:
                    said_text = " ".join(nlu.tokens(said))
                    if said_text and re.search(rf"(?<![a-z0-9]){re.escape(said_text)}(?![a-z0-9])", text):
                        if best is None or len(said_text) > len(best[1]):
                            best = (vid, said_text, names[0])
            if best:
                out[slot] = _slot_json(slot, best[1], best[0], best[2], kind)
        elif kind == "AMAZON.DURATION":
            value = _duration(words)
            if value:
                out[slot] = {"name": slot, "value": value, "confirmationStatus": "NONE"}
    return out


def _slot_json(slot: str, heard_words: str, vid: str, name: str, kind: str) -> dict:
    return {"name": slot, "value": heard_words, "confirmationStatus": "NONE",
            "resolutions": {"resolutionsPerAuthority": [{
                "authority": f"amzn1.er-authority.echo-sdk.secure-base.{kind}",
                "status": {"code": "ER_SUCCESS_MATCH"},
                "values": [{"value": {"name": name, "id": vid}}]}]}}


def _duration(words: list[str]) -> str | None:
    from . import nlu

    best = None
    for end, word in enumerate(words):
        if word not in nlu._UNIT_WORDS:
            continue
        for start in range(max(0, end - 5), end + 1):
            value = nlu.parse_duration(words[start:end + 1])
            if value and (best is None or end + 1 - start > best[0]):
                best = (end + 1 - start, value)
    return best[1] if best else None


class Hear(AbstractRequestInterceptor):
    """Before routing: screen every slot with its carrier; give a carrier's sentence the intent it names."""

    def process(self, handler_input):
        try:
            verdict = heard(handler_input)
            if verdict.screen.crisis:
                return
            if verdict.carrier and _may_rehear(handler_input, verdict):
                _rewrite(handler_input, verdict)
            elif verdict.unresolved:
                _reroute(handler_input, verdict)
        except Exception as exc:  # hearing must never cost the person an answer: the carrier route still answers
            log.warning("hearing skipped (%s)", type(exc).__name__)


def _may_rehear(handler_input, verdict: Heard) -> bool:
    """Inside a step that waits for the person's answer, their words are the answer (unless a request)."""
    from .scripts import catalogue

    question = state.question(handler_input) or ""
    if question in ("thought", "feeling"):
        return True
    ex = state.active(handler_input)
    reading = verdict.reading
    if ex and not ex.done and (reading.refusal or reading.struggle or reading.medical):
        return False  # "I don't like holding my breath": heard as a no, not as a new request
    if ex and not ex.done and not ex.paused and catalogue.get(ex.id).user_paced:
        return reading.request and reading.feature is not None
    return True


def _rewrite(handler_input, verdict: Heard) -> None:
    req = handler_input.request_envelope.request
    locale = getattr(req, "locale", None) or DEFAULT_LOCALE
    sentence = sentence_of(handler_input)
    words = slot_values(req).get("words", "")
    question = state.question(handler_input) or ""
    target = None
    if question == "thought":  # "what's the thought?": this sentence is it
        target = ("ThoughtIntent", {"thought": {"name": "thought", "value": sentence, "confirmationStatus": "NONE"}})
    elif question == "feeling":
        target = _feeling(sentence, locale)
    if target is None:
        target = rehear(sentence, words, locale)
    reading = verdict.reading
    if target is None and reading.feature is not None and not reading.medical and (
            reading.request or reading.distress is None):
        target = (reading.feature.intent, feature_slots(reading.feature, sentence, locale))
    if target is None and reading.feature is None and reading.distress is None and not (
            reading.medical or reading.refusal or reading.struggle):
        closest = closest_feature(sentence, locale)
        if closest:
            category = next(c for c in lexicon(_locale(locale)) if c.kind == "feature" and c.intent == closest)
            target = (closest, feature_slots(category, sentence, locale))
    if target is None:
        return
    name, slots = target
    _replace_intent(handler_input, name, slots)
    handler_input.attributes_manager.request_attributes[_HEARD] = Heard(screen=verdict.screen, rehear=name)


def _reroute(handler_input, verdict: Heard) -> None:
    """ "do grounding for two minutes" heard as breathing with an unknown technique: the words decide."""
    req = handler_input.request_envelope.request
    feature = verdict.reading.named
    if feature is None or feature.intent == req.intent.name or _inside_answer(handler_input):
        return
    locale = getattr(req, "locale", None) or DEFAULT_LOCALE
    sentence = " ".join(unresolved_values(req).values())
    _replace_intent(handler_input, feature.intent, feature_slots(feature, sentence, locale))
    handler_input.attributes_manager.request_attributes[_HEARD] = Heard(screen=verdict.screen, rehear=feature.intent)


def _inside_answer(handler_input) -> bool:
    from .scripts import catalogue

    ex = state.active(handler_input)
    return bool(ex and not ex.done and not ex.paused and catalogue.get(ex.id).user_paced)


def _feeling(sentence: str, locale: str):
    """After "what are you feeling?": the feeling named in the sentence, resolved like FeelingType."""
    category = Category("feature", "feelings", re.compile("(?!)"), intent="FeelingIntent")
    slots = feature_slots(category, sentence, locale)
    return ("FeelingIntent", slots) if slots else None


def _replace_intent(handler_input, name: str, slots: dict) -> None:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import Intent

    body = {"name": name, "confirmationStatus": "NONE", "slots": {k: v for k, v in slots.items()}}
    intent = DefaultSerializer().deserialize(json.dumps(body), Intent)
    handler_input.request_envelope.request.intent = intent
