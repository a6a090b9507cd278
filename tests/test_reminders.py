"""The nightly reminder, end to end: the real SDK ReminderManagementServiceClient talks HTTPS to a
local server standing in for Alexa's API (the request's context.System.apiEndpoint), and the tests
check what that server received and what the person heard.

The SDK's API client refuses plain HTTP, so the stand-in serves HTTPS on 127.0.0.1 with a
certificate made for the test and trusted through REQUESTS_CA_BUNDLE.
"""
from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from builders import Conversation, envelope
from dynalite import read_back
from skill import app
from skill.handlers.reminders import SCOPE

TOKEN = "test-api-access-token"
DEVICE = "amzn1.ask.device.TEST"
REMINDERS = "/v1/alerts/reminders"
TIME_ZONE = f"/v2/devices/{DEVICE}/settings/System.timeZone"


def _certificate(directory):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "api.pem", directory / "api.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class AlexaApi:
    """Records every request; answers each (method, path prefix) as the test scripted."""

    def __init__(self):
        self.received: list[dict] = []
        self.answers: dict[tuple[str, str], tuple[int, object, float]] = {}
        self.created = 0
        self.reply("GET", TIME_ZONE, 200, "America/New_York")
        self.reply("DELETE", REMINDERS + "/", 200, None)
        self.server: ThreadingHTTPServer | None = None

    def reply(self, method: str, path: str, status: int, body=None, delay: float = 0.0):
        self.answers[(method, path)] = (status, body, delay)

    def answer(self, method: str, path: str):
        for (m, prefix), scripted in sorted(self.answers.items(), key=lambda kv: -len(kv[0][1])):
            if m == method and path.startswith(prefix):
                return scripted
        if method == "POST" and path == REMINDERS:
            self.created += 1
            return 201, {"alertToken": f"alert-{self.created}", "createdTime": "2026-11-29T21:00:00.000Z",
                         "updatedTime": "2026-11-29T21:00:00.000Z", "status": "ON", "version": "1",
                         "href": f"{REMINDERS}/alert-{self.created}"}, 0.0
        return 404, {"code": "NOT_FOUND", "message": "no such thing"}, 0.0

    def calls(self, method: str | None = None, path: str | None = None) -> list[dict]:
        return [r for r in self.received if (method is None or r["method"] == method)
                and (path is None or r["path"].startswith(path))]

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.server.server_address[1]}"


def _handler(api: AlexaApi):
    class Handler(BaseHTTPRequestHandler):
        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            api.received.append({"method": self.command, "path": self.path, "headers": dict(self.headers),
                                 "body": json.loads(raw) if raw else None})
            status, body, delay = api.answer(self.command, self.path)
            if delay:
                time.sleep(delay)
            payload = b"" if body is None else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:  # the skill gave up waiting: that is the point of the slow answer
                pass

        do_GET = do_POST = do_DELETE = do_PUT = _serve

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def alexa_api(tmp_path, monkeypatch):
    cert_path, key_path = _certificate(tmp_path)
    api = AlexaApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    server.daemon_threads = True
    server.handle_error = lambda request, address: None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    api.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert_path))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield api
    server.shutdown()
    server.server_close()


def with_permission(body: dict, granted: bool) -> dict:
    if granted:
        body["context"]["System"]["user"]["permissions"] = {
            "consentToken": TOKEN, "scopes": {SCOPE: {"status": "GRANTED"}}}
    return body


@pytest.fixture
def reminder_config(config):
    return config.but(api_timeout=0.5)


def conversation(config, api: AlexaApi, *, granted: bool) -> Conversation:
    skill = app.build(config)
    return Conversation(lambda body: app.invoke(skill, with_permission(body, granted)),
                        api_endpoint=api.url, api_access_token=TOKEN)


