"""Reparenting, the inner child: meeting a younger you, the words you needed, a letter. Step by step."""
import re

import pytest

from skill import speech
from skill.scripts import reparenting


def test_with_no_technique_it_offers_the_words_you_needed_to_hear(talk):
    talk.launch()
    turn = talk.say("ReparentingIntent")
    assert turn.said("reparenting/intro") and turn.said("reparenting/step") and turn.said("reparenting/ask")
    assert turn.exercise["id"] == "reparenting" and turn.exercise["opts"]["technique"] == "words"
    assert "You're safe with me" in turn.text and "say stop" in turn.text and "Eyes open or closed" in turn.text
    assert turn.card and "Hearing the words you needed" in turn.card["title"]
    assert not turn.ended and turn.said("reparenting/reprompt") and "say next" in turn.reprompt


def test_the_words_a_caring_parent_would_say_come_a_few_at_a_time(talk):
    heard = [talk.say("ReparentingIntent", technique=("what I needed to hear", "words")).text]
    while not talk.turns[-1].exercise["done"]:
        heard.append(talk.say("AMAZON.NextIntent").text)
    every = " ".join(heard)
    phrases = ["You're safe with me", "I'm not going anywhere", "You don't have to earn my love",
               "You are enough, just as you are", "Your feelings make sense to me", "I'll still love you",
               "we'll sort it out together"]
    assert all(p in every for p in phrases)
    assert max(sum(p in text for p in phrases) for text in heard) <= 3  # a few at a time, not all at once
    assert talk.turns[-1].said("reparenting/close") and not talk.turns[-1].ended


def test_meeting_your_younger_self_step_by_step_with_quiet_before_each_question(talk):
    talk.launch()
    turn = talk.say("ReparentingIntent", technique=("meet", "meet"))
    assert turn.exercise["opts"]["technique"] == "meet" and "imagine a place that feels safe" in turn.text
    assert "keep them open" in turn.text and "say stop" in turn.text  # eyes-open option, permission to stop
    ssml = turn.ssml
    assert '<break time="8000ms"/>' in ssml[ssml.index("quiet beach"):ssml.index("When you have a sense")]

    turn = talk.say("AMAZON.FallbackIntent")  # "a kitchen table"
    assert turn.exercise["turn"] == 1 and "let a younger you appear" in turn.text
    assert '<break time="10000ms"/>' in turn.ssml  # 12 s of quiet, chained
    again = talk.say("AMAZON.RepeatIntent")
    assert again.exercise["turn"] == 1 and "let a younger you appear" in again.text
    back = talk.say("AMAZON.PreviousIntent")
    assert back.exercise["turn"] == 0 and "safe, or safe enough" in back.text
    for expected in ("let a younger you appear", "what do you need right now", "I see you"):
        assert expected in talk.say("AMAZON.NextIntent").text
    end = talk.say("AMAZON.NextIntent")
    assert end.said("reparenting/close") and end.exercise["done"] and "look around the room" in end.text
    assert end.said("common/after_exercise") and not end.ended


def test_the_letter_is_prompts_only_and_nothing_is_recorded(talk):
    turn = talk.say("ReparentingIntent", technique=("a letter", "letter"))
    assert "I won't hear or keep any of it" in turn.text and "paper" in turn.text
    assert turn.card and "not your fault" in turn.card["content"] and "Nothing is recorded" in turn.card["content"]
    prompts = []
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.NextIntent")
        prompts.append(turn.text)
        if not turn.exercise["done"]:
            assert sum(speech.break_seconds(turn.ssml)) >= 20  # time to write before "say next"
    assert any("this was not your fault" in p for p in prompts)
    assert sum("prompt" in p for p in prompts) >= 4
    assert turn.said("reparenting/close") and "Sign it" in turn.text


def test_an_unknown_technique_says_so_gently(talk):
    turn = talk.say("ReparentingIntent", technique=("puppet show", None))
    assert turn.exercise["opts"] == {"technique": "words", "note": "unknown_technique"}
    assert "I don't know that one yet" in turn.text


def test_help_knows_the_step_and_loses_nothing(talk):
    talk.say("ReparentingIntent", technique=("meet", "meet"))
    talk.say("AMAZON.NextIntent")
    turn = talk.say("AMAZON.HelpIntent")
    assert turn.said("common/help_in_exercise") and "meeting your younger self, step 2 of 5" in turn.text
    assert "pause" in turn.text and turn.exercise["turn"] == 1 and not turn.ended
    assert "what do you need right now" in talk.say("AMAZON.NextIntent").text


def test_pause_resume_start_over_and_stop(talk):
    talk.say("ReparentingIntent", technique=("letter", "letter"))
    talk.say("AMAZON.NextIntent")
    paused = talk.say("AMAZON.PauseIntent")
    assert paused.said("common/paused") and paused.exercise["paused"] and not paused.ended
    resumed = talk.say("AMAZON.ResumeIntent")
    assert resumed.exercise["turn"] == 1 and "First prompt" in resumed.text
    assert talk.say("AMAZON.StartOverIntent").exercise["turn"] == 0
    bye = talk.say("AMAZON.StopIntent")
    assert bye.said("common/goodbye") and bye.ended and bye.exercise is None


@pytest.mark.parametrize("technique", reparenting.TECHNIQUES)
def test_openings_and_closings_have_two_phrasings(technique):
    for key in ("reparenting/intro", "reparenting/close"):
        phrasings = {speech.render("en-US", key, technique=technique, note="", variant=v) for v in range(4)}
        assert len(phrasings) >= 2, (key, technique)


def test_no_labels_or_diagnoses_in_the_words():
    rendered = " ".join(speech.render("en-US", "reparenting/step", technique=t, step=s, variant=0)
                        for t in reparenting.TECHNIQUES for s, _ in reparenting.STEPS[t])
    assert not re.search(r"\byou (are|have) (a |an )?(trauma|disorder|wounded|broken|damaged)", rendered, re.I)
