"""Typed words to Alexa intents, for the console: a small stand-in for Alexa's NLU.

Everything comes from the interaction model (``interaction_model/<locale>.json``,
en-US when a locale has none): each sample utterance becomes a pattern whose
``{slot}`` placeholders take words by slot type; custom slot values and their
synonyms resolve to ids exactly as entity resolution reports them
(ER_SUCCESS_MATCH / ER_SUCCESS_NO_MATCH); AMAZON.DURATION, NUMBER, TIME, DATE and
SearchQuery are turned into the values Alexa sends. Built-in intents answer to
their usual phrases plus any samples the model adds to them. Invocation phrases
("open secure base", "ask secure base to ...") become launches and one-shots.
Anything else is AMAZON.FallbackIntent, as on a device.

Ranking when several samples fit: an exact sample (no slots) first, then
samples whose slots all resolved, then more literal words, then more slots
filled, then the earlier sample.
"""
from __future__ import annotations

import datetime as _dt
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

MODEL_DIRS = (
    Path(__file__).resolve().parent.parent / "interaction_model",
    Path.cwd() / "interaction_model",
)
DEFAULT_LOCALE = "en-US"
FALLBACK = "AMAZON.FallbackIntent"
AUTHORITY = "amzn1.er-authority.echo-sdk.{application}.{type}"
OPEN_SLOT_MAX_WORDS = 3  # a custom slot may hold an unknown value of up to this many words (NO_MATCH)
GENERIC_SLOT_MAX_WORDS = 4  # other AMAZON.* types we do not parse

# Built-in intents and their usual phrases. Alexa knows these without samples; a
# model may add samples of its own, which are included too.
BUILT_IN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.StopIntent": ("stop", "quit", "exit", "shut up", "stop it", "be quiet", "enough",
                          "that's enough", "stop talking", "goodbye", "bye", "good bye", "i'm done", "i am done"),
    "AMAZON.CancelIntent": ("cancel", "never mind", "nevermind", "forget it", "cancel that"),
    "AMAZON.HelpIntent": ("help", "what can i do", "what can i say", "what can you do", "help me",
                          "i need help", "how does this work", "what are my options", "options", "instructions"),
    "AMAZON.YesIntent": ("yes", "yeah", "yep", "yup", "sure", "okay", "ok", "yes please", "alright", "all right",
                         "of course", "please do", "sounds good", "let's do it", "go ahead", "why not", "ready",
                         "i'm ready"),
    "AMAZON.NoIntent": ("no", "nope", "no thanks", "no thank you", "nah", "not now", "not really", "i don't think so",
                        "no i'm okay", "no i'm ok"),
    "AMAZON.NextIntent": ("next", "continue", "keep going", "go on", "carry on", "skip", "skip this", "skip it",
                          "next one", "next step", "move on", "next please", "go forward", "onward", "more"),
    "AMAZON.RepeatIntent": ("repeat", "say that again", "again", "what", "repeat that", "pardon", "sorry what",
                            "come again", "what did you say", "can you repeat that", "one more time"),
    "AMAZON.PreviousIntent": ("go back", "previous", "back", "last one", "the last one", "previous one",
                              "go back one", "back up"),
    "AMAZON.StartOverIntent": ("start over", "restart", "from the beginning", "start again", "begin again",
                               "start from the beginning", "from the top", "start from scratch"),
    "AMAZON.PauseIntent": ("pause", "hold on", "wait", "hang on", "wait a minute", "wait a second", "one moment",
                           "just a moment", "give me a moment", "give me a minute", "give me a second",
                           "pause please", "hold it"),
    "AMAZON.ResumeIntent": ("resume", "continue where i left off", "pick up where i left off", "unpause",
                            "keep going from where i was", "carry on where i left off", "resume please"),
    "AMAZON.NavigateHomeIntent": ("home", "main menu", "go home", "menu", "the menu", "go to the menu",
                                  "back to the menu", "back to the start", "take me home"),
}
# Alexa requires these in every custom model, so they always answer.
ALWAYS_BUILT_IN = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.HelpIntent", "AMAZON.NavigateHomeIntent")

