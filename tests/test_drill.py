"""The drill: one seed fixes it bit for bit, streams are independent, arrivals follow their
rates, and the result folder is complete or absent."""

from __future__ import annotations

import gc
import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.cli import main
from simulation.core.drill import Drill, run_drill
from simulation.core.kpis import REGISTRY
from simulation.core.randomness import DrillSeed, skip_uniforms
from simulation.core.unit import Unit
from simulation.geography import load_scenario
from simulation.patrol.incidents import generate, profile_factor
from simulation.results import write_run
from simulation.scenario.model import Profile, ProfilePoint
from tests.conftest import MINI, mini


def _fingerprint(result) -> str:
    events = [(e.t, e.kind, sorted(e.fields.items())) for e in result.events]
    return json.dumps([result.kpis, events, result.series], default=str)


@pytest.fixture(scope="module")
def pasuruan():
    return load_scenario("pasuruan_pilkada_2024")


def test_same_seed_same_drill_bit_for_bit(pasuruan):
    for strategy in pasuruan.strategies:
        a, b = run_drill(pasuruan, strategy, 7), run_drill(pasuruan, strategy, 7)
        assert _fingerprint(a) == _fingerprint(b)
    assert _fingerprint(run_drill(pasuruan, "statis", 8)) != _fingerprint(a)


def test_strategies_meet_the_same_incidents(pasuruan):
    def reports(strategy):
        result = run_drill(pasuruan, strategy, 3)
        return [(r["type"], r["sector"], r["t_report_s"]) for r in result.tables["incidents"]]

    assert reports("statis") == reports("mobile")


def test_adding_a_generator_leaves_the_others_streams_alone():
    spec = mini()
    more = mini(
        (
            "  generators:\n",
            "  generators:\n    - {id: extra, type: clash, basis: sector, rate_per_hour: 0.3}\n",
        )
    )
    before = generate(spec, DrillSeed(5), 0.0, spec.metadata.horizon)
    after = generate(more, DrillSeed(5), 0.0, more.metadata.horizon)
    key = lambda i: (i.type.id, i.sector, i.t_report, i.on_scene_s)  # noqa: E731
    kept = {key(i) for i in after}
    assert all(key(i) in kept for i in before)
    assert len(after) > len(before)


@pytest.mark.parametrize(
    ("points", "daily"),
    [
        ([("07:00", 2.0), ("13:00", 0.5), ("22:00", 0.25)], True),
        ([("H-1 23:00", 3.0), ("H+1 06:00", 1.5)], False),  # reaches past the day
    ],
)
def test_a_profile_factor_holds_from_its_time_to_the_next(points, daily):
    """Each factor from its time on; before the first point, the day's last point holds (a
    daily profile) or the first one (a profile reaching past the day)."""
    profile = Profile(id="p", points=[ProfilePoint(at=at, factor=f) for at, f in points])
    times = [t * 900.0 for t in range(-8, 3 * 96)] + [p.at for p in profile.points]

    def held(t: float) -> float:
        x = t % 86400.0 if daily else t
        passed = [p.factor for p in profile.points if p.at <= x]
        before = profile.points[-1] if daily else profile.points[0]
        return passed[-1] if passed else before.factor

    assert profile_factor(profile, np.array(times)).tolist() == [held(t) for t in times]


def test_arrivals_follow_rates_and_the_time_of_day_profile():
    """Counts per profile window agree with the integrated rate (Poisson, over 60 seeds)."""
    spec = mini()
    start, horizon = spec.metadata.start, spec.metadata.horizon
    gen = spec.incidents.generators[0]
    sectors = spec.geography.sectors
    rate = sum(
        gen.rate_per_hour
        * sum(
            getattr(gen.class_weights, c) * getattr(s.tps, c)
            for c in ("kurang_rawan", "rawan", "sangat_rawan")
        )
        for s in sectors
    )
    windows = [(0.0, 3600.0), (3600.0, 7 * 3600.0), (7 * 3600.0, horizon)]  # 06-07, 07-13, 13-18
    profile = spec.incidents.profiles[0]
    expected = [
        rate * float(profile_factor(profile, np.array([start + a]))[0]) * (b - a) / 3600
        for a, b in windows
    ]
    counts = np.zeros((60, 3))
    for seed in range(60):
        times = [
            i.t_report
            for i in generate(spec, DrillSeed(seed), start, horizon)
            if i.type.id == "disturbance"
        ]
        counts[seed] = np.histogram(times, bins=[w[0] for w in windows] + [horizon])[0]
    for k, mean in enumerate(counts.mean(axis=0)):
        assert abs(mean - expected[k]) < 4 * math.sqrt(expected[k] / 60)
    assert expected[1] / 6 > expected[0] / 1  # the busy window really is busier


def test_the_force_pool_is_the_strategy_s_mobile_units_with_stable_names(pasuruan):
    drill = Drill(pasuruan, "mobile", 1)
    units = drill.dispatcher.units
    assert len(units) > 100 and all(isinstance(u, Unit) for u in units)
    assert [u.unique_id for u in units] == list(range(1, len(units) + 1))
    assert len({u.label for u in units}) == len(units)
    motor = [u for u in units if u.unit_type.kind == "sabhara_motor"]
    assert len(motor) == 24 * 5 + 17
    again = Drill(pasuruan, "mobile", 2).dispatcher.units
    assert [u.label for u in again] == [u.label for u in units], "names do not depend on seeds"


