"""Breathing by voice: every technique, lengths and rounds, slower and faster, counting aloud, skip."""
import pytest

from skill import pacing

TECHNIQUES = {
    "box": ("box breathing", "in for four, hold for four"),
    "four_seven_eight": ("four seven eight", "hold for seven"),
    "coherent": ("coherent breathing", "just as long"),
    "sigh": ("physiological sigh", "small sip of air"),
    "extended_exhale": ("long exhale", "a little longer than the breath in"),
}


def breathe(talk, technique="box", **slots):
    heard, _ = TECHNIQUES[technique]
    return talk.say("BreathingIntent", technique=(heard, technique), **slots)


@pytest.mark.parametrize("technique", list(TECHNIQUES))
def test_each_technique_runs_to_a_whole_breath_and_a_kind_close(talk, technique):
    talk.launch()
    turn = breathe(talk, technique, duration="PT3M")
    assert turn.exercise["opts"]["technique"] == technique and turn.exercise["opts"]["minutes"] == 3
    assert TECHNIQUES[technique][1] in turn.text
    assert turn.card and turn.card["content"]
    assert turn.said("common/go_on") and not turn.ended and turn.reprompt
    if not pacing.TECHNIQUES[technique].holds:
        assert "Hold" not in turn.text and "hold" not in turn.text.replace("holding", "")
    turns = 1
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.YesIntent")
        turns += 1
        assert turn.text.startswith("Breathe in"), turn.text[:80]  # each turn after the first begins breathing in
    assert turn.said("breathing/rest") and turn.said("breathing/close") and turn.said("common/after_exercise")
    assert 2 <= turns <= 4 and not turn.ended


def test_a_duration_or_a_number_of_rounds(talk):
    turn = breathe(talk, "four_seven_eight", rounds="4")
    assert turn.exercise["opts"]["rounds"] == 4 and turn.exercise["opts"]["minutes"] is None
    assert "4 breaths" in turn.text
    turn = breathe(talk, "coherent", duration="PT1M30S")
    assert turn.exercise["opts"]["minutes"] == 1.5 and "a minute and a half" in turn.text


def test_someone_panicking_gets_the_gentle_default_with_no_holds(talk):
    turn = talk.say("BreathingIntent")  # "I'm panicking"
    assert turn.exercise["opts"]["technique"] == "extended_exhale"
    assert "No holding" in turn.text or "no holding" in turn.text
    assert "Hold" not in turn.text


def test_slower_re_plans_from_where_you_are_and_is_remembered(talk):
    talk.launch()
    first = breathe(talk, "box", duration="PT5M")
    turn = talk.say("SlowerIntent")  # "that's too fast"
    assert turn.said("pace/changed") and "a little slower" in turn.text
    assert turn.exercise["opts"]["pace"] == 1 and turn.exercise["opts"]["minutes"] == 5
    assert turn.exercise["turn"] >= 1 and not turn.exercise["done"]
    assert not turn.said("breathing/intro") and turn.said("breathing/cue")  # carries on, no starting over
    assert turn.said("common/go_on") and not turn.ended
    assert "[pause 3.8s]" in turn.text and "[pause 3.8s]" not in first.text  # four counts, each 15% longer
    talk.say("AMAZON.StopIntent")
    # next time, the slower pace is already there
    talk.launch()
    again = breathe(talk, "extended_exhale")
    assert again.exercise["opts"]["pace"] == 1 and "a little slower" in again.text


def test_faster_then_the_limit_is_said_kindly(talk):
    breathe(talk, "box", duration="PT10M")
    levels = []
    for _ in range(4):
        turn = talk.say("FasterIntent")
        levels.append(turn.exercise["opts"]["pace"])
    assert levels == [-1, -2, -2, -2]
    assert turn.said("pace/limit") and "as quick as this one goes" in turn.text
    assert turn.said("breathing/cue") and not turn.ended  # and the breathing carries on


