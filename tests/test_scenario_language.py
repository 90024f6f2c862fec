"""The scenario language reads what planners write, and the default scenario says where its
numbers come from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from simulation.geography import load_scenario, parse_scenario
from simulation.scenario import ScenarioError, bundled_scenarios
from simulation.scenario.deployment import personnel
from simulation.scenario.model import ScenarioSpec, Sourced
from simulation.scenario.schema import scenario_json_schema
from simulation.scenario.units import format_clock, parse_clock, parse_duration
from tests.conftest import MINI, edited, mini

HIGHLAND = {"lumbang", "puspo", "tosari", "tutur", "purwodadi", "prigen", "gempol"}
KOTA = {"nguling", "grati", "lekok", "rejoso", "gondang_wetan", "pohjentrek", "kraton"}


@pytest.fixture(scope="module")
def pasuruan() -> ScenarioSpec:
    return load_scenario("pasuruan_pilkada_2024")


def test_default_scenario_holds_the_regency(pasuruan):
    sectors = pasuruan.geography.sectors
    assert len(sectors) == 24
    assert sum(s.tps.total for s in sectors) == 2338
    assert {s.id for s in sectors if s.terrain == "highland"} == HIGHLAND
    assert {s.id for s in sectors if s.police == "polres_kota"} == KOTA
    assert pasuruan.metadata.date.isoformat() == "2024-11-27"
    kpu = next(s for s in pasuruan.geography.sites if s.kind == "kpu_office")
    assert kpu.sector == "bangil"


def test_default_strategies_use_the_same_officers(pasuruan):
    used = [personnel(pasuruan, s) for s in pasuruan.strategies.values()]
    assert len(used) >= 2
    assert all(u == used[0] for u in used)
    guards = [pasuruan.strategies[k].tps_guard.kurang_rawan.tps for k in pasuruan.strategies]
    assert len(set(guards)) > 1, "strategies should differ in how they guard TPS"


def _numbers_without_provenance(model: BaseModel, path: str, covered: bool) -> list[str]:
    if isinstance(model, Sourced) and (model.source or model.assumption):
        covered = True
    missing = []
    for name, value in model:
        here = f"{path}.{name}"
        items = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list | tuple)
            else [(None, value)]
        )
        for key, item in items:
            where = here if key is None else f"{here}[{key}]"
            if isinstance(item, BaseModel):
                missing += _numbers_without_provenance(item, where, covered)
            elif (
                isinstance(item, int | float)
                and not isinstance(item, bool)
                and not covered
                and isinstance(model, Sourced)
            ):
                missing.append(where)
    return missing


def test_every_number_of_the_default_scenario_has_a_source_or_assumption(pasuruan):
    for section in ("geography", "forces", "incidents", "targets"):
        assert _numbers_without_provenance(getattr(pasuruan, section), section, False) == []
    for name, strategy in pasuruan.strategies.items():
        assert _numbers_without_provenance(strategy.tps_guard, name, False) == []
        assert _numbers_without_provenance(strategy.dispatch, name, False) == []


def test_extends_inherits_and_overrides():
    spec = mini()
    static, mobile = spec.strategies["static"], spec.strategies["mobile"]
    assert mobile.tps_guard.kurang_rawan.tps == 16
    assert mobile.tps_guard.sangat_rawan == static.tps_guard.sangat_rawan
    assert mobile.dispatch == static.dispatch
    assert mobile.extends == "static"


def test_overrides_reach_children_and_change_the_digest():
    base = load_scenario(MINI)
    changed = load_scenario(MINI, {"strategies.static.dispatch.escalate_after": "10 min"})
    assert changed.strategies["static"].dispatch.escalate_after == 600
    assert changed.strategies["mobile"].dispatch.escalate_after == 600
    assert changed.digest != base.digest
    assert load_scenario(MINI).digest == base.digest


def test_clock_times_survive_yaml_base_60():
    # Unquoted 07:00 is the integer 420 in YAML 1.1; the language must still read a clock time.
    spec = mini(('{at: "07:00", factor: 2.0}', "{at: 07:00, factor: 2.0}"))
    assert spec.incidents.profiles[0].points[1].at == 7 * 3600


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15 min", 900), ("2 h", 7200), ("90 s", 90), ("1.5h", 5400), (20, 1200), ("1 day", 86400)],
)
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("07:00", 25200), ("H-1 18:00", -21600), ("H+1 02:30", 95400), ("24:00", 86400)],
)
def test_clock_times(text, seconds):
    assert parse_clock(text) == seconds


@given(st.integers(min_value=-5 * 1440, max_value=5 * 1440))
def test_clock_labels_round_trip(minutes):
    assert parse_clock(format_clock(minutes * 60.0)) == minutes * 60.0


def test_anchors_and_merge_keys(tmp_path):
    text = MINI.read_text().replace(
        "    - {id: polres, name: Polres, kind: polri, officers: 200, source: test}",
        "    - &pool {id: polres, name: Polres, kind: polri, officers: 200, source: test}\n"
        "    - {<<: *pool, id: spare, officers: 5}",
    )
    path = tmp_path / "anchors.yaml"
    path.write_text(text)
    spare = load_scenario(path).forces.pools[1]
    assert (spare.id, spare.kind, spare.officers) == ("spare", "polri", 5)


def _as_editor_reads(path: Path) -> dict:
    """YAML 1.2 editors read 2024-11-27 as a string, not a date."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))


