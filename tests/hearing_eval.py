"""The hearing development set, said to the skill as a person would, and judged by what they hear.

tests/data/hearing/dev.tsv holds realistic phrasings written fresh for this (not taken from the
model's samples): context, what should happen, the words; dev-<locale>.tsv holds each locale's own
(en-GB "i'm knackered", "i want to top myself"), said in that locale from its own model. Each one is said in a new session:
  menu           after "open secure base"
  oneshot        as the request of "ask secure base to ..."
  exercise:ID    in the middle of that exercise, where the skill waits for the person
Two ways of turning words into a request:
  virtual-alexa  its own matcher over the generated model (tests/js/resolve_utterances.js): an
                 exact-match lower bound of a device; what it cannot match is sent as
                 AMAZON.FallbackIntent, as a device does
  console        the console's resolver (skill/nlu.py)
The request then goes through the real skill, and the answer is judged by behaviour: the crisis
answer given (with the abuse line first when someone is hurting them), the feature reached or
offered, distress met with a fitting offer, a refusal respected, an answer taken.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from skill import app, nlu
from skill.config import Config

from builders import Conversation, intent
from servers import ROOT, node

DATA = Path(__file__).parent / "data" / "hearing"

EXERCISE_FEATURES = {"breathing", "grounding", "soothing", "nightly", "reparenting", "reframing", "feelings",
                     "memory", "repair", "learning"}
# how each exercise is begun when a case is said in the middle of it
EXERCISE_START = {
    "breathing": ("BreathingIntent", {}),
    "grounding": ("GroundingIntent", {}),
    "soothing": ("SoothingIntent", {}),
    "nightly": ("SelfCompassionIntent", {}),
    "reparenting": ("ReparentingIntent", {}),
    "reframing": ("ThoughtIntent", {"thought": "nobody ever listens to me"}),
    "feelings": ("FeelingIntent", {"feeling": ("lonely", "lonely")}),
    "memory": ("MemoryIntent", {}),
    "repair": ("RepairIntent", {}),
}
# the fitting exercise for each kind of distress (skill/lexicon/en.toml says the same, as data)
DISTRESS_FITS = {
    "panic": {"breathing", "grounding"}, "flashback": {"grounding"}, "unreality": {"grounding"},
    "abandonment": {"soothing"}, "loneliness": {"soothing", "memory"}, "selfattack": {"nightly"},
    "numbness": {"feelings"}, "conflict": {"repair", "learning"}, "sadness": {"soothing", "feelings"},
    "overwhelm": {"grounding", "breathing"}, "anxiety": {"breathing", "grounding"},
    "sleepless": {"nightly", "breathing"},
}


@dataclass(frozen=True)
class Case:
    context: str
    expect: str
    words: str

    @property
    def kind(self) -> str:
        return self.expect.split(":")[0]

    @property
    def detail(self) -> str:
        return self.expect.split(":", 1)[1] if ":" in self.expect else ""

    @property
    def where(self) -> str:
        return "exercise" if self.context.startswith("exercise:") else self.context


def cases(name: str = "dev") -> list[Case]:
    out = []
    for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        context, expect, words = line.split("\t")
        out.append(Case(context.strip(), expect.strip(), words.strip()))
    return out


# --- words -> request ----------------------------------------------------------------------------

def _custom_slot(model: nlu.Model, type_name: str, name: str, heard: str) -> dict:
    found = model.types[type_name].resolve(nlu.tokens(heard)) if type_name in model.types else ()
    status = "ER_SUCCESS_MATCH" if found else "ER_SUCCESS_NO_MATCH"
    values = [{"value": {"name": v.name, "id": v.id}} for v in found]
    return {"name": name, "value": heard, "confirmationStatus": "NONE", "resolutions": {"resolutionsPerAuthority": [
        {"authority": f"amzn1.er-authority.echo-sdk.virtual-alexa.{type_name}", "status": {"code": status},
         "values": values}]}}


def virtual_alexa_requests(phrases: list[str], locale: str = "en-US") -> list[dict]:
    model = nlu.load(locale)
    out = node("resolve_utterances.js", "--model", str(ROOT / "interaction_model" / f"{locale}.json"),
               "--locale", locale, packages=("virtual-alexa",), stdin=json.dumps(phrases))
    requests = []
    for resolved in json.loads(out):
        if not resolved["matched"]:
            requests.append(intent("AMAZON.FallbackIntent"))
            continue
        types = model.intents.get(resolved["intent"], {})
        slots = {}
        for name, slot in resolved["slots"].items():
            if types.get(name, "").startswith("AMAZON."):
                slots[name] = {"name": name, "value": slot["value"], "confirmationStatus": "NONE"}
            else:
                slots[name] = _custom_slot(model, types.get(name, ""), name, slot["heard"])
        requests.append({"type": "IntentRequest", "intent": {"name": resolved["intent"], "confirmationStatus": "NONE",
                                                             "slots": slots}})
    return requests


def console_requests(phrases: list[str], locale: str = "en-US") -> list[dict]:
    model = nlu.load(locale)
    out = []
    for phrase in phrases:
        understood = nlu.understand(phrase, locale, model, tolerant=True)
        out.append(understood.request() if understood else intent("AMAZON.FallbackIntent"))
    return out


# --- saying it, and judging the answer ----------------------------------------------------------

def make_skill():
    return app.build(Config(store="memory"))


def say(skill, case: Case, request: dict, number: int, locale: str = "en-US"):
    """The case's words in a new session of a new person, in its context; (turn before, turn after)."""
    talk = Conversation(lambda body: app.invoke(skill, body), locale=locale,
                        user_id=f"amzn1.ask.account.HEARING{number}", session_id=f"amzn1.echo-api.session.H{number}")
    before = None
    if case.context == "menu":
        before = talk.launch()
    elif case.where == "exercise":
        name, slots = EXERCISE_START[case.context.split(":", 1)[1]]
        talk.launch()
        before = talk.say(name, **slots)
    if request.get("type") == "LaunchRequest":
        request = intent("AMAZON.FallbackIntent")
    return before, talk(request)


