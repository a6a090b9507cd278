"""The web companion's page and JSON API through Flask's test client (the real browser is in tests/browser/)."""
from __future__ import annotations

import json
import logging
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill import apl, speech, web, webapp
from skill.config import Config

CLIENT = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def client(tmp_path):
    config = Config(store="sqlite", sqlite_path=str(tmp_path / "store.sqlite3"), verify_requests=False, store_budget=3.0)
    return web.create_app(config).test_client()


def say(client, text: str, session=None, *, who: str = CLIENT, address: str = "127.0.0.1"):
    answer = client.post("/app/api/say", json={"id": who, "text": text, "session": session},
                         environ_base={"REMOTE_ADDR": address})
    return answer.status_code, answer.get_json()


def spoken(answer: dict) -> str:
    return " ".join(b["text"] for b in answer["beats"])


# -- the page -----------------------------------------------------------------------------------

def test_the_page_is_one_html_page_with_everything_served_from_here(client):
    page = client.get("/app")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert webapp.words("en-US", "intro").split(".")[0] in html.replace("&#34;", '"')
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/app/"), url  # no third-party asset, no other origin
        assert client.get(url).status_code == 200
    assert 'id="circle"' in html and 'id="say"' in html and '<label for="say">' in html


@pytest.mark.parametrize("path", ["/app", "/app/static/app.js", "/app/sw.js", "/app/manifest.webmanifest"])
def test_every_part_of_the_page_carries_a_strict_content_security_policy(client, path):
    answer = client.get(path)
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_the_service_worker_looks_after_the_page_and_is_renamed_with_each_version(client):
    answer = client.get("/app/sw.js")
    body = answer.get_data(as_text=True)
    assert answer.headers["Service-Worker-Allowed"] == "/app"
    assert f"secure-base-{webapp.version()}" in body and "__VERSION__" not in body
    assert f"app.js?v={webapp.version()}" in client.get("/app").get_data(as_text=True)


# -- one brain: the same skill, as a device with a screen -------------------------------------------

def test_box_breathing_for_one_minute_comes_back_as_beats_the_circle_follows_and_a_card(client):
    status, answer = say(client, "box breathing for one minute")
    assert status == 200
    assert answer["title"] == "Secure Base: Box breathing" and answer["card"]["title"] == answer["title"]
    moves = {(b["text"], b["phase"], (b["end_scale"] > b["start_scale"]) - (b["end_scale"] < b["start_scale"]))
             for b in answer["beats"]}
    assert ("Breathe in", "in", 1) in moves and ("Hold", "hold", 0) in moves and ("And out", "out", -1) in moves
    breathing = [b for b in answer["beats"] if b["phase"] != "say"]
    assert sum(b["seconds"] for b in breathing) > 25
    assert answer["ended"] is False and answer["session"]["attributes"]


def test_the_beats_are_the_ones_an_echo_show_gets(client, skill):
    from builders import Conversation
    from skill import app as skill_app
    from test_apl import APL, SHOW_8

    def send(body):
        body["context"]["System"]["device"]["supportedInterfaces"] = APL
        body["context"]["Viewport"] = SHOW_8
        return skill_app.invoke(skill, body)

    show = Conversation(send)
    show.launch()
    turn = show.say("BreathingIntent", technique=("box", "box"), duration="PT1M")
    on_show = next(d for d in turn.response["directives"] if d["type"].endswith("RenderDocument"))
    say(client, "open secure base")  # past the first-time disclosure, as the Show was
    _, answer = say(client, "box breathing for one minute")
    assert [b["phase"] for b in answer["beats"]] == [b["phase"] for b in on_show["datasources"]["breath"]["beats"]]


def test_stop_ends_the_session(client):
    _, started = say(client, "box breathing for one minute")
    with speech.recording() as keys:
        status, stopped = say(client, "stop", started["session"])
    assert status == 200 and stopped["ended"] is True and stopped["session"] is None
    assert "common/goodbye" in keys and spoken(stopped)


def test_the_browser_carries_the_session_from_turn_to_turn(client):
    from skill.scripts import catalogue

    _, first = say(client, "box breathing for five minutes")
    ex = first["session"]["attributes"]["sb"]["ex"]
    count = len(catalogue.get("breathing").turns("en-US", ex["opts"], ex["variant"]))
    assert count > 1 and first["progress"] == f"1 of {count}"
    _, second = say(client, "yes", first["session"])
    assert second["progress"] == f"2 of {count}"


def test_answers_without_a_picture_keep_their_pauses(client):
    _, menu = say(client, "open secure base")
    assert menu["beats"] and all(b["phase"] == "say" for b in menu["beats"])
    ssml = 'Hello there. <break time="4000ms"/> Just breathe. <break time="10000ms"/><break time="2500ms"/> Okay.'
    beats = webapp.ssml_beats(ssml)
    assert [b["text"] for b in beats] == ["Hello there.", "Just breathe.", "Okay."]
    assert [b["seconds"] for b in beats] == [pytest.approx(speech.seconds("Hello there.") + 4),
                                              pytest.approx(speech.seconds("Just breathe.") + 12.5),
                                              pytest.approx(speech.seconds("Okay."))]


