"""Screens on Alexa devices (APL): the breathing circle timed by the turn's own timeline, cards on the screen.

Requests come from a device that declares Alexa.Presentation.APL and a viewport (an Echo Show 8
unless a test says otherwise). The documents and commands are read back through the SDK's own
serializer into its model classes (ask_sdk_model.interfaces.alexa.presentation.apl).
"""
from __future__ import annotations

import json
import re
import shutil
from types import SimpleNamespace

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.interfaces.alexa.presentation.apl import (AnimateItemCommand, Command, ExecuteCommandsDirective,
                                                             IdleCommand, RenderDocumentDirective, SequentialCommand,
                                                             SetValueCommand)

from skill import apl, app, audio, pacing, speech
from skill.config import Config
from skill.handlers import exercise as runner
from skill.scripts import catalogue

from builders import Conversation

APL = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}}
SHOW_8 = {"shape": "RECTANGLE", "mode": "HUB", "pixelWidth": 1280, "pixelHeight": 800, "currentPixelWidth": 1280,
          "currentPixelHeight": 800, "dpi": 160}
SERIALIZER = DefaultSerializer()


def device(skill, *, interfaces=None, viewport=None, timestamp=None):
    def send(body):
        body["context"]["System"]["device"]["supportedInterfaces"] = dict(APL if interfaces is None else interfaces)
        if viewport is not False:
            body["context"]["Viewport"] = viewport or SHOW_8
        if timestamp:
            body["request"]["timestamp"] = timestamp
        return app.invoke(skill, body)
    return Conversation(send)


@pytest.fixture
def show(skill):
    return device(skill)


def directives(turn, kind: str) -> list[dict]:
    return [d for d in turn.response.get("directives") or [] if d.get("type") == kind]


def render_of(turn) -> dict:
    found = directives(turn, "Alexa.Presentation.APL.RenderDocument")
    assert len(found) == 1, f"expected one RenderDocument, got {turn.response.get('directives')}"
    return found[0]


def commands_of(turn) -> list:
    found = directives(turn, "Alexa.Presentation.APL.ExecuteCommands")
    assert len(found) == 1
    directive = SERIALIZER.deserialize(json.dumps(found[0]), ExecuteCommandsDirective)
    assert directive.token == render_of(turn)["token"]  # the commands run on the document just sent
    return directive.commands


def flat_raw(cmds: list[dict]) -> list[dict]:
    out = []
    for cmd in cmds:
        out.extend(flat_raw(cmd["commands"]) if cmd["type"] == "Sequential" else [cmd])
    return out


def raw_commands(turn) -> list[dict]:
    commands_of(turn)  # it reads as the SDK's model
    return flat_raw(directives(turn, "Alexa.Presentation.APL.ExecuteCommands")[0]["commands"])


def flat(cmds) -> list:
    out = []
    for cmd in cmds:
        if isinstance(cmd, SequentialCommand):
            out.extend(flat(cmd.commands))
        else:
            out.append(cmd)
    return out


def box_minute(show):
    show.launch()
    return show.say("BreathingIntent", technique=("box", "box"), duration="PT1M")


# -- which devices get a picture -------------------------------------------------------------------

def test_a_device_without_apl_gets_no_directive_and_still_its_card(skill):
    speaker = device(skill, interfaces={}, viewport=False)
    speaker.launch()
    turn = speaker.say("BreathingIntent", technique=("box", "box"), duration="PT1M")
    assert "breathe" in turn.text.lower()
    assert not turn.response.get("directives")
    assert turn.card and "box" in turn.card["content"].lower()


def test_box_breathing_for_one_minute_on_a_show_sends_a_document_its_commands_and_a_card(show):
    turn = box_minute(show)
    assert turn.card and turn.card["title"].startswith("Secure Base")
    directive = SERIALIZER.deserialize(json.dumps(render_of(turn)), RenderDocumentDirective)
    assert directive.document["type"] == "APL" and directive.document["mainTemplate"]["parameters"] == ["payload"]
    assert directive.datasources["breath"]["title"] == turn.card["title"]
    for cmd in flat(commands_of(turn)):
        assert type(cmd) in (SetValueCommand, AnimateItemCommand, IdleCommand)  # known to the SDK: nothing unknown


def test_every_command_in_the_answer_is_one_the_sdk_model_knows(show):
    raw = directives(box_minute(show), "Alexa.Presentation.APL.ExecuteCommands")[0]

    def walk(items):
        for item in items:
            assert item["type"] in Command.discriminator_value_class_map, item["type"]
            parsed = SERIALIZER.deserialize(json.dumps(item), Command)
            back = SERIALIZER.serialize(parsed)
            if item["type"] == "AnimateItem":
                # the SDK reads transform items without their kind (TransformProperty has no discriminator),
                # so they come back empty; everything else must survive the trip
                assert [v["property"] for v in back["value"]] == ["transform"]
                back["value"], item = None, {**item, "value": None}
            if item["type"] == "Sequential":
                back["commands"], item = None, {**item, "commands": None}
            assert back == item  # nothing dropped or renamed on the way through
            walk(item.get("commands") or [])

    walk(raw["commands"])
    walk(flat_raw(raw["commands"]))


