"""The orders of a played game on the drill's time axis: each order a numbered vertical line
(refused ones in red) over every incident's response time and, when a crowd scene ran, the
crowd status (hijau/kuning/merah) as a step line, so the meeting sees what each order followed
and what came after it.

Reads decisions.yaml (t, order, refused), incidents.csv and series.csv ``crowd.status``.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.reports.charts.timeline import plot_incidents
from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Lang, Text
from simulation.reports.orders import STATUS_NAMES, read_orders
from simulation.reports.style import (
    INK,
    STATUS,
    TARGET,
    Size,
    clock_axis,
    finish,
    house_style,
    mark_moments,
    new_figure,
)


def decisions_chart(drill: DrillFolder, lang: Lang = "en", size: Size = "page") -> Figure:
    """Orders as markers over the incident and crowd-status timeline."""
    text = Text(lang)
    orders = read_orders(drill)
    incidents = drill.table("incidents", required=False)
    status = drill.series[drill.series["series"] == "crowd.status"].sort_values("t_s")
    with house_style(size):
        fig, ax = new_figure(size)
        legend: list = []
        end = max((o.t for o in orders), default=0.0)
        if incidents is not None and not incidents.empty:
            plot_incidents(ax, incidents, drill.target_min or 15.0, text, legend)
            end = max(end, float(incidents["t_report_s"].max()))
        if len(status):
            right = ax.twinx()
            right.step(status["t_s"], status["value"], where="post", color=STATUS["merah"], lw=1.2)
            right.set_ylim(-0.2, 2.2)
            right.set_yticks(range(3), [text(f"status.{s}") for s in STATUS_NAMES])
            legend.append(Line2D([], [], color=STATUS["merah"], label=text("decisions.status")))
            end = max(end, float(status["t_s"].max()))
        for refused, colour in ((False, INK), (True, TARGET)):
            chosen = [o for o in orders if bool(o.refused) == refused]
            mark_moments([ax], [o.t for o in chosen], [str(o.number) for o in chosen], colour)
            if chosen:
                key = "decisions.refused" if refused else "decisions.order"
                legend.append(Line2D([], [], color=colour, ls=":", label=text(key)))
        ax.set_xlim(0, max(end, 3600.0) * 1.01)
        clock_axis(ax, drill.start_s, drill.zone, text)
        n_refused = sum(bool(o.refused) for o in orders)
        title = text("decisions.title", n=len(orders), n_refused=n_refused)
        return finish(fig, title, drill.provenance(), text, legend=legend)
