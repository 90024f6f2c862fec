"""The by-kecamatan table of a comparison: each strategy's response in every kecamatan, and
its paired difference from the baseline there.

Drills report per-kecamatan KPIs under one family (`simulation.core.kpis.KECAMATAN`); the
summary leaves them out (a scenario has as many as sectors), and this table gives them the same
t intervals and paired differences (statistics.py) as the summary gives every KPI.
"""

from collections.abc import Callable

import pandas as pd

from simulation.core.kpis import split_kecamatan
from simulation.experiments.statistics import paired_differences, summarise
from simulation.experiments.tables import kecamatan_columns

COLUMNS = [
    "strategy",
    "kecamatan",
    "terrain",
    "kpi",
    "n",
    "mean",
    "ci_low",
    "ci_high",
    "baseline",
    "difference",
    "difference_ci_low",
    "difference_ci_high",
    "verdict",
]


def by_kecamatan(runs: pd.DataFrame, baseline: str, better: Callable[[str], str]) -> pd.DataFrame:
    """One row per strategy and per-kecamatan KPI, in the runs' strategy and column order; the
    baseline's own rows leave the difference empty."""
    columns = kecamatan_columns(runs)
    if not columns:
        return pd.DataFrame(columns=COLUMNS)
    summary = summarise(runs, ["strategy"], columns)
    diffs = paired_differences(runs, baseline, columns, {k: better(k) for k in columns})
    diffs = diffs.rename(
        columns={
            "mean": "difference",
            "ci_low": "difference_ci_low",
            "ci_high": "difference_ci_high",
        }
    ).drop(columns=["n", "sd", "baseline"])
    table = summary.drop(columns=["sd", "failed"]).merge(diffs, on=["strategy", "kpi"], how="left")
    table["baseline"] = baseline
    parts = [split_kecamatan(k) for k in table["kpi"]]
    table["terrain"] = [p[0] for p in parts]  # type: ignore[index]
    table["kecamatan"] = [p[1] for p in parts]  # type: ignore[index]
    table["kpi"] = [p[2] for p in parts]  # type: ignore[index]
    table["verdict"] = table["verdict"].fillna("")
    return table[COLUMNS]
