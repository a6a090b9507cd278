"""Hearing people as they speak: their own words reach the right exercise, and no crisis goes unheard.

The conversations the hearing issue quoted, typed into the console's resolver as a fresh person
would say them; how a carrier's words are screened and read; and the development set
(tests/data/hearing/dev.tsv, written fresh, not from the model) through virtual-alexa and the
console, with floors set a little under what this build measured. The figures print at the end
of the run. tests/data/hearing/holdout.tsv is measured and printed, never tuned to.
"""
from __future__ import annotations

import pytest

from skill import app, hearing, nlu, safety, speech
from skill.config import Config

import hearing_eval
import privacy_watch
from builders import Conversation, intent
from servers import require_node_tools

# Floors: measured on this build (see the printed figures), minus a small margin.
FLOORS = {
    "virtual-alexa": {"features": 0.90, "crisis": 0.95, "crisis_exercise": 0.95, "distress": 0.93, "refusal": 0.88,
                      "answer": 0.85},
    "console": {"features": 0.90, "crisis": 0.95, "crisis_exercise": 0.95, "distress": 0.93, "refusal": 0.88,
                "answer": 0.85},
}
MAX_IDIOM_ALARMS = 2


class Console:
    """A fresh person typing into the console: words -> the console's resolver -> the skill."""

    def __init__(self, skill, user: str = "amzn1.ask.account.FRESH"):
        self.talk = Conversation(lambda body: app.invoke(skill, body), user_id=user)

    def __call__(self, words: str):
        understood = nlu.understand(words, tolerant=True)
        request = understood.request() if understood else intent("AMAZON.FallbackIntent")
        return self.talk(request)


@pytest.fixture
def console(tmp_path):
    return Console(app.build(Config(store="sqlite", sqlite_path=str(tmp_path / "store.sqlite3"))))


def crisis(turn) -> bool:
    return hearing_eval.crisis_answered(turn)


# --- the conversations quoted in the issue ---------------------------------------------------------

@pytest.mark.parametrize("words", ["I'm going to hurt myself", "I feel like a burden", "I feel hopeless",
                                   "the thought is it would be easier if I wasn't here", "i want to die"])
def test_a_disclosure_at_the_menu_gets_the_crisis_answer_with_the_number_first(console, words):
    console("open secure base")
    turn = console(words)
    assert crisis(turn), turn.text
    first_two = " ".join(turn.text.split(". ")[:2])
    assert "9 8 8" in first_two or "988" in first_two.replace(" ", ""), turn.text


def test_in_grounding_not_wanting_to_be_here_is_heard(console):
    console("open secure base")
    console("grounding")
    turn = console("I don't want to be here")
    assert crisis(turn) and "four things you can feel" not in turn.text.lower()


def test_in_repair_a_partner_pushing_them_leads_with_the_abuse_line_and_no_apology_is_asked(console):
    console("open secure base")
    console("we had a fight")
    turn = console("he pushed me")
    assert crisis(turn) and turn.state.get("care") == "harmed"
    assert turn.text.index("Domestic Violence Hotline") < turn.text.index("Suicide and Crisis Lifeline")
    for later in ("next", "yes"):
        assert "sorry for your part" not in console(later).text.lower()


def test_saying_i_hate_myself_again_and_again_is_answered_with_care_not_the_same_line(console):
    console("open secure base")
    answers = [console("I hate myself") for _ in range(4)]
    assert all(not a.said("common/fallback") for a in answers)
    assert answers[0].said("listening/reflect") and (answers[0].state.get("q") or "").startswith("offer:nightly")


@pytest.mark.parametrize("words,offered", [
    ("I'm scared", "breathing"), ("I can't stop crying", "soothing"), ("I'm having a flashback", "grounding"),
    ("he's going to leave me", "soothing"), ("I feel like I'm not real", "grounding"),
    ("my thoughts won't stop racing", "breathing"), ("I'm so stupid", "nightly"), ("I feel numb", "feelings"),
])
def test_distress_is_heard_and_the_one_exercise_that_fits_is_offered(console, words, offered):
    console("open secure base")
    turn = console(words)
    assert not crisis(turn) and turn.said("listening/reflect"), turn.text
    assert (turn.state.get("q") or "").startswith(f"offer:{offered}"), turn.state
    started = console("yes")
    assert started.exercise["id"] == offered and not started.said("common/welcome_first")


def test_someone_panicking_is_not_asked_a_question_first(console):
    turn = console("ask secure base i'm panicking")
    assert turn.exercise and turn.exercise["id"] == "breathing" and turn.exercise["opts"]["technique"] == "extended_exhale"


