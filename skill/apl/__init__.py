"""Pictures for screens (APL): the breathing circle and the current step's words, and cards on the screen.

One reply, many surfaces: the picture is made from the same timeline as the speech. A turn's
segments (or, for a stream, the renderer's measured cues) become *beats*: the words said at the
start of each, how long it lasts, and how big the circle is at its start and end (it grows on the
breath in, rests on holds, shrinks on the breath out). The beats go to the device twice: as the
document's data (the web companion reads them there) and as one sequence of ExecuteCommands whose
durations add up to exactly the length the speech was planned to take, so voice and picture agree.

The documents are data (``breathing.json``, ``message.json``); this module only fills them in.
Devices without ``Alexa.Presentation.APL`` get nothing. A document stays up for the whole practice
(``settings.idleTimeout``), not Alexa's default 30 seconds, and is dim at night.
"""
from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ask_sdk_core.utils import get_supported_interfaces

from .. import pacing, speech

HERE = Path(__file__).parent
TOKEN_BREATH = "secure-base-breath"
TOKEN_MESSAGE = "secure-base-message"
SMALL, LARGE = 0.5, 1.0  # the circle's scale at the end of a breath out, at the top of a breath in
DEFAULT_IDLE_MS = 30_000  # Alexa's own: what a card on the screen keeps
MARGIN_S = 60.0  # beyond the planned end: the question after a turn, the wait for an answer
MAX_IDLE_MS = 30 * 60_000  # the longest practice (20 minutes) with room to spare
NIGHT_FROM, NIGHT_UNTIL = 20, 6  # local hours when the screen is dim
GROW, SHRINK = ("in", "top_up"), ("out",)
PENDING = "sb_screen"  # request attribute: the picture this turn's answer carries (see reply.respond)


@dataclass(frozen=True)
class Beat:
    text: str  # the words said as it starts (plain text); "" keeps the words already shown
    seconds: float
    start_scale: float
    end_scale: float
    phase: str = "say"  # "in", "hold", "out" or "say" (words, no breath)


def _model():
    """ask-sdk-model's APL classes, loaded for the first screen: the package is eighty modules
    (about 1 MB) that a speaker never needs."""
    from ask_sdk_model.interfaces.alexa.presentation import apl as model

    return model


@functools.lru_cache(maxsize=4)
def document(name: str) -> dict:
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


# -- who gets a picture -----------------------------------------------------------------------------

def supports(handler_input) -> bool:
    interfaces = get_supported_interfaces(handler_input)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def is_night(handler_input) -> bool:
    from .. import suggest

    req = handler_input.request_envelope.request
    hour = suggest.local_hour(getattr(req, "timestamp", None), getattr(req, "locale", None))
    return hour is not None and (hour >= NIGHT_FROM or hour < NIGHT_UNTIL)


# -- beats: the timeline as the circle moves --------------------------------------------------------

def _phase(segment: pacing.Segment) -> str | None:
    """The breath a segment starts ("in", "hold", "out"), None if it carries on the one before (a count)."""
    if segment.key == "breathing/count":
        return None
    if segment.key == "breathing/cue":
        cue = segment.data.get("cue")
        return "in" if cue in GROW else "out" if cue in SHRINK else "hold"
    return "say"


def beats_for(locale: str, segments: Sequence[pacing.Segment], lengths: Sequence[float] | None = None,
              texts: Sequence[str] | None = None) -> list[Beat]:
    """One beat per segment; a phase's counts share its growth evenly. ``lengths`` default to the plan's."""
    measure = speech.measure_for(locale)
    if lengths is None:
        lengths = [pacing.segment_seconds(s, measure) for s in segments]
    if texts is None:
        texts = [speech.plain_words(speech.render(locale, s.key, **s.data)) for s in segments]
    phases: list[str] = []
    for segment in segments:
        found = _phase(segment)
        phases.append(found if found is not None else (phases[-1] if phases else "say"))
    beats, scale, i = [], SMALL, 0
    while i < len(segments):
        j = i + 1
        while j < len(segments) and _phase(segments[j]) is None:  # the counts of this phase
            j += 1
        goal = LARGE if phases[i] == "in" else SMALL if phases[i] == "out" else scale
        total = sum(lengths[i:j]) or 1.0
        elapsed = 0.0
        for k in range(i, j):
            begin = scale + (goal - scale) * elapsed / total
            elapsed += lengths[k]
            end = scale + (goal - scale) * elapsed / total
            beats.append(Beat(texts[k], lengths[k], round(begin, 4), round(end, 4), phases[i]))
        scale, i = goal, j
    return beats


