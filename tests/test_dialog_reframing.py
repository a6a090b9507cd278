"""Reframing an unhelpful thought: said back once (escaped), looked at from four sides, never kept."""
import json
import logging
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from skill.handlers import conversation

from test_dialog_safety import MAIN, digits

THOUGHT = "they <hate> me & always will"


def stored_rows(config) -> str:
    """Everything the SQLite store holds, as one string."""
    with sqlite3.connect(config.sqlite_path) as db:
        return json.dumps(db.execute("SELECT * FROM users").fetchall())


def everything_in(turn) -> str:
    return json.dumps(turn.raw.get("sessionAttributes") or {})


def test_the_thought_is_said_back_once_escaped_then_four_questions(talk):
    talk.launch()
    first = talk.say("ReframeIntent", thought=THOUGHT)
    assert first.said("reframing/reflect") and first.said("reframing/intro") and first.said("reframing/step")
    # inserted words are escaped: the SSML still parses, and the person hears their own words
    assert "they &lt;hate&gt; me &amp; always will" in first.ssml and "<hate>" not in first.ssml
    ET.fromstring(first.ssml)
    assert THOUGHT in first.text and "not a fact" in first.text
    assert "what makes this thought feel true" in first.text
    assert first.exercise["id"] == "reframing" and first.exercise["opts"] == {"spoken": True}
    assert first.card and "Reframing" in first.card["title"] and "hate" not in first.card["content"]
    assert not first.ended and "say next" in first.reprompt

    questions = ["what else could explain", "good friend came to you", "more balanced way"]
    for expected in questions:
        turn = talk.say("AMAZON.FallbackIntent")  # an answer, out loud
        assert expected in turn.text and "hate" not in turn.ssml
        assert turn.said("reframing/step") and turn.said("reframing/ask") and not turn.ended
    last = talk.say("AMAZON.NextIntent")
    assert last.said("reframing/close") and last.exercise["done"] and not last.ended
    assert "thought may come back" in last.text or "whenever it returns" in last.text


def test_the_thought_never_reaches_session_store_or_logs(talk, config, caplog):
    caplog.set_level(logging.DEBUG)
    talk.launch()
    turns = [talk.say("ReframeIntent", thought=THOUGHT)]
    turns += [talk.say("AMAZON.NextIntent") for _ in range(4)]
    turns.append(talk.say("AMAZON.StopIntent"))
    for turn in turns:
        assert "hate" not in everything_in(turn)
    assert turns[-1].ended
    assert stored_rows(config) != "[]"  # the store was written (the intro flag, progress)...
    assert "hate" not in stored_rows(config)  # ...but never the thought
    assert "hate" not in caplog.text


def test_a_thought_cannot_inject_ssml(talk):
    turn = talk.say("ThoughtIntent", thought='"/><audio src="https://example.com/x.mp3"/> nobody listens')
    root = ET.fromstring(turn.ssml)
    assert root.find(".//audio") is None and "nobody listens" in turn.text


def test_a_very_long_thought_is_said_back_shortened(talk):
    long_thought = " ".join(["I always ruin everything"] * 40)
    turn = talk.say("ReframeIntent", thought=long_thought)
    assert "I always ruin everything" in turn.text and long_thought not in turn.text
    assert turn.text.count("ruin everything") * len("I always ruin everything ") <= conversation.MAX_THOUGHT_CHARS + 30
    assert turn.exercise["id"] == "reframing"


def test_later_steps_and_repeat_only_say_that_thought(talk):
    talk.say("ReframeIntent", thought="nobody wants me around")
    again = talk.say("AMAZON.RepeatIntent")
    assert again.exercise["turn"] == 0 and again.said("reframing/intro") and not again.said("reframing/reflect")
    assert "nobody wants me around" not in again.text and "what makes this thought feel true" in again.text
    assert "nobody wants me around" not in talk.say("AMAZON.NextIntent").text


def test_no_thought_asks_once_then_the_thought_is(talk):
    talk.launch()
    ask = talk.say("ReframeIntent")
    assert ask.said("reframing/ask_thought") and "What's the thought?" in ask.text and "the thought is" in ask.text
    assert ask.state.get("q") == "thought" and ask.exercise is None and not ask.ended and ask.reprompt
    turn = talk.say("ThoughtIntent", thought="I'm too much for people")
    assert turn.said("reframing/reflect") and "I'm too much for people" in turn.text
    assert turn.exercise["opts"] == {"spoken": True} and "q" not in turn.state


