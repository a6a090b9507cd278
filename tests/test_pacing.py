"""The pacing engine: sessions last what was asked, turns respect Alexa, breaths stay whole."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

from skill import pacing, speech
from skill.scripts import breathing, catalogue, nightly

MEASURE = speech.measure_for("en-US")
BREATHING = catalogue.get("breathing")
LAST_PHASE = {t.id: t.phases[-1].cue for t in pacing.TECHNIQUES.values()}


def plan(technique, minutes=None, rounds=None, pace=0, count=False, variant=0):
    opts = {"technique": technique, "minutes": minutes, "rounds": rounds, "pace": pace, "count": count, "note": ""}
    assert BREATHING.clean(opts) == opts
    return BREATHING.turns("en-US", opts, variant)


def seconds(segments):
    return pacing.total_seconds(segments, MEASURE)


def every_plan(minutes_list=(1, 3, 5, 10)):
    for technique in pacing.TECHNIQUES.values():
        for minutes in minutes_list:
            for pace in technique.pace_levels:
                for count in (False, True):
                    yield technique.id, minutes, pace, count


# --- length --------------------------------------------------------------------------------

@pytest.mark.parametrize("technique", list(pacing.TECHNIQUES))
@pytest.mark.parametrize("minutes", [1, 3, 5, 10])
def test_a_session_of_n_minutes_lasts_n_minutes_at_every_pace(technique, minutes):
    for pace in pacing.TECHNIQUES[technique].pace_levels:
        for count in (False, True):
            for variant in (0, 1):
                total = sum(seconds(turn) for turn in plan(technique, minutes, pace=pace, count=count, variant=variant))
                assert abs(total - minutes * 60) <= minutes * 60 * 0.03, (technique, minutes, pace, count, total)


def test_half_minutes_and_the_longest_session_are_on_time_too():
    for technique in pacing.TECHNIQUES:
        for minutes in (1.5, 2.5, 20):
            total = sum(seconds(turn) for turn in plan(technique, minutes))
            assert pacing.within_tolerance(total, minutes * 60), (technique, minutes, total)


def test_rounds_give_exactly_that_many_whole_breaths():
    for technique in pacing.TECHNIQUES:
        timeline = [s for turn in plan(technique, rounds=7) for s in turn]
        inhales = [s for s in timeline if s.key == "breathing/cue" and s.data["cue"] == "in"]
        assert len(inhales) == 7


def test_a_one_minute_session_is_mostly_breathing_with_a_brief_introduction():
    for technique in pacing.TECHNIQUES:
        short = [s for turn in plan(technique, 1) for s in turn]
        long = [s for turn in plan(technique, 5) for s in turn]
        assert short[0].key == "breathing/intro" and short[0].data["brief"] is True
        assert long[0].data["brief"] is False
        breathing_time = seconds([s for s in short if s.key in ("breathing/cue", "breathing/count")])
        assert breathing_time >= 30, (technique, breathing_time)


# --- turns ---------------------------------------------------------------------------------

def test_every_turn_fits_the_budget_and_breaks_only_after_a_whole_breath():
    go_on = MEASURE("common/go_on", {})
    for technique, minutes, pace, count in every_plan():
        turns = plan(technique, minutes, pace=pace, count=count)
        for index, turn in enumerate(turns):
            assert seconds(turn) + go_on <= BREATHING.budget, (technique, minutes, pace, count, index)
            if index > 0:  # every turn after the first starts with a breath in
                assert turn[0].key == "breathing/cue" and turn[0].data["cue"] == "in", (technique, minutes, index)
            if index < len(turns) - 1:  # and every turn but the last ends after a whole breath
                assert turn[-1].boundary
                last_cue = [s for s in turn if s.key == "breathing/cue"][-1]
                assert last_cue.data["cue"] == LAST_PHASE[technique]
        assert turns[-1][-1].key == "breathing/close"
        assert turns[-1][-2].key == "breathing/rest"
        before_rest = [s for s in turns[-1] if s.key == "breathing/cue"][-1]
        assert before_rest.data["cue"] == LAST_PHASE[technique]  # the session ends on a whole breath


def test_long_sessions_flow_as_a_few_even_turns():
    room = BREATHING.budget - MEASURE("common/go_on", {})
    for technique in pacing.TECHNIQUES.values():
        turns = plan(technique.id, 10)
        lengths = [seconds(t) for t in turns]
        # as few as the budget allows: no two neighbouring turns would fit in one
        assert all(a + b > room for a, b in zip(lengths, lengths[1:])), (technique.id, lengths)
        # and as even as whole breaths allow
        assert max(lengths[1:-1]) - min(lengths[1:-1]) <= technique.cycle_seconds + 0.01, (technique.id, lengths)


def test_every_break_is_at_most_ten_seconds_and_every_turn_under_8000_characters():
    for technique, minutes, pace, count in every_plan((20,)):
        for turn in plan(technique, minutes, pace=pace, count=count):
            ssml = speech.join(speech.segment("en-US", s) for s in turn)
            assert max(speech.break_seconds(ssml)) <= pacing.MAX_BREAK_SECONDS
            assert len(ssml) + catalogue.SPEECH_CHARS_RESERVED < pacing.MAX_SPEECH_CHARS


def test_a_rest_longer_than_ten_seconds_is_chained_breaks():
    ssml = speech.segment("en-US", pacing.Segment("breathing/rest", {"brief": True}, 23.5))
    assert speech.break_seconds(ssml) == [10.0, 10.0, 3.5]


def test_split_turns_is_pure_arithmetic_over_any_measure():
    fake = lambda key, data: 2.0  # noqa: E731  every segment speaks for two seconds
    breaths = [pacing.Segment("x", {"n": i}, 8.0, boundary=True) for i in range(30)]  # 30 breaths of 10 s
    turns = pacing.split_turns(breaths, fake, budget=90)
    assert sorted(len(t) for t in turns) == [7, 7, 8, 8]  # four turns, as even as whole breaths allow
    asking = [pacing.Segment("q", {}, 0.0, ask=True), *breaths[:3], pacing.Segment("q2", {}, 0.0, ask=True)]
    assert [len(t) for t in pacing.split_turns(asking, fake)] == [1, 4]  # a question always ends the turn
    sized = pacing.split_turns(breaths[:6], fake, budget=90, size=lambda s: 100, max_chars=250)
    assert [len(t) for t in sized] == [2, 2, 2]  # characters limit a turn as well as time


# --- techniques, pace and counting ----------------------------------------------------------

def test_no_holds_in_the_gentle_techniques():
    for technique in ("extended_exhale", "coherent", "sigh"):
        assert not pacing.TECHNIQUES[technique].holds
        for count in (False, True):
            cues = {s.data["cue"] for turn in plan(technique, 3, count=count) for s in turn if s.key == "breathing/cue"}
            assert not cues & set(pacing.HOLDS), technique
    assert pacing.TECHNIQUES["box"].holds and pacing.TECHNIQUES["four_seven_eight"].holds


def test_the_techniques_keep_their_shape():
    counts = {t.id: [p.counts for p in t.phases] for t in pacing.TECHNIQUES.values()}
    assert counts["box"] == [4, 4, 4, 4] and counts["four_seven_eight"] == [4, 7, 8]
    assert counts["extended_exhale"] == [4, 6]
    assert 5.4 <= 60 / pacing.TECHNIQUES["coherent"].cycle_seconds <= 5.6  # about 5.5 breaths a minute
    sigh = [p.cue for p in pacing.TECHNIQUES["sigh"].phases]
    assert sigh == ["in", "top_up", "out"]  # two breaths in, one long breath out
    assert pacing.TECHNIQUES["sigh"].phases[-1].seconds > 2 * pacing.TECHNIQUES["sigh"].phases[0].seconds


def test_each_pace_step_scales_the_counts_by_fifteen_percent_within_safe_bounds():
    for technique in pacing.TECHNIQUES.values():
        base = seconds(pacing.breath_cycle(technique, pacing.pace_factor(0), False, MEASURE))
        assert base == pytest.approx(technique.cycle_seconds)
        slower = seconds(pacing.breath_cycle(technique, pacing.pace_factor(1), False, MEASURE))
        faster = seconds(pacing.breath_cycle(technique, pacing.pace_factor(-1), False, MEASURE))
        assert slower == pytest.approx(base * 1.15, abs=0.01) and faster == pytest.approx(base * 0.85, abs=0.01)
        assert technique.clamp(99) == technique.slowest and technique.clamp(-99) == technique.fastest
    # a 4-7-8 hold is never stretched much past eight seconds
    slowest = pacing.TECHNIQUES["four_seven_eight"]
    assert 7 * pacing.pace_factor(slowest.slowest) <= 8.1


def test_counting_aloud_is_the_same_script_with_the_counts_said():
    silent = [s for turn in plan("box", 2) for s in turn]
    aloud = [s for turn in plan("box", 2, count=True) for s in turn]
    assert {s.key for s in aloud} == {s.key for s in silent} | {"breathing/count"}
    assert not any(s.key == "breathing/count" for s in silent)
    first_breath = [s for s in aloud if s.key in ("breathing/cue", "breathing/count")][:16]
    said = [s.data.get("cue") or s.data["n"] for s in first_breath]
    assert said == ["in", 2, 3, 4, "hold", 2, 3, 4, "out", 2, 3, 4, "hold_empty", 2, 3, 4]
    cycle = pacing.breath_cycle(pacing.TECHNIQUES["box"], 1.0, True, MEASURE)
    assert seconds(cycle) == pytest.approx(16.0)  # counting aloud keeps the rhythm


def test_saved_pace_and_counting_are_used_but_kept_safe():
    opts = breathing.options({}, {"pace": 3, "count_aloud": True})
    assert opts["technique"] == "extended_exhale" and opts["pace"] == 3 and opts["count"] is True
    box = breathing.options({"technique": catalogue.Slot("box", "box")}, {"pace": 3})
    assert box["pace"] == pacing.TECHNIQUES["box"].slowest
    assert breathing.options({}, {"pace": "fast"})["pace"] == 0
    assert breathing.clean({**box, "pace": 3}) is None  # beyond this technique's bounds: not trusted


# --- guided scripts and re-planning ---------------------------------------------------------

def test_fit_to_stretches_only_the_reflective_silences():
    fake = lambda key, data: 3.0  # noqa: E731
    timeline = [pacing.Segment("a", {}, 1.0), pacing.Segment("b", {}, 10.0, stretch=True),
                pacing.Segment("c", {}, 10.0, stretch=True)]
    fitted = pacing.fit_to(timeline, fake, 60.0)
    assert pacing.total_seconds(fitted, fake) == pytest.approx(60.0)
    assert fitted[0].silence == 1.0 and fitted[1].silence == pytest.approx(25.0)


def test_nightly_lengths_are_timed_by_the_engine():
    for length, minutes in (("short", 3), ("long", 8)):
        turns = catalogue.get("nightly").turns("en-US", {"length": length}, 0)
        assert pacing.within_tolerance(sum(seconds(t) for t in turns), minutes * 60)
        assert nightly.target({"length": length}) == minutes * 60


def test_a_changed_pace_carries_on_from_the_point_reached():
    old, new = plan("box", 10), plan("box", 10, pace=2)
    for heard in range(len(old) - 1):
        nxt = pacing.resume_turn(old, new, MEASURE, heard)
        assert 1 <= nxt <= len(new) - 1
        reached = sum(seconds(t) for t in old[:heard + 1])
        starts = pacing.turn_starts(new, MEASURE)
        assert min(abs(s - reached) for s in starts) == pytest.approx(abs(starts[nxt] - reached))
    assert pacing.resume_turn(old, new, MEASURE, 0) >= 1  # never the introduction again


# --- purity -------------------------------------------------------------------------------------

def test_the_pacing_engine_is_pure():
    source = Path(pacing.__file__).read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add("." if node.level else node.module.split(".")[0])
    assert imported <= {"__future__", "dataclasses", "typing"}, imported
    loaded = subprocess.run([sys.executable, "-c", "import sys, skill.pacing; "
                             "print(sorted(m for m in sys.modules if m.startswith(('ask_sdk', 'jinja2', 'flask'))))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


@pytest.mark.parametrize("technique", sorted(pacing.TECHNIQUES))
@pytest.mark.parametrize("minutes", [1, 2, 5])
def test_the_last_breath_is_followed_by_words_not_more_silence(technique, minutes):
    """After an empty-lungs hold, silence would sound like "keep holding": something is always said."""
    measure = speech.measure_for("en-US")
    timeline = pacing.breathing_timeline(technique, measure, minutes=minutes)
    rest = next(seg for seg in timeline if seg.key == "breathing/rest")
    assert speech.plain_words(speech.render("en-US", rest.key, **rest.data))
