"""The web companion: ``GET /app`` (one page for any phone's browser) and its small JSON API.

One brain, not two. ``POST /app/api/say`` takes typed or recognised words and:

1. screens the whole sentence for crisis (skill.safety.screen) before anything else: this client
   has the person's whole sentence, so it is screened whole, and a crisis gets the safety answer;
2. otherwise resolves it with the console's resolver (skill.nlu.understand, typos forgiven);
3. sends the request the skill would get from an Alexa device with a screen (APL declared, a
   phone's viewport), through the same entry point as Lambda;
4. hands back what to show and say: the beats of the breathing circle (the same data the APL
   document carries, timed by the same timeline), the card as text, whether the session ended,
   and the session attributes to send back next time (the browser carries them, as Alexa does).

Privacy as in the skill: nothing said is logged or stored; the browser's random id reaches the
skill as a user id (hashed in every log line and store key, like Alexa's). Bad input gets a short,
kind JSON answer (400, 413, 429), never a stack trace. Each client (by address) gets a small
bucket of requests (``RATE``). Every /app response carries a strict Content-Security-Policy: the
page, its script, style and service worker are all served from here, nothing from anywhere else.
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import logging
import re
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path

import jinja2
from flask import Blueprint, Response, jsonify, request, send_from_directory

from .. import apl, nlu, safety, speech

log = logging.getLogger("secure_base.web")

HERE = Path(__file__).parent
STATIC = HERE / "static"
MAX_BODY_BYTES = 16 * 1024  # a sentence and the session attributes of one exercise
MAX_TEXT_CHARS = 300  # longer than anyone says to Alexa in one go
RATE = (20, 2.0)  # a bucket of 20 requests per client, one more every 2 seconds
MAX_CLIENTS = 10_000  # buckets kept (oldest forgotten first)
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
APPLICATION_ID = "amzn1.ask.skill.web-companion"
DEVICE_ID = "amzn1.ask.device.web-companion"
PHONE = {"shape": "RECTANGLE", "mode": "MOBILE", "pixelWidth": 720, "pixelHeight": 1280, "dpi": 320}
WORDS = ("title", "intro", "label", "send", "talk", "listening", "voice", "circle", "disclaimer", "privacy",
         "offline", "nothing_heard", "trouble")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "manifest-src 'self'; worker-src 'self'; media-src 'self'; font-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY", "Permissions-Policy": "camera=(), geolocation=(), microphone=(self)",
           "Cross-Origin-Opener-Policy": "same-origin"}

_pages = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE)), autoescape=True, undefined=jinja2.StrictUndefined)


def words(locale: str, key: str) -> str:
    return speech.to_text(speech.render(locale, f"web/{key}"))


class Buckets:
    """A token bucket per client, in this process (a few KB for thousands of clients)."""

    def __init__(self, size: int, every: float, clock=time.monotonic):
        self.size, self.every, self.clock = size, every, clock
        self.lock = threading.Lock()
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds until it may."""
        now = self.clock()
        with self.lock:
            tokens, since = self.buckets.pop(client, (float(self.size), now))
            tokens = min(self.size, tokens + (now - since) / self.every)
            wait = 0.0 if tokens >= 1 else (1 - tokens) * self.every
            self.buckets[client] = (tokens - 1 if tokens >= 1 else tokens, now)
            while len(self.buckets) > MAX_CLIENTS:
                self.buckets.popitem(last=False)
        return wait


