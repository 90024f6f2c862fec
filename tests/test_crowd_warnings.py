"""`sispam validate` warns, and still passes, on a crowd step the validation did not cover
and on crowd scenes that make every drill slow."""

import pytest

from simulation.cli import main
from simulation.geography import load_scenario
from simulation.scenario.crowd_warnings import (
    PERSON_STEPS_PER_CPU_S,
    SLOW_DRILL_S,
    crowd_drill_seconds,
    crowd_warnings,
)

SHORT = {"crowd.duration": "5 min"}  # 2,250 people x 750 steps: about 0.8 s a drill


def test_the_drill_estimate_is_people_times_steps():
    """demo_kpu_bangil: 1,500 + 400 + 350 people, 2 h at 0.4 s = 18,000 steps."""
    spec = load_scenario("demo_kpu_bangil")
    assert crowd_drill_seconds(spec) == pytest.approx(2250 * 18000 / PERSON_STEPS_PER_CPU_S)
    two = load_scenario("demo_rekap_dua_lokasi")
    steps = [round(s.duration / s.dt_s) for s in (two.crowd, *two.crowds)]
    people = [sum(g.size for g in s.groups) for s in (two.crowd, *two.crowds)]
    want = sum(p * n for p, n in zip(people, steps, strict=True)) / PERSON_STEPS_PER_CPU_S
    assert crowd_drill_seconds(two) == pytest.approx(want)


@pytest.mark.parametrize("dt", [0.25, 0.4])
def test_a_validated_step_of_a_short_scene_is_not_warned(dt):
    spec = load_scenario("demo_kpu_bangil", {**SHORT, "crowd.dt_s": dt})
    assert crowd_drill_seconds(spec) < SLOW_DRILL_S
    assert crowd_warnings(spec) == []


def test_an_unvalidated_step_is_warned_at_its_path():
    spec = load_scenario("demo_rekap_dua_lokasi", {"crowds[0].dt_s": 0.3, **SHORT})
    (dt,) = [w for w in crowd_warnings(spec) if "dt_s" in w]
    assert dt.startswith("crowds[0].dt_s: ") and "0.25 s, 0.4 s" in dt and "not 0.3 s" in dt


def test_validate_warns_but_passes(capsys):
    assert main(["validate", "demo_kpu_bangil", "--set", "crowd.dt_s=0.3"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("ok: demo_kpu_bangil")
    warnings = captured.err.splitlines()
    assert len(warnings) == 2, warnings
    assert warnings[0].startswith("warning: demo_kpu_bangil: crowd.dt_s: ")
    # 2,250 people x 24,000 steps at 5,000,000 person-steps a CPU second: 10.8 s a drill,
    # 3 x 40 of them on 2 cores: 10.8 min.
    assert warnings[1].startswith("warning: demo_kpu_bangil: crowd: each drill will take")
    assert "about 11 s of CPU" in warnings[1] and "about 11 min on 2 cores" in warnings[1]
    assert main(["validate", "demo_kpu_bangil", "--set", "crowd.duration=5 min"]) == 0
    assert capsys.readouterr().err == ""
