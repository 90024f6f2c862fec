"""Ballot-logistics charts: the delivery timeline per kecamatan and who is ready by 07:00.

Inputs, as the logistics model (issue 4) writes them into a drill folder (times are hours from
00:00 of hari H, negative before it; empty when it never happened):

* logistics_trips.csv: trip, leg (e.g. truck, pickup, return), sector, dispatch_h, arrive_h,
  stuck, breakdowns, ambushed, lost - one row per vehicle trip;
* logistics_tps.csv: tps, sector, ready_h - when each TPS had its ballots and kit;
* logistics_kecamatan.csv: sector, name, deadline_h - names and the scenario's deadline.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulation.reports.inputs import (
    DrillFolder,
    ReportError,
    one_strategy,
    replicated_provenance,
)
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
    INK,
    PALETTE,
    TARGET,
    VERDICT,
    Size,
    clock_axis,
    finish,
    house_style,
    new_figure,
    percent_axis,
)
from simulation.scenario.units import format_clock, parse_clock

NEEDS = {
    "logistics_trips": ["leg", "sector", "dispatch_h", "arrive_h"],
    "logistics_tps": ["sector", "ready_h"],
}


def _table(drill: DrillFolder, name: str) -> pd.DataFrame:
    table = drill.table(name)
    assert table is not None
    missing = [c for c in NEEDS.get(name, []) if c not in table.columns]
    if missing:
        raise ReportError(
            f"{drill.folder / (name + '.csv')}: missing column(s) {', '.join(missing)}"
        )
    return table


def _names(drill: DrillFolder) -> dict[str, str]:
    sectors = drill.table("logistics_kecamatan", required=False)
    if sectors is None or "name" not in sectors.columns:
        return {}
    return dict(zip(sectors["sector"], sectors["name"], strict=True))


def _planned_ppk(drill: DrillFolder, order: Sequence[str]) -> pd.Series:
    """Each kecamatan's planned arrival at its PPK (hours from 00:00 of hari H), where known."""
    sectors = drill.table("logistics_kecamatan", required=False)
    if sectors is None or "planned_ppk_h" not in sectors.columns:
        return pd.Series(dtype=float)
    planned = sectors.set_index("sector")["planned_ppk_h"].dropna()
    return planned[planned.index.isin(order)]


def deadline_hours(drill: DrillFolder, deadline: str | None) -> float:
    """The deadline as hours from 00:00 of hari H: --deadline, else the model's, else 07:00."""
    if deadline is not None:
        try:
            return parse_clock(deadline) / 3600.0
        except ValueError as exc:
            raise ReportError(f"--deadline: {exc}") from None
    sectors = drill.table("logistics_kecamatan", required=False)
    if sectors is not None and "deadline_h" in sectors.columns and len(sectors):
        return float(sectors["deadline_h"].iloc[0])
    return 7.0


