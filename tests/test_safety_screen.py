"""The crisis screen (skill/safety.py) against its test sets, and the lines each locale offers.

tests/data/crisis_must_trigger.txt: every phrasing must trigger (lines tagged [harm] must also be
read as someone hurting the person). tests/data/crisis_benign.txt: idioms and near-misses, of
which at most 2% may trigger. Both figures are printed at the end of every run.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from skill import safety

import privacy_watch

DATA = Path(__file__).resolve().parent / "data"
MODELS = sorted((Path(__file__).resolve().parent.parent / "interaction_model").glob("*.json"))
FALSE_ALARM_LIMIT = 0.02


def tagged_lines(name: str) -> list[tuple[str, bool]]:
    """(phrase, tagged [harm]) for each line of a test set; "#" lines are notes."""
    out = []
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append((re.sub(r"\s*\[harm\]$", "", line), line.endswith("[harm]")))
    return out


MUST = tagged_lines("crisis_must_trigger.txt")
BENIGN = [phrase for phrase, _ in tagged_lines("crisis_benign.txt")]


@pytest.fixture(scope="module")
def figures(request):
    """Screen both sets once; leave the two figures for the end-of-run summary."""
    missed = [phrase for phrase, _ in MUST if not safety.screen(phrase).crisis]
    alarms = [phrase for phrase in BENIGN if safety.screen(phrase).crisis]
    caught = len(MUST) - len(missed)
    rate = len(alarms) / len(BENIGN)
    request.config.stash.setdefault(privacy_watch.FIGURES, []).append(
        f"crisis screen: {caught}/{len(MUST)} must-trigger phrasings caught ({caught / len(MUST):.1%}); "
        f"{len(alarms)}/{len(BENIGN)} benign phrasings flagged ({rate:.1%} false alarms, limit {FALSE_ALARM_LIMIT:.0%})")
    return {"missed": missed, "alarms": alarms, "rate": rate}


def test_the_test_sets_are_big_enough_and_distinct():
    assert len(MUST) >= 80 and len(BENIGN) >= 80
    overlap = {p.lower() for p, _ in MUST} & {p.lower() for p in BENIGN}
    assert not overlap, overlap
    assert len({p.lower() for p, _ in MUST}) == len(MUST), "a must-trigger phrasing is listed twice"
    assert len({p.lower() for p in BENIGN}) == len(BENIGN), "a benign phrasing is listed twice"


def test_every_must_trigger_phrasing_triggers(figures):
    assert not figures["missed"], "missed:\n" + "\n".join(figures["missed"])


def test_false_alarms_on_everyday_idioms_stay_within_the_limit(figures):
    assert figures["rate"] <= FALSE_ALARM_LIMIT, "flagged:\n" + "\n".join(figures["alarms"])


@pytest.mark.parametrize("phrase", [p for p, harm in MUST if harm])
def test_someone_hurting_them_is_read_as_harm_by_another(phrase):
    assert safety.screen(phrase) == safety.Screen(crisis=True, harm_by_other=True)


@pytest.mark.parametrize("phrase", ["I want to die", "I can't keep myself safe", "I want to end my life",
                                    "I've been cutting myself again"])
def test_thoughts_about_oneself_are_not_read_as_harm_by_another(phrase):
    assert safety.screen(phrase) == safety.Screen(crisis=True, harm_by_other=False)


@pytest.mark.parametrize("phrase,crisis", [
    # negation that carries the meaning, and negation that cancels it
    ("I don't want to live anymore", True),
    ("i do not want to be alive", True),
    ("I can't keep myself safe tonight", True),
    ("I'm not suicidal, just tired", False),
    ("I would never hurt myself", False),
    ("I'm not suicidal but I don't want to be here anymore", True),
    # tense: the distant past on its own, and the past that is back
    ("I used to cut myself when I was a teenager", False),
    ("I used to cut myself and I started again this week", True),
    ("I tried to kill myself last night", True),
    # idioms
    ("I'm dying to try this", False),
    ("this traffic is killing me", False),
    ("I could kill for a coffee", False),
    ("killing it at work", False),
    ("dead tired", False),
    ("that pie is to die for", False),
    ("my phone died", False),
    # the same words, different lives
    ("my mum will kill me when she sees the car", False),
    ("he said he'll kill me if I tell anyone", True),
    ("I'm afraid of my boyfriend leaving me", False),
    ("I'm afraid of my boyfriend", True),
    ("I cut myself chopping onions", False),
    ("I cut myself on purpose", True),
])
def test_negation_tense_and_idioms(phrase, crisis):
    assert safety.screen(phrase).crisis is crisis


# --- carried sentences: a SearchQuery slot after a carrier phrase, or the bare words it held ----------------

@pytest.mark.parametrize("fragment,sentence", [
    ("hopeless", "i feel hopeless"),
    ("like a burden", "i feel like a burden to everyone"),
    ("easier if i wasn't here", "the thought is it would be easier if i wasn't here"),
    ("better off without me", "everyone would be better off without me"),
    ("no point anymore", "there's no point in going on"),
    ("can't go on", "i can't go on"),
    ("done with life", "i'm done with life"),
    ("saved up my pills", "i've saved up my pills"),
    ("giving my things away", "i've been giving my things away"),
    ("not safe here", "i'm not safe here"),
    ("cutting again", "i've been cutting again"),
])
def test_a_disclosure_triggers_as_a_bare_fragment_and_as_a_whole_sentence(fragment, sentence):
    assert safety.screen(fragment) == safety.Screen(crisis=True, harm_by_other=False)
    assert safety.screen(sentence) == safety.Screen(crisis=True, harm_by_other=False)


@pytest.mark.parametrize("phrase,crisis", [
    ("i feel hopeless", True),
    ("um i just feel hopeless all the time", True),
    ("everything feels hopeless", True),
    ("i'm a burden", True),
    ("i'm nothing but a burden", True),  # "nothing but" is one thought, not two clauses
    ("everyone thinks i'm a burden", True),
    ("nothing will ever get better", True),
    ("i don't see a future", True),
    ("what's the point of anything anymore", True),
    ("i can't do this anymore", True),  # with nothing else: met with care
    ("i can't take it anymore", True),
    ("i'm hopeless at cooking", False),
    ("i'm a hopeless romantic", False),
    ("the wifi is hopeless today", False),
    ("i feel hopeless about dating", False),
    ("this project has become a burden", False),
    ("i'm a burden on the budget", False),
    ("i don't feel like a burden anymore", False),
    ("i don't see a future in this job", False),
    ("what's the point of ironing", False),
    ("i can't do this crossword anymore", False),
    ("i can't go on like this with my sleep schedule", False),
    ("i feel worthless", False),  # self-criticism: a self-compassion exercise, not the crisis line
    ("i hate myself for eating that cake", False),
])
def test_hopelessness_and_feeling_a_burden_about_living_not_about_things(phrase, crisis):
    assert safety.screen(phrase).crisis is crisis


@pytest.mark.parametrize("phrase,crisis", [
    ("i've saved up my pills", True),
    ("i'm stockpiling my meds", True),
    ("i looked up how many pills it would take", True),
    ("i bought a rope", True),
    ("i wrote a goodbye note", True),
    ("i've been giving my things away", True),
    ("i'm standing on the bridge", True),
    ("i've saved up my pocket money", False),
    ("i looked up how many pills i can take for a headache", False),
    ("i bought a skipping rope", False),
    ("i bought rope for the washing line", False),
    ("i wrote a goodbye card for my colleague", False),
    ("i wrote a goodbye letter to my anxiety like my therapist said", False),
    ("i'm giving my stuff away because we're moving house", False),
    ("i'm standing on the bridge taking photos", False),
])
def test_plans_and_means_are_read_as_crisis_and_their_everyday_twins_are_not(phrase, crisis):
    found = safety.screen(phrase)
    assert found.crisis is crisis
    assert found.harm_by_other is False


@pytest.mark.parametrize("phrase", [
    "she takes my phone and checks everything",
    "he takes all my money",
    "my husband controls all the money",
    "he tracks my location everywhere i go",
    "he threatens to take the kids",
    "my husband said he'll take the kids if i leave",
    "my boyfriend won't let me see my friends",
    "he won't let me go out without him",
    "my husband isolates me from my family",
    "honestly my partner scares me",
    "my stepdad comes into my room at night",
    "someone is trying to get in",
    "i'm scared to go home",
])
def test_control_and_fear_at_home_are_read_as_harm_by_another(phrase):
    assert safety.screen(phrase) == safety.Screen(crisis=True, harm_by_other=True)


@pytest.mark.parametrize("phrase", [
    "she takes my phone charger all the time",
    "my son takes my phone to play games",
    "my boyfriend won't let me pay for dinner",
    "he tracks my parcels for me",
    "my sister pushed me on the swing",
    "someone is trying to get in touch with me",
    "he scares me with his scary stories",
    "i'm scared",
    "he's going to leave me",
    "we had a huge fight",
])
def test_home_life_that_is_not_harm_stays_clear(phrase):
    assert safety.screen(phrase) == safety.CLEAR


def test_not_being_safe_where_they_are_is_crisis_without_naming_a_person():
    assert safety.screen("i'm not safe here") == safety.Screen(crisis=True, harm_by_other=False)
    assert safety.screen("i'm not safe at home") == safety.Screen(crisis=True, harm_by_other=True)


def test_it_reads_text_as_alexa_sends_it_lowercase_and_unpunctuated():
    assert safety.screen("im not suicidal just tired").crisis is False
    assert safety.screen("i dont want to be here anymore").crisis is True
    assert safety.screen("I DON’T WANT TO LIVE ANYMORE").crisis is True  # curly apostrophe, capitals


# The locale models' crisis samples and people (en-GB "top myself", "my gran", en-IN "mother in law")
# that the screen does not yet hear as free text: on a device the model sends them to CrisisIntent;
# in a free-text slot they are missed until skill/safety.py learns them. Each entry must still be a
# miss (test below): when the screen hears one, it leaves this list.
SCREEN_MISSES: set[str] = set()  # all heard now (slang for killing oneself, poison, torture)
PEOPLE_MISSED: set[str] = set()  # all heard now (bloke, missus, other half, mam, saas, bhaiya...)


def test_the_locale_misses_listed_for_the_lead_are_still_misses():
    still = [s for s in SCREEN_MISSES if safety.screen(s.replace("{who}", "husband")).crisis]
    still += [w for w in PEOPLE_MISSED
              if all(safety.screen(f"my {w} {does}").crisis for does in ("hits me", "won't stop hurting me"))]
    assert not still, f"the screen hears these now: take them out of SCREEN_MISSES / PEOPLE_MISSED: {still}"


@pytest.mark.parametrize("model", MODELS, ids=[m.name for m in MODELS])
def test_every_crisis_sample_in_the_model_would_also_be_caught_as_free_text(model):
    """If Alexa hands the words to a free-text slot instead of CrisisIntent, the screen still sees them."""
    language = json.loads(model.read_text())["interactionModel"]["languageModel"]
    samples = next(i["samples"] for i in language["intents"] if i["name"] == "CrisisIntent")
    people = [name for t in language["types"] if t["name"] == "HarmingPerson" for v in t["values"]
              for name in (v["name"]["value"], *v["name"].get("synonyms", []))]
    spoken = [s.replace("{who}", who) for s in samples if s not in SCREEN_MISSES
              for who in (people if "{who}" in s else [""]) if who not in PEOPLE_MISSED]
    assert not [s for s in spoken if not safety.screen(s).crisis]


@pytest.mark.parametrize("text", [None, 42, "", "   ", ["I want to die"], "x" * 100_000, "\u0000\ufffd<speak>"])
def test_anything_that_is_not_crisis_text_is_clear_and_never_breaks(text):
    assert safety.screen(text) == safety.CLEAR


def test_a_screen_is_a_frozen_verdict():
    verdict = safety.screen("I want to die")
    with pytest.raises(AttributeError):
        verdict.crisis = False


def test_a_very_long_text_is_read_without_trouble():
    assert safety.screen("I want to die. " + "calm " * 20000).crisis
    assert not safety.screen("calm, " * 20000).crisis


# --- where to turn ---------------------------------------------------------------------------------

@pytest.mark.parametrize("locale,crisis,abuse,emergency", [
    ("en-US", ["988", "741741"], ["1-800-799-7233"], "911"),
    ("en-CA", ["9-8-8"], [], "9-1-1"),
    ("en-GB", ["116 123"], ["0808 2000 247"], "999"),
    ("en-IE", ["116 123"], ["1800 341 900"], "112"),
    ("en-AU", ["13 11 14"], ["1800 737 732"], "000"),
    ("en-IN", ["14416"], ["181"], "112"),
])
def test_each_locale_has_its_own_lines(locale, crisis, abuse, emergency):
    res = safety.resources(locale)
    assert [line.number for line in res.spoken(res.crisis)] == crisis
    assert [line.number for line in res.spoken(res.abuse)] == abuse
    assert res.emergency.number == emergency
    assert res.website.address == "findahelpline.com"
    for line in (*res.crisis, *res.abuse, res.emergency):
        assert line.digits == re.sub(r"\D", "", line.number), f"{line.name}: spoken digits differ from the card"


def test_canada_says_plainly_there_is_no_national_line_for_abuse_at_home():
    res = safety.resources("en-CA")
    assert res.abuse == () and res.abuse_national is False
    assert res.abuse_website.address == "sheltersafe.ca"


def test_the_uk_card_has_lines_for_every_nation_not_only_england():
    places = {line.where for line in safety.resources("en-GB").abuse}
    assert {"England", "Scotland", "Wales", "Northern Ireland"} <= places


@pytest.mark.parametrize("locale", ["de-DE", "fr-FR", "ja-JP", "", None, "en-NZ", 7])
def test_elsewhere_means_the_local_emergency_number_and_findahelpline(locale):
    res = safety.resources(locale)
    assert res.crisis == () and res.abuse == () and res.emergency is None
    assert res.website.address == "findahelpline.com"