def words_beat(ssml: str, scale: float = SMALL) -> Beat | None:
    """Words around the breaths (a first-time disclosure, "shall we go on?"): the circle rests."""
    seconds = speech.seconds(ssml) if ssml else 0.0
    return Beat(speech.plain_words(ssml), seconds, scale, scale) if seconds > 0 else None


def stream_beats(cues: Sequence[dict], duration: float) -> list[Beat]:
    """Beats from the renderer's sidecar: each cue lasts until the next one starts (measured, as heard)."""
    segments = [pacing.Segment(c.get("key", ""), c.get("data") or {}) for c in cues]
    starts = [float(c.get("start", 0.0)) for c in cues]
    lengths = [(starts[i + 1] if i + 1 < len(cues) else duration) - starts[i] for i in range(len(cues))]
    beats = beats_for(speech.DEFAULT_LOCALE, segments, lengths, [str(c.get("text", "")) for c in cues])
    if cues and starts[0] > 0:  # the encoder's delay and any silence before the first words
        beats.insert(0, Beat("", starts[0], SMALL, SMALL))
    return beats


# -- commands ------------------------------------------------------------------------------------

def _milliseconds(beats: Sequence[Beat]) -> list[int]:
    """Each beat's length in whole ms, rounded on the running total so the sum is the total's round."""
    out, elapsed, said = [], 0.0, 0
    for beat in beats:
        elapsed += beat.seconds
        out.append(round(elapsed * 1000) - said)
        said += out[-1]
    return out


def commands(beats: Sequence[Beat]) -> list:
    """One Sequential: for each beat, its words (SetValue) and its motion (AnimateItem) or a rest (Idle)."""
    apl = _model()
    steps, shown = [], None
    for beat, ms in zip(beats, _milliseconds(beats)):
        if beat.text and beat.text != shown:
            steps.append(apl.SetValueCommand(component_id="step", object_property="text", value=beat.text))
            shown = beat.text
        if ms <= 0:
            continue
        if beat.start_scale != beat.end_scale:
            steps.append(apl.AnimateItemCommand(component_id="circle", duration=ms, easing="ease-in-out", value=[
                apl.AnimatedTransformProperty(object_from=[apl.ScaleTransformProperty(scale=beat.start_scale)],
                                              to=[apl.ScaleTransformProperty(scale=beat.end_scale)])]))
        else:
            steps.append(apl.IdleCommand(delay=ms))
    return [apl.SequentialCommand(commands=steps)]


def command_milliseconds(cmds: Iterable) -> int:
    """How long a list of commands runs: what the timing tests add up (AnimateItem durations, Idle delays)."""
    apl, total = _model(), 0
    for cmd in cmds:
        if isinstance(cmd, apl.SequentialCommand):
            total += command_milliseconds(cmd.commands or [])
        elif isinstance(cmd, apl.AnimateItemCommand):
            total += int(cmd.duration or 0) + int(cmd.delay or 0)
        elif isinstance(cmd, apl.IdleCommand):
            total += int(cmd.delay or 0)
    return total


def idle_ms(seconds_left: float) -> int:
    return int(min(MAX_IDLE_MS, max(DEFAULT_IDLE_MS, (seconds_left + MARGIN_S) * 1000)))


def _with_idle(doc: dict, ms: int) -> dict:
    doc = copy.deepcopy(doc)
    doc["settings"] = {**doc.get("settings", {}), "idleTimeout": int(ms)}
    return doc


# -- what a response carries ------------------------------------------------------------------------

def breathing_directives(beats: Sequence[Beat], *, title: str, hint: str, progress: tuple[int, int, str],
                         night: bool, seconds_left: float) -> list:
    """RenderDocument (the layout, its data) and ExecuteCommands (the motion) for one turn or stream."""
    turn, turns, progress_text = progress
    data = {"breath": {
        "title": title, "hint": hint, "night": night,
        "text": next((b.text for b in beats if b.text), ""),
        "scaleStart": beats[0].start_scale if beats else SMALL,
        "progressPercent": round(100 * (turn - 1) / max(1, turns)),
        "progressText": progress_text,
        "seconds": round(sum(b.seconds for b in beats), 3),
        "beats": [asdict(b) for b in beats],
    }}
    apl = _model()
    return [apl.RenderDocumentDirective(token=TOKEN_BREATH, document=_with_idle(document("breathing"), idle_ms(seconds_left)),
                                    datasources=data),
            apl.ExecuteCommandsDirective(token=TOKEN_BREATH, commands=commands(beats))]


