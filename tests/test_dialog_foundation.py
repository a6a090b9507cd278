"""Conversations through the Lambda entry point: what a person hears, which script, which state."""
from builders import intent


def test_first_launch_discloses_once_then_welcomes_back(talk):
    first = talk.launch()
    assert first.said("common/welcome_first") and first.said("common/menu")
    assert "isn't therapy" in first.text and "crisis service" in first.text
    assert not first.ended and first.reprompt
    again = talk.launch()
    assert again.said("common/welcome_back") and not again.said("common/welcome_first")


def test_box_breathing_for_two_minutes_then_stop(talk):
    talk.launch()
    turn = talk.say("BreathingIntent", technique=("box breathing", "box"), duration="PT2M")
    assert turn.said("breathing/intro") and turn.said("breathing/cue")
    assert turn.exercise["id"] == "breathing" and turn.exercise["opts"]["technique"] == "box"
    assert turn.exercise["opts"]["minutes"] == 2
    assert turn.card and "Box breathing" in turn.card["title"]
    assert turn.said("common/go_on") and not turn.ended
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.NextIntent")
    assert turn.said("breathing/close") and turn.said("common/after_exercise")
    bye = talk.say("AMAZON.StopIntent")
    assert bye.said("common/goodbye") and bye.ended and bye.exercise is None


def test_breathing_without_a_technique_is_gentle_and_has_no_holds(talk):
    turn = talk.say("BreathingIntent")
    assert turn.exercise["opts"]["technique"] == "extended_exhale"
    assert turn.exercise["opts"]["minutes"] == 2
    assert "Hold" not in turn.text


def test_unknown_technique_says_so_and_uses_the_gentle_default(talk):
    turn = talk.say("BreathingIntent", technique=("lion breath", None))
    assert turn.exercise["opts"]["technique"] == "extended_exhale"
    assert "don't know that kind of breathing" in turn.text


def test_a_very_long_duration_is_capped_kindly(talk):
    turn = talk.say("BreathingIntent", duration="PT2H")
    assert turn.exercise["opts"]["minutes"] == 20
    assert "a little shorter" in turn.text


def test_grounding_moves_on_with_any_answer_one_sense_per_turn(talk):
    talk.launch()
    turn = talk.say("GroundingIntent")
    assert turn.said("grounding/intro") and turn.said("grounding/notice") and turn.said("grounding/ask")
    assert "five things you can see" in turn.text and turn.exercise["turn"] == 0
    turn = talk.say("AMAZON.FallbackIntent")  # "a lamp, the window, my cup..."
    assert "four things you can feel" in turn.text and turn.exercise["turn"] == 1
    turn = talk.say("AMAZON.NextIntent")
    assert "three things you can hear" in turn.text
    turn = talk.say("AMAZON.RepeatIntent")
    assert "three things you can hear" in turn.text and turn.exercise["turn"] == 2
    turn = talk.say("AMAZON.PreviousIntent")
    assert "four things you can feel" in turn.text
    turn = talk.say("AMAZON.StartOverIntent")
    assert "five things you can see" in turn.text and turn.exercise["turn"] == 0
    for _ in range(5):
        turn = talk.say("AMAZON.NextIntent")
    assert turn.said("grounding/close") and turn.exercise["done"] and not turn.ended


def test_each_grounding_step_leaves_time_to_notice_before_asking(talk):
    turn = talk.say("GroundingIntent")
    ssml = turn.ssml
    notice, ask = ssml.index("five things you can see"), ssml.index("tell me what you found")
    assert '<break time="8000ms"/>' in ssml[notice:ask]


def test_help_depends_on_where_you_are(talk):
    outside = talk.say("AMAZON.HelpIntent")
    assert outside.said("common/help_outside") and not outside.ended
    talk.say("GroundingIntent")
    inside = talk.say("AMAZON.HelpIntent")
    assert inside.said("common/help_in_exercise") and "step 1 of 6" in inside.text
    assert inside.exercise["turn"] == 0  # help loses nothing
    assert "four things" in talk.say("AMAZON.NextIntent").text


def test_no_to_keep_going_ends_kindly(talk):
    talk.say("BreathingIntent", duration="PT5M")
    turn = talk.say("AMAZON.NoIntent")
    assert turn.said("common/no_thanks") and turn.ended


def test_pause_and_resume_keep_the_place(talk):
    talk.say("BreathingIntent", duration="PT5M")
    talk.say("AMAZON.NextIntent")
    paused = talk.say("AMAZON.PauseIntent")
    assert paused.said("common/paused") and paused.exercise["paused"] and not paused.ended
    resumed = talk.say("AMAZON.ResumeIntent")
    assert resumed.exercise["turn"] == 1 and not resumed.exercise["paused"] and resumed.said("breathing/cue")


def test_next_outside_an_exercise_gives_the_menu(talk):
    for name in ("AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent", "AMAZON.ResumeIntent"):
        turn = talk.say(name)
        assert turn.said("common/not_in_exercise") and turn.said("common/menu") and not turn.ended


