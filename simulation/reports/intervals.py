"""The interval a report prints beside a mean: one that respects the KPI's bounds.

Reports read result folders only, so they compute their display intervals here rather than
borrowing the experiments' Student-t ones (which stay in summary.csv and decide the verdicts).
"""

from __future__ import annotations

import math

import numpy as np

CONFIDENCE = 0.95

BOOTSTRAP_RESAMPLES = 4000


def bootstrap_interval(values: np.ndarray, seed: int = 0) -> dict[str, float]:
    """Mean and percentile-bootstrap 95% interval of the mean (Efron & Tibshirani ch. 13).

    Every resampled mean is a mean of observed values, so the interval stays within the values
    a KPI can take: a count never below 0, a share or a 0/1 KPI never outside 0..1, where the t
    interval of a skewed few-replication sample crosses its bound. Zero spread gives a
    zero-width interval (the KPI is the same in every drill). A fixed seed keeps reports
    byte-identical.
    """
    values = values[np.isfinite(values)]
    n = len(values)
    if n == 0:
        return {"n": 0, "mean": math.nan, "ci_low": math.nan, "ci_high": math.nan}
    mean = float(values.mean())
    if n == 1 or np.ptp(values) == 0:
        return {"n": n, "mean": mean, "ci_low": mean, "ci_high": mean}
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, n, size=(BOOTSTRAP_RESAMPLES, n))].mean(axis=1)
    low, high = np.quantile(means, [(1 - CONFIDENCE) / 2, (1 + CONFIDENCE) / 2])
    # Guard the bounds against rounding in the mean of equal extremes.
    low, high = max(float(low), float(values.min())), min(float(high), float(values.max()))
    return {"n": n, "mean": mean, "ci_low": low, "ci_high": high}
