"""Sessions rendered to audio with a real TTS engine (espeak-ng), decoded and checked against the plan.

Every breathing technique at 1, 5 and 10 minutes and the nightly practice (short, long) are
rendered once for the module (one phrase cache), then each MP3 is decoded with miniaudio:
its length is the length asked (±1%), the audio is silent where the sidecar says silence, each
cue's sound starts and ends where the sidecar says (±50 ms), and from one "breathe in" to the next
is exactly the technique's cycle.
"""
from __future__ import annotations

import json
import shutil

import miniaudio
import pytest

from skill import audio, pacing
from skill.audio import renderer as render_module
from skill.audio import tts
from skill.config import Config

ESPEAK_MISSING = ("espeak-ng is not installed: .ci/run installs it (apt-get install espeak-ng); "
                  "on your machine: sudo apt-get install espeak-ng")

MINUTES = (1, 5, 10)
TIMING = 0.050  # seconds: every cue boundary within this of the sidecar
LOUD = 300  # |sample| above this is sound in the decoded MP3 (of 32767)


def decode(mp3: bytes) -> miniaudio.DecodedSoundFile:
    return miniaudio.mp3_read_s16(mp3)  # at the rate it was encoded, no resampling


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    base = tmp_path_factory.mktemp("audio")
    return Config(store="memory", audio_dir=str(base / "sessions"), phrase_dir=str(base / "phrases"))


@pytest.fixture(scope="module")
def engine():
    if shutil.which("espeak-ng") is None:  # the Polly and flite tests below still run
        pytest.skip(ESPEAK_MISSING)
    return tts.engine("espeak", locale="en-US")


@pytest.fixture(scope="module")
def phrases(engine, config):
    return render_module.Phrases(engine, config.phrase_dir)


@pytest.fixture(scope="module")
def sessions(config, engine, phrases):
    """Every (exercise, options) under test, rendered once: {label: (Rendered, decoded)}."""
    asked = [(f"{t}-{m}", "breathing", {"technique": t, "minutes": m}) for t in pacing.TECHNIQUES for m in MINUTES]
    asked += [(f"nightly-{length}", "nightly", {"length": length}) for length in ("short", "long")]
    out = {}
    for label, exercise, opts in asked:
        done = audio.render(exercise, opts, "en-US", config=config, engine=engine, phrases=phrases)
        out[label] = (done, decode(done.path.read_bytes()))
    return out


def test_every_session_lasts_what_was_asked(sessions):
    for label, (done, decoded) in sessions.items():
        target = done.sidecar["target_s"]
        heard = decoded.num_frames / decoded.sample_rate
        assert abs(heard - target) <= 0.01 * target, (label, heard, target)
        assert abs(done.duration_s - heard) <= TIMING, (label, done.duration_s, heard)
        assert decoded.sample_rate == done.sidecar["sample_rate"] == 22050
        assert done.sidecar["overrun_s"] == 0, label


def test_from_one_breath_in_to_the_next_is_the_cycle(sessions):
    for label, (done, _) in sessions.items():
        technique = done.sidecar["options"].get("technique", "extended_exhale")
        cycle = pacing.TECHNIQUES[technique].cycle_seconds * pacing.pace_factor(done.sidecar["options"].get("pace", 0))
        starts = [c["start"] for c in done.timeline if c["key"] == "breathing/cue" and c["data"]["cue"] == "in"]
        assert len(starts) >= 2, label
        gaps = [b - a for a, b in zip(starts, starts[1:])]
        assert all(abs(g - cycle) <= TIMING for g in gaps), (label, sorted(set(round(g, 3) for g in gaps)))


def _first_loud(samples, lo: int, hi: int) -> int | None:
    return next((i for i in range(max(0, lo), min(len(samples), hi)) if abs(samples[i]) > LOUD), None)


def _last_loud(samples, lo: int, hi: int) -> int | None:
    return next((i for i in range(min(len(samples), hi) - 1, max(0, lo) - 1, -1) if abs(samples[i]) > LOUD), None)


