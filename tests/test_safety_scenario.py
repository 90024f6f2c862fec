"""Safety net: impossible scenario numbers are located errors, never a drill (issue 13).

A negative TPS count would make negative guard groups and incident weights: the drill must not
run, and the planner must be told where the number is (``file:line:col: path: message``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulation.cli import main
from simulation.geography import load_scenario
from simulation.scenario import ScenarioError
from tests.conftest import edited

NEGATIVE = edited(("rawan: 8,", "rawan: -40,"))  # alpha's rawan TPS (flow style)
BLOCK = edited(
    (
        "tps: {kurang_rawan: 30, rawan: 6, sangat_rawan: 4}",
        "tps:\n        kurang_rawan: 30\n        rawan: -40\n        sangat_rawan: 4",
    )
)  # bravo's, written as a block


def _where(text: str, needle: str) -> tuple[int, int]:
    """Line and column (1-based) of `needle` in `text`, found by hand-readable search."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.mark.parametrize(
    ("text", "needle", "path"),
    [
        (NEGATIVE, "rawan: -40", "geography.sectors[0].tps.rawan"),
        (BLOCK, "rawan: -40", "geography.sectors[1].tps.rawan"),
    ],
)
def test_negative_tps_count_is_a_located_error_and_validate_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, needle: str, path: str
) -> None:
    # " rawan: -40" not "kurang_rawan": the key itself is where the planner must look.
    line, col = _where(text, " " + needle)
    col += 1
    file = tmp_path / "negatif.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(file))
    [problem] = caught.value.problems
    assert (problem.line, problem.col, problem.path) == (line, col, path)
    assert main(["validate", str(file)]) == 2
    err = capsys.readouterr().err
    assert re.search(rf"negatif\.yaml:{line}:{col}: {re.escape(path)}: .*(0|negative)", err), err


def test_a_negative_tps_count_never_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "negatif.yaml"
    file.write_text(NEGATIVE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(file), "--out", str(out)]) == 2
    assert not out.exists()
    assert "tps.rawan" in capsys.readouterr().err


def test_a_negative_tps_count_set_on_the_command_line_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "mini.yaml"
    file.write_text(edited(), encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        ["run", str(file), "--set", "geography.sectors[2].tps.rawan=-40", "--out", str(out)]
    )
    assert code == 2
    assert not out.exists()
    assert "<override>:1:1: geography.sectors[2].tps.rawan:" in capsys.readouterr().err
