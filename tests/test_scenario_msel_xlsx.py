"""MSEL tables kept as Excel workbooks: the same injects as CSV, errors at row and column."""

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from simulation.cli import main
from simulation.geography import load_scenario
from simulation.scenario import ScenarioError
from simulation.scenario.bundled import bundled_dir
from simulation.scenario.msel_table import read_msel_table

HEADER = [
    "MSEL #",
    "Scenario Time",
    "Event",
    "Location",
    "Responsible Controller",
    "Intended Player",
    "Expected Action",
    "Objective",
    "Trigger",
    "Until",
    "Probability",
    "Condition",
    "Action",
]
HARI_H = dt.date(2024, 11, 27)  # the bundled voting day (checked in the equivalence test)


def _workbook(path: Path, rows: list[list[object]], sheet: str = "Sheet") -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def _scenario(tmp_path: Path, table: str) -> Path:
    """A scenario based on the bundled voting day whose MSEL is the one table."""
    path = tmp_path / "drill.yaml"
    path.write_text(
        f"schema_version: 1\nbase: {bundled_dir() / 'pasuruan_pilkada_2024.yaml'}\n"
        f"metadata:\n  name: test_drill\nmsel:\n  tables: [{table}]\n",
        encoding="utf-8",
    )
    return path


def _excel_value(column: str, text: str) -> object:
    """What a planner typing the CSV's text into Excel would store: times, numbers, text."""
    if column in ("Scenario Time", "Until") and text:
        day, _, clock = text.rpartition(" ")
        hour, minute = map(int, clock.split(":"))
        if day in ("", "H"):
            return dt.time(hour, minute)
        offset = int(day[1:])
        return dt.datetime.combine(HARI_H + dt.timedelta(days=offset), dt.time(hour, minute))
    if column == "Probability" and text:
        return float(text)
    if column == "MSEL #" and text.isdigit():
        return int(text)
    return text or None


def test_bundled_msel_as_a_workbook_gives_the_same_injects_as_the_csv(tmp_path: Path) -> None:
    source = bundled_dir() / "msel" / "pasuruan_hari_h.csv"
    with source.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == HEADER
    cells = [[_excel_value(c, v) for c, v in zip(header, row, strict=True)] for row in rows]
    assert any(isinstance(v, dt.datetime) for row in cells for v in row)  # H-1 rows as dates
    assert any(isinstance(v, dt.time) for row in cells for v in row)
    # an empty first sheet and the MSEL on a sheet named so, as planners' workbooks often are
    workbook = Workbook()
    workbook.active.title = "Petunjuk"
    workbook.active.append(["Isi lembar MSEL"])
    msel = workbook.create_sheet("MSEL")
    for row in [header, *cells]:
        msel.append(row)
    workbook.save(tmp_path / "hari_h.xlsx")
    (tmp_path / "hari_h.csv").write_bytes(source.read_bytes())

    from_csv = load_scenario(_scenario(tmp_path, "hari_h.csv"))
    from_xlsx = load_scenario(_scenario(tmp_path, "hari_h.xlsx"))
    assert from_csv.metadata.date == HARI_H
    assert len(from_xlsx.msel.injects) == len(rows) > 0
    assert from_xlsx.msel.injects == from_csv.msel.injects


def test_excel_time_values_become_clock_text(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "times.xlsx",
        [
            [*HEADER[:8], "Until"],
            [1, dt.time(10, 40), "e", "l", "c", "p", "a", "o", dt.time(23, 59, 40)],
            [2, "H-1 18:00", "e", "l", "c", "p", "a", "o", dt.timedelta(hours=26, minutes=30)],
            [3, dt.datetime(2024, 11, 26, 18, 0), "e", "l", "c", "p", "a", "o", None],
        ],
    )
    first, second, third = read_msel_table(path, HARI_H)
    assert first.cells["time"].value == "10:40"
    assert first.cells["until"].value == "H+1 00:00"  # to the minute, as format_clock rounds
    assert second.cells["time"].value == "H-1 18:00"
    assert second.cells["until"].value == "H+1 02:30"
    assert third.cells["time"].value == "H-1 18:00"
    assert "until" not in third.cells
    assert (third.cells["time"].line, third.cells["time"].col) == (4, 2)
    with pytest.raises(ScenarioError, match=r"times.xlsx:4:2: table: a date needs"):
        read_msel_table(path)


def _validate_fails(
    tmp_path: Path, rows: list[list[object]], capsys: pytest.CaptureFixture[str]
) -> str:
    _workbook(tmp_path / "table.xlsx", rows)
    path = _scenario(tmp_path, "table.xlsx")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drill.yaml", "table.xlsx"]
    return err


def test_missing_column_in_a_workbook_is_located_at_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [[], HEADER[:3], [1, "H 09:00", "e"]]  # header on row 2
    err = _validate_fails(tmp_path, rows, capsys)
    assert f"{tmp_path / 'table.xlsx'}:2:1: header: missing column(s): location," in err


def test_bad_time_in_a_workbook_is_located_at_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [HEADER, [1, "H 09:00", "e", "l", "c", "p", "a", "o"]]
    rows.append([2, "jam sepuluh", "e", "l", "c", "p", "a", "o"])
    err = _validate_fails(tmp_path, rows, capsys)
    assert err.startswith(f"{tmp_path / 'table.xlsx'}:3:2: msel.injects[1].time:")
    assert "expected a clock time" in err


def test_unknown_condition_object_in_a_workbook_points_at_the_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row: list[object] = [7, dt.time(13), "e", "l", "c", "p", "a", "o", "contingency"]
    row += [dt.time(18), None, "crowd.kpu.status >= merah", None]
    err = _validate_fails(tmp_path, [HEADER, row], capsys)
    # line = row, col = column: the condition is in column 12 whatever its offending character
    assert err.startswith(f"{tmp_path / 'table.xlsx'}:2:12: msel.injects[0].condition:")
    assert "unknown object 'crowd.kpu'" in err


def test_extra_cell_beyond_the_header_and_bad_action_are_located(tmp_path: Path) -> None:
    extra = _workbook(tmp_path / "extra.xlsx", [HEADER[:8], [1, "09:00"] + ["x"] * 6 + [None, "y"]])
    with pytest.raises(ScenarioError, match=r"extra.xlsx:2:10: row 2: 10 cells, the header has 8"):
        read_msel_table(extra)
    _workbook(tmp_path / "action.xlsx", [HEADER, [1, "09:00"] + ["x"] * 10 + ["{a: [b"]])
    _scenario(tmp_path, "action.xlsx")
    with pytest.raises(ScenarioError, match=r"action.xlsx:2:13: action:"):
        load_scenario(tmp_path / "drill.yaml")
    with pytest.raises(ScenarioError, match=r"notxlsx.xlsx:1:1: table: cannot read as an Excel"):
        read_msel_table(_write_text(tmp_path / "notxlsx.xlsx"))


def _write_text(path: Path) -> Path:
    path.write_text("MSEL #,Scenario Time\n", encoding="utf-8")
    return path