# -- timing: the picture lasts exactly as long as the words -----------------------------------------

def command_ms(turn) -> int:
    """What the device spends running the commands: AnimateItem durations and delays, Idle delays."""
    total = 0
    for cmd in raw_commands(turn):
        if cmd["type"] == "AnimateItem":
            total += int(cmd["duration"]) + int(cmd.get("delay", 0))
        elif cmd["type"] == "Idle":
            total += int(cmd["delay"])
    return total


def test_the_commands_add_up_to_the_turns_planned_length(show):
    turn = box_minute(show)
    ex = turn.exercise
    plan = catalogue.get("breathing").turns("en-US", ex["opts"], ex["variant"])[ex["turn"]]
    planned = pacing.total_seconds(plan, speech.measure_for("en-US"))
    spoken = speech.seconds(turn.ssml)
    assert planned == pytest.approx(60.0, abs=60 * pacing.TOLERANCE)
    assert abs(command_ms(turn) - spoken * 1000) <= 2  # the words after the breaths are in too
    after = spoken - planned  # the offer after the practice: the circle rests while it is said
    assert 0 < after < 30


def phases(turn) -> list[tuple[str, str]]:
    """(words shown, what the circle does next) for each step of the sequence."""
    out, shown = [], ""
    for cmd in raw_commands(turn):
        if cmd["type"] == "SetValue":
            assert cmd["componentId"] == "step" and cmd["property"] == "text"
            shown = cmd["value"]
        elif cmd["type"] == "AnimateItem":
            assert cmd["componentId"] == "circle"
            scale_from, scale_to = cmd["value"][0]["from"][0]["scale"], cmd["value"][0]["to"][0]["scale"]
            out.append((shown, "grows" if scale_to > scale_from else "shrinks"))
        elif cmd["type"] == "Idle":
            out.append((shown, "rests"))
    return out


def test_the_circle_grows_on_the_breath_in_rests_on_holds_and_shrinks_on_the_breath_out(show):
    seen = phases(box_minute(show))
    moves = {}
    for shown, move in seen:
        moves.setdefault(shown, set()).add(move)
    assert moves["Breathe in gently, through your nose"] == {"grows"}
    assert moves["Breathe in"] == {"grows"}
    assert moves["And hold, softly"] == {"rests"} and moves["Hold"] == {"rests"}
    assert moves["And slowly, all the way out"] == {"shrinks"} and moves["And out"] == {"shrinks"}
    assert moves["Rest"] == {"rests"}
    assert seen[0] == (seen[0][0], "rests") and "breathe together" in seen[0][0]  # the intro: no motion yet


def test_counting_aloud_the_circle_grows_smoothly_across_the_counts():
    plan = pacing.breathing_timeline("box", speech.measure_for("en-US"), rounds=1, count_aloud=True)
    beats = apl.beats_for("en-US", plan)
    growing = [b for b in beats if b.phase == "in"]
    assert len(growing) == 4  # "breathe in, 2, 3, 4"
    assert [b.start_scale for b in growing] == sorted(b.start_scale for b in growing)
    assert growing[0].start_scale == apl.SMALL and growing[-1].end_scale == apl.LARGE
    assert all(a.end_scale == pytest.approx(b.start_scale) for a, b in zip(growing, growing[1:]))


# -- the whole practice stays on screen ------------------------------------------------------------

def test_the_visual_lasts_a_whole_five_minute_practice(show):
    show.launch()
    turn = show.say("BreathingIntent", technique=("box", "box"), duration="PT5M")
    plans = catalogue.get("breathing").turns("en-US", turn.exercise["opts"], turn.exercise["variant"])
    measure = speech.measure_for("en-US")
    assert len(plans) > 1  # spoken in turns here: no AudioPlayer
    seen, left = 0, sum(pacing.total_seconds(t, measure) for t in plans)
    assert left == pytest.approx(300, rel=pacing.TOLERANCE)
    while True:
        idle = render_of(turn)["document"]["settings"]["idleTimeout"]
        assert idle >= left * 1000 > apl.DEFAULT_IDLE_MS  # never gone before the practice ends
        assert abs(command_ms(turn) - speech.seconds(turn.ssml) * 1000) <= 2  # each turn, picture and words together
        seen += 1
        left -= pacing.total_seconds(plans[turn.exercise["turn"]], measure)
        if turn.exercise["turn"] == len(plans) - 1:
            break
        turn = show.say("AMAZON.YesIntent")
    assert seen == len(plans)
    texts = [render_of(t)["datasources"]["breath"]["progressText"] for t in show.turns[1:]]
    assert texts == [f"{i} of {len(plans)}" for i in range(1, len(plans) + 1)]


# -- night, viewports ----------------------------------------------------------------------------------

