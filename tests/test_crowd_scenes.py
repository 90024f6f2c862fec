"""Several crowd scenes in one drill: the scenario language, the shared dispatcher, the
whole-drill KPIs against the per-scene rows, MSEL injects by scene id, and a one-scene drill
unchanged whichever way it is written."""

from __future__ import annotations

import pytest
import yaml

from simulation.core.drill import Drill, run_drill
from simulation.core.kpis import REGISTRY
from simulation.crowd.aggregate import RULES
from simulation.geography import load_scenario, parse_scenario
from simulation.reports.catalogue import Inputs, draw, save_run_charts
from simulation.reports.inputs import DrillFolder, ReportError
from simulation.results import write_run
from simulation.scenario import ScenarioError
from simulation.scenario.bundled import bundled_dir
from simulation.scenario.deployment import personnel
from simulation.scenario.scenes import scenes

TWO = bundled_dir() / "demo_rekap_dua_lokasi.yaml"
DEMO = bundled_dir() / "demo_kpu_bangil.yaml"
BOTH_CALL_DALMAS = ["negotiator", "dalmas_awal", "dalmas_lanjut"]

# Two small scenes starting together, no incidents elsewhere, and both commanders asking for
# the regency's one Dalmas Lanjut platoon at once (hijau doctrine names it).
SMALL = {
    "crowd.duration": "4 min",
    "crowd.groups[0].size": 100,
    "crowd.groups[0].arrive_over": ["0 min", "1 min"],
    "crowd.groups[1].size": 10,
    "crowds[0].start": "09:00",
    "crowds[0].duration": "6 min",
    "crowds[0].groups[0].size": 100,
    "crowds[0].groups[0].arrive_over": ["0 min", "1 min"],
    "incidents.generators[0].rate_per_hour": 0,
    "incidents.generators[1].rate_per_hour": 0,
    "strategies.berlapis.crowd.doctrine.hijau.units": BOTH_CALL_DALMAS,
    "strategies.berlapis.crowds.bawaslu.doctrine.hijau.units": BOTH_CALL_DALMAS,
}


def two_text(extra: str = "") -> str:
    return f"schema_version: 1\nbase: demo_rekap_dua_lokasi\n{extra}"


def problems(text: str, overrides: dict | None = None) -> list:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "two.yaml", overrides, folder=bundled_dir())
    return err.value.problems


@pytest.fixture(scope="module")
def two_run():
    drill = Drill(load_scenario(TWO, SMALL), "berlapis", seed=4)
    return drill, drill.run()


# --- scenario language ----------------------------------------------------------------------


def test_bundled_two_scene_scenario_has_both_scenes_and_equal_officers():
    spec = load_scenario(TWO)
    found = scenes(spec)
    assert [(s.id, s.path, s.stream) for s in found] == [
        ("kpu", ("crowd",), ("crowd",)),
        ("bawaslu", ("crowds", 0), ("crowd", "bawaslu")),
    ]
    used = {name: personnel(spec, s) for name, s in spec.strategies.items()}
    assert used["berlapis"] == used["terbagi"], "split and central use the same officers"


def test_duplicate_scene_id_is_located():
    found = problems(two_text(), {"crowds[0].id": "kpu"})
    assert [(q.path, q.message) for q in found] == [
        ("crowds[0].id", "crowd scene id 'kpu' is used twice")
    ]
    assert found[0].file == "<override>"


def test_strategy_naming_an_unknown_scene_is_located_with_a_hint():
    text = two_text(
        "strategies:\n  terbagi:\n    crowds:\n      bawalsu:\n"
        "        front_line: [[40, 27], [50, 27]]\n"
    )
    (p,) = problems(text)
    assert (p.file, p.line, p.col) == ("two.yaml", 6, 7)
    assert p.path == "strategies.terbagi.crowds.bawalsu"
    assert p.message == "unknown crowd scene 'bawalsu' (did you mean 'bawaslu'?)"


def test_scene_without_a_police_side_is_located():
    pasar = (
        "crowds:\n  - id: pasar\n    name: x\n    sector: bangil\n    start: '09:00'\n"
        "    duration: 5 min\n    venue: {size_m: [20, 20], exits: [{name: a, at: [0, 10], "
        "width_m: 4}], gathering: {at: [10, 10]}}\n    groups: [{name: g, size: 50}]\n"
    )
    with pytest.raises(ScenarioError) as err:
        parse_scenario(DEMO.read_text(encoding="utf-8") + pasar, "demo.yaml")
    found = err.value.problems
    assert [q.path for q in found] == [f"strategies.{s}" for s in load_scenario(DEMO).strategies]
    assert {q.message for q in found} == {
        "no police side for crowd scene 'pasar': give 'crowds.pasar:'"
    }


