"""`python -m skill lint`: render every script for every locale and option, and report problems.

What it renders, for every locale in speech.LOCALES (locales with no scripts of their
own speak en-US's, so they are checked once with it):
  * every turn of every exercise in the catalogue, for each option set its `examples()`
    gives (or its defaults) and every variant, as the runner would say it, plus its
    name and card;
  * whole answers from the real skill (an in-memory store): launch, every intent of the
    interaction model outside an exercise, and for every exercise its start, help, pause,
    every intent inside it, and "yes" until it ends.

Errors (exit status 1): SSML that is not valid (ssml-check-core for Alexa when Node and
node_modules are present, an XML parse otherwise), a break over 10 s, a response over
8000 characters (or a turn that leaves the runner no room), a turn over its time budget,
a timed plan more than 3% off its length, a script that is missing or needs data nobody
gives it, a segment or turn with no words, options an exercise makes but will not accept,
an answer in which the skill apologised for an error. Warnings: template files no key list
knows. Output is one line a problem, grouped, then a summary.
"""
from __future__ import annotations

import collections
import json
import logging
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import pacing, speech
from .scripts import catalogue

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
MODEL_DIR = ROOT / "interaction_model"
VARIANTS = range(12)  # reply.variant() draws from 12; templates branch on variant % n
SHOWN_PER_KIND = 8  # at most this many lines of one kind of problem; the rest are counted
_BREAK = re.compile(r'<break\s+time="(\d+(?:\.\d+)?)(ms|s)"\s*/>')
_KEY_LITERAL = re.compile(r"""["']([a-z][a-z_]*/[a-z][a-z0-9_]*)["']""")

_NODE_CHECK = r"""
const ssmlCheck = require("ssml-check-core");
let input = "";
process.stdin.on("data", (d) => { input += d; });
process.stdin.on("end", async () => {
  const out = [];
  for (const ssml of JSON.parse(input)) {
    const errors = await ssmlCheck.check(ssml, { platform: "amazon" });
    out.push(errors && errors.length ? errors : null);
  }
  process.stdout.write(JSON.stringify(out));
});
"""


@dataclass
class Report:
    errors: dict[str, list[str]] = field(default_factory=lambda: collections.defaultdict(list))
    warnings: dict[str, list[str]] = field(default_factory=lambda: collections.defaultdict(list))
    heard: set[str] = field(default_factory=set)  # template keys rendered
    ssml: dict[str, str] = field(default_factory=dict)  # unique SSML -> where it was first seen
    plans: int = 0
    turns: int = 0
    answers: int = 0

    def error(self, kind: str, message: str) -> None:
        self.errors[kind].append(message)

    def warn(self, kind: str, message: str) -> None:
        self.warnings[kind].append(message)

    def piece(self, where: str, ssml: str) -> None:
        self.ssml.setdefault(ssml, where)


def wrap(fragment: str) -> str:
    fragment = fragment.strip()
    return fragment if fragment.startswith("<speak>") else f"<speak>{fragment}</speak>"


def break_problems(ssml: str) -> list[str]:
    return [f'<break time="{value}{unit}"/> is over {pacing.MAX_BREAK_SECONDS:.0f} s'
            for value, unit in _BREAK.findall(ssml)
            if float(value) / (1000 if unit == "ms" else 1) > pacing.MAX_BREAK_SECONDS]


def xml_problem(ssml: str) -> str | None:
    try:
        root = ET.fromstring(wrap(ssml))
    except ET.ParseError as err:
        return f"not well-formed SSML: {err}"
    return None if root.tag == "speak" else f"root element <{root.tag}>"


# -- locales ----------------------------------------------------------------------------------

def locale_groups() -> dict[str, list[str]]:
    """Locales that speak the same scripts: one with no folder and no spelling of its own speaks en-US's."""
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for locale in speech.LOCALES:
        own = (speech.SCRIPTS / locale).is_dir() or bool(speech.spelling(locale))
        groups[locale if own else speech.DEFAULT_LOCALE].append(locale)
    return dict(groups)


# -- exercises --------------------------------------------------------------------------------

def _describe(exercise: catalogue.Exercise, opts: dict, variant: int | None = None) -> str:
    shown = ",".join(f"{k}={v}" for k, v in opts.items() if v not in (None, "", False))
    return f"{exercise.id}[{shown}]" + (f" variant {variant}" if variant is not None else "")