_NUMBER = re.compile(r"(?<![\w.])(\+?\d[\d\- ]{1,16}\d|\d{3,})(?![\w])")


def card_lines(text: str) -> list[dict]:
    """A card's lines, each with the phone numbers it carries (shown again, large)."""
    lines = []
    for line in (piece.strip() for piece in text.split("\n")):
        if line:
            found = _NUMBER.findall(line)
            lines.append({"text": line, "number": "  ".join(dict.fromkeys(n.strip() for n in found))})
    return lines


def message_directive(title: str, text: str, *, night: bool):
    """A card on the screen: its lines, each phone number in them repeated large."""
    data = {"message": {"title": title, "lines": card_lines(text), "night": night}}
    return _model().RenderDocumentDirective(token=TOKEN_MESSAGE, document=_with_idle(document("message"), DEFAULT_IDLE_MS * 4),
                                   datasources=data)


# -- hooks: the exercise runner says what it plays, the reply adds the picture -------------------------

@dataclass
class Pending:
    beats: list[Beat]
    body: str  # the SSML the beats cover; whatever the answer says after it rests the circle
    title: str
    progress: tuple[int, int, str]
    seconds_left: float  # from this turn's start to the end of the practice


def turn(handler_input, turns: Sequence[Sequence[pacing.Segment]], index: int, *, prefix: str, suffix: str, body: str,
         title: str) -> None:
    """The exercise runner's turn ``index`` of ``turns``, for the picture the answer will carry (none without APL)."""
    if not supports(handler_input):
        return
    where = speech.supported_locale(getattr(handler_input.request_envelope.request, "locale", None))
    measure = speech.measure_for(where)
    count = len(turns)
    seconds_left = sum(pacing.total_seconds(t, measure) for t in turns[index:]) + speech.seconds(prefix) + speech.seconds(suffix)
    beats = beats_for(where, turns[index])
    lead = words_beat(prefix)
    end = beats[-1].end_scale if beats else SMALL
    tail = words_beat(suffix, end)
    beats = ([lead] if lead else []) + beats + ([tail] if tail else [])
    progress = (index + 1, count, speech.to_text(speech.render(where, "screen/progress", turn=index + 1, turns=count)))
    handler_input.attributes_manager.request_attributes[PENDING] = Pending(beats, body, title, progress, seconds_left)


def add_to(handler_input, say: str, card: tuple[str, str] | None) -> None:
    """Called by reply.respond: the turn's picture (with whatever follows its words), else the card on screen."""
    if not supports(handler_input):
        return
    builder = handler_input.response_builder
    where = speech.supported_locale(getattr(handler_input.request_envelope.request, "locale", None))
    pending = handler_input.attributes_manager.request_attributes.pop(PENDING, None)
    if isinstance(pending, Pending):
        beats = list(pending.beats)
        rest = say[len(pending.body):] if say.startswith(pending.body) else ""
        end = beats[-1].end_scale if beats else SMALL
        tail = words_beat(rest.strip(), end)
        if tail:
            beats.append(tail)
        for directive in breathing_directives(beats, title=pending.title, hint=hint(where), progress=pending.progress,
                                              night=is_night(handler_input), seconds_left=pending.seconds_left):
            builder.add_directive(directive)
    elif card:
        builder.add_directive(message_directive(card[0], card[1], night=is_night(handler_input)))


def stream(handler_input, rendered, *, say: str, title: str) -> None:
    """A practice played as one stream: the spoken start, then the stream's own measured cues."""
    if not supports(handler_input):
        return
    where = speech.supported_locale(getattr(handler_input.request_envelope.request, "locale", None))
    beats = stream_beats(rendered.timeline, float(rendered.duration_s))
    lead = words_beat(say)
    beats = ([lead] if lead else []) + beats
    total = sum(b.seconds for b in beats)
    progress = speech.to_text(speech.render(where, "screen/progress", turn=1, turns=1))
    for directive in breathing_directives(beats, title=title, hint=hint(where), progress=(1, 1, progress),
                                          night=is_night(handler_input), seconds_left=total):
        handler_input.response_builder.add_directive(directive)


def hint(locale: str) -> str:
    return speech.to_text(speech.render(locale, "screen/hint"))
