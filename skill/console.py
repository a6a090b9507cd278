"""`secure-base chat`: talk to the real skill by typing, the way Alexa would hear you.

Each line is resolved against the interaction model (skill.nlu), sent through
the skill as the request Alexa would send, with session attributes carried
between turns as Alexa carries them, and the answer is printed as readable
text: pauses as "[pause 4s]", the reprompt, the card, and where a multi-step
exercise has got to. On a terminal it prompts; from a pipe it reads one
utterance a line and echoes it, so a conversation can be scripted.
"""
from __future__ import annotations

import datetime as _dt
import getpass
import hashlib
import logging
import shutil
import socket
import subprocess
import sys
import textwrap
import uuid

from . import app, logs, nlu, speech
from . import config as config_module
from . import state as state_module

log = logging.getLogger("secure_base.console")

YOU = "you> "
SKILL = "secure base> "
INDENT = "  "
LEAVE_WORDS = {"quit", "exit", ":q"}
SILENCE_WORDS = {"...", "(silence)", "(says nothing)"}
DEVICE_ID = "amzn1.ask.device.console"
APPLICATION_ID = "amzn1.ask.skill.console"
API_ENDPOINT = "https://api.amazonalexa.com"

INTRO = (
    "This is Secure Base in text: type what you would say to Alexa and press Enter. "
    "Start with \"open {name}\", then try \"box breathing for two minutes\", \"grounding\" or \"help\". "
    "During an exercise, \"next\" goes on, and \"repeat\", \"go back\", \"pause\" and \"stop\" work whenever "
    "you like. Pauses show as [pause 4s]. An empty line is saying nothing; \"quit\" or Ctrl-D leaves."
)
ENDED = "(the session has ended - say 'open {name}' to start again)"
TROUBLE = "(Something went wrong on Secure Base's side just then, sorry. Say 'open {name}' to try again.)"


def console_user_id() -> str:
    """The same Alexa-style user id every time this person runs the console on this machine."""
    try:
        who = f"{getpass.getuser()}@{socket.gethostname()}"
    except Exception:  # no login name in some containers
        who = "console"
    return "amzn1.ask.account.CONSOLE" + hashlib.sha256(who.encode()).hexdigest()[:40].upper()


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except Exception:
        return False


class _ShortFormatter(logging.Formatter):
    """One line per problem, never a traceback: the console is for people, not stack frames."""

    def format(self, record):
        return f"secure-base: {record.getMessage()}"


class Printer:
    def __init__(self, stream, wrap: bool):
        self.stream = stream
        self.width = min(shutil.get_terminal_size((100, 24)).columns, 100) if wrap else 0

    def line(self, text: str = "", *, first: str = "", rest: str = "") -> None:
        if self.width and text:
            text = textwrap.fill(text, width=self.width, initial_indent=first, subsequent_indent=rest or first)
        else:
            text = first + text
        self.stream.write(text + "\n")
        self.stream.flush()