# Words people put around a request; tried only when the whole utterance matched nothing.
_LEAD_FILLERS = {"please", "um", "uh", "er", "erm", "so", "well", "oh", "hey", "ok", "okay", "just"}
_TAIL_FILLERS = (("thank", "you"), ("thanks",), ("please",), ("now",))
_ARTICLES = {"the", "a", "an", "some", "my", "that", "this"}

_LAUNCH_VERBS = (("open",), ("launch",), ("start",), ("begin",), ("run",), ("load",), ("play",), ("resume",),
                 ("talk", "to"), ("use",), ("enable",), ("go", "to"))
_ASK_VERBS = (("ask",), ("tell",))
_ASK_LINKS = (("to",), ("for",), ("about",), ("if",), ("whether",), ("that",))
_OPEN_LINKS = (("and",), ("to",), ("about",))
_TRAILING_LINKS = (("using",), ("with",), ("from",), ("on",), ("in",))


# --------------------------------------------------------------------------- words

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_KEEP = re.compile(r"(?<=\d)[:.](?=\d)")  # 9:30, 1.5
_NOT_WORD = re.compile(r"[^a-z0-9'\u00c0-\u024f\x00\x01]+")


def display_tokens(text: str) -> list[str]:
    """Lower-case words as heard, apostrophes kept ("i'm"), punctuation dropped."""
    text = (text or "").translate(_APOSTROPHES).lower()
    text = text.replace("&", " and ")
    text = _KEEP.sub(lambda m: "\x00" if m.group(0) == ":" else "\x01", text)
    words = _NOT_WORD.sub(" ", text).split()
    words = [w.replace("\x00", ":").replace("\x01", ".").strip("'") for w in words]
    return [w for w in words if w.replace("'", "")]


def match_token(word: str) -> str:
    """The form words are compared in: no apostrophes ("i'm" and "im" are one word)."""
    return word.replace("'", "")


def tokens(text: str) -> list[str]:
    return [match_token(w) for w in display_tokens(text)]


# --------------------------------------------------------------------------- numbers

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"thousand": 1000, "million": 1_000_000}
_SPELLED = {v: k for k, v in {**_UNITS, **_TEENS, **_TENS}.items() if k != "fourty"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "last": -1}
_DIGITS = re.compile(r"^\d+(?:\.\d+)?$")


def parse_number(words: list[str]) -> float | None:
    """"twenty one", "a hundred and five", "5", "1.5" -> a number; None if these are not one number."""
    if not words:
        return None
    if len(words) == 1 and _DIGITS.match(words[0]):
        return float(words[0])
    if len(words) == 2 and _DIGITS.match(words[0]) and words[1] in (*_SCALES, "hundred"):
        return float(words[0]) * (_SCALES.get(words[1]) or 100)
    negative = words[0] in ("minus", "negative")
    words = words[1:] if negative else words
    total, current, last = 0, 0, None
    for index, word in enumerate(words):
        if word in ("a", "an") and index == 0 and len(words) > 1 and words[1] in (*_SCALES, "hundred"):
            current, last = 1, "unit"
        elif word in _UNITS and last in (None, "tens", "hundred", "scale", "and"):
            current += _UNITS[word]
            last = "unit"
        elif word in _TEENS and last in (None, "hundred", "scale", "and"):
            current += _TEENS[word]
            last = "teen"
        elif word in _TENS and last in (None, "hundred", "scale", "and"):
            current += _TENS[word]
            last = "tens"
        elif word == "hundred" and last in ("unit", "teen", "tens") and current < 100:
            current *= 100
            last = "hundred"
        elif word in _SCALES and last in ("unit", "teen", "tens", "hundred"):
            total += current * _SCALES[word]
            current, last = 0, "scale"
        elif word == "and" and last in ("hundred", "scale") and index < len(words) - 1:
            last = "and"
        else:
            return None
    if last in (None, "and"):
        return None
    value = float(total + current)
    return -value if negative else value


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


# --------------------------------------------------------------------------- durations

