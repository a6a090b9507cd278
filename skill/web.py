"""The HTTPS endpoint: a Flask app through flask-ask-sdk.

The only module that touches flask-ask-sdk. Request verification lives in
skill.verify; this module decides which verifiers run and turns every kind of
bad request into a short JSON error (never a stack trace):

    not JSON, not UTF-8, not an Alexa envelope    400
    failed Alexa verification (signature, time)   400  (Alexa's rule)
    a request for another skill id                403
    body over Config.max_body_bytes                413
    anything but POST on /                        405

A request the skill can answer always gets the skill's answer (200), its
apology included when something inside the skill went wrong. Session attributes
too deep or too large to read are replaced by {} before anything deserialises
them (start fresh); a request type newer than ask-sdk-model is verified like any
other, then answered with an empty response. After a 413 the body is not read
any further, so the development server closes the connection.

Rendered sessions (skill.audio, self-hosted) are served from SB_AUDIO_DIR at
``GET /audio/<name>.mp3`` with range requests (206, Accept-Ranges), as AudioPlayer streams
them, and their timelines at ``GET /audio/<name>.json``. Names are content hashes and say nothing
about anyone; anything else under /audio/ is 404.

The web companion (skill.webapp) lives at ``GET /app`` and ``POST /app/api/say``, with its own
size limit, per-client rate limit and Content-Security-Policy.

WSGI servers: ``gunicorn 'skill.web:create_app()'`` builds the app from the
environment (SB_* variables, see skill.config), with verification ON unless
SB_VERIFY=0.
"""
from __future__ import annotations

import json
import logging
import traceback

from ask_sdk_model import RequestEnvelope
from pathlib import Path

from flask import Flask, abort, jsonify, request, send_file
from werkzeug.exceptions import BadRequest, HTTPException

from . import app as skill_app
from . import compat, state, webapp
from . import verify as verify_module
from .config import Config, from_env

from ask_sdk_webservice_support.webservice_handler import WebserviceSkillHandler  # noqa: E402 (after compat, via verify)

log = logging.getLogger("secure_base.web")


class _OnRawBody(verify_module.AbstractVerifier):
    """Hands a verifier the exact bytes Flask received, not the adapter's decoded text."""

    def __init__(self, inner):
        self.inner = inner

    def verify(self, headers, serialized_request_env, deserialized_request_env):
        self.inner.verify(headers, request.get_data(cache=True), deserialized_request_env)


def create_app(config: Config | None = None, *, skill=None, verifiers=None) -> Flask:
    """The Flask app. verifiers=None means: Alexa's checks if config.verify_requests, else none.

    Configures logging (once, however often it is called) so that gunicorn, the development
    server and any other WSGI server write the same one line per request, user ids hashed.
    """
    from . import logs

    logs.configure(adopt=False)  # gunicorn leaves the root logger bare: without this, nothing is logged
    skill_app.load_now()
    config = config or from_env()
    if verifiers is None:
        verifiers = verify_module.default_verifiers() if config.verify_requests else []
    if not verifiers:
        log.warning("Alexa request verification is OFF: anyone can send requests to this endpoint. "
                    "Use this only for local testing, never on the internet.")
    adapter_module = compat.import_flask_ask_sdk()
    flask_app = Flask("secure_base")
    flask_app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    # the built-in verifiers need certvalidator (see skill.compat); ours come in the list instead
    flask_app.config[adapter_module.VERIFY_SIGNATURE_APP_CONFIG] = False
    flask_app.config[adapter_module.VERIFY_TIMESTAMP_APP_CONFIG] = False
    flask_app.logger.addFilter(_quiet_refusals)  # the same function each time, so added once
    skill = skill or skill_app.build(config)
    checks = [_OnRawBody(v) for v in verifiers]
    if config.skill_id:  # after the signature: only an authentic request learns it reached the wrong skill
        checks.append(verify_module.SkillIdVerifier(config.skill_id))
    adapter_module.SkillAdapter(skill=skill, skill_id=config.skill_id, verifiers=checks, app=flask_app)  # the extension
    # requests go through the adapter's kind of handler, fed the envelope as we fitted it (session
    # attributes too deep or too large replaced by {}); the verifiers still see the exact bytes (_OnRawBody)
    handler = WebserviceSkillHandler(skill=skill, verify_signature=False, verify_timestamp=False, verifiers=checks)

    @flask_app.post("/")
    def alexa():
        body = request.get_data(cache=True)
        problem, text = _read_envelope(body, skill)
        try:
            if problem == NEWER_TYPE:  # verified like any request, then answered with nothing
                _verify_newer_type(body, checks, skill)
                return jsonify(skill_app.invoke(skill, json.loads(text)))
            if problem:
                return _error(problem, 400)
            return jsonify(handler.verify_request_and_dispatch(http_request_headers=request.headers,
                                                               http_request_body=text))
        except (BadRequest, verify_module.VerificationException) as refused:  # a verifier refused
            reason = refused if isinstance(refused, verify_module.VerificationException) else refused.__context__
            if isinstance(reason, verify_module.WrongSkill):
                log.warning("refused a request for another skill")
                return _error("This endpoint does not serve that skill.", 403)
            log.warning("refused a request that failed verification: %s", reason)
            return _error("The request could not be verified as coming from Alexa.", 400)
        except Exception as exc:  # the skill could not even apologise
            _log_fault("could not answer a request", exc)
            return _error("Something went wrong on our side.", 500)

    audio_dir = Path(config.audio_dir)

    @flask_app.get("/audio/<name>.mp3")
    def audio_stream(name: str):
        return _audio_file(audio_dir, name, ".mp3", "audio/mpeg")

    @flask_app.get("/audio/<name>.json")
    def audio_timeline(name: str):
        return _audio_file(audio_dir, name, ".json", "application/json")

    flask_app.register_blueprint(webapp.blueprint(skill))  # GET /app, POST /app/api/say (the web companion)

    @flask_app.get("/health")
    def health():
        return jsonify(status="ok")

    @flask_app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {405: "Only POST is accepted here.", 413: "The request body is too large.", 404: "Nothing here."}
        if error.code == 413:
            _stop_reading()
        return _error(messages.get(error.code, error.name), error.code or 500)

    @flask_app.errorhandler(Exception)
    def unexpected(exc: Exception):
        _log_fault("unexpected fault", exc)
        return _error("Something went wrong on our side.", 500)

    return flask_app


