"""A drill's output folder, written so that it appears complete or not at all.

Everything is written into a hidden sibling folder first and renamed into place at the end, so
an interrupted run leaves no folder that looks like a result.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import platform
import shutil
import sys
from collections.abc import Callable, Iterable
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # light on purpose: `sispam run` refuses a taken --out before any import
    from simulation.core.drill import DrillResult

MANIFEST = "manifest.json"
KPIS = "kpis.json"
EVENTS = "events.csv"
SERIES = "series.csv"


def default_out_dir(result: DrillResult, root: Path = Path("results")) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    rep = f"r{result.replication}" if result.replication else ""
    return root / f"{stamp}-{result.scenario}-{result.strategy}-s{result.seed}{rep}"


def manifest(result: DrillResult, command: list[str] | None = None) -> dict[str, Any]:
    """What made this result: enough to run it again and get the same numbers."""
    clock = result.clock
    return {
        "scenario": result.scenario,
        "title": result.title,
        "scenario_file": result.origin,
        "scenario_sha256": result.digest,
        "overrides": result.overrides,
        "strategy": result.strategy,
        "seed": result.seed,
        "replication": result.replication,
        "sispam_version": result.version,
        "command": command if command is not None else sys.argv,
        "created_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "date": clock.day.isoformat(),
        "timezone": str(clock.zone),
        "start_clock": clock.label(0.0),
        "targets": result.targets,
        "python": platform.python_version(),
        "packages": {name: version(name) for name in ("mesa", "simpy", "numpy")},
    }


def _number(value: float) -> float | None:
    return None if isinstance(value, float) and math.isnan(value) else value


def write_csv(path: Path, rows: Iterable[dict[str, Any]], first: list[str]) -> None:
    rows = list(rows)
    columns = list(first)
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def refuse_taken(out_dir: Path) -> None:
    """Raise FileExistsError when `out_dir` holds files: a result folder never overwrites."""
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} exists and is not empty")


def write_run(
    result: DrillResult,
    out_dir: Path,
    extra: Iterable[Callable[[Path], object]] = (),
    command: list[str] | None = None,
    extra_manifest: dict[str, Any] | None = None,
) -> Path:
    """Write the result folder atomically; `extra` callables add files (charts) to it first."""
    out_dir = Path(out_dir)
    refuse_taken(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    partial = out_dir.parent / f".{out_dir.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        meta = manifest(result, command) | (extra_manifest or {})
        (partial / MANIFEST).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        kpis = {k: _number(v) for k, v in result.kpis.items()}
        (partial / KPIS).write_text(json.dumps(kpis, indent=2) + "\n", encoding="utf-8")
        clock = result.clock
        write_csv(
            partial / EVENTS,
            (
                {"t_s": round(e.t, 3), "clock": clock.label(e.t), "kind": e.kind, **e.fields}
                for e in result.events
            ),
            ["t_s", "clock", "kind"],
        )
        write_csv(
            partial / SERIES,
            (
                {"series": name, "t_s": round(t, 3), "clock": clock.label(t), "value": v}
                for name, points in result.series.items()
                for t, v in points
            ),
            ["series", "t_s", "clock", "value"],
        )
        for name, rows in result.tables.items():
            write_csv(partial / f"{name}.csv", rows, [])
        for add in extra:
            add(partial)
        if out_dir.exists():
            out_dir.rmdir()
        partial.rename(out_dir)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return out_dir
