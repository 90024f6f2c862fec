"""Honest summaries of replicated drills: means with t confidence intervals, paired differences
under common random numbers, and a verdict that respects each KPI's better direction.

Student-t intervals are the textbook choice for replication means (Law, *Simulation Modeling and
Analysis*, ch. 9); pairing on the replication removes the shared noise of common random numbers
(Law ch. 10.2), which is why compare gives every strategy the same seeds.
"""

import math

import numpy as np
import pandas as pd
from scipy import stats

from simulation.core.kpis import is_cost

CONFIDENCE = 0.95
BETTER = "better"
WORSE = "worse"
NO_DIFFERENCE = "no significant difference"
# A KPI that only some drills define (a response time when an incident happened, the time to
# merah when the crowd got there) is compared over the pairs where both strategies report it.
# When fewer than half the paired drills do, its difference describes a minority of drills
# selected by the outcome itself, not the plan: it is shown but never decides.
FEW = "too few drills"
MIN_REPORTING = 0.5
HIGHER = "higher"
LOWER = "lower"


def mean_interval(values: np.ndarray) -> dict[str, float]:
    """n, mean, sample sd and the two-sided t confidence interval of the mean (NaN when n < 2)."""
    values = values[np.isfinite(values)]
    n = len(values)
    mean = float(values.mean()) if n else math.nan
    sd = float(values.std(ddof=1)) if n > 1 else math.nan
    half = (
        float(stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * sd / math.sqrt(n)) if n > 1 else math.nan
    )
    return {"n": n, "mean": mean, "sd": sd, "ci_low": mean - half, "ci_high": mean + half}


def summarise(runs: pd.DataFrame, groups: list[str], kpis: list[str]) -> pd.DataFrame:
    """One row per group and KPI; drills that raised count in `failed`, not in `n`."""
    rows = []
    for key, group in runs.groupby(groups, sort=False):
        failed = int((group["error"] != "").sum())
        ok = group[group["error"] == ""]
        for kpi in kpis:
            rows.append(
                {**dict(zip(groups, key, strict=True)), "kpi": kpi}
                | mean_interval(ok[kpi].to_numpy(float))
                | {"failed": failed}
            )
    return pd.DataFrame(
        rows, columns=[*groups, "kpi", "n", "mean", "sd", "ci_low", "ci_high", "failed"]
    )


def verdict(ci_low: float, ci_high: float, better: str) -> str:
    """Better/worse only when the interval of (strategy - baseline) excludes zero.

    `better` is the registry's direction; a KPI without one ("none") is only higher or lower.
    """
    if not (ci_low > 0 or ci_high < 0):  # also catches NaN intervals
        return NO_DIFFERENCE
    if better == "none":
        return HIGHER if ci_low > 0 else LOWER
    return BETTER if (ci_high < 0) == (better == "lower") else WORSE


def paired_differences(
    runs: pd.DataFrame, baseline: str, kpis: list[str], better: dict[str, str]
) -> pd.DataFrame:
    """Strategy minus baseline, paired on the replication (same seed), for every KPI.

    `n` counts the pairs where both report the KPI, `paired` the replications both ran; a KPI
    reported by fewer than half of them gets the verdict FEW whatever its interval says. A
    cost (:func:`simulation.core.kpis.is_cost`) is only higher or lower: the budget, never a
    win, whatever direction `better` gives it.
    """
    ok = runs[runs["error"] == ""]
    wide = ok.pivot(index="replication", columns="strategy", values=kpis)
    ran = ok.groupby("strategy", sort=False)["replication"].agg(set)
    direction = {kpi: "none" if is_cost(kpi) else better[kpi] for kpi in kpis}
    rows = []
    for strategy in ok["strategy"].unique():
        if strategy == baseline:
            continue
        paired = len(ran[strategy] & ran.get(baseline, set()))
        for kpi in kpis:
            diff = (wide[(kpi, strategy)] - wide[(kpi, baseline)]).to_numpy(float)
            interval = mean_interval(diff)
            said = verdict(interval["ci_low"], interval["ci_high"], direction[kpi])
            if interval["n"] < MIN_REPORTING * paired:
                said = FEW
            rows.append(
                {"strategy": strategy, "baseline": baseline, "kpi": kpi}
                | interval
                | {"paired": paired, "verdict": said}
            )
    columns = [
        *("strategy", "baseline", "kpi", "n", "mean", "sd", "ci_low", "ci_high"),
        *("paired", "verdict"),
    ]
    return pd.DataFrame(rows, columns=columns)


def precise_enough(summary: pd.DataFrame, kpis: list[str], relative: float) -> bool:
    """True when every listed KPI's CI half-width is within `relative` of its |mean|.

    A KPI with zero spread is exact; a KPI whose mean is zero but whose spread is not can never
    meet a relative target, so the replication cap ends the run.
    """
    rows = summary[summary["kpi"].isin(kpis)]
    half = (rows["ci_high"] - rows["ci_low"]) / 2
    met = (rows["sd"] == 0) | (half <= relative * rows["mean"].abs())
    return bool(len(rows)) and bool(met.all())


def replications_needed(summary: pd.DataFrame, kpis: list[str], relative: float) -> int:
    """Classic sequential estimate n* = n (h / target)^2 for the least precise KPI."""
    rows = summary[summary["kpi"].isin(kpis)]
    half = (rows["ci_high"] - rows["ci_low"]) / 2
    target = relative * rows["mean"].abs()
    ratio = (half / target).replace([np.inf], np.nan).fillna(2.0)
    return math.ceil((rows["n"] * ratio**2).max())
