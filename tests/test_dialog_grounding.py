"""Grounding by voice: the senses, feet on the floor, naming the room; at the person's own pace."""
from skill.scripts import grounding


def ground(talk, technique, heard):
    return talk.say("GroundingIntent", technique=(heard, technique))


def test_feet_on_the_floor_one_place_at_a_time(talk):
    talk.launch()
    turn = ground(talk, "body", "feet on the floor")
    assert turn.exercise["opts"]["technique"] == "body" and turn.exercise["turn"] == 0
    assert turn.said("grounding/intro") and turn.said("grounding/body") and turn.said("grounding/ask")
    assert "eyes open" in turn.text and "feet" in turn.text and "tell me what you notice" in turn.text
    assert "Feet on the floor" in turn.card["content"] and not turn.ended
    heard = [turn.text]
    for _ in range(3):
        turn = talk.say("AMAZON.FallbackIntent")  # "I can feel the carpet" moves on
        heard.append(turn.text)
    assert "holding you up" in heard[1] and "your hands" in heard[2] and "all of it at once" in heard[3]
    turn = talk.say("AMAZON.NextIntent")
    assert turn.said("grounding/close") and turn.exercise["done"] and turn.said("common/after_exercise")


def test_naming_the_room_looks_for_a_colour_a_shape_and_a_texture(talk):
    turn = ground(talk, "room", "name the room")
    variant = turn.exercise["variant"]
    choice = grounding.room_choice(variant)
    assert turn.said("grounding/room") and f"three things that are {choice['colour']}" in turn.text
    shape = talk.say("AMAZON.NextIntent")
    assert "two things that are" in shape.text and shape.exercise["turn"] == 1
    assert talk.say("AMAZON.RepeatIntent").text == shape.text  # the same colour and shape when repeated
    texture = talk.say("AMAZON.NextIntent")
    assert "find one thing that" in texture.text


def test_the_room_game_changes_from_one_session_to_the_next():
    colours = {grounding.room_choice(v)["colour"] for v in range(12)}
    shapes = {grounding.room_choice(v)["shape"] for v in range(12)}
    assert colours == set(grounding.COLOURS) and shapes == set(grounding.SHAPES)


def test_a_room_variant_is_kept_in_the_session(talk):
    ground(talk, "room", "colours")
    for variant in (0, 1):
        talk.attributes["sb"]["ex"]["variant"] = variant
        turn = talk.say("AMAZON.RepeatIntent")
        colour = grounding.room_choice(variant)["colour"]
        assert f"three things that are {colour}" in turn.text


def test_the_senses_are_still_the_default(talk):
    turn = talk.say("GroundingIntent")
    assert turn.exercise["opts"]["technique"] == "senses" and "five things you can see" in turn.text


def test_a_grounding_we_do_not_know_gets_a_kind_word_and_the_senses(talk):
    turn = ground(talk, None, "tapping my forehead")
    assert turn.exercise["opts"] == {"technique": "senses", "note": "unknown_technique"}
    assert "don't know that kind of grounding" in turn.text and "five things you can see" in turn.text


def test_every_grounding_supports_the_navigation_words(talk):
    for technique, heard in (("senses", "five senses"), ("body", "my feet"), ("room", "the room")):
        talk.launch()
        first = ground(talk, technique, heard)
        second = talk.say("AMAZON.NextIntent")
        assert second.exercise["turn"] == 1
        help_ = talk.say("AMAZON.HelpIntent")
        assert "step 2 of" in help_.text and help_.exercise["turn"] == 1
        assert talk.say("AMAZON.PreviousIntent").text == first.text
        paused = talk.say("AMAZON.PauseIntent")
        assert paused.exercise["paused"] and not paused.ended
        resumed = talk.say("AMAZON.ResumeIntent")
        assert resumed.exercise["turn"] == 0 and not resumed.exercise["paused"]
        assert talk.say("AMAZON.StartOverIntent").text == first.text
        bye = talk.say("AMAZON.StopIntent")
        assert bye.ended and bye.exercise is None