_UNIT_WORDS = {
    "second": "S", "seconds": "S", "sec": "S", "secs": "S",
    "minute": "M", "minutes": "M", "min": "M", "mins": "M",
    "hour": "H", "hours": "H", "hr": "H", "hrs": "H",
    "day": "D", "days": "D",
    "week": "W", "weeks": "W",
}
_SECONDS = {"S": 1, "M": 60, "H": 3600, "D": 86400, "W": 604800}
_HALF_OF = {"S": None, "M": ("S", 30), "H": ("M", 30), "D": ("H", 12), "W": ("D", 3.5)}


def _amount(words: list[str]) -> float | None:
    if words in (["a"], ["an"], ["one"]):
        return 1.0
    if words in (["a", "couple", "of"], ["a", "couple"], ["couple", "of"], ["a", "pair", "of"]):
        return 2.0
    if words in (["a", "few"], ["few"]):
        return 3.0
    if words and words[-1] == "half" and words[:-1] in ([], ["a"], ["one"]):
        return 0.5
    if len(words) >= 3 and words[-3:] == ["and", "a", "half"]:
        whole = parse_number(words[:-3]) if words[:-3] not in (["a"], ["an"]) else 1.0
        return whole + 0.5 if whole is not None else None
    return parse_number(words)


def parse_duration(words: list[str]) -> str | None:
    """AMAZON.DURATION: "a minute and a half" -> "PT1M30S", "ninety seconds" -> "PT90S"."""
    if not words:
        return None
    if words[:2] in (["half", "an"], ["half", "a"]) and len(words) == 3 and words[2] in _UNIT_WORDS:
        words = ["half", words[2]]
    if words in (["a", "quarter", "of", "an", "hour"], ["quarter", "of", "an", "hour"], ["a", "quarter", "hour"],
                 ["quarter", "hour"]):
        return "PT15M"
    parts: dict[str, float] = {}
    chunk: list[str] = []
    seen_unit = False
    index = 0
    while index < len(words):
        word = words[index]
        if word in _UNIT_WORDS:
            unit = _UNIT_WORDS[word]
            amount = _amount(chunk)
            if amount is None or unit in parts:
                return None
            parts[unit] = amount
            chunk, seen_unit = [], True
            # "a minute and a half"
            if words[index + 1:index + 4] == ["and", "a", "half"]:
                parts[unit] += 0.5
                index += 3
        elif word in ("and", ",") and seen_unit and not chunk:
            pass
        else:
            chunk.append(word)
        index += 1
    if chunk or not parts:
        return None
    return _iso_duration(parts)


def _iso_duration(parts: dict[str, float]) -> str:
    # spread fractions into the next smaller unit, as Alexa does ("1.5 minutes" -> PT1M30S)
    for unit in ("W", "D", "H", "M"):
        value = parts.get(unit)
        if value is not None and value != int(value):
            whole = int(value)
            parts[unit] = whole
            smaller = {"W": "D", "D": "H", "H": "M", "M": "S"}[unit]
            parts[smaller] = parts.get(smaller, 0) + (value - whole) * _SECONDS[unit] / _SECONDS[smaller]
            if not whole:
                del parts[unit]
    date = "".join(f"{_number_text(parts[u])}{u}" for u in ("W", "D") if parts.get(u))
    time = "".join(f"{_number_text(round(parts[u], 3))}{u}" for u in ("H", "M", "S") if parts.get(u))
    if not date and not time:
        return "PT0S"
    return "P" + date + ("T" + time if time else "")


# --------------------------------------------------------------------------- times and dates

_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}


# where "half nine" means half past nine (as Alexa's AMAZON.TIME hears it in British English)
HALF_HOUR_LOCALES = frozenset({"en-GB", "en-IE"})


