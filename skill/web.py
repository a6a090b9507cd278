"""The HTTPS endpoint: a Flask app through flask-ask-sdk.

The only module that touches flask-ask-sdk and the request verifiers.
"""
from __future__ import annotations

import json
import logging

from flask import Flask, jsonify, request

from . import app as skill_app
from . import compat
from .config import Config, from_env

log = logging.getLogger("secure_base.web")


def create_app(config: Config | None = None, *, skill=None, verifiers=None) -> Flask:
    config = config or from_env()
    adapter_module = compat.import_flask_ask_sdk()
    flask_app = Flask("secure_base")
    flask_app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    # the built-in verifiers need certvalidator; ours are passed in instead
    flask_app.config[adapter_module.VERIFY_SIGNATURE_APP_CONFIG] = False
    flask_app.config[adapter_module.VERIFY_TIMESTAMP_APP_CONFIG] = False
    skill = skill or skill_app.build(config)
    adapter = adapter_module.SkillAdapter(skill=skill, skill_id=config.skill_id, verifiers=list(verifiers or []), app=flask_app)

    @flask_app.post("/")
    def alexa():
        body = request.get_data(cache=True)
        try:
            parsed = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return jsonify(error="The request body is not valid JSON."), 400
        if not isinstance(parsed, dict) or "request" not in parsed:
            return jsonify(error="The request body is not an Alexa request envelope."), 400
        return adapter.dispatch_request()

    @flask_app.errorhandler(413)
    def too_large(_error):
        return jsonify(error="The request body is too large."), 413

    @flask_app.get("/health")
    def health():
        return jsonify(status="ok")

    return flask_app


def serve(host: str = "127.0.0.1", port: int = 5000, verify: bool = True) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = from_env().but(verify_requests=verify)
    if verify:
        try:
            from . import verify as verify_module
        except ImportError:
            log.error("Alexa request verification is not available; refusing to serve unverified. "
                      "Use --no-verify only for local testing.")
            return 2
        verifiers = verify_module.default_verifiers()
    else:
        log.warning("Request verification is OFF (--no-verify). Never expose this server to the internet.")
        verifiers = []
    create_app(config, verifiers=verifiers).run(host=host, port=port)
    return 0
