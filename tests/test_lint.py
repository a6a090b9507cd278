"""`python -m skill lint` and `python -m skill plan`: content authors' tools, run as a person would."""
import dataclasses
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from skill import lint, pacing, speech
from skill.scripts import catalogue

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    return subprocess.run([sys.executable, "-m", "skill", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_lint_is_clean_and_checks_with_ssml_check_core():
    if not (ROOT / "node_modules" / "ssml-check-core").is_dir() or shutil.which("node") is None:
        pytest.fail("Node and node_modules/ssml-check-core are needed: run `make test` (it installs them)", pytrace=False)
    result = run("lint")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert "0 errors" in summary and "checked by ssml-check-core" in summary
    assert all(locale in summary for locale in speech.LOCALES)
    assert len(result.stdout.splitlines()) <= 60  # concise


# --- lint finds what it says it finds ---------------------------------------------------------

def broken(timeline, target=None, budget=pacing.TURN_BUDGET_SECONDS, opts=None):
    return catalogue.Exercise(
        id="broken", intent="BrokenIntent", family="breathing", options=lambda slots, prefs: dict(opts or {"x": 1}),
        clean=lambda raw: dict(raw) if isinstance(raw, dict) else None, timeline=timeline, card="breathing/card",
        target=target, budget=budget)


@pytest.fixture
def registered(monkeypatch):
    def register(exercise):
        monkeypatch.setitem(catalogue._REGISTRY, exercise.id, exercise)
        catalogue._plan.cache_clear()
        return exercise
    yield register
    catalogue._plan.cache_clear()


def lint_one(exercise):
    report = lint.Report()
    lint.check_exercise(exercise, "en-US", report)
    return report


NAME = {"technique": "box", "x": 1}


def test_a_missing_script_and_missing_data_are_errors(registered):
    missing = registered(broken(lambda o, m, v: [pacing.Segment("breathing/no_such_part", {}, 1.0)], opts=NAME))
    assert any("missing template" in e for e in lint_one(missing).errors["template"])
    undefined = registered(broken(lambda o, m, v: [pacing.Segment("breathing/cue", {"cue": "in"}, 1.0)], opts=NAME))
    assert any("undefined variable" in e and "first" in e for e in lint_one(undefined).errors["template"])


def test_a_timed_plan_off_by_more_than_three_percent_is_an_error(registered):
    def timeline(opts, measure, variant):
        return pacing.breathing_timeline("box", measure, rounds=3, variant=variant)

    total = pacing.total_seconds(timeline({}, speech.measure_for("en-US"), 0), speech.measure_for("en-US"))
    on_time = registered(broken(timeline, target=lambda o: total * 1.02, opts=NAME))
    assert not lint_one(on_time).errors
    late = registered(broken(timeline, target=lambda o: total * 1.05, opts=NAME))
    assert any("tolerance ±3%" in e for e in lint_one(late).errors["duration"])


def test_a_turn_over_its_budget_or_too_long_to_say_is_an_error(registered):
    def one_long_piece(opts, measure, variant):  # no boundary: nothing can split it
        return [pacing.Segment("grounding/body", {"part": "feet"}, 9.5) for _ in range(120)]

    report = lint_one(registered(broken(one_long_piece, opts=NAME)))
    assert report.errors["budget"] and report.errors["size"]


def test_any_error_makes_lint_exit_non_zero_with_one_line_a_problem(registered):
    def timeline(opts, measure, variant):
        return pacing.breathing_timeline("box", measure, rounds=2, variant=variant)

    registered(broken(timeline, target=lambda o: 600.0, opts=NAME))  # claims ten minutes, plans well under one
    out = io.StringIO()
    assert lint.main(use_node=False, out=out) == 1
    lines = out.getvalue().splitlines()
    assert any(line.startswith("error: duration: en-US broken[") for line in lines)
    assert "checked by XML parse" in lines[-1] and not re.search(r"(?<!\d)0 errors", lines[-1])


def test_breaks_and_broken_ssml_are_found():
    assert lint.break_problems('<break time="12s"/> and <break time="10000ms"/>') == ['<break time="12s"/> is over 10 s']
    assert lint.xml_problem("fish & chips") and not lint.xml_problem("fish &amp; chips")
    report = lint.Report()
    checker = lint.node_check({'<prosody rate="5%">Hello</prosody>': "a test piece", "Hello": "fine"}, report)
    assert checker == "ssml-check-core"
    assert len(report.errors["ssml"]) == 1 and "a test piece" in report.errors["ssml"][0]


def test_options_an_exercise_will_not_accept_are_an_error(registered):
    picky = registered(dataclasses.replace(broken(lambda o, m, v: [], opts=NAME), clean=lambda raw: None))
    assert lint_one(picky).errors["options"]


def test_a_template_nothing_uses_is_a_warning(tmp_path, monkeypatch):
    scripts = tmp_path / "scripts"
    shutil.copytree(speech.SCRIPTS, scripts)
    (scripts / speech.DEFAULT_LOCALE / "breathing" / "forgotten.j2").write_text("Nobody says this.")
    monkeypatch.setattr(speech, "SCRIPTS", scripts)
    report = lint.Report()
    report.heard.update({"breathing/intro"})
    lint.check_templates(report)
    assert any("breathing/forgotten.j2" in w for w in report.warnings["unused"])
    assert not any("_length" in w for w in report.warnings["unused"])  # macro files are imported, not keyed


# --- plan ---------------------------------------------------------------------------------------

def test_plan_prints_the_timeline_and_a_total_on_target():
    result = run("plan", "breathing", "--technique", "box", "--minutes", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("breathing (en-US, variant 0): technique=box minutes=3")
    cue = next(line for line in lines if "breathing/cue" in line)
    assert "Breathe in" in cue and "s" in cue
    assert any(line.startswith("-- turn 2 of") for line in lines)
    assert "total 180.0 s (3:00.0)" in lines[-1] and "+0.00% (ok" in lines[-1]


def test_plan_takes_rounds_pace_counting_locale_and_other_exercises():
    counted = run("plan", "breathing", "--technique", "four_seven_eight", "--rounds", "2", "--pace", "1",
                  "--count-aloud", "--locale", "en-GB")
    assert counted.returncode == 0, counted.stderr
    assert "breathing/count" in counted.stdout and "(en-GB" in counted.stdout and "pace=1" in counted.stdout
    assert counted.stdout.count("breathing/cue") == 2 * 3  # two whole breaths of three phases
    nightly = run("plan", "nightly", "--length", "long")
    assert nightly.returncode == 0 and "target 480 s" in nightly.stdout and "(ok" in nightly.stdout
    room = run("plan", "grounding", "--technique", "room", "--variant", "1")
    assert room.returncode == 0 and "grounding/room" in room.stdout and "green" in room.stdout


def test_plan_explains_what_it_cannot_plan():
    assert run("plan", "juggling").returncode == 2
    wrong = run("plan", "breathing", "--technique", "box", "--pace", "9")
    assert wrong.returncode == 2 and "does not accept" in wrong.stderr


def test_openings_and_closings_have_at_least_two_phrasings():
    data = {
        "breathing": [{"technique": t, "holds": pacing.TECHNIQUES[t].holds, "count_aloud": False, "brief": b,
                       "minutes": 2, "rounds": 0, "note": "", "pace": 0} for t in pacing.TECHNIQUES for b in (False, True)],
        "grounding": [{"technique": t, "note": ""} for t in ("senses", "body", "room")],
        "soothing": [{"technique": t, "note": ""} for t in ("heart", "butterfly", "safe_place", "mantra")],
        "nightly": [{"length": length} for length in ("short", "long")],
    }
    for family, options in data.items():
        for part in ("intro", "close"):
            for opts in options:
                phrasings = {speech.render("en-US", f"{family}/{part}", **opts, variant=v) for v in range(12)}
                assert len(phrasings) >= 2, (family, part, opts)
