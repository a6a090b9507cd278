"""The HTTP endpoint: conversations through POST /, Alexa's verification, and every kind of bad input.

Signed requests use a real throwaway PKI (tests/signing.py); nothing in cryptography is mocked.
The last tests start the real servers (`python -m skill serve`, gunicorn) and talk to them over HTTP.
"""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from builders import Conversation, envelope, intent, launch
from servers import free_port
from signing import CERT_URL, NOW, PKI, Fetcher, alexa_headers, body_of, clock
from skill import speech, verify, web
from skill.config import Config
from skill.scripts import catalogue

ROOT = Path(__file__).resolve().parents[1]
SKILL_ID = "amzn1.ask.skill.TEST"  # what tests/builders.py puts in every envelope


@pytest.fixture(scope="module")
def pki():
    return PKI()


def verifiers_for(pki, now=NOW):
    return verify.default_verifiers(fetcher=Fetcher({CERT_URL: pki.chain()}), trust=[pki.root], clock=clock(now))


@pytest.fixture
def signed(config, pki):
    """The endpoint as deployed: Alexa's checks on, this skill's id set."""
    return web.create_app(config.but(skill_id=SKILL_ID), verifiers=verifiers_for(pki)).test_client()


@pytest.fixture
def unverified(config):
    return web.create_app(config.but(verify_requests=False)).test_client()


def post_signed(client, pki, body: bytes, **changes):
    headers = alexa_headers(body, pki.signing_key)
    headers.update(changes)
    return client.post("/", data=body, headers=headers)


def is_clean_error(response, status: int) -> bool:
    """A short JSON error and nothing else: no HTML page, no stack trace."""
    payload = response.get_json(silent=True)
    text = response.get_data(as_text=True)
    return (response.status_code == status and response.mimetype == "application/json"
            and isinstance(payload, dict) and set(payload) == {"error"} and "Traceback" not in text and len(text) < 200)


# --- conversations --------------------------------------------------------------------------

def test_launch_box_breathing_and_stop_through_signed_post_requests(signed, pki):
    def send(body):
        response = post_signed(signed, pki, body_of(body))
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    talk = Conversation(send)
    hello = talk.launch()
    assert hello.said("common/welcome_first") and not hello.ended
    turn = talk.say("BreathingIntent", technique=("box breathing", "box"), duration="PT1M")
    assert turn.said("breathing/intro") and turn.exercise["opts"]["technique"] == "box"
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.NextIntent")
    assert turn.said("breathing/close")
    bye = talk.say("AMAZON.StopIntent")
    assert bye.said("common/goodbye") and bye.ended


def test_the_signature_is_checked_over_the_exact_bytes_received(signed, pki):
    """Non-ASCII words and odd spacing survive: nothing is re-serialised before the check."""
    body = json.dumps(envelope(intent("BreathingIntent", technique=("respiración en caja", "box"))),
                      ensure_ascii=False, indent=3).encode("utf-8")
    response = post_signed(signed, pki, body)
    assert response.status_code == 200
    assert response.get_json()["sessionAttributes"]["sb"]["ex"]["opts"]["technique"] == "box"


def test_without_verification_the_same_dialog_works_unsigned(unverified):
    talk = Conversation(lambda body: unverified.post("/", json=body).get_json())
    assert talk.launch().said("common/welcome_first")
    assert talk.say("GroundingIntent").said("grounding/intro")


def test_an_intent_the_skill_does_not_know_gets_the_fallback(signed, pki):
    with speech.recording() as keys:
        response = post_signed(signed, pki, body_of(envelope(intent("SomeoneElsesIntent"))))
    assert response.status_code == 200 and "common/fallback" in keys
    assert response.get_json()["response"]["shouldEndSession"] is False


def test_a_fault_inside_the_skill_gets_its_gentle_apology_not_a_500(signed, pki, monkeypatch):
    def broken(_name):
        raise RuntimeError("a bug deep in the exercise catalogue")

    monkeypatch.setattr(catalogue, "for_intent", broken)
    with speech.recording() as keys:
        response = post_signed(signed, pki, body_of(envelope(intent("BreathingIntent"))))
    assert response.status_code == 200 and "common/error" in keys
    assert "bug deep" not in response.get_data(as_text=True)
    assert "not anything you did" in speech.to_text(response.get_json()["response"]["outputSpeech"]["ssml"])


