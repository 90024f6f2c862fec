"""The tidy tables an experiment hands back: built from the store, written whole or not at all.

Tables are always rebuilt from the durable store in a fixed order, so an interrupted-and-resumed
experiment and an uninterrupted one produce the same bytes, whatever executor ran the drills.
"""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from simulation.core.kpis import split_kecamatan
from simulation.experiments.store import DrillStore


def runs_table(
    store: DrillStore,
    scenario: str,
    strategies: list[str],
    wanted: Callable[[tuple[int, str, int]], bool],
    points: list[dict[str, Any]] | None = None,
) -> pd.DataFrame:
    """One row per wanted drill: ids, swept parameter values (if `points`), error, every KPI."""
    rows = []
    kpis: dict[str, None] = {}
    for outcome in store.outcomes():
        if not wanted(outcome.key):
            continue
        kpis.update(dict.fromkeys(outcome.kpis))
        parameters = points[outcome.point] if points else {}
        rows.append(
            {
                "scenario": scenario,
                "point": outcome.point,
                "strategy": outcome.strategy,
                "replication": outcome.replication,
                "seed": outcome.seed,
                **parameters,
                "error": outcome.error,
                **outcome.kpis,
            }
        )
    parameter_columns = list(points[0]) if points else []
    columns = ["scenario", "point", "strategy", "replication", "seed", *parameter_columns, "error"]
    columns += kpis
    table = pd.DataFrame(rows, columns=columns)
    order = {name: i for i, name in enumerate(strategies)}
    table = table.sort_values(
        ["point", "strategy", "replication"],
        key=lambda c: c.map(order) if c.name == "strategy" else c,
    )
    return table.reset_index(drop=True)


def kpi_columns(runs: pd.DataFrame) -> list[str]:
    """The KPI columns of a runs table (everything after the error column) but the
    per-kecamatan ones, which compare tabulates by kecamatan instead."""
    return [k for k in _after_error(runs) if split_kecamatan(k) is None]


def kecamatan_columns(runs: pd.DataFrame) -> list[str]:
    """The per-kecamatan KPI columns of a runs table (`simulation.core.kpis.KECAMATAN`)."""
    return [k for k in _after_error(runs) if split_kecamatan(k) is not None]


def _after_error(runs: pd.DataFrame) -> list[str]:
    return list(runs.columns[runs.columns.get_loc("error") + 1 :])


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write through a temporary file and rename, so a reader never sees half a table."""
    partial = path.with_name(f".{path.name}.partial")
    table.to_csv(partial, index=False)
    os.replace(partial, path)