def parse_time(words: list[str], locale: str = DEFAULT_LOCALE) -> str | None:
    """AMAZON.TIME: "nine thirty pm" -> "21:30", "half past nine" -> "09:30", "evening" -> "EV";
    in en-GB also "half nine" -> "09:30"."""
    words = [w for w in words if w not in ("at", "around", "about")]
    if not words:
        return None
    if locale in HALF_HOUR_LOCALES and len(words) >= 2 and words[0] == "half" and words[1] not in ("past", "after"):
        words = ["half", "past", *words[1:]]
    if len(words) == 1 and words[0] in _PARTS_OF_DAY:
        return _PARTS_OF_DAY[words[0]]
    if len(words) == 1 and words[0] in _NAMED_TIMES:
        return _NAMED_TIMES[words[0]]
    meridiem = None
    tail = words[-3:]
    for ending, value in ((["pm"], "pm"), (["am"], "am"), (["p", "m"], "pm"), (["a", "m"], "am"),
                          (["p.m"], "pm"), (["a.m"], "am"),
                          (["in", "the", "evening"], "pm"), (["at", "night"], "pm"), (["in", "the", "afternoon"], "pm"),
                          (["in", "the", "morning"], "am"), (["tonight"], "pm"), (["this", "evening"], "pm")):
        if tail[-len(ending):] == ending:
            meridiem, words = value, words[:-len(ending)]
            break
    hour = minute = None
    if len(words) == 1 and re.match(r"^\d{1,2}:\d{2}$", words[0]):
        hour, minute = (int(x) for x in words[0].split(":"))
    elif len(words) >= 3 and words[1] in ("past", "after", "to", "till", "before"):
        offset = {"half": 30, "quarter": 15}.get(words[0])
        if offset is None:
            number = parse_number(words[:1])
            offset = int(number) if number is not None else None
        base = parse_number(words[2:]) if words[2:] not in (["noon"], ["midnight"]) else (12 if words[2] == "noon" else 0)
        if offset is None or base is None:
            return None
        hour, minute = int(base), offset
        if words[1] in ("to", "till", "before"):
            hour, minute = (hour - 1) % 24, 60 - offset
    else:
        if words[-1:] == ["oclock"]:
            words = words[:-1]
        number = parse_number(words[:1]) if words else None
        if number is None or number != int(number):
            return None
        hour, rest = int(number), words[1:]
        if not rest:
            minute = 0
        elif rest[0] in ("oh", "o") and len(rest) == 2 and rest[1] in _UNITS:
            minute = _UNITS[rest[1]]
        else:
            value = parse_number(rest)
            minute = int(value) if value is not None and value == int(value) else None
    if hour is None or minute is None or not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    if meridiem == "pm" and hour < 12:
        hour += 12
    if meridiem == "am" and hour == 12:
        hour = 0
    return f"{hour % 24:02d}:{minute:02d}"


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_date(words: list[str], today: _dt.date | None = None) -> str | None:
    """AMAZON.DATE, best effort: today, tonight, tomorrow, yesterday, a weekday, "next week"."""
    today = today or _dt.date.today()
    words = [w for w in words if w not in ("on", "this")]
    if words in (["today"], ["tonight"]):
        return today.isoformat()
    if words == ["tomorrow"] or words == ["tomorrow", "night"]:
        return (today + _dt.timedelta(days=1)).isoformat()
    if words == ["yesterday"]:
        return (today - _dt.timedelta(days=1)).isoformat()
    if words in (["next", "week"],):
        year, week, _ = (today + _dt.timedelta(days=7)).isocalendar()
        return f"{year}-W{week:02d}"
    if words in (["this", "weekend"], ["weekend"], ["the", "weekend"]):
        year, week, _ = today.isocalendar()
        return f"{year}-W{week:02d}-WE"
    if len(words) == 1 and words[0] in _WEEKDAYS:
        ahead = (_WEEKDAYS.index(words[0]) - today.weekday()) % 7
        return (today + _dt.timedelta(days=ahead)).isoformat()
    return None


# --------------------------------------------------------------------------- the model

@dataclass(frozen=True)
class Value:
    id: str
    name: str


@dataclass(frozen=True)
class SlotType:
    name: str
    values: dict  # canonical words -> tuple[Value, ...]

    def resolve(self, words: list[str]) -> tuple[Value, ...]:
        key = _canon(words)
        found = self.values.get(key)
        if not found and words and words[0] in _ARTICLES and len(words) > 1:
            found = self.values.get(_canon(words[1:]))
        return found or ()


