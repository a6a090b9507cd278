"""Everything the skill can say is valid for Alexa: every turn of every exercise, every script.

What is rendered, for every locale (the exploration's second level in en-US only: see rendered()):
  * every turn of every registered exercise's plan (skill.scripts.catalogue), for a
    representative spread of options and variants 0..3, plus its name and card;
    the options come from the exercise itself, so exercises added later are covered
    automatically: its defaults, every value the interaction model can resolve its
    slots to (custom slot ids, durations, numbers, free text), its module's
    SAMPLE_OPTIONS and its `examples()`, and for the defaults every technique, length,
    pace and counting choice its own `clean()` accepts;
  * whole answers from the real handlers (through the Lambda entry point): every exercise
    walked from start to finish with every navigation on the way, and left unfinished then
    resumed or declined; and an exploration: every intent of the model (bare, and with each
    sample slot value) from a new session and from the menu, then every one of those again
    from each different state the first step led to. No answer may be the catch-all
    apology, and an answer that keeps the session open must carry a reprompt;
  * every template file under skill/scripts/<locale>/ again for variants 0..11, with just
    a variant or with data from SAMPLE_DATA below. A template that needs data and that no
    plan, handler or SAMPLE_DATA row renders fails loudly, naming what it needs.

Each piece must parse as XML inside <speak>, keep every <break> at or under 10 s and stay
under 8000 characters; then ssml-check-core (platform amazon) checks them all in one
Node process.
"""
from __future__ import annotations

import copy
import functools
import itertools
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.meta
import pytest

from skill import app, hearing, pacing, speech
from skill.config import Config
from skill.scripts import catalogue

import ssml_rules
from builders import Conversation, intent
from servers import ROOT, ssml_check

SCRIPTS = Path(speech.SCRIPTS)
MODELS = sorted((ROOT / "interaction_model").glob("*.json"))
PLAN_VARIANTS = range(4)
TEMPLATE_VARIANTS = range(12)  # reply.variant() draws from 12; templates branch on variant % n
LENGTHS = (1, 3, 5, 10, 20)
FREE_TEXT = 'I always ruin things & nobody "really" <likes> me'  # words a person might say, with XML specials

# Data for scripts that need more than a variant and that no plan or handler below renders.
# key -> list of data dicts; each is rendered for every variant.
SAMPLE_DATA: dict[str, list[dict]] = {
    # confirming a reminder needs Alexa's Reminders API, which these tests do not stand in for
    "reminders/set": [{"hour": h, "minute": m} for h, m in ((0, 0), (12, 0), (7, 5), (21, 30))],
    # the spoken start before a stream (needs a rendered session and an AudioPlayer device)
    "stream/start": [{"name": "box breathing", "minutes": m, "prefix": p, "bed_name": b} for m in (1, 5, 20)
                     for p in ("", "Okay.") for b in ("", "soft rain")],
    # the open after a stream played to its end (needs a finished stream in the profile)
    "stream/how_it_went": [{"name": n} for n in ("box breathing", "nightly self-compassion")],
    # the progress line on a screen (an APL device, tests/test_apl.py)
    "screen/progress": [{"turn": t, "turns": n} for t, n in ((1, 1), (2, 4), (4, 4))],
    # distress heard in a person's own words: every category of the lexicon, every variant
    "listening/reflect": [{"category": c.name, "variant": v} for c in hearing.lexicon("en-US") if c.kind == "distress"
                          for v in range(2)],
}


def locales() -> list[str]:
    """Every locale the skill speaks: each has its own words (its spelling, where not its own templates)."""
    found = sorted(p.name for p in SCRIPTS.iterdir() if p.is_dir() and re.fullmatch(r"[a-z]{2}-[A-Z]{2}", p.name))
    assert speech.DEFAULT_LOCALE in found and set(found) <= set(speech.LOCALES)
    return [speech.DEFAULT_LOCALE, *sorted(set(speech.LOCALES) - {speech.DEFAULT_LOCALE})]


def model(locale: str) -> dict:
    path = ROOT / "interaction_model" / f"{locale}.json"
    if not path.is_file():
        path = ROOT / "interaction_model" / f"{speech.DEFAULT_LOCALE}.json"
    return json.loads(path.read_text())["interactionModel"]["languageModel"]


# --- which options to plan -------------------------------------------------------------

