"""`secure-base render`: an MP3 and its timeline on the command line; `--common` fills the store."""
from __future__ import annotations

import json
import shutil

import miniaudio
import pytest

from skill import __main__ as cli
from skill import audio
from skill.config import from_env

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                reason="espeak-ng is not installed (apt-get install espeak-ng)")


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("SB_AUDIO_DIR", str(tmp_path / "sessions"))
    monkeypatch.setenv("SB_PHRASE_DIR", str(tmp_path / "phrases"))
    monkeypatch.delenv("SB_TTS", raising=False)
    monkeypatch.delenv("SB_AUDIO_BUCKET", raising=False)
    return tmp_path


def test_render_writes_the_mp3_and_its_timeline_and_prints_it(env, capsys):
    target = env / "out" / "coherent.mp3"
    assert cli.main(["render", "breathing", "--technique", "coherent", "--minutes", "1", "-o", str(target)]) == 0
    printed = capsys.readouterr().out
    assert "breathing/cue" in printed and "Breathe in" in printed and "asked 60 s" in printed
    assert "rendered in" in printed and f"wrote {target}" in printed
    decoded = miniaudio.mp3_read_s16(target.read_bytes())
    assert abs(decoded.num_frames / decoded.sample_rate - 60) <= 0.6
    sidecar = json.loads(target.with_suffix(".json").read_text())
    assert sidecar["cues"][0]["key"] == "breathing/intro" and sidecar["engine"] == "espeak"
    assert cli.main(["render", "breathing", "--technique", "coherent", "--minutes", "1"]) == 0
    assert "already rendered" in capsys.readouterr().out


def test_render_refuses_what_cannot_be_one_stream(env, capsys):
    assert cli.main(["render", "grounding"]) == 2
    assert "cannot render" in capsys.readouterr().err
    assert cli.main(["render"]) == 2
    assert cli.main(["render", "nothing-like-it"]) == 2


def test_render_common_fills_the_store_once(env, capsys, monkeypatch):
    few = [("breathing", {"technique": "box", "minutes": 1}, 0), ("breathing", {"technique": "box", "minutes": 1}, 2),
           ("nightly", {"length": "short"}, 1)]
    monkeypatch.setattr(audio, "common_sessions", lambda: iter(few))
    assert cli.main(["render", "--common"]) == 0
    printed = capsys.readouterr().out
    assert "2 sessions (2 rendered now)" in printed  # variants 0 and 2 have the same words: one render
    assert cli.main(["render", "--common"]) == 0
    assert "2 sessions (0 rendered now)" in capsys.readouterr().out


def test_the_common_sessions_are_every_technique_at_common_lengths_and_the_nightly_practice(env):
    engine = audio.engine_for("en-US", from_env())
    common = list(audio.common_sessions())
    names = {audio.session_name(e, o, "en-US", engine, v) for e, o, v in common}
    assert {o["technique"] for e, o, _ in common if e == "breathing"} == set(audio.pacing.TECHNIQUES)
    assert {o["length"] for e, o, _ in common if e == "nightly"} == {"short", "long"}
    assert len(names) == len(common)  # each listed phrasing really sounds different


def test_an_unknown_engine_is_a_clear_error(env, capsys, monkeypatch):
    monkeypatch.setenv("SB_TTS", "nonesuch")
    assert cli.main(["render", "breathing"]) == 2
    assert "no TTS engine called 'nonesuch'" in capsys.readouterr().err


def test_render_with_a_bed_says_so_and_is_its_own_file(env, capsys):
    plain, rain = env / "plain.mp3", env / "rain.mp3"
    assert cli.main(["render", "breathing", "--technique", "box", "--minutes", "1", "-o", str(plain)]) == 0
    capsys.readouterr()
    assert cli.main(["render", "breathing", "--technique", "box", "--minutes", "1", "--bed", "rain", "-o", str(rain)]) == 0
    printed = capsys.readouterr().out
    assert "with rain underneath" in printed and "Breathe in" in printed and "rendered in" in printed
    assert json.loads(rain.with_suffix(".json").read_text())["bed"] == "rain"
    assert plain.read_bytes() != rain.read_bytes()
    assert json.loads(plain.with_suffix(".json").read_text())["cues"] == json.loads(rain.with_suffix(".json").read_text())["cues"]
    with pytest.raises(SystemExit):  # argparse: an unknown bed is named in the usage error
        cli.main(["render", "breathing", "--bed", "thunder"])