def _canon(words: list[str]) -> str:
    """Compare custom values with digits spelled out: "4 7 8" is "four seven eight"."""
    out = []
    for word in words:
        if word.isdigit() and int(word) in _SPELLED and not (len(word) > 1 and word.startswith("0")):
            out.append(_SPELLED[int(word)])
        else:
            out.append(word)
    return " ".join(out)


@dataclass(frozen=True)
class Pattern:
    intent: str
    elements: tuple  # ("w", word) or ("s", slot name)
    literals: int
    order: int

    @property
    def exact(self) -> bool:
        return all(kind == "w" for kind, _ in self.elements)


@dataclass
class Model:
    locale: str
    invocation: list[str]
    intents: dict  # intent name -> {slot name: type name}
    types: dict  # type name -> SlotType
    patterns: list
    exact: dict = field(default_factory=dict)  # utterance -> Pattern (first wins)
    vocabulary: tuple = ()  # every word of the model, for the console's typo tolerance
    application: str = "amzn1.ask.skill.console"


_SLOT = re.compile(r"\{([A-Za-z0-9_]+)\}")


def compile_model(data: dict, locale: str = DEFAULT_LOCALE) -> Model:
    """A model JSON (ASK CLI format) compiled into patterns, once."""
    language = data["interactionModel"]["languageModel"]
    types: dict[str, SlotType] = {}
    for slot_type in language.get("types") or []:
        index: dict[str, list[Value]] = {}
        for entry in slot_type.get("values") or []:
            name = (entry.get("name") or {}).get("value", "")
            value = Value(entry.get("id") or name, name)
            for said in [name, *((entry.get("name") or {}).get("synonyms") or [])]:
                key = _canon(tokens(said))
                if key and value not in index.setdefault(key, []):
                    index[key].append(value)
        types[slot_type["name"]] = SlotType(slot_type["name"], {k: tuple(v) for k, v in index.items()})

    intents: dict[str, dict[str, str]] = {}
    patterns: list[Pattern] = []
    declared = [i["name"] for i in language.get("intents") or []]
    order = 0

    def add(intent_name: str, sample: str) -> None:
        nonlocal order
        elements: list[tuple[str, str]] = []
        for position, piece in enumerate(_SLOT.split(sample)):
            if position % 2:
                if piece not in intents[intent_name]:
                    return  # a sample naming a slot the intent does not declare: Alexa rejects it
                elements.append(("s", piece))
            else:
                elements.extend(("w", word) for word in tokens(piece))
        if not elements:
            return
        patterns.append(Pattern(intent_name, tuple(elements), sum(k == "w" for k, _ in elements), order))
        order += 1

    for intent in language.get("intents") or []:
        intents.setdefault(intent["name"], {})
        intents[intent["name"]].update({s["name"]: s["type"] for s in intent.get("slots") or []})
    # the model's own samples first: as on Alexa, a sample the skill declares wins over a built-in's usual phrase
    for intent in language.get("intents") or []:
        for sample in intent.get("samples") or []:
            add(intent["name"], sample)
    for name in dict.fromkeys([*ALWAYS_BUILT_IN, *declared]):
        intents.setdefault(name, {})
        for phrase in BUILT_IN_PHRASES.get(name, ()):
            add(name, phrase)

    model = Model(locale, tokens(language.get("invocationName", "")), intents, types, patterns)
    for pattern in patterns:
        if pattern.exact:
            model.exact.setdefault(" ".join(w for _, w in pattern.elements), pattern)
    return model


def model_path(locale: str) -> Path | None:
    """interaction_model/<locale>.json, else en-US's; None when there is no model at all."""
    for name in (locale, DEFAULT_LOCALE):
        for folder in MODEL_DIRS:
            candidate = folder / f"{name}.json"
            if candidate.is_file():
                return candidate
    return None


@functools.lru_cache(maxsize=None)
def load(locale: str = DEFAULT_LOCALE) -> Model:
    """The compiled model for ``locale`` (cached: patterns are compiled once per locale)."""
    path = model_path(locale)
    if path is None:
        raise FileNotFoundError(f"no interaction model for {locale} or {DEFAULT_LOCALE}")
    with open(path, encoding="utf-8") as handle:
        return compile_model(json.load(handle), locale)