def test_the_audio_is_where_the_sidecar_says_and_silent_between(sessions):
    for label, (done, decoded) in sessions.items():
        samples, rate = decoded.samples, decoded.sample_rate
        window = int(2 * TIMING * rate)
        previous_end = 0.0
        cues = done.timeline
        for cue, following in zip(cues, [*cues[1:], None]):
            start, end = int(cue["start"] * rate), int(cue["end"] * rate)
            # look for each edge near its boundary, never past the middle of the gap to the neighbouring cue
            after = int((cue["end"] + following["start"]) / 2 * rate) if following else len(samples)
            before = int((previous_end + cue["start"]) / 2 * rate)
            onset = _first_loud(samples, max(start - window, before), start + window)
            offset = _last_loud(samples, end - window, min(end + window, after))
            assert onset is not None and abs(onset / rate - cue["start"]) <= TIMING, (label, cue, onset and onset / rate)
            assert offset is not None and abs(offset / rate - cue["end"]) <= TIMING, (label, cue, offset and offset / rate)
            quiet = samples[int((previous_end + TIMING) * rate): int((cue["start"] - TIMING) * rate)]
            assert not quiet or max(max(quiet), -min(quiet)) <= LOUD, (label, "sound before", cue)
            assert cue["start"] >= previous_end, (label, cue)
            previous_end = cue["end"]
        tail = samples[int((previous_end + TIMING) * rate):]
        assert not tail or max(max(tail), -min(tail)) <= LOUD, label


def test_the_sidecar_is_beside_the_audio_and_says_what_is_heard(sessions):
    done, _ = sessions["box-5"]
    sidecar = json.loads(done.path.with_suffix(".json").read_text())
    assert sidecar == done.sidecar and sidecar["name"] == done.name
    assert sidecar["engine"] == "espeak" and sidecar["voice"] == "en-us" and sidecar["bitrate_kbps"] == 48
    first = sidecar["cues"][0]
    assert first["key"] == "breathing/intro" and first["text"].startswith(("Let's breathe", "Okay."))
    assert {"start", "end", "key", "text"} <= set(first)


def test_the_same_request_twice_renders_once(sessions, config, engine, phrases):
    done, _ = sessions["coherent-5"]
    made = phrases.synthesized
    again = audio.render("breathing", {"technique": "coherent", "minutes": 5}, "en-US", config=config,
                         engine=engine, phrases=phrases)
    assert again.name == done.name and not again.fresh and again.timeline == done.timeline
    assert phrases.synthesized == made
    assert audio.find("breathing", {"technique": "coherent", "minutes": 5}, "en-US", config=config,
                      engine=engine).name == done.name
    # another phrasing with the same words is the same content, so the same file
    assert audio.session_name("breathing", {"technique": "coherent", "minutes": 5}, "en-US", engine, 2) == done.name
    assert audio.session_name("breathing", {"technique": "coherent", "minutes": 5}, "en-US", engine, 1) != done.name


def test_each_phrase_is_synthesized_once_across_sessions(sessions, phrases, config):
    from pathlib import Path

    kept = list(Path(config.phrase_dir).glob("*.wav"))
    assert phrases.synthesized == len(kept) > 0  # every call to the engine made a new phrase
    words = {c["text"] for done, _ in sessions.values() for c in done.timeline}
    assert len(kept) < sum(len(done.timeline) for done, _ in sessions.values()) / 10
    assert len(words) <= len(kept)


def test_counting_aloud_quickly_keeps_the_cycle(config, engine, phrases):
    """Fast box breathing counted aloud: the long first cue does not fit its one-count beat, so it
    runs on and the counts after it wait; if the breath cannot hold its words they are said faster."""
    opts = {"technique": "box", "minutes": 2, "pace": -2, "count": True}
    done = audio.render("breathing", opts, "en-US", config=config, engine=engine, phrases=phrases)
    cycle = 16 * pacing.pace_factor(-2)
    starts = [c["start"] for c in done.timeline if c["key"] == "breathing/cue" and c["data"]["cue"] == "in"]
    assert all(abs((b - a) - cycle) <= TIMING for a, b in zip(starts, starts[1:]))
    said = done.timeline
    assert all(b["start"] >= a["end"] for a, b in zip(said, said[1:]))
    assert max(c.get("rate", 1.0) for c in said) <= render_module.MAX_RATE
    assert done.sidecar["overrun_s"] == 0


def test_what_cannot_be_one_stream_is_refused(config, engine):
    with pytest.raises(audio.NotRenderable):
        audio.render("grounding", {}, "en-US", config=config, engine=engine)  # it waits for answers
    with pytest.raises(audio.NotRenderable):
        audio.render("breathing", {"technique": "box", "minutes": 99}, "en-US", config=config, engine=engine)
    with pytest.raises(audio.NotRenderable):
        audio.render("no-such-thing", {}, "en-US", config=config, engine=engine)


