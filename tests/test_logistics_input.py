"""Bad logistics input: located errors, exit code 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from simulation.cli import main
from simulation.geography import load_scenario, parse_scenario
from simulation.scenario import ScenarioError, bundled_scenarios
from simulation.scenario.schema import scenario_json_schema
from tests.logistics_cases import TINY, tiny


def problems(overrides: dict) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        tiny(overrides)
    return [str(p) for p in info.value.problems]


def test_negative_capacity_is_located() -> None:
    text = TINY.replace("capacity: 10, load: 2 min", "capacity: -4, load: 2 min")
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "tiny.yaml")
    (problem,) = info.value.problems
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "capacity: -4" in row)
    assert (problem.file, problem.line) == ("tiny.yaml", line)
    assert problem.path == "logistics.vehicles[0].capacity"
    assert "greater than or equal to 1" in problem.message


REVERSED = TINY.replace('window: ["H-1 08:00", "H-1 12:00"]', 'window: ["H-1 12:00", "H-1 08:00"]')


def test_schedule_ending_before_it_starts() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(REVERSED, "tiny.yaml")
    (problem,) = info.value.problems
    row = next(
        i for i, text in enumerate(REVERSED.splitlines(), 1) if 'H-1 12:00", "H-1 08' in text
    )
    assert problem.line == row
    assert str(problem).endswith("logistics.waves[0].window: the schedule ends before it starts")


def test_tps_whose_pps_has_no_route() -> None:
    found = problems({"logistics.waves[0].sectors": ["alpha"]})
    assert any(
        "logistics.pps[0]: PPS 'desa' and 0 more have no route: kecamatan 'beta' is in no wave" in p
        for p in found
    )


def test_every_tps_needs_a_pps() -> None:
    found = problems({"logistics.pps[0].tps": 3})
    assert any("kecamatan 'beta' has 4 TPS but its PPS serve 3" in p for p in found)


def test_unknown_references_get_hints() -> None:
    found = problems({"logistics.legs.ppk_pps.vehicle": "pikup", "logistics.warehouse": "gudnag"})
    assert any("unknown vehicle 'pikup' (did you mean 'pickup'?)" in p for p in found)
    assert any("unknown site 'gudnag' (did you mean 'gudang'?)" in p for p in found)


def test_errors_in_a_base_file_name_the_base_file(tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(
        "schema_version: 1\nbase: pasuruan_logistik_2024\n"
        "logistics:\n  waves:\n    - sectors: [bangil]\n      window: ['H-3 07:00', 'H-3 18:00']\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    files = {Path(p.file).name for p in info.value.problems}
    assert files == {"pasuruan_logistik_2024.yaml"}  # the stranded PPS are written there
    stranded = [p for p in info.value.problems if "have no route" in p.message]
    assert len(stranded) == 23  # one per kecamatan left out of the waves


def test_cli_exits_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(REVERSED, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "logistics.waves[0].window: the schedule ends before it starts" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_bundled_logistics_scenario_is_valid_and_complete() -> None:
    assert "pasuruan_logistik_2024" in bundled_scenarios()
    spec = load_scenario("pasuruan_logistik_2024")
    assert spec.logistics is not None
    assert len(spec.logistics.pps) == 365
    assert sum(p.tps for p in spec.logistics.pps) == 2338
    withdrawn = set(spec.logistics.withdrawals[0].pps)
    assert sum(p.tps for p in spec.logistics.pps if p.id in withdrawn) == 23
    base = load_scenario("pasuruan_pilkada_2024")
    assert base.logistics is None and base.metadata.horizon < spec.metadata.horizon
    assert spec.geography == base.geography and spec.forces == base.forces


def test_editor_schema_takes_base_files_and_still_catches_typos() -> None:
    schema = scenario_json_schema()
    path = bundled_scenarios()["pasuruan_logistik_2024"]
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schema)
    data["logistics"]["vehicles"][0]["capasity"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
