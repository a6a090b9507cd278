"""The console: scripted conversations with the real skill, read back as a person would read them."""
import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

from skill import app, console, speech
from skill.config import Config

BIN = Path(sys.executable).parent
ENDED = "(the session has ended - say 'open secure base' to start again)"


def chat(script, config, **kwargs):
    out = io.StringIO()
    code = console.main(stdin=io.StringIO(script), stdout=out, config=config, **kwargs)
    return code, out.getvalue()


def words_of(key, **data):
    """What a script says, as the console prints it (so the words can change without this test knowing)."""
    return speech.to_text(speech.render("en-US", key, **data))


def spoken(text):
    """Printed text without pause markers: pauses next to each other merge, so compare the words."""
    return " ".join(re.sub(r"\[pause [\d.]+s\]", " ", text).split())


def says(text, key, **data):
    return spoken(words_of(key, **data)) in spoken(text)


def any_variant(text, key):
    return any(says(text, key, variant=v) for v in range(12))


def progress(text):
    return re.findall(r"\[(\w+): part (\d+) of (\d+)((?: - \w+)?)\]", text)


def clean_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SB_")}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), CI="true")
    return env


def test_open_box_breathing_for_a_minute_next_and_stop(config):
    code, text = chat("open secure base\nbox breathing for one minute\nnext\nstop\n", config)
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == "you> open secure base"  # each utterance echoed, no prompts from a pipe
    assert says(text, "common/welcome_first")
    assert "isn't therapy" in text and "crisis service" in text
    assert "(if you say nothing) " in text
    assert "you> box breathing for one minute" in text
    assert "[pause " in text and "<break" not in text and "<speak>" not in text
    assert "[card] Secure Base: Box breathing" in text
    assert ("breathing", "1", "1", " - finished") in progress(text)  # one minute is a single part
    assert "you> next" in text and text.count(ENDED) == 1  # the session stays open until "stop"
    assert any_variant(text.split("you> stop")[1], "common/goodbye")
    assert lines[-1] == ENDED


def test_the_progress_line_follows_a_multi_step_exercise(config):
    script = "\n".join(["grounding", "a lamp, the window, my cup", "next", "repeat", "go back", "start over",
                        "next", "next", "next", "next", "next", "stop"])
    code, text = chat(script, config)
    parts = [(int(part), int(total), status) for name, part, total, status in progress(text) if name == "grounding"]
    assert [p for p, _, _ in parts] == [1, 2, 3, 3, 2, 1, 2, 3, 4, 5, 6]
    assert {total for _, total, _ in parts} == {6}
    assert parts[-1][2] == " - finished"
    assert text.splitlines()[-1] == ENDED


def test_breathing_for_longer_is_several_parts_with_a_question_between(config):
    code, text = chat("open secure base\nbox breathing for two minutes\nyes\nstop\n", config)
    assert [(part, total) for _, part, total, _ in progress(text)] == [("1", "2"), ("2", "2")]
    assert says(text, "common/go_on")


def test_the_first_words_without_open_are_a_one_shot(config):
    code, text = chat("help me calm down\n", config)
    assert text.splitlines()[0] == "you> help me calm down"
    assert "[breathing: part 1 of" in text  # straight into the exercise, in a new session
    assert not says(text, "common/welcome_first")


def test_a_one_shot_in_the_middle_starts_a_fresh_session(config):
    code, text = chat("open secure base\nbox breathing for three minutes\nask secure base to ground me\nnext\n", config)
    names = [(name, part) for name, part, _, _ in progress(text)]
    assert names == [("breathing", "1"), ("grounding", "1"), ("grounding", "2")]


def test_saying_nothing_hears_the_reprompt_once_then_the_session_closes(config):
    code, text = chat("open secure base\n...\n...\nnext\n", config)
    reprompt = words_of("common/menu_reprompt")
    said = [line for line in text.splitlines() if line.startswith("secure base> ")]
    assert said[1] == f"secure base> {reprompt}"
    assert ENDED in text
    # with no session open, "next" is a one-shot: the skill says there is nothing to move on from
    assert says(text.split(ENDED)[1], "common/not_in_exercise")