def option_sets(exercise: catalogue.Exercise, report: Report) -> list[dict]:
    made = [exercise.options({}, {})] + (list(exercise.examples()) if exercise.examples else [])
    sets, seen = [], set()
    for opts in made:
        cleaned = exercise.clean(opts)
        if cleaned != opts:
            report.error("options", f"{exercise.id}: makes options {opts} that its clean() turns into {cleaned}")
            continue
        frozen = json.dumps(opts, sort_keys=True)
        if frozen not in seen:
            seen.add(frozen)
            sets.append(opts)
    return sets


def _renderer(locale: str, heard: set):
    """speech.segment, remembered: every variant of a plan says the same breath cues."""
    known: dict = {}

    def render(segment: pacing.Segment) -> str:
        frozen = (segment.key, tuple(sorted(segment.data.items())), segment.silence)
        if frozen not in known:
            known[frozen] = speech.segment(locale, segment)
        heard.add(segment.key)
        return known[frozen]

    return render


def check_exercise(exercise: catalogue.Exercise, locale: str, report: Report) -> None:
    measure = catalogue.memo(speech.measure_for(locale))
    render = _renderer(locale, report.heard)
    for opts in option_sets(exercise, report):
        with speech.recording() as keys:
            try:
                name = speech.render(locale, f"{exercise.family}/name", **opts)
                card = speech.render(locale, exercise.card, **{**opts, "name": name})
            except jinja2.TemplateError as err:
                report.error("template", f"{locale} {_describe(exercise, opts)} name or card: {_template_error(err)}")
                continue
        report.heard.update(keys)
        report.piece(f"{locale} {_describe(exercise, opts)} card", card)
        target = exercise.target(opts) if exercise.target else None
        bodies_seen: set[tuple] = set()
        for variant in VARIANTS:
            where = f"{locale} {_describe(exercise, opts, variant)}"
            try:
                turns = exercise.turns(locale, opts, variant)
                rendered = [[render(s) for s in turn] for turn in turns]
            except jinja2.TemplateError as err:
                report.error("template", f"{where}: {_template_error(err)}")
                continue
            except Exception as err:  # a plan that cannot be made is a problem to report, not a crash
                report.error("plan", f"{where}: {type(err).__name__}: {err}")
                continue
            report.plans += 1
            total = sum(pacing.total_seconds(t, measure) for t in turns)
            if target and not pacing.within_tolerance(total, target):
                report.error("duration", f"{where}: planned {total:.1f} s for {target:.0f} s "
                                         f"({(total - target) / target:+.1%}, tolerance ±{pacing.TOLERANCE:.0%})")
            signature = tuple(tuple(t) for t in rendered)
            if signature in bodies_seen:  # this variant says exactly what an earlier one said
                continue
            bodies_seen.add(signature)
            _check_turns(exercise, turns, rendered, where, measure, report)


def _check_turns(exercise, turns, rendered, where, measure, report: Report) -> None:
    if not turns:
        report.error("plan", f"{where}: the plan has no turns")
    for index, (turn, pieces) in enumerate(zip(turns, rendered)):
        report.turns += 1
        here = f"{where} turn {index + 1}/{len(turns)}"
        seconds = pacing.total_seconds(turn, measure)
        last = index == len(turns) - 1
        if not last and not exercise.user_paced:  # it ends with the question, and waits for the answer
            seconds += measure(exercise.between_turns, {})
        if not (last and exercise.closes) and seconds > exercise.budget + 0.01:  # a goodnight waits for no reply
            report.error("budget", f"{here}: {seconds:.1f} s, over the {exercise.budget:.0f} s a turn may take")
        for segment, piece in zip(turn, pieces):
            if not speech.plain_words(piece) and not segment.silence:
                report.error("empty", f"{here}: {segment.key} {dict(segment.data)} says nothing")
            report.piece(f"{here} {segment.key}", piece)
        body = speech.join(pieces)
        if not speech.plain_words(body):
            report.error("empty", f"{here}: a turn with no words")
        size = len(wrap(body)) + catalogue.SPEECH_CHARS_RESERVED
        if size >= pacing.MAX_SPEECH_CHARS:
            report.error("size", f"{here}: {len(wrap(body))} characters leaves no room for the "
                                 f"{catalogue.SPEECH_CHARS_RESERVED} the runner may add (limit {pacing.MAX_SPEECH_CHARS})")
        problem = xml_problem(body)
        if problem:
            report.error("ssml", f"{here}: {problem}")


def _template_error(err: Exception) -> str:
    if isinstance(err, jinja2.TemplateNotFound):
        return f"missing template {err.name}"
    if isinstance(err, jinja2.UndefinedError):
        return f"undefined variable: {err.message}"
    return f"{type(err).__name__}: {err}"


# -- whole answers from the real skill --------------------------------------------------------

