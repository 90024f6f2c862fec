"""Response by area for the briefing: highland vs lowland, and every kecamatan.

A plan that moves reserves to the highland is asked what it gains there and what the lowland
loses. The terrain rows read the one verdict (its per-terrain KPIs, bounded means and paired
differences); the kecamatan rows read by_kecamatan.csv's paired differences and bound their
means the same way (intervals.py) from runs.csv.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulation.core.kpis import kecamatan_kpi, split_kecamatan
from simulation.reports.inputs import ExperimentFolder
from simulation.reports.intervals import bootstrap_interval
from simulation.reports.verdict import Difference, Verdict

# Response times only: a t interval of a difference of shares may cross +-100 points.
TERRAIN_KPIS = (
    ("highland", "patrol.response_mean_highland_min"),
    ("lowland", "patrol.response_mean_lowland_min"),
)
VERDICT_KEYS = {"better": "better", "worse": "worse"}


@dataclass(frozen=True)
class AreaRow:
    """One area, one strategy against the baseline: bounded means and the paired difference."""

    area: str  # a kecamatan id, or "" for a terrain row
    terrain: str
    strategy: str
    base: dict[str, float]
    mine: dict[str, float]
    diff: Difference


def terrain_rows(verdict: Verdict) -> list[AreaRow]:
    """Each strategy against the baseline on the per-terrain KPIs that the drills measured."""
    rows = []
    for terrain, kpi in TERRAIN_KPIS:
        base = verdict.mean(verdict.baseline, kpi)
        if base is None or pd.isna(base["mean"]):
            continue  # no sector of this terrain, or none reached: nothing to say, never 0 min
        for strategy, case in verdict.cases.items():
            mine, diff = verdict.mean(strategy, kpi), case.differences.get(kpi)
            if mine is not None and diff is not None:
                rows.append(AreaRow("", terrain, strategy, dict(base), dict(mine), diff))
    return rows


def kecamatan_rows(experiment: ExperimentFolder, verdict: Verdict) -> list[AreaRow]:
    """Each strategy against the baseline in every kecamatan, from by_kecamatan.csv."""
    table = experiment.by_kecamatan
    if table is None:
        return []
    runs = experiment.runs[experiment.runs["error"] == ""]
    means: dict[tuple[str, str], dict[str, float]] = {}
    for column in runs.columns:
        if split_kecamatan(column) is None:
            continue
        for strategy, group in runs.groupby("strategy", sort=False):
            values = pd.to_numeric(group[column], errors="coerce").to_numpy(float)
            means[(str(strategy), column)] = bootstrap_interval(values)
    rows = []
    for row in table[table["strategy"] != verdict.baseline].itertuples():
        model, kpi = row.kpi.split(".", 1)
        name = kecamatan_kpi(model, row.terrain, row.kecamatan, kpi)
        base, mine = means.get((verdict.baseline, name)), means.get((row.strategy, name))
        if base is None or mine is None or not np.isfinite(row.difference):
            continue
        key = VERDICT_KEYS.get(str(row.verdict), "none")
        diff = Difference(
            row.kpi, "info", row.difference, row.difference_ci_low, row.difference_ci_high, key
        )
        rows.append(AreaRow(row.kecamatan, row.terrain, row.strategy, base, mine, diff))
    return rows
