"""Sensitivity: which swept parameter moves a KPI most (Sobol indices or Morris μ* bars).

Reads sensitivity.csv of a sweep folder: per strategy, KPI and parameter either Sobol first-order
(S1) and total (ST) indices with their bootstrap half-widths (S1_conf, ST_conf), RBD-FAST
first-order indices (S1 only), or Morris mu_star with mu_star_conf. Bars are sorted so the
most influential parameter is on top.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from simulation.core.kpis import describe
from simulation.reports.charts.sweep import short
from simulation.reports.inputs import ExperimentFolder, ReportError
from simulation.reports.labels import Lang, Text
from simulation.reports.style import PALETTE, Size, finish, house_style, new_figure


def sensitivity_chart(
    experiment: ExperimentFolder,
    lang: Lang = "en",
    size: Size = "page",
    kpi: str | None = None,
    strategy: str | None = None,
) -> Figure:
    """Horizontal bars per parameter: Sobol S1 and ST (or Morris μ*) with confidence whiskers."""
    text = Text(lang)
    table = experiment.sensitivity
    if table is None or table.empty:
        raise ReportError(
            f"{experiment.folder}: no sensitivity.csv (sweep with a sensitivity: list and a "
            "sampler other than grid)"
        )
    kpi = kpi or str(table["kpi"].iloc[0])
    strategy = strategy or str(table["strategy"].iloc[0])
    rows = table[(table["kpi"] == kpi) & (table["strategy"] == strategy)]
    if rows.empty:
        raise ReportError(
            f"{experiment.folder / 'sensitivity.csv'}: no rows for KPI {kpi}, strategy {strategy}"
        )
    # Sobol gives S1 and ST, RBD-FAST (lhs, random) S1 only, Morris mu_star.
    shares = [c for c in ("S1", "ST") if c in rows.columns and rows[c].notna().any()]
    key = shares[-1] if shares else "mu_star"
    rows = rows.sort_values(key)
    y = np.arange(len(rows))
    with house_style(size):
        fig, ax = new_figure(size)
        if shares:
            height = 0.68 / len(shares)
            for k, column in enumerate(shares):
                ax.barh(
                    y + (len(shares) - 1) * height / 2 - k * height,
                    rows[column],
                    height=height,
                    color=(PALETTE[4], PALETTE[0])[k],
                    xerr=rows.get(f"{column}_conf"),
                    capsize=3,
                    label=text(f"sens.{column}"),
                )
            ax.set_xlabel(text("sens.x.sobol"))
            ax.set_xlim(0, max(1.0, float(rows[key].max()) * 1.05))
            ax.legend(loc="lower right")
        else:
            ax.barh(
                y,
                rows["mu_star"],
                height=0.6,
                color=PALETTE[0],
                xerr=rows.get("mu_star_conf"),
                capsize=3,
            )
            ax.set_xlabel(text("sens.x.morris", unit=text.unit(describe(kpi).unit)))
        ax.set_yticks(y, [short(p) for p in rows["parameter"]])
        ax.grid(axis="y", visible=False)
        top = rows.iloc[-1]
        title = text("sens.title", parameter=short(top["parameter"]), kpi=text.kpi(kpi))
        ci = "bootstrap" if rows.filter(like="_conf").notna().any().any() else "none"
        extra = [f"{short(p)} = {p}" for p in rows["parameter"]]
        return finish(fig, title, experiment.provenance(ci), text, extra=extra)
