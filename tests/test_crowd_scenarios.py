"""The crowd section in the scenario language and in a drill: bundled scenes, located errors,
reinforcements borrowed from the patrol dispatcher."""

import json
from pathlib import Path

import pytest

from simulation.cli import main
from simulation.core.drill import Drill, run_drill
from simulation.core.kpis import REGISTRY
from simulation.geography import load_scenario, parse_scenario
from simulation.reports.catalogue import save_run_charts
from simulation.results import write_run
from simulation.scenario import ScenarioError
from simulation.scenario.bundled import bundled_dir

DEMO = bundled_dir() / "demo_kpu_bangil.yaml"
RALLY = bundled_dir() / "rally_concert_pandaan.yaml"


def demo_text(*edits: tuple[str, str]) -> str:
    text = DEMO.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def problem(*edits: tuple[str, str]):
    with pytest.raises(ScenarioError) as err:
        parse_scenario(demo_text(*edits), "demo.yaml")
    assert len(err.value.problems) == 1, err.value
    return err.value.problems[0]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("path", [DEMO, RALLY])
def test_bundled_crowd_scenarios_load_with_two_strategies(path: Path):
    spec = load_scenario(path)
    assert spec.crowd is not None
    assert len(spec.strategies) >= 2
    assert all(s.crowd is not None for s in spec.strategies.values())


def test_exit_off_the_boundary_is_located_at_its_line():
    edit = (
        "{name: gang_barat, at: [0, 60], width_m: 3}",
        "{name: gang_barat, at: [20, 60], width_m: 3}",
    )
    p = problem(edit)
    assert p.path == "crowd.venue.exits[2].at"
    assert p.line == line_of(demo_text(edit), "gang_barat, at: [20, 60]")
    assert "not on the venue boundary" in p.message


def test_zero_width_exit_is_located():
    p = problem(
        (
            "{name: gang_timur, at: [140, 62], width_m: 3}",
            "{name: gang_timur, at: [140, 62], width_m: 0}",
        )
    )
    assert p.path == "crowd.venue.exits[3].width_m"
    assert "wider than 0" in p.message


def test_walls_enclosing_the_crowd_are_located():
    ring = (
        "      - {name: pagar_keliling, rect: [60, 30, 80, 31]}\n"
        "      - {name: pagar_keliling2, rect: [60, 30, 61, 44]}\n"
        "      - {name: pagar_keliling3, rect: [79, 30, 80, 44]}\n"
    )
    p = problem(("      - {name: ruko_barat", ring + "      - {name: ruko_barat"))
    assert p.path == "crowd.venue.gathering"
    assert "enclosed" in p.message


def test_a_protected_side_inside_a_building_is_located():
    edit = ("      behind: [70, 50] ", "      behind: [70, 70] ")  # inside gedung_kpu
    p = problem(edit)
    assert p.path == "strategies.berlapis.crowd.behind"
    assert p.line == line_of(demo_text(edit), "behind: [70, 70]")
    assert "(70, 70) lies inside a wall, building or barricade" in p.message
    # open ground, and a point beyond the venue (it only gives the direction), are fine
    parse_scenario(demo_text(("      behind: [70, 50] ", "      behind: [70, 200] ")), "ok.yaml")


def test_crowd_that_cannot_fit_is_located():
    p = problem(("      size: 2000\n", "      size: 90000\n"))
    assert p.path == "crowd.groups"
    assert "cannot fit" in p.message


def test_unknown_entry_exit_is_located():
    p = problem(
        (
            "enter_via: [jl_pogar_barat, jl_pogar_timur]",
            "enter_via: [jl_pogar_barat, jl_pogar_tmur]",
        )
    )
    assert p.path == "crowd.groups[0].enter_via[1]"


@pytest.mark.parametrize(
    "value, message",
    [
        ("0", "greater than or equal to 1"),
        ("many", "integer"),
        ("500", "cannot stand within the 4 m gathering radius"),
    ],
)
def test_bad_seizure_threshold_is_located(value, message):
    edit = ("    occupiers: 30\n", f"    occupiers: {value}\n")
    p = problem(edit)
    assert p.path == "crowd.seizure.occupiers"
    assert p.line == line_of(demo_text(edit), f"occupiers: {value}")
    assert message in p.message


@pytest.mark.parametrize("duration, fails", [("1 s", True), ("1.9 s", True), ("2 s", False)])
def test_a_scene_shorter_than_one_decision_step_is_located(duration, fails):
    """A scene of less than one behaviour tick (2 s) would decide nothing (and was never
    stepped at all under half a walking step): refused at its line."""
    edit = ("  duration: 2 h\n", f"  duration: {duration}\n")
    if not fails:
        parse_scenario(demo_text(edit), "demo.yaml")
        return
    p = problem(edit)
    assert p.path == "crowd.duration"
    assert p.line == line_of(demo_text(edit), f"duration: {duration}")
    assert "at least one decision step (2 s)" in p.message


