"""Logs hold what happened, never what a person said, never who they are.

The whole-run check lives in tests/conftest.py (tests/privacy_watch.py): every log record of
every test is watched, and the run fails at the end if one carried a test utterance or a raw
user id. Here: the pieces (hash, request line, redaction, set-up) and the watch itself.
"""
from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from skill import app, logs, persistence

import privacy_watch
from builders import Conversation

RAW_ID = "amzn1.ask.account.TEST"


def test_a_user_id_is_logged_only_as_a_short_salted_hash():
    first = logs.hashed(RAW_ID, "salt-a")
    assert first == logs.hashed(RAW_ID, "salt-a") and len(first) == 16
    assert first != logs.hashed(RAW_ID, "salt-b") and first != logs.hashed("amzn1.ask.account.OTHER", "salt-a")
    assert RAW_ID not in first and "TEST" not in first
    assert logs.hashed(None, "salt-a") == "-" and logs.hashed("", "salt-a") == "-"


def test_the_log_hash_is_not_the_key_the_store_uses():
    assert logs.hashed(RAW_ID, "secure-base") not in persistence.hash_user_id(RAW_ID, "secure-base")


def test_each_request_logs_one_line_of_what_happened_and_nothing_said(skill, config, caplog):
    caplog.set_level(logging.DEBUG, logger="secure_base")
    talk = Conversation(lambda body: app.invoke(skill, body), locale="en-GB")
    talk.launch()
    talk.say("ReframeIntent", thought="I keep thinking nobody would notice if I vanished")
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("request ")]
    assert lines == [f"request LaunchRequest locale=en-GB user={logs.hashed(RAW_ID, config.log_salt)}",
                     f"request IntentRequest ReframeIntent locale=en-GB user={logs.hashed(RAW_ID, config.log_salt)}"]
    assert "nobody would notice" not in caplog.text and "vanished" not in caplog.text and RAW_ID not in caplog.text


def test_a_tampered_intent_name_or_locale_is_not_repeated_in_the_log(talk, caplog):
    caplog.set_level(logging.INFO, logger="secure_base")
    talk.kwargs["locale"] = "en-US; my secret"
    talk.say("i feel like nobody loves me")
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("request "))
    assert line.startswith("request IntentRequest ? locale=? user=")
    assert "nobody loves me" not in caplog.text and "secret" not in caplog.text


def test_redact_takes_raw_ids_out_of_messages_and_tracebacks():
    record = logging.LogRecord("secure_base", logging.ERROR, __file__, 1, "bad user %s", ("amzn1.ask.account.ABC",), None)
    try:
        raise ValueError("for amzn1.ask.person.XYZ on amzn1.ask.device.DEF")
    except ValueError:
        record.exc_info = sys.exc_info()
    assert logs.Redact().filter(record) is True
    assert record.getMessage() == "bad user [id]"
    assert "amzn1" not in record.exc_text and "[id]" in record.exc_text


def test_configure_sets_up_redacted_info_lines_once():
    program = ("import logging; from skill import logs; logs.configure(); logs.configure(); "
               "logging.getLogger('secure_base').info('request for amzn1.ask.account.ABC'); "
               "logging.getLogger('secure_base').debug('too quiet to show')")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].endswith("secure_base: request for [id]")


# --- the whole-run watch ------------------------------------------------------------------------

def test_the_whole_run_is_being_watched_down_to_debug_lines(request):
    watch = request.config.stash[privacy_watch.WATCH]
    before = watch.seen
    logging.getLogger("secure_base.selftest").debug("a quiet line the watch must still see")
    assert watch.seen == before + 1 and watch in logging.getLogger().handlers


def test_the_forbidden_phrases_cover_the_test_sets_the_model_and_every_test_thought():
    phrases = {p.lower() for p in privacy_watch.forbidden_phrases()}
    assert "i'm dying to try that new restaurant" in phrases  # the benign set
    assert "he threatened to kill me" in phrases  # the must-trigger set
    assert "i'm thinking about killing myself" in phrases  # a CrisisIntent sample
    assert "nobody wants me around" in phrases  # a thought some other test says


@pytest.fixture
def private_logger():
    """A logger whose records reach only the watch under test, not the whole-run watch."""
    logger = logging.getLogger("privacy_watch_selftest")
    logger.propagate, logger.level = False, logging.DEBUG
    watch = privacy_watch.LogWatch(["I keep thinking I want to die", "my phone died again"])
    logger.addHandler(watch)
    yield logger, watch
    logger.removeHandler(watch)


def test_the_watch_flags_a_person_s_words_however_they_are_quoted(private_logger):
    logger, watch = private_logger
    logger.info("heard %r", "i keep thinking, I want to DIE")
    logger.warning("slot=%s", '{"value": "My phone died again!"}')
    assert len(watch.findings) == 2


def test_the_watch_flags_raw_user_ids_even_inside_a_traceback(private_logger):
    logger, watch = private_logger
    try:
        raise KeyError(RAW_ID)
    except KeyError:
        logger.exception("lookup failed")
    assert watch.findings and "raw user id" in watch.findings[0]


def test_the_watch_lets_ordinary_lines_through(private_logger):
    logger, watch = private_logger
    logger.info("request IntentRequest BreathingIntent locale=en-US user=%s", logs.hashed(RAW_ID, "s"))
    logger.warning("profile store unavailable on read (OperationalError); carrying on from session state")
    assert watch.seen == 2 and watch.findings == []


# --- the real server's log (a separate process, so the watch above cannot see it) ----------------

def test_the_http_server_logs_requests_without_words_or_raw_ids(tmp_path):
    from builders import envelope, intent, launch
    from servers import SkillServer

    thought = "I keep thinking I want to die"
    with SkillServer(tmp_path / "store.sqlite3", env={"SB_LOG_SALT": "test-salt"}) as server:
        assert server.post(envelope(launch()))[0] == 200
        status, answer = server.post(envelope(intent("ReframeIntent", thought=thought), attributes={}))
        assert status == 200 and "988" in answer["response"]["outputSpeech"]["ssml"]
        log = server.logs()
    assert f"request IntentRequest ReframeIntent locale=en-US user={logs.hashed(RAW_ID, 'test-salt')}" in log
    flat = privacy_watch.words_only(log)
    assert privacy_watch.words_only(thought) not in flat and "amzn1.ask" not in log
