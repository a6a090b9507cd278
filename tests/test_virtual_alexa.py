"""Scripted conversations through virtual-alexa against the real HTTP endpoint.

Each file in tests/dialogs/ is one conversation, written as data: what the person says
(or a LaunchRequest, an intent by name, the end of a session) and what they should
notice. It runs in each of the five locales (or in its "locales"), from that locale's
model, with what the person says in the locale's spelling. virtual-alexa resolves every
phrase against interaction_model/<locale>.json, so
utterance -> intent and slot resolution is part of what is tested; the requests go over
HTTP to `python -m skill serve --no-verify` on 127.0.0.1 (tests/servers.py).

Every SSML the skill said in these conversations (speech and reprompts) is then checked
by ssml-check-core (platform amazon) and against Alexa's limits.

Run alone: .venv/bin/python -m pytest tests/test_virtual_alexa.py
(node_modules must exist in the repository root: `make test` installs it.)

Expectations a step may carry ("expect" for the step's last answer, "expect_each" for
every answer of a repeated step):
  request      the request type sent ("LaunchRequest", "SessionEndedRequest", ...)
  intent       the intent virtual-alexa resolved and sent
  unmatched    true when virtual-alexa matched no intent (the step then says what a device does)
  slots        exactly the slots that carried a value: {"name": {"heard", "value", "id"}} (fields optional)
  exercise     the exercise in the session afterwards (null: none), a subset of
               {"id", "turn", "done", "paused", "opts": {...}}; the person must have heard
               that turn of that exercise's plan
  said         script keys whose words the person heard: "common/menu", or
               {"key": ..., "data": {...}} for scripts that need data
               ("data": "where" gives help's data: where the person is in the exercise)
  not_said     script keys whose words must not be in the answer
  text_contains  plain phrases the answer must contain
  text_lacks   plain phrases it must not contain (another country's number)
  reprompt     whether a reprompt is present
  card         whether a card is sent
  ended        whether the session ends
  speech       false when the answer must carry no speech (SessionEndedRequest)
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from skill import speech
from skill.scripts import catalogue

import ssml_rules
from servers import ROOT, SkillServer, node, require_node_tools, ssml_check

DIALOGS = sorted((Path(__file__).parent / "dialogs").glob("*.json"))
VARIANTS = range(12)  # reply.variant() draws from 12; templates branch on variant % n


def dialog_locales(path: Path) -> list[str]:
    """Where a dialog runs: its "locales", else all five (it is written in its "locale", en-US by default)."""
    dialog = json.loads(path.read_text())
    return list(dialog.get("locales") or speech.LOCALES)


RUNS = [(path, locale) for path in DIALOGS for locale in dialog_locales(path)]

_runs: dict[tuple[Path, str], dict] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_node_tools("virtual-alexa", "ssml-check-core")
    with SkillServer(tmp_path_factory.mktemp("virtual-alexa") / "store.sqlite3") as running:
        yield running


def in_locale(dialog: dict, locale: str) -> dict:
    """The dialog as said in ``locale``: what a person says is written in the locale's spelling there,
    as its recogniser writes it ("practise", "disorganised")."""
    written = dialog.get("locale", speech.DEFAULT_LOCALE)
    steps = [{**step, "say": speech.respell(step["say"], locale)} if written != locale and "say" in step else step
             for step in dialog["steps"]]
    return {**dialog, "locale": locale, "steps": steps}


def converse(server: SkillServer, path: Path, locale: str | None = None) -> dict:
    """Run one dialog file through virtual-alexa in ``locale``, from that locale's model (once per module)."""
    dialog = json.loads(path.read_text())
    locale = locale or dialog.get("locale", speech.DEFAULT_LOCALE)
    if (path, locale) not in _runs:
        dialog = in_locale(dialog, locale)
        model = ROOT / "interaction_model" / f"{locale}.json"
        before = len(server.logs())
        out = node("virtual_alexa_dialog.js", "--model", str(model), "--url", server.url, "--dialog", "-",
                   "--locale", locale, packages=("virtual-alexa",), stdin=json.dumps(dialog))
        _runs[(path, locale)] = {"dialog": dialog, "log": server.logs()[before:], **json.loads(out)}
    return _runs[(path, locale)]