# --------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Understood:
    """What Alexa would send for some words.

    kind is "launch" (a LaunchRequest) or "intent"; ``new_session`` is True when
    the words invoked the skill ("open ...", "ask ... to ..."), so a fresh session
    starts; ``slots`` is the intent's slots in the request envelope's JSON shape.
    """

    kind: str
    intent: str | None = None
    slots: dict = field(default_factory=dict)
    new_session: bool = False

    @property
    def one_shot(self) -> bool:
        return self.kind == "intent" and self.new_session

    def slot(self, name: str) -> dict | None:
        return self.slots.get(name)

    def value(self, name: str) -> str | None:
        return (self.slots.get(name) or {}).get("value")

    def resolved_id(self, name: str) -> str | None:
        for authority in ((self.slots.get(name) or {}).get("resolutions") or {}).get("resolutionsPerAuthority", []):
            if authority["status"]["code"] == "ER_SUCCESS_MATCH" and authority.get("values"):
                return authority["values"][0]["value"]["id"]
        return None

    def status(self, name: str) -> str | None:
        for authority in ((self.slots.get(name) or {}).get("resolutions") or {}).get("resolutionsPerAuthority", []):
            return authority["status"]["code"]
        return None

    def request(self) -> dict:
        """The ``request`` object of the envelope (without id, timestamp and locale)."""
        if self.kind == "launch":
            return {"type": "LaunchRequest"}
        body = {"name": self.intent, "confirmationStatus": "NONE"}
        if self.slots:
            body["slots"] = json.loads(json.dumps(self.slots))
        return {"type": "IntentRequest", "intent": body}


@dataclass(frozen=True)
class _Fill:
    value: str
    open: bool  # an unresolved value (custom NO_MATCH, or a type we do not parse)
    resolution: dict | None = None


def _fill(model: Model, slot: str, type_name: str, display: list[str], words: list[str]) -> _Fill | None:
    heard = " ".join(display)
    if type_name in model.types:
        authority = {"authority": AUTHORITY.format(application=model.application, type=type_name)}
        found = model.types[type_name].resolve(words)
        if found:
            authority.update(status={"code": "ER_SUCCESS_MATCH"},
                             values=[{"value": {"name": v.name, "id": v.id}} for v in found])
            return _Fill(heard, False, authority)
        if len(words) > OPEN_SLOT_MAX_WORDS:
            return None
        authority.update(status={"code": "ER_SUCCESS_NO_MATCH"})
        return _Fill(heard, True, authority)
    if type_name == "AMAZON.DURATION":
        value = parse_duration(words)
        return _Fill(value, False) if value else None
    if type_name == "AMAZON.NUMBER":
        value = parse_number(words)
        return _Fill(_number_text(value), False) if value is not None else None
    if type_name == "AMAZON.Ordinal":
        value = _ORDINALS.get(words[0]) if len(words) == 1 else None
        return _Fill(str(value), False) if value is not None else None
    if type_name == "AMAZON.TIME":
        value = parse_time(words, model.locale)
        return _Fill(value, False) if value else None
    if type_name == "AMAZON.DATE":
        value = parse_date(words)
        return _Fill(value, False) if value else None
    if type_name == "AMAZON.SearchQuery":
        return _Fill(heard, False)
    if len(words) > GENERIC_SLOT_MAX_WORDS:
        return None
    return _Fill(heard, True)


def _parses(pattern: Pattern, words: list[str], start: int = 0):
    """Every way ``pattern`` covers words[start:]: yields [(slot, begin, end), ...]."""
    elements = pattern.elements

    def walk(e: int, pos: int, taken: list):
        if e == len(elements):
            if pos == len(words):
                yield list(taken)
            return
        kind, item = elements[e]
        if kind == "w":
            if pos < len(words) and words[pos] == item:
                yield from walk(e + 1, pos + 1, taken)
            return
        least_after = len(elements) - e - 1
        for end in range(pos + 1, len(words) - least_after + 1):
            taken.append((item, pos, end))
            yield from walk(e + 1, end, taken)
            taken.pop()

    yield from walk(0, start, [])


