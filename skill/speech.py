"""Words: one Jinja2 environment over skill/scripts, rendered to SSML fragments.

The code chooses a key ("breathing/intro"); the locale's template chooses the
words. A locale holds only what it says differently (skill/scripts/en-GB/...: idiom, the
time said the local way); every other template falls back along ``fallbacks(locale)`` to the
base English, en-US's, and is read in the locale's own spelling (colour, practise), from the
``[spelling]`` of interaction_model/source/<locale>.toml, so no template is kept twice for a
letter. Imports name the base ("en-US/safety/_say.j2") and resolve per locale the same way.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import importlib
import json
import re
from pathlib import Path
from typing import Iterable, Mapping

from . import lean, pacing


def _jinja_core():
    """jinja2's environment, runtime and exceptions, without the package's __init__ (skill/lean.py)."""
    lean.without_init("jinja2")
    return tuple(importlib.import_module(f"jinja2.{name}") for name in ("environment", "exceptions", "runtime"))


_environment, _exceptions, _runtime = _jinja_core()
TemplateNotFound = _exceptions.TemplateNotFound

SCRIPTS = Path(__file__).parent / "scripts"
# the templates compiled to Python modules ahead of time (the Lambda build: `python -m skill.speech
# compile`), so a cold start neither lexes nor compiles them; absent in a checkout
COMPILED = Path(__file__).parent / "_templates"
DEFAULT_LOCALE = "en-US"
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")

LEXICON = Path(__file__).parent / "lexicon"
# where a locale's template is missing: these, in order (the base English last)
PARENTS: dict[str, tuple[str, ...]] = {}


def fallbacks(locale: str) -> tuple[str, ...]:
    """The folders a locale's templates are looked up in, its own first: en-GB -> en-US."""
    locale = supported_locale(locale)
    return tuple(dict.fromkeys((locale, *PARENTS.get(locale, ()), DEFAULT_LOCALE)))


@functools.lru_cache(maxsize=None)
def spelling(locale: str) -> dict[str, str]:
    """The locale's spelling (base word or phrase -> the locale's), as the model build wrote it."""
    path = LEXICON / f"model-{locale}.json"
    if locale == DEFAULT_LOCALE or not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")).get("spelling", {}))


_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)


def respell(text: str, locale: str) -> str:
    """Template text in the locale's spelling; Jinja tags and expressions are left as they are.

    By hand: the spelling lists are ours (the model overlays'), and no kept library respells
    a template's words between its tags.
    """
    table = spelling(locale)
    if not table:
        return text
    pattern = _respeller(tuple(sorted(table, key=len, reverse=True)))

    def swap(match: re.Match) -> str:
        found = match.group(0)
        new = table[found.lower()]
        return new[:1].upper() + new[1:] if found[:1].isupper() else new

    parts = _JINJA.split(text)
    return "".join(part if i % 2 else pattern.sub(swap, part) for i, part in enumerate(parts))


@functools.lru_cache(maxsize=16)
def _respeller(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)


class _Loader:
    """``<locale>/<key>.j2``: the locale's own file, else the first of its fallbacks that has one,
    read in the locale's spelling. Names outside a locale folder ("_macros.j2") are plain files.

    In the Lambda build every name of every locale is compiled ahead (``compile_ahead``), and is
    loaded from there; a checkout compiles from the sources. A jinja2 loader by its protocol
    (``load``, ``get_source``), not jinja2.BaseLoader's subclass: see _jinja_core.
    """

    has_source_access = True

    def __init__(self, compiled: Path | None = None):
        self.compiled = compiled

    def load(self, environment, name, globals=None):
        globals = globals or {}
        if self.compiled is not None and (self.compiled / f"{module_name(name)}.py").is_file():
            module = importlib.import_module(f"{__package__}.{self.compiled.name}.{module_name(name)}")
            return environment.template_class.from_module_dict(environment, module.__dict__, globals)
        source, filename, uptodate = self.get_source(environment, name)
        return environment.template_class.from_code(environment, environment.compile(source, name, filename),
                                                    globals, uptodate)

    def get_source(self, environment, template):
        head, _, rest = template.partition("/")
        candidates = [(head, SCRIPTS / template)]
        if head in LOCALES and rest:
            candidates = [(folder, SCRIPTS / folder / rest) for folder in fallbacks(head)]
        for folder, path in candidates:
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                if head in LOCALES and folder != head:
                    text = respell(text, head)
                mtime = path.stat().st_mtime
                return text, str(path), lambda path=path, mtime=mtime: path.is_file() and path.stat().st_mtime == mtime
        raise TemplateNotFound(template)