def _audio_file(directory: Path, name: str, suffix: str, mimetype: str):
    from .audio.store import valid_name

    path = directory / f"{name}{suffix}"
    if not valid_name(name) or not path.is_file():
        abort(404)
    # conditional: Range -> 206 with Content-Range, If-None-Match -> 304; the content never changes
    response = send_file(path, mimetype=mimetype, conditional=True, max_age=24 * 3600)
    response.headers["Accept-Ranges"] = "bytes"
    return response


def _stop_reading() -> None:
    """After a 413, read no more of the body: the development server would otherwise wait, one thread
    per connection, for a client that never closes (it drains the rest before closing). The answer
    is still written; servers that do not expose the socket (gunicorn) close by themselves."""
    import socket

    sock = request.environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RD)
        except OSError:
            pass


def _log_fault(what: str, exc: BaseException) -> None:
    """The exception type and where it happened; not its message, which might carry a person's words."""
    log.error("%s: %s\n%s", what, type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)).rstrip())


def _quiet_refusals(record: logging.LogRecord) -> bool:
    """flask-ask-sdk logs every refusal with a full traceback; alexa() logs one line instead."""
    return record.getMessage() != "Request verification failed"


def _error(message: str, status: int):
    return jsonify(error=message), status


def _dig(value, *keys):
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _read_envelope(body: bytes, skill) -> tuple[str | None, str]:
    """(why this body is not an Alexa request envelope the skill can read, or None; the envelope's JSON,
    with session attributes too deep or too large for us replaced by {})."""
    if not body:
        return "The request body is empty.", ""
    try:
        text = body.decode("utf-8")
        parsed = json.loads(text)
    except UnicodeDecodeError:
        return "The request body is not UTF-8.", ""
    except (ValueError, RecursionError):
        return "The request body is not valid JSON.", ""
    if not all(isinstance(_dig(parsed, *path), str) for path in _ENVELOPE_MUST_HAVE):
        return "The request body is not an Alexa request envelope.", ""
    fitted = state.fit_envelope(parsed)
    if fitted is not parsed:
        text = json.dumps(fitted)
    try:
        skill.serializer.deserialize(payload=text, obj_type=RequestEnvelope)
    except Exception:  # SerializationException mostly; whatever it is, the body is at fault
        if skill_app.newer_request_type(parsed):
            return NEWER_TYPE, text
        return "The request body is not an Alexa request this skill can read.", ""
    return None, text


NEWER_TYPE = "newer request type"


def _verify_newer_type(body: bytes, checks, skill) -> None:
    """Alexa's checks for a request type ask-sdk-model cannot read: the signature over the exact bytes,
    and the time, skill id and the rest from the same envelope with a request type it can read."""
    parsed = json.loads(body)
    stand_in = {key: parsed["request"][key] for key in ("requestId", "timestamp", "locale") if key in parsed["request"]}
    readable = skill.serializer.deserialize(payload=json.dumps({**parsed, "request": {**stand_in, "type": "SessionResumedRequest"}}),
                                            obj_type=RequestEnvelope)
    for check in checks:
        check.verify(dict(request.headers), body, readable)


_ENVELOPE_MUST_HAVE = (("request", "type"), ("context", "System", "application", "applicationId"),
                       ("context", "System", "user", "userId"))


def serve(host: str = "127.0.0.1", port: int = 5000, verify: bool = True, tls: tuple[str, str] | None = None) -> int:
    """The development server (`python -m skill serve`). For production use gunicorn (see the module doc).

    ``tls`` (certificate, key): HTTPS, which AudioPlayer requires of a stream's URL, so a laptop or a
    test can serve the skill and its audio from one address under SB_PUBLIC_URL."""
    from . import logs

    logs.configure()  # INFO lines, raw Alexa ids redacted, never a person's words
    config = from_env().but(verify_requests=verify)
    flask_app = create_app(config)
    log.info("Secure Base listening on %s://%s:%s/ (Alexa request verification %s)", "https" if tls else "http", host, port,
             "on" if verify else "OFF")
    flask_app.run(host=host, port=port, ssl_context=tuple(tls) if tls else None)
    return 0
