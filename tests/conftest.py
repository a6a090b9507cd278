import logging

import pytest

from skill import app, speech
from skill.config import Config

import privacy_watch
from builders import Conversation


# Tests of what is kept use a generous store budget: on a busy shared machine a save can take longer
# than production's 0.4 s, and these tests are about what lands, not how fast (test_store_budget.py is).
TEST_STORE_BUDGET = 3.0


@pytest.fixture
def config(tmp_path):
    return Config(store="sqlite", sqlite_path=str(tmp_path / "store.sqlite3"), store_budget=TEST_STORE_BUDGET)


@pytest.fixture
def skill(config):
    return app.build(config)


@pytest.fixture
def locale(request):
    """The request's locale: en-US, or each of the five where a test is run across them."""
    return getattr(request, "param", speech.DEFAULT_LOCALE)


@pytest.fixture
def talk(skill, locale):
    """A conversation through the same entry point Lambda uses, in ``locale``."""
    return Conversation(lambda body: app.invoke(skill, body), locale=locale)


def pytest_generate_tests(metafunc):
    """Every dialog test (tests/test_dialog_*.py) that talks runs in each of the five locales."""
    if not metafunc.module.__name__.startswith("test_dialog_") or "locale" not in metafunc.fixturenames:
        return
    if any("locale" in str(m.args[0]) for m in metafunc.definition.iter_markers("parametrize")):
        return  # the test chooses its own locales
    metafunc.parametrize("locale", speech.LOCALES, indirect=True)


# --- privacy: every log record of the whole run is watched (tests/privacy_watch.py) ---------

@pytest.fixture(scope="session", autouse=True)
def _every_log_record(request):
    """The run fails at the end if any log record carried a person's words or a raw user id."""
    watch, undo = privacy_watch.watch_everything()
    request.config.stash[privacy_watch.WATCH] = watch
    yield watch
    undo()


def pytest_sessionfinish(session, exitstatus):
    watch = session.config.stash.get(privacy_watch.WATCH, None)
    if watch is not None and watch.findings:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for line in config.stash.get(privacy_watch.FIGURES, []):
        terminalreporter.write_line(line)
    watch = config.stash.get(privacy_watch.WATCH, None)
    if watch is not None and watch.findings:
        terminalreporter.write_sep("=", "log privacy: FAILED", red=True)
        for finding in watch.findings:
            terminalreporter.write_line(finding, red=True)
    elif watch is not None:
        terminalreporter.write_line(f"log privacy: {watch.seen} log records checked; none held a person's words "
                                    "or a raw user id")