def logistics_timeline_chart(
    drill: DrillFolder, lang: Lang = "en", size: Size = "page", deadline: str | None = None
) -> Figure:
    """One row per kecamatan, one bar per trip coloured by leg, the deadline as a line;
    trips that got stuck, broke down, were ambushed or lost are marked with a cross."""
    text = Text(lang)
    trips = _table(drill, "logistics_trips")
    names = _names(drill)
    due_h = deadline_hours(drill, deadline)
    legs = list(dict.fromkeys(trips["leg"]))
    start = trips["dispatch_h"] * 3600 - drill.start_s
    end = trips["arrive_h"] * 3600 - drill.start_s
    tps = _table(drill, "logistics_tps")
    # Latest-ready kecamatan on top (never ready counts as latest).
    ready = tps["ready_h"].fillna(np.inf).groupby(tps["sector"]).max()
    order = list(ready.sort_values(ascending=False).index)
    order += [s for s in dict.fromkeys(trips["sector"]) if s not in order]
    trouble = trips.reindex(columns=["stuck", "breakdowns", "ambushed", "lost"]).fillna(0)
    with house_style(size):
        fig, ax = new_figure(size)
        y = trips["sector"].map({s: i for i, s in enumerate(order)})
        for i, leg in enumerate(legs):
            mine = (trips["leg"] == leg) & start.notna()
            stop = end.fillna(end.max())
            ax.hlines(
                y[mine],
                start[mine],
                stop[mine],
                color=PALETTE[i % len(PALETTE)],
                lw=max(2.0, 120 / max(len(order), 1)),
                alpha=0.8,
            )
        bad = trouble.sum(axis=1) > 0
        ax.scatter(end[bad].fillna(start[bad]), y[bad], marker="x", color=INK, s=25, zorder=4)
        planned = _planned_ppk(drill, order)
        ax.scatter(
            planned * 3600 - drill.start_s,
            planned.index.map({s: i for i, s in enumerate(order)}),
            marker="D",
            facecolors="white",
            edgecolors=INK,
            s=30,
            lw=1.2,
            zorder=5,
            gid="planned_ppk",
        )
        due_s = due_h * 3600 - drill.start_s
        ax.axvline(due_s, color=TARGET, lw=2, ls="--")
        ax.set_yticks(range(len(order)), [names.get(s, s) for s in order])
        ax.set_ylim(len(order) - 0.4, -0.6)
        ax.set_ylabel(text("logistics.timeline.y"))
        ax.grid(axis="y", visible=False)
        clock_axis(ax, drill.start_s, drill.zone, text)
        deadline_label = format_clock(due_h * 3600)
        legend = [
            Patch(color=PALETTE[i % len(PALETTE)], label=text.term("leg", leg))
            for i, leg in enumerate(legs)
        ]
        legend += [
            Line2D(
                [],
                [],
                color=TARGET,
                ls="--",
                label=text("logistics.deadline", clock=deadline_label),
            ),
            Line2D([], [], color=INK, marker="x", ls="", label=text("logistics.trouble")),
        ]
        if len(planned):
            legend.append(
                Line2D(
                    [],
                    [],
                    color=INK,
                    mfc="white",
                    marker="D",
                    ls="",
                    label=text("logistics.planned"),
                )
            )
        last = tps.sort_values("ready_h", na_position="first").iloc[-1]
        if tps["ready_h"].isna().any():
            title = text("logistics.timeline.undelivered", n=int(tps["ready_h"].isna().sum()))
        else:
            title = text(
                "logistics.timeline.title",
                clock=format_clock(last["ready_h"] * 3600),
                kecamatan=names.get(last["sector"], last["sector"]),
            )
        return finish(fig, title, drill.provenance(), text, legend=legend)


def ready_shares(drills: Sequence[DrillFolder], deadline: str | None) -> pd.Series:
    """Mean over drills of the share of each kecamatan's TPS ready by the deadline."""
    shares = []
    for drill in drills:
        tps = _table(drill, "logistics_tps")
        due = deadline_hours(drill, deadline)
        on_time = tps["ready_h"].fillna(np.inf) <= due + 1e-9
        shares.append(on_time.groupby(tps["sector"]).mean())
    mean = pd.concat(shares, axis=1).mean(axis=1)
    # Worst on top of the bar chart (the last row is drawn highest); ties alphabetical.
    return mean.sort_index(ascending=False).sort_values(ascending=False, kind="stable")


def logistics_ready_chart(
    drills: Sequence[DrillFolder],
    lang: Lang = "en",
    size: Size = "page",
    deadline: str | None = None,
    strategy: str | None = None,
) -> Figure:
    """Share of TPS ready by the deadline per kecamatan, mean over replications, worst on top."""
    text = Text(lang)
    drills = one_strategy(drills, strategy)
    shares = ready_shares(drills, deadline)
    names = _names(drills[0])
    clock = format_clock(deadline_hours(drills[0], deadline) * 3600)
    short = shares < 1.0 - 1e-9
    with house_style(size):
        fig, ax = new_figure(size)
        colours = [VERDICT["worse"] if s else VERDICT["better"] for s in short]
        ax.barh(range(len(shares)), shares.to_numpy(), color=colours, height=0.7)
        for y, value in enumerate(shares):
            ax.annotate(
                f"{value:.0%}",
                (value, y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
        ax.set_yticks(range(len(shares)), [names.get(s, s) for s in shares.index])
        ax.set_xlim(0, 1.08)
        percent_axis(ax)
        ax.set_xlabel(text("logistics.ready.x", clock=clock))
        ax.grid(axis="y", visible=False)
        # Only the colours on the chart: a key for bars that are not there misleads.
        legend = [
            Patch(color=VERDICT["worse"], label=text("logistics.ready.short"))
            if flag
            else Patch(color=VERDICT["better"], label="100%")
            for flag in sorted(set(short), reverse=True)
        ]
        title = text(
            "logistics.ready.title", n_ready=int((~short).sum()), n=len(shares), clock=clock
        )
        return finish(fig, title, replicated_provenance(drills, "none"), text, legend=legend)
