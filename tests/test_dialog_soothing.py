"""Self-soothing by voice: hand on heart, the butterfly hug, a safe place, kind phrases."""
import pytest

from skill.scripts import catalogue, soothing

HEARD = {"heart": "hand on heart", "butterfly": "butterfly hug", "safe_place": "safe place", "mantra": "mantra"}


def soothe(talk, technique):
    return talk.say("SoothingIntent", technique=(HEARD[technique], technique))


@pytest.mark.parametrize("technique", list(HEARD))
def test_each_practice_offers_eyes_open_and_closes_kindly(talk, technique):
    talk.launch()
    turn = soothe(talk, technique)
    assert turn.exercise["id"] == "soothing" and turn.exercise["opts"]["technique"] == technique
    assert turn.said("soothing/intro") and turn.said(f"soothing/{technique}")
    assert "keep them open" in turn.text  # the eyes-open way is always offered
    assert turn.card and "Secure Base" in turn.card["title"] and turn.card["content"]
    assert turn.said("common/go_on") and not turn.ended and turn.reprompt
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.YesIntent")
    assert turn.said("soothing/close") and turn.said("common/after_exercise") and not turn.ended


def test_soothe_me_starts_with_a_hand_on_the_heart(talk):
    turn = talk.say("SoothingIntent")
    assert turn.exercise["opts"] == {"technique": "heart", "note": ""}
    assert "hand on your heart" in turn.text and "imagine a warm hand" in turn.text  # touch is optional too


def test_a_practice_we_do_not_have_gets_a_kind_word_and_a_simple_one(talk):
    turn = talk.say("SoothingIntent", technique=("cold shower", None))
    assert turn.exercise["opts"] == {"technique": "heart", "note": "unknown_technique"}
    assert "don't know that one yet" in turn.text


def test_the_butterfly_hug_gives_a_calm_rhythm_then_lets_you_tap_on_your_own(talk):
    turn = soothe(talk, "butterfly")
    assert turn.said("soothing/tap")
    rhythm = turn.text.split("rhythm to start.", 1)[1]
    assert rhythm.count("left") == soothing.TAPS and rhythm.count("right") == soothing.TAPS
    assert "stop tapping, look around the room" in turn.text  # a way out if it stirs up too much


def test_the_safe_place_can_always_come_back_to_the_room(talk):
    turn = soothe(talk, "safe_place")
    assert "If no place comes, that's okay" in turn.text and "come back to the room" in turn.text
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.NextIntent")
    assert "Notice the room you're really in" in turn.text


def test_kind_phrases_are_two_different_ones_and_repeat_says_the_same(talk):
    talk.launch()  # past the first-time disclosure, so the first part is only the practice
    turn = soothe(talk, "mantra")
    first, second = soothing.mantras(turn.exercise["variant"])
    assert first != second
    heard = turn.text
    repeated = talk.say("AMAZON.RepeatIntent")
    assert repeated.text == heard
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.YesIntent")
        heard += turn.text
    assert "out loud, whisper it, or just think it" in heard
    assert heard.count("as you breathe out:") == 6 and "Here's another." in heard


def test_help_pause_and_stop_inside_a_practice(talk):
    start = soothe(talk, "safe_place")
    parts = len(catalogue.get("soothing").turns("en-US", start.exercise["opts"], start.exercise["variant"]))
    help_ = talk.say("AMAZON.HelpIntent")
    assert help_.said("common/help_in_exercise") and f"part 1 of {parts}" in help_.text
    assert "eyes can stay open" in help_.text and parts >= 2
    paused = talk.say("AMAZON.PauseIntent")
    assert paused.said("common/paused") and paused.exercise["paused"]
    resumed = talk.say("AMAZON.ResumeIntent")
    assert resumed.exercise["turn"] == 0 and resumed.said("soothing/safe_place")
    assert talk.say("AMAZON.NextIntent").exercise["turn"] == 1
    assert talk.say("AMAZON.PreviousIntent").exercise["turn"] == 0
    bye = talk.say("AMAZON.CancelIntent")
    assert bye.said("common/goodbye") and bye.ended


def test_no_to_going_on_ends_kindly(talk):
    soothe(talk, "heart")
    turn = talk.say("AMAZON.NoIntent")
    assert turn.said("common/no_thanks") and turn.ended
