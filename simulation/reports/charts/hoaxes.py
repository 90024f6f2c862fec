"""Hoax reach and belief over one drill, with each hoax's takedown and first clarification.

Inputs, as the information-threat model (issue 5) writes them into a drill folder:

* hoaxes.csv: hoax, title, started_t_s, reach_share, takedown_min, clarification_min - one row
  per hoax that started (minutes count from its start; empty when it never happened);
* series.csv: `information.<hoax>.reach` and `.believing`, shares of the regency's online
  residents reached so far / believing now.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.reports.inputs import DrillFolder, ReportError
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
    INK,
    PALETTE,
    Size,
    clock_axis,
    finish,
    house_style,
    new_figure,
    percent_axis,
)

COLUMNS = ["hoax", "title", "started_t_s", "reach_share", "takedown_min", "clarification_min"]
MARKERS = {"takedown_min": "v", "clarification_min": "o"}  # drawn on the reach curve


def _hoaxes(drill: DrillFolder) -> pd.DataFrame:
    hoaxes = drill.table("hoaxes")
    assert hoaxes is not None
    missing = [c for c in COLUMNS if c not in hoaxes.columns]
    if missing:
        raise ReportError(f"{drill.folder / 'hoaxes.csv'}: missing column(s) {', '.join(missing)}")
    return hoaxes


def _curve(drill: DrillFolder, hoax: str, kind: str) -> pd.DataFrame:
    series = drill.series
    return series[series["series"] == f"information.{hoax}.{kind}"].sort_values("t_s")


def hoax_chart(drill: DrillFolder, lang: Lang = "en", size: Size = "page") -> Figure:
    """Share of online residents each hoax reached (solid) and who believed it (dashed) on the
    clock, takedown and first clarification marked on the reach curve; the widest hoax leads
    the title."""
    text = Text(lang)
    hoaxes = _hoaxes(drill)
    with house_style(size):
        fig, ax = new_figure(size)
        legend: list[Line2D] = []
        end = 0.0
        for i, row in enumerate(hoaxes.itertuples(index=False)):
            colour = PALETTE[i % len(PALETTE)]
            reach = _curve(drill, row.hoax, "reach")
            believing = _curve(drill, row.hoax, "believing")
            ax.plot(reach["t_s"], reach["value"], color=colour, lw=2)
            ax.plot(believing["t_s"], believing["value"], color=colour, lw=1.4, ls="--")
            for column, marker in MARKERS.items():
                minutes = getattr(row, column)
                if pd.isna(minutes) or reach.empty:
                    continue
                at = row.started_t_s + 60.0 * minutes
                share = np.interp(at, reach["t_s"], reach["value"])
                ax.plot(at, share, marker, color=colour, markeredgecolor=INK, ms=7, zorder=4)
            end = max(end, float(reach["t_s"].max()) if len(reach) else row.started_t_s)
            # Quoted: the hoax in the words it circulated in, whatever the chart's language.
            # Short enough for two legend columns; the reach, as hoaxes reaching few lie on
            # the axis.
            quote = textwrap.shorten(str(row.title), width=34, placeholder="…")
            reach = text.number(max(row.reach_share, 0.001), ".1%")
            reach = reach if row.reach_share >= 0.001 else f"<{reach}"
            label = f"“{quote}” ({reach})"
            legend.append(Line2D([], [], color=colour, lw=2, label=label))
        legend += [
            Line2D([], [], color=INK, lw=2, label=text("hoax.reached")),
            Line2D([], [], color=INK, lw=1.4, ls="--", label=text("hoax.believing")),
            Line2D([], [], color=INK, marker="v", ls="", label=text("hoax.takedown")),
            Line2D([], [], color=INK, marker="o", ls="", label=text("hoax.clarified")),
        ]
        start = float(hoaxes["started_t_s"].min())
        ax.set_xlim(max(0.0, start - 1800.0), end + 1800.0)
        ax.set_ylim(bottom=0)
        percent_axis(ax, "y")
        ax.set_ylabel(text("hoax.y"))
        clock_axis(ax, drill.start_s, drill.zone, text)
        widest = hoaxes.loc[hoaxes["reach_share"].idxmax()]
        title = text(
            "hoax.title" if len(hoaxes) > 1 else "hoax.title.one",
            title=textwrap.shorten(str(widest["title"]), width=60, placeholder="…"),
            share=float(widest["reach_share"]),
            n=len(hoaxes),
        )
        return finish(fig, title, drill.provenance(), text, legend=legend)
