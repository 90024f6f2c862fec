"""Strategy comparison: the key KPIs' means and 95% CIs per strategy, with the better direction.

A forest (dot-and-whisker) plot, one small panel per KPI because units differ; by default only
the KPIs where some strategy differs significantly (at most eight), so it reads at a glance. A
strategy's dot is coloured by the paired verdict against the baseline from differences.csv
(better, worse, no significant difference), so the colour says what the overlapping whiskers
alone cannot: under common random numbers a paired difference can be significant although the
intervals overlap.
Reads a comparison folder: summary.csv and differences.csv.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from simulation.core.kpis import describe
from simulation.reports.inputs import ExperimentFolder, ReportError
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
    FONT,
    SIZES,
    VERDICT,
    Size,
    direction_note,
    finish,
    house_style,
    new_figure,
    percent_axis,
)
from simulation.reports.verdict import Verdict
from simulation.reports.verdict import decide as decide_verdict

VERDICT_KEY = {"better": "better", "worse": "worse"}
# More panels than this and a commander no longer reads the chart at a glance.
MAX_PANELS = 8


def verdict_key(verdict: str) -> str:
    """'better' / 'worse' / 'none' from a differences.csv verdict."""
    return VERDICT_KEY.get(str(verdict), "none")


def chosen_kpis(
    experiment: ExperimentFolder, kpis: Sequence[str] | None, marks: dict[tuple[str, str], str]
) -> tuple[list[str], list[str], list[str]]:
    """KPIs to draw, those left out as constant, and every KPI that varies (the title counts
    verdicts over all of them, drawn or not).

    By default a commander sees at most MAX_PANELS key KPIs: those with a significant verdict
    for some strategy, in the order the drill reports them (response first; the registry's own
    order depends on import order), topped up with varying KPIs when fewer differ, so
    the chart reads at a glance; `kpis` chooses them instead, as many as asked.
    """
    summary = experiment.summary
    if kpis:
        unknown = [k for k in kpis if k not in set(summary["kpi"])]
        if unknown:
            raise ReportError(f"{experiment.folder}: no KPI {', '.join(unknown)} in summary.csv")
        return list(kpis), [], list(kpis)
    varying, constant = [], []
    for kpi in experiment.kpis:
        if describe(kpi).better == "none":
            continue
        rows = summary[summary["kpi"] == kpi]
        if rows["mean"].isna().all():
            continue
        varies = rows["sd"].fillna(0).gt(0).any() or rows["mean"].nunique() > 1
        (varying if varies else constant).append(kpi)
    significant = {kpi for (_, kpi), mark in marks.items() if mark != "none"}
    key = [k for k in varying if k in significant] + [k for k in varying if k not in significant]
    shown = [k for k in varying if k in key[:MAX_PANELS]]
    return shown, constant, varying


def verdicts(verdict: Verdict) -> dict[tuple[str, str], str]:
    """(strategy, KPI) -> better / worse / none, as the one verdict colours it."""
    marks = {}
    for strategy, case in verdict.cases.items():
        for kpi in case.differences:
            mark = verdict.mark(strategy, kpi)
            marks[(strategy, kpi)] = mark if mark in ("better", "worse") else "none"
    return marks


def names_note(verdict: Verdict, text: Text) -> list[str]:
    """The scenario's names of the strategies, for the footnote (ids label the axes); quoted,
    being the scenario's words in whatever language it was written."""
    named = [f"{s} “{verdict.names[s]}”" for s in verdict.strategies if verdict.names.get(s)]
    return [text("foot.names", items="; ".join(named))] if named else []


def _grid(n: int, size: Size, strategies: int) -> tuple[int, int, float]:
    """Columns, rows and figure height (inches) that give every panel room for its title,
    its strategies, and its own x axis with ticks and unit.

    A page grows taller with the panels (two columns at most); a slide keeps its 16:9 height
    and takes up to four columns instead, growing only when asked for more KPIs than fit.
    """
    height = SIZES[size][1]
    font = FONT[size]
    # Title (up to two lines), tick labels, x label and padding, plus a band per strategy.
    row_in = (2 * font * 1.05 * 1.3 + font * 1.3 + font * 1.4 + 12) / 72
    row_in += strategies * font * 2.2 / 72
    # Suptitle, legend and a three-line footnote, as `finish` reserves them.
    frame_in = (2 * font * 1.3 * 1.3 + 14 + font * 1.75 + 6 + 3 * font * 0.72 * 1.35 + 10) / 72
    widest = 2 if size == "page" else 4
    ncols = 1 if n <= 2 else 2
    while size == "slide" and ncols < widest and math.ceil(n / ncols) * row_in > height - frame_in:
        ncols += 1
    nrows = math.ceil(n / ncols)
    return ncols, nrows, max(height, frame_in + nrows * row_in)