def _slot_samples(lm: dict, slot_type: str) -> list[catalogue.Slot]:
    custom = {t["name"]: t for t in lm.get("types", [])}
    if slot_type in custom:
        values = [catalogue.Slot(value=v["name"]["value"], id=v.get("id")) for v in custom[slot_type]["values"]]
        return values + [catalogue.Slot(value="something I made up", id=None)]
    if slot_type == "AMAZON.DURATION":
        return [catalogue.Slot(value=v) for v in ("PT30S", "PT1M", "PT3M", "PT5M", "PT10M", "PT20M", "PT2H", "soon")]
    if slot_type == "AMAZON.NUMBER":
        return [catalogue.Slot(value=v) for v in ("0", "1", "5", "100", "?")]
    if slot_type == "AMAZON.TIME":
        return [catalogue.Slot(value=v) for v in ("21:30", "07:05", "EV", "NI", "MO", "later")]
    return [catalogue.Slot(value=FREE_TEXT)]


def _technique_ids(exercise: catalogue.Exercise) -> set[str]:
    module = sys.modules.get(exercise.options.__module__)
    ids = set(pacing.TECHNIQUES)
    own = getattr(module, "TECHNIQUES", ())
    ids.update(own.keys() if isinstance(own, dict) else own)
    return ids


def _overrides(exercise: catalogue.Exercise, base: dict):
    """The defaults with every technique, length, pace and counting choice the exercise has."""
    axes = {
        "technique": sorted(_technique_ids(exercise)),
        "minutes": LENGTHS,
        "pace": range(min(pacing.PACE_LEVELS) - 1, max(pacing.PACE_LEVELS) + 2),
        "count": (False, True),
    }
    present = [k for k in axes if k in base]
    for values in itertools.product(*(axes[k] for k in present)):
        yield {**base, **dict(zip(present, values))}


@dataclass
class OptionSets:
    valid: list[dict] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # options the exercise made but its own clean() refused


@functools.lru_cache(maxsize=None)
def option_sets(exercise_id: str, locale: str) -> OptionSets:
    exercise = catalogue.get(exercise_id)
    module = sys.modules.get(exercise.options.__module__)
    lm = model(locale)
    made: list[tuple[str, dict]] = []  # options the exercise itself produced: clean() must keep them as they are
    base = exercise.options({}, {})
    made.append(("options({}, {})", base))
    for prefs in ({"pace": 3, "count_aloud": True}, {"pace": -2}, {"minutes": 5}, {"technique": "box"}):
        made.append((f"options({{}}, {prefs})", exercise.options({}, prefs)))
    slots = next((i.get("slots", []) for i in lm["intents"] if i["name"] == exercise.intent), [])
    for slot in slots:
        for sample in _slot_samples(lm, slot["type"]):
            made.append((f"options({{{slot['name']!r}: {sample}}}, {{}})", exercise.options({slot["name"]: sample}, {})))
    if len(slots) > 1:
        together = {s["name"]: _slot_samples(lm, s["type"])[0] for s in slots}
        made.append((f"options({together}, {{}})", exercise.options(together, {})))
    declared = getattr(module, "SAMPLE_OPTIONS", None)
    declared = declared() if callable(declared) else (declared or [])
    examples = list(exercise.examples()) if getattr(exercise, "examples", None) else []
    made += [("SAMPLE_OPTIONS", o) for o in declared] + [("examples()", o) for o in examples]

    sets, seen = OptionSets(), set()

    def keep(opts: dict):
        frozen = json.dumps(opts, sort_keys=True, default=str)
        if frozen not in seen:
            seen.add(frozen)
            sets.valid.append(opts)

    for source, opts in made:
        cleaned = exercise.clean(opts)
        if cleaned is None or cleaned != opts:
            sets.rejected.append(f"{exercise_id}: {source} -> {opts}, but clean() gives {cleaned}")
            continue
        keep(cleaned)
    for opts in _overrides(exercise, base):
        cleaned = exercise.clean(opts)
        if cleaned is not None:  # an override the exercise does not allow is simply not a plan
            keep(cleaned)
    return sets


# --- rendering everything once ---------------------------------------------------------

@dataclass
class Rendered:
    pieces: list[tuple[str, str]] = field(default_factory=list)  # (where, ssml fragment or whole answer)
    heard: set[tuple[str, str]] = field(default_factory=set)  # (locale, key) rendered for a person
    errors: list[str] = field(default_factory=list)
    plans: int = 0