class Voice:
    """Speaks SSML through espeak-ng (-m: SSML, so <break> pauses are honoured)."""

    def __init__(self, locale: str, printer: Printer):
        self.printer = printer
        self.path = shutil.which("espeak-ng")
        language, _, region = locale.partition("-")
        self.voice = f"{language.lower()}-{region.lower()}" if language.lower() == "en" and region.upper() in ("US", "GB") \
            else language.lower() or "en"
        if self.path is None:
            printer.line("(voice: espeak-ng is not installed here, so this will stay in text. "
                         "On Debian or Ubuntu: sudo apt-get install espeak-ng)")

    @property
    def on(self) -> bool:
        return self.path is not None

    def say(self, ssml: str) -> None:
        if not self.on or not ssml:
            return
        try:
            done = subprocess.run([self.path, "-m", "-v", self.voice, "--stdin"], input=ssml.encode("utf-8"),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
            ok = done.returncode == 0
        except (OSError, subprocess.SubprocessError):
            ok = False
        if not ok:
            self.path = None
            self.printer.line("(voice: espeak-ng could not play sound here, so this will stay in text)")


class Player:
    """Plays a recorded practice (an AudioPlayer.Play of ours) through a command-line player on PATH.

    The console then claims AudioPlayer, as an Echo does, so long practice arrives as one recording;
    the file is played from the local store (or its URL, for an S3 store). Ctrl-C while it plays is
    "Alexa, pause": the place is told to the skill, and "resume" carries on from there.
    """

    # (command, arguments before the file, how to start at an offset in seconds)
    KNOWN = (
        ("ffplay", ["-nodisp", "-autoexit", "-loglevel", "quiet"], lambda s: ["-ss", f"{s:.2f}"]),
        ("mpv", ["--no-video", "--really-quiet"], lambda s: [f"--start={s:.2f}"]),
        ("mpg123", ["-q"], lambda s: ["-k", str(int(s * 22050 / 576))] if s else []),  # frames of 576 samples
        ("paplay", [], None),  # no offset: it starts from the beginning
    )

    def __init__(self, printer: Printer, audio_dir: str):
        self.printer = printer
        self.audio_dir = audio_dir
        self.command = next(((path, before, start) for name, before, start in self.KNOWN
                             if (path := shutil.which(name))), None)
        if self.command is None:
            printer.line("(voice: no audio player was found (ffplay, mpv, mpg123 or paplay), so recordings are not "
                         "played here and long practice is guided by voice instead. On Debian or Ubuntu: "
                         "sudo apt-get install mpg123)")

    @property
    def on(self) -> bool:
        return self.command is not None

    def play(self, stream: dict) -> tuple[str, int]:
        """Play a stream to its end ("finished", its length) or until Ctrl-C ("stopped", the offset reached)."""
        import time
        from pathlib import Path

        path, before, start = self.command
        token, offset = stream.get("token") or "", int(stream.get("offsetInMilliseconds") or 0)
        local = Path(self.audio_dir) / f"{token}.mp3"
        source = str(local) if local.is_file() else stream.get("url") or ""
        seconds = offset / 1000
        args = [path, *before, *(start(seconds) if start and seconds else []), source]
        self.printer.line(f"[playing the recording{f' from {seconds:.0f} s' if seconds else ''}; "
                          "Ctrl-C is 'Alexa, pause']", first=INDENT)
        began = time.monotonic()
        try:
            done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except KeyboardInterrupt:
            return "stopped", offset + int((time.monotonic() - began) * 1000)
        except OSError:
            done = None
        if done is None or done.returncode != 0:
            self.printer.line("(voice: the player could not play the recording here)", first=INDENT)
            return "failed", offset
        return "finished", offset + int((time.monotonic() - began) * 1000)


class Console:
    """One person at the keyboard, one Alexa device: sessions come and go like on an Echo."""

    def __init__(self, skill, *, locale: str, model: nlu.Model, printer: Printer, voice: Voice | None = None,
                 user_id: str | None = None, application_id: str = APPLICATION_ID, show_intent: bool = False,
                 player: Player | None = None):
        self.skill = skill
        self.player = player if player is not None and player.on else None
        self.playing: dict | None = None  # what context.AudioPlayer says: token, offset, activity
        self.locale = locale
        self.model = model
        self.out = printer
        self.voice = voice
        self.user_id = user_id or console_user_id()
        self.application_id = application_id
        self.name = " ".join(model.invocation) or "secure base"
        self.session: dict | None = None  # {"id", "attributes", "new", "reprompt", "reprompted"}
        self.show_intent = show_intent

    # ------------------------------------------------------------------ input

    def hear(self, text: str) -> bool:
        """One line from the person. False when they want to leave the console."""
        words = text.strip()
        if words.lower() in LEAVE_WORDS or " ".join(nlu.tokens(words)) in LEAVE_WORDS:
            self.leave()
            return False
        if words.startswith("#"):
            return True
        if not words or words.lower() in SILENCE_WORDS:
            self.silence()
            return True
        understood = nlu.understand(words, self.locale, model=self.model, tolerant=True)
        if understood is None:  # "alexa" on its own: the device listens, nothing is sent
            return True
        if self.show_intent:
            self.out.line(_describe(understood), first="  (heard as ", rest=INDENT)
        if understood.new_session or self.session is None:
            # "open secure base", "ask secure base to ...", or words with no session open: a new session
            self._open()
        self._send(understood.request())
        return True

    def silence(self) -> None:
        """Saying nothing: Alexa speaks the reprompt once, then closes the session."""
        if self.session is None:
            return
        if self.session["reprompt"] and not self.session["reprompted"]:
            self.session["reprompted"] = True
            self.out.line(speech.to_text(self.session["reprompt"]), first=SKILL, rest=INDENT)
            if self.voice:
                self.voice.say(self.session["reprompt"])
            return
        self._end("EXCEEDED_MAX_REPROMPTS")
        self.out.line(ENDED.format(name=self.name))

    def leave(self) -> None:
        """The person leaves: an open session ends as if they had said "exit"."""
        self._end("USER_INITIATED")

    # ------------------------------------------------------------------ requests

    def _open(self) -> None:
        self.session = {"id": f"amzn1.echo-api.session.console-{uuid.uuid4()}", "attributes": {}, "new": True,
                        "reprompt": None, "reprompted": False}

    def envelope(self, request: dict) -> dict:
        system = {
            "application": {"applicationId": self.application_id},
            "user": {"userId": self.user_id},
            "device": {"deviceId": DEVICE_ID, "supportedInterfaces": {"AudioPlayer": {}} if self.player else {}},
            "apiEndpoint": API_ENDPOINT,
            "apiAccessToken": "console",
        }
        stamp = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = {
            "version": "1.0",
            "context": {"System": system, **({"AudioPlayer": dict(self.playing)} if self.playing else {})},
            "request": {"requestId": f"amzn1.echo-api.request.console-{uuid.uuid4()}", "timestamp": stamp,
                        "locale": self.locale, **request},
        }
        if self.session is not None:
            body["session"] = {"new": self.session["new"], "sessionId": self.session["id"],
                               "application": {"applicationId": self.application_id},
                               "attributes": self.session["attributes"], "user": {"userId": self.user_id}}
        return body

    def _invoke(self, request: dict) -> dict | None:
        try:
            raw = app.invoke(self.skill, self.envelope(request))
        except Exception as exc:
            log.error("the skill could not answer a %s (%s)", request.get("type"), type(exc).__name__)
            return None
        return raw if isinstance(raw, dict) else None

    def _send(self, request: dict) -> None:
        raw = self._invoke(request)
        if raw is None:  # as on a device, a skill that fails ends its session
            self.session = None
            self.out.line(TROUBLE.format(name=self.name))
            return
        response = raw.get("response") or {}
        self._show(response, raw.get("sessionAttributes") or {})
        if response.get("shouldEndSession") is True:
            self.session = None
            self.out.line(ENDED.format(name=self.name))
            return
        self.session.update(attributes=raw.get("sessionAttributes") or {}, new=False, reprompted=False,
                            reprompt=_ssml((response.get("reprompt") or {}).get("outputSpeech")))

    def _end(self, reason: str) -> None:
        if self.session is None:
            return
        self._invoke({"type": "SessionEndedRequest", "reason": reason})  # Alexa ignores any answer
        self.session = None

    # ------------------------------------------------------------------ output

    def _show(self, response: dict, attributes: dict) -> None:
        said = _ssml(response.get("outputSpeech"))
        if said:
            self.out.line(speech.to_text(said), first=SKILL, rest=INDENT)
        reprompt = _ssml((response.get("reprompt") or {}).get("outputSpeech"))
        if reprompt:
            self.out.line(speech.to_text(reprompt), first=INDENT + "(if you say nothing) ", rest=INDENT)
        card = response.get("card") or {}
        if card:
            self._card(card)
        progress = self.progress(attributes)
        if progress:
            self.out.line(progress, first=INDENT)
        directives = response.get("directives") or []
        for directive in directives:
            self.out.line(f"[the skill also sent {directive.get('type', 'a directive')}]", first=INDENT)
        if said and self.voice:
            self.voice.say(said)
        for directive in directives:
            if directive.get("type") == "AudioPlayer.Stop" and self.playing:
                self.playing["playerActivity"] = "STOPPED"
            if directive.get("type") == "AudioPlayer.Play" and self.player:
                self._play((directive.get("audioItem") or {}).get("stream") or {})

    def _play(self, stream: dict) -> None:
        """The device plays the stream, then tells the skill how it went, as AudioPlayer requests do."""
        token = stream.get("token") or ""
        how, offset = self.player.play(stream)
        activity = {"finished": "FINISHED", "stopped": "STOPPED", "failed": "STOPPED"}[how]
        self.playing = {"token": token, "offsetInMilliseconds": offset, "playerActivity": activity}
        event = {"finished": "AudioPlayer.PlaybackFinished", "stopped": "AudioPlayer.PlaybackStopped",
                 "failed": "AudioPlayer.PlaybackFailed"}[how]
        request = {"type": event, "token": token, "offsetInMilliseconds": offset}
        if how == "failed":
            request["error"] = {"type": "MEDIA_ERROR_UNKNOWN", "message": "the console's player failed"}
        session, self.session = self.session, None  # player requests come without a session
        self._invoke(request)
        self.session = session
        if how == "stopped":
            self.out.line("[paused: say resume to carry on, or start over]", first=INDENT)

    def _card(self, card: dict) -> None:
        kind = card.get("type")
        if kind == "AskForPermissionsConsent":
            self.out.line("[card in the Alexa app: asks your permission for "
                          + ", ".join(card.get("permissions") or []) + "]", first=INDENT)
            return
        if kind == "LinkAccount":
            self.out.line("[card in the Alexa app: link your account]", first=INDENT)
            return
        title = card.get("title") or ""
        body = (card.get("content") or card.get("text") or "").strip()
        self.out.line(f"[card] {title}".rstrip(), first=INDENT)
        for line in body.splitlines():
            if line.strip():
                self.out.line(line.strip(), first=INDENT * 4)

    def progress(self, attributes: dict) -> str | None:
        """"[breathing: part 2 of 3]" from the session attributes the skill returned (never handler internals)."""
        from .scripts import catalogue

        try:
            bag = attributes.get(state_module.KEY) if isinstance(attributes, dict) else None
            ex = bag.get("ex") if isinstance(bag, dict) else None
            if not isinstance(ex, dict):
                return None
            exercise = catalogue.get(ex.get("id"))
            opts = exercise.clean(ex.get("opts")) if exercise else None
            turn, variant = ex.get("turn"), ex.get("variant")
            if opts is None or type(turn) is not int or type(variant) is not int:
                return None
            total = len(exercise.turns(self.locale, opts, variant))
        except Exception:  # what a progress line shows is never worth a crash
            return None
        if total < 1:
            return None
        part = min(max(turn, 0), total - 1) + 1
        status = " - paused" if ex.get("paused") is True else " - finished" if ex.get("done") is True else ""
        return f"[{exercise.family}: part {part} of {total}{status}]"


def _describe(understood: nlu.Understood) -> str:
    """What Alexa would send for the words: the request, the intent and each slot's value."""
    if understood.kind == "launch":
        return "a LaunchRequest)"
    slots = []
    for name, slot in understood.slots.items():
        if "value" not in slot:
            continue
        resolved = understood.resolved_id(name)
        slots.append(f"{name}={slot['value']!r}" + (f" -> {resolved}" if resolved else ""))
    shot = ", a one-shot" if understood.one_shot else ""
    return f"{understood.intent}{shot}" + (f": {', '.join(slots)}" if slots else "") + ")"


def _ssml(output_speech: dict | None) -> str:
    if not output_speech:
        return ""
    if output_speech.get("type") == "PlainText":
        return output_speech.get("text") or ""
    return output_speech.get("ssml") or ""


def _build_skill(config: config_module.Config, printer: Printer):
    try:
        return app.build(config)
    except Exception as exc:
        log.warning("store unavailable at start: %s", type(exc).__name__)
        where = f" at {config.sqlite_path}" if config.store == "sqlite" else ""
        printer.line(f"(Secure Base couldn't open its store{where}, so nothing will be remembered this time. "
                     "Everything else works as usual.)")
    try:
        return app.build(config.but(store="memory"))
    except Exception as exc:
        log.error("the skill could not start: %s", type(exc).__name__)
        printer.line("(Sorry, Secure Base could not start just now. Please try again in a moment.)")
        return None


def _lines(stdin, printer: Printer, interactive: bool):
    """Utterances, one a line; on a terminal with a prompt, from a pipe echoed for the transcript."""
    if interactive:
        use_input = stdin is sys.stdin
        if use_input:
            try:
                import readline  # noqa: F401  (line editing and history at the prompt)
            except ImportError:
                pass
        while True:
            try:
                if use_input:
                    line = input(YOU)
                else:
                    printer.stream.write(YOU)
                    printer.stream.flush()
                    line = stdin.readline()
                    if not line:
                        raise EOFError
            except EOFError:
                printer.line()
                return
            yield line.rstrip("\r\n")
    else:
        for line in stdin:
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue  # blank lines and comments in a script are not utterances
            printer.line(line.strip(), first=YOU)
            yield line


def main(locale: str = "en-US", voice: bool = False, stdin=None, stdout=None, config=None,
         show_intent: bool = False) -> int:
    """Run the console conversation. Returns the process exit code."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    interactive = _isatty(stdin)
    printer = Printer(stdout, wrap=interactive and _isatty(stdout))
    locale = (locale or nlu.DEFAULT_LOCALE).strip()

    quiet_logs = None
    if not logging.getLogger().handlers and not logging.getLogger("secure_base").handlers:
        quiet_logs = logging.StreamHandler(sys.stderr)
        quiet_logs.setFormatter(_ShortFormatter())
        quiet_logs.setLevel(logging.WARNING)
        quiet_logs.addFilter(logs.Redact())
        logging.getLogger("secure_base").addHandler(quiet_logs)
    try:
        try:
            model = nlu.load(locale)
        except Exception as exc:
            printer.line(f"(Secure Base can't find its interaction model for {locale}: {type(exc).__name__}. "
                         "Is interaction_model/en-US.json there?)")
            return 1
        path = nlu.model_path(locale)
        if path is not None and path.stem != locale:
            printer.line(f"(There's no interaction model for {locale} yet, so {path.stem}'s is used to understand "
                         f"you; the skill still answers for {locale}.)")
        config = config or config_module.from_env()
        player = Player(printer, config.audio_dir) if voice else None
        if player and player.on and not (config.public_url or config.audio_bucket):
            # a stream needs an address a device could fetch: where `secure-base serve` would serve it. The
            # console itself plays the file from the store
            config = config.but(public_url="http://127.0.0.1:5000")
        skill = _build_skill(config, printer)
        if skill is None:
            return 1
        speaker = Voice(locale, printer) if voice else None
        console = Console(skill, locale=locale, model=model, printer=printer, voice=speaker,
                          application_id=config.skill_id or APPLICATION_ID, show_intent=show_intent, player=player)
        if interactive:
            printer.line(INTRO.format(name=console.name))
            printer.line()
        try:
            for line in _lines(stdin, printer, interactive):
                if not console.hear(line):
                    break
            else:
                console.leave()
        except KeyboardInterrupt:
            printer.line()
            console.leave()
        if interactive:
            printer.line("(Leaving Secure Base. Take care.)")
        return 0
    finally:
        if quiet_logs is not None:
            logging.getLogger("secure_base").removeHandler(quiet_logs)
