"""Learning about attachment: each style in under a minute, kind, ending with what helps; never a diagnosis."""
import re

import pytest

from skill import speech
from skill.scripts import learning


@pytest.mark.parametrize("style", learning.STYLES)
@pytest.mark.parametrize("tour", [False, True])
def test_each_style_takes_under_a_minute_and_ends_with_what_helps(style, tour):
    for variant in range(4):
        ssml = speech.render("en-US", "learning/style", style=style, tour=tour, variant=variant)
        assert speech.seconds(ssml) < 60, (style, speech.seconds(ssml))
        text = speech.to_text(ssml)
        assert "You might recognise" in text
        assert "What tends to help" in text[len(text) // 2:]


def test_no_style_is_ever_a_diagnosis():
    every = " ".join(speech.render("en-US", key, style=s, tour=t, variant=v)
                     for key in ("learning/style", "learning/close") for s in learning.STYLES
                     for t in (False, True) for v in range(2))
    assert not re.search(r"\byou (are|have) (an? )?(anxious|avoidant|disorgani[sz]ed|insecure)", every, re.I)
    assert "not a diagnosis" in speech.render("en-US", "learning/close", tour=False, variant=0)


def test_one_style_then_something_that_tends_to_help(talk):
    talk.launch()
    turn = talk.say("LearnIntent", style=("dismissive avoidant", "avoidant"))
    assert turn.said("learning/style") and turn.said("learning/close") and turn.said("suggest/offer")
    assert "The avoidant style" in turn.text and "You might recognise it" in turn.text
    assert turn.exercise == {**turn.exercise, "id": "learning", "opts": {"style": "avoidant"}, "done": True}
    assert turn.card and "The avoidant attachment style" in turn.card["title"]
    assert turn.card and "not a diagnosis" in turn.card["content"]
    assert turn.state["q"] == "offer:memory" and "Would you like to try a warm memory?" in turn.text
    assert not turn.ended and turn.reprompt
    started = talk.say("AMAZON.YesIntent")
    assert started.exercise["id"] == "memory"


def test_the_anxious_style_offers_comfort(talk):
    turn = talk.say("LearnIntent", style=("anxious", "anxious"))
    assert turn.state["q"] == "offer:soothing:technique=heart"
    assert "hand on heart" in turn.text


def test_no_style_gives_an_overview_then_each_in_turn(talk, locale):
    talk.launch()
    turn = talk.say("LearnIntent")
    assert turn.said("learning/overview") and turn.said("learning/ask") and not turn.said("learning/style")
    spelt = "disorganized" if locale in ("en-US", "en-CA") else "disorganised"  # the card shows it as written
    assert f"anxious, avoidant, {spelt}, and secure" in turn.text and "tell me about avoidant attachment" in turn.text
    assert turn.exercise["opts"] == {"style": "overview"} and not turn.ended and turn.reprompt
    for name in ("anxious", "avoidant", spelt):
        turn = talk.say("AMAZON.NextIntent")
        assert f"The {name} style" in turn.text and turn.said("learning/ask")
    again = talk.say("AMAZON.RepeatIntent")
    assert f"The {spelt} style" in again.text and again.exercise["turn"] == 3
    back = talk.say("AMAZON.PreviousIntent")
    assert "The avoidant style" in back.text
    talk.say("AMAZON.NextIntent")
    last = talk.say("AMAZON.NextIntent")
    assert "The secure style" in last.text and last.said("learning/close") and last.exercise["done"]
    assert last.said("common/after_exercise") and "q" not in last.state and not last.ended


def test_an_unknown_style_gets_the_overview(talk):
    turn = talk.say("LearnIntent", style=("clingy", None))
    assert turn.exercise["opts"] == {"style": "overview"} and turn.said("learning/overview")


def test_naming_a_style_during_the_overview_jumps_to_it(talk):
    talk.say("LearnIntent")
    turn = talk.say("LearnIntent", style=("secure", "secure"))
    assert turn.exercise["opts"] == {"style": "secure"} and "The secure style" in turn.text


def test_help_and_stop(talk):
    talk.say("LearnIntent")
    help_turn = talk.say("AMAZON.HelpIntent")
    assert help_turn.said("common/help_in_exercise") and "attachment styles, part 1 of 5" in help_turn.text
    assert not help_turn.ended and help_turn.exercise["turn"] == 0
    bye = talk.say("AMAZON.StopIntent")
    assert bye.said("common/goodbye") and bye.ended


def test_openings_and_closings_have_two_phrasings():
    assert len({speech.render("en-US", "learning/overview", variant=v) for v in range(4)}) >= 2
    for tour in (False, True):
        assert len({speech.render("en-US", "learning/close", tour=tour, variant=v) for v in range(4)}) >= 2
    assert len({speech.render("en-US", "learning/style", style="secure", tour=False, variant=v) for v in range(4)}) >= 2
