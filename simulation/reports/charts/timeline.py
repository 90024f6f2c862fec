"""The incident timeline of one drill: when each incident was reported and how long it waited
for police, coloured by severity, against the response target (the AAR's inject timeline).

Reads incidents.csv (t_report_s, severity, response_min; empty response_min = never reached)
and, when the scenario has an MSEL, msel.csv (number, fired_t_s) to mark the injects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
    INK,
    MUTED,
    PALETTE,
    TARGET,
    Size,
    clock_axis,
    finish,
    house_style,
    mark_moments,
    new_figure,
)


def _injects(ax: Axes, drill: DrillFolder, text: Text, legend: list) -> float:
    """Mark the MSEL injects that fired (msel.csv: number, fired_t_s) as numbered lines; add
    their legend entry and return the time of the last one (0 without an MSEL)."""
    msel = drill.table("msel", required=False)
    if msel is None or "fired_t_s" not in msel.columns:
        return 0.0
    fired = msel.dropna(subset=["fired_t_s"]).sort_values("fired_t_s")
    mark_moments([ax], fired["fired_t_s"].tolist(), fired["number"].astype(str).tolist(), MUTED)
    if fired.empty:
        return 0.0
    legend.append(Line2D([], [], color=MUTED, ls=":", label=text("timeline.inject")))
    return float(fired["fired_t_s"].max())


SEVERITY_COLOURS = {1: PALETTE[4], 2: PALETTE[1], 3: PALETTE[5], 4: PALETTE[7]}


def plot_incidents(
    ax: Axes, incidents: pd.DataFrame, target: float, text: Text, legend: list
) -> None:
    """Every incident at its report time and response time, coloured by severity, the
    unanswered ones as crosses on top, and the target line; adds their legend entries."""
    reached = incidents.dropna(subset=["response_min"])
    missed = incidents[incidents["response_min"].isna()]
    top = max(float(reached["response_min"].max()) if len(reached) else target, target) * 1.1
    for severity, colour in SEVERITY_COLOURS.items():
        rows = reached[reached["severity"] == severity]
        if rows.empty:
            continue
        ax.scatter(
            rows["t_report_s"],
            rows["response_min"],
            s=12 + 12 * severity,
            color=colour,
            edgecolor=INK,
            lw=0.4,
            alpha=0.85,
            zorder=3,
        )
        legend.append(
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                color=colour,
                markeredgecolor=INK,
                label=text("timeline.severity", severity=severity),
            )
        )
    if len(missed):
        ax.scatter(
            missed["t_report_s"],
            np.full(len(missed), top),
            marker="x",
            s=50,
            color=TARGET,
            zorder=4,
        )
        legend.append(
            Line2D([], [], ls="", marker="x", color=TARGET, label=text("timeline.unanswered"))
        )
    ax.axhline(target, color=TARGET, lw=2, ls="--")
    legend.append(
        Line2D([], [], color=TARGET, ls="--", label=text("response.target", target=target))
    )
    ax.set_ylim(0, top * 1.05)
    ax.set_ylabel(text("timeline.y"))


def incident_timeline_chart(drill: DrillFolder, lang: Lang = "en", size: Size = "page") -> Figure:
    """Response time of every incident against its report time; unanswered ones on top."""
    text = Text(lang)
    incidents = drill.table("incidents")
    assert incidents is not None
    target = drill.target_min or 15.0
    reached = incidents.dropna(subset=["response_min"])
    missed = incidents[incidents["response_min"].isna()]
    with house_style(size):
        fig, ax = new_figure(size)
        legend: list = []
        plot_incidents(ax, incidents, target, text, legend)
        last = _injects(ax, drill, text, legend)
        ax.set_xlim(0, max(float(incidents["t_report_s"].max()), last, 3600.0) * 1.01)
        clock_axis(ax, drill.start_s, drill.zone, text)
        late = int((reached["response_min"] > target).sum()) + len(missed)
        title = text("timeline.title", n_late=late, n=len(incidents), target=target)
        return finish(fig, title, drill.provenance(), text, legend=legend)
