"""Statistics of replicated drills, checked against textbook values and known distributions."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulation.core.plugins import installed
from simulation.experiments.statistics import (
    BETTER,
    FEW,
    HIGHER,
    LOWER,
    NO_DIFFERENCE,
    WORSE,
    mean_interval,
    paired_differences,
    precise_enough,
    replications_needed,
    summarise,
    verdict,
)


def test_interval_matches_hand_computation():
    # x = 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample sd sqrt(32/7); t(0.975, 7) = 2.364624
    result = mean_interval(np.array([2, 4, 4, 4, 5, 5, 7, 9], float))
    half = 2.364624 * np.sqrt(32 / 7) / np.sqrt(8)
    assert result["n"] == 8
    assert result["mean"] == pytest.approx(5.0)
    assert result["sd"] == pytest.approx(np.sqrt(32 / 7))
    assert result["ci_low"] == pytest.approx(5 - half, rel=1e-6)
    assert result["ci_high"] == pytest.approx(5 + half, rel=1e-6)


def test_interval_ignores_missing_values_and_needs_two():
    assert mean_interval(np.array([1.0, np.nan, 3.0]))["n"] == 2
    single = mean_interval(np.array([4.0]))
    assert single["mean"] == 4.0 and np.isnan(single["ci_low"])


def test_t_interval_covers_the_true_mean_95_percent_of_the_time():
    # Normal data, n = 5: the t interval covers exactly 95%; a normal (z) interval only ~88%.
    rng = np.random.default_rng(7)
    trials = 4000
    samples = rng.normal(3.0, 2.0, size=(trials, 5))
    hits = sum(r["ci_low"] <= 3.0 <= r["ci_high"] for r in map(mean_interval, samples))
    band = stats.binom(trials, 0.95).interval(0.999)
    assert band[0] <= hits <= band[1]


@pytest.mark.parametrize(
    ("low", "high", "better", "expected"),
    [
        (-2.0, -1.0, "lower", BETTER),
        (-2.0, -1.0, "higher", WORSE),
        (1.0, 2.0, "lower", WORSE),
        (1.0, 2.0, "higher", BETTER),
        (-1.0, 1.0, "lower", NO_DIFFERENCE),
        (np.nan, np.nan, "lower", NO_DIFFERENCE),
        (1.0, 2.0, "none", HIGHER),
        (-2.0, -1.0, "none", LOWER),
        (-1.0, 1.0, "none", NO_DIFFERENCE),
    ],
)
def test_verdict_respects_direction(low, high, better, expected):
    assert verdict(low, high, better) == expected


def _runs(a, b):
    n = len(a)
    return pd.DataFrame(
        {
            "strategy": ["a"] * n + ["b"] * n,
            "replication": list(range(n)) * 2,
            "error": [""] * (2 * n),
            "k": list(a) + list(b),
        }
    )


def test_pairing_removes_shared_noise():
    # Common random numbers: b = a - 1 exactly on every replication, with large shared noise.
    # The unpaired intervals overlap, the paired difference is exact and significant.
    rng = np.random.default_rng(3)
    a = 20 + rng.normal(0, 5, size=10)
    runs = _runs(a, a - 1)
    summary = summarise(runs, ["strategy"], ["k"])
    assert summary.loc[0, "ci_low"] < summary.loc[1, "ci_high"]
    diff = paired_differences(runs, "a", ["k"], {"k": "lower"}).iloc[0]
    assert diff["mean"] == pytest.approx(-1.0)
    assert diff["sd"] == pytest.approx(0.0, abs=1e-12)
    assert diff["verdict"] == BETTER


def test_failed_drills_are_counted_apart_and_unpaired():
    runs = _runs([1.0, 2.0, 3.0], [1.5, 2.5, 3.5])
    runs.loc[1, "error"] = "RuntimeError: boom"
    runs.loc[1, "k"] = np.nan
    summary = summarise(runs, ["strategy"], ["k"]).set_index("strategy")
    assert summary.loc["a", "n"] == 2 and summary.loc["a", "failed"] == 1
    diff = paired_differences(runs, "a", ["k"], {"k": "lower"}).iloc[0]
    assert diff["n"] == 2 and diff["mean"] == pytest.approx(0.5)
    assert diff["verdict"] == WORSE


def test_precision_target_and_sequential_estimate():
    rng = np.random.default_rng(1)
    runs = _runs(100 + rng.normal(0, 10, 10), 50 + rng.normal(0, 1, 10))
    summary = summarise(runs, ["strategy"], ["k"])
    assert precise_enough(summary, ["k"], 0.10)
    assert not precise_enough(summary, ["k"], 0.01)
    # n* = n (h / target)^2: halving the target needs about four times the replications
    half = (summary.loc[0, "ci_high"] - summary.loc[0, "ci_low"]) / 2
    needed = replications_needed(summary, ["k"], 0.01)
    assert needed == int(np.ceil(10 * (half / (0.01 * abs(summary.loc[0, "mean"]))) ** 2))


@pytest.mark.parametrize(
    ("reporting", "expected"), [(3, FEW), (9, FEW), (10, BETTER), (20, BETTER)]
)
def test_a_kpi_few_drills_report_never_decides(reporting, expected):
    # A response time defined only in drills that had the incident: over the pairs that report
    # it, b is 10 min faster every time (significant on any n >= 2), but fewer than half the
    # 20 paired drills is a minority chosen by the outcome, not the plan.
    a = np.full(20, np.nan)
    a[:reporting] = 30.0 + np.arange(reporting)
    runs = _runs(a, a - 10.0)
    diff = paired_differences(runs, "a", ["k"], {"k": "lower"}).iloc[0]
    assert diff["n"] == reporting and diff["paired"] == 20
    assert diff["mean"] == pytest.approx(-10.0)
    assert diff["verdict"] == expected


def test_failed_drills_do_not_count_as_unreported():
    # 6 drills of 10 failed in b: the 4 paired drills that ran all report the KPI
    a = np.arange(10, dtype=float)
    runs = _runs(a, a - 1.0)
    b_rows = runs.index[runs["strategy"] == "b"][:6]
    runs.loc[b_rows, "error"] = "RuntimeError: boom"
    runs.loc[b_rows, "k"] = np.nan
    diff = paired_differences(runs, "a", ["k"], {"k": "lower"}).iloc[0]
    assert diff["n"] == 4 and diff["paired"] == 4
    assert diff["verdict"] == BETTER


@pytest.mark.parametrize("kpi", ["cost.officer_hours", "logistics.escort_officer_hours"])
def test_a_cheaper_plan_is_lower_on_cost_never_better(kpi):
    """Costs are the budget: 15 officer-hours fewer is 'lower', though the registry (and a
    plan search) would minimise them; a service KPI in the same drills is still 'better'."""
    installed()  # the models' KPIs registered, with their units
    runs = _runs([100.0, 120.0, 90.0], [85.0, 105.0, 75.0]).rename(columns={"k": kpi})
    runs["patrol.response_mean_min"] = runs[kpi] / 10
    better = {kpi: "lower", "patrol.response_mean_min": "lower"}
    diffs = paired_differences(runs, "a", [kpi, "patrol.response_mean_min"], better)
    said = dict(zip(diffs["kpi"], diffs["verdict"], strict=True))
    assert said == {kpi: LOWER, "patrol.response_mean_min": BETTER}