def _render_plans(out: Rendered, locale: str) -> None:
    reserve = getattr(catalogue, "SPEECH_CHARS_RESERVED", 0)
    for exercise in catalogue.all_exercises():
        for opts in option_sets(exercise.id, locale).valid:
            for variant in PLAN_VARIANTS:
                where = f"{locale} {exercise.id} {opts} variant {variant}"
                try:
                    turns = exercise.turns(locale, opts, variant)
                    with speech.recording() as keys:
                        bodies = [speech.join(speech.segment(locale, s) for s in turn) for turn in turns]
                        name = speech.render(locale, f"{exercise.family}/name", **opts)
                        card = speech.render(locale, exercise.card, **{**opts, "name": name})
                except Exception as err:
                    out.errors.append(f"{where}: {type(err).__name__}: {err}")
                    continue
                out.plans += 1
                out.heard.update((locale, k) for k in keys)
                if not turns:
                    out.errors.append(f"{where}: the plan has no turns")
                for index, body in enumerate(bodies):
                    if not ssml_rules.words(body):
                        out.errors.append(f"{where} turn {index}: a turn with no words")
                    if len(ssml_rules.wrap(body)) >= ssml_rules.MAX_CHARS - reserve:
                        out.errors.append(f"{where} turn {index}: {len(body)} characters leaves no room for the "
                                          f"{reserve} the runner may add around a turn")
                    out.pieces.append((f"{where} turn {index}", body))
                out.pieces.append((f"{where} name", name))
                out.pieces.append((f"{where} card", card))