@pytest.mark.parametrize("words", ["butterfly hug", "safe place", "hand on heart"])
def test_soothing_techniques_by_name(console, words):
    console("open secure base")
    assert console(words).exercise["id"] == "soothing"


@pytest.mark.parametrize("exercise,words", [
    ("inner child", "no"), ("inner child", "I don't want to"), ("inner child", "I don't want to think about my childhood"),
    ("grounding", "this isn't working"), ("grounding", "I feel worse"), ("box breathing", "I can't do this"),
])
def test_a_no_inside_an_exercise_pauses_it_and_offers_a_choice(console, exercise, words):
    console("open secure base")
    console(exercise)
    turn = console(words)
    assert turn.said("listening/pause_for_care") and turn.exercise["paused"] and not crisis(turn), turn.text
    assert "eyes open" in turn.text and "gentler" in turn.text and "stop" in turn.text
    assert console("yes").exercise["opts"]["technique"] == "body"  # grounding, eyes open, from the start


def test_after_a_pause_something_gentler_or_carrying_on(console):
    console("open secure base")
    console("inner child")
    console("no")
    assert console("something gentler").exercise["id"] == "soothing"
    console("inner child")
    console("no")
    assert console("resume").exercise["id"] == "reparenting"


def test_no_good_memories_gets_other_ways_in(console):
    console("open secure base")
    console("a happy memory")
    turn = console("I don't have any good memories")
    assert turn.said("listening/no_memory") and "pet" in turn.text and turn.exercise["turn"] == 0


def test_an_ordinary_answer_still_moves_the_step_on(console):
    console("open secure base")
    console("a happy memory")
    assert console("my grandma's kitchen").exercise["turn"] == 1


def test_answers_to_our_own_questions_keep_working(console):
    console("open secure base")
    asked = console("help me name my feeling")
    assert asked.state.get("q") == "feeling"
    named = console("I feel lonely")
    assert named.exercise["id"] == "feelings" and named.exercise["opts"]["feeling"] == "lonely"
    console("open secure base")
    console("reframe a thought")
    assert console("nobody likes me").exercise["id"] == "reframing"


def test_the_fallback_is_kind_and_adds_a_safety_line_from_the_second_miss(console):
    console("open secure base")
    first = console("blorp glorp")
    assert first.said("common/fallback") and "how you're feeling" in first.text  # never a bare "didn't catch that"
    assert not first.said("listening/safety_line")
    second = console("zzkk qqwv")
    assert second.said("listening/safety_line") and "who can I call" in second.text
    third = console("mmrph")
    assert third.said("listening/many_misses") and (third.state.get("q") or "").startswith("offer:grounding")


def test_an_unknown_technique_never_starts_the_wrong_exercise(skill):
    talk = Conversation(lambda body: app.invoke(skill, body))
    talk.launch()
    turn = talk.say("BreathingIntent", technique=("inner child work", None))
    assert turn.exercise["id"] == "reparenting"


# --- how words are screened and read ----------------------------------------------------------------

def test_a_slot_is_screened_with_its_carrier_never_bare():
    heard = hearing.sentences("en-US", "SayFeelIntent", {"words": "like a burden"})
    assert "i feel like a burden" in heard and "i'm feeling like a burden" in heard
    assert safety.screen_all(heard).crisis
    thought = hearing.sentences("en-US", "ThoughtIntent", {"thought": "it would be easier if i wasn't here"})
    assert safety.screen_all(thought).crisis


def test_every_carrier_intent_knows_its_carrier():
    data = hearing.model_data("en-US")["intents"]
    carriers = {name: d for name, d in data.items() if "carrier" in d}
    assert len(carriers) >= 20
    for name, body in carriers.items():
        assert body["slots"]["words"]["type"] == "AMAZON.SearchQuery", name


@pytest.mark.parametrize("sentence,kind,name", [
    ("i feel so alone tonight", "distress", "loneliness"),
    ("my heart is pounding", "distress", "panic"),
    ("can we do some slow breathing", "feature", "breathing"),
    ("something for my inner child", "feature", "reparenting"),
    ("remind me to do my practice before bed", "feature", "reminder"),
    ("erase my progress", "feature", "delete_data"),
])
def test_the_lexicon_reads_what_a_sentence_is_about(sentence, kind, name):
    reading = hearing.read(sentence)
    found = reading.distress if kind == "distress" else reading.feature
    assert found is not None and found.name == name, reading


def test_stems_let_the_lexicon_hear_word_forms():
    assert hearing.read("we were grounded by the senses").feature.name == "grounding"
    assert hearing.read("breaths").feature.name == "breathing"


# --- the development set ----------------------------------------------------------------------------

_reports: dict = {}