def blueprint(skill, *, rate: tuple[int, float] = RATE, locale: str = speech.DEFAULT_LOCALE) -> Blueprint:
    from .. import app as skill_app

    web = Blueprint("webapp", __name__)
    buckets = Buckets(*rate)
    model = functools.lru_cache(maxsize=4)(nlu.load)

    @web.after_request
    def strict(response: Response):
        response.headers.update(HEADERS)
        return response

    @web.get("/app")
    @web.get("/app/")
    def page():
        text = {key: words(locale, key) for key in WORDS}
        html = _pages.get_template("page.html").render(words=text, lang=locale.split("-")[0], locale=locale,
                                                       version=version())
        return Response(html, mimetype="text/html")

    @web.get("/app/sw.js")
    def service_worker():
        # served from /app/ so it may look after the whole page; the cache's name changes with the files
        body = (STATIC / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", version())
        response = Response(body, mimetype="text/javascript")
        response.headers["Cache-Control"] = "no-cache"
        response.headers["Service-Worker-Allowed"] = "/app"  # its scope includes the page itself, /app
        return response

    @web.get("/app/static/<path:name>")
    def static(name: str):
        return send_from_directory(STATIC, name, max_age=3600)

    @web.get("/app/manifest.webmanifest")
    def manifest():
        body = {"name": words(locale, "title"), "short_name": words(locale, "title"), "start_url": "/app",
                "scope": "/app", "display": "standalone", "background_color": "#0b1020", "theme_color": "#0b1020",
                "icons": [{"src": "/app/static/icon.svg", "sizes": "any", "type": "image/svg+xml"}]}
        return Response(json.dumps(body), mimetype="application/manifest+json")

    @web.post("/app/api/say")
    def say():
        wait = buckets.take(request.remote_addr or "unknown")
        if wait:
            return _kind(locale, "too_fast", 429, {"Retry-After": str(max(1, round(wait)))})
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return _kind(locale, "too_long", 413)
        body = request.get_data(cache=False)[: MAX_BODY_BYTES + 1]
        if len(body) > MAX_BODY_BYTES:
            return _kind(locale, "too_long", 413)
        try:
            asked = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return _kind(locale, "bad_request", 400)
        if not isinstance(asked, dict) or not isinstance(asked.get("text"), str) \
                or not CLIENT_ID.match(str(asked.get("id") or "")):
            return _kind(locale, "bad_request", 400)
        text = " ".join(asked["text"].split())
        if len(text) > MAX_TEXT_CHARS:
            return _kind(locale, "too_long", 413)
        session = asked.get("session") if isinstance(asked.get("session"), dict) else None
        try:
            answer = converse(skill_app, skill, model(locale), locale, asked["id"], text, session)
        except Exception as exc:  # the type only: its message might carry the person's words
            log.error("the web companion could not answer (%s)", type(exc).__name__)
            return _kind(locale, "trouble", 500)
        return jsonify(answer)

    return web


def _kind(locale: str, key: str, status: int, headers: dict | None = None):
    return jsonify(error=words(locale, key)), status, headers or {}


@functools.lru_cache(maxsize=1)
def _version_of(stamp: tuple) -> str:
    digest = hashlib.sha256()
    for path in sorted(STATIC.iterdir()) + [HERE / "page.html"]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def version() -> str:
    """Changes whenever a file of the page does, so a browser's cached copy is replaced."""
    return _version_of(tuple((p.name, p.stat().st_mtime_ns) for p in sorted(STATIC.iterdir())))


# -- one turn ---------------------------------------------------------------------------------------

def user_id(client: str) -> str:
    """The browser's random id as an Alexa-style user id (then hashed like every other in logs and store keys)."""
    return "amzn1.ask.account.WEB" + hashlib.sha256(client.encode()).hexdigest()[:40].upper()


def request_for(text: str, locale: str, model) -> tuple[dict | None, bool]:
    """(the request Alexa would send for these words, whether they start a new session).

    The whole sentence is screened first; a crisis is answered as CrisisIntent whatever else it
    might resolve to (someone hurting them is carried as the intent's ``who`` slot)."""
    verdict = safety.screen(text)
    if verdict.crisis:
        slots = {"who": {"name": "who", "value": "someone", "confirmationStatus": "NONE"}} if verdict.harm_by_other else {}
        return {"type": "IntentRequest", "intent": {"name": "CrisisIntent", "confirmationStatus": "NONE",
                                                     "slots": slots}}, False
    understood = nlu.understand(text, locale, model=model, tolerant=True)
    if understood is None:
        return None, False
    return understood.request(), understood.new_session


def envelope(request_body: dict, *, locale: str, client: str, session: dict | None) -> dict:
    uid = user_id(client)
    system = {"application": {"applicationId": APPLICATION_ID}, "user": {"userId": uid},
              "device": {"deviceId": DEVICE_ID,
                         "supportedInterfaces": {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.3"}}}},
              "apiEndpoint": "https://api.amazonalexa.com", "apiAccessToken": "web"}
    stamp = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    viewport = {**PHONE, "currentPixelWidth": PHONE["pixelWidth"], "currentPixelHeight": PHONE["pixelHeight"]}
    body = {"version": "1.0", "context": {"System": system, "Viewport": viewport},
            "request": {"requestId": f"amzn1.echo-api.request.web-{uuid.uuid4()}", "timestamp": stamp, "locale": locale,
                        **request_body}}
    if session is not None:
        body["session"] = {"new": session["new"], "sessionId": session["id"], "application": {"applicationId": APPLICATION_ID},
                           "attributes": session["attributes"], "user": {"userId": uid}}
    return body


def _session(raw: dict | None) -> dict | None:
    """The session the browser sent back: untrusted, so only its shape is kept (the skill checks the rest)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"].startswith("amzn1.echo-api.session.web-"):
        return None
    attributes = raw.get("attributes") if isinstance(raw.get("attributes"), dict) else {}
    return {"id": raw["id"][:120], "attributes": attributes, "new": False}


def converse(skill_app, skill, model, locale: str, client: str, text: str, session: dict | None) -> dict:
    if not text:
        return _said_only(words(locale, "nothing_heard"), session)
    req, new = request_for(text, locale, model)
    if req is None:  # "alexa" on its own: a device would just listen
        return _said_only(words(locale, "nothing_heard"), session)
    session = _session(session)
    if new or session is None:
        session = {"id": f"amzn1.echo-api.session.web-{uuid.uuid4()}", "attributes": {}, "new": True}
    from .. import state

    # as on the Alexa endpoint: attributes too deep or too large to trust are replaced by {} (start fresh)
    raw = skill_app.invoke(skill, state.fit_envelope(envelope(req, locale=locale, client=client, session=session)))
    return answer_of(raw if isinstance(raw, dict) else {}, session)


def _said_only(text: str, session: dict | None) -> dict:
    return {"beats": [{"text": text, "seconds": 0.0, "start_scale": apl.SMALL, "end_scale": apl.SMALL, "phase": "say"}],
            "card": None, "title": "", "progress": "", "reprompt": "", "ended": False, "session": _session(session)}


_BREAK = re.compile(r'(<break\s+time="[\d.]+m?s"\s*/>)')


def ssml_beats(ssml: str) -> list[dict]:
    """Words and their pauses, for an answer without a picture: each piece of words, then its silence."""
    beats: list[dict] = []
    for piece in _BREAK.split(ssml or ""):
        if not piece.strip():
            continue
        if _BREAK.fullmatch(piece):
            if beats:
                beats[-1]["seconds"] = round(beats[-1]["seconds"] + speech.seconds(piece), 3)
            continue
        text = speech.to_text(piece)
        if text:
            beats.append({"text": text, "seconds": round(speech.seconds(piece), 3), "start_scale": apl.SMALL,
                          "end_scale": apl.SMALL, "phase": "say"})
    return beats


def answer_of(raw: dict, session: dict) -> dict:
    response = raw.get("response") or {}
    ended = response.get("shouldEndSession") is True
    ssml = (response.get("outputSpeech") or {}).get("ssml", "")
    shown = {d.get("token"): d.get("datasources") or {} for d in response.get("directives") or []
             if d.get("type") == "Alexa.Presentation.APL.RenderDocument"}
    breath = (shown.get(apl.TOKEN_BREATH) or {}).get("breath")
    message = (shown.get(apl.TOKEN_MESSAGE) or {}).get("message")
    card = response.get("card") or None
    if message:
        card = {"title": message.get("title", ""), "lines": message.get("lines", [])}
    elif card:
        card = {"title": card.get("title", ""), "lines": apl.card_lines(card.get("content") or card.get("text") or "")}
    reprompt = ((response.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", "")
    return {
        "beats": breath["beats"] if breath else ssml_beats(ssml),
        "title": breath.get("title", "") if breath else "",
        "progress": breath.get("progressText", "") if breath else "",
        "card": card,
        "reprompt": speech.to_text(reprompt) if reprompt else "",
        "ended": ended,
        "session": None if ended else {"id": session["id"], "attributes": raw.get("sessionAttributes") or {}},
    }
