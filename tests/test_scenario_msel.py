"""MSEL and information sections: located errors from YAML and CSV, base scenarios, the CLI."""

from pathlib import Path

import pytest

from simulation.cli import main
from simulation.core.drill import Drill, run_drill
from simulation.geography import load_scenario
from simulation.scenario import ScenarioError
from simulation.scenario.bundled import bundled_dir

HEADER = (
    "MSEL #,Scenario Time,Event,Location,Responsible Controller,Intended Player,"
    "Expected Action,Objective,Trigger,Until,Probability,Condition,Action\n"
)


def _scenario(tmp_path: Path, msel_yaml: str, rows: str | None = None) -> Path:
    """A scenario based on the bundled voting day, with its own MSEL."""
    if rows is not None:
        (tmp_path / "table.csv").write_text(HEADER + rows, encoding="utf-8")
    path = tmp_path / "drill.yaml"
    path.write_text(
        f"schema_version: 1\nbase: {bundled_dir() / 'pasuruan_pilkada_2024.yaml'}\n"
        "metadata:\n  name: test_drill\n"
        f"msel:\n{msel_yaml}",
        encoding="utf-8",
    )
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


def test_csv_inject_outside_the_horizon_is_located_at_its_cell(tmp_path: Path) -> None:
    path = _scenario(tmp_path, "  tables: [table.csv]\n", "1,H+2 08:00,e,l,c,p,a,o,,,,,\n")
    [problem] = _problems(path)
    assert problem.startswith(f"{tmp_path / 'table.csv'}:2:3: msel.injects[0].time: H+2 08:00")
    assert "outside the drill: the drill runs H-1 12:00 to H+1 00:00" in problem


def test_condition_naming_an_unknown_object_points_into_the_cell(tmp_path: Path) -> None:
    row = "7,H 13:00,e,l,c,p,a,o,contingency,H 18:00,,crowd.kpu.status >= merah,\n"
    path = _scenario(tmp_path, "  tables: [table.csv]\n", row)
    [problem] = _problems(path)
    column = len("7,H 13:00,e,l,c,p,a,o,contingency,H 18:00,,") + 1
    assert problem.startswith(f"{tmp_path / 'table.csv'}:2:{column}: msel.injects[0].condition:")
    assert "unknown object 'crowd.kpu'" in problem


def test_yaml_inject_errors_are_located_in_the_scenario(tmp_path: Path) -> None:
    lines = [
        "  tables: []",
        "  injects:",
        "    - {number: '1', time: '09:00', event: e, action: {spread_hoax: hoaks_baru}}",
        "    - number: '2'",
        "      time: '10:00'",
        "      event: e",
        "      trigger: contingency",
        "      condition: hoax.kpu_curang.reach > 0.1 and sector.bangil.mood > 1",
        "    - number: '3'",
        "      time: '11:00'",
        "      event: e",
        "      action: {block_road: {a: puspo, b: gempol, for: 1 h}}",
    ]
    path = _scenario(tmp_path, "\n".join(lines) + "\n")
    first = 6  # the scenario header takes five lines

    def at(row: int, text: str) -> str:
        return f"{path}:{first + row}:{lines[row].index(text) + 1}"

    problems = _problems(path)
    assert len(problems) == 3
    assert problems[0].startswith(f"{at(2, 'spread_hoax')}: msel.injects[0].action.spread_hoax:")
    assert "unknown hoax 'hoaks_baru'" in problems[0]
    # the condition's offending attribute, inside the condition text
    assert problems[1].startswith(f"{at(7, 'mood')}: msel.injects[1].condition:")
    assert "'sector.bangil' has no quantity 'mood'" in problems[1]
    assert problems[2].startswith(f"{at(11, 'block_road')}: msel.injects[2].action.block_road:")
    assert "no road between 'puspo' and 'gempol'" in problems[2]


def test_missing_csv_columns_fail_the_cli_with_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "table.csv").write_text("MSEL #,Scenario Time,Event\n1,H 09:00,e\n")
    path = _scenario(tmp_path, "  tables: [table.csv]\n")
    out = tmp_path / "export.csv"
    assert main(["msel", "export", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'table.csv'}:1:1: header: missing column(s): location" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drill.yaml", "table.csv"]


