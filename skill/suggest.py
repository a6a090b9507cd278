"""What to suggest next: from how the person says they feel, the time of day, and what helps them.

Pure data and choices (no Alexa objects); skill/handlers/conversation.py says the words.

An offer is one catalogue exercise and at most one option for it ("breathing" with technique
"extended_exhale"). Candidates come in order of preference and the first one whose exercise is
registered wins, so a suggestion never points at an exercise this build does not have.

Time of day, honestly: an Alexa request carries a UTC timestamp but not the device's time zone.
The time zone can only be read from the Alexa Settings API (a network call with the request's
access token), which Secure Base does not make. Local time is therefore estimated from the
request locale's most populous time zone, without daylight saving (en-US: US Eastern, UTC-5;
en-GB: UTC; en-IN: UTC+5:30; ...), or from the SB_UTC_OFFSET_HOURS environment variable when an
operator knows better. The evening window is wide (18:00 to 04:00 local), so an estimate a few
hours off still lands near the right part of the day, and a suggestion is only ever an offer.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from .scripts import catalogue

# A locale's most populous time zone, as hours from UTC, ignoring daylight saving.
LOCALE_UTC_OFFSET = {"en-US": -5.0, "en-CA": -5.0, "en-GB": 0.0, "en-AU": 10.0, "en-IN": 5.5}
EVENING_STARTS, NIGHT_ENDS = 18, 4  # local hours: from 18:00 until 04:00 is "evening"


@dataclass(frozen=True)
class Offer:
    """An exercise to offer, with at most one option (a slot name and the value id it takes)."""

    exercise: str
    slot: str | None = None
    value: str | None = None

    @property
    def code(self) -> str:
        """What state.ask() remembers while the offer is open: ``offer:<id>[:<slot>=<value>]``."""
        return f"offer:{self.exercise}" + (f":{self.slot}={self.value}" if self.slot else "")

    def slots(self) -> dict[str, catalogue.Slot]:
        return {self.slot: catalogue.Slot(value=self.value.replace("_", " "), id=self.value)} if self.slot else {}


_CODE = re.compile(r"^offer:([a-z_]{1,20})(?::([a-z_]{1,12})=([a-z_]{1,20}))?$")  # < 64: state.question's limit


def fits(offer: Offer) -> bool:
    """The exercise is in this build, and takes the option as offered (not as "I don't know that one")."""
    exercise = catalogue.get(offer.exercise)
    if exercise is None:
        return False
    if not offer.slot:
        return True
    try:
        opts = exercise.options(offer.slots(), {})
    except Exception:  # options from elsewhere (a profile, a tampered session) must not break a turn
        return False
    return offer.value in opts.values()


def parse(code: str | None) -> Offer | None:
    """The offer behind a remembered question; None if it is not one, or cannot be trusted."""
    match = _CODE.match(code or "")
    if not match:
        return None
    offer = Offer(*match.groups())
    return offer if fits(offer) else None


def first_available(candidates) -> Offer | None:
    for candidate in candidates:
        offer = candidate if isinstance(candidate, Offer) else Offer(*candidate)
        if fits(offer):
            return offer
    return None


# Whatever else is missing, grounding is always there.
FALLBACK = (("grounding",), ("breathing", "technique", "extended_exhale"))

# Evening and night: self-compassion first (the nightly practice), then other quiet ones.
EVENING = (("nightly",), ("soothing", "technique", "heart"), ("breathing", "technique", "coherent"))

# Daytime "what should I do?" with nothing else to go on: gentle, short, and varied.
DAYTIME = (
    ("grounding",),
    ("breathing", "technique", "coherent"),
    ("memory",),
    ("soothing", "technique", "heart"),
    ("reparenting", "technique", "words"),
)

# "Surprise me": light exercises that need nothing from the person (no thought, no partner).
SURPRISE_DAY = (
    ("breathing", "technique", "sigh"),
    ("grounding",),
    ("memory",),
    ("soothing", "technique", "butterfly"),
    ("breathing", "technique", "box"),
    ("reparenting", "technique", "words"),
    ("soothing", "technique", "safe_place"),
    ("learning", "style", "secure"),
)
SURPRISE_EVENING = (
    ("nightly",),
    ("soothing", "technique", "heart"),
    ("breathing", "technique", "coherent"),
    ("memory",),
    ("soothing", "technique", "safe_place"),
)


def utc_offset_hours(locale: str | None, env=None) -> float:
    env = os.environ if env is None else env
    configured = env.get("SB_UTC_OFFSET_HOURS")
    if configured:
        try:
            value = float(configured)
            if -12 <= value <= 14:
                return value
        except ValueError:
            pass
    return LOCALE_UTC_OFFSET.get(locale or "", LOCALE_UTC_OFFSET["en-US"])


def local_hour(timestamp, locale: str | None, env=None) -> int | None:
    """The estimated local hour of a request (see the module notes); None without a timestamp."""
    if isinstance(timestamp, str):
        try:
            timestamp = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(timestamp, datetime):
        return None
    if timestamp.tzinfo is None:
        timestamp = timestamp.replace(tzinfo=timezone.utc)
    local = timestamp.astimezone(timezone.utc) + timedelta(hours=utc_offset_hours(locale, env))
    return local.hour


def is_evening(hour: int | None) -> bool:
    return hour is not None and (hour >= EVENING_STARTS or hour < NIGHT_ENDS)


@dataclass(frozen=True)
class Suggestion:
    offer: Offer
    reason: str  # "feeling", "evening", "helps_you", "day" or "surprise": which words explain it
    feeling: str | None = None


def suggest(feeling: str | None, hour: int | None, helps_you: Offer | None = None, variant: int = 0) -> Suggestion:
    """ "What should I do?": a named feeling first, then the evening, then what helps this person."""
    from .scripts import feelings

    if feeling in feelings.FEELINGS:
        offer = first_available((*feelings.SUGGESTIONS[feeling], *FALLBACK))
        return Suggestion(offer, "feeling", feeling)
    if is_evening(hour):
        offer = first_available(EVENING)
        if offer:
            return Suggestion(offer, "evening")
    if helps_you and fits(helps_you):
        return Suggestion(helps_you, "helps_you")
    return Suggestion(_rotate(DAYTIME, variant), "day")


def surprise(hour: int | None, variant: int, avoid: str | None = None) -> Suggestion:
    """ "Surprise me": something light, quieter in the evening, not the exercise just done."""
    pool = SURPRISE_EVENING if is_evening(hour) else SURPRISE_DAY
    return Suggestion(_rotate(pool, variant, avoid), "surprise")


def _rotate(pool, variant: int, avoid: str | None = None) -> Offer:
    available = [Offer(*c) for c in pool if fits(Offer(*c))]
    fresh = [o for o in available if o.exercise != avoid] or available
    return fresh[variant % len(fresh)] if fresh else first_available(FALLBACK)


def from_profile(value) -> Offer | None:
    """Read whatever profile.suggestion() returned, defensively: an id, (id, options) or a dict."""
    exercise, options = None, {}
    if isinstance(value, Offer):
        return value if fits(value) else (Offer(value.exercise) if fits(Offer(value.exercise)) else None)
    if isinstance(value, str):
        exercise = value
    elif isinstance(value, (tuple, list)) and value and isinstance(value[0], str):
        exercise = value[0]
        options = value[1] if len(value) > 1 and isinstance(value[1], dict) else {}
    elif isinstance(value, dict):
        exercise = value.get("exercise") or value.get("id")
        options = value.get("opts") or value.get("options") or value.get("slots") or {}
    if not isinstance(exercise, str) or catalogue.get(exercise) is None:
        return None
    for slot, chosen in (options.items() if isinstance(options, dict) else ()):
        if isinstance(slot, str) and isinstance(chosen, str) and parse(Offer(exercise, slot, chosen).code):
            return Offer(exercise, slot, chosen)
    return Offer(exercise)  # an option this build does not know: the exercise with its own default
