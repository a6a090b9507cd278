"""Long practice as one stream on devices with AudioPlayer: play, pause, resume at the kept place, finish.

Requests carry a device that supports AudioPlayer (and, while a stream plays, the AudioPlayer
context Alexa adds). The sessions are rendered for real with espeak-ng into a local store served
under SB_PUBLIC_URL, so the stream a device would fetch is decoded and its length checked.
"""
from __future__ import annotations


import miniaudio
import pytest

from skill import app, audio
from skill.handlers import exercise as runner
from skill.scripts import catalogue

import servers
from builders import envelope, intent, launch

PUBLIC = "https://sb.example.test/"
USER = "amzn1.ask.account.LISTENER"


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return servers.audio_config(tmp_path_factory, "player", PUBLIC)


@pytest.fixture(scope="module")
def skill(config):
    return app.build(config)


@pytest.fixture(autouse=True)
def one_wording(monkeypatch):
    """Each session is rendered in one wording here, so a render made by the test is the one found."""
    monkeypatch.setattr(runner, "variant", lambda: 0)


def rendered(config, exercise_id: str, **slots):
    exercise = catalogue.get(exercise_id)
    opts = exercise.options({k: catalogue.Slot(value=v, id=v) if k != "duration" else catalogue.Slot(value=v, id=None)
                             for k, v in slots.items()}, {})
    return audio.render(exercise_id, opts, "en-US", variant=0, config=config)


def send(skill, request: dict, *, audio_player: bool = True, playing: dict | None = None, session: bool = True):
    body = envelope(request, user_id=USER, attributes={} if session else None)
    device = body["context"]["System"]["device"]
    if audio_player:
        device["supportedInterfaces"] = {"AudioPlayer": {}}
    if playing is not None:
        body["context"]["AudioPlayer"] = playing
    if not session:
        body.pop("session", None)
    return app.invoke(skill, body)


def play_of(response: dict) -> dict | None:
    for directive in response.get("response", {}).get("directives") or []:
        if directive.get("type") == "AudioPlayer.Play":
            return directive
    return None


def event(kind: str, token: str, offset: int = 0, **extra) -> dict:
    return {"type": kind, "token": token, "offsetInMilliseconds": offset, **extra}


def test_five_minutes_of_box_breathing_is_one_stream_of_five_minutes(skill, config):
    done = rendered(config, "breathing", technique="box", duration="PT5M")
    answer = send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT5M"))
    play = play_of(answer)
    assert play and answer["response"]["shouldEndSession"] is True
    stream = play["audioItem"]["stream"]
    assert stream["url"] == done.url and stream["url"].startswith(PUBLIC) and stream["offsetInMilliseconds"] == 0
    said = answer["response"]["outputSpeech"]["ssml"]
    assert "Alexa, pause" in said and "reprompt" not in answer["response"]
    decoded = miniaudio.mp3_read_s16(done.path.read_bytes())
    assert abs(decoded.num_frames / decoded.sample_rate - 300) <= 0.02 * 300