def test_if_even_the_apology_fails_the_answer_is_a_plain_500_with_no_details(signed, pki, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("templates unreadable at /secret/path")

    monkeypatch.setattr(speech, "render", broken)
    response = post_signed(signed, pki, body_of(envelope(launch())))
    assert is_clean_error(response, 500) and "secret" not in response.get_data(as_text=True)


# --- Alexa's verification over HTTP ----------------------------------------------------------

def test_an_unsigned_request_is_refused_with_400_and_the_skill_never_runs(signed):
    with speech.recording() as keys:
        response = signed.post("/", json=envelope(launch()))
    assert is_clean_error(response, 400) and keys == []


def test_a_body_changed_after_signing_is_refused(signed, pki):
    body = body_of(envelope(intent("GroundingIntent")))
    headers = alexa_headers(body, pki.signing_key)
    with speech.recording() as keys:
        response = signed.post("/", data=body.replace(b"GroundingIntent", b"BreathingIntent"), headers=headers)
    assert is_clean_error(response, 400) and keys == []


@pytest.mark.parametrize("url", ["http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
                                 "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-test.pem",
                                 "https://s3.amazonaws.com:563/echo.api/echo-api-cert-test.pem"])
def test_a_certificate_url_outside_amazons_format_is_refused(signed, pki, url):
    response = post_signed(signed, pki, body_of(envelope(launch())), SignatureCertChainUrl=url)
    assert is_clean_error(response, 400)


def test_a_signed_request_sent_again_is_refused_as_a_replay(signed, pki):
    body = body_of(envelope(launch()))
    assert post_signed(signed, pki, body).status_code == 200
    assert is_clean_error(post_signed(signed, pki, body), 400)


def test_a_request_without_signature_256_is_refused_even_with_a_valid_sha1_signature(signed, pki):
    body = body_of(envelope(launch()))
    headers = alexa_headers(body, pki.signing_key)
    del headers["Signature-256"]
    assert is_clean_error(signed.post("/", data=body, headers=headers), 400)


def test_a_stale_request_is_refused(config, pki):
    late = web.create_app(config, verifiers=verifiers_for(pki, now=NOW + timedelta(seconds=151))).test_client()
    assert is_clean_error(post_signed(late, pki, body_of(envelope(launch()))), 400)


def test_a_request_for_another_skill_is_refused_with_403(signed, pki):
    other = body_of(envelope(launch(), application_id="amzn1.ask.skill.SOMEONE-ELSE"))
    with speech.recording() as keys:
        response = post_signed(signed, pki, other)
    assert is_clean_error(response, 403) and keys == []


def test_the_skill_id_is_checked_even_without_verification(config):
    client = web.create_app(config.but(skill_id=SKILL_ID, verify_requests=False)).test_client()
    assert is_clean_error(client.post("/", json=envelope(launch(), application_id="amzn1.ask.skill.OTHER")), 403)
    assert client.post("/", json=envelope(launch())).status_code == 200


def test_a_forged_request_for_another_skill_gets_the_verification_answer(signed):
    response = signed.post("/", json=envelope(launch(), application_id="amzn1.ask.skill.OTHER"))
    assert is_clean_error(response, 400)


# --- bad input ------------------------------------------------------------------------------

def _envelope_without(*path):
    body = envelope(launch())
    target = body
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return json.dumps(body).encode()


def _with_request(**request):
    body = envelope(launch())
    body["request"].update(request)
    return json.dumps(body).encode()


BAD_BODIES = {
    "empty": b"",
    "not JSON": b"open secure base",
    "truncated JSON": body_of(envelope(launch()))[:-5],
    "not UTF-8": b'{"request": "\xff\xfe"}',
    "UTF-16 JSON": json.dumps(envelope(launch())).encode("utf-16"),
    "a JSON list": b"[1, 2, 3]",
    "a JSON string": b'"LaunchRequest"',
    "an empty object": b"{}",
    "no request": _envelope_without("request"),
    "no request type": _envelope_without("request", "type"),
    "no context": _envelope_without("context"),
    "no user": _envelope_without("context", "System", "user"),
    "a request type that is not a name": _with_request(type="<not a type>"),
    "a timestamp that is not a time": _with_request(timestamp="yesterday-ish"),
    "an intent that is a string": _with_request(type="IntentRequest", intent="BreathingIntent"),
    "JSON nested very deep": b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_bodies_that_are_not_alexa_requests_get_a_short_400(unverified, name):
    response = unverified.post("/", data=BAD_BODIES[name], content_type="application/json")
    assert is_clean_error(response, 400), response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("name", ["not JSON", "a request type that is not a name", "JSON nested very deep"])
def test_bad_bodies_get_the_same_400_with_verification_on(signed, pki, name):
    assert is_clean_error(post_signed(signed, pki, BAD_BODIES[name]), 400)


def test_a_request_type_newer_than_the_sdk_is_verified_then_answered_with_nothing(signed, pki, caplog):
    caplog.set_level("INFO", logger="secure_base")
    newer = _with_request(type="Alexa.SomethingNew.Arrived")
    answer = post_signed(signed, pki, newer)
    assert answer.status_code == 200 and answer.get_json()["response"] == {}
    assert "Alexa.SomethingNew.Arrived" in caplog.text
    assert is_clean_error(signed.post("/", data=newer, content_type="application/json"), 400)  # unsigned
    stale = web.create_app(Config(store="memory"), verifiers=verifiers_for(pki, now=NOW + timedelta(seconds=151)))
    assert is_clean_error(post_signed(stale.test_client(), pki, newer), 400)


def test_an_oversized_body_gets_413(unverified, config):
    huge = body_of(envelope(launch())) + b" " * (config.max_body_bytes + 1)
    assert is_clean_error(unverified.post("/", data=huge, content_type="application/json"), 413)


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_only_post_is_accepted(unverified, method):
    assert is_clean_error(getattr(unverified, method)("/"), 405)


def test_unknown_paths_get_a_json_404(unverified):
    assert is_clean_error(unverified.post("/wp-login.php", data=b"x"), 404)


def test_health_answers_without_a_skill_request(signed):
    assert signed.get("/health").get_json() == {"status": "ok"}


# --- the real servers ------------------------------------------------------------------------

def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SB_")}
    env.update(SB_STORE="sqlite", SB_SQLITE_PATH=str(tmp_path / "served.sqlite3"), PYTHONPATH=str(ROOT), **extra)
    return env


@contextmanager
def running(command: list[str], env: dict, port: int, log: Path):
    """Start a server, wait until /health answers, yield its base URL, then stop it."""
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"server exited early:\n{log.read_text()}"
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                assert time.monotonic() < deadline, f"server never became ready:\n{log.read_text()}"
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _post(url: str, body: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_serve_no_verify_answers_a_launch_over_real_http_and_warns(tmp_path):
    port, log = free_port(), tmp_path / "serve.log"
    command = [sys.executable, "-m", "skill", "serve", "--no-verify", "--port", str(port)]
    with running(command, _env(tmp_path), port, log) as base:
        status, answer = _post(base + "/", body_of(envelope(launch())))
    assert status == 200
    assert "crisis service" in speech.to_text(answer["response"]["outputSpeech"]["ssml"])
    assert "verification is OFF" in log.read_text()


def test_serve_with_verification_starts_and_refuses_unsigned_requests(tmp_path):
    port, log = free_port(), tmp_path / "serve.log"
    command = [sys.executable, "-m", "skill", "serve", "--port", str(port)]
    with running(command, _env(tmp_path), port, log) as base:
        status, answer = _post(base + "/", body_of(envelope(launch())))
    assert status == 400 and set(answer) == {"error"}
    assert "verification is OFF" not in log.read_text()


@pytest.mark.parametrize("verify_env, expected", [({}, 400), ({"SB_VERIFY": "0"}, 200)])
def test_gunicorn_serves_the_app_factory_verified_unless_told_otherwise(tmp_path, verify_env, expected):
    port, log = free_port(), tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "skill.web:create_app()"]
    with running(command, _env(tmp_path, **verify_env), port, log) as base:
        status, answer = _post(base + "/", body_of(envelope(launch())))
    assert status == expected, answer


def test_gunicorn_logs_one_line_per_request_with_the_user_id_hashed(tmp_path):
    port, log = free_port(), tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "skill.web:create_app()"]
    talk = None
    with running(command, _env(tmp_path, SB_VERIFY="0"), port, log) as base:
        talk = Conversation(lambda body: _post(base + "/", json.dumps(body).encode())[1])
        talk.launch()
        talk.say("GroundingIntent")
        talk({"type": "System.ExceptionEncountered", "error": {"type": "INVALID_RESPONSE", "message": "m"}})
    text = log.read_text()
    lines = [line for line in text.splitlines() if " INFO secure_base: request " in line]
    assert len(lines) == 3, text
    assert "request LaunchRequest locale=en-US user=" in lines[0]
    assert "request IntentRequest GroundingIntent locale=en-US user=" in lines[1]
    assert "request System.ExceptionEncountered" in lines[2]
    users = {line.rsplit("user=", 1)[1] for line in lines}
    assert len(users) == 1 and all(len(u) == 16 and int(u, 16) >= 0 for u in users)  # hashed, and the same
    assert "amzn1.ask.account" not in text and "Traceback" not in text


def test_the_development_server_closes_the_connection_after_a_413(tmp_path):
    import socket

    port, log = free_port(), tmp_path / "serve.log"
    command = [sys.executable, "-m", "skill", "serve", "--no-verify", "--port", str(port)]
    body = b"{" + b" " * (300 * 1024) + b"}"
    with running(command, _env(tmp_path), port, log):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            received = b""
            while True:  # until the server closes (a socket.timeout here means it kept the connection)
                chunk = conn.recv(65536)
                if not chunk:
                    break
                received += chunk
    assert received.startswith(b"HTTP/1.1 413")
