"""Hypothesis strategies for the fuzz tests (tests/test_fuzz.py): requests as Alexa might send them
on a bad day, drawn from the real interaction model, and the bad input nobody should send at all.

Everything here builds plain dicts in the shape of Alexa's JSON; tests/builders.envelope() wraps them.
"""
from __future__ import annotations

import json
import string
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
MODEL = json.loads((ROOT / "interaction_model" / "en-US.json").read_text(encoding="utf-8"))
LANGUAGE_MODEL = MODEL["interactionModel"]["languageModel"]

# intent name -> [(slot name, slot type)], and custom slot type -> (value ids, every word for it)
INTENT_SLOTS: dict[str, list[tuple[str, str]]] = {
    i["name"]: [(s["name"], s["type"]) for s in i.get("slots", [])] for i in LANGUAGE_MODEL["intents"]
}
TYPE_IDS: dict[str, list[str]] = {}
TYPE_WORDS: dict[str, list[str]] = {}
for _type in LANGUAGE_MODEL.get("types", []):
    TYPE_IDS[_type["name"]] = [v.get("id") or v["name"]["value"] for v in _type["values"]]
    TYPE_WORDS[_type["name"]] = [w for v in _type["values"] for w in [v["name"]["value"], *v["name"].get("synonyms", [])]]
MODEL_INTENTS = sorted(INTENT_SLOTS)

# A unique marker inside every hostile tag: if it ever shows up as XML markup, the skill let it through.
MARK = "zqx"
HOSTILE = (
    f'<break time="100s" {MARK}="1"/>',
    '<break time="100s"/>',
    f"<{MARK}>",
    f"</speak><speak {MARK}='1'>",
    f'<audio src="https://{MARK}.example/a.mp3"/>',
    f'<prosody rate="x-slow" {MARK}="1">slow</prosody>',
    "&", "&amp;", "&#0;", "&nbsp;", "a & b < c > d",
    "]]>", f"<![CDATA[{MARK}]]>", "<!-- -->", "<?xml version='1.0'?>",
    '"', "'", "\\", "{{ 7 * 7 }}", "{% if true %}x{% endif %}", "${jndi}", "%s %d",
    "\x00", "\x01\x02\x1f", "\x0b\x0c", "\t\n\r", "\u200b\u200d", "\ufeff", "\U0001f622\U0001f49b",
    "\u202eevil", "مرحبا", "こんにちは", "Ünïcödé", "Z̷̢͉a̸l̵g̶o", " ", "",
)
_WORDY = st.text(alphabet=string.ascii_letters + " '-", max_size=30)
# characters that break naive code: control and format codes, private use, separators, combining marks, markup
_ODD = st.text(alphabet=st.characters(categories=("Cc", "Cf", "Co", "Zl", "Zp", "Zs", "Mn", "So")) | st.sampled_from("<>&\"'"),
               min_size=1, max_size=20)


def free_text(slot_type: str | None = None) -> st.SearchStrategy[str]:
    """What Alexa could put in a slot's value: words, unicode, markup, very long, empty."""
    options = [
        st.text(max_size=40),
        _WORDY,
        _ODD,
        st.tuples(_WORDY, _ODD, _WORDY).map("".join),
        st.sampled_from(HOSTILE),
        st.lists(st.sampled_from(HOSTILE) | _WORDY, min_size=1, max_size=6).map(" ".join),
        st.text(alphabet=string.ascii_letters + " <>&\"'", min_size=500, max_size=3000),  # very long
        st.integers(1, 400).map(lambda n: "I can't stop thinking " * n),  # very long, words
    ]
    if slot_type in TYPE_WORDS:
        options.append(st.sampled_from(TYPE_WORDS[slot_type]))
    if slot_type == "AMAZON.DURATION":
        options.append(st.sampled_from(["PT2M", "PT1M", "PT20M", "PT99999H", "P1D", "PT0S", "PT0.5M", "-PT3M", "PT",
                                        "P", "PT1H30M", "PT10000000000000000000M", "PT1e3M", "two minutes", "?"]))
    if slot_type == "AMAZON.NUMBER":
        options.append(st.one_of(st.integers(-10**25, 10**25).map(str),
                                 st.sampled_from(["?", "3.5", "-0", "1e9", "NaN", "inf", " 4 ", "٣"])))
    if slot_type == "AMAZON.TIME":
        options.append(st.sampled_from(["21:30", "09:00", "EV", "NI", "MO", "AF", "25:61", "T21", "2100", "night"]))
    return st.one_of(*options)


def resolution(slot_name: str, slot_type: str | None) -> st.SearchStrategy[dict | None]:
    """No resolutions, a match (to a real id or a made-up one), no match, or an error from Alexa."""
    ids = st.sampled_from(TYPE_IDS[slot_type]) if slot_type in TYPE_IDS else st.nothing()
    made_up = st.one_of(st.text(max_size=12), st.sampled_from(HOSTILE))

    def authority(code: str, values: list) -> dict:
        return {"resolutionsPerAuthority": [{"authority": f"amzn1.er-authority.echo-sdk.TEST.{slot_name}",
                                             "status": {"code": code},
                                             "values": [{"value": {"name": v, "id": v}} for v in values]}]}

    return st.one_of(
        st.none(),
        st.builds(lambda v: authority("ER_SUCCESS_MATCH", [v]), ids | made_up),
        st.builds(lambda vs: authority("ER_SUCCESS_MATCH", vs), st.lists(ids | made_up, max_size=3)),
        st.just(authority("ER_SUCCESS_NO_MATCH", [])),
        st.sampled_from(["ER_ERROR_TIMEOUT", "ER_ERROR_EXCEPTION"]).map(lambda c: authority(c, [])),
    )