# --- what the person heard ---------------------------------------------------------------

def _heard_key(locale: str, key: str, data: dict, words: str) -> tuple[bool, str]:
    """Whether the words of script ``key`` (any variant) are in ``words``; or why it cannot tell."""
    candidates = []
    for variant in VARIANTS:
        try:
            rendered = speech.render(locale, key, **{"variant": variant, **data})
        except Exception as err:  # a dialog that names a script must give the data it needs
            return False, f"cannot render {key} with {data}: {type(err).__name__}: {err}"
        candidates.append(ssml_rules.words(rendered))
    if not any(candidates):
        return False, f"{key} renders to no words"
    return any(c and c in words for c in candidates), ""


def _where(locale: str, ex: dict) -> dict:
    """Help's data, from the state the skill handed back: the exercise, the turn, the turn count."""
    exercise = catalogue.get(ex["id"])
    opts = exercise.clean(ex["opts"])
    turns = exercise.turns(locale, opts, ex["variant"])
    name = speech.render(locale, f"{exercise.family}/name", **opts)
    return {"family": exercise.family, "turn": min(ex["turn"], len(turns) - 1) + 1, "turns": len(turns), "name": name}


def _planned_turn(locale: str, ex: dict) -> str:
    """The words of the exercise's planned turn that the state says the person is on."""
    exercise = catalogue.get(ex["id"])
    opts = exercise.clean(ex["opts"])
    assert opts is not None, f"the skill handed back options it would itself reject: {ex['opts']}"
    turns = exercise.turns(locale, opts, ex["variant"])
    return ssml_rules.words(speech.join(speech.segment(locale, s) for s in turns[ex["turn"]]))


def _state(response: dict) -> dict:
    return ((response.get("sessionAttributes") or {}).get("sb") or {})


