"""Long practice through virtual-alexa's AudioPlayer simulation, against the real server over HTTPS.

`secure-base serve` runs with a certificate for 127.0.0.1 and SB_PUBLIC_URL set to its own base
URL, so the skill and its audio come from one address, as self-hosted (AudioPlayer streams only
over HTTPS; virtual-alexa refuses a plain http:// stream as a device does). virtual-alexa resolves
what is said against interaction_model/en-US.json, plays what an AudioPlayer.Play names, and sends
the player's own requests (PlaybackStarted; PlaybackStopped before an intent said while it plays).
The stream each Play names is fetched from that server and decoded.

The phrases are synthesized once for the module (espeak-ng) into the server's phrase folder, so the
server renders a session on the spot, as it would after `secure-base render --common`.
"""
from __future__ import annotations

import json
import shutil

import miniaudio
import pytest

from skill import audio
from skill.config import Config

from servers import ROOT, SkillServer, node, require_node_tools, self_signed

MODEL = ROOT / "interaction_model" / "en-US.json"
ASKED = [("breathing", {"technique": "box", "minutes": 5}), ("breathing", {"technique": "extended_exhale", "minutes": 10}),
         ("nightly", {"length": "long"}), ("nightly", {"length": "short"})]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed: .ci/run installs it (apt-get install espeak-ng)")
    require_node_tools("virtual-alexa")
    base = tmp_path_factory.mktemp("va-audio")
    cert, key = self_signed(base)
    env = {"SB_AUDIO_DIR": str(base / "sessions"), "SB_PHRASE_DIR": str(base / "phrases"), "SB_TTS": "espeak"}
    running = SkillServer(base / "store.sqlite3", env=env, tls=(cert, key))
    running.extra_env["SB_PUBLIC_URL"] = running.url.rstrip("/")
    config = Config(store="memory", audio_dir=str(base / "phrases-only"), phrase_dir=env["SB_PHRASE_DIR"],
                    public_url=running.url.rstrip("/"))
    for exercise_id, opts in ASKED:  # every phrase each wording needs, cached where the server looks
        for variant in (0, 1):
            audio.render(exercise_id, opts, "en-US", variant=variant, config=config)
    with running:
        yield running


def converse(server: SkillServer, *steps: dict) -> list[dict]:
    out = node("virtual_alexa_audio.js", "--model", str(MODEL), "--url", server.url, "--dialog", "-",
               stdin=json.dumps({"locale": "en-US", "steps": list(steps)}), packages=("virtual-alexa",),
               env={"NODE_EXTRA_CA_CERTS": server.tls[0]})
    run = json.loads(out)
    assert run["stopped"] is None, f"{run['stopped']}\n{server.logs()[-3000:]}"
    return run["results"]


def plays(record: dict) -> list[dict]:
    return [d for d in (record.get("response") or {}).get("directives") or [] if d["type"] == "AudioPlayer.Play"]


def fetch(server: SkillServer, url: str) -> bytes:
    assert url.startswith(server.url), f"the stream is not on this server: {url}"
    with server.open(url) as answer:
        return answer.read()


def seconds(mp3: bytes) -> float:
    decoded = miniaudio.mp3_read_s16(mp3)
    return decoded.num_frames / decoded.sample_rate


def sidecar(server: SkillServer, url: str) -> dict:
    return json.loads(fetch(server, url.replace(".mp3", ".json")))


@pytest.mark.parametrize("said,minutes", [("box breathing for five minutes", 5), ("breathing for ten minutes", 10)])
def test_a_timed_session_is_one_stream_of_the_length_asked(server, said, minutes):
    first = converse(server, {"say": said})[0]
    [play] = plays(first)
    stream = play["audioItem"]["stream"]
    assert play["playBehavior"] == "REPLACE_ALL" and stream["offsetInMilliseconds"] == 0
    assert first["response"]["shouldEndSession"] is True and not first["response"]["reprompt_text"]
    assert "Alexa, pause" in first["response"]["text"]
    assert first["player_after"]["activity"] == "PLAYING" and first["player_after"]["token"] == stream["token"]
    assert [s["type"] for s in first["sent"]] == ["IntentRequest", "AudioPlayer.PlaybackStarted"]
    assert abs(seconds(fetch(server, stream["url"])) - minutes * 60) <= 0.02 * minutes * 60


@pytest.mark.parametrize("said,minutes", [("long self compassion", 8), ("short self compassion", 3)])
def test_the_nightly_practice_plays_as_audio_asks_nothing_and_ends_softly(server, said, minutes):
    first = converse(server, {"say": said})[0]
    [play] = plays(first)
    assert first["response"]["shouldEndSession"] is True and not first["response"]["reprompt_text"]
    assert "?" not in first["response"]["text"]
    url = play["audioItem"]["stream"]["url"]
    assert abs(seconds(fetch(server, url)) - minutes * 60) <= 0.02 * minutes * 60
    cues = sidecar(server, url)["cues"]
    assert cues[-1]["key"] == "nightly/close" and "goodnight" in cues[-1]["text"].lower()
    assert not any(c["key"].startswith("common/") for c in cues)  # no "keep going?", nothing asked


