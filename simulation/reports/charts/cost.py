"""Cost against risk: officer-hours against a risk KPI for every option, Pareto front marked.

An option is a strategy of a comparison, or a (design point, strategy) of a sweep. It is on the
Pareto front when no other option is both cheaper (fewer officer-hours) and at least as safe on
the risk KPI (in that KPI's better direction). Reads summary.csv (means and 95% CIs).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.core.kpis import describe
from simulation.reports.charts.compare import names_note
from simulation.reports.charts.sweep import short
from simulation.reports.inputs import ExperimentFolder, ReportError
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
    INK,
    MUTED,
    VERDICT,
    Size,
    finish,
    house_style,
    new_figure,
    percent_axis,
)
from simulation.reports.verdict import Verdict
from simulation.reports.verdict import decide as decide_verdict

COST = "cost.officer_hours"
RISK_DEFAULTS = ("patrol.response_p90_min", "patrol.response_mean_min")


def pareto_front(cost: np.ndarray, risk: np.ndarray, lower_risk_better: bool) -> np.ndarray:
    """Mask of options no other option dominates (cheaper or equal and safer or equal, one
    strictly)."""
    r = risk if lower_risk_better else -risk
    front = np.ones(len(cost), dtype=bool)
    for i in range(len(cost)):
        dominated = (cost <= cost[i]) & (r <= r[i]) & ((cost < cost[i]) | (r < r[i]))
        front[i] = not dominated.any()
    return front


def _options(
    experiment: ExperimentFolder, risk: str, text: Text, verdict: Verdict | None
) -> pd.DataFrame:
    summary = experiment.summary
    if verdict is not None:
        # A comparison: the verdict's bounded intervals, as on every other page.
        summary = verdict.means.reset_index()
    keys = ["point", "strategy"] if experiment.kind == "sweep" else ["strategy"]
    wide = summary[summary["kpi"].isin([COST, risk])].pivot_table(
        index=keys, columns="kpi", values=["mean", "ci_low", "ci_high"]
    )
    options = pd.DataFrame(
        {
            "x": wide[("mean", COST)],
            "x_lo": wide[("ci_low", COST)],
            "x_hi": wide[("ci_high", COST)],
            "y": wide[("mean", risk)],
            "y_lo": wide[("ci_low", risk)],
            "y_hi": wide[("ci_high", risk)],
        }
    ).reset_index()
    if experiment.kind == "sweep":
        values = experiment.point_values().set_index("point")
        options["label"] = [
            f"{s}: "
            + "; ".join(f"{short(p)}={text.number(values.loc[pt, p])}" for p in values.columns)
            for pt, s in zip(options["point"], options["strategy"], strict=True)
        ]
    else:
        options["label"] = options["strategy"]
    return options.dropna(subset=["x", "y"])


def cost_risk_chart(
    experiment: ExperimentFolder,
    lang: Lang = "en",
    size: Size = "page",
    risk: str | None = None,
    decide: Sequence[str] | None = None,
) -> Figure:
    """Scatter of options (95% CI whiskers), the Pareto front joined and labelled; a
    comparison's title leads with the verdict's headline, as the summary does."""
    text = Text(lang)
    verdict = decide_verdict(experiment, decide) if experiment.kind == "comparison" else None
    kpis = experiment.kpis
    if COST not in kpis:
        raise ReportError(f"{experiment.folder}: summary.csv has no {COST}")
    risk = risk or next((k for k in RISK_DEFAULTS if k in kpis), None)
    if risk is None or risk not in kpis:
        raise ReportError(f"{experiment.folder}: risk KPI {risk} not in summary.csv")
    options = _options(experiment, risk, text, verdict)
    lower = describe(risk).better != "higher"
    front = pareto_front(options["x"].to_numpy(float), options["y"].to_numpy(float), lower)
    with house_style(size):
        fig, ax = new_figure(size)
        for on, colour in ((False, MUTED), (True, VERDICT["better"])):
            part = options[front == on]
            ax.errorbar(
                part["x"],
                part["y"],
                xerr=[part["x"] - part["x_lo"], part["x_hi"] - part["x"]],
                yerr=[part["y"] - part["y_lo"], part["y_hi"] - part["y"]],
                fmt="o",
                color=colour,
                ecolor=colour,
                elinewidth=1,
                capsize=2,
                markersize=7 if on else 5,
                alpha=1 if on else 0.7,
            )
        ordered = options[front].sort_values("x")
        ax.plot(
            ordered["x"],
            ordered["y"],
            color=VERDICT["better"],
            lw=1.5,
            ls="--",
            drawstyle="steps-post",
        )
        # Few options: name them all; many (a sweep): name the front only.
        named = options if len(options) <= 8 else ordered
        for k, row in enumerate(named.sort_values("x").itertuples()):
            ax.annotate(
                row.label,
                (row.x, row.y),
                xytext=(8, 4 + 10 * (k % 2)),
                textcoords="offset points",
                fontsize=matplotlib.rcParams["font.size"] * 0.85,
                color=INK,
            )
        ax.set_xlabel(text("cost.x"))
        ax.set_ylabel(f"{text.kpi_axis(risk)}\n{text.better_words(risk)}")
        if describe(risk).unit == "share":
            percent_axis(ax, "y")
        ax.margins(0.12)
        legend = [
            Line2D([], [], color=VERDICT["better"], marker="o", ls="--", label=text("cost.front")),
            Line2D([], [], color=MUTED, marker="o", ls="", label=text("mean_ci")),
        ]
        if verdict is None:
            title = text("cost.title", n_front=int(front.sum()), n=len(options))
            return finish(fig, title, experiment.provenance("t"), text, legend=legend)
        title = text(
            "cost.title.verdict",
            headline=verdict.headline(text),
            n_front=int(front.sum()),
            n=len(options),
        )
        extra = names_note(verdict, text)
        provenance = experiment.provenance("percentile")
        return finish(fig, title, provenance, text, extra=extra, legend=legend)