@pytest.mark.parametrize("answer, words", [("AMAZON.FallbackIntent", "didn't catch the words"),
                                           ("AMAZON.NextIntent", "keep it to yourself")])
def test_keeping_the_thought_private_is_fine(talk, answer, words):
    talk.say("ReframeIntent")
    turn = talk.say(answer)
    assert turn.said("reframing/unsaid") and words in turn.text
    assert turn.exercise["id"] == "reframing" and turn.exercise["opts"] == {"spoken": False}
    assert "don't need to say it out loud" in turn.text or "don't have to say it out loud" in turn.text
    assert not turn.said("reframing/reflect") and not turn.ended


def test_it_asks_for_the_thought_only_once(talk):
    talk.say("ReframeIntent")
    turn = talk.say("ReframeIntent")
    assert not turn.said("reframing/ask_thought") and turn.said("reframing/unsaid")
    assert turn.exercise["id"] == "reframing"


def test_an_answer_that_sounds_like_a_thought_moves_on(talk):
    talk.say("ReframeIntent", thought="he'll leave me")
    turn = talk.say("ReframeIntent", thought="he didn't text back for a day")  # answering "what makes it feel true?"
    assert turn.exercise["turn"] == 1 and not turn.said("reframing/reflect")
    turn = talk.say("ThoughtIntent", thought="maybe he was just busy")
    assert turn.exercise["turn"] == 2 and "good friend" in turn.text


def test_help_previous_start_over_pause_and_stop(talk):
    talk.say("ReframeIntent", thought="I always get it wrong")
    talk.say("AMAZON.NextIntent")
    help_turn = talk.say("AMAZON.HelpIntent")
    assert help_turn.said("common/help_in_exercise") and "step 2 of 5" in help_turn.text
    assert "doesn't keep what you say" in help_turn.text and help_turn.exercise["turn"] == 1 and not help_turn.ended
    assert "what makes this thought feel true" in talk.say("AMAZON.PreviousIntent").text
    talk.say("AMAZON.NextIntent")
    assert talk.say("AMAZON.StartOverIntent").exercise["turn"] == 0
    paused = talk.say("AMAZON.PauseIntent")
    assert paused.exercise["paused"] and not paused.ended
    assert talk.say("AMAZON.ResumeIntent").said("reframing/step")
    bye = talk.say("AMAZON.StopIntent")
    assert bye.said("common/goodbye") and bye.ended and bye.exercise is None


def test_openings_and_closings_have_two_phrasings():
    from skill import speech

    for key, data in (("reframing/intro", {"spoken": False}), ("reframing/close", {}), ("reframing/reflect", {"thought": "x"})):
        phrasings = {speech.render("en-US", key, variant=v, **data) for v in range(4)}
        assert len(phrasings) >= 2, key


def test_tampered_reframing_options_start_fresh(talk):
    talk.attributes = {"sb": {"v": 1, "ex": {"id": "reframing", "opts": {"spoken": True, "thought": "x"}, "turn": 1,
                                             "variant": 0}}}
    turn = talk.say("AMAZON.NextIntent")
    assert turn.said("common/not_in_exercise") and not turn.ended


@pytest.mark.parametrize("asked_first", [False, True])
def test_a_crisis_thought_gets_the_safety_answer_not_reframing(talk, locale, config, caplog, asked_first):
    """The safety screen (skill/safety.py) runs on every slot before routing."""
    caplog.set_level(logging.DEBUG)
    talk.launch()
    talk.say("GroundingIntent")
    if asked_first:
        talk.say("ReframeIntent")  # "What's the thought?"
        turn = talk.say("ThoughtIntent", thought="I want to kill myself")
    else:
        turn = talk.say("ReframeIntent", thought="I want to kill myself")
    assert not turn.said("reframing/reflect") and not turn.said("reframing/intro")
    assert MAIN[locale] in digits(turn.text) and not turn.ended  # the person's own country's line
    assert turn.exercise is None or turn.exercise["id"] != "reframing"
    assert "kill myself" not in everything_in(turn) and "kill myself" not in stored_rows(config)
    assert "kill myself" not in caplog.text
