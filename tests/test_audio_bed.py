"""The optional sound bed: rain, soft noise or brown noise under the voice, made by code.

Sessions are rendered for real (espeak-ng) with each bed and without, decoded with miniaudio, and
heard the way a person would notice: the bed is there between the words but quiet under them,
it fades in and out, the beds sound different from each other, the session still lasts what was
asked, and the choice is remembered and part of what names (caches) the session.
"""
from __future__ import annotations

import array
import math

import miniaudio
import pytest

from skill import app, audio
from skill.audio import bed
from skill.handlers import exercise as runner

import servers
from builders import envelope, intent

OPTS = {"technique": "box", "minutes": 2}
PUBLIC = "https://sb.example.test/"
USER = "amzn1.ask.account.BEDTIME"


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return servers.audio_config(tmp_path_factory, "bed", PUBLIC)


@pytest.fixture(scope="module")
def sessions(config):
    out = {}
    for kind in (None, *bed.BEDS):
        done = audio.render("breathing", OPTS, "en-US", config=config, bed=kind)
        decoded = miniaudio.mp3_read_s16(done.path.read_bytes())
        out[kind] = (done, decoded)
    return out


def rms(decoded, start: float, end: float) -> float:
    part = decoded.samples[int(start * decoded.sample_rate): int(end * decoded.sample_rate)]
    return math.sqrt(sum(x * x for x in part) / max(1, len(part)))


def quiet_spans(timeline, least: float = 1.0):
    """Gaps between cues of at least ``least`` seconds, a little inside their edges."""
    for before, after in zip(timeline, timeline[1:]):
        if after["start"] - before["end"] >= least + 0.2:
            yield before["end"] + 0.1, after["start"] - 0.1


def test_each_bed_is_its_own_session_and_renders_once(sessions, config):
    names = {kind: done.name for kind, (done, _) in sessions.items()}
    assert len(set(names.values())) == 4
    again = audio.render("breathing", OPTS, "en-US", config=config, bed="rain")
    assert not again.fresh and again.name == names["rain"] and again.sidecar["bed"] == "rain"
    assert audio.render("breathing", OPTS, "en-US", config=config, bed="no such bed").name == names[None]


def test_with_a_bed_the_session_still_lasts_what_was_asked(sessions):
    for kind, (done, decoded) in sessions.items():
        assert abs(decoded.num_frames / decoded.sample_rate - 120) <= 1.2, kind
        assert done.timeline == sessions[None][0].timeline  # the voice keeps its exact timing


def test_the_bed_is_heard_between_the_words_and_quiet_under_them(sessions):
    plain_done, plain = sessions[None]
    gaps = list(quiet_spans(plain_done.timeline))
    assert gaps
    loudest = max(plain_done.timeline, key=lambda c: rms(plain, c["start"], c["end"]))
    for kind in bed.BEDS:
        _, decoded = sessions[kind]
        for start, end in gaps[2:6]:  # after the fade in
            assert 200 <= rms(decoded, start, end) <= 2000, (kind, start)  # there, and quiet
            assert rms(plain, start, end) < 50  # without a bed, the same moment is silent
        voice = rms(plain, loudest["start"], loudest["end"])
        between = rms(decoded, *gaps[3])
        assert voice >= 4 * between, kind  # the words stand at least 12 dB above the bed


def test_the_bed_fades_in_and_out():
    rate = 16000
    for kind in bed.BEDS:
        under = array.array("h")
        under.frombytes(bed.under(60 * rate, kind, rate))
        level = lambda a, b: math.sqrt(sum(x * x for x in under[int(a * rate): int(b * rate)]) / ((b - a) * rate))
        settled = level(20, 30)
        assert level(0, 0.3) < settled / 4 and level(59.7, 60) < settled / 4, kind
        assert level(0, 1) < level(1.5, 2.5) < level(3, 4) <= settled * 1.2, kind  # rising, not a jump


def brightness(pcm: bytes) -> float:
    """How much of the sound is in quick changes (high frequencies): first differences against the level."""
    samples = array.array("h")
    samples.frombytes(pcm)
    steps = math.sqrt(sum((b - a) ** 2 for a, b in zip(samples, samples[1:])) / (len(samples) - 1))
    level = math.sqrt(sum(x * x for x in samples) / len(samples))
    return steps / level