def test_play_pause_resume_at_the_kept_place_then_finished(server):
    steps = converse(
        server,
        {"say": "box breathing for five minutes"},
        {"player": "offset", "ms": 83_000},
        {"say": "pause"},
        {"say": "resume"},
        {"player": "offset", "ms": 300_000},
        {"player": "finished"},
        {"say": "how am i doing"},
        {"say": "stop"},
        {"launch": True},
        {"say": "no"},
        {"say": "stop"},
        {"launch": True},
    )
    started, _, paused, resumed, _, finished, progress, _, opened, answered, _, later = steps
    [play] = plays(started)
    token, url = play["audioItem"]["stream"]["token"], play["audioItem"]["stream"]["url"]
    # "Alexa, pause": the player stops and tells where; the skill stops it and keeps the place
    assert [s["type"] for s in paused["sent"]] == ["AudioPlayer.PlaybackStopped", "IntentRequest"]
    assert paused["sent"][0]["offset"] == 83_000 and paused["sent"][1]["intent"] == "AMAZON.PauseIntent"
    assert any(d["type"] == "AudioPlayer.Stop" for d in paused["response"]["directives"])
    assert paused["player_after"]["activity"] == "STOPPED"
    # "Alexa, resume": the same stream, from the start of the words being said at 83 s
    [again] = plays(resumed)
    assert again["audioItem"]["stream"]["token"] == token
    timeline = sidecar(server, url)["cues"]
    heard = [c for c in timeline if c["start"] <= 83.0]
    expected = heard[-1]["start"] if 83.0 < heard[-1]["end"] else 83.0
    assert again["audioItem"]["stream"]["offsetInMilliseconds"] == int(expected * 1000)
    assert resumed["player_after"]["activity"] == "PLAYING"
    # played to the end: it counts as practised, and nothing is said over a finished stream
    assert [s["type"] for s in finished["sent"]] == ["AudioPlayer.PlaybackFinished"]
    assert not (finished["response"] or {}).get("text")
    assert "1" in progress["response"]["text"] or "one" in progress["response"]["text"].lower()
    # the next open asks, once and briefly, how it went; a no is met kindly, with the menu
    assert "Did it help?" in opened["response"]["text"] and opened["response"]["shouldEndSession"] is False
    assert "Thank you for telling me" in answered["response"]["text"] and "What would you like" in answered["response"]["text"]
    assert "Did it help?" not in later["response"]["text"]


def test_failed_playback_is_apologised_for_at_the_next_open_with_the_spoken_version(server):
    steps = converse(
        server,
        {"say": "box breathing for five minutes"},
        {"player": "failed", "error": "MEDIA_ERROR_SERVICE_UNAVAILABLE"},
        {"launch": True},
        {"say": "yes"},
    )
    _, failed, opened, yes = steps
    assert [s["type"] for s in failed["sent"]] == ["AudioPlayer.PlaybackFailed"] and not failed["response"]["text"]
    assert "didn't play" in opened["response"]["text"] and opened["response"]["shouldEndSession"] is False
    assert not plays(yes) and yes["response"]["shouldEndSession"] is False
    assert "breathe in" in yes["response"]["text"].lower()


def test_a_device_without_audioplayer_gets_spoken_breathing(server):
    steps = converse(server, {"device": {"audio_player": False}}, {"say": "box breathing for five minutes"})
    spoken = steps[1]
    assert not plays(spoken) and not spoken["sent"][0]["audio_player_supported"]
    assert "breathe in" in spoken["response"]["text"].lower() and spoken["response"]["shouldEndSession"] is False
    assert spoken["response"]["reprompt_text"]
    assert spoken["player_after"]["activity"] == "IDLE"


def test_a_sound_bed_asked_for_by_voice_is_under_the_stream_and_remembered(server):
    steps = converse(
        server,
        {"say": "box breathing for five minutes with rain"},
        {"say": "stop"},
        {"say": "with brown noise"},
        {"say": "box breathing for five minutes"},
    )
    rained, _, chosen, later = steps
    assert rained["sent"][0]["intent"] == "BreathingIntent" and "soft rain underneath" in rained["response"]["text"]
    [play] = plays(rained)
    assert sidecar(server, play["audioItem"]["stream"]["url"])["bed"] == "rain"
    assert chosen["sent"][0]["intent"] == "SoundBedIntent" and "brown noise" in chosen["response"]["text"]
    [play] = plays(later)
    assert sidecar(server, play["audioItem"]["stream"]["url"])["bed"] == "brown"
    assert abs(seconds(fetch(server, play["audioItem"]["stream"]["url"])) - 300) <= 6