def test_msel_export_writes_what_fired_when(tmp_path: Path) -> None:
    rows = (
        "1,H 09:00,Hoaks,Kejayan,c,p,a,o,,,,,{spread_hoax: surat_suara_tercoblos}\n"
        "2,H 10:00,Never,Bangil,c,p,a,o,probabilistic,H 11:00,0,,\n"
        "3,H 09:00,Rumour grows,Kejayan,c,p,a,o,contingency,H 23:00,,"
        "hoax.surat_suara_tercoblos.reach > 0.001,\n"
    )
    path = _scenario(tmp_path, "  tables: [table.csv]\n", rows)
    out = tmp_path / "export.csv"
    assert main(["msel", "export", str(path), "--out", str(out), "--seed", "4"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("number,time,trigger,event,location,controller,player,")
    fired = {line.split(",")[0]: line for line in lines[1:]}
    assert ",yes,09:00," in fired["1"]
    assert ",no,,,not drawn (p = 0)," in fired["2"]
    assert ",yes," in fired["3"]


def test_contingency_fires_at_the_report_of_the_incident_that_makes_it_true() -> None:
    spec = load_scenario("pasuruan_rekap_2024")
    drill = Drill(spec, "statis", 1)
    result = drill.run()
    outcome = drill.component("msel").runner.outcomes["R6"]
    bangil = sorted(r["t_report_s"] for r in result.tables["incidents"] if r["sector"] == "bangil")
    assert outcome.fired_s is not None and len(bangil) >= 3
    third = bangil[2]
    assert outcome.fired_s == pytest.approx(max(third, drill.clock.at(spec.msel.injects[6].time)))


def test_base_scenario_values_keep_their_own_file_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        f"schema_version: 1\nbase: {bundled_dir() / 'pasuruan_rekap_2024.yaml'}\n"
        "metadata: {name: bad}\n"
        "information: {incident_types: [riot]}\n",
        encoding="utf-8",
    )
    [problem] = _problems(path)
    column = "information: {incident_types: [riot]}".index("riot") + 1
    assert problem.startswith(f"{path}:4:{column}: information.incident_types[0]: unknown")


def test_road_block_reroutes_patrols_until_it_reopens() -> None:
    drill = Drill(load_scenario("pasuruan_pilkada_2024"), "statis", 1)
    roads = drill.roads
    before = roads.travel_hours("pasrepan", "puspo")
    roads.close("pasrepan", "puspo")
    detour = roads.travel_hours("pasrepan", "puspo")
    assert detour > before
    roads.close("pasrepan", "puspo")
    roads.reopen("pasrepan", "puspo")
    assert roads.travel_hours("pasrepan", "puspo") == detour  # one closure still holds
    roads.reopen("pasrepan", "puspo")
    assert roads.travel_hours("pasrepan", "puspo") == before


def test_raised_rates_add_the_expected_number_of_incidents() -> None:
    from simulation.patrol.surge import IncidentSurge

    drill = Drill(load_scenario("pasuruan_pilkada_2024"), "statis", 1)
    surge = IncidentSurge(drill, "test")
    # supporter_clash: 0.008 per hour per sector; after the profile's last point (21:00 on H)
    # the factor 0.5 holds, so factor 3 (excess 2) over 24,000 h gives 0.008 x 0.5 x 2 x 24,000.
    t0 = drill.clock.at(22 * 3600.0)
    n = surge.add(t0, t0 + 24_000 * 3600.0, {("bangil", "supporter_clash"): 2.0})
    assert n == pytest.approx(192, abs=4 * 192**0.5)
    assert {i.cause for i in surge.incidents} == {"test"}


def test_voting_day_msel_spans_h_minus_1_to_the_night_return() -> None:
    spec = load_scenario("pasuruan_pilkada_2024")
    times = sorted(i.time for i in spec.msel.injects)
    assert times[0] <= -12 * 3600.0  # H-1 logistics
    assert times[-1] >= 22 * 3600.0  # night return of ballot boxes
    result = run_drill(spec, "statis", 2)
    assert result.kpis["msel.injects"] == len(spec.msel.injects)
    assert result.kpis["msel.fired"] >= 15


def test_one_seed_fixes_the_whole_timeline() -> None:
    spec = load_scenario("pasuruan_rekap_2024")
    first, again = run_drill(spec, "statis", 7), run_drill(spec, "statis", 7)
    assert first.events == again.events
    assert first.tables == again.tables
    assert first.series == again.series


def test_grievance_inject_without_information_section_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    text = (bundled_dir() / "pasuruan_pilkada_2024.yaml").read_text(encoding="utf-8")
    text = text[: text.index("\ninformation:\n")] + (
        "\nmsel:\n  injects:\n"
        "    - {number: '1', time: '09:00', event: e,"
        " action: {grievance: {sectors: [bangil], grievance: 0.1}}}\n"
    )
    path.write_text(text, encoding="utf-8")
    [problem] = _problems(path)
    assert "msel.injects[0].action.grievance: a grievance inject needs" in problem