def test_four_seven_eight_never_stretches_its_hold_far(talk):
    breathe(talk, "four_seven_eight", duration="PT5M")
    assert talk.say("SlowerIntent").exercise["opts"]["pace"] == 1
    turn = talk.say("SlowerIntent")
    assert turn.said("pace/limit") and turn.exercise["opts"]["pace"] == 1


def test_counting_out_loud_is_an_option_of_the_same_breathing(talk):
    breathe(talk, "box", duration="PT5M")
    turn = talk.say("CountAloudIntent", counting=("out loud", "aloud"))  # "count out loud for me"
    assert turn.said("pace/count_changed") and turn.exercise["opts"]["count"] is True
    assert turn.said("breathing/count") and "Breathe in [pause" in turn.text and " 2 [pause" in turn.text
    assert turn.exercise["opts"]["technique"] == "box" and turn.exercise["opts"]["minutes"] == 5
    again = talk.say("CountAloudIntent", counting=("out loud", "aloud"))
    assert again.said("pace/count_already")
    quiet = talk.say("CountAloudIntent")  # "stop counting"
    assert quiet.exercise["opts"]["count"] is False and not quiet.said("breathing/count")
    assert "no more counting" in quiet.text


def test_counting_and_pace_asked_outside_breathing_are_kept_for_next_time(talk):
    talk.launch()
    turn = talk.say("CountAloudIntent", counting=("with me", "aloud"))
    assert turn.said("pace/count_remembered") and turn.said("common/menu") and not turn.ended
    turn = talk.say("FasterIntent")
    assert turn.said("pace/remembered") and "a little quicker" in turn.text
    turn = talk.say("BreathingIntent")
    assert turn.exercise["opts"]["count"] is True and turn.exercise["opts"]["pace"] == -1
    assert turn.said("breathing/count")


def test_pace_in_an_exercise_without_one_loses_nothing(talk):
    talk.say("GroundingIntent")
    turn = talk.say("SlowerIntent")
    assert turn.said("pace/not_here") and turn.exercise["turn"] == 0 and "say next" in turn.text
    assert not turn.ended and turn.reprompt
    assert "four things you can feel" in talk.say("AMAZON.NextIntent").text


def test_skip_moves_on_and_paused_slower_picks_up_again(talk):
    breathe(talk, "extended_exhale", duration="PT5M")
    skipped = talk.say("AMAZON.NextIntent")  # "skip this part"
    assert skipped.exercise["turn"] == 1 and skipped.text.startswith("Breathe in")
    paused = talk.say("AMAZON.PauseIntent")
    assert paused.exercise["paused"]
    turn = talk.say("SlowerIntent")
    assert not turn.exercise["paused"] and turn.exercise["opts"]["pace"] == 1 and turn.said("breathing/cue")


def test_help_says_where_you_are_and_how_to_change_the_pace(talk):
    breathe(talk, "box", duration="PT5M")
    turn = talk.say("AMAZON.HelpIntent")
    assert turn.said("common/help_in_exercise") and "part 1 of" in turn.text
    assert "slower or faster" in turn.text and "count out loud" in turn.text
    assert turn.exercise["turn"] == 0 and not turn.ended


def test_repeat_previous_and_start_over_keep_the_plan(talk):
    breathe(talk, "sigh", duration="PT5M")
    second = talk.say("AMAZON.YesIntent")
    assert talk.say("AMAZON.RepeatIntent").text == second.text
    assert talk.say("AMAZON.PreviousIntent").exercise["turn"] == 0
    talk.say("AMAZON.YesIntent")
    restart = talk.say("AMAZON.StartOverIntent")
    assert restart.exercise["turn"] == 0 and restart.said("breathing/intro")


def test_tampered_pace_is_not_trusted(talk):
    talk.attributes = {"sb": {"v": 1, "ex": {"id": "breathing", "turn": 1, "variant": 0, "opts": {
        "technique": "four_seven_eight", "minutes": 5, "rounds": None, "pace": 3, "count": False, "note": ""}}}}
    turn = talk.say("SlowerIntent")
    assert "something went wrong" not in turn.text and not turn.ended
    assert turn.exercise is None and turn.said("pace/remembered")
