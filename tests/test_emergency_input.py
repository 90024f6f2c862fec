"""Bad emergency input: every mistake located at its line, exit code 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulation.cli import main
from simulation.geography import parse_scenario
from simulation.scenario import ScenarioError

DATA = Path(__file__).parent / "data"
TEXT = (DATA / "emergency_line.yaml").read_text(encoding="utf-8")
INJECT = """
msel:
  injects:
    - {number: "1", time: "09:00", event: Api, action: {start_fire: {premises: p7}}}
"""
ESCORT = "    emergency:\n      damkar_escort: {unit_type: brimob}"

CASES = {
    "neighbour": (
        ("neighbours: [p2]}", "neighbours: [p9]}"),
        "emergency.premises[0].neighbours[0]",
        "unknown premises 'p9'",
    ),
    "own_neighbour": (
        ("neighbours: [p2]}", "neighbours: [p1]}"),
        "emergency.premises[0].neighbours[0]",
        "not its own neighbour",
    ),
    "shares": (("    red: 1\n", "    red: 0.9\n"), "emergency.casualties", "add up to 1"),
    "duration": (
        ("spread_after: 10 min", "spread_after: soon"),
        "emergency.fire.spread_after",
        "expected a duration",
    ),
    "growth": (
        ("growth: slow", "growth: smouldering"),
        "emergency.premises[2].growth",
        "'slow', 'medium', 'fast' or 'ultrafast'",
    ),
    "probability": (
        ("arson_probability: 1,", "arson_probability: 1.5,"),
        "emergency.looting.arson_probability",
        "less than or equal to 1",
    ),
    "unit_type": (
        ("rescue_unit_type: brimob", "rescue_unit_type: gegana"),
        "emergency.hostage.rescue_unit_type",
        "unknown unit type 'gegana'",
    ),
    "detention": (
        ("detention: hq", "detention: b"),
        "emergency.arrests.detention",
        "unknown site 'b'",
    ),
    "station_place": (
        ("sector: c, engines: 1}", "sector: z, engines: 1}"),
        "emergency.damkar[0].sector",
        "unknown sector or site 'z'",
    ),
    "staged_too_many": (
        ("damkar: [{base: pos_c, at: a}]", "damkar: [{base: pos_c, vehicles: 2, at: a}]"),
        "strategies.staged.emergency.damkar[0].vehicles",
        "'pos_c' has only 1 engines",
    ),
    "staged_base": (
        ("ambulances: [{base: rs_c, at: a}]", "ambulances: [{base: rs_x, at: a}]"),
        "strategies.staged.emergency.ambulances[0].base",
        "unknown hospital 'rs_x'",
    ),
    "escort_unit_type": (
        ("damkar_escort: {unit_type: brimob}", "damkar_escort: {unit_type: gegana}"),
        "strategies.escorted.emergency.damkar_escort.unit_type",
        "unknown unit type 'gegana'",
    ),
    "escort_not_deployed": (
        (ESCORT, "    mobile: [{unit_type: car, count: 1, stations: [hq]}]\n" + ESCORT),
        "strategies.escorted.emergency.damkar_escort.unit_type",
        "deploys no 'brimob' unit",
    ),
    "inject_premises": (
        ("strategies:\n", INJECT + "strategies:\n"),
        "msel.injects[0].action.start_fire.premises",
        "unknown premises 'p7'",
    ),
}


def _problem(case: str):
    (old, new), path, words = CASES[case]
    assert old in TEXT, old
    text = TEXT.replace(old, new, 1)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.yaml", folder=DATA)
    problems = [p for p in info.value.problems if p.path == path]
    assert problems, [str(p) for p in info.value.problems]
    return text, new, problems[0], words


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_emergency_input_is_located(case):
    text, new, problem, words = _problem(case)
    assert words in problem.message
    assert problem.file == "bad.yaml"
    marker = {"shares": "casualties:", "inject_premises": "p7"}.get(case, new.split("\n")[-1])
    lines = [i for i, row in enumerate(text.splitlines(), 1) if marker.strip() in row]
    assert problem.line in lines


def test_a_red_phase_inject_needs_the_emergency_section():
    text = (DATA / "line.yaml").read_text(encoding="utf-8") + INJECT.replace(
        "start_fire: {premises: p7}", "take_hostage: {situation: kantor}"
    )
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "line.yaml", folder=DATA)
    (problem,) = info.value.problems
    assert problem.path == "msel.injects[0].action.take_hostage"
    assert "needs the scenario's 'emergency' section" in problem.message


def test_cli_exits_2_and_writes_nothing(tmp_path, capsys):
    (old, new), path, _ = CASES["staged_too_many"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(TEXT.replace(old, new).replace("base: line.yaml", f"base: {DATA}/line.yaml"))
    out = tmp_path / "out"
    assert main(["run", str(bad), "--strategy", "staged", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:" in err and path in err
    assert "Traceback" not in err
    assert not out.exists()


CASUALTY_CASES = {
    "place": ("{at: z, red: 1}", "casualties.at", "unknown sector or site 'z'"),
    "both": ("{at: a, count: 2, red: 1}", "casualties", "not both"),
    "none": ("{at: a}", "casualties", "at least one casualty"),
    "negative": ("{at: a, red: -1}", "casualties.red", "greater than or equal to 0"),
    "count": ("{at: a, count: 0}", "casualties.count", "greater than or equal to 1"),
    "km": ("{at: a, local_km: -2, red: 1}", "casualties.local_km", "greater than or equal"),
}


@pytest.mark.parametrize("case", sorted(CASUALTY_CASES))
def test_bad_casualty_inject_is_located(case):
    value, where, words = CASUALTY_CASES[case]
    inject = INJECT.replace("{start_fire: {premises: p7}}", "{casualties: " + value + "}")
    text = TEXT.replace("strategies:\n", inject + "strategies:\n", 1)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.yaml", folder=DATA)
    (problem,) = info.value.problems
    assert problem.path == f"msel.injects[0].action.{where}"
    assert words in problem.message
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "casualties: {at" in row)
    assert (problem.file, problem.line) == ("bad.yaml", line)


def test_a_casualty_inject_needs_the_emergency_section():
    inject = INJECT.replace("{start_fire: {premises: p7}}", "{casualties: {at: a, red: 1}}")
    text = (DATA / "line.yaml").read_text(encoding="utf-8") + inject
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "line.yaml", folder=DATA)
    (problem,) = info.value.problems
    assert problem.path == "msel.injects[0].action.casualties"
    assert "needs the scenario's 'emergency' section" in problem.message