def crisis_answered(turn) -> bool:
    return turn.state.get("q") == "safety:grounding" and turn.state.get("care") in ("yes", "harmed")


def reached(turn, feature: str) -> bool:
    """The feature started, or offered, by this answer."""
    ex = turn.exercise or {}
    question = turn.state.get("q") or ""
    if feature in EXERCISE_FEATURES:
        return (ex.get("id") == feature or question.startswith(f"offer:{feature}")
                or (feature == "feelings" and question == "feeling") or (feature == "reframing" and question == "thought"))
    keys = turn.keys
    return {
        "suggest": question.startswith("offer:"),
        "progress": any(k.startswith(("personal/progress", "personal/last_time")) for k in keys),
        "reminder": any(k.startswith("reminders/") for k in keys),
        "helpline": "safety/numbers" in keys or crisis_answered(turn),
        "delete_data": "privacy/confirm" in keys,
    }.get(feature, False)


def offered_exercise(turn) -> str | None:
    ex = turn.exercise or {}
    question = turn.state.get("q") or ""
    if question.startswith("offer:"):
        return question.split(":")[1]
    if question == "care:choice":  # paused for them: grounding with eyes open, something gentler, or stop
        return "grounding"
    if ex.get("id") and not ex.get("paused"):
        return ex["id"]
    return None


def judge(case: Case, before, after) -> tuple[bool, str]:
    """(the person was heard as they should be, a short label of what happened)."""
    crisis = crisis_answered(after)
    if case.kind == "crisis":
        if not crisis:
            return False, "no crisis answer"
        if case.detail == "abuse" and after.state.get("care") != "harmed":
            return True, "crisis answer, abuse line not first"
        return True, "crisis answer"
    if crisis:
        return False, "false alarm"
    if case.kind == "benign":
        return True, "calm"
    if case.kind == "feature":
        return reached(after, case.detail), "reached" if reached(after, case.detail) else "missed"
    if case.kind == "distress":
        offer = offered_exercise(after)
        if offer is None:
            return False, "no offer"
        return True, "fitting offer" if offer in DISTRESS_FITS.get(case.detail, ()) else f"offered {offer}"
    ex_before, ex_after = (before.exercise or {}) if before else {}, after.exercise or {}
    moved = ex_after.get("id") == ex_before.get("id") and (ex_after.get("turn", 0) > ex_before.get("turn", 0)
                                                           or ex_after.get("done")) and not ex_after.get("paused")
    # an exercise that closes the session (the nightly practice) moves on to its last part and goodnight
    moved = moved or bool(ex_before.get("id") and after.ended and any(k.endswith("/close") for k in after.keys))
    if case.kind == "refusal":
        respected = (after.state.get("q") == "care:choice" or "listening/no_memory" in after.keys
                     or after.ended or ex_after.get("paused") is True)
        return respected and not moved, "respected" if respected and not moved else "stepped over"
    if case.kind == "answer":
        return moved, "moved on" if moved else "stuck"
    return False, "unknown expectation"