class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(record.getMessage())


def _model(locale: str) -> dict:
    path = MODEL_DIR / f"{locale}.json"
    if not path.is_file():
        path = MODEL_DIR / f"{speech.DEFAULT_LOCALE}.json"
    return json.loads(path.read_text())["interactionModel"]["languageModel"]


def _envelope(request: dict, attributes: dict | None, locale: str, number: int) -> dict:
    system = {"application": {"applicationId": "amzn1.ask.skill.lint"}, "user": {"userId": "amzn1.ask.account.lint"},
              "device": {"deviceId": "amzn1.ask.device.lint", "supportedInterfaces": {}},
              "apiEndpoint": "http://127.0.0.1:9"}  # nothing listens there: lint never calls out
    return {"version": "1.0", "context": {"System": system},
            "session": {"new": attributes is None, "sessionId": "amzn1.echo-api.session.lint",
                        "application": {"applicationId": "amzn1.ask.skill.lint"},
                        "user": {"userId": "amzn1.ask.account.lint"}, "attributes": attributes or {}},
            "request": {"requestId": f"amzn1.echo-api.request.lint-{number}", "timestamp": "2026-11-29T21:00:00Z",
                        "locale": locale, **request}}


def _intent(name: str, slots: dict | None = None) -> dict:
    built = {}
    for slot, (value, resolved) in (slots or {}).items():
        built[slot] = {"name": slot, "value": value, "confirmationStatus": "NONE"}
        if resolved is not None:
            built[slot]["resolutions"] = {"resolutionsPerAuthority": [
                {"authority": f"amzn1.er-authority.echo-sdk.lint.{slot}", "status": {"code": "ER_SUCCESS_MATCH"},
                 "values": [{"value": {"name": value, "id": resolved}}]}]}
    return {"type": "IntentRequest", "intent": {"name": name, "confirmationStatus": "NONE", "slots": built}}