def check(locale: str, step: dict, expect: dict, result: dict) -> list[str]:
    """Everything wrong with one answer, as sentences a reader can act on."""
    wrong: list[str] = []
    request = result.get("request") or {}
    response = result.get("response") or {}
    words = ssml_rules.words(response.get("ssml"))

    if "request" in expect and request.get("type") != expect["request"]:
        wrong.append(f"sent a {request.get('type')}, expected a {expect['request']}")
    if "unmatched" in expect and (result.get("matched") is False) != expect["unmatched"]:
        wrong.append("virtual-alexa matched an intent" if expect["unmatched"] else "virtual-alexa matched no intent")
    if "intent" in expect and request.get("intent") != expect["intent"]:
        wrong.append(f"resolved to {request.get('intent')}, expected {expect['intent']}")
    if "slots" in expect:
        sent = request.get("slots") or {}
        heard = result.get("heard") or {}
        if set(sent) != set(expect["slots"]):
            wrong.append(f"slots with a value: {sorted(sent)}, expected {sorted(expect['slots'])}")
        for name, fields in expect["slots"].items():
            slot = {**sent.get(name, {}), "heard": (heard.get(name) or {}).get("heard")}
            for field, value in fields.items():
                if slot.get(field) != value:
                    wrong.append(f"slot {name}.{field} = {slot.get(field)!r}, expected {value!r}")

    if "speech" in expect and bool(response.get("ssml")) != expect["speech"]:
        wrong.append("the answer has speech" if response.get("ssml") else "the answer has no speech")
    if "ended" in expect and (response.get("shouldEndSession") is True) != expect["ended"]:
        wrong.append("the session ended" if response.get("shouldEndSession") else "the session stayed open")
    if "reprompt" in expect and bool(response.get("reprompt_ssml")) != expect["reprompt"]:
        wrong.append("there is a reprompt" if response.get("reprompt_ssml") else "there is no reprompt")
    if "card" in expect and bool(response.get("card")) != expect["card"]:
        wrong.append("a card was sent" if response.get("card") else "no card was sent")

    ex = _state(response).get("ex")
    if "exercise" in expect:
        want = expect["exercise"]
        if want is None:
            if ex is not None:
                wrong.append(f"an exercise is still in the session: {ex}")
        elif not isinstance(ex, dict):
            wrong.append(f"no exercise in the session, expected {want}")
        else:
            for field, value in want.items():
                if field == "opts":
                    for opt, opt_value in value.items():
                        if ex.get("opts", {}).get(opt) != opt_value:
                            wrong.append(f"exercise option {opt} = {ex.get('opts', {}).get(opt)!r}, expected {opt_value!r}")
                elif ex.get(field) != value:
                    wrong.append(f"exercise {field} = {ex.get(field)!r}, expected {value!r}")
            if not ex.get("paused") and not wrong:
                planned = _planned_turn(locale, ex)
                if planned not in words:
                    wrong.append(f"the person did not hear turn {ex['turn']} of the {ex['id']} plan:\n"
                                 f"    planned: {planned[:300]}\n    heard:   {words[:300]}")

    for item in expect.get("said", []):
        key, data = (item, {}) if isinstance(item, str) else (item["key"], item.get("data", {}))
        if data == "where":
            if not isinstance(ex, dict):
                wrong.append(f"{key}: 'where' data needs an exercise in the session")
                continue
            data = _where(locale, ex)
        ok, why = _heard_key(locale, key, data, words)
        if why:
            wrong.append(why)
        elif not ok:
            wrong.append(f"did not say {key}")
    for item in expect.get("not_said", []):
        key, data = (item, {}) if isinstance(item, str) else (item["key"], item.get("data", {}))
        ok, why = _heard_key(locale, key, data, words)
        if why:
            wrong.append(why)
        elif ok:
            wrong.append(f"said {key}, which it should not have")
    for phrase in expect.get("text_contains", []):
        if ssml_rules.words(phrase) not in words:
            wrong.append(f"does not contain {phrase!r}")
    for phrase in expect.get("text_lacks", []):  # another country's number, say
        if ssml_rules.words(phrase) in words:
            wrong.append(f"contains {phrase!r}, which it should not")
    return wrong


def always(locale: str, result: dict) -> list[str]:
    """What every request and answer must get right, whatever the step expects."""
    wrong: list[str] = []
    request = result.get("request") or {}
    response = result.get("response") or {}
    raw = request.get("raw") or {}
    if raw.get("version") != "1.0" or not (raw.get("context") or {}).get("System"):
        wrong.append("virtual-alexa sent an envelope without version 1.0 and context.System")
    body = raw.get("request") or {}
    if body.get("locale") != locale or not body.get("requestId") or not body.get("timestamp"):
        wrong.append(f"the request lacks its locale ({locale}), requestId or timestamp")
    session = raw.get("session") or {}
    if not (session.get("sessionId") and ((session.get("user") or {}).get("userId"))):
        wrong.append("the request carries no session with a sessionId and a userId")
    if response.get("version") != "1.0":
        wrong.append(f"response version {response.get('version')!r}")
    if request.get("type") == "SessionEndedRequest":
        return wrong
    if not response.get("ssml"):
        wrong.append("no outputSpeech")
    elif response.get("speech_type") != "SSML" or not response["ssml"].startswith("<speak>"):
        wrong.append("outputSpeech is not SSML wrapped in <speak>")
    # the one soft question of a spoken nightly practice is the only open answer without a reprompt:
    # a silence there ends the session, so nobody who drifted off is woken
    night_question = _heard_key(locale, "common/go_on_night", {}, ssml_rules.words(response.get("ssml")))[0]
    if response.get("shouldEndSession") is False and not response.get("reprompt_ssml") and not night_question:
        wrong.append("the session stays open with no reprompt: a person who says nothing hears nothing more")
    return wrong