@st.composite
def slot(draw, name: str, slot_type: str | None) -> dict:
    built: dict = {"name": name, "confirmationStatus": "NONE"}
    if draw(st.integers(0, 5)):  # mostly with a value; sometimes unfilled, as Alexa sends it
        built["value"] = draw(free_text(slot_type))
    found = draw(resolution(name, slot_type))
    if found is not None:
        built["resolutions"] = found
    return built


@st.composite
def intent_request(draw, names: st.SearchStrategy[str] | None = None) -> dict:
    name = draw(names if names is not None else intent_names())
    declared = INTENT_SLOTS.get(name, [])
    chosen = draw(st.lists(st.sampled_from(declared), unique=True)) if declared else []
    if draw(st.integers(0, 9)) == 0:  # a slot the model never declared
        chosen.append((draw(st.text(alphabet=string.ascii_letters, min_size=1, max_size=10)), None))
    slots = {n: draw(slot(n, t)) for n, t in chosen}
    return {"type": "IntentRequest", "dialogState": draw(st.sampled_from(["STARTED", "IN_PROGRESS", "COMPLETED"])),
            "intent": {"name": name, "confirmationStatus": "NONE", "slots": slots}}


def unknown_intent_names() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet=string.ascii_letters + "._", min_size=1, max_size=30).filter(lambda n: n not in INTENT_SLOTS),
        st.sampled_from(["AMAZON.SearchAction<object@WeatherForecast>", "AMAZON.ScrollUpIntent", "AMAZON.MoreIntent",
                         "AMAZON.ScrollDownIntent", "breathingintent", "Breathing Intent", "AMAZON.", ""]),
    )


def intent_names() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(MODEL_INTENTS), st.sampled_from(MODEL_INTENTS), unknown_intent_names())


SKILL_EVENTS = ("AlexaSkillEvent.SkillEnabled", "AlexaSkillEvent.SkillDisabled",
                "AlexaSkillEvent.SkillPermissionAccepted", "AlexaSkillEvent.SkillPermissionChanged",
                "AlexaSkillEvent.SkillAccountLinked")


@st.composite
def skill_event(draw) -> dict:
    kind = draw(st.sampled_from(SKILL_EVENTS))
    body: dict = {}
    if kind == "AlexaSkillEvent.SkillDisabled":
        body["userInformationPersistenceStatus"] = draw(st.sampled_from(["PERSISTED", "NOT_PERSISTED"]))
    if "Permission" in kind:
        body["acceptedPermissions"] = [{"scope": "alexa::alerts:reminders:skill:readwrite"}]
    return {"type": kind, "eventCreationTime": "2026-11-29T21:00:00Z", "eventPublishingTime": "2026-11-29T21:00:01Z",
            "body": body}


@st.composite
def connections_response(draw) -> dict:
    return {"type": "Connections.Response", "name": draw(st.sampled_from(["AskFor", "Buy", "Other"])),
            "status": {"code": draw(st.sampled_from(["200", "204", "400", "500"])), "message": "x"},
            "payload": draw(st.one_of(st.just({}), st.sampled_from(["ACCEPTED", "DENIED", "NOT_ANSWERED"]).map(
                lambda s: {"status": s, "permissionScope": "alexa::alerts:reminders:skill:readwrite"}))),
            "token": draw(st.sampled_from(["", "reminder", "x" * 300]))}


@st.composite
def can_fulfill(draw) -> dict:
    built = draw(intent_request())
    return {"type": "CanFulfillIntentRequest", "intent": built["intent"]}


def requests(include_unknown_types: bool = True) -> st.SearchStrategy[dict]:
    """Any request a session might see; intents weighted heaviest, as in real use."""
    kinds = [
        intent_request(), intent_request(), intent_request(), intent_request(), intent_request(),
        intent_request(st.sampled_from(["AMAZON.NextIntent", "AMAZON.YesIntent", "AMAZON.FallbackIntent",
                                        "AMAZON.NoIntent", "AMAZON.RepeatIntent", "AMAZON.PreviousIntent"])),
        st.just({"type": "LaunchRequest"}),
        st.sampled_from(["USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS"]).map(
            lambda r: {"type": "SessionEndedRequest", "reason": r,
                       **({"error": {"type": "INVALID_RESPONSE", "message": "x"}} if r == "ERROR" else {})}),
        can_fulfill(),
        connections_response(),
        skill_event(),
    ]
    if include_unknown_types:
        kinds.append(unknown_request_type())
    return st.one_of(*kinds)


def unknown_request_type() -> st.SearchStrategy[dict]:
    return st.sampled_from(["Alexa.Presentation.APL.Unknown", "Messaging.MessageReceived.v2", "Nope", "intentrequest",
                            "AlexaSkillEvent.SkillSomethingNew"]).map(lambda t: {"type": t})


LOCALES = st.one_of(st.sampled_from(["en-US", "en-GB", "en-CA", "en-AU", "en-IN", "de-DE", "fr-FR", "en-IE"]),
                    st.sampled_from(["", "en", "EN-us", "en_US", "xx-XX", "../../etc", "{{locale}}"]),
                    st.text(max_size=8))

# JSON values of any shape, for tampered session attributes and random bodies
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                         st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=8) | st.sampled_from(["sb", "ex", "v", "id", "opts", "turn", "q", "n"]), inner, max_size=4),
    max_leaves=12)

# a stored value of the wrong kind: what a tampered field might become
odd_values = st.one_of(
    json_values,
    st.sampled_from([10**30, -1, -10**30, 1.5, 0.0, -0.0, 1e308, "2", "", "breathing", True, False, None, [], {},
                     [1, 2], {"x": 1}, "'; DROP TABLE", "\x00"]),
)