def test_unknown_intent_gets_the_guiding_fallback(talk):
    turn = talk(intent("SomethingNobodyDefinedIntent"))
    assert turn.said("common/fallback") and not turn.ended


def test_stop_and_cancel_work_inside_an_exercise(talk):
    for name in ("AMAZON.StopIntent", "AMAZON.CancelIntent"):
        talk.launch()
        talk.say("GroundingIntent")
        turn = talk.say(name)
        assert turn.said("common/goodbye") and turn.ended


def test_session_ended_has_no_speech(talk):
    talk.launch()
    turn = talk({"type": "SessionEndedRequest", "reason": "EXCEEDED_MAX_REPROMPTS"})
    assert "outputSpeech" not in turn.response


def test_tampered_session_attributes_start_fresh(talk):
    for tampered in ({"sb": "garbage"}, {"sb": {"v": 1, "ex": {"id": "breathing", "opts": {"technique": "rm -rf"}, "turn": 0}}},
                     {"sb": {"v": 1, "ex": {"id": "grounding", "opts": {"technique": "senses"}, "turn": 9999, "variant": 0}}},
                     {"sb": {"v": 1, "ex": {"id": "nope", "turn": "x"}}}, {"sb": {"v": 99}}):
        talk.attributes = tampered
        turn = talk.say("AMAZON.NextIntent")
        assert turn.said("common/not_in_exercise") or turn.said("grounding/intro"), turn.keys
        assert not turn.ended and "something went wrong" not in turn.text


def test_a_turn_beyond_the_plan_begins_again(talk):
    talk.attributes = {"sb": {"v": 1, "ex": {"id": "grounding", "opts": {"technique": "senses"}, "turn": 40, "variant": 0}}}
    turn = talk.say("AMAZON.RepeatIntent")
    assert turn.exercise["turn"] == 0 and turn.said("grounding/intro")


def test_an_internal_error_apologises_gently(talk, monkeypatch):
    from skill.handlers import core

    monkeypatch.setattr(core, "menu", lambda *a, **k: 1 / 0)
    turn = talk.launch()
    assert turn.said("common/error") and not turn.ended
    assert "Traceback" not in turn.text


def test_words_we_cannot_make_out_while_paused_keep_the_place(talk):
    talk.say("GroundingIntent")
    talk.say("AMAZON.PauseIntent")
    turn = talk.say("AMAZON.FallbackIntent")
    assert turn.said("common/paused_reprompt") and turn.exercise["turn"] == 0 and turn.exercise["paused"]
    assert "five things you can see" in talk.say("AMAZON.ResumeIntent").text


def test_no_to_a_grounding_step_is_respected_not_stepped_over(talk):
    talk.say("GroundingIntent")
    turn = talk.say("AMAZON.NoIntent")
    assert turn.said("listening/pause_for_care") and "four things you can feel" not in turn.text
    assert turn.exercise["turn"] == 0 and turn.exercise["paused"] and not turn.ended
    assert talk.say("AMAZON.ResumeIntent").exercise["turn"] == 0  # their place is kept, should they want it


def test_a_finished_exercise_is_not_asked_to_keep_going(talk):
    turn = talk.say("BreathingIntent", duration="PT1M")
    assert turn.exercise["done"]
    unclear = talk.say("AMAZON.FallbackIntent")
    assert unclear.said("common/fallback") and not unclear.said("common/go_on_unclear") and not unclear.ended
    paused = talk.say("AMAZON.PauseIntent")
    assert paused.said("common/not_in_exercise") and not paused.said("common/paused")
    assert talk.say("AMAZON.RepeatIntent").said("breathing/close")  # what was said can still be heard again


def test_help_keeps_an_open_question_so_the_next_yes_still_answers_it(talk):
    talk.say("DeleteDataIntent")
    helped = talk.say("AMAZON.HelpIntent")
    assert helped.said("common/help_outside") and helped.said("common/still_asking") and not helped.ended
    assert talk.say("AMAZON.YesIntent").said("privacy/deleted")


def test_unclear_words_after_an_offer_ask_again_and_keep_the_offer(talk):
    talk.say("SuggestIntent")  # "what should I do?" -> "would you like to try ...?"
    unclear = talk.say("AMAZON.FallbackIntent")
    assert unclear.said("common/still_asking") and "yes or no" in unclear.text and not unclear.said("common/fallback")
    assert talk.say("AMAZON.YesIntent").exercise is not None


def test_a_first_one_shot_hears_the_disclosure_once_and_then_a_returning_welcome(talk):
    first = talk.say("BreathingIntent", duration="PT5M")  # "ask secure base to help me breathe", first ever
    assert first.said("common/disclosure_short") and "not therapy" in first.text and first.said("breathing/intro")
    talk.say("AMAZON.StopIntent")
    second = talk.say("GroundingIntent")
    assert not second.said("common/disclosure_short")
    assert not talk.launch().said("common/welcome_first")