def report(path: str, name: str = "dev") -> hearing_eval.Report:
    if (path, name) not in _reports:
        if path == "virtual-alexa":
            require_node_tools("virtual-alexa")
        _reports[(path, name)] = hearing_eval.evaluate(path, name)
    return _reports[(path, name)]


@pytest.fixture(scope="module", params=["virtual-alexa", "console"])
def measured(request):
    found = report(request.param)
    held = report(request.param, "holdout")
    figures = request.config.stash.setdefault(privacy_watch.FIGURES, [])
    figures += found.lines() + [line.replace("hearing (", "hearing, held-out set (") for line in held.lines()[:6]]
    return found


def _rate(report_: hearing_eval.Report, keep) -> float:
    hit, total = report_.share(keep)
    return hit / total if total else 1.0


def test_the_development_set_is_big_and_varied():
    chosen = hearing_eval.cases("dev")
    kinds = {k: sum(1 for c in chosen if c.kind == k) for k in ("feature", "crisis", "benign")}
    assert len(chosen) >= 500 and kinds["crisis"] >= 120 and kinds["benign"] >= 80, kinds
    assert {c.detail for c in chosen if c.kind == "crisis"} >= {"direct", "passive", "hopeless", "burden", "selfharm",
                                                                 "plan", "abuse", "unsafe"}


# --- each locale's own phrasings, from its own model ---------------------------------------------------

# what each locale's own set must reach (a few cases each: one miss is a few percent)
LOCALE_FLOORS = {"features": 0.90, "crisis": 0.90, "distress": 0.90, "refusal": 0.5}
LOCALE_RUNS = [(path, loc) for loc in hearing_eval.locale_sets() for path in ("virtual-alexa", "console")]


@pytest.fixture(scope="module", params=LOCALE_RUNS, ids=[f"{p}-{loc}" for p, loc in LOCALE_RUNS])
def in_locale(request):
    path, locale = request.param
    if path == "virtual-alexa":
        require_node_tools("virtual-alexa")
    if (path, locale) not in _reports:
        _reports[(path, locale)] = hearing_eval.evaluate(path, hearing_eval.locale_sets()[locale], locale)
        request.config.stash.setdefault(privacy_watch.FIGURES, []).extend(
            line.replace("hearing (", f"hearing, {locale}'s own set (", 1) for line in _reports[(path, locale)].lines())
    return _reports[(path, locale)]


def test_every_locale_has_its_own_phrasings():
    assert set(hearing_eval.locale_sets()) == set(speech.LOCALES) - {speech.DEFAULT_LOCALE}
    for locale, name in hearing_eval.locale_sets().items():
        chosen = hearing_eval.cases(name)
        kinds = {c.kind for c in chosen}
        assert len(chosen) >= 30 and kinds >= {"feature", "crisis", "distress", "benign", "refusal"}, locale
        assert not {c.words for c in chosen} & {c.words for c in hearing_eval.cases("dev")}, locale


def test_each_locale_hears_its_own_phrasings(in_locale):
    misses = "\n".join(in_locale.misses())
    for kind in ("features", "crisis", "distress", "refusal"):
        chosen = kind.removesuffix("s") if kind == "features" else kind
        assert _rate(in_locale, lambda c, k=chosen: c.kind == k) >= LOCALE_FLOORS[kind], f"{kind}:\n{misses}"
    alarms = [c.words for c, _, label in in_locale.results if label == "false alarm"]
    assert not alarms, alarms


@pytest.mark.parametrize("locale", sorted(hearing_eval.locale_sets()))
def test_every_crisis_of_the_development_set_is_heard_in_every_locale(locale):
    """The base set's disclosures said in each locale, through virtual-alexa from that locale's model."""
    require_node_tools("virtual-alexa")
    found = hearing_eval.evaluate("virtual-alexa", "dev", locale, keep=lambda c: c.kind == "crisis")
    assert _rate(found, lambda c: True) >= FLOORS["virtual-alexa"]["crisis"], "\n".join(found.misses())


def test_features_reach_their_feature(measured):
    rate = _rate(measured, lambda c: c.kind == "feature")
    assert rate >= FLOORS[measured.path]["features"], "\n".join(measured.misses())


def test_crisis_disclosures_reach_the_crisis_answer(measured):
    assert _rate(measured, lambda c: c.kind == "crisis") >= FLOORS[measured.path]["crisis"], "\n".join(measured.misses())
    assert _rate(measured, lambda c: c.kind == "crisis" and c.where == "exercise") >= \
        FLOORS[measured.path]["crisis_exercise"]


def test_idioms_do_not_alarm(measured):
    alarms = [c for c, _, label in measured.results if c.kind == "benign" and label == "false alarm"]
    assert len(alarms) <= MAX_IDIOM_ALARMS, alarms