def test_a_returning_person_gets_the_shorter_welcome(config):
    chat("open secure base\nstop\n", config)
    code, text = chat("open secure base\nstop\n", config)
    assert "isn't therapy" not in text and any_variant(text, "common/welcome_back")


def test_quit_leaves_the_console_and_nothing_after_it_is_heard(config):
    code, text = chat("open secure base\nquit\ngrounding\n", config)
    assert code == 0 and "you> quit" in text and "grounding:" not in text


def test_a_store_that_cannot_be_built_is_a_kind_line_and_the_conversation_goes_on(tmp_path, capsys):
    code, text = chat("open secure base\ngrounding\n", Config(store="a store that does not exist"))
    assert code == 0
    assert "couldn't open its store" in text and "nothing will be remembered" in text
    assert "Traceback" not in text + capsys.readouterr().err
    assert "isn't therapy" in text and "[grounding: part 1 of 6]" in text


def test_a_store_on_an_unusable_path_never_shows_a_traceback(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    code, text = chat("open secure base\ngrounding\n", Config(store="sqlite", sqlite_path=str(blocker / "s.sqlite3")))
    assert code == 0
    assert "Traceback" not in text + capsys.readouterr().err
    assert "isn't therapy" in text and "[grounding: part 1 of 6]" in text


def test_when_the_skill_fails_the_person_hears_a_kind_line_and_can_start_again(config, monkeypatch, capsys):
    real_invoke = app.invoke

    def failing_on_grounding(skill, event, context=None):  # fault injection: the skill itself raises
        if (event["request"].get("intent") or {}).get("name") == "GroundingIntent":
            raise RuntimeError("the skill fell over")
        return real_invoke(skill, event, context)

    monkeypatch.setattr(app, "invoke", failing_on_grounding)
    code, text = chat("open secure base\ngrounding\nopen secure base\n", config)
    assert code == 0
    assert "Something went wrong on Secure Base's side just then, sorry" in text
    assert "Traceback" not in text + capsys.readouterr().err
    assert any_variant(text.split("just then, sorry.")[1], "common/welcome_back")  # it opens again


def test_voice_without_espeak_says_so_once_and_stays_in_text(config, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    code, text = chat("open secure base\nstop\n", config, voice=True)
    assert code == 0
    assert text.count("espeak-ng is not installed") == 1
    assert "isn't therapy" in text and ENDED in text


def test_the_locale_flag_picks_the_model_and_the_request_locale(config, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("open secure base\ngrounding\n"))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    for name in [n for n in os.environ if n.startswith("SB_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SB_SQLITE_PATH", config.sqlite_path)  # the default store, in a temporary place
    from skill.__main__ import main as cli

    assert cli(["chat", "--locale", "xx-XX"]) == 0
    text = out.getvalue()
    assert "no interaction model for xx-XX" in text  # understood with en-US's model
    assert "[grounding: part 1 of 6]" in text


def test_a_piped_conversation_through_the_installed_command(tmp_path):
    done = subprocess.run(f"printf 'open secure base\\nbox breathing for one minute\\nstop\\n' | {BIN}/secure-base chat",
                          shell=True, capture_output=True, text=True, env=clean_env(tmp_path), timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.splitlines()[0] == "you> open secure base"
    assert "isn't therapy" in out and "[pause " in out
    assert "[card] Secure Base: Box breathing" in out and "[breathing: part 1 of 1 - finished]" in out
    assert any_variant(out, "common/goodbye") and out.splitlines()[-1] == ENDED
    assert "Traceback" not in done.stderr
    assert (tmp_path / "data" / "secure-base" / "secure-base.sqlite3").is_file()  # the default store


def _read_until(fd, marker, seen):
    while marker not in seen[-1]:
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            raise AssertionError(f"no {marker!r} from the console; it printed {seen[-1]!r}")
        try:
            chunk = os.read(fd, 4096).decode("utf-8", "replace")
        except OSError:  # the console has left
            raise AssertionError(f"the console left before {marker!r}; it printed {seen[-1]!r}")
        seen[-1] += chunk
    return seen[-1]


def test_on_a_terminal_it_introduces_itself_and_prompts(tmp_path):
    main_fd, terminal = pty.openpty()
    env = clean_env(tmp_path)
    env["TERM"] = "dumb"
    child = subprocess.Popen([str(BIN / "secure-base"), "chat"], stdin=terminal, stdout=terminal, stderr=terminal,
                             env=env, close_fds=True)
    os.close(terminal)
    seen = [""]
    try:
        _read_until(main_fd, "you> ", seen)
        os.write(main_fd, b"open secure base\n")
        _read_until(main_fd, "(if you say nothing)", seen)
        _read_until(main_fd, "you> ", seen)
        os.write(main_fd, b"quit\n")
        _read_until(main_fd, "Take care.", seen)
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
        os.close(main_fd)
    text = " ".join(seen[-1].split())  # the terminal wraps long lines
    assert "type what you would say to Alexa" in text and 'Start with "open secure base"' in text
    assert "isn't therapy" in text and "Traceback" not in text


def test_show_intent_prints_what_each_line_is_heard_as(config):
    _, out = chat("open secure base\nbox breathing for two minutes\ni feel like a burden\n", config, show_intent=True)
    assert "(heard as a LaunchRequest)" in out
    assert "(heard as BreathingIntent: technique='box' -> box, duration='PT2M')" in out
    assert "(heard as SayFeelIntent: words='like a burden')" in out


def test_the_console_forgives_typos_and_british_spellings_as_a_device_would(config):
    _, out = chat("open secure base\nbox brething\nthe colour game\n", config, show_intent=True)
    assert "(heard as BreathingIntent: technique='box' -> box)" in out
    assert "heard as AMAZON.FallbackIntent" not in out


def _fake_tools(bin_dir: Path, log: Path, *, player: bool) -> None:
    """A silent espeak-ng (the console's voice) and, if asked, an `mpg123` that notes what it was given."""
    bin_dir.mkdir()
    (bin_dir / "espeak-ng").write_text("#!/bin/sh\nexit 0\n")
    if player:
        (bin_dir / "mpg123").write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexit 0\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)


def _recorded_config(tmp_path):
    import shutil as _shutil

    import pytest

    from skill import audio

    if _shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed: .ci/run installs it (apt-get install espeak-ng)")
    config = Config(store="sqlite", sqlite_path=str(tmp_path / "store.sqlite3"), audio_dir=str(tmp_path / "sessions"),
                    phrase_dir=str(tmp_path / "phrases"))
    for variant in (0, 1):  # both wordings, as `secure-base render --common` would
        audio.render("breathing", {"technique": "box", "minutes": 5}, "en-US", variant=variant, config=config)
    return config


def test_voice_plays_a_recorded_practice_through_a_player_on_path(tmp_path, monkeypatch):
    config = _recorded_config(tmp_path)
    log = tmp_path / "played.txt"
    _fake_tools(tmp_path / "bin", log, player=True)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    code, text = chat("box breathing for five minutes\nhow am i doing\n", config, voice=True)
    assert code == 0 and "[playing the recording" in text and "Alexa, pause" in text
    played = log.read_text().split()
    assert played[0] == "-q" and played[-1].startswith(str(tmp_path / "sessions")) and played[-1].endswith(".mp3")
    assert Path(played[-1]).is_file()
    assert "no audio player" not in text
    after = text.split("how am i doing")[-1]
    assert re.search(r"\b(1|one)\b", after)  # the recording played to its end: it counts as practised


def test_voice_without_a_player_says_so_and_the_practice_is_spoken(tmp_path, monkeypatch):
    config = _recorded_config(tmp_path)
    _fake_tools(tmp_path / "bin", tmp_path / "played.txt", player=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    code, text = chat("box breathing for five minutes\nstop\n", config, voice=True)
    assert code == 0 and text.count("no audio player was found") == 1
    assert "[playing the recording" not in text and says(text, "common/go_on")
