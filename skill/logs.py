"""Logging for Secure Base: what happened, never what a person said, never who they are.

- `hashed(user_id, salt)`: the only form in which a user id may appear in a log line (a keyed
  hash, so the same person can be followed across lines without being identifiable, and it is
  not the key the store uses either).
- `RequestLog`: a request interceptor that logs one line per request: its type, the intent
  name, the locale and the hashed user id. Never slot values, never free text.
- `Redact`: a filter (a last line of defence) that replaces any raw Alexa account, person or
  device id that reaches a log record, in its message or its traceback.
- `configure()`: the set-up every entry point uses: the Flask app factory (so gunicorn, the
  development server and any WSGI server log alike), the console, and Lambda.
"""
from __future__ import annotations

import logging
import re
import sys

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor

from . import digest

LOGGER = "secure_base"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_IDS = re.compile(r"amzn1\.(?:ask\.(?:account|person|device)|account)\.[A-Za-z0-9._\-]+")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9._]{0,79}$")  # request types and intent names, as Alexa sends them
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$")

log = logging.getLogger(LOGGER)


def hashed(user_id: object, salt: str) -> str:
    """A short keyed hash of a user id for log lines; "-" when there is none."""
    if not isinstance(user_id, str) or not user_id:
        return "-"
    # surrogatepass: an id holding a lone surrogate (a tampered request) still hashes, to its own value
    return digest.hmac_sha256_hex(f"log:{salt}".encode(), user_id.encode("utf-8", "surrogatepass"))[:16]


def redact(text: str) -> str:
    return _IDS.sub("[id]", text)


def _safe(value: object, pattern: re.Pattern) -> str:
    """Names that look like names; anything else (a tampered request) is not repeated."""
    return value if isinstance(value, str) and pattern.match(value) else "?"


def name_or_unknown(value: object) -> str:
    """A request type or error name as Alexa spells them, else "?" (never repeat what a tampered request holds)."""
    return _safe(value, _NAME)


class RequestLog(AbstractRequestInterceptor):
    """One line per request: type, intent, locale, hashed user. Nothing a person said."""

    def __init__(self, salt: str):
        self.salt = salt

    def process(self, handler_input):
        envelope = handler_input.request_envelope
        req = envelope.request
        intent = getattr(getattr(req, "intent", None), "name", None)
        user = getattr(getattr(getattr(getattr(envelope, "context", None), "system", None), "user", None), "user_id", None)
        log.info("request %s%s locale=%s user=%s", _safe(getattr(req, "object_type", None), _NAME),
                 f" {_safe(intent, _NAME)}" if intent is not None else "",
                 _safe(getattr(req, "locale", None), _LOCALE), hashed(user, self.salt))


class Redact(logging.Filter):
    """Replace raw Alexa ids in a record's message and traceback before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler's own error path
            return True
        if _IDS.search(message):
            record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def configure(level: int = logging.INFO, stream=None, *, adopt: bool = True) -> logging.Handler | None:
    """Log Secure Base's lines at ``level`` through a redacting handler. Safe to call again and again.

    Where the root logger already has handlers (AWS Lambda installs one), they get the filter
    and no second handler is added; with ``adopt=False`` handlers someone else installed (an
    embedding application, a test harness) are left as they are. Never makes Secure Base's
    logger quieter than it already is. Returns the handler this call added, if any.
    """
    root = logging.getLogger()
    ours = logging.getLogger(LOGGER)
    if ours.level == logging.NOTSET or ours.level > level:
        ours.setLevel(level)
    if root.handlers:
        for handler in root.handlers if adopt else ():
            if not any(isinstance(f, Redact) for f in handler.filters):
                handler.addFilter(Redact())
        return None
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(Redact())
    root.addHandler(handler)
    if root.level > level:
        root.setLevel(level)
    return handler