def test_police_side_given_twice_is_located():
    found = problems(
        two_text(), {"strategies.berlapis.crowds.kpu": {"front_line": [[0, 0], [1, 1]]}}
    )
    assert ("strategies.berlapis.crowds.kpu", "<override>") in {(q.path, q.file) for q in found}
    assert any("also given as 'crowd:'" in q.message for q in found)


def test_overrides_reach_the_scenes_and_their_police_sides():
    spec = load_scenario(
        TWO,
        {
            "crowds[0].duration": "20 min",
            "strategies.terbagi.crowds.bawaslu.units[3].officers": 25,
        },
    )
    assert spec.crowds[0].duration == 1200
    assert spec.strategies["terbagi"].crowds["bawaslu"].units[3].officers == 25
    assert personnel(spec, spec.strategies["terbagi"])["brimob_bko"] == 55


def test_standby_units_count_against_their_pool_with_a_located_error():
    (p,) = problems(two_text(), {"strategies.terbagi.crowds.bawaslu.units[3].officers": 80})
    assert p.path == "strategies.terbagi"
    assert p.message == "uses 110 officers of pool 'brimob_bko', which holds 100"
    (q,) = problems(two_text(), {"strategies.terbagi.crowds.bawaslu.units[3].pool": "brimob"})
    assert q.path == "strategies.terbagi.crowds.bawaslu.units[3].pool"
    assert "unknown pool 'brimob'" in q.message


def test_standby_unit_without_pool_is_charged_to_the_scene_command():
    spec = load_scenario(TWO)
    berlapis = personnel(spec, spec.strategies["berlapis"])
    spec_more = load_scenario(TWO, {"strategies.berlapis.crowds.bawaslu.units[1].officers": 40})
    more = personnel(spec_more, spec_more.strategies["berlapis"])
    assert more["polres"] - berlapis["polres"] == 10, "Bangil is Polres Pasuruan's"


def test_standby_officers_cost_like_any_deployment(two_run):
    drill, result = two_run
    counted = personnel(drill.scenario, drill.strategy)
    assert counted["linmas"] == 0, "recap day: no TPS guards"
    assert result.kpis["cost.officers"] == sum(counted.values()) == 225


def test_inject_naming_an_unknown_scene_is_located():
    text = two_text(
        "msel:\n  injects:\n"
        "    - {number: '1', time: '09:05', event: e, action: {crowd_event: {crowd: bawalsu}}}\n"
    )
    (p,) = problems(text)
    assert p.path == "msel.injects[0].action.crowd_event.crowd"
    assert p.message == "unknown crowd 'bawalsu' (did you mean 'bawaslu'?)"
    assert p.line == 5


# --- the drill --------------------------------------------------------------------------------


def test_two_scenes_share_the_one_dalmas_platoon(two_run):
    drill, result = two_run
    events = result.events
    start = drill.clock.at(9 * 3600)
    assigned = [e for e in events if e.kind == "force.assign"]
    dalmas = [e for e in assigned if e.fields["who"] == "crowd:dalmas_lanjut"]
    arrived = [
        e for e in events if e.kind == "crowd.unit_arrived" and e.fields["unit"] == "dalmas_lanjut"
    ]
    waiting = [e for e in events if e.kind == "crowd.unit_waiting"]
    # Both commanders ask at once; the platoon goes to one scene, the other scene waits ...
    assert dalmas[0].t == pytest.approx(start, abs=5)
    assert [e.fields["unit"] for e in waiting] == ["dalmas_lanjut"]
    late = waiting[0].fields["crowd"]
    # ... and has it only after the first scene gave it back at its end (KPU, stepped first
    # at equal times, takes it; Bawaslu runs 6 min against KPU's 4, so it gets it after).
    released = [
        e for e in events if e.kind == "force.release" and e.fields["who"] == "crowd:dalmas_lanjut"
    ]
    assert released and released[0].t > dalmas[0].t
    assert len(dalmas) == 2 and dalmas[1].t >= released[0].t
    assert all(e.t >= released[0].t for e in arrived if e.fields["crowd"] == late)


