"""The web companion in a real browser: Debian's Chromium, headless, driven by Playwright.

The page is served by the real development server (`python -m skill serve`, tests/servers.py) on
127.0.0.1. A phone-sized window types what a person would type, and the test watches what they
would see: the circle growing on the breath in, resting on the hold, shrinking on the breath out,
the words of each step, the numbers after a crisis sentence. Screenshots go to artifacts/browser/
(gitignored). axe-core (npm, pinned in package.json) checks contrast and labels, day and night.

The browser is Debian's package (.ci/run installs it), never a download: these tests skip, saying
so, only where no Chromium executable exists.
"""
from __future__ import annotations

import datetime as _dt
import os
import shutil
from pathlib import Path

import pytest

from servers import NODE_MODULES, ROOT, SkillServer

CHROMIUM = os.environ.get("SB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip("Chromium is not installed here (Debian: apt-get install chromium; .ci/run does it as root), "
                "so the browser tests cannot run", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: make test installs the dev extras")

SHOTS = ROOT / "artifacts" / "browser"
PHONE = {"width": 390, "height": 844}
AXE = NODE_MODULES / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with SkillServer(tmp_path_factory.mktemp("web") / "store.sqlite3") as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


def _timezone_at(hour: int) -> str:
    """A fixed-offset zone where the local hour is now ``hour`` (Etc/GMT-N is N hours ahead of UTC)."""
    offset = (hour - _dt.datetime.now(_dt.timezone.utc).hour) % 24
    offset = offset - 24 if offset > 14 else offset
    return "Etc/GMT" + (f"-{offset}" if offset > 0 else f"+{-offset}" if offset < 0 else "")


# A stand-in for the browser's voice (headless Chromium has none): it notes what is said and when,
# and takes 0.3 s to say anything, so a test can hear what a person would.
LISTENING_VOICE = """
(() => {
  const heard = [];
  window.__heard = heard;
  const voice = {
    speak(said) {
      heard.push({text: said.text, at: performance.now(), step: document.getElementById('step').textContent});
      setTimeout(() => said.onend && said.onend(), 300);
    },
    cancel() { heard.push({text: '(cancel)', at: performance.now()}); },
    getVoices() { return []; },
  };
  Object.defineProperty(window, 'speechSynthesis', {value: voice, configurable: true});
})();
"""


@pytest.fixture
def page_at(browser, server):
    contexts, problems = [], []

    def open_page(hour: int = 13, *, voice: bool = False, **options):
        context = browser.new_context(viewport=PHONE, timezone_id=_timezone_at(hour), **options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        if voice:
            page.add_init_script(LISTENING_VOICE)
        page.goto(server.url + "app")
        page.wait_for_selector("#say")
        if not voice:
            page.click("#voice")  # the circle at its planned pace, not a headless voice's
        return page

    open_page.problems = problems
    yield open_page
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def type_in(page, text: str) -> None:
    page.fill("#say", text)
    page.press("#say", "Enter")


def scale(page) -> float:
    return page.evaluate("() => new DOMMatrixReadOnly(getComputedStyle(document.getElementById('circle')).transform).a")


def wait_for_step(page, words: str, timeout_s: float = 45) -> None:
    page.wait_for_function("(words) => document.getElementById('step').textContent.trim() === words", arg=words,
                           timeout=timeout_s * 1000)


# -- a practice ------------------------------------------------------------------------------------------

def test_box_breathing_for_one_minute_the_circle_breathes_with_the_words_and_stop_stops_it(page_at):
    page = page_at()
    assert page.title() == "Secure Base"
    shot(page, "01-opened")
    type_in(page, "open secure base")  # past the first-time disclosure, then straight to the practice
    page.wait_for_function("() => document.getElementById('step').textContent.length > 0")
    type_in(page, "box breathing for one minute")
    page.wait_for_function("() => document.getElementById('step').textContent.includes('breathe together')",
                           timeout=15_000)
    assert page.inner_text("#exercise-title") == "Secure Base: Box breathing"
    assert "Box breathing" in page.inner_text("#card")  # the card, as text
    shot(page, "02-intro")

    wait_for_step(page, "Breathe in gently, through your nose")
    first = scale(page)
    page.wait_for_timeout(1500)
    grown = scale(page)
    assert grown > first + 0.05, (first, grown)
    shot(page, "03-breathe-in")

    wait_for_step(page, "And hold, softly", 10)
    held = scale(page)
    page.wait_for_timeout(1500)
    assert abs(scale(page) - held) < 0.01 and held > 0.9  # rests, full

    wait_for_step(page, "And slowly, all the way out", 10)
    page.wait_for_timeout(300)
    before = scale(page)
    page.wait_for_timeout(1500)
    assert scale(page) < before - 0.05
    shot(page, "04-breathe-out")

    type_in(page, "stop")
    page.wait_for_function("() => document.getElementById('exercise-title').textContent === ''", timeout=15_000)
    goodbye = page.inner_text("#step")
    assert goodbye and "breathe" not in goodbye.lower() and "hold" not in goodbye.lower()  # the goodbye, said
    after_stop = scale(page)
    page.wait_for_timeout(1500)
    assert abs(scale(page) - after_stop) < 0.01  # the circle no longer moves
    assert page.get_attribute("#circle", "data-phase") == "resting"
    shot(page, "05-stopped")
    assert not page_at.problems, page_at.problems  # no script error, no CSP refusal


def test_the_voice_says_each_step_as_it_is_shown_with_the_pauses_kept(page_at):
    page = page_at(voice=True)
    type_in(page, "open secure base")
    page.wait_for_function("() => window.__heard.length > 0")
    type_in(page, "box breathing for one minute")
    wait_for_step(page, "And slowly, all the way out")
    heard = [h for h in page.evaluate("() => window.__heard") if h["text"] != "(cancel)"]
    said = [h["text"] for h in heard]
    begin = said.index("Breathe in gently, through your nose")
    assert said[begin:begin + 3] == ["Breathe in gently, through your nose", "And hold, softly", "And slowly, all the way out"]
    for h in heard[begin:begin + 3]:
        assert h["step"] == h["text"]  # said as it is shown
    gaps = [(b["at"] - a["at"]) / 1000 for a, b in zip(heard[begin:begin + 2], heard[begin + 1:begin + 3])]
    assert gaps == [pytest.approx(4.0, abs=0.35)] * 2  # box breathing: four seconds a phase, words and silence
    assert page_at.problems == []


def test_a_crisis_sentence_shows_the_numbers_large(page_at):
    page = page_at()
    type_in(page, "I don't want to be alive anymore")
    page.wait_for_selector("#card:not([hidden]) .number", timeout=15_000)
    numbers = page.locator("#card .number").all_inner_texts()
    assert "988" in numbers and "911" in numbers
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('#card .number')).fontSize)")
    body = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 1.75 * body
    assert page.get_attribute("#card .number a", "href").startswith("tel:")
    assert "alive anymore" not in page.inner_text("body")  # their words are never shown back
    shot(page, "06-crisis")
    assert not page_at.problems, page_at.problems


