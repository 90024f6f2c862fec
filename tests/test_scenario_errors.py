"""The bad-input corpus: every mistake gets one clear, located message, and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulation.cli import main
from simulation.geography import parse_scenario
from simulation.scenario import ScenarioError
from tests.conftest import edited

# (case, edits, marker on the offending line, dotted path, words the message must contain)
CORPUS = [
    ("syntax", [("name: Alpha\n", "name: [Alpha\n")], "lat: -7.60", "<syntax>", "expected ','"),
    (
        "duplicate_key",
        [("      area_km2: 50\n", "      area_km2: 50\n      area_km2: 51\n")],
        "area_km2: 51",
        "geography.sectors[0].area_km2",
        "duplicate key (first written at line",
    ),
    (
        "unknown_key",
        [("      area_km2: 60\n", "      area_km2: 60\n      arae_km2: 60\n")],
        "arae_km2",
        "geography.sectors[1].arae_km2",
        "unknown key 'arae_km2' (did you mean 'area_km2'?)",
    ),
    (
        "unknown_section",
        [("targets:", "target:")],
        "target:",
        "target",
        "unknown key 'target' (did you mean 'targets'?)",
    ),
    (
        "wrong_type",
        [("area_km2: 40", "area_km2: forty")],
        "area_km2: forty",
        "geography.sectors[2].area_km2",
        "valid number",
    ),
    (
        "negative_rate",
        [("rate_per_hour: 0.1", "rate_per_hour: -0.1")],
        "rate_per_hour: -0.1",
        "incidents.generators[1].rate_per_hour",
        "greater than or equal to 0",
    ),
    (
        "negative_pool",
        [("officers: 400", "officers: -5")],
        "officers: -5",
        "forces.pools[1].officers",
        "greater than or equal to 0",
    ),
    (
        "bad_terrain",
        [("terrain: highland", "terrain: hilly")],
        "terrain: hilly",
        "geography.sectors[1].terrain",
        "'lowland' or 'highland'",
    ),
    (
        "bad_duration",
        [("mean: 20 min", "mean: twenty minutes")],
        "twenty minutes",
        "incidents.types[0].on_scene.mean",
        "expected a duration",
    ),
    (
        "bad_clock",
        [('"07:00"', '"25:00"')],
        '"25:00"',
        "incidents.profiles[0].points[1].at",
        "is not a time of day",
    ),
    (
        "bad_pattern",
        [('rawan: "2-2-4"', 'rawan: "2-2"')],
        '"2-2"',
        "strategies.static.tps_guard.rawan",
        "police-TPS-Linmas pattern",
    ),
    (
        "schema_version",
        [("schema_version: 1", "schema_version: 7")],
        "schema_version",
        "schema_version",
        "reads schema_version 1",
    ),
    (
        "unknown_parent",
        [("extends: static", "extends: statc")],
        "extends: statc",
        "strategies.mobile.extends",
        "unknown strategy 'statc' (did you mean 'static'?)",
    ),
    (
        "extends_cycle",
        [("name: Static\n", "name: Static\n    extends: mobile\n")],
        "extends: static",
        "strategies.mobile.extends",
        "static -> mobile -> static",
    ),
    (
        "unknown_site",
        [("stations: [hq]}\n    dispatch", "stations: [hqq]}\n    dispatch")],
        "[hqq]",
        "strategies.static.mobile[1].stations[0]",
        "unknown station (sector or site) 'hqq' (did you mean 'hq'?)",
    ),
    (
        "unknown_command",
        [("police: polres\n      terrain", "police: polri\n      terrain")],
        "police: polri",
        "geography.sectors[1].police",
        "unknown command 'polri'",
    ),
    (
        "unknown_type",
        [("type: clash\n", "type: clsh\n")],
        "type: clsh",
        "incidents.generators[1].type",
        "unknown incident type 'clsh' (did you mean 'clash'?)",
    ),
    (
        "profile_order",
        [('{at: "13:00", factor: 1.0}', '{at: "03:00", factor: 1.0}')],
        "points:",
        "incidents.profiles[0].points",
        "time order",
    ),
    (
        "unreachable",
        [("      - {a: bravo, b: charlie, km: 12, road: arterial}\n", "")],
        "id: charlie",
        "geography.sectors[2]",
        "sector 'charlie' cannot be reached by road",
    ),
    (
        "over_inventory",
        [("officers: 200", "officers: 80")],
        "  mobile:\n    extends",
        "strategies.mobile",
        "uses 82 officers of pool 'polres', which holds 80",
    ),
    (
        "lognormal_needs_sd",
        [("mean: 60 min, sd: 20 min", "mean: 60 min")],
        "mean: 60 min",
        "incidents.types[1].on_scene",
        "needs a positive 'sd'",
    ),
]


def _line_of(text: str, marker: str) -> int:
    head = text.split(marker, 1)[0]
    return head.count("\n") + 1


@pytest.mark.parametrize(
    ("case", "edits", "marker", "path", "words"), CORPUS, ids=[c[0] for c in CORPUS]
)
def test_bad_input_is_located(case, edits, marker, path, words):
    text = edited(*edits)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.yaml")
    matches = [p for p in info.value.problems if p.path == path and words in p.message]
    assert matches, f"no problem at {path} saying {words!r}: {info.value}"
    problem = matches[0]
    assert problem.file == "bad.yaml"
    assert problem.line == _line_of(text, marker), str(problem)
    assert str(problem).startswith(f"bad.yaml:{problem.line}:{problem.col}: {path}: ")


@pytest.mark.parametrize(
    ("case", "edits"), [(c[0], c[1]) for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_cli_exits_2_without_traceback_or_output(case, edits, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(edited(*edits), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["validate", str(bad)]) == 2
    assert main(["run", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err
    assert "Traceback" not in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.yaml"]


def test_every_problem_is_reported_at_once():
    text = edited(("area_km2: 40", "area_km2: forty"), ("rate_per_hour: 0.1", "rate_per_hour: -1"))
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.yaml")
    paths = {p.path for p in info.value.problems}
    assert {"geography.sectors[2].area_km2", "incidents.generators[1].rate_per_hour"} <= paths
    lines = [p.line for p in info.value.problems]
    assert lines == sorted(lines)


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert main(["validate", str(empty)]) == 2
    assert main(["validate", str(tmp_path / "nowhere.yaml")]) == 2


def test_unknown_strategy_on_the_command_line(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        [
            "run",
            str(Path(__file__).parent / "data" / "mini.yaml"),
            "--strategy",
            "mobil",
            "--out",
            str(out),
        ]
    )
    assert code == 2
    assert "unknown strategy 'mobil' (did you mean 'mobile'?)" in capsys.readouterr().err
    assert not out.exists()


def test_bad_override_names_the_override(tmp_path, capsys):
    mini = str(Path(__file__).parent / "data" / "mini.yaml")
    out = tmp_path / "out"
    assert (
        main(["run", mini, "--set", "incidents.generators[5].rate_per_hour=1", "--out", str(out)])
        == 2
    )
    assert (
        main(["run", mini, "--set", "incidents.generators[0].rate_per_hour=-1", "--out", str(out)])
        == 2
    )
    assert main(["run", mini, "--set", "targets.respons=5", "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "no such list item (the list has 2)" in err[0]
    assert err[1].startswith("<override>:1:1: incidents.generators[0].rate_per_hour: ")
    assert "unknown key 'respons' (did you mean 'response'?)" in err[2]
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (b"a: 1\nb: caf\xe9\n", ":2:7:", "not UTF-8 text (byte 0xe9)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", ":3:1:", "a binary file, not YAML text"),
    ],
)
def test_a_binary_or_non_utf8_file_is_a_located_error_not_a_traceback(
    tmp_path, capsys, content, where, message
):
    from simulation.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}{where} <file>: {message}" in err and "Traceback" not in err


def test_validate_takes_set_and_says_the_officers_each_strategy_deploys(capsys):
    from simulation.cli import main
    from simulation.geography import load_scenario
    from simulation.scenario.deployment import guard_groups, mobile_posts

    assert main(["validate", "pasuruan_pilkada_2024"]) == 0
    out = capsys.readouterr().out
    spec = load_scenario("pasuruan_pilkada_2024")
    sizes = {t.id: t.officers for t in spec.forces.unit_types}
    for name, strategy in spec.strategies.items():
        by_hand = sum(g.police for g in guard_groups(spec, strategy)) + sum(
            sizes[p.unit_type] for p in mobile_posts(spec, strategy)
        )
        assert f"{name} {by_hand:,} officers" in out
    bad = "geography.sectors[0].tps.rawan=-4"
    assert main(["validate", "pasuruan_pilkada_2024", "--set", bad]) == 2
    err = capsys.readouterr().err
    assert "<override>:1:1: geography.sectors[0].tps.rawan" in err


def test_schema_msel_and_force_pool_errors_come_in_one_pass(tmp_path, capsys):
    """A schema error used to hide the MSEL error, which hid the force-pool error: three
    rounds of validate for one file. The bad incident type (a schema error) is taken out and the
    cross-checks run on the rest, its paths mapped back to the lines written."""
    text = edited(
        ("      severity: 3\n", "      severity: three\n"),  # schema: incident type 'clash'
        ("officers: 200", "officers: 20"),  # force pool: the strategies need more police
    ) + (
        "msel:\n  injects:\n"
        "    - {number: '1', time: '10:00', event: ok}\n"
        "    - {number: '2', time: '23:30', event: too late}\n"  # MSEL: after the horizon
        "    - {number: '3', time: '11:00', event: bad, probability: 2}\n"  # schema again
        "    - {number: '4', time: '05:00', event: early}\n"
    )
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.yaml")
    found = {p.path: p for p in info.value.problems}
    assert "three" in text.splitlines()[found["incidents.types[1].severity"].line - 1]
    late = found["msel.injects[1].time"]
    assert "outside the drill" in late.message and "23:30" in text.splitlines()[late.line - 1]
    assert "msel.injects[2].probability" in found
    # inject 3 comes after the removed inject 2: its path and line are those written
    early = found["msel.injects[3].time"]
    assert "05:00" in text.splitlines()[early.line - 1]
    pools = [p for p in info.value.problems if "which holds 20" in p.message]
    assert {p.path for p in pools} == {"strategies.static", "strategies.mobile"}
    # no echo: the generator of the incident type the schema error took out is not reported
    assert not [p for p in info.value.problems if "'clash'" in p.message]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count(f"{bad}:") == len(info.value.problems) and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["bad.yaml"]


def _scalar_paths(node, prefix=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _scalar_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _scalar_paths(value, (*prefix, i))
    else:
        yield prefix


def test_any_one_corrupted_value_gives_located_problems_never_a_crash():
    """Salvage runs the cross-checks on a part of the scenario: none of them may trip over
    what was taken out. Every text value of the mini scenario (ids and the references to
    them, patterns, times), in turn, is made nonsense."""
    import copy

    import yaml

    data = yaml.safe_load(edited())
    for path in _scalar_paths(data):
        broken = copy.deepcopy(data)
        node = broken
        for part in path[:-1]:
            node = node[part]
        if not isinstance(node[path[-1]], str):
            continue
        node[path[-1]] = "???"
        try:
            parse_scenario(yaml.safe_dump(broken, sort_keys=False), "bad.yaml")
        except ScenarioError as exc:
            assert all(p.file == "bad.yaml" and p.line >= 1 for p in exc.problems), path


def test_a_bad_value_shared_by_extending_strategies_is_reported_for_each():
    """Strategies that extend one another share sub-documents; salvage took the bad key out of
    one and then failed to find it in the next (a KeyError traceback instead of the errors)."""
    from simulation.geography import load_scenario

    bad = {"strategies.berlapis.crowd.doctrine.merah.dispersal_order": -5}
    with pytest.raises(ScenarioError) as info:
        load_scenario("demo_kpu_bangil", bad)
    paths = {p.path for p in info.value.problems}
    assert "strategies.berlapis.crowd.doctrine.merah.dispersal_order" in paths
    assert "strategies.berlapis_siaga.crowd.doctrine.merah.dispersal_order" in paths


YAML_TEXT = """\
base: &base {speed_kmh: 40, terrain: lowland}
sectors:
  - {<<: *base, name: “Bangil” – kota, opens: 07:30}
  - name: Purwodadi ✓ dataran tinggi
    <<: *base
    terrain: highland
note: |
  Hoaks “surat suara tercoblos” beredar
"""


@pytest.mark.parametrize(
    "text", [YAML_TEXT, YAML_TEXT.replace("name: Purwodadi", "name: [Purwodadi")]
)
def test_libyaml_reads_a_file_as_the_pure_python_parser_does(monkeypatch, text):
    """Scenarios are read by libyaml when PyYAML has it (faster); data, line and column marks
    (past non-ASCII text too) and syntax messages must be those of the pure-Python parser."""
    import yaml

    from simulation.scenario import yamlsource

    def read(loader: type) -> object:
        monkeypatch.setattr(yamlsource, "_FAST_LOADER", loader)
        try:
            data, locator = yamlsource.load_yaml(text, "f.yaml")
        except ScenarioError as exc:
            return str(exc)
        return data, locator.values, locator.keys

    assert read(yaml.CSafeLoader) == read(yaml.SafeLoader)
