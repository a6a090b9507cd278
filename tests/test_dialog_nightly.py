"""Nightly self-compassion by voice: short or long, timed, and it says goodnight and closes."""
import pytest

from skill import pacing, speech
from skill.scripts import catalogue


def planned_seconds(opts, variant):
    measure = speech.measure_for("en-US")
    return sum(pacing.total_seconds(t, measure) for t in catalogue.get("nightly").turns("en-US", opts, variant))


@pytest.mark.parametrize("length,minutes", [("short", 3), ("long", 8)])
def test_the_practice_lasts_its_length_asks_once_and_closes_softly(talk, length, minutes):
    talk.launch()
    turn = talk.say("SelfCompassionIntent", length=(length, length))
    assert turn.exercise["id"] == "nightly" and turn.exercise["opts"] == {"length": length}
    assert f"about {'eight' if length == 'long' else 'three'} minutes" in turn.text
    assert "Close your eyes if that feels okay, or let them rest" in turn.text
    assert turn.card and "Nightly self-compassion" in turn.card["title"]
    assert pacing.within_tolerance(planned_seconds(turn.exercise["opts"], turn.exercise["variant"]), minutes * 60)
    # the one question, soft, and nothing after it if they drift off: no reprompt
    assert turn.said("common/go_on_night") and not turn.said("common/go_on") and not turn.ended
    assert not turn.reprompt and "reprompt" not in turn.response
    rest = talk.say("AMAZON.YesIntent")
    said = set(turn.keys) | set(rest.keys)
    assert {"nightly/notice", "nightly/humanity", "nightly/kindness"} <= said  # noticing, common humanity, kindness
    assert rest.said("nightly/close") and "goodnight" in rest.text.lower() and rest.ended
    assert not rest.reprompt and "reprompt" not in rest.response
    assert not rest.said("common/after_exercise") and not rest.said("common/go_on_night") and "?" not in rest.text
    assert rest.exercise is None  # nothing left to resume in this session


@pytest.mark.parametrize("length", ["short", "long"])
def test_the_first_part_and_its_question_fit_a_turn_that_waits_for_a_reply(length):
    measure = speech.measure_for("en-US")
    exercise = catalogue.get("nightly")
    first = exercise.turns("en-US", {"length": length}, 0)[0]
    assert pacing.total_seconds(first, measure) + measure("common/go_on_night", {}) <= pacing.TURN_BUDGET_SECONDS


def test_a_silence_after_the_one_question_ends_it_gently(talk):
    from builders import session_ended

    turn = talk.say("SelfCompassionIntent", length=("long", "long"))
    assert not turn.reprompt and not turn.ended
    quiet = talk(session_ended("EXCEEDED_MAX_REPROMPTS"))  # Alexa waited, heard nothing, and closed the session
    assert "outputSpeech" not in quiet.response


def test_self_compassion_without_a_length_is_the_short_one(talk):
    turn = talk.say("SelfCompassionIntent")
    assert turn.exercise["opts"] == {"length": "short"}


def test_a_length_we_do_not_know_is_the_short_one(talk):
    turn = talk.say("SelfCompassionIntent", length=("medium", None))
    assert turn.exercise["opts"] == {"length": "short"}


def whole_practice(talk, heard, length):
    turn = talk.say("SelfCompassionIntent", length=(heard, length))
    text = turn.text
    while not turn.ended:
        turn = talk.say("AMAZON.NextIntent")
        text += " " + turn.text
    return text


def test_the_long_practice_has_more_time_for_kindness(talk):
    short = whole_practice(talk, "quick", "short")
    long = whole_practice(talk, "longer", "long")
    for words in ("a dear friend", "took some effort", "loosen your grip", "you don't carry this alone"):
        assert words in long and words not in short
    for words in ("name what you're feeling", "not the only one", "a few kind words", "let the day go"):
        assert words in short and words in long


def test_help_pause_and_repeat_during_the_practice(talk):
    first = talk.say("SelfCompassionIntent", length=("long", "long"))
    help_ = talk.say("AMAZON.HelpIntent")
    assert help_.said("common/help_in_exercise") and "part 1 of 2" in help_.text and not help_.ended
    assert talk.say("AMAZON.RepeatIntent").text in first.text  # the same part (without the first-time disclosure)
    paused = talk.say("AMAZON.PauseIntent")
    assert paused.exercise["paused"] and not paused.ended
    assert talk.say("AMAZON.ResumeIntent").text in first.text


def test_slower_during_the_practice_keeps_its_length(talk):
    talk.say("SelfCompassionIntent")
    turn = talk.say("SlowerIntent")
    assert turn.said("pace/not_here") and turn.exercise["opts"] == {"length": "short"} and not turn.ended


def test_stopping_at_night_is_always_fine(talk):
    talk.say("SelfCompassionIntent", length=("long", "long"))
    turn = talk.say("AMAZON.NoIntent")
    assert turn.said("common/no_thanks") and turn.ended