def test_pause_keeps_the_place_and_resume_carries_on_from_it(skill, config):
    rendered(config, "breathing", technique="box", duration="PT5M")
    token = play_of(send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT5M")))["audioItem"]["stream"]["token"]
    here = {"token": token, "offsetInMilliseconds": 83_000, "playerActivity": "PLAYING"}
    paused = send(skill, intent("AMAZON.PauseIntent"), playing=here, session=False)
    assert any(d["type"] == "AudioPlayer.Stop" for d in paused["response"]["directives"])
    send(skill, event("AudioPlayer.PlaybackStopped", token, 83_000), playing={**here, "playerActivity": "STOPPED"},
         session=False)
    resumed = send(skill, intent("AMAZON.ResumeIntent"), playing={**here, "playerActivity": "STOPPED"}, session=False)
    offset = play_of(resumed)["audioItem"]["stream"]["offsetInMilliseconds"]
    assert 78_000 <= offset <= 83_000  # never mid-word: back to the start of the cue
    again = send(skill, intent("AMAZON.StartOverIntent"), playing={**here, "playerActivity": "STOPPED"}, session=False)
    assert play_of(again)["audioItem"]["stream"]["offsetInMilliseconds"] == 0


def test_a_finished_stream_counts_as_practised(skill, config):
    rendered(config, "breathing", technique="box", duration="PT5M")
    token = play_of(send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT5M")))["audioItem"]["stream"]["token"]
    quiet = send(skill, event("AudioPlayer.PlaybackFinished", token, 300_000), session=False)
    assert not quiet["response"].get("outputSpeech")
    progress = send(skill, intent("ProgressIntent"))
    assert "1" in progress["response"]["outputSpeech"]["ssml"] or "one" in progress["response"]["outputSpeech"]["ssml"]


def test_a_failed_stream_is_apologised_for_and_the_spoken_version_offered(skill, config):
    rendered(config, "breathing", technique="box", duration="PT5M")
    token = play_of(send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT5M")))["audioItem"]["stream"]["token"]
    failed = event("AudioPlayer.PlaybackFailed", token, error={"type": "MEDIA_ERROR_UNKNOWN", "message": "x"})
    assert not send(skill, failed, session=False)["response"].get("outputSpeech")
    opened = send(skill, launch())
    assert "didn't play" in opened["response"]["outputSpeech"]["ssml"] and opened["response"]["shouldEndSession"] is False
    yes = app.invoke(skill, envelope(intent("AMAZON.YesIntent"), user_id=USER, attributes=opened["sessionAttributes"],
                                     new=False))
    assert play_of(yes) is None and yes["sessionAttributes"]["sb"]["ex"]["id"] == "breathing"


def test_without_audioplayer_breathing_is_spoken(skill, config):
    rendered(config, "breathing", technique="box", duration="PT5M")
    answer = send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT5M"), audio_player=False)
    assert play_of(answer) is None and answer["sessionAttributes"]["sb"]["ex"]["id"] == "breathing"


def test_long_self_compassion_plays_and_asks_nothing(skill, config):
    rendered(config, "nightly", length="long")
    answer = send(skill, intent("SelfCompassionIntent", length=("long", "long")))
    assert play_of(answer) and answer["response"]["shouldEndSession"] is True and "reprompt" not in answer["response"]


@pytest.mark.parametrize("name", ["AMAZON.NextIntent", "AMAZON.LoopOnIntent", "AMAZON.ShuffleOnIntent"])
def test_what_a_practice_cannot_do_is_said_kindly(skill, config, name):
    rendered(config, "breathing", technique="box", duration="PT5M")
    token = play_of(send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT5M")))["audioItem"]["stream"]["token"]
    answer = send(skill, intent(name), playing={"token": token, "offsetInMilliseconds": 1000, "playerActivity": "PLAYING"},
                  session=False)
    assert "straight through" in answer["response"]["outputSpeech"]["ssml"]


def test_nothing_rendered_means_the_turns_are_spoken_and_nobody_waits(skill, config):
    answer = send(skill, intent("BreathingIntent", technique=("sigh", "sigh"), duration="PT7M"))
    assert play_of(answer) is None and answer["sessionAttributes"]["sb"]["ex"]["id"] == "breathing"


def test_the_open_after_a_finished_stream_asks_once_how_it_went(skill, config):
    rendered(config, "breathing", technique="box", duration="PT5M")
    token = play_of(send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT5M")))["audioItem"]["stream"]["token"]
    send(skill, event("AudioPlayer.PlaybackFinished", token, 300_000), session=False)
    opened = send(skill, launch())
    said = opened["response"]["outputSpeech"]["ssml"]
    assert "Did it help?" in said and "box breathing" in said.lower() and opened["response"]["shouldEndSession"] is False
    yes = app.invoke(skill, envelope(intent("AMAZON.YesIntent"), user_id=USER, attributes=opened["sessionAttributes"],
                                     new=False))
    assert "glad it helped" in yes["response"]["outputSpeech"]["ssml"] and yes["response"]["shouldEndSession"] is False
    again = send(skill, launch())
    assert "Did it help?" not in again["response"]["outputSpeech"]["ssml"]


def test_stop_after_a_finished_stream_is_a_goodbye_not_a_stream_stop(skill, config):
    rendered(config, "breathing", technique="box", duration="PT5M")
    token = play_of(send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT5M")))["audioItem"]["stream"]["token"]
    send(skill, event("AudioPlayer.PlaybackFinished", token, 300_000), session=False)
    bye = send(skill, intent("AMAZON.StopIntent"), playing={"token": token, "offsetInMilliseconds": 300_000,
                                                             "playerActivity": "FINISHED"})
    assert bye["response"].get("outputSpeech") and not bye["response"].get("directives")
    assert "Did it help?" in send(skill, launch())["response"]["outputSpeech"]["ssml"]


def test_what_render_common_made_is_what_a_request_finds(skill, config):
    """`secure-base render --common` asks for 5 minutes; a person's "five minutes" arrives as PT5M (5.0)."""
    made = {audio.session_name(e, o, "en-US", audio.engine_for("en-US", config), v) for e, o, v in audio.common_sessions()}
    answer = send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT5M"))
    assert play_of(answer)["audioItem"]["stream"]["token"] in made