class _Talk:
    """A conversation through the real skill, collecting every answer as SSML."""

    def __init__(self, skill, locale: str, report: Report, errors: _Collect):
        self.skill, self.locale, self.report, self.errors = skill, locale, report, errors
        self.attributes: dict | None = None
        self.number = 0

    def __call__(self, request: dict, where: str) -> dict:
        from . import app

        self.number += 1
        before = len(self.errors.records)
        with speech.recording() as keys:
            raw = app.invoke(self.skill, _envelope(request, self.attributes, self.locale, self.number))
        self.report.heard.update(keys)
        self.report.answers += 1
        response = raw.get("response") or {}
        ended = response.get("shouldEndSession") is True
        self.attributes = None if ended else (raw.get("sessionAttributes") or {})
        here = f"{self.locale} {where}"
        if "common/error" in keys or len(self.errors.records) > before:
            logged = "; ".join(self.errors.records[before:])[:300]
            self.report.error("answer", f"{here}: the skill apologised for an error{': ' + logged if logged else ''}")
        for part, ssml in (("speech", (response.get("outputSpeech") or {}).get("ssml")),
                           ("reprompt", ((response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml"))):
            if not ssml:
                continue
            if len(ssml) >= pacing.MAX_SPEECH_CHARS:
                self.report.error("size", f"{here} {part}: {len(ssml)} characters (limit {pacing.MAX_SPEECH_CHARS})")
            for problem in break_problems(ssml):
                self.report.error("break", f"{here} {part}: {problem}")
            problem = xml_problem(ssml)
            if problem:
                self.report.error("ssml", f"{here} {part}: {problem}")
            self.report.piece(f"{here} {part}", ssml)
        return raw

    def exercise(self) -> dict | None:
        return ((self.attributes or {}).get("sb") or {}).get("ex")


def check_answers(locale: str, report: Report) -> None:
    from . import app
    from .config import Config

    errors = _Collect()
    logger = logging.getLogger("secure_base")
    logger.addHandler(errors)
    try:
        skill = app.build(Config(store="memory"))
        intents = [i["name"] for i in _model(locale)["intents"]]
        talk = _Talk(skill, locale, report, errors)
        talk({"type": "LaunchRequest"}, "launch")
        for name in intents:  # every intent with no slots, outside an exercise
            talk.attributes = {}
            talk(_intent(name), f"{name} outside an exercise")
        for exercise in catalogue.all_exercises():
            _walk(talk, exercise, intents)
    finally:
        logger.removeHandler(errors)


def _walk(talk: _Talk, exercise: catalogue.Exercise, intents: list[str]) -> None:
    """Start an exercise, try every intent inside it, then say yes until it is over."""
    start = _intent(exercise.intent)
    talk.attributes = {}
    talk(start, f"{exercise.intent}")
    inside = talk.attributes
    for name in intents:
        if name == exercise.intent:
            continue
        talk.attributes = json.loads(json.dumps(inside))
        talk(_intent(name), f"{name} inside {exercise.id}")
    talk.attributes = json.loads(json.dumps(inside))
    for step in range(pacing.MAX_MINUTES * 4):
        ex = talk.exercise()
        if ex is None or ex.get("done"):
            break
        talk(_intent("AMAZON.YesIntent"), f"yes inside {exercise.id} (answer {step + 1})")


# -- SSML through ssml-check-core ---------------------------------------------------------------

def node_check(pieces: dict[str, str], report: Report) -> str:
    """ssml-check-core over every unique piece, in one Node process; returns what checked them."""
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "ssml-check-core" / "package.json").is_file():
        return "XML parse (no Node or no node_modules/ssml-check-core)"
    ordered = list(pieces)
    proc = subprocess.run([node, "-e", _NODE_CHECK], cwd=ROOT, input=json.dumps([wrap(s) for s in ordered]),
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        report.error("tool", f"ssml-check-core could not run: {proc.stderr.strip()[:300]}")
        return "ssml-check-core (failed)"
    for ssml, verdict in zip(ordered, json.loads(proc.stdout)):
        if verdict:
            report.error("ssml", f"{pieces[ssml]}: ssml-check-core: {json.dumps(verdict)} in {ssml[:160]}")
    return "ssml-check-core"


# -- templates nobody uses, keys nobody wrote ---------------------------------------------------

def keys_in_code() -> set[str]:
    """Template keys written as literals in the skill's code ("common/menu")."""
    found: set[str] = set()
    for path in Path(__file__).parent.rglob("*.py"):
        found.update(_KEY_LITERAL.findall(path.read_text()))
    return found


def check_templates(report: Report) -> None:
    literal = keys_in_code()
    families = {p.name for p in (speech.SCRIPTS / speech.DEFAULT_LOCALE).iterdir() if p.is_dir()}
    for key in sorted(literal):
        if key.split("/")[0] in families and not (speech.SCRIPTS / speech.DEFAULT_LOCALE / f"{key}.j2").is_file():
            report.error("template", f"the code names {key}, but there is no {speech.DEFAULT_LOCALE}/{key}.j2")
    known = report.heard | literal
    for locale_dir in sorted(p for p in speech.SCRIPTS.iterdir() if p.is_dir()):
        for path in sorted(locale_dir.rglob("*.j2")):
            if path.name.startswith("_"):  # macros, imported by other templates
                continue
            key = path.relative_to(locale_dir).with_suffix("").as_posix()
            if key not in known:
                report.warn("unused", f"{locale_dir.name}/{key}.j2 is never used by any key list lint knows")


# -- the command ----------------------------------------------------------------------------------

def run(use_node: bool = True) -> tuple[Report, str, dict[str, list[str]]]:
    report = Report()
    groups = locale_groups()
    for locale in groups:
        for exercise in catalogue.all_exercises():
            check_exercise(exercise, locale, report)
        check_answers(locale, report)
    check_templates(report)
    for ssml, where in list(report.ssml.items()):
        for problem in break_problems(ssml):
            report.error("break", f"{where}: {problem}")
    checker = node_check(report.ssml, report) if use_node else "XML parse"
    return report, checker, groups


def main(use_node: bool = True, verbose: bool = False, out=None) -> int:
    import sys

    out = out or sys.stdout
    report, checker, groups = run(use_node)
    for label, found in (("error", report.errors), ("warning", report.warnings)):
        for kind, messages in found.items():
            shown = messages if verbose else messages[:SHOWN_PER_KIND]
            for message in shown:
                print(f"{label}: {kind}: {message}", file=out)
            if len(messages) > len(shown):
                print(f"{label}: {kind}: ... and {len(messages) - len(shown)} more like these (--verbose lists all)",
                      file=out)
    locales = "; ".join(f"{main_} (also {', '.join(l for l in ls if l != main_)})" if len(ls) > 1 else main_
                        for main_, ls in groups.items())
    errors = sum(len(m) for m in report.errors.values())
    warnings = sum(len(m) for m in report.warnings.values())
    print(f"lint: {locales}: {len(catalogue.all_exercises())} exercises, {report.plans} plans, {report.turns} turns, "
          f"{report.answers} answers; {len(report.ssml)} SSML pieces checked by {checker}; "
          f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}", file=out)
    return 1 if errors else 0