@dataclass
class Report:
    path: str
    results: list  # (case, ok, label)

    def share(self, keep) -> tuple[int, int]:
        chosen = [(c, ok) for c, ok, _ in self.results if keep(c)]
        return sum(ok for _, ok in chosen), len(chosen)

    def lines(self) -> list[str]:
        out = [f"hearing ({self.path}):"]
        features = sorted({c.detail for c, _, _ in self.results if c.kind == "feature"})
        per = []
        for feature in features:
            hit, total = self.share(lambda c, f=feature: c.kind == "feature" and c.detail == f)
            per.append(f"{feature} {hit}/{total}")
        hit, total = self.share(lambda c: c.kind == "feature")
        out.append(f"  features reached or offered: {hit}/{total} ({_pct(hit, total)}): " + ", ".join(per))
        for where in ("menu", "oneshot", "exercise"):
            hit, total = self.share(lambda c, w=where: c.kind == "crisis" and c.where == w)
            if total:
                out.append(f"  crisis recall, said {where}: {hit}/{total} ({_pct(hit, total)})")
        hit, total = self.share(lambda c: c.kind == "crisis")
        out.append(f"  crisis recall, all: {hit}/{total} ({_pct(hit, total)})")
        abuse_first = sum(1 for c, ok, label in self.results if c.detail == "abuse" and label == "crisis answer")
        abuse = sum(1 for c, _, _ in self.results if c.detail == "abuse")
        out.append(f"  abuse line first when someone hurts them: {abuse_first}/{abuse}")
        alarms = sum(1 for c, _, label in self.results if label == "false alarm")
        benign = sum(1 for c, _, _ in self.results if c.kind == "benign")
        out.append(f"  false alarms: {alarms} of {len(self.results) - self.share(lambda c: c.kind == 'crisis')[1]}"
                   f" non-crisis phrasings ({sum(1 for c, _, l in self.results if c.kind == 'benign' and l == 'false alarm')}"
                   f" of {benign} idioms)")
        for kind in ("distress", "refusal", "answer"):
            hit, total = self.share(lambda c, k=kind: c.kind == k)
            fitting = sum(1 for c, _, label in self.results if c.kind == kind and label == "fitting offer")
            extra = f", {fitting} the fitting one" if kind == "distress" else ""
            out.append(f"  {kind}: {hit}/{total} ({_pct(hit, total)}){extra}")
        return out

    def misses(self, limit: int = 400) -> list[str]:
        return [f"  {c.context:22} {c.expect:22} {label:28} {c.words}" for c, ok, label in self.results if not ok][:limit]


def _pct(hit: int, total: int) -> str:
    return f"{100.0 * hit / total:.1f}%" if total else "n/a"


def evaluate(path: str, name: str = "dev", locale: str = "en-US", keep=None) -> Report:
    """The set ``name`` (dev, holdout, or a locale's own: dev-en-GB) said in ``locale``; ``keep``: only those cases."""
    chosen = [c for c in cases(name) if keep is None or keep(c)]
    phrases = [c.words for c in chosen]
    requests = virtual_alexa_requests(phrases, locale) if path == "virtual-alexa" else console_requests(phrases, locale)
    skill = make_skill()
    results = []
    for number, (case, request) in enumerate(zip(chosen, requests)):
        if case.context == "oneshot" and request.get("type") == "IntentRequest":
            pass  # a one-shot is the first turn of a new session: `say` sends it without a launch
        before, after = say(skill, case, request, number, locale)
        ok, label = judge(case, before, after)
        results.append((case, ok, label))
    return Report(path, results)


def locale_sets() -> dict[str, str]:
    """Each locale's own development set (tests/data/hearing/dev-<locale>.tsv): locale -> set name."""
    return {p.stem.removeprefix("dev-"): p.stem for p in sorted(DATA.glob("dev-*.tsv"))}


if __name__ == "__main__":  # python tests/hearing_eval.py [virtual-alexa|console] [dev|holdout|dev-en-GB] [--locale en-GB]
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    locale = sys.argv[sys.argv.index("--locale") + 1] if "--locale" in sys.argv else "en-US"
    args = [a for a in args if a != locale]
    name = args[1] if len(args) > 1 else "dev"
    if name.startswith("dev-") and "--locale" not in sys.argv:
        locale = name.removeprefix("dev-")
    report = evaluate(args[0] if args else "console", name, locale)
    print("\n".join(report.lines()))
    if "--misses" in sys.argv:
        print("\n".join(report.misses()))