def permission_answer(status: str, token: str = "reminder:21:30") -> dict:
    return {"type": "Connections.Response", "name": "AskFor", "status": {"code": "200", "message": "OK"},
            "payload": {"status": status, "isCardThrown": "false", "permissionScope": SCOPE}, "token": token}


def directives(turn) -> list[dict]:
    return turn.response.get("directives") or []


# --- with the permission already granted --------------------------------------------------

def test_a_nightly_reminder_is_created_through_the_api_and_confirmed(reminder_config, alexa_api):
    talk = conversation(reminder_config, alexa_api, granted=True)
    talk.launch()
    turn = talk.say("ReminderIntent", time="21:30")
    assert turn.said("reminders/set") and "every night at 9:30 PM" in turn.text and not turn.ended
    [created] = alexa_api.calls("POST", REMINDERS)
    assert created["path"] == REMINDERS and created["headers"]["Authorization"] == f"Bearer {TOKEN}"
    trigger = created["body"]["trigger"]
    assert trigger["type"] == "SCHEDULED_ABSOLUTE" and trigger["scheduledTime"].endswith("T21:30:00")
    assert trigger["timeZoneId"] == "America/New_York"
    assert trigger["recurrence"]["freq"] == "DAILY"
    assert trigger["recurrence"]["recurrenceRules"] == ["FREQ=DAILY;BYHOUR=21;BYMINUTE=30;BYSECOND=0;INTERVAL=1;"]
    [spoken] = created["body"]["alertInfo"]["spokenInfo"]["content"]
    assert spoken["locale"] == "en-US" and "Secure Base" in spoken["text"]
    assert read_back(reminder_config)["prefs"]["reminder"] == "alert-1"  # only the reminder's id is kept


