"""Words: one Jinja2 environment over skill/scripts, rendered to SSML fragments.

The code chooses a key ("breathing/intro"); the locale's template chooses the
words. English locales without their own copy of a template use en-US.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from pathlib import Path
from typing import Iterable, Mapping

import jinja2

from . import pacing

SCRIPTS = Path(__file__).parent / "scripts"
# the templates compiled to Python modules ahead of time (the Lambda build: `python -m skill.speech
# compile`), so a cold start neither lexes nor compiles them; absent in a checkout
COMPILED = Path(__file__).parent / "_templates"
DEFAULT_LOCALE = "en-US"
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")


def _loader() -> jinja2.BaseLoader:
    source = jinja2.FileSystemLoader(str(SCRIPTS))
    return jinja2.ChoiceLoader([jinja2.ModuleLoader(str(COMPILED)), source]) if COMPILED.is_dir() else source


_env = jinja2.Environment(
    loader=_loader(),
    undefined=jinja2.StrictUndefined,
    autoescape=True,  # anything inserted (a person's words) is escaped for SSML
    trim_blocks=False,  # a newline after a block tag is a word break; whitespace is normalised later
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
_env.globals["pause"] = _env.get_template("_macros.j2").module.pause

_BREAK = re.compile(r'<break\s+time="(\d+(?:\.\d+)?)(ms|s)"\s*/>')
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def supported_locale(locale: str | None) -> str:
    if locale in LOCALES:
        return locale
    return DEFAULT_LOCALE


@functools.lru_cache(maxsize=2048)
def template_name(locale: str, key: str) -> str:
    """The template that speaks ``key`` for ``locale``, falling back to en-US."""
    locale = supported_locale(locale)
    for candidate in (locale, DEFAULT_LOCALE):
        name = f"{candidate}/{key}.j2"
        if (SCRIPTS / name).is_file():
            return name
    raise jinja2.TemplateNotFound(f"{locale}/{key}.j2")


_heard: contextvars.ContextVar[list | None] = contextvars.ContextVar("heard", default=None)


@contextlib.contextmanager
def recording():
    """Collect the keys rendered for a person to hear (tests assert which script was used)."""
    keys: list[str] = []
    token = _heard.set(keys)
    try:
        yield keys
    finally:
        _heard.reset(token)


def _render(locale: str, key: str, data: Mapping) -> str:
    try:
        return _render_cached(locale, key, tuple(sorted(data.items())))
    except TypeError:  # unhashable data (a list): render directly
        return _render_now(locale, key, data)


def _render_now(locale: str, key: str, data: Mapping) -> str:
    text = _env.get_template(template_name(locale, key)).render(**data)
    return _SPACE.sub(" ", text).strip()


@functools.lru_cache(maxsize=8192)
def _render_cached(locale: str, key: str, frozen: tuple) -> str:
    return _render_now(locale, key, dict(frozen))


def render(locale: str, key: str, /, **data) -> str:
    """Render one fragment (no <speak> wrapper), whitespace normalised."""
    keys = _heard.get()
    if keys is not None:
        keys.append(key)
    return _render(locale, key, data)


def render_private(locale: str, key: str, /, **data) -> str:
    """Render words that carry something a person said: never cached, so it does not outlive the turn."""
    keys = _heard.get()
    if keys is not None:
        keys.append(key)
    return _render_now(locale, key, data)


def pause(seconds: float) -> str:
    return str(_env.globals["pause"](seconds)).strip()


def segment(locale: str, seg: pacing.Segment) -> str:
    words = render(locale, seg.key, **seg.data)
    return f"{words} {pause(seg.silence)}".strip() if seg.silence else words


def join(fragments: Iterable[str]) -> str:
    return " ".join(f for f in fragments if f)


def break_seconds(ssml: str) -> list[float]:
    return [float(v) / (1000 if unit == "ms" else 1) for v, unit in _BREAK.findall(ssml)]


def plain_words(ssml: str) -> str:
    return _SPACE.sub(" ", _TAG.sub(" ", ssml)).strip()


def seconds(ssml: str) -> float:
    """Estimated length of a fragment: words at the engine's rate plus its breaks."""
    return pacing.speech_seconds(plain_words(ssml)) + sum(break_seconds(ssml))


def measurer(locale: str) -> pacing.Measure:
    """A pacing.Measure for ``locale``, cached: plans re-measure the same cues often."""
    locale = supported_locale(locale)

    def measure(key: str, data: Mapping) -> float:
        return seconds(_render(locale, key, data))

    return measure


@functools.lru_cache(maxsize=None)
def measure_for(locale: str) -> pacing.Measure:
    return measurer(locale)


def to_text(ssml: str) -> str:
    """SSML made readable for the console: tags dropped, pauses shown with their length."""
    def pause_text(match: re.Match) -> str:
        return f"\x00{float(match.group(1)) / (1000 if match.group(2) == 'ms' else 1)}\x00"

    marked = _BREAK.sub(pause_text, ssml)
    marked = _TAG.sub(" ", marked)
    # merge chained breaks into one pause
    parts = re.split(r"\x00([\d.]+)\x00", marked)
    out, pending = [], 0.0
    for i, part in enumerate(parts):
        if i % 2:
            pending += float(part)
            continue
        text = _SPACE.sub(" ", part).strip()
        if text:
            if pending:
                out.append(f"[pause {_fmt(pending)}]")
                pending = 0.0
            out.append(text)
    if pending:
        out.append(f"[pause {_fmt(pending)}]")
    # tags read as spaces; a tag closing before punctuation ("<say-as>988</say-as>,") must not leave one
    import html  # here: cards and the console only

    return re.sub(r" +([,.;:!?])", r"\1", html.unescape(" ".join(out)))


def compile_ahead(target: str) -> None:
    """Every template as a Python module in `target` (jinja2's own compile_templates)."""
    plain = _env.overlay(loader=jinja2.FileSystemLoader(str(SCRIPTS)))
    plain.compile_templates(target, extensions=["j2"], zip=None, ignore_errors=False)


def _fmt(seconds: float) -> str:
    return f"{seconds:.0f}s" if seconds >= 10 or seconds == int(seconds) else f"{seconds:.1f}s"


if __name__ == "__main__":  # python -m skill.speech compile <dir>
    import sys

    if sys.argv[1:2] != ["compile"] or len(sys.argv) != 3:
        sys.exit("usage: python -m skill.speech compile <dir>")
    compile_ahead(sys.argv[2])