def test_whole_drill_kpis_fold_the_scene_rows(two_run):
    _, result = two_run
    rows = result.tables["crowd_scenes"]
    assert [r["scene"] for r in rows] == ["kpu", "bawaslu"]
    k = result.kpis

    def col(name: str) -> list[float]:
        return [r[name] for r in rows]

    for name in ("worst_status", "peak_density_ppm2", "peak_crowd_size", "peak_exit_density_ppm2"):
        assert k[f"crowd.{name}"] == max(col(name))
    for name in ("arrests", "injured_civilians", "injured_officers", "property_damage_events"):
        assert k[f"crowd.{name}"] == sum(col(name))
    assert k["crowd.hijau_restored"] == min(col("hijau_restored"))
    assert k["crowd.reinforcement_wait_max_min"] == max(col("reinforcement_wait_max_min"))
    assert k["crowd.reinforcement_wait_max_min"] > 0, "one scene waited for the platoon"
    status_min = sum(k[f"crowd.time_{s}_min"] for s in ("hijau", "kuning", "merah"))
    assert status_min == pytest.approx(4 + 6, abs=0.05), "scene-minutes: 4 min + 6 min"
    for name in ("crowd_density", "crowd_venue", "crowd_units"):
        assert {r["scene"] for r in result.tables[name]} == {"kpu", "bawaslu"}


def test_every_crowd_kpi_has_a_rule_to_fold_scenes():
    crowd = {n.removeprefix("crowd.") for n in REGISTRY if n.startswith("crowd.")}
    assert crowd <= set(RULES), crowd - set(RULES)


def test_series_and_state_board_are_per_scene(two_run):
    drill, result = two_run
    assert {"crowd.kpu.status", "crowd.bawaslu.status"} <= set(result.series)
    assert "crowd.status" not in result.series
    assert drill.state.get("crowd.kpu.size") > 0 and drill.state.get("crowd.bawaslu.size") > 0


def test_msel_inject_targets_one_scene_by_id():
    inject = {
        "msel": {
            "injects": [
                {
                    "number": "1",
                    "time": "09:01",
                    "event": "Provokator di Bawaslu",
                    "action": {"crowd_event": {"crowd": "bawaslu"}},
                }
            ]
        }
    }
    spec = parse_scenario(two_text(yaml.safe_dump(inject)), "two.yaml", SMALL, folder=bundled_dir())
    drill = Drill(spec, "berlapis", seed=1)
    result = drill.run()
    fired = [e for e in result.events if e.kind == "crowd.event"]
    assert [(e.t, e.fields["crowd"]) for e in fired] == [(drill.clock.at(9 * 3600 + 60), "bawaslu")]
    runs = drill.component("crowd").scenes
    assert runs["bawaslu"].model.provoking.any()
    assert not runs["kpu"].model.provoking.any(), "KPU's provocateurs wait for 30 min"


def test_charts_draw_the_worst_scene_or_the_one_asked_for(two_run, tmp_path):
    _, result = two_run
    out = write_run(result, tmp_path / "run", extra=[save_run_charts])
    assert (out / "crowd_status.png").stat().st_size > 1000
    assert "crowd_scenes.csv" in {p.name for p in out.iterdir()}
    inputs = Inputs([DrillFolder(out)], None)
    worst = draw("crowd-status", inputs).get_suptitle().replace("\n", " ")
    assert "(worst of 2 scenes)" in worst
    chosen = draw("crowd-density", inputs, scene="bawaslu").get_suptitle().replace("\n", " ")
    assert "Unjuk rasa di Kantor Bawaslu" in chosen and "worst" not in chosen
    with pytest.raises(ReportError, match="unknown crowd scene 'pasar'"):
        draw("crowd-status", inputs, scene="pasar")


# --- one scene, either spelling ---------------------------------------------------------------


def _as_list(text: str) -> str:
    """The demo with its scene under ``crowds:`` and police sides under ``crowds.massa``."""
    data = yaml.safe_load(text)
    data["crowds"] = [data.pop("crowd")]
    for strategy in data["strategies"].values():
        if "crowd" in strategy:
            strategy["crowds"] = {"massa": strategy.pop("crowd")}
    return yaml.safe_dump(data, sort_keys=False)


def test_one_scene_gives_the_same_drill_written_either_way():
    text = DEMO.read_text(encoding="utf-8")
    short = {
        "duration": "2 min",
        "groups[0].size": 150,
        "groups[0].arrive_over": ["0 min", "1 min"],
        "groups[0].provocation_start": "1 min",
        "groups[1].size": 10,
    }
    single = parse_scenario(text, "demo.yaml", {f"crowd.{k}": v for k, v in short.items()})
    listed = parse_scenario(
        _as_list(text), "demo.yaml", {f"crowds[0].{k}": v for k, v in short.items()}
    )
    assert scenes(listed)[0].stream == ("crowd",)
    a, b = run_drill(single, "reaktif", seed=7), run_drill(listed, "reaktif", seed=7)
    assert a.kpis == b.kpis
    assert a.series == b.series and "crowd.status" in a.series
    assert [(e.t, e.kind, e.fields) for e in a.events] == [
        (e.t, e.kind, e.fields) for e in b.events
    ]
