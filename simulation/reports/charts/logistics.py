"""Ballot-logistics charts: the delivery timeline per kecamatan and who is ready by 07:00.

Input (the logistics model, issue 4, writes it as its component table ``logistics``):
logistics.csv with one row per delivery, in chain order of legs, columns

* ``kecamatan`` - sector id, ``leg`` - the link of the chain (e.g. "gudang → PPK", "PPK → PPS",
  "PPS → TPS"); the **last** leg named in the table is the one that makes a TPS ready,
* ``depart_s``, ``arrive_s`` - drill seconds (negative before the scenario start, e.g. H-1),
  ``arrive_s`` empty when the delivery never arrived,
* ``tps`` - how many TPS the delivery serves.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from simulation.reports.inputs import (
    DrillFolder,
    ReportError,
    one_strategy,
    replicated_provenance,
)
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
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

COLUMNS = ["kecamatan", "leg", "depart_s", "arrive_s", "tps"]


def deliveries(drill: DrillFolder) -> pd.DataFrame:
    table = drill.table("logistics")
    assert table is not None
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ReportError(
            f"{drill.folder / 'logistics.csv'}: missing column(s) {', '.join(missing)}"
        )
    return table


def _deadline_s(drill: DrillFolder, deadline: str) -> float:
    try:
        return parse_clock(deadline) - drill.start_s
    except ValueError as exc:
        raise ReportError(f"--deadline: {exc}") from None


def logistics_timeline_chart(
    drill: DrillFolder, lang: Lang = "en", size: Size = "page", deadline: str = "07:00"
) -> Figure:
    """One row per kecamatan, one bar per delivery leg, the deadline as a line."""
    text = Text(lang)
    table = deliveries(drill)
    legs = list(dict.fromkeys(table["leg"]))
    due = _deadline_s(drill, deadline)
    finished = table.groupby("kecamatan")["arrive_s"].max().sort_values(ascending=False)
    order = list(finished.index)
    with house_style(size):
        fig, ax = new_figure(size)
        for i, leg in enumerate(legs):
            rows = table[table["leg"] == leg]
            for row in rows.itertuples():
                y = order.index(row.kecamatan)
                end = row.arrive_s if np.isfinite(row.arrive_s) else ax.get_xlim()[1]
                ax.broken_barh(
                    [(row.depart_s, end - row.depart_s)],
                    (y - 0.35, 0.7),
                    color=PALETTE[i % len(PALETTE)],
                )
        ax.axvline(due, color=TARGET, lw=2, ls="--")
        ax.set_yticks(range(len(order)), order)
        ax.set_ylim(-0.6, len(order) - 0.4)
        ax.invert_yaxis()
        ax.set_ylabel(text("logistics.timeline.y"))
        ax.grid(axis="y", visible=False)
        clock_axis(ax, drill.start_s, drill.zone, text)
        legend = [Patch(color=PALETTE[i % len(PALETTE)], label=leg) for i, leg in enumerate(legs)]
        legend.append(Patch(color=TARGET, label=text("logistics.deadline", clock=deadline)))
        last = finished.index[0]
        title = text(
            "logistics.timeline.title",
            clock=format_clock(drill.start_s + finished.iloc[0]),
            kecamatan=last,
        )
        return finish(fig, title, drill.provenance(), text, legend=legend)


def ready_shares(drills: Sequence[DrillFolder], deadline: str) -> pd.Series:
    """Mean over drills of the share of each kecamatan's TPS whose last leg arrived in time."""
    shares = []
    for drill in drills:
        table = deliveries(drill)
        last = table[table["leg"] == list(dict.fromkeys(table["leg"]))[-1]]
        due = _deadline_s(drill, deadline)
        on_time = last["tps"].where(last["arrive_s"].fillna(np.inf) <= due, 0)
        share = on_time.groupby(last["kecamatan"]).sum() / last.groupby("kecamatan")["tps"].sum()
        shares.append(share)
    return pd.concat(shares, axis=1).mean(axis=1).sort_values(ascending=False)


def logistics_ready_chart(
    drills: Sequence[DrillFolder],
    lang: Lang = "en",
    size: Size = "page",
    deadline: str = "07:00",
    strategy: str | None = None,
) -> Figure:
    """Share of TPS ready by the deadline per kecamatan, mean over replications."""
    text = Text(lang)
    drills = one_strategy(drills, strategy)
    shares = ready_shares(drills, deadline)
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
        ax.set_yticks(range(len(shares)), shares.index)
        ax.set_xlim(0, 1.08)
        percent_axis(ax)
        ax.set_xlabel(text("logistics.ready.x", clock=deadline))
        ax.grid(axis="y", visible=False)
        legend = [
            Patch(color=VERDICT["worse"], label=text("logistics.ready.short")),
            Patch(color=VERDICT["better"], label="100%"),
        ]
        title = text(
            "logistics.ready.title", n_ready=int((~short).sum()), n=len(shares), clock=deadline
        )
        return finish(fig, title, replicated_provenance(drills, "none"), text, legend=legend)