def test_breaks_in_a_fragment_become_exact_silence(phrases):
    plain = phrases.fragment("Rest")
    broken = phrases.fragment('Rest <break time="1500ms"/> Rest')
    assert broken.seconds == pytest.approx(2 * plain.seconds + 1.5, abs=0.001)


def test_quick_says_whether_every_phrase_is_cached(sessions, config, engine):
    assert audio.quick("breathing", {"technique": "box", "minutes": 5}, "en-US", config=config, engine=engine)
    assert not audio.quick("breathing", {"technique": "box", "minutes": 7}, "en-US", config=config, engine=engine)


# -- other engines -----------------------------------------------------------------------------

class StubPolly:
    """Stands in for boto3's Polly client: records each request, answers with a tone as PCM."""

    def __init__(self):
        self.requests = []

    def synthesize_speech(self, **request):
        import array
        import io
        import math

        self.requests.append(request)
        words = len(tts.plain(request["Text"]).split())
        samples = array.array("h", (int(6000 * math.sin(i / 5)) for i in range(int(16000 * 0.3 * words))))
        return {"AudioStream": io.BytesIO(samples.tobytes()), "ContentType": "audio/pcm"}


def test_polly_is_asked_for_a_neural_voice_in_ssml_and_pcm(tmp_path):
    client = StubPolly()
    polly = tts.engine("polly", locale="en-US", client=client)
    assert polly.voice == "Joanna" and tts.engine("polly", locale="en-GB", client=client).voice == "Amy"
    phrases = render_module.Phrases(polly, tmp_path)
    clip = phrases.fragment("Breathe in")
    assert clip.sample_rate == 16000 and clip.seconds > 0.5
    assert client.requests == [{"Engine": "neural", "OutputFormat": "pcm", "SampleRate": "16000",
                                "Text": "<speak>Breathe in</speak>", "TextType": "ssml", "VoiceId": "Joanna"}]
    phrases.fragment("Breathe in", rate=1.3)
    assert client.requests[-1]["Text"] == '<speak><prosody rate="130%">Breathe in</prosody></speak>'
    audio_out = render_module.build("breathing", {"technique": "sigh", "minutes": 1}, "en-US", phrases)
    decoded = decode(audio_out.mp3)
    assert decoded.sample_rate == 16000
    assert abs(decoded.num_frames / 16000 - 60) <= 0.6
    assert render_module.Phrases(polly, tmp_path).fragment("Breathe in") == clip  # from the disk cache
    assert len([r for r in client.requests if r["Text"] == "<speak>Breathe in</speak>"]) == 1


@pytest.mark.skipif(shutil.which("flite") is None, reason="flite is optional (apt-get install flite)")
def test_flite_renders_a_session_too(tmp_path):
    flite = tts.engine("flite")
    done = render_module.build("breathing", {"technique": "extended_exhale", "minutes": 1}, "en-US",
                               render_module.Phrases(flite, tmp_path))
    decoded = decode(done.mp3)
    assert decoded.sample_rate == 16000 and abs(decoded.num_frames / 16000 - 60) <= 0.6


def test_an_unknown_engine_is_named_in_the_error():
    with pytest.raises(ValueError, match="espeak, flite, polly"):
        tts.engine("festival-9000")


def test_resuming_never_starts_mid_word(sessions):
    done, _ = sessions["extended_exhale-5"]
    cue = next(c for c in done.timeline if c["key"] == "breathing/cue")
    index = done.timeline.index(cue)
    assert done.cue_at(0.0) is None and done.resume_at(0.0) == 0.0
    assert done.cue_at(cue["start"] + 0.1) == index
    assert done.resume_at(cue["start"] + 0.1) == cue["start"]  # in the words: back to their start
    assert done.resume_at(cue["end"] + 0.5) == cue["end"] + 0.5  # in the silence after: right there


def test_rendering_is_not_counted_as_words_said_in_a_response(config, engine, phrases):
    from skill import speech

    with speech.recording() as heard:
        audio.render("breathing", {"technique": "box", "minutes": 1}, "en-US", config=config, engine=engine,
                     phrases=phrases)
        audio.quick("breathing", {"technique": "box", "minutes": 1}, "en-US", config=config, engine=engine)
    assert heard == []
