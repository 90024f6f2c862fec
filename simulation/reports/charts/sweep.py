"""Parameter sweeps: a heatmap of a KPI over two parameters, and lines with 95% CI bands over one.

Reads a sweep folder: runs.csv (the swept parameter columns, one value per design point) and
summary.csv (point, strategy, kpi, n, mean, ci_low, ci_high). Colour scales are oriented so that
the better end of a KPI is always blue and the worse end red, whatever its direction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from simulation.core.kpis import describe
from simulation.reports.inputs import ExperimentFolder, ReportError
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
    PALETTE,
    Size,
    finish,
    house_style,
    new_figure,
    percent_axis,
)


def short(parameter: str) -> str:
    """The last two parts of a dotted parameter path, for axis labels (full path in footnote)."""
    return ".".join(parameter.split(".")[-2:])


def _pick(experiment: ExperimentFolder, kpi: str | None, strategy: str | None) -> tuple[str, str]:
    if experiment.kind != "sweep":
        raise ReportError(f"{experiment.folder}: not a sweep (summary.csv has no point column)")
    kpis = experiment.kpis
    kpi = kpi or next((k for k in kpis if describe(k).better != "none"), kpis[0])
    if kpi not in kpis:
        raise ReportError(f"{experiment.folder}: no KPI {kpi} in summary.csv")
    strategy = strategy or experiment.strategies[0]
    if strategy not in experiment.strategies:
        raise ReportError(f"{experiment.folder}: no strategy {strategy} in summary.csv")
    return kpi, strategy


def _table(experiment: ExperimentFolder, kpi: str, strategy: str) -> pd.DataFrame:
    summary = experiment.summary.drop(columns=experiment.parameters, errors="ignore")
    rows = summary[(summary["kpi"] == kpi) & (summary["strategy"] == strategy)]
    return rows.merge(experiment.point_values(), on="point")


def _params(experiment: ExperimentFolder, wanted: list[str | None], count: int) -> list[str]:
    parameters = experiment.parameters
    if len(parameters) < count:
        raise ReportError(
            f"{experiment.folder}: needs {count} swept parameter(s), runs.csv has {len(parameters)}"
        )
    chosen = [w for w in wanted if w]
    for name in chosen:
        if name not in parameters:
            raise ReportError(
                f"{experiment.folder}: no swept parameter {name}; "
                f"choose from {', '.join(parameters)}"
            )
    rest = [p for p in parameters if p not in chosen]
    return (chosen + rest)[:count]


def sweep_heatmap_chart(
    experiment: ExperimentFolder,
    lang: Lang = "en",
    size: Size = "page",
    kpi: str | None = None,
    x: str | None = None,
    y: str | None = None,
    strategy: str | None = None,
) -> Figure:
    """Mean KPI over a grid of two parameters (averaged over any others), values written in."""
    text = Text(lang)
    kpi, strategy = _pick(experiment, kpi, strategy)
    x, y = _params(experiment, [x, y], 2)
    grid = _table(experiment, kpi, strategy).pivot_table(index=y, columns=x, values="mean")
    lower = describe(kpi).better == "lower"
    cmap = "RdYlBu_r" if lower else "RdYlBu"
    with house_style(size):
        fig, ax = new_figure(size)
        values = grid.to_numpy(float)
        image = ax.imshow(values, cmap=cmap, aspect="auto", origin="lower")
        span = np.nanmax(values) - np.nanmin(values)
        for (i, j), v in np.ndenumerate(values):
            middle = span == 0 or 0.25 < (v - np.nanmin(values)) / span < 0.75
            ax.text(
                j,
                i,
                text.number(v, ".3g"),
                ha="center",
                va="center",
                color="#222222" if middle else "white",
                fontweight="bold",
            )
        ax.set_xticks(range(len(grid.columns)), [text.setting(v) for v in grid.columns])
        ax.set_yticks(range(len(grid.index)), [text.setting(v) for v in grid.index])
        ax.set_xlabel(short(x))
        ax.set_ylabel(short(y))
        ax.grid(False)
        bar = fig.colorbar(image, ax=ax, pad=0.01)
        bar.set_label(f"{text.kpi_axis(kpi)}\n{text.better_words(kpi)}")
        best = np.nanargmin(values) if lower else np.nanargmax(values)
        i, j = np.unravel_index(best, values.shape)
        title = text(
            "sweep.heat.title",
            kpi=text.kpi(kpi),
            best=text.value(kpi, values[i, j]),
            x=short(x),
            xv=text.setting(grid.columns[j]),
            y=short(y),
            yv=text.setting(grid.index[i]),
        )
        return finish(
            fig,
            title,
            experiment.provenance("t"),
            text,
            extra=[f"{short(x)} = {x}", f"{short(y)} = {y}"],
        )


def sweep_lines_chart(
    experiment: ExperimentFolder,
    lang: Lang = "en",
    size: Size = "page",
    kpi: str | None = None,
    x: str | None = None,
    strategy: str | None = None,
) -> Figure:
    """Mean KPI against one parameter with 95% CI bands: one line per value of the other
    swept parameters (or per strategy when only one parameter was swept)."""
    text = Text(lang)
    kpi, strategy = _pick(experiment, kpi, strategy)
    (x,) = _params(experiment, [x], 1)
    others = [p for p in experiment.parameters if p != x]
    table = _table(experiment, kpi, strategy)
    groups = table.groupby(others) if others else [((strategy,), table)]
    with house_style(size):
        fig, ax = new_figure(size)
        for k, (key, rows) in enumerate(groups):
            rows = rows.sort_values(x)
            colour = PALETTE[k % len(PALETTE)]
            key = key if isinstance(key, tuple) else (key,)
            label = "; ".join(
                f"{short(o)}={text.setting(v)}" for o, v in zip(others, key, strict=True)
            )
            ax.fill_between(
                rows[x], rows["ci_low"], rows["ci_high"], color=colour, alpha=0.15, lw=0
            )
            ax.plot(rows[x], rows["mean"], "o-", color=colour, lw=2, label=label or strategy)
        ax.set_xlabel(short(x))
        ax.set_ylabel(text.kpi_axis(kpi))
        if describe(kpi).unit == "share":
            percent_axis(ax, "y")
        ax.legend(title=text("mean_ci"), loc="best")
        means = table.groupby(x)["mean"].mean().sort_index()
        title = text(
            "sweep.line.title",
            kpi=text.kpi(kpi),
            lo=text.value(kpi, means.iloc[0]),
            hi=text.value(kpi, means.iloc[-1]),
            x=short(x),
            xlo=text.setting(means.index[0]),
            xhi=text.setting(means.index[-1]),
        )
        return finish(
            fig,
            title,
            experiment.provenance("t"),
            text,
            extra=[f"{short(p)} = {p}" for p in experiment.parameters],
        )