def test_json_schema_accepts_the_bundled_scenarios_and_rejects_typos():
    schema = scenario_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in bundled_scenarios().values():
        jsonschema.validate(_as_editor_reads(path), schema)
    data = _as_editor_reads(MINI)
    data["geography"]["sectors"][0]["arae_km2"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_json_schema_defaults_are_written_as_a_user_writes_them():
    """A bare number in a file means minutes: the schema's default for targets.response was the
    internal 900.0 (seconds), which an editor would offer as 900 minutes."""
    from simulation.scenario.model import Targets
    from simulation.scenario.units import (
        CLOCK_PATTERN,
        DURATION_PATTERN,
        parse_clock,
        parse_duration,
    )

    schema = scenario_json_schema()
    response = schema["$defs"]["Targets"]["properties"]["response"]
    assert response["default"] == "15 min"
    assert parse_duration(response["default"]) == Targets().response
    defaults = []

    def walk(node):
        if isinstance(node, dict):
            options = node.get("anyOf", [node])
            patterns = {o.get("pattern") for o in options if isinstance(o, dict)}
            if "default" in node and patterns & {DURATION_PATTERN, CLOCK_PATTERN}:
                defaults.append((node["default"], patterns))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert len(defaults) > 10
    for default, patterns in defaults:
        if default is None:
            continue
        assert isinstance(default, str), default  # never seconds posing as minutes
        parse = parse_duration if DURATION_PATTERN in patterns else parse_clock
        parse(default)


def test_bundled_scenarios_are_found_from_anywhere(tmp_path):
    code = (
        "from simulation.geography import load_scenario; "
        "s = load_scenario('pasuruan_pilkada_2024'); print(s.metadata.name)"
    )
    root = Path(__file__).resolve().parents[1]
    env = {"PYTHONPATH": str(root), "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "pasuruan_pilkada_2024"


def test_the_json_schema_is_the_same_bytes_in_every_process():
    import os
    import subprocess
    import sys

    outputs = {
        subprocess.run(
            [sys.executable, "-m", "simulation.cli", "schema"],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(outputs) == 1


def test_tps_khusus_deploy_their_own_guard_pattern_by_hand():
    """mini with 3 TPS khusus in alpha and 1 in charlie, guarded 4-2-6 (a pattern no other
    class uses): groups of 2 TPS, 4 police a group, Linmas per TPS rounded up."""
    from simulation.scenario.deployment import guard_groups, officers_deployed, personnel

    text = edited(
        ("sangat_rawan: 2}", "sangat_rawan: 2, khusus: 3}"),
        ("sangat_rawan: 0}", "sangat_rawan: 0, khusus: 1}"),
        ('sangat_rawan: "2-1-2"', 'sangat_rawan: "2-1-2"\n      khusus: "4-2-6"'),
    )
    spec = parse_scenario(text, "mini.yaml")
    static, mobile = spec.strategies["static"], spec.strategies["mobile"]
    groups = [g for g in guard_groups(spec, static) if g.tps_class == "khusus"]
    assert [(g.sector, g.tps, g.police, g.linmas) for g in groups] == [
        ("alpha", 2, 4, 6),
        ("alpha", 1, 4, 3),
        ("charlie", 1, 4, 3),
    ]
    # static: 54 guards on the other classes + 3 cars x 4 + QRT 10 = 76, and 3 groups of 4
    assert officers_deployed(spec, static) == 76 + 12
    # mobile (extends static, so the khusus pattern too): 36 guards + 9 cars x 4 + 10 = 82
    assert officers_deployed(spec, mobile) == 82 + 12
    plain = parse_scenario(edited(), "mini.yaml")
    before = personnel(plain, plain.strategies["static"])["linmas"]
    assert personnel(spec, static)["linmas"] - before == 6 + 3 + 3
    assert spec.geography.sectors[0].tps.total == 40 + 8 + 2 + 3


def test_the_2024_sangat_rawan_pattern_is_offered_by_name():
    from simulation.scenario.units import parse_pattern

    assert parse_pattern("sangat_rawan_2024") == {"police": 2, "tps": 1, "linmas": 2}
    spec = mini(('sangat_rawan: "2-1-2"', "sangat_rawan: sangat_rawan_2024"))
    assert spec.strategies["static"].tps_guard.sangat_rawan.model_dump(
        include={"police", "tps", "linmas"}
    ) == {"police": 2, "tps": 1, "linmas": 2}
    with pytest.raises(ScenarioError, match="'sangat_rawan_2024'"):
        mini(('sangat_rawan: "2-1-2"', "sangat_rawan: sangat_rawan_2019"))


def test_tps_khusus_without_a_guard_pattern_is_located():
    text = edited(("sangat_rawan: 2}", "sangat_rawan: 2, khusus: 3}"))
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "mini.yaml")
    problems = info.value.problems  # mobile extends static, so it lacks the pattern too
    assert [p.path for p in problems] == [
        "strategies.static.tps_guard",
        "strategies.mobile.tps_guard",
    ]
    for problem in problems:
        assert "3 TPS khusus" in problem.message and "'khusus:'" in problem.message
        assert text.splitlines()[problem.line - 1].strip() == "tps_guard:"