def _best_intent(model: Model, display: list[str], skip: frozenset = frozenset()) -> tuple[str, dict] | None:
    words = [match_token(w) for w in display]
    if not words:
        return None
    exact = model.exact.get(" ".join(words))
    if exact is not None and exact.intent not in skip:
        return exact.intent, {}
    present = set(words)
    best = None
    for pattern in model.patterns:
        if pattern.exact or pattern.literals >= len(words) or pattern.intent in skip:
            continue
        if any(kind == "w" and item not in present for kind, item in pattern.elements):
            continue
        for parse in _parses(pattern, words):
            fills, ok = {}, True
            for slot, begin, end in parse:
                fill = _fill(model, slot, model.intents[pattern.intent][slot], display[begin:end], words[begin:end])
                if fill is None or (fill.open and pattern.literals == 0):
                    ok = False  # a bare {slot} sample takes only known values
                    break
                fills[slot] = fill
            if not ok:
                continue
            score = (not any(f.open for f in fills.values()), pattern.literals, len(fills), -pattern.order)
            if best is None or score > best[0]:
                best = (score, pattern.intent, fills)
    if best is None:
        return None
    return best[1], best[2]


def _slots_json(model: Model, intent: str, fills: dict) -> dict:
    slots = {}
    for name in model.intents.get(intent, {}):
        slot = {"name": name, "confirmationStatus": "NONE"}
        fill = fills.get(name)
        if fill is not None:
            slot["value"] = fill.value
            simple = {"type": "Simple", "value": fill.value}
            if fill.resolution:
                slot["resolutions"] = {"resolutionsPerAuthority": [fill.resolution]}
                simple["resolutions"] = slot["resolutions"]
            slot["slotValue"] = simple
        slots[name] = slot
    return slots


def _without_fillers(words: list[str]) -> tuple[int, int]:
    """The span of ``words`` left once "please", "um", "thanks"... around it are dropped."""
    start, end = 0, len(words)
    while start < end - 1 and words[start] in _LEAD_FILLERS:
        start += 1
    changed = True
    while changed:
        changed = False
        for tail in _TAIL_FILLERS:
            if end - start > len(tail) and tuple(words[end - len(tail):end]) == tail:
                end -= len(tail)
                changed = True
    return start, end


def _intent(model: Model, display: list[str], new_session: bool, skip: frozenset = frozenset()) -> Understood:
    found = _best_intent(model, display, skip)
    if found is None:
        start, end = _without_fillers([match_token(w) for w in display])
        if end - start < len(display):
            found = _best_intent(model, display[start:end], skip)
    if found is None:
        return Understood("intent", FALLBACK, _slots_json(model, FALLBACK, {}), new_session)
    name, fills = found
    return Understood("intent", name, _slots_json(model, name, fills), new_session)


def _starts(words: list[str], at: int, phrases) -> int:
    """Length of the first phrase found at words[at:], else 0."""
    for phrase in phrases:
        if tuple(words[at:at + len(phrase)]) == tuple(phrase):
            return len(phrase)
    return 0


def _invocation(model: Model, words: list[str]):
    """("launch" | "oneshot" | None, index where the person's request begins)."""
    name, n = model.invocation, len(model.invocation)
    if not name:
        return None, 0

    def name_at(at: int) -> int:
        """Length of "[the] <name> [skill|app]" at ``at``, else 0."""
        skip = 1 if words[at:at + 1] == ["the"] else 0
        if words[at + skip:at + skip + n] != name:
            return 0
        size = skip + n
        if words[at + size:at + size + 1] in (["skill"], ["app"]):
            size += 1
        return size

    if name_at(0) == len(words):
        return "launch", len(words)
    verb = _starts(words, 0, _LAUNCH_VERBS)
    if verb and name_at(verb):
        after = verb + name_at(verb)
        if after == len(words):
            return "launch", after
        link = _starts(words, after, _OPEN_LINKS)
        if link:
            return "oneshot", after + link
    verb = _starts(words, 0, _ASK_VERBS)
    if verb and name_at(verb):
        after = verb + name_at(verb)
        if after == len(words):
            return "launch", after
        return "oneshot", after
    # "<request> using secure base"
    for at in range(1, len(words)):
        link = _starts(words, at, _TRAILING_LINKS)
        if link and name_at(at + link) and at + link + name_at(at + link) == len(words):
            return "trailing", at
    return None, 0