def test_the_beds_sound_different_rain_brightest_brown_deepest():
    rain, soft, brown = (brightness(bed.loop(kind, 16000)) for kind in ("rain", "soft", "brown"))
    assert rain > soft > brown


def test_the_loop_joins_without_a_click():
    for kind in bed.BEDS:
        samples = array.array("h")
        samples.frombytes(bed.loop(kind, 22050))
        steps = sorted(abs(b - a) for a, b in zip(samples, samples[1:]))
        assert abs(samples[0] - samples[-1]) <= steps[int(len(steps) * 0.999)], kind  # no bigger than the loop's own


def test_mixing_without_the_c_adder_gives_the_same_sound(monkeypatch):
    base = bytearray(bed.under(22050, "brown", 22050))
    voice = array.array("h", [30000, -30000, 1000, -5] * 500).tobytes()
    fast = bytearray(base)
    bed.mix_into(fast, 100, voice)
    monkeypatch.setattr(bed, "_audioop", None)
    slow = bytearray(base)
    bed.mix_into(slow, 100, voice)
    assert fast == slow and fast != base
    mixed = array.array("h")
    mixed.frombytes(slow)
    assert max(mixed) == 32767 or max(mixed) < 32767  # clipped, never wrapped around
    assert all(-32768 <= x <= 32767 for x in mixed) and mixed[100] > 20000


# -- chosen by voice, remembered -----------------------------------------------------------------

@pytest.fixture(scope="module")
def skill(config):
    return app.build(config)


@pytest.fixture(autouse=True)
def one_wording(monkeypatch):
    monkeypatch.setattr(runner, "variant", lambda: 0)


def send(skill, request: dict, *, audio_player: bool = True, attributes: dict | None = None):
    body = envelope(request, user_id=USER, attributes=attributes or {}, new=attributes is None)
    if audio_player:
        body["context"]["System"]["device"]["supportedInterfaces"] = {"AudioPlayer": {}}
    return app.invoke(skill, body)


def stream_of(answer: dict) -> dict | None:
    for directive in answer["response"].get("directives") or []:
        if directive["type"] == "AudioPlayer.Play":
            return directive["audioItem"]["stream"]
    return None


def test_asking_with_rain_plays_it_and_remembers_it_until_no_sound(skill, config, sessions):
    rained = send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT2M", bed=("rain", "rain")))
    assert stream_of(rained)["token"] == sessions["rain"][0].name
    assert "soft rain underneath" in rained["response"]["outputSpeech"]["ssml"]
    later = send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT2M"))
    assert stream_of(later)["token"] == sessions["rain"][0].name  # remembered
    quiet = send(skill, intent("SoundBedIntent", bed=("no sound", "none")))
    assert "no sound underneath" in quiet["response"]["outputSpeech"]["ssml"] and not quiet["response"]["shouldEndSession"]
    plain = send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT2M"))
    assert stream_of(plain)["token"] == sessions[None][0].name


def test_choosing_a_bed_alone_is_said_back_and_offers_the_menu(skill, sessions):
    chosen = send(skill, intent("SoundBedIntent", bed=("brown noise", "brown")))
    said = chosen["response"]["outputSpeech"]["ssml"]
    assert "brown noise" in said and "What would you like" in said and chosen["response"]["reprompt"]
    played = send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT2M"))
    assert stream_of(played)["token"] == sessions["brown"][0].name
    unknown = send(skill, intent("SoundBedIntent", bed=("ocean waves", None)))
    assert "soft rain, soft noise, or brown noise" in unknown["response"]["outputSpeech"]["ssml"]
    off = send(skill, intent("SoundBedIntent"))  # "turn off the background sound": no sound named
    assert "no sound underneath" in off["response"]["outputSpeech"]["ssml"]
    played = send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT2M"))
    assert stream_of(played)["token"] == sessions[None][0].name


def test_without_audioplayer_the_bed_is_remembered_and_the_voice_guides(skill):
    chosen = send(skill, intent("SoundBedIntent", bed=("rain", "rain")), audio_player=False)
    assert "by voice" in chosen["response"]["outputSpeech"]["ssml"]
    spoken = send(skill, intent("BreathingIntent", technique=("box", "box"), duration="PT2M"), audio_player=False)
    assert stream_of(spoken) is None and spoken["sessionAttributes"]["sb"]["ex"]["id"] == "breathing"
    send(skill, intent("SoundBedIntent", bed=("no sound", "none")))