def test_clock_labels_are_local_times():
    drill = Drill(mini(), "static", 1)
    assert drill.clock.label(0) == "06:00"
    assert drill.clock.label(19 * 3600) == "H+1 01:00"
    assert drill.clock.local(3600).isoformat() == "2024-11-27T07:00:00+07:00"


def test_run_writes_a_complete_result_folder(tmp_path, capsys):
    out = tmp_path / "run"
    args = ["run", str(MINI), "--strategy", "mobile", "--seed", "4", "--out", str(out)]
    assert main([*args, "--set", "targets.response=20"]) == 0
    # The run froze its imports out of the collector's scans; main() thaws them for its caller.
    assert gc.isenabled() and gc.get_freeze_count() == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "events.csv",
        "incidents.csv",
        "kpis.json",
        "manifest.json",
        "response_times.png",
        "series.csv",
    ]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["strategy"] == "mobile" and manifest["seed"] == 4
    assert manifest["overrides"] == {"targets.response": 20}
    overridden = load_scenario(MINI, {"targets.response": 20})
    assert manifest["scenario_sha256"] == overridden.digest != load_scenario(MINI).digest
    assert manifest["sispam_version"]
    kpis = json.loads((out / "kpis.json").read_text())
    assert kpis == pytest.approx(run_drill(overridden, "mobile", 4).kpis, nan_ok=True)
    assert "patrol.response_p90_min" in capsys.readouterr().out
    assert main(["run", str(MINI), "--out", str(out)]) == 2  # never overwrite a result


def test_run_writes_the_chart_formats_asked_for(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["run", str(MINI), "--out", str(out), "--formats", "svg,pdf"]) == 0
    charts = sorted(p.name for p in out.iterdir() if p.stem == "response_times")
    assert charts == ["response_times.pdf", "response_times.svg"]
    assert (out / "response_times.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


@pytest.mark.parametrize("given", ["jpg", "png,gif", ","])
def test_run_refuses_unknown_chart_formats_before_any_work(tmp_path, capsys, given):
    out = tmp_path / "run"
    with pytest.raises(SystemExit) as stop:
        main(["run", str(MINI), "--out", str(out), "--formats", given])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--formats" in err and "png, svg, pdf" in err and "Traceback" not in err
    assert not out.exists()


def test_a_failed_write_leaves_nothing(tmp_path):
    result = run_drill(mini(), "static", 1)

    def broken_chart(folder):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_run(result, tmp_path / "run", extra=[broken_chart])
    assert list(tmp_path.iterdir()) == []


def test_every_kpi_is_documented(capsys):
    assert main(["kpis"]) == 0
    table = capsys.readouterr().out
    page = (Path(__file__).parents[1] / "docs" / "kpis.md").read_text(encoding="utf-8")
    assert table in page, "docs/kpis.md is out of date: regenerate it with `sispam kpis`"
    for name in REGISTRY:
        assert f"`{name}`" in table


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**70),
    replication=st.integers(0, 2**40),
    names=st.lists(
        st.lists(st.one_of(st.text(max_size=8), st.integers(0, 2**40)), max_size=4),
        min_size=1,
        max_size=5,
    ),
)
def test_streams_are_numpys_seed_sequence_streams_bit_for_bit(seed, replication, names):
    # The drill seeds its streams without numpy's SeedSequence loops (core/randomness.py):
    # every stream, one at a time or many at once, and every child it spawns, must be the
    # generator numpy's own SeedSequence gives (multi-word seeds and keys included).
    drill = DrillSeed(seed, replication)
    names = [tuple(n) for n in names]
    numpy_s = [np.random.default_rng(drill.sequence(*n)) for n in names]
    alone = [drill.stream(*n) for n in names]
    together = drill.streams(names)
    for a, b, c in zip(numpy_s, alone, together, strict=True):
        assert a.bit_generator.state == b.bit_generator.state == c.bit_generator.state
        children = [a.spawn(3) + a.spawn(2), b.spawn(3) + b.spawn(2), c.spawn(3) + c.spawn(2)]
        states = [[g.bit_generator.state for g in kids] for kids in children]
        assert states[0] == states[1] == states[2]
        assert a.standard_exponential(4).tolist() == c.standard_exponential(4).tolist()


def test_skipping_uniforms_leaves_the_stream_where_drawing_them_does():
    drawn, skipped = DrillSeed(3).stream("crowd"), DrillSeed(3).stream("crowd")
    drawn.random(2000)
    assert skip_uniforms(skipped, 2000)
    assert skipped.random(5).tolist() == drawn.random(5).tolist()
    for rng in (drawn, skipped):  # leaves half of a 64-bit draw for the next small integer
        rng.integers(10)
    before = skipped.bit_generator.state
    assert not skip_uniforms(skipped, 100), "advance would drop the buffered half"
    assert skipped.bit_generator.state == before, "untouched: the caller draws"
    assert skipped.integers(10, size=3).tolist() == drawn.integers(10, size=3).tolist()
    other = np.random.Generator(np.random.MT19937(3))
    assert not skip_uniforms(other, 10)