@pytest.mark.parametrize("utc, night", [("2026-11-30T05:30:00Z", True), ("2026-11-30T18:00:00Z", False)])
def test_the_screen_is_dim_at_night(skill, utc, night):
    # en-US: the locale's guess is US Eastern (UTC-5): 00:30 and 13:00
    show = device(skill, timestamp=utc)
    turn = box_minute(show)
    data = render_of(turn)["datasources"]["breath"]
    assert data["night"] is night
    doc = render_of(turn)["document"]
    dim = next(r for r in doc["resources"] if r.get("when") == "${payload.breath.night}")
    assert _brightness(dim["colors"]["sbCircle"]) < _brightness(doc["resources"][0]["colors"]["sbCircle"])


def _brightness(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _when(expression: str, viewport: dict) -> bool:
    """The few APL data-binding expressions our documents use, evaluated for one viewport."""
    inner = re.fullmatch(r"\$\{(.*)\}", expression).group(1)
    inner = inner.replace("&&", " and ").replace("||", " or ")
    return bool(eval(inner, {"__builtins__": {}}, {"viewport": SimpleNamespace(**viewport)}))  # noqa: S307 (our own data)


VIEWPORTS = {
    "hub round small (Echo Spot)": ({"shape": "round", "mode": "hub", "width": 480, "height": 480}, "round"),
    "hub landscape small (Echo Show 5)": ({"shape": "rectangle", "mode": "hub", "width": 960, "height": 480}, "landscape"),
    "hub landscape medium (Echo Show 8)": ({"shape": "rectangle", "mode": "hub", "width": 1280, "height": 800}, "landscape"),
    "hub landscape xlarge (Echo Show 15)": ({"shape": "rectangle", "mode": "hub", "width": 1920, "height": 1080}, "landscape"),
    "tv (Fire TV)": ({"shape": "rectangle", "mode": "tv", "width": 1920, "height": 1080}, "TV"),
    "mobile portrait (Alexa app)": ({"shape": "rectangle", "mode": "mobile", "width": 720, "height": 1280}, "portrait"),
}


@pytest.mark.parametrize("name", VIEWPORTS)
def test_each_kind_of_screen_gets_its_own_layout_with_the_circle_and_the_words(name):
    viewport, expected = VIEWPORTS[name]
    items = apl.document("breathing")["mainTemplate"]["items"]
    chosen = next(item for item in items if "when" not in item or _when(item["when"], viewport))
    assert expected in chosen["description"]
    text = json.dumps(chosen)
    assert '"id": "step"' in text
    circle = next(item for item in chosen["items"] if item["type"] == "SbCircle")
    size, radius = (re.fullmatch(r"(\d+)(v[wh])", circle[k]).groups() for k in ("size", "radius"))
    assert int(radius[0]) * 2 == int(size[0]) and radius[1] == size[1]  # round, whatever the screen


# -- during a stream -----------------------------------------------------------------------------------

def test_during_a_stream_the_commands_add_up_to_the_spoken_start_and_the_streams_length(tmp_path, monkeypatch):
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed: .ci/run installs it (apt-get install espeak-ng)")
    config = Config(store="memory", audio_dir=str(tmp_path / "sessions"), phrase_dir=str(tmp_path / "phrases"),
                    public_url="https://sb.example.test/")
    skill = app.build(config)
    monkeypatch.setattr(runner, "variant", lambda: 0)
    opts = catalogue.get("breathing").options({"technique": catalogue.Slot("box", "box"),
                                               "duration": catalogue.Slot("PT2M")}, {})
    done = audio.render("breathing", opts, "en-US", variant=0, config=config)
    show = device(skill, interfaces={**APL, "AudioPlayer": {}})
    turn = show.say("BreathingIntent", technique=("box", "box"), duration="PT2M")
    assert directives(turn, "AudioPlayer.Play"), "expected the practice as one stream"
    total_ms = command_ms(turn)
    assert abs(total_ms - (speech.seconds(turn.ssml) + done.duration_s) * 1000) <= 2
    moves = phases(turn)
    first_in = next(i for i, (shown, _) in enumerate(moves) if shown.lower().startswith("breathe in"))
    assert moves[first_in][1] == "grows"
    assert turn.card and "box" in turn.card["content"].lower()  # the stream keeps its card too


# -- the safety answer on a screen -----------------------------------------------------------------------

def test_the_safety_answer_shows_the_numbers_large(show):
    show.launch()
    turn = show.say("CrisisIntent")
    doc = render_of(turn)
    directive = SERIALIZER.deserialize(json.dumps(doc), RenderDocumentDirective)
    lines = directive.datasources["message"]["lines"]
    numbers = [line["number"] for line in lines if line["number"]]
    assert "988" in numbers and any("911" in n for n in numbers)
    assert turn.card and "988" in turn.card["content"]
    sizes = {r["dimensions"]["sbNumber"]: r["dimensions"]["sbLine"] for r in doc["document"]["resources"]
             if "dimensions" in r}
    assert all(int(big[:-2]) >= 1.5 * int(small[:-2]) for big, small in sizes.items())  # large on every screen