class _Speaker:
    """Conversations through the real skill (the Lambda entry point) that record what was said."""

    def __init__(self, out: Rendered, skill, locale: str):
        self.out, self.skill, self.locale = out, skill, locale
        self.users = itertools.count()

    def conversation(self, user: str | None = None, attributes: dict | None = None) -> Conversation:
        c = Conversation(lambda body: app.invoke(self.skill, body), locale=self.locale,
                         user_id=user or f"amzn1.ask.account.CONTENT{next(self.users)}")
        c.attributes = copy.deepcopy(attributes)
        return c

    def say(self, c: Conversation, where: str, request: dict):
        where = f"{self.locale} {where}"
        try:
            turn = c(request)
        except Exception as err:
            self.out.errors.append(f"{where}: {type(err).__name__}: {err}")
            return None
        self.out.heard.update((self.locale, k) for k in turn.keys)
        if "common/error" in turn.keys:  # the catch-all apology: something inside the skill raised
            self.out.errors.append(f"{where}: the skill apologised for an internal error (see the log above)")
        response = turn.response
        reprompt = ((response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", "")
        if request["type"] != "SessionEndedRequest":
            if not turn.ssml:
                self.out.errors.append(f"{where}: the answer has no speech")
            # the one exception: the soft question of a spoken nightly practice, where a silence ends it
            if response.get("shouldEndSession") is False and not reprompt and not turn.said("common/go_on_night"):
                self.out.errors.append(f"{where}: the session stays open with no reprompt ({turn.text[:120]!r})")
        for part, ssml in (("speech", turn.ssml), ("reprompt", reprompt)):
            if ssml:
                self.out.pieces.append((f"{where} {part}", ssml))
        return turn


def _walk_through(speaker: _Speaker) -> None:
    """Every exercise from start to finish with every navigation on the way, and left unfinished."""
    for exercise in catalogue.all_exercises():
        c = speaker.conversation()
        speaker.say(c, "launch", {"type": "LaunchRequest"})
        turn = speaker.say(c, f"{exercise.id}: start", intent(exercise.intent))
        for name in ("AMAZON.HelpIntent", "AMAZON.RepeatIntent", "AMAZON.PreviousIntent", "AMAZON.PauseIntent",
                     "AMAZON.ResumeIntent", "AMAZON.StartOverIntent", "AMAZON.FallbackIntent"):
            turn = speaker.say(c, f"{exercise.id}: {name}", intent(name)) or turn
        for step in range(200):
            if turn is None or turn.ended or not turn.exercise or turn.exercise.get("done"):
                break
            turn = speaker.say(c, f"{exercise.id}: next {step + 1}", intent("AMAZON.NextIntent"))
        if turn is not None and not turn.ended:
            for name in ("AMAZON.NextIntent", "AMAZON.HelpIntent", "AMAZON.YesIntent", "AMAZON.StopIntent"):
                if speaker.say(c, f"{exercise.id}: {name} after the end", intent(name)) is None:
                    break
        for answer in ("AMAZON.YesIntent", "AMAZON.NoIntent"):
            user = f"amzn1.ask.account.UNFINISHED{next(speaker.users)}"
            c = speaker.conversation(user)
            speaker.say(c, "launch", {"type": "LaunchRequest"})
            speaker.say(c, f"{exercise.id}: start", intent(exercise.intent))
            speaker.say(c, f"{exercise.id}: next", intent("AMAZON.NextIntent"))
            speaker.say(c, f"{exercise.id}: the session ends", {"type": "SessionEndedRequest", "reason": "USER_INITIATED"})
            c = speaker.conversation(user)
            speaker.say(c, f"{exercise.id} left unfinished: launch", {"type": "LaunchRequest"})
            speaker.say(c, f"{exercise.id} left unfinished: {answer}", intent(answer))


def _slot_value(lm: dict, slot_type: str, sample: catalogue.Slot):
    custom = {t["name"] for t in lm.get("types", [])}
    return (sample.value, sample.id) if slot_type in custom else sample.value


# Carrier intents all answer alike when bare; a few of them with words stand for the rest (what
# their words can be heard as is the hearing tests' business: tests/test_hearing.py).
CARRIED_WORDS = (("SayFeelIntent", "so alone tonight"), ("SayAmIntent", "scared"), ("SayCantIntent", "do this"),
                 ("SayIIntent", "zzkk qqwv"), ("SayRequestIntent", "do some breathing"))


def _actions(lm: dict) -> list[tuple[str, dict]]:
    """Everything a person can do in one turn: every intent, bare and with each slot value alone."""
    actions = [("launch", {"type": "LaunchRequest"}), ("an intent the model lacks", intent("SecureBaseNoSuchIntent"))]
    carriers = {n for n, d in hearing.model_data("en-US")["intents"].items() if "carrier" in d}
    actions += [(f"{name} words={said!r}", intent(name, words=said)) for name, said in CARRIED_WORDS]
    for item in lm["intents"]:
        if item["name"] in carriers:
            continue
        actions.append((item["name"], intent(item["name"])))
        for slot in item.get("slots") or []:
            for sample in _slot_samples(lm, slot["type"]):
                value = _slot_value(lm, slot["type"], sample)
                actions.append((f"{item['name']} {slot['name']}={sample.value!r}",
                                intent(item["name"], **{slot["name"]: value})))
    return actions


def _signature(attributes: dict | None) -> str:
    bag = dict((attributes or {}).get("sb") or {})
    bag.pop("n", None)
    if isinstance(bag.get("ex"), dict):  # which exercise and where, not with which options
        bag["ex"] = {k: v for k, v in bag["ex"].items() if k in ("id", "turn", "paused", "done")}
    return json.dumps(bag, sort_keys=True, default=str)


def _explore(speaker: _Speaker, deep: bool = True) -> None:
    """Every action from a new session and from the menu; then (``deep``) every action again from each
    different state those lead to (an exercise started, a question asked, paused...)."""
    actions = _actions(model(speaker.locale))
    states: dict[str, tuple[str, dict, str]] = {}
    launched = speaker.conversation()
    speaker.say(launched, "launch", {"type": "LaunchRequest"})
    for origin, attributes in (("new session", None), ("menu", launched.attributes)):
        for label, request in actions:
            user = f"amzn1.ask.account.EXPLORE{next(speaker.users)}"
            c = speaker.conversation(user, attributes)
            turn = speaker.say(c, f"{origin} -> {label}", request)
            if turn is not None and not turn.ended and c.attributes is not None:
                states.setdefault(_signature(c.attributes), (user, c.attributes, f"{origin} -> {label}"))
    if not deep:
        return
    starts = {e.intent for e in catalogue.all_exercises()}
    insistent = [(label, request) for label, request in actions
                 if request.get("intent") and not request["intent"]["slots"] and not label.startswith("AMAZON.")
                 and request["intent"]["name"] not in starts]
    for user, attributes, path in states.values():
        for label, request in actions:
            c = speaker.conversation(user, attributes)
            speaker.say(c, f"{path} -> {label}", request)
        for label, request in insistent:  # saying the same thing again and again ("slower, slower...")
            c = speaker.conversation(user, attributes)
            for times in range(1, 7):
                turn = speaker.say(c, f"{path} -> {label} x{times}", request)
                if turn is None or turn.ended:
                    break
                if (turn.exercise or {}).get("done"):  # keep the exercise going, so the next one still counts
                    turn = speaker.say(c, f"{path} -> {label} x{times} -> start over", intent("AMAZON.StartOverIntent"))
                    if turn is None or turn.ended:
                        break
    speaker.say(speaker.conversation(), "session ended", {"type": "SessionEndedRequest", "reason": "USER_INITIATED"})


def _needs(locale: str, key: str) -> set[str]:
    source = (SCRIPTS / speech.template_file(locale, key)).read_text()
    return jinja2.meta.find_undeclared_variables(jinja2.Environment().parse(source)) - {"pause", "variant"}


def template_keys(locale: str) -> list[str]:
    """Every template a person can hear in ``locale`` (its own, and those it falls back to)."""
    keys = set()
    for base in speech.fallbacks(locale):
        for path in (SCRIPTS / base).rglob("*.j2"):
            if not path.name.startswith("_"):  # partials are included by other templates
                keys.add(path.relative_to(SCRIPTS / base).with_suffix("").as_posix())
    return sorted(keys)


def _render_templates(out: Rendered, locale: str) -> None:
    for key in template_keys(locale):
        heard = (locale, key) in out.heard
        if not speech.template_file(locale, key).startswith(f"{locale}/"):
            # the base's own words in this locale's spelling: what gave the base its data covers it too
            heard = heard or (speech.DEFAULT_LOCALE, key) in out.heard
        for data in SAMPLE_DATA.get(key, [{}]):
            for variant in TEMPLATE_VARIANTS:
                try:
                    ssml = speech.render(locale, key, **{"variant": variant, **data})
                except jinja2.UndefinedError as err:
                    if heard and not data:  # it needs data, and a plan or a handler above gave it some
                        break
                    out.errors.append(
                        f"{locale} {key}: nothing in the tests renders it and it needs data ({err}; it reads "
                        f"{sorted(_needs(locale, key))}). Add sample data to SAMPLE_DATA in {Path(__file__).name}, "
                        f"or make a handler the model reaches render it.")
                    break
                except Exception as err:
                    out.errors.append(f"{locale} {key} with {data}: {type(err).__name__}: {err}")
                    break
                out.heard.add((locale, key))
                out.pieces.append((f"{locale} {key} {data} variant {variant}", ssml))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Rendered:
    out = Rendered()
    saved = random.getstate()
    random.seed(20261129)  # the skill picks phrasings at random: the same ones on every run
    skill = app.build(Config(store="sqlite", sqlite_path=str(tmp_path_factory.mktemp("content") / "store.sqlite3")))
    for locale in locales():
        _render_plans(out, locale)
        speaker = _Speaker(out, skill, locale)
        _walk_through(speaker)
        # the states behind states are the handlers' logic, the same in every locale: walked deeply once
        # (about a minute); every other locale gets every action of its own model from the first two states
        _explore(speaker, deep=locale == speech.DEFAULT_LOCALE)
        _render_templates(out, locale)
    random.setstate(saved)
    return out


# --- the tests -------------------------------------------------------------------------

def test_every_exercise_keeps_the_options_it_makes():
    """Options an exercise builds from slots and preferences survive its own clean() unchanged,
    so a plan re-read from the session on the next turn is the plan that was started."""
    rejected = [r for ex in catalogue.all_exercises() for loc in locales() for r in option_sets(ex.id, loc).rejected]
    assert not rejected, "\n".join(rejected)


def test_every_exercise_is_planned_with_a_spread_of_options():
    for exercise in catalogue.all_exercises():
        sets = option_sets(exercise.id, speech.DEFAULT_LOCALE).valid
        assert sets, f"{exercise.id}: no option set to plan"
        if "technique" in sets[0] and exercise.family == "breathing":
            assert {o["technique"] for o in sets} >= set(pacing.TECHNIQUES)
            assert {o.get("minutes") for o in sets} >= set(LENGTHS)
            assert {o.get("count") for o in sets} == {False, True}
            assert {o.get("pace") for o in sets} >= set(range(-2, 3))


def test_everything_renders_without_missing_data(rendered):
    assert rendered.plans, "no exercise plan was rendered"
    assert not rendered.errors, "\n".join(rendered.errors)


def test_everything_is_well_formed_with_short_breaks_and_under_8000_characters(rendered):
    failures = {}
    for where, ssml in rendered.pieces:
        for problem in ssml_rules.problems(ssml):
            failures.setdefault(problem, (where, ssml))
    assert not failures, "\n\n".join(f"{where}: {problem}\n    {ssml[:600]}"
                                      for problem, (where, ssml) in failures.items())


def test_ssml_check_core_accepts_everything(rendered):
    unique: dict[str, str] = {}
    for where, ssml in rendered.pieces:
        unique.setdefault(ssml_rules.wrap(ssml), where)
    texts = sorted(unique)
    verdicts = ssml_check(texts)
    failures = [f"{unique[t]}: {json.dumps(v)}\n    {t[:600]}" for t, v in zip(texts, verdicts) if v]
    assert not failures, f"{len(failures)} of {len(texts)} SSML strings fail ssml-check-core:\n\n" + "\n\n".join(failures[:40])