def test_distress_refusals_and_answers(measured):
    floors = FLOORS[measured.path]
    for kind in ("distress", "refusal", "answer"):
        assert _rate(measured, lambda c, k=kind: c.kind == k) >= floors[kind], kind


def _seconds_before_first_breath(ssml: str) -> float:
    """Planned seconds before "breathe in" starts: words at the engine's 150 a minute, breaks as written."""
    import re as _re

    from skill import pacing

    head = ssml.split("Breathe in")[0]
    pauses = sum(float(ms) / 1000 for ms in _re.findall(r'<break time="(\d+)ms"/>', head))
    pauses += sum(float(s) for s in _re.findall(r'<break time="([\d.]+)s"/>', head))
    return pacing.speech_seconds(speech_text(head)) + pauses


def speech_text(ssml: str) -> str:
    from skill import speech

    return speech.to_text(ssml)


@pytest.mark.parametrize("words", ["ask secure base i'm panicking", "ask secure base i'm having a panic attack"])
def test_someone_panicking_hears_the_first_breath_within_seconds_and_the_disclosure_after(console, words):
    turn = console(words)  # a first-time person, as a one-shot
    assert turn.exercise["id"] == "breathing" and turn.exercise["opts"]["technique"] == "extended_exhale"
    assert "hold" not in turn.text.lower().split("no holding")[0]
    assert _seconds_before_first_breath(turn.ssml) <= 10, turn.text
    assert turn.said("common/disclosure_short")
    assert turn.ssml.index("Breathe in") < turn.ssml.index(speech_text_of("common/disclosure_short")[:20])


def speech_text_of(key: str) -> str:
    from skill import speech

    return speech.render("en-US", key)


# --- our own words need no screen ------------------------------------------------------------------

def _catalogue_sentences():
    for locale in sorted(hearing._known_locales()):
        for name, data in hearing.model_data(locale)["intents"].items():
            if name == "CrisisIntent":  # its words are the crisis answer's whatever they are
                continue
            for slot, spec in (data.get("slots") or {}).items():
                for value in sorted(hearing._catalogue(locale, spec["type"])):
                    yield locale, name, slot, value


def test_no_word_of_our_own_catalogue_alarms_the_screen_in_any_carrier_so_skipping_it_changes_no_answer():
    alarmed = []
    for locale, name, slot, value in _catalogue_sentences():
        said = hearing.sentences(locale, name, {slot: value})
        found = safety.screen_all(said, third=False)
        if not found.crisis:
            found = hearing._third_reading(max(said, key=len), "")
        if found.crisis:
            alarmed.append((locale, name, value))
    assert len(list(_catalogue_sentences())) > 2000
    assert not alarmed


def test_a_catalogue_word_or_a_typed_value_alexa_wrote_is_quiet_and_anything_else_is_screened():
    quiet = hearing.quiet("en-US", "BreathingIntent", {"technique": "Box", "duration": "PT5M", "rounds": "4",
                                                        "bed": "i want to die"})
    assert quiet == {"technique": "Box", "duration": "PT5M", "rounds": "4"}
    assert hearing.quiet("en-US", "BreathingIntent", {"duration": "five minutes", "technique": "box and i want to die"}) == {}
    assert hearing.quiet("en-US", "ReminderIntent", {"time": "21:30"}) == {"time": "21:30"}
    assert hearing.quiet("en-US", "ReminderIntent", {"time": "nine i will kill myself"}) == {}


def test_crisis_words_in_a_typed_slot_or_a_catalogue_slot_still_get_the_crisis_answer(console):
    skill = app.build(Config(store="memory"))
    talk = Conversation(lambda body: app.invoke(skill, body))
    talk.launch()
    assert crisis(talk(intent("BreathingIntent", technique=("box", "box"), duration="i want to kill myself")))
    talk = Conversation(lambda body: app.invoke(skill, body))
    talk.launch()
    assert crisis(talk(intent("GroundingIntent", technique=("i want to end my life", None))))


@pytest.mark.parametrize("words", ["suggest something, I'm on edge", "what should I do when I'm on edge",
                                   "I want to do the letter writing for my inner child",
                                   "inner child writing a letter", "I cut it fine getting to the station",
                                   "I'm at the end of my rope with the bedtime routine"])
def test_everyday_ways_to_name_a_feeling_or_an_exercise_are_not_heard_as_danger(console, words):
    console("open secure base")
    turn = console(words)
    assert not crisis(turn), turn.text


@pytest.mark.parametrize("words", ["I'm at the end of my rope", "I'm at the end of my rope with living"])
def test_the_end_of_ones_rope_said_bare_or_about_living_is_still_heard(words):
    assert safety.screen(words).crisis
