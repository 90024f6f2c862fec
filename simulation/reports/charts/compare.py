"""Strategy comparison: every KPI's mean and 95% CI per strategy, with the better direction.

A forest (dot-and-whisker) plot, one small panel per KPI because units differ. A strategy's dot is
coloured by the paired verdict against the baseline from differences.csv (better, worse, no
significant difference), so the colour says what the overlapping whiskers alone cannot: under
common random numbers a paired difference can be significant although the intervals overlap.
Reads a comparison folder: summary.csv and differences.csv.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.kpis import describe
from simulation.reports.inputs import ExperimentFolder, ReportError
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
    VERDICT,
    Size,
    direction_note,
    finish,
    house_style,
    new_figure,
    percent_axis,
)

VERDICT_KEY = {"better": "better", "worse": "worse"}


def verdict_key(verdict: str) -> str:
    """'better' / 'worse' / 'none' from a differences.csv verdict."""
    return VERDICT_KEY.get(str(verdict), "none")


def chosen_kpis(experiment: ExperimentFolder, kpis: Sequence[str] | None) -> tuple[list, list]:
    """KPIs to show (with a better direction and some variation) and those left out as constant."""
    summary = experiment.summary
    if kpis:
        unknown = [k for k in kpis if k not in set(summary["kpi"])]
        if unknown:
            raise ReportError(f"{experiment.folder}: no KPI {', '.join(unknown)} in summary.csv")
        return list(kpis), []
    shown, constant = [], []
    for kpi in experiment.kpis:
        if describe(kpi).better == "none":
            continue
        rows = summary[summary["kpi"] == kpi]
        if rows["mean"].isna().all():
            continue
        varies = rows["sd"].fillna(0).gt(0).any() or rows["mean"].nunique() > 1
        (shown if varies else constant).append(kpi)
    return shown, constant


def verdicts(experiment: ExperimentFolder) -> dict[tuple[str, str], str]:
    diffs = experiment.differences
    if diffs is None:
        return {}
    return {(r.strategy, r.kpi): verdict_key(r.verdict) for r in diffs.itertuples()}


def comparison_chart(
    experiment: ExperimentFolder,
    lang: Lang = "en",
    size: Size = "page",
    kpi: str | Sequence[str] | None = None,
) -> Figure:
    """Forest plot of KPI means with 95% CIs per strategy, coloured by verdict vs baseline."""
    text = Text(lang)
    shown, constant = chosen_kpis(experiment, [kpi] if isinstance(kpi, str) else kpi)
    if not shown:
        raise ReportError(f"{experiment.folder}: no KPI varies between drills; nothing to compare")
    strategies = experiment.strategies
    baseline = experiment.baseline
    marks = verdicts(experiment)
    ncols = 1 if len(shown) == 1 else 2
    nrows = math.ceil(len(shown) / ncols)
    with house_style(size):
        fig, axes = new_figure(size, nrows, ncols, squeeze=False)
        for ax in axes.flat[len(shown) :]:
            ax.remove()
        y = np.arange(len(strategies))[::-1]
        for ax, kpi in zip(axes.flat, shown, strict=False):
            rows = experiment.summary[experiment.summary["kpi"] == kpi].set_index("strategy")
            for yi, strategy in zip(y, strategies, strict=True):
                if strategy not in rows.index:
                    continue
                row = rows.loc[strategy]
                key = "baseline" if strategy == baseline else marks.get((strategy, kpi), "none")
                colour = VERDICT[key]
                if np.isfinite(row["ci_low"]):
                    ax.plot(
                        [row["ci_low"], row["ci_high"]],
                        [yi, yi],
                        color=colour,
                        lw=2.2,
                        solid_capstyle="butt",
                    )
                ax.plot(
                    row["mean"],
                    yi,
                    "o",
                    color=colour,
                    markersize=7,
                    markerfacecolor="white" if key == "none" else colour,
                    mew=2,
                )
            ax.set_yticks(y, strategies)
            ax.set_ylim(y.min() - 0.6, y.max() + 0.6)
            ax.grid(axis="y", visible=False)
            ax.set_title(text.kpi_axis(kpi), loc="left", fontsize=ax.xaxis.label.get_size())
            direction_note(ax, text.better(kpi))
            if describe(kpi).unit == "share":
                percent_axis(ax)
            ax.margins(x=0.15)
        handles = [
            Line2D(
                [],
                [],
                color=VERDICT[k],
                marker="o",
                lw=2,
                markerfacecolor="white" if k == "none" else VERDICT[k],
                label=text(f"compare.legend.{k}"),
            )
            for k in ("baseline", "better", "worse", "none")
        ]
        items = ", ".join(f"{text.kpi(k)} = {_fmt(experiment.summary, k)}" for k in constant)
        extra = [text("foot.constant", items=items)] if constant else []
        return finish(
            fig,
            _title(experiment, shown, marks, text),
            experiment.provenance("t"),
            text,
            extra=extra,
            legend=handles,
        )


def _fmt(summary: pd.DataFrame, kpi: str) -> str:
    return f"{summary.loc[summary['kpi'] == kpi, 'mean'].iloc[0]:g}"


def _title(experiment: ExperimentFolder, shown: list[str], marks: dict, text: Text) -> str:
    baseline = experiment.baseline
    tallies = []
    for strategy in experiment.strategies:
        if strategy == baseline:
            continue
        better = sum(marks.get((strategy, k)) == "better" for k in shown)
        worse = sum(marks.get((strategy, k)) == "worse" for k in shown)
        tallies.append((better - worse, better, worse, strategy))
    if not tallies or all(b == 0 and w == 0 for _, b, w, _ in tallies):
        return text("compare.title.none", baseline=baseline)
    _, better, worse, strategy = max(tallies)
    return text(
        "compare.title.better",
        strategy=strategy,
        baseline=baseline,
        n_better=better,
        n=len(shown),
        n_worse=worse,
    )