def _x_label(ax: Axes, kpi: str, text: Text) -> None:
    """The unit on every panel's own x axis, with the better direction on the better side."""
    unit = describe(kpi).unit
    unit = text.unit("%" if unit == "share" else unit)
    note = text.better(kpi)
    label = f"{note}   ({unit})" if note.startswith("←") else f"({unit})   {note}"
    direction_note(ax, label.strip() if unit else note)


def comparison_chart(
    experiment: ExperimentFolder,
    lang: Lang = "en",
    size: Size = "page",
    kpi: str | Sequence[str] | None = None,
    decide: Sequence[str] | None = None,
) -> Figure:
    """Forest plot of KPI means with bounded 95% CIs per strategy, coloured by the comparison's
    one verdict; the title is its headline (`decide`: the deciding KPIs, verdict.py)."""
    text = Text(lang)
    verdict = decide_verdict(experiment, decide)
    marks = verdicts(verdict)
    wanted = [kpi] if isinstance(kpi, str) else kpi
    shown, constant, varying = chosen_kpis(experiment, wanted, marks)
    if not shown:
        raise ReportError(f"{experiment.folder}: no KPI varies between drills; nothing to compare")
    strategies = experiment.strategies
    baseline = experiment.baseline
    ncols, nrows, height = _grid(len(shown), size, len(strategies))
    with house_style(size):
        fig, axes = new_figure(size, nrows, ncols, squeeze=False, sharey=True)
        fig.set_size_inches(SIZES[size][0], height)
        for ax in axes.flat[len(shown) :]:
            ax.remove()
        # Titles wrap to their panel's width so they never reach the next panel.
        title_chars = int(SIZES[size][0] / ncols * 72 / (FONT[size] * 0.6)) - 2
        y = np.arange(len(strategies))[::-1]
        for ax, kpi in zip(axes.flat, shown, strict=False):
            for yi, strategy in zip(y, strategies, strict=True):
                row = verdict.mean(strategy, kpi)
                if row is None:
                    continue
                key = "baseline" if strategy == baseline else marks.get((strategy, kpi), "none")
                colour = VERDICT[key]
                if np.isfinite(row["ci_low"]) and row["ci_high"] > row["ci_low"]:
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
            ax.set_title(
                textwrap.fill(text.kpi(kpi), title_chars),
                loc="left",
                fontsize=ax.xaxis.label.get_size(),
            )
            _x_label(ax, kpi, text)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
            if describe(kpi).unit == "share":
                percent_axis(ax)
            ax.margins(x=0.15)
            _keep_in_bounds(ax, verdict, kpi)
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
        extra = []
        if len(varying) > len(shown):
            extra.append(text("foot.left_out", n=len(varying) - len(shown), max=MAX_PANELS))
        if constant:
            items = ", ".join(
                f"{text.kpi(k)} = {_fmt(experiment.summary, k, text)}" for k in constant
            )
            extra.append(text("foot.constant", items=items))
        extra += names_note(verdict, text)
        return finish(
            fig,
            verdict.headline(text),
            experiment.provenance("percentile"),
            text,
            extra=extra,
            legend=handles,
        )


def _fmt(summary: pd.DataFrame, kpi: str, text: Text) -> str:
    return text.fmt(summary.loc[summary["kpi"] == kpi, "mean"].iloc[0])


def _keep_in_bounds(ax: Axes, verdict: Verdict, kpi: str) -> None:
    """No axis below 0 for a KPI that cannot be negative (margins would add one)."""
    values = verdict.means.xs(kpi, level="kpi")[["ci_low", "mean"]].to_numpy(float)
    if np.nanmin(values) >= 0:
        low, high = ax.get_xlim()
        ax.set_xlim(max(low, 0.0), high)
