"""Alexa's rules for what the skill says, as plain checks over SSML strings.

`problems(ssml)` lists what is wrong with one SSML string (a whole outputSpeech or a
fragment, which is wrapped in <speak> first): it must parse as XML with <speak> at the
root, every <break> must be at most 10 s, and the whole must stay under 8000 characters.
ssml-check-core (tests/js/ssml_check.js) adds the tag-and-attribute check on top.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

MAX_BREAK_MS = 10_000
MAX_CHARS = 8_000
_TIME = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$")
_STRENGTHS = {"none", "x-weak", "weak", "medium", "strong", "x-strong"}
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def wrap(fragment: str) -> str:
    fragment = fragment.strip()
    return fragment if fragment.startswith("<speak>") else f"<speak>{fragment}</speak>"


def problems(ssml: str) -> list[str]:
    whole = wrap(ssml)
    found: list[str] = []
    if len(whole) >= MAX_CHARS:
        found.append(f"{len(whole)} characters; Alexa's limit is {MAX_CHARS}")
    try:
        root = ET.fromstring(whole)
    except ET.ParseError as err:
        return found + [f"not well-formed XML: {err}"]
    if root.tag != "speak":
        found.append(f"root element is <{root.tag}>, not <speak>")
    for element in root.iter("break"):
        time, strength = element.get("time"), element.get("strength")
        if time is None:
            if strength not in _STRENGTHS:
                found.append(f"<break> with neither a time nor a valid strength: {ET.tostring(element, encoding='unicode')}")
            continue
        match = _TIME.match(time)
        if not match:
            found.append(f'<break time="{time}"/> is not a time in s or ms')
            continue
        ms = float(match.group(1)) * (1 if match.group(2) == "ms" else 1000)
        if ms > MAX_BREAK_MS:
            found.append(f'<break time="{time}"/> is longer than 10 s')
    return found


def breaks_ms(ssml: str) -> list[float]:
    root = ET.fromstring(wrap(ssml))
    out = []
    for element in root.iter("break"):
        match = _TIME.match(element.get("time") or "")
        if match:
            out.append(float(match.group(1)) * (1 if match.group(2) == "ms" else 1000))
    return out


def words(ssml: str | None) -> str:
    """What a listener hears, as comparable text: tags dropped, entities decoded, lowercased."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", ssml or ""))).strip().lower()