# -- the whole sentence is screened first -------------------------------------------------------------

@pytest.mark.parametrize("sentence", ["I want to kill myself", "box breathing for one minute because I want to die"])
def test_a_crisis_sentence_gets_the_safety_answer_with_the_numbers(client, sentence):
    status, answer = say(client, sentence)
    assert status == 200
    numbers = [line["number"] for line in answer["card"]["lines"] if line["number"]]
    assert "988" in numbers and "911" in numbers
    assert "988" in spoken(answer) or "nine, eight, eight" in spoken(answer).lower()
    assert answer["ended"] is False  # it stays


def test_someone_hurting_them_is_carried_to_the_safety_answer():
    request, _ = webapp.request_for("my husband hits me and I am scared he will kill me", "en-US", None)
    assert request["intent"]["name"] == "CrisisIntent" and "who" in request["intent"]["slots"]


def test_nothing_typed_is_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    say(client, "I feel lonely because Margaretta left")
    say(client, "I want to kill myself, Margaretta")
    assert caplog.records and not any("Margaretta" in r.getMessage() for r in caplog.records)


# -- bad input, kindly --------------------------------------------------------------------------------

def _error(answer) -> str:
    return answer.get_json()["error"]


def test_bad_bodies_get_a_short_kind_answer(client):
    for body in (b"not json", b"[]", json.dumps({"text": "hi"}).encode(), json.dumps({"id": "short", "text": "hi"}).encode(),
                 json.dumps({"id": CLIENT, "text": 5}).encode(), b"\xff\xfe"):
        answer = client.post("/app/api/say", data=body, content_type="application/json")
        assert answer.status_code == 400 and _error(answer) == webapp.words("en-US", "bad_request")


def test_too_much_is_refused_kindly(client):
    long_text = client.post("/app/api/say", json={"id": CLIENT, "text": "word " * 200})
    assert long_text.status_code == 413 and _error(long_text) == webapp.words("en-US", "too_long")
    huge = client.post("/app/api/say", data=b"{" + b" " * (webapp.MAX_BODY_BYTES + 10) + b"}",
                       content_type="application/json")
    assert huge.status_code == 413


def test_a_session_from_anywhere_else_starts_fresh(client):
    status, answer = say(client, "box breathing for one minute", {"id": "amzn1.echo-api.session.other", "attributes": []})
    assert status == 200 and answer["session"]["id"].startswith("amzn1.echo-api.session.web-")


def test_each_client_has_a_rate_limit_and_others_are_not_slowed(client):
    size, _ = webapp.RATE
    codes = [client.post("/app/api/say", json={"id": CLIENT, "text": ""}, environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code
             for _ in range(size + 3)]
    assert codes[:size] == [200] * size and codes[-1] == 429
    limited = client.post("/app/api/say", json={"id": CLIENT, "text": ""}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert int(limited.headers["Retry-After"]) >= 1 and _error(limited) == webapp.words("en-US", "too_fast")
    assert say(client, "", address="10.9.9.10")[0] == 200


def test_the_bucket_fills_again_with_time():
    now = [0.0]
    buckets = webapp.Buckets(2, 1.0, clock=lambda: now[0])
    assert [buckets.take("a"), buckets.take("a")] == [0, 0] and buckets.take("a") > 0
    now[0] += 1.0
    assert buckets.take("a") == 0


def test_the_api_hands_out_only_the_words_its_templates_hold():
    for key in webapp.WORDS + ("too_long", "too_fast", "bad_request"):
        assert webapp.words("en-US", key) == speech.to_text(speech.render("en-US", f"web/{key}"))
    assert apl.card_lines("Call 988.\n\nText HOME to 741741.") == [{"text": "Call 988.", "number": "988"},
                                                                   {"text": "Text HOME to 741741.", "number": "741741"}]


def test_session_attributes_nobody_could_trust_start_fresh(client):
    deep: dict = {}
    for _ in range(200):
        deep = {"x": deep}
    status, answer = say(client, "box breathing for one minute",
                         {"id": "amzn1.echo-api.session.web-1", "attributes": {"sb": deep}})
    assert status == 200 and answer["title"] == "Secure Base: Box breathing"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=300), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["id", "text", "session", "attributes", "x"]),
                                                               inner, max_size=4), max_leaves=20).map(
    lambda value: json.dumps(value).encode())))
def test_whatever_is_sent_the_answer_is_kind_never_a_fault(skill, body):
    import flask

    app = flask.Flask("fuzz")
    app.register_blueprint(webapp.blueprint(skill, rate=(10 ** 9, 1.0)))
    answer = app.test_client().post("/app/api/say", data=body, content_type="application/json")
    assert answer.status_code in (200, 400, 413)
    assert isinstance(answer.get_json(), dict)