def describe(step: dict, result: dict) -> str:
    response = result.get("response") or {}
    said = step.get("say") or (f"<intent {step['intend']}>" if step.get("intend") else
                               "<launch>" if step.get("launch") else f"<end session: {step.get('end_session')}>")
    sent = (result.get("request") or {})
    repeat = f" (repeat {result['iteration'] + 1})" if result["iteration"] else ""
    return (f"step {result['step'] + 1}{repeat}: "
            f"person: {said!r} -> {sent.get('type')} {sent.get('intent') or ''} {sent.get('slots') or ''}\n"
            f"    skill: {response.get('text', '')[:400]!r}")


@pytest.mark.parametrize("path,locale", RUNS, ids=[f"{p.stem}-{loc}" for p, loc in RUNS])
def test_dialog(server, path, locale):
    run = converse(server, path, locale)
    dialog, results = run["dialog"], run["results"]
    failures: list[str] = []
    if run.get("stopped"):
        failures.append(f"the dialog stopped: {run['stopped']}\nserver log:\n{run['log'][-3000:]}")
    errors = [line for line in run["log"].splitlines() if " ERROR " in line or "Traceback" in line]
    if errors:  # the person heard an apology somewhere: the server logged what went wrong
        failures.append("the server logged errors during this conversation:\n    " + "\n    ".join(errors))
    by_step: dict[int, list[dict]] = {}
    for result in results:
        by_step.setdefault(result["step"], []).append(result)
    for index, step in enumerate(dialog["steps"]):
        answers = by_step.get(index, [])
        if not answers:
            if not run.get("stopped"):
                failures.append(f"step {index + 1} never ran")
            continue
        last = answers[-1]
        if last.get("matched") is False and "on_unmatched" not in step and not step.get("expect", {}).get("unmatched"):
            failures.append(f"{describe(step, last)}\n    virtual-alexa could not match {step['say']!r} to any intent")
            continue
        if step.get("until") and not last.get("until_met"):
            failures.append(f"{describe(step, last)}\n    still not {step['until']} after {len(answers)} tries")
        for answer in answers:
            problems = always(locale, answer) + check(locale, step, step.get("expect_each", {}), answer)
            if answer is last:
                problems += check(locale, step, step.get("expect", {}), answer)
            if answer.get("response") is None and not answer.get("error"):
                problems.append("no answer")
            if problems:
                failures.append(describe(step, answer) + "".join(f"\n    - {p}" for p in problems))
    assert not failures, f"{path.name}: {dialog.get('title', '')}\n\n" + "\n\n".join(failures)


def test_every_ssml_said_in_the_dialogs_is_valid_for_alexa(server):
    produced: list[tuple[str, str]] = []  # (where, ssml)
    for path, locale in RUNS:
        run = converse(server, path, locale)
        for result in run["results"]:
            response = result.get("response") or {}
            where = f"{path.name} ({locale}) step {result['step'] + 1}"
            if response.get("ssml"):
                produced.append((f"{where} speech", response["ssml"]))
            if response.get("reprompt_ssml"):
                produced.append((f"{where} reprompt", response["reprompt_ssml"]))
    assert len(produced) >= len(DIALOGS), "the dialogs produced (almost) no speech to check"
    failures = [f"{where}: {problem}\n    {ssml}" for where, ssml in produced for problem in ssml_rules.problems(ssml)]
    unique = sorted({ssml for _, ssml in produced})
    verdicts = dict(zip(unique, ssml_check(unique)))
    failures += [f"{where}: ssml-check-core: {json.dumps(verdicts[ssml])}\n    {ssml}"
                 for where, ssml in produced if verdicts[ssml]]
    assert not failures, "\n\n".join(failures)
