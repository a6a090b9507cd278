"""Watching the whole test run's logs for anything a person said, or a raw user id.

tests/conftest.py installs one `LogWatch` on the root logger for the whole session (with
Secure Base's own loggers at DEBUG, so even their quietest lines are seen) and, when the
session finishes, fails the run if any record carried a forbidden phrase: a line of the crisis
screen's test sets, an interaction-model sample of four words or more, a free-text slot value
used in any test, or a raw Alexa user id. tests/test_log_privacy.py checks the watch itself.

Also the place where tests leave one-line figures for the end-of-run summary (the crisis
screen's catch rate and false alarms), so they show in a plain `pytest -q` run.
"""
from __future__ import annotations

import json
import logging
import re
import traceback
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
RAW_IDS = ("amzn1.ask.account", "amzn1.ask.person", "amzn1.ask.device")
KNOWN_PHRASES = (  # free text used by tests that no file below holds
    'I always ruin things & nobody "really" <likes> me',
    "I want to kill myself",
    "my husband hits me when he drinks",
)
_FREE_TEXT_ARG = re.compile(r"""\b(?:thought|feeling|query|text|words|said)\s*=\s*\(?\s*(["'])((?:(?!\1).){6,200})\1""")
_SLOT = re.compile(r"\{[^{}]*\}")
_WORDS = re.compile(r"[^a-z0-9]+")

FIGURES = pytest.StashKey[list]()  # lines for the end-of-run summary
WATCH = pytest.StashKey["LogWatch"]()


def words_only(text: str) -> str:
    return f" {_WORDS.sub(' ', text.lower()).strip()} "


def data_lines(name: str) -> list[str]:
    """A test set under tests/data: one phrasing a line, "#" lines are notes, a trailing tag like [harm] dropped."""
    lines = []
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append(re.sub(r"\s*\[\w+\]$", "", line))
    return lines


def model_samples(min_words: int = 4) -> list[str]:
    samples = []
    for path in sorted((ROOT / "interaction_model").glob("*.json")):
        model = json.loads(path.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
        for item in model["intents"]:
            for sample in item.get("samples", []):
                if not _SLOT.search(sample) and len(sample.split()) >= min_words:
                    samples.append(sample)
    return samples


def test_free_text() -> list[str]:
    """String literals handed to free-text slots anywhere in the tests ("thought=...")."""
    found = []
    for path in sorted(TESTS.glob("*.py")):
        found += [m.group(2) for m in _FREE_TEXT_ARG.finditer(path.read_text(encoding="utf-8"))]
    return found


test_free_text.__test__ = False  # a helper, not a test


def forbidden_phrases() -> list[str]:
    phrases = {*KNOWN_PHRASES, *model_samples(), *test_free_text()}
    for name in ("crisis_must_trigger.txt", "crisis_benign.txt"):
        phrases.update(data_lines(name))
    # very short phrases ("a lamp") could turn up innocently; three words or more is a person talking
    return sorted(p for p in phrases if len(words_only(p).split()) >= 3)


def record_text(record: logging.LogRecord) -> str:
    """Everything a handler could write for a record: message, traceback, stack."""
    try:
        message = record.getMessage()
    except Exception:
        message = f"{record.msg!r} {record.args!r}"
    parts = [record.name, message]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append("".join(traceback.format_exception(*record.exc_info)))
    if record.exc_text:
        parts.append(record.exc_text)
    if record.stack_info:
        parts.append(record.stack_info)
    return "\n".join(parts)


class LogWatch(logging.Handler):
    """A handler that sees every record and keeps only the ones that break the rules (and a count)."""

    def __init__(self, phrases: list[str]):
        super().__init__(logging.NOTSET)
        self.phrases = [(p, words_only(p)) for p in phrases]
        self.seen = 0
        self.findings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen += 1
        text = record_text(record)
        flat = words_only(text)
        for raw_id in RAW_IDS:
            if raw_id in text:
                self._found(record, f"a raw user id ({raw_id}...)")
        for phrase, flat_phrase in self.phrases:
            if flat_phrase in flat:
                self._found(record, f"the test utterance {phrase!r}")

    def _found(self, record: logging.LogRecord, what: str) -> None:
        if len(self.findings) < 50:
            self.findings.append(f"{record.name} {record.levelname} at {record.pathname}:{record.lineno} logged {what}")


def watch_everything(phrases: list[str] | None = None) -> tuple[LogWatch, callable]:
    """Install a LogWatch on the root logger, Secure Base's loggers at DEBUG. Returns (watch, undo)."""
    watch = LogWatch(forbidden_phrases() if phrases is None else phrases)
    root, ours = logging.getLogger(), logging.getLogger("secure_base")
    before = ours.level
    ours.setLevel(logging.DEBUG)
    root.addHandler(watch)

    def undo():
        root.removeHandler(watch)
        ours.setLevel(before)

    return watch, undo