def module_name(template: str) -> str:
    """The module a template is compiled to: "en-GB/common/menu.j2" -> "t_en_GB__common__menu"."""
    return "t_" + template.removesuffix(".j2").replace("-", "_").replace("/", "__")


class _Environment(_environment.Environment):
    def join_path(self, template: str, parent: str) -> str:
        """An import of the base's file ("en-US/safety/_say.j2") inside an en-GB template means en-GB's."""
        head, _, rest = template.partition("/")
        locale = parent.partition("/")[0]
        if head == DEFAULT_LOCALE and locale in LOCALES and rest:
            return f"{locale}/{rest}"
        return template


_env = _Environment(
    loader=_Loader(COMPILED if COMPILED.is_dir() else None),
    cache_size=4000,  # every template of every locale stays compiled (Jinja keeps 400 by default)
    undefined=_runtime.StrictUndefined,
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
def template_file(locale: str, key: str) -> str:
    """The file that speaks ``key`` for ``locale`` (relative to SCRIPTS): its own, else a fallback's."""
    locale = supported_locale(locale)
    for candidate in fallbacks(locale):
        name = f"{candidate}/{key}.j2"
        if (SCRIPTS / name).is_file():
            return name
    raise TemplateNotFound(f"{locale}/{key}.j2")


def template_name(locale: str, key: str) -> str:
    """The template that speaks ``key`` for ``locale`` (found along its fallbacks by the loader)."""
    template_file(locale, key)  # not found anywhere: say so now
    return f"{supported_locale(locale)}/{key}.j2"


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


def text(locale: str, key: str, /, **data) -> str:
    """A fragment as plain text, for a card or a screen; cached as ``render`` is, being made from it."""
    keys = _heard.get()
    if keys is not None:
        keys.append(key)
    try:
        return _text_cached(locale, key, tuple(sorted(data.items())))
    except TypeError:  # unhashable data: made now
        return to_text(_render_now(locale, key, data))


@functools.lru_cache(maxsize=2048)
def _text_cached(locale: str, key: str, frozen: tuple) -> str:
    return to_text(_render_cached(locale, key, frozen))


def render_private(locale: str, key: str, /, **data) -> str:
    """Render words that carry something a person said: never cached, so it does not outlive the turn."""
    keys = _heard.get()
    if keys is not None:
        keys.append(key)
    return _render_now(locale, key, data)


@functools.lru_cache(maxsize=1024)
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
    return re.sub(r" +([,.;:!?])", r"\1", _unescape(" ".join(out)))


_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#34;": '"', "&apos;": "'",
             "&#39;": "'"}


def _unescape(text: str) -> str:
    """html.unescape, in one pass, for what autoescape writes; the html module (and its table of two
    thousand entities) loads only for any other entity."""
    def one(match: re.Match) -> str:
        found = _ENTITIES.get(match.group(0))
        if found is None:
            import html

            found = html.unescape(match.group(0))
        return found

    return _ENTITY.sub(one, text)


def template_names() -> list[str]:
    """Every name a template is asked for by: each locale's every key (its own or a fallback's), and
    the plain files outside the locale folders."""
    names = [p.relative_to(SCRIPTS).as_posix() for p in SCRIPTS.glob("*.j2")]
    for locale in LOCALES:
        keys = {p.relative_to(SCRIPTS / folder).as_posix() for folder in fallbacks(locale)
                for p in (SCRIPTS / folder).rglob("*.j2")}
        names += [f"{locale}/{key}" for key in sorted(keys)]
    return names


def compile_ahead(target: str) -> None:
    """Every template name as a Python module in ``target``, read through the same loader (so a
    locale's fallbacks are compiled in its spelling): jinja2's own compiler, raw output."""
    folder = Path(target)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text("", encoding="utf-8")
    source = _Loader()
    written: dict[str, str] = {}
    for name in template_names():
        module = module_name(name)
        if written.setdefault(module, name) != name:
            raise ValueError(f"{name} and {written[module]} would share the module {module}")
        text, filename, _ = source.get_source(_env, name)
        (folder / f"{module}.py").write_text(_env.compile(text, name, filename, raw=True, defer_init=True), encoding="utf-8")


def _fmt(seconds: float) -> str:
    return f"{seconds:.0f}s" if seconds >= 10 or seconds == int(seconds) else f"{seconds:.1f}s"


if __name__ == "__main__":  # python -m skill.speech compile <dir>
    import sys

    if sys.argv[1:2] != ["compile"] or len(sys.argv) != 3:
        sys.exit("usage: python -m skill.speech compile <dir>")
    compile_ahead(sys.argv[2])