def test_misspelt_seizure_field_is_located():
    p = problem(("    occupiers: 30\n", "    occupier: 30\n"))
    assert p.path == "crowd.seizure.occupier"


def test_cli_answers_bad_venue_with_exit_code_2_and_no_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(demo_text(("width_m: 14}", "width_m: -2}")), encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "crowd.venue.exits[0].width_m" in err
    assert "Traceback" not in err


def short_demo(**sets):
    overrides = {
        "crowd.duration": "15 min",
        "crowd.legitimacy": 0.8,
        "crowd.groups[0].size": 200,
        "crowd.groups[0].arrive_over": ["0 min", "1 min"],
        "crowd.groups[1].size": 20,
        **sets,
    }
    return load_scenario(DEMO, overrides)


@pytest.fixture(scope="module")
def demo_run():
    return run_drill(short_demo(), "berlapis", seed=3)


def test_reinforcement_is_borrowed_from_the_dispatcher_and_travels(demo_run):
    result = demo_run
    kinds = [e.kind for e in result.events]
    assert "crowd.scene_start" in kinds and "crowd.scene_end" in kinds
    requested = next(
        e
        for e in result.events
        if e.kind == "crowd.unit_requested" and e.fields["unit"] == "dalmas_lanjut"
    )
    detach = next(
        e
        for e in result.events
        if e.kind == "force.assign" and e.fields["who"] == "crowd:dalmas_lanjut"
    )
    arrived = next(
        e
        for e in result.events
        if e.kind == "crowd.unit_arrived" and e.fields["unit"] == "dalmas_lanjut"
    )
    assert requested.t == detach.t < arrived.t, "it has to travel from Mapolres"
    assert any(
        e.kind == "force.release" and e.fields["who"] == "crowd:dalmas_lanjut"
        for e in result.events
    ), "given back at the end"
    assert 150 <= result.kpis["crowd.peak_crowd_size"] <= 200, "group 2 comes after 60 min"
    assert "crowd_density" in result.tables and result.tables["crowd_units"]


def test_riot_kpis_are_in_the_results(demo_run, tmp_path):
    out = write_run(demo_run, tmp_path / "run")
    kpis = json.loads((out / "kpis.json").read_text(encoding="utf-8"))
    for name in ("line_breaches", "building_seized", "seized_min", "tyre_fires"):
        assert f"crowd.{name}" in kpis and f"crowd.{name}" in REGISTRY
        assert REGISTRY[f"crowd.{name}"].better == "lower"
    assert kpis["crowd.building_seized"] in (0, 1)


def test_crowd_drill_is_reproducible():
    spec = short_demo(**{"crowd.duration": "1 min"})
    a, b = run_drill(spec, "reaktif", seed=5), run_drill(spec, "reaktif", seed=5)
    assert a.kpis == b.kpis
    assert [(e.t, e.kind) for e in a.events] == [(e.t, e.kind) for e in b.events]


def test_charts_are_written_as_png_and_svg(demo_run, tmp_path):
    out = write_run(
        demo_run, tmp_path / "run", extra=[lambda d: save_run_charts(d, "en", ("png", "svg"))]
    )
    for name in ("crowd_density", "crowd_status"):
        for ext in ("png", "svg"):
            assert (out / f"{name}.{ext}").stat().st_size > 1000
    assert "Level of service" in (out / "crowd_density.svg").read_text(encoding="utf-8")


def test_msel_inject_sets_the_crowd_off_and_the_status_is_published():
    msel = (
        "\nmsel:\n  title: uji\n  injects:\n"
        '    - {number: "1", time: "09:02", event: Provokator beraksi,'
        " action: {crowd_event: {crowd: massa}}}\n"
    )
    spec = parse_scenario(
        demo_text() + msel,
        "demo.yaml",
        {
            "crowd.duration": "4 min",
            "crowd.groups[0].size": 200,
            "crowd.groups[0].arrive_over": ["0 min", "1 min"],
        },
    )
    drill = Drill(spec, "berlapis", seed=2)
    result = drill.run()
    fired = next(e for e in result.events if e.kind == "crowd.event")
    assert fired.t == drill.clock.at(9 * 3600 + 120)
    assert drill.component("crowd").scenes["massa"].model.provoking.any(), "before 50 min"
    assert drill.state.get("crowd.massa.status") in ("hijau", "kuning", "merah")
    assert drill.state.get("crowd.massa.size") > 0
