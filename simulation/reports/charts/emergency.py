"""The red phase on the clock: hijau / kuning / merah with the emergency services arriving.

Inputs, as the emergency model writes them into a drill folder:

* series.csv ``emergency.phase``: 0 hijau, 1 kuning, 2 merah, sampled at every change (hijau
  before the first sample);
* events.csv ``emergency.casualties`` (field ``count``): people hurt; ``emergency.at_hospital``:
  one casualty reaching hospital; the services' moments, each marked once per premises or
  situation: ``emergency.looting_secured``, ``.ambulance_arrived`` (the first only),
  ``.damkar_arrived``, ``.first_water``, ``.fire_out``, ``.rescue_team_arrived`` and the
  hostage taking's end (``.hostage_released`` / ``_rescued`` / ``_hurt``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
    INK,
    PALETTE,
    STATUS,
    Size,
    clock_axis,
    finish,
    house_style,
    new_figure,
)
from simulation.scenario.units import format_clock

PHASE_SERIES = "emergency.phase"
PHASES = ("hijau", "kuning", "merah")
SERVICE_MARKS = {
    "emergency.looting_secured": ("X", 0.9),
    "emergency.ambulance_arrived": ("v", 0.75),
    "emergency.damkar_arrived": ("^", 0.6),
    "emergency.first_water": ("o", 0.45),
    "emergency.fire_out": ("s", 0.3),
    "emergency.rescue_team_arrived": ("D", 0.18),
    "emergency.hostage_released": ("*", 0.07),
    "emergency.hostage_rescued": ("*", 0.07),
    "emergency.hostage_hurt": ("P", 0.07),
}
"""Each service moment as a marker at its own height on the phase band (close moments stay
apart), once per premises or situation."""


def has_phase(drill: DrillFolder) -> bool:
    return bool((drill.series["series"].astype(str) == PHASE_SERIES).any())


def _service_marks(band: Axes, events: pd.DataFrame, text: Text) -> list[Line2D]:
    """The first of each service moment per premises or situation on the band; its legend."""
    chosen = events[events["kind"].isin(list(SERVICE_MARKS))].copy()
    chosen["where"] = ""
    for column in ("premises", "situation"):
        if column in chosen.columns:
            chosen["where"] += chosen[column].fillna("").astype(str)
    chosen = chosen.drop_duplicates(["kind", "where"])
    legend = []
    for kind, (marker, height) in SERVICE_MARKS.items():
        times = chosen.loc[chosen["kind"] == kind, "t_s"].to_numpy(float)
        if not len(times):
            continue
        style = {"marker": marker, "color": INK, "markerfacecolor": "white", "ms": 8, "ls": ""}
        band.plot(times, np.full(len(times), height), zorder=4, **style)
        label = text(f"emergency.mark.{kind.split('.', 1)[1]}")
        legend.append(Line2D([], [], label=label, **style))
    return legend


def emergency_phase_chart(drill: DrillFolder, lang: Lang = "en", size: Size = "page") -> Figure:
    """Top: the phase band with the services' moments as markers. Bottom: people hurt and people in
    hospital so far. The title says when merah began and when hijau came back."""
    text = Text(lang)
    series = drill.series[drill.series["series"] == PHASE_SERIES].sort_values("t_s")
    events = drill.events
    end = float(max(events["t_s"].max(), series["t_s"].max()))
    times = np.concatenate([[0.0], series["t_s"].to_numpy(float), [end]])
    phases = np.concatenate([[0], series["value"].to_numpy(int)])
    hurt = events[events["kind"] == "emergency.casualties"].sort_values("t_s")
    cared = events[events["kind"] == "emergency.at_hospital"].sort_values("t_s")
    with house_style(size):
        fig, (band, count) = new_figure(size, 2, 1, sharex=True, height_ratios=[1, 3])
        for k, phase in enumerate(phases):
            band.axvspan(times[k], times[k + 1], color=STATUS[PHASES[phase]], lw=0)
        band.set_yticks([])
        band.set_ylabel(text("emergency.band"), rotation=0, ha="right", va="center")
        band.grid(False)
        marks = _service_marks(band, events, text)
        band.set_ylim(0, 1)
        hurt_so_far = hurt["count"].astype(float).cumsum().to_numpy()
        cared_so_far = np.arange(1.0, len(cared) + 1.0)
        for frame, values, colour, key in (
            (hurt, hurt_so_far, PALETTE[5], "emergency.hurt"),
            (cared, cared_so_far, PALETTE[0], "emergency.cared"),
        ):
            xs = np.concatenate([[0.0], frame["t_s"].to_numpy(float), [end]])
            ys = np.concatenate([[0.0], values, values[-1:] if len(values) else [0.0]])
            count.step(xs, ys, where="post", color=colour, lw=2, label=text(key))
        count.set_ylim(bottom=0)
        count.set_ylabel(text("emergency.people"))
        count.set_xlim(0.0, end)
        clock_axis(count, drill.start_s, drill.zone, text)
        legend = [Patch(color=STATUS[p], label=text(f"status.{p}")) for p in PHASES]
        legend += count.get_legend_handles_labels()[0] + marks
        merah = series[series["value"] == 2]
        if merah.empty:
            title = text("emergency.title.never")
        else:
            onset = format_clock(drill.start_s + float(merah["t_s"].iloc[0]))
            if phases[-1] == 0:
                back = float(series["t_s"].iloc[-1])
                title = text(
                    "emergency.title",
                    onset=onset,
                    back=format_clock(drill.start_s + back),
                    minutes=(back - float(merah["t_s"].iloc[0])) / 60.0,
                )
            else:
                title = text("emergency.title.open", onset=onset)
        return finish(fig, title, drill.provenance(), text, legend=legend)
