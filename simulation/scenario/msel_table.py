"""MSEL tables: CSV exports or Excel workbooks of injects, read into the scenario.

Exercise controllers keep the Master Scenario Events List in a spreadsheet with HSEEP columns.
We read CSV ourselves rather than through :mod:`csv` because every error must point at
``file:line:col`` of the offending cell, also when a quoted cell spans lines. Spreadsheets in the
Indonesian locale export with ``;`` (the comma is the decimal mark), so the delimiter is taken
from the header line. Workbooks (``.xlsx``) are read with openpyxl into the same cell records,
located by spreadsheet row and column number, so both formats share one set of header and row
rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from simulation.scenario.errors import Locator, Problem, ScenarioError
from simulation.scenario.units import format_clock

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


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
"""Tables read as Excel workbooks; any other file is read as CSV text."""


@dataclass(frozen=True)
class Cell:
    """A cell's text and where it starts; ``whole`` marks a workbook cell (no column inside it)."""

    value: str
    line: int
    col: int
    whole: bool = False


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


def _csv_records(path: Path, file: str) -> list[list[Cell]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(file, 1, 1, "table", f"cannot read: {exc}") from exc
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    return _records(text, file, delimiter)


def _workbook_records(path: Path, file: str, hari_h: dt.date | None) -> list[list[Cell]]:
    """Non-empty rows of the sheet named MSEL (else the first sheet), located at row and column.

    Trailing empty cells are dropped and shorter rows padded to the header, because a workbook
    has no delimiters: an empty cell at the end of a row is simply not stored.
    """
    from openpyxl import load_workbook  # a workbook is rare; openpyxl takes a while to load
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise _fail(file, 1, 1, "table", f"cannot read as an Excel workbook: {exc}") from exc
    try:
        named = [ws for ws in workbook.worksheets if ws.title.strip().upper() == "MSEL"]
        sheet = (named or workbook.worksheets)[0]
        records: list[list[Cell]] = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            record = [
                Cell(_cell_text(value, file, line, col, hari_h), line, col, whole=True)
                for col, value in enumerate(values, start=1)
            ]
            while record and not record[-1].value:
                record.pop()
            if record:
                records.append(record)
    finally:
        workbook.close()
    if records:
        width = len(records[0])
        for record in records[1:]:
            line = record[0].line
            record.extend(
                Cell("", line, col, whole=True) for col in range(len(record) + 1, width + 1)
            )
    return records


def _cell_text(value: object, file: str, line: int, col: int, hari_h: dt.date | None) -> str:
    """A workbook value as the text a CSV export would hold; Excel times become clock times."""
    if value is None:
        return ""
    if isinstance(value, dt.date):  # dates and datetimes: a moment on a day around hari H
        if hari_h is None:
            raise _fail(file, line, col, "table", "a date needs the scenario's metadata.date")
        moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        return format_clock((moment - dt.datetime.combine(hari_h, dt.time())).total_seconds())
    if isinstance(value, dt.time):
        return format_clock(value.hour * 3600 + value.minute * 60 + value.second)
    if isinstance(value, dt.timedelta):  # an [h]:mm duration cell counts from midnight of hari H
        return format_clock(value.total_seconds())
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_msel_table(path: Path, hari_h: dt.date | None = None) -> list[MselRow]:
    """Read an MSEL CSV or workbook; raises :class:`ScenarioError` located at the offending cell.

    ``hari_h`` (the scenario date) turns workbook date-time cells into clock times such as
    ``H-1 18:00``.
    """
    file = str(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        records = _workbook_records(path, file, hari_h)
    else:
        records = _csv_records(path, file)
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

    Each row becomes an inject mapping whose locations point at its cells, so validation and
    cross-checks report ``table.csv:line:col`` (``table.xlsx:row:column``). Returns the tables'
    texts, or a workbook's SHA-256, for the digest.
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
        rows = read_msel_table(path, _hari_h(data))
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            texts.append(hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            texts.append(path.read_text(encoding="utf-8-sig"))
        for row in rows:
            at = ("msel", "injects", len(injects))
            locator.files[at] = str(path)
            locator.values[at] = (row.line, 1)
            inject: dict[str, Any] = {}
            for column, cell in row.cells.items():
                locator.values[(*at, column)] = (cell.line, cell.col)
                if cell.whole:
                    locator.cells.add((*at, column))
                inject[column] = _cell_value(column, cell, str(path))
            injects.append(inject)
    return texts


def _hari_h(data: dict[str, Any]) -> dt.date | None:
    """The scenario date if it is already a valid one (the model check reports it otherwise)."""
    metadata = data.get("metadata")
    value = metadata.get("date") if isinstance(metadata, dict) else None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _cell_value(column: str, cell: Cell, file: str) -> Any:
    """Cells are text, except the action: an inline YAML mapping such as {spread_hoax: x}."""
    if column != "action":
        return cell.value
    try:
        return yaml.safe_load(cell.value)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        col = cell.col + (mark.column if mark is not None and not cell.whole else 0)
        reason = getattr(exc, "problem", None) or "not an inline YAML mapping"
        raise _fail(file, cell.line, col, "action", f"{reason}") from None
