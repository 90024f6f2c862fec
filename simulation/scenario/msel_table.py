"""MSEL tables: CSV files of injects (as a spreadsheet exports them), read into the scenario.

Exercise controllers keep the Master Scenario Events List in a spreadsheet with HSEEP columns.
We read it ourselves rather than through :mod:`csv` because every error must point at
``file:line:col`` of the offending cell, also when a quoted cell spans lines. Spreadsheets in the
Indonesian locale export with ``;`` (the comma is the decimal mark), so the delimiter is taken
from the header line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from simulation.scenario.errors import Locator, Problem, ScenarioError

HSEEP_COLUMNS = (
    "number",
    "time",
    "event",
    "location",
    "controller",
    "player",
    "expected_action",
    "objective",
)
"""Columns every MSEL table has (HSEEP MSEL template), in their canonical names."""

ENGINE_COLUMNS = ("trigger", "until", "probability", "condition", "action")
"""Optional columns that tell the engine how the inject fires and what it does."""

_ALIASES = {
    "msel": "number",
    "no": "number",
    "nomor": "number",
    "inject": "number",
    "scenario_time": "time",
    "waktu": "time",
    "event_description": "event",
    "kejadian": "event",
    "lokasi": "location",
    "responsible_controller": "controller",
    "pengendali": "controller",
    "intended_player": "player",
    "pelaku": "player",
    "tindakan_yang_diharapkan": "expected_action",
    "tujuan": "objective",
}


def _fail(file: str, line: int, col: int, path: str, message: str) -> ScenarioError:
    return ScenarioError([Problem(file, line, col, path, message)])


@dataclass(frozen=True)
class Cell:
    value: str
    line: int
    col: int


@dataclass(frozen=True)
class MselRow:
    """One inject row: canonical column name -> cell (empty optional cells are left out)."""

    line: int
    cells: dict[str, Cell]


def canonical_column(header: str) -> str:
    """``"Responsible Controller"`` -> ``"controller"``; unknown headers keep their slug."""
    slug = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return _ALIASES.get(slug, slug)


def _records(text: str, file: str, delimiter: str) -> list[list[Cell]]:
    """Split RFC 4180 text into records of cells with the 1-based line/col where each starts."""
    records: list[list[Cell]] = []
    record: list[Cell] = []
    line, col, i = 1, 1, 0
    while i <= len(text):
        start_line, start_col = line, col
        value: list[str] = []
        if i < len(text) and text[i] == '"':
            i, col = i + 1, col + 1
            while True:
                if i >= len(text):
                    raise _fail(file, start_line, start_col, "table", "unclosed quote")
                char = text[i]
                if char == '"' and text[i + 1 : i + 2] == '"':
                    value.append('"')
                    i, col = i + 2, col + 2
                    continue
                i, col = i + 1, col + 1
                if char == '"':
                    break
                value.append(char)
                line, col = (line + 1, 1) if char == "\n" else (line, col)
        while i < len(text) and text[i] not in (delimiter, "\n", "\r"):
            value.append(text[i])
            i, col = i + 1, col + 1
        record.append(Cell("".join(value).strip(), start_line, start_col))
        if i < len(text) and text[i] == delimiter:
            i, col = i + 1, col + 1
            continue
        if any(cell.value for cell in record):
            records.append(record)
        record = []
        i += 2 if text[i : i + 2] == "\r\n" else 1
        line, col = line + 1, 1
    return records


def read_msel_table(path: Path) -> list[MselRow]:
    """Read an MSEL CSV; raises :class:`MselTableError` located at the offending cell."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(file, 1, 1, "table", f"cannot read: {exc}") from exc
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    records = _records(text, file, delimiter)
    if not records:
        raise _fail(file, 1, 1, "table", "empty table: no header row")
    header, *body = records
    columns = [canonical_column(cell.value) for cell in header]
    allowed = (*HSEEP_COLUMNS, *ENGINE_COLUMNS)
    for cell, column in zip(header, columns, strict=True):
        if column not in allowed:
            raise _fail(
                file,
                cell.line,
                cell.col,
                "header",
                f"unknown column {cell.value!r} (columns: {', '.join(allowed)})",
            )
        if columns.count(column) > 1:
            raise _fail(file, cell.line, cell.col, "header", f"column {column!r} twice")
    missing = [c for c in HSEEP_COLUMNS if c not in columns]
    if missing:
        raise _fail(file, header[0].line, 1, "header", f"missing column(s): {', '.join(missing)}")
    rows = []
    for record in body:
        if len(record) != len(columns):
            last = record[-1]
            raise _fail(
                file,
                record[0].line,
                last.col,
                f"row {record[0].line}",
                f"{len(record)} cells, the header has {len(columns)}",
            )
        cells = {c: cell for c, cell in zip(columns, record, strict=True) if cell.value}
        rows.append(MselRow(record[0].line, cells))
    return rows


def attach_tables(data: dict[str, Any], locator: Locator, folder: Path) -> list[str]:
    """Append the injects of every table in ``msel.tables`` to ``msel.injects``.

    Each row becomes an inject mapping whose locations point at its CSV cells, so validation
    and cross-checks report ``table.csv:line:col``. Returns the tables' texts (for the digest).
    """
    msel = data.get("msel")
    if not isinstance(msel, dict) or not isinstance(msel.get("tables"), list):
        return []
    injects = msel.setdefault("injects", [])
    if not isinstance(injects, list):
        return []
    texts = []
    for t, name in enumerate(msel["tables"]):
        if not isinstance(name, str):
            continue
        written_in = locator.file_of(("msel", "tables", t))
        # A table named in a base scenario lies beside that scenario, not beside this one.
        path = (folder if written_in == locator.file else Path(written_in).parent) / name
        if not path.is_file():
            raise ScenarioError([locator.problem(("msel", "tables", t), f"no such file: {path}")])
        texts.append(path.read_text(encoding="utf-8-sig"))
        for row in read_msel_table(path):
            at = ("msel", "injects", len(injects))
            locator.files[at] = str(path)
            locator.values[at] = (row.line, 1)
            inject: dict[str, Any] = {}
            for column, cell in row.cells.items():
                locator.values[(*at, column)] = (cell.line, cell.col)
                inject[column] = _cell_value(column, cell, str(path))
            injects.append(inject)
    return texts


def _cell_value(column: str, cell: Cell, file: str) -> Any:
    """Cells are text, except the action: an inline YAML mapping such as {spread_hoax: x}."""
    if column != "action":
        return cell.value
    try:
        return yaml.safe_load(cell.value)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        col = cell.col + (mark.column if mark is not None else 0)
        reason = getattr(exc, "problem", None) or "not an inline YAML mapping"
        raise _fail(file, cell.line, col, "action", f"{reason}") from None
