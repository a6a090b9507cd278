"""Naming the feeling: named with the person without judgement, noticed in the body, something offered."""
import json
import sqlite3

import pytest

from skill.scripts import feelings


def test_naming_a_feeling_then_noticing_it_then_an_offer_yes_starts_it(talk):
    talk.launch()
    turn = talk.say("FeelingIntent", feeling=("lonely", "lonely"))
    assert turn.said("feelings/intro") and turn.said("feelings/name_it") and turn.said("feelings/notice")
    assert "It sounds like you're feeling lonely" in turn.text and "Where do you feel it in your body?" in turn.text
    assert turn.exercise["id"] == "feelings" and turn.exercise["opts"] == {"feeling": "lonely"}
    assert turn.card and "Naming the feeling" in turn.card["title"] and not turn.ended and turn.reprompt
    # quiet to notice before the question
    ssml = turn.ssml
    assert '<break time="10000ms"/>' in ssml[ssml.index("Where do you feel it"):ssml.index("You can tell me where")]

    turn = talk.say("AMAZON.FallbackIntent")  # "in my chest"
    assert turn.said("feelings/meaning") and turn.said("feelings/close") and turn.said("suggest/offer")
    assert "Would you like to try a warm memory?" in turn.text and turn.state["q"] == "offer:memory"
    assert turn.exercise["done"] and not turn.ended and "yes, or no" in turn.reprompt

    started = talk.say("AMAZON.YesIntent")
    assert started.exercise["id"] == "memory" and started.exercise["turn"] == 0 and started.said("memory/intro")
    assert "q" not in started.state and not started.ended


@pytest.mark.parametrize("feeling", [f for f in feelings.FEELINGS if f != "calm"])
def test_every_feeling_has_its_own_words_and_a_fitting_offer(talk, feeling):
    turn = talk.say("FeelingIntent", feeling=(feeling, feeling))
    assert f"It sounds like you're feeling {feeling}" in turn.text
    end = talk.say("AMAZON.NextIntent")
    assert end.state["q"].startswith("offer:") and "Would you like to" in end.text
    offered = end.state["q"].split(":")[1]
    assert offered in {c[0] for c in feelings.SUGGESTIONS[feeling]} | {"grounding", "breathing"}
    assert talk.say("AMAZON.YesIntent").exercise["id"] == offered


def test_feeling_words_differ_from_feeling_to_feeling():
    from skill import speech

    texts = {speech.render("en-US", "feelings/name_it", feeling=f) for f in (*feelings.FEELINGS, feelings.UNKNOWN)}
    assert len(texts) == len(feelings.FEELINGS) + 1


def test_anxious_is_offered_the_gentle_breathing(talk):
    talk.say("FeelingIntent", feeling=("anxiety", "anxious"))
    offer = talk.say("AMAZON.NextIntent")
    assert offer.state["q"] == "offer:breathing:technique=extended_exhale"
    started = talk.say("AMAZON.YesIntent")
    assert started.exercise["opts"]["technique"] == "extended_exhale" and "Hold" not in started.text


def test_feeling_better_is_noticed_too(talk):
    turn = talk.say("FeelingIntent", feeling=("good", "calm"))
    assert "feeling calmer" in turn.text and "ease in your body" in turn.text
    assert "This one can shift" not in talk.say("AMAZON.NextIntent").text


def test_a_feeling_we_have_no_words_for_is_a_hard_feeling(talk):
    turn = talk.say("FeelingIntent", feeling=("weird", None))
    assert turn.exercise["opts"] == {"feeling": "unknown"} and "a hard feeling" in turn.text


def test_no_feeling_asks_once_kindly(talk):
    talk.launch()
    ask = talk.say("FeelingIntent")
    assert ask.said("feelings/ask_feeling") and "It's okay not to know" in ask.text
    assert ask.state["q"] == "feeling" and ask.exercise is None and not ask.ended and ask.reprompt
    turn = talk.say("FeelingIntent", feeling=("numb", "numb"))
    assert turn.exercise["opts"] == {"feeling": "numb"} and "feeling numb" in turn.text


def test_no_word_comes_and_we_notice_it_together(talk):
    talk.say("FeelingIntent")
    turn = talk.say("AMAZON.NextIntent")
    assert turn.exercise["id"] == "feelings" and turn.exercise["opts"] == {"feeling": "unknown"}
    assert "a hard feeling" in turn.text and not turn.ended


def test_an_answer_that_sounds_like_a_feeling_moves_on(talk):
    talk.say("FeelingIntent", feeling=("scared", "scared"))
    turn = talk.say("FeelingIntent", feeling=("it in my chest", None))  # "I feel it in my chest"
    assert turn.exercise["id"] == "feelings" and turn.exercise["opts"] == {"feeling": "scared"}
    assert turn.exercise["turn"] == 1 and turn.said("feelings/meaning")


def test_naming_another_feeling_during_another_exercise_names_it(talk):
    talk.say("GroundingIntent")
    turn = talk.say("FeelingIntent", feeling=("overwhelmed", "overwhelmed"))
    assert turn.exercise["id"] == "feelings" and "feeling overwhelmed" in turn.text


def test_no_to_the_offer_keeps_the_door_open(talk):
    talk.say("FeelingIntent", feeling=("sad", "sad"))
    talk.say("AMAZON.NextIntent")
    turn = talk.say("AMAZON.NoIntent")
    assert turn.said("suggest/declined") and not turn.ended and turn.reprompt
    assert turn.state["q"] == "menu"


def test_repeat_help_previous_and_stop(talk):
    talk.say("FeelingIntent", feeling=("angry", "angry"))
    again = talk.say("AMAZON.RepeatIntent")
    assert again.exercise["turn"] == 0 and "feeling angry" in again.text
    help_turn = talk.say("AMAZON.HelpIntent")
    assert help_turn.said("common/help_in_exercise") and "step 1 of 2" in help_turn.text and not help_turn.ended
    talk.say("AMAZON.NextIntent")
    back = talk.say("AMAZON.PreviousIntent")
    assert back.exercise["turn"] == 0 and not back.exercise["done"]
    bye = talk.say("AMAZON.StopIntent")
    assert bye.said("common/goodbye") and bye.ended


def test_the_feeling_is_never_stored(talk, config):
    talk.launch()
    talk.say("FeelingIntent", feeling=("ashamed", "ashamed"))
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.StopIntent")
    with sqlite3.connect(config.sqlite_path) as db:
        rows = json.dumps(db.execute("SELECT * FROM users").fetchall())
    assert rows != "[]" and "ashamed" not in rows


def test_openings_and_closings_have_two_phrasings():
    from skill import speech

    for key in ("feelings/intro", "feelings/close"):
        assert len({speech.render("en-US", key, variant=v, feeling="sad") for v in range(4)}) >= 2


def test_worthless_is_named_as_it_was_said_not_relabelled(talk):
    turn = talk.say("FeelingIntent", feeling=("worthless", "worthless"))
    assert "feeling worthless" in turn.text and "ashamed" not in turn.text
    assert "isn't the truth about your worth" in turn.text and not turn.ended