def hear_within(text: str, model: Model, skip: frozenset) -> Understood | None:
    """Words already inside a session, matched against every intent but those in ``skip``."""
    display = display_tokens(text)
    return _intent(model, display, False, skip) if display else None


# British spellings typed into an American model (and back): Alexa's speech recognition writes
# one spelling, people type either.
SPELLINGS = {"colour": "color", "colours": "colors", "practise": "practice", "practised": "practiced",
             "practising": "practicing", "spiralling": "spiraling", "favourite": "favorite", "apologise": "apologize",
             "organise": "organize", "behaviour": "behavior", "neighbour": "neighbor",
             "disorganised": "disorganized", "visualisation": "visualization", "mum": "mom"}
FUZZY_CUTOFF = 88  # rapidfuzz's 0-100 similarity: a typo or two in a phrase the model has, not another phrase


def understand(text: str, locale: str = DEFAULT_LOCALE, model: Model | None = None, *,
               tolerant: bool = False) -> Understood | None:
    """Resolve typed words the way Alexa would; None for no words at all.

    ``tolerant`` (the console): words matched nowhere are tried again with American spellings, then
    against the model's exact samples allowing a typo or a swapped word (rapidfuzz), the way a
    device's recogniser forgives small slips. Still only what some sample of the model says.
    """
    found = _understand(text, locale, model)
    if not tolerant or found is None or found.intent != FALLBACK:
        return found  # matched as typed: a person's own words are never "corrected"
    model = model or load(locale)
    respelled = " ".join(SPELLINGS.get(w, w) for w in display_tokens(text))
    if respelled != " ".join(display_tokens(text)):
        again = _understand(respelled, locale, model)
        if again is not None and again.intent != FALLBACK:
            return again
    from rapidfuzz import fuzz, process  # only the console forgives typos

    vocabulary = _vocabulary(model)
    corrected = []
    for word in respelled.split():
        if len(word) >= 4 and word not in vocabulary:
            close = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF - 8)
            word = close[0] if close else word
        corrected.append(word)
    if corrected != respelled.split():
        again = _understand(" ".join(corrected), locale, model)
        if again is not None and again.intent != FALLBACK:
            return again
    best = process.extractOne(" ".join(corrected), list(model.exact), scorer=fuzz.token_sort_ratio,
                              score_cutoff=FUZZY_CUTOFF)
    if best is None:
        return found
    pattern = model.exact[best[0]]
    return Understood("intent", pattern.intent, _slots_json(model, pattern.intent, {}), found.new_session)


def _vocabulary(model: Model) -> tuple[str, ...]:
    """Every word the model's samples and slot values hold (built once per model)."""
    if not model.vocabulary:
        words = {w for p in model.patterns for kind, w in p.elements if kind == "w"}
        for slot_type in model.types.values():
            for key in slot_type.values:
                words.update(key.split())
        model.vocabulary = tuple(sorted(words))
    return model.vocabulary


def _understand(text: str, locale: str = DEFAULT_LOCALE, model: Model | None = None) -> Understood | None:
    model = model or load(locale)
    display = display_tokens(text)
    while display and match_token(display[0]) == "alexa":
        display = display[1:]
    if not display:
        return None
    words = [match_token(w) for w in display]
    kind, at = _invocation(model, words)
    if kind == "launch":
        return Understood("launch", new_session=True)
    if kind == "trailing":
        return _intent(model, display[:at], True)
    if kind == "oneshot":
        rest = display[at:]
        link = _starts(words, at, _ASK_LINKS)
        if link and len(rest) > link:
            # "ask secure base to ground me": "to" links; if nothing fits without it, it was part of the request
            linked = _intent(model, rest[link:], True)
            if linked.intent != FALLBACK:
                return linked
            whole = _intent(model, rest, True)
            return whole if whole.intent != FALLBACK else linked
        return _intent(model, rest, True)
    return _intent(model, display, False)
