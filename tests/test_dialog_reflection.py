"""A warm memory, and reconnecting after a disagreement: user-paced reflections, nothing kept."""
import pytest

from skill import speech
from skill.scripts import reflection


def test_a_warm_memory_step_by_step(talk):
    talk.launch()
    turn = talk.say("MemoryIntent")
    assert turn.said("memory/intro") and turn.said("memory/step") and turn.said("memory/ask")
    assert turn.exercise["id"] == "memory" and turn.exercise["opts"] == {} and turn.exercise["turn"] == 0
    assert "choose a different one, or stop" in turn.text and "You don't need to tell me what it is" in turn.text
    assert turn.card and "A warm memory" in turn.card["title"] and not turn.ended and turn.reprompt
    ssml = turn.ssml
    assert '<break time="10000ms"/>' in ssml[ssml.index("Let a memory come"):ssml.index("When one comes")]

    expected = ["Where were you?", "What did they do", "Notice what happens in your body"]
    for index, words in enumerate(expected, start=1):
        turn = talk.say("AMAZON.FallbackIntent" if index % 2 else "AMAZON.NextIntent")
        assert words in turn.text and turn.exercise["turn"] == index and not turn.ended
    again = talk.say("AMAZON.RepeatIntent")
    assert again.exercise["turn"] == 3 and "Notice what happens in your body" in again.text
    end = talk.say("AMAZON.NextIntent")
    assert end.said("memory/close") and end.exercise["done"] and end.said("common/after_exercise") and not end.ended


def test_memory_help_previous_pause_and_stop(talk):
    talk.say("MemoryIntent")
    talk.say("AMAZON.NextIntent")
    help_turn = talk.say("AMAZON.HelpIntent")
    assert help_turn.said("common/help_in_exercise") and "a warm memory, step 2 of 5" in help_turn.text
    assert help_turn.exercise["turn"] == 1
    assert talk.say("AMAZON.PreviousIntent").exercise["turn"] == 0
    assert talk.say("AMAZON.PauseIntent").exercise["paused"]
    resumed = talk.say("AMAZON.NextIntent")  # next while paused resumes the same step
    assert resumed.exercise["turn"] == 0 and not resumed.exercise["paused"] and "Let a memory come" in resumed.text
    bye = talk.say("AMAZON.CancelIntent")
    assert bye.said("common/goodbye") and bye.ended


def test_repair_after_a_disagreement_walks_through_five_steps(talk):
    talk.launch()
    turn = talk.say("RepairIntent")
    assert turn.said("repair/intro") and turn.exercise["id"] == "repair"
    assert "take a break first" in turn.text and "afraid of your partner" in turn.text
    assert "slow breaths" in turn.text and not turn.ended
    assert turn.card and all(w in turn.card["content"] for w in ("I felt", "sorry", "same side", "Reconnect"))
    expected = ["take turns", "name your own part", "reassurance", "come back together"]
    for index, words in enumerate(expected, start=1):
        turn = talk.say("AMAZON.NextIntent")
        assert words in turn.text and turn.exercise["turn"] == index and turn.said("repair/ask")
    end = talk.say("AMAZON.NextIntent")
    assert end.said("repair/close") and end.exercise["done"] and not end.ended


def test_repair_leaves_room_to_talk_before_asking(talk):
    talk.say("RepairIntent")
    turn = talk.say("AMAZON.NextIntent")
    ssml = turn.ssml
    quiet = speech.break_seconds(ssml[ssml.index("Then swap"):ssml.index("Take all the time")])
    assert sum(quiet) >= 15


def test_repair_help_and_start_over(talk):
    talk.say("RepairIntent")
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.NextIntent")
    help_turn = talk.say("AMAZON.HelpIntent")
    assert "reconnecting after a disagreement, step 3 of 6" in help_turn.text
    assert talk.say("AMAZON.StartOverIntent").exercise["turn"] == 0


@pytest.mark.parametrize("family", ["memory", "repair"])
def test_openings_and_closings_have_two_phrasings(family):
    for key in (f"{family}/intro", f"{family}/close"):
        assert len({speech.render("en-US", key, variant=v) for v in range(4)}) >= 2


@pytest.mark.parametrize("exercise_id", ["memory", "repair"])
def test_tampered_options_start_fresh(talk, exercise_id):
    talk.attributes = {"sb": {"v": 1, "ex": {"id": exercise_id, "opts": {"x": "<y>"}, "turn": 0, "variant": 0}}}
    turn = talk.say("AMAZON.NextIntent")
    assert turn.said("common/not_in_exercise") and not turn.ended


def test_every_step_has_quiet_then_a_question():
    for family, steps in (("memory", reflection.MEMORY_STEPS), ("repair", reflection.REPAIR_STEPS)):
        timeline = reflection._steps(family, steps, 0)
        asks = [i for i, seg in enumerate(timeline) if seg.ask]
        assert len(asks) == len(steps)
        assert all(timeline[i - 1].silence >= 8 for i in asks)