# -- privacy, offline ---------------------------------------------------------------------------------------

def test_the_anonymous_id_is_random_and_kept_in_this_browser(page_at):
    page = page_at()
    kept = page.evaluate("() => localStorage.getItem('sb-id')")
    assert kept and len(kept) == 32 and int(kept, 16) >= 0
    page.reload()
    assert page.evaluate("() => localStorage.getItem('sb-id')") == kept
    other = page_at()  # another browser profile: another person
    assert other.evaluate("() => localStorage.getItem('sb-id')") != kept


def test_after_the_first_visit_the_page_opens_offline(page_at):
    page = page_at()
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15_000)  # clients.claim()
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector("#say")
    assert page.inner_text("h1") == "Secure Base"
    type_in(page, "ground me")
    page.wait_for_function("() => document.getElementById('step').textContent.includes('offline')", timeout=10_000)
    shot(page, "07-offline")


# -- accessibility --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("hour, name", [(13, "day"), (23, "night")])
def test_contrast_and_labels_pass_axe_by_day_and_at_night(page_at, hour, name):
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing from {NODE_MODULES}: make test runs npm ci (package.json pins it)")
    page = page_at(hour, bypass_csp=True)  # axe is put into the page by the test only; the page itself never allows it
    assert page.evaluate("() => document.body.classList.contains('night')") is (name == "night")
    type_in(page, "I want to kill myself")  # the card, with its large numbers, is checked too
    page.wait_for_selector("#card:not([hidden]) .number", timeout=15_000)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
        return {violations: result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`),
                passes: result.passes.map(p => p.id)};
    }""")
    shot(page, f"08-axe-{name}")
    assert found["violations"] == []
    assert {"color-contrast", "label", "button-name", "html-has-lang"} <= set(found["passes"])  # it really looked