def test_stop_my_reminder_deletes_it(reminder_config, alexa_api):
    talk = conversation(reminder_config, alexa_api, granted=True)
    talk.say("ReminderIntent", time="21:30")
    later = conversation(reminder_config, alexa_api, granted=True)
    turn = later.say("CancelReminderIntent")
    assert turn.said("reminders/stopped") and not turn.ended
    [deleted] = alexa_api.calls("DELETE")
    assert deleted["path"] == f"{REMINDERS}/alert-1" and deleted["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert "reminder" not in read_back(reminder_config)["prefs"]
    again = later.say("CancelReminderIntent")
    assert again.said("reminders/none") and len(alexa_api.calls("DELETE")) == 1


def test_asking_again_replaces_the_old_reminder(reminder_config, alexa_api):
    talk = conversation(reminder_config, alexa_api, granted=True)
    talk.say("ReminderIntent", time="21:30")
    turn = talk.say("ReminderIntent", time="22:15")
    assert "every night at 10:15 PM" in turn.text
    methods = [(c["method"], c["path"]) for c in alexa_api.received if c["path"].startswith(REMINDERS)]
    assert methods == [("POST", REMINDERS), ("DELETE", f"{REMINDERS}/alert-1"), ("POST", REMINDERS)]
    assert read_back(reminder_config)["prefs"]["reminder"] == "alert-2"


def test_a_time_heard_without_am_or_pm_is_taken_in_the_evening(reminder_config, alexa_api):
    turn = conversation(reminder_config, alexa_api, granted=True).say("ReminderIntent", time="09:30")
    assert "9:30 PM" in turn.text
    assert alexa_api.calls("POST")[0]["body"]["trigger"]["scheduledTime"].endswith("T21:30:00")


def test_no_time_yet_is_asked_for(reminder_config, alexa_api):
    talk = conversation(reminder_config, alexa_api, granted=True)
    asked = talk.say("ReminderIntent")
    assert asked.said("reminders/ask_time") and not asked.ended and not alexa_api.received
    turn = talk.say("ReminderIntent", time="21:00")  # "at nine"
    assert turn.said("reminders/set") and "every night at 9 PM" in turn.text


def test_without_the_time_zone_the_reminder_still_rings_on_device_time(reminder_config, alexa_api):
    alexa_api.reply("GET", TIME_ZONE, 500, {"code": "INTERNAL_ERROR"})
    turn = conversation(reminder_config, alexa_api, granted=True).say("ReminderIntent", time="21:30")
    assert turn.said("reminders/set")
    assert "timeZoneId" not in alexa_api.calls("POST")[0]["body"]["trigger"]


# --- asking for the permission by voice ---------------------------------------------------

def test_without_permission_alexa_asks_by_voice_and_a_yes_creates_it(reminder_config, alexa_api):
    talk = conversation(reminder_config, alexa_api, granted=False)
    talk.launch()
    ask = talk.say("ReminderIntent", time="21:30")
    assert ask.said("reminders/permission_intro") and not alexa_api.calls("POST")
    [directive] = directives(ask)
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    assert directive["payload"] == {"@type": "AskForPermissionsConsentRequest", "@version": "1",
                                    "permissionScope": SCOPE}
    assert directive["token"] == "reminder:21:30"
    assert "reprompt" not in ask.response and "shouldEndSession" not in ask.response
    accepted = conversation(reminder_config, alexa_api, granted=True)(permission_answer("ACCEPTED"))
    assert accepted.said("reminders/set") and "every night at 9:30 PM" in accepted.text
    assert alexa_api.calls("POST", REMINDERS)[0]["body"]["trigger"]["recurrence"]["freq"] == "DAILY"
    assert read_back(reminder_config)["prefs"]["reminder"] == "alert-1"


def test_the_permission_answer_also_works_outside_a_session(reminder_config, alexa_api):
    skill = app.build(reminder_config)
    body = with_permission(envelope(permission_answer("ACCEPTED", "reminder:20:45"), api_endpoint=alexa_api.url,
                                    api_access_token=TOKEN), True)
    assert "session" not in body
    raw = app.invoke(skill, body)
    assert "8:45 PM" in raw["response"]["outputSpeech"]["ssml"]
    assert alexa_api.calls("POST", REMINDERS)[0]["body"]["trigger"]["scheduledTime"].endswith("T20:45:00")


@pytest.mark.parametrize("status", ["DENIED", "NOT_ANSWERED"])
def test_no_permission_is_explained_kindly_with_the_permission_card(reminder_config, alexa_api, status):
    turn = conversation(reminder_config, alexa_api, granted=False)(permission_answer(status))
    assert turn.said("reminders/declined") and not turn.ended
    assert turn.card == {"type": "AskForPermissionsConsent", "permissions": [SCOPE]}
    assert "nothing has changed" in turn.text and not alexa_api.calls("POST")
    assert "reminder" not in (read_back(reminder_config) or {}).get("prefs", {})


def test_a_permission_answer_we_did_not_ask_for_goes_to_the_menu(reminder_config, alexa_api):
    turn = conversation(reminder_config, alexa_api, granted=True)(permission_answer("ACCEPTED", "something-else"))
    assert turn.said("common/menu") and not alexa_api.calls("POST")


# --- when the API says no, or says nothing ------------------------------------------------

@pytest.mark.parametrize("status", [401, 403])
def test_the_api_refusing_permission_asks_for_it_again(reminder_config, alexa_api, status):
    alexa_api.reply("POST", REMINDERS, status, {"code": "UNAUTHORIZED", "message": "no"})
    turn = conversation(reminder_config, alexa_api, granted=True).say("ReminderIntent", time="21:30")
    assert turn.said("reminders/permission_again")
    assert [d["name"] for d in directives(turn)] == ["AskFor"]


@pytest.mark.parametrize("status, delay", [(429, 0.0), (500, 0.0), (503, 0.0), (201, 3.0)],
                         ids=["throttled", "server-error", "unavailable", "too-slow"])
def test_api_trouble_gets_a_clear_spoken_answer(reminder_config, alexa_api, status, delay):
    alexa_api.reply("POST", REMINDERS, status, {"code": "TROUBLE", "message": "trouble"}, delay=delay)
    turn = conversation(reminder_config, alexa_api, granted=True).say("ReminderIntent", time="21:30")
    assert turn.said("reminders/failed") and not turn.ended and turn.reprompt
    assert "I couldn't set that reminder just now" in turn.text
    assert not any(word in turn.text.lower() for word in ("error", "http", str(status), "api", "server"))
    assert "reminder" not in (read_back(reminder_config) or {}).get("prefs", {})


def test_stopping_a_reminder_already_deleted_in_the_app(reminder_config, alexa_api):
    conversation(reminder_config, alexa_api, granted=True).say("ReminderIntent", time="21:30")
    alexa_api.reply("DELETE", REMINDERS + "/", 404, {"code": "NOT_FOUND"})
    turn = conversation(reminder_config, alexa_api, granted=True).say("CancelReminderIntent")
    assert turn.said("reminders/stopped") and "reminder" not in read_back(reminder_config)["prefs"]


def test_stopping_when_the_api_is_in_trouble_keeps_the_id_to_try_again(reminder_config, alexa_api):
    conversation(reminder_config, alexa_api, granted=True).say("ReminderIntent", time="21:30")
    alexa_api.reply("DELETE", REMINDERS + "/", 500, {"code": "INTERNAL_ERROR"})
    turn = conversation(reminder_config, alexa_api, granted=True).say("CancelReminderIntent")
    assert turn.said("reminders/stop_failed") and not turn.ended
    assert read_back(reminder_config)["prefs"]["reminder"] == "alert-1"


def test_stopping_without_permission_points_to_the_app(reminder_config, alexa_api):
    conversation(reminder_config, alexa_api, granted=True).say("ReminderIntent", time="21:30")
    alexa_api.reply("DELETE", REMINDERS + "/", 401, {"code": "UNAUTHORIZED"})
    turn = conversation(reminder_config, alexa_api, granted=False).say("CancelReminderIntent")
    assert turn.said("reminders/stop_no_permission")
    assert turn.card == {"type": "AskForPermissionsConsent", "permissions": [SCOPE]}


def test_a_reminder_asked_for_after_an_exercise_is_set(reminder_config, alexa_api):
    """A reminder asked for right after an exercise: the exercise state does not swallow it."""
    talk = conversation(reminder_config, alexa_api, granted=True)
    turn = talk.say("GroundingIntent")
    while not turn.exercise["done"]:
        turn = talk.say("AMAZON.NextIntent")
    set_ = talk.say("ReminderIntent", time="21:30")
    assert set_.said("reminders/set") and len(alexa_api.calls("POST")) == 1


# --- "delete my data" takes the reminder with it ------------------------------------------

def test_delete_my_data_cancels_the_nightly_reminder(reminder_config, alexa_api):
    conversation(reminder_config, alexa_api, granted=True).say("ReminderIntent", time="21:30")
    talk = conversation(reminder_config, alexa_api, granted=True)
    talk.say("DeleteDataIntent")
    done = talk.say("AMAZON.YesIntent")
    assert done.said("privacy/deleted") and "cancelled your nightly reminder" in done.text and done.ended
    [deleted] = alexa_api.calls("DELETE")
    assert deleted["path"] == f"{REMINDERS}/alert-1"
    assert not read_back(reminder_config)


def test_delete_my_data_still_deletes_when_the_reminder_cannot_be_cancelled(reminder_config, alexa_api):
    conversation(reminder_config, alexa_api, granted=True).say("ReminderIntent", time="21:30")
    alexa_api.reply("DELETE", REMINDERS + "/", 403, {"code": "FORBIDDEN"})
    talk = conversation(reminder_config, alexa_api, granted=True)
    talk.say("DeleteDataIntent")
    done = talk.say("AMAZON.YesIntent")
    assert "remove it in your Alexa app" in done.text and done.ended
    assert not read_back(reminder_config)
