"""Reading MSEL tables: HSEEP columns, spreadsheet dialects and located errors."""

from pathlib import Path

import pytest

from simulation.scenario.errors import ScenarioError
from simulation.scenario.msel_table import canonical_column, read_msel_table

HEADER = (
    "MSEL #,Scenario Time,Event,Location,Responsible Controller,Intended Player,"
    "Expected Action,Objective"
)


def _write(tmp_path: Path, text: str, name: str = "msel.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_hseep_columns_with_cell_positions(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER + ",Action\n"
        '1,H 10:40,"Hoaks: surat suara, sudah tercoblos",Kejayan,Kasi Humas,Tim Siber,'
        "Takedown,Kontra narasi,{spread_hoax: surat_suara}\n",
    )
    [row] = read_msel_table(path)
    assert row.line == 2
    assert row.cells["event"].value == "Hoaks: surat suara, sudah tercoblos"
    assert (row.cells["event"].line, row.cells["event"].col) == (2, 11)
    assert row.cells["action"].value == "{spread_hoax: surat_suara}"
    assert row.cells["location"].col == 49


def test_semicolon_export_and_indonesian_headers(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "No;Waktu;Kejadian;Lokasi;Pengendali;Pelaku;Tindakan yang diharapkan;Tujuan\r\n"
        "7;H 13:00;Massa berkumpul;PPK Bangil;Kabag Ops;Dalmas;Negosiasi;Kendali massa\r\n",
    )
    [row] = read_msel_table(path)
    assert row.cells["number"].value == "7"
    assert row.cells["objective"].value == "Kendali massa"


def test_quoted_cell_spanning_lines_keeps_later_cells_located(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER + '\n1,H 10:00,"line one\nline ""two""",Bangil,C,P,A,O\n\n2,H 11:00,e,l,c,p,a,o\n',
    )
    first, second = read_msel_table(path)
    assert first.cells["event"].value == 'line one\nline "two"'
    assert (first.cells["location"].line, first.cells["location"].col) == (3, 15)
    assert second.line == 5


def test_missing_columns_are_named_at_the_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "MSEL #,Scenario Time,Event,Location\n1,H 10:00,e,l\n")
    with pytest.raises(ScenarioError) as info:
        read_msel_table(path)
    assert str(info.value) == (
        f"{path}:1:1: header: missing column(s): controller, player, expected_action, objective"
    )


def test_unknown_column_is_located(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + ",Colour\n")
    with pytest.raises(ScenarioError, match=r":1:102: header: unknown column 'Colour'"):
        read_msel_table(path)


def test_short_row_and_unclosed_quote_are_located(tmp_path: Path) -> None:
    short = _write(tmp_path, HEADER + "\n1,H 10:00,e\n", "short.csv")
    with pytest.raises(ScenarioError, match=r"short.csv:2:11: row 2: 3 cells, the header has 8"):
        read_msel_table(short)
    unclosed = _write(tmp_path, HEADER + '\n1,H 10:00,"never closed\n', "open.csv")
    with pytest.raises(ScenarioError, match=r"open.csv:2:11: table: unclosed quote"):
        read_msel_table(unclosed)


def test_canonical_column_names() -> None:
    assert canonical_column(" Responsible Controller ") == "controller"
    assert canonical_column("Expected-Action") == "expected_action"
    assert canonical_column("MSEL #") == "number"
