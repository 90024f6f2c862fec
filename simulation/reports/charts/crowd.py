"""Crowd charts: status over time with reinforcement arrivals, and density by level of service.

Inputs (the crowd model, issue 3, writes them through the drill's `sample` and `log`):

* series.csv rows named ``crowd.<crowd>.status``: 0 = hijau, 1 = kuning, 2 = merah, sampled on
  the clock; the status holds until the next sample.
* series.csv rows named ``crowd.<crowd>.density``: the highest density in that crowd's area,
  persons/m^2.
* events.csv rows of kind ``crowd.reinforcement`` with fields ``crowd`` and ``unit``: the moment a
  reinforcement (Dalmas, Brimob, TNI) arrives at the crowd.

Level of service follows Fruin as quoted in the domain notes: walkways A <= 0.31, B <= 0.43,
C <= 0.72, D <= 1.08, E <= 2.17, F above; standing (queuing) areas A <= 0.83, B <= 1.11,
C <= 1.43, D <= 3.33, E <= 5.0, F above (persons/m^2). Gatherings are standing crowds, so the
queuing scale is the default.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, ListedColormap
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
    LOS_COLOURS,
    STATUS,
    Size,
    clock_axis,
    finish,
    house_style,
    new_figure,
    percent_axis,
)
from simulation.scenario.units import format_clock

STATUS_NAMES = ("hijau", "kuning", "merah")
LOS_LETTERS = ("A", "B", "C", "D", "E", "F")
LOS_LIMITS = {
    "walkway": (0.31, 0.43, 0.72, 1.08, 2.17),
    "queuing": (0.83, 1.11, 1.43, 3.33, 5.0),
}
REINFORCEMENT = "crowd.reinforcement"
_SERIES = re.compile(r"^crowd\.(?P<crowd>.+)\.(?P<what>status|density)$")


def crowds(drill: DrillFolder, what: str) -> list[str]:
    """Crowd ids that have a `what` series ("status" or "density") in a drill."""
    names = drill.series["series"].drop_duplicates()
    found = [m["crowd"] for n in names if (m := _SERIES.match(str(n))) and m["what"] == what]
    return found


def _series(drill: DrillFolder, name: str) -> pd.DataFrame:
    rows = drill.series[drill.series["series"] == name]
    return rows[["t_s", "value"]].sort_values("t_s")


def status_matrix(drills: Sequence[DrillFolder], crowd: str) -> tuple[np.ndarray, np.ndarray]:
    """Sample times (union over drills) and each drill's status there (held between samples)."""
    tables = [_series(d, f"crowd.{crowd}.status") for d in drills]
    times = np.unique(np.concatenate([t["t_s"].to_numpy(float) for t in tables]))
    matrix = np.zeros((len(tables), len(times)))
    for i, table in enumerate(tables):
        t, v = table["t_s"].to_numpy(float), table["value"].to_numpy(float)
        index = np.searchsorted(t, times, side="right") - 1
        matrix[i] = np.where(index >= 0, v[np.clip(index, 0, None)], 0.0)
    return times, matrix


def wilson(k: np.ndarray, n: int, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for k successes of n: honest near 0 and 1 where Wald fails."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def crowd_status_chart(
    drills: Sequence[DrillFolder],
    lang: Lang = "en",
    size: Size = "page",
    crowd: str | None = None,
    strategy: str | None = None,
) -> Figure:
    """Top: one replication's status band with reinforcement arrivals. Bottom: the share of
    replications in merah (and in kuning or worse) over time, with Wilson 95% bands."""
    text = Text(lang)
    drills = one_strategy(drills, strategy)
    found = crowds(drills[0], "status")
    if not found:
        raise ReportError(f"{drills[0].folder / 'series.csv'}: no crowd.<crowd>.status series")
    if crowd is None:
        crowd = max(found, key=lambda c: status_matrix(drills, c)[1].__eq__(2).mean(axis=0).max())
    elif crowd not in found:
        raise ReportError(f"{drills[0].folder}: no crowd '{crowd}'; found {', '.join(found)}")
    times, matrix = status_matrix(drills, crowd)
    n = len(drills)
    merah = (matrix == 2).sum(axis=0)
    kuning_up = (matrix >= 1).sum(axis=0)
    first = drills[0]
    with house_style(size):
        fig, (band, prob) = new_figure(size, 2, 1, sharex=True, height_ratios=[1, 3])
        edges = np.append(times, times[-1] + (times[-1] - times[-2] if len(times) > 1 else 300))
        for level, name in enumerate(STATUS_NAMES):
            on = matrix[0] == level
            for start, stop in _runs(on):
                band.axvspan(edges[start], edges[stop], color=STATUS[name], lw=0)
        band.set_yticks([])
        band.set_ylabel(
            text("crowd.status.band", replication=1), rotation=0, ha="right", va="center"
        )
        band.grid(False)
        events = first.events
        arrivals = events[(events["kind"] == REINFORCEMENT) & (events.get("crowd") == crowd)]
        for k, row in enumerate(arrivals.itertuples()):
            for ax in (band, prob):
                ax.axvline(row.t_s, color=INK, lw=1, ls=":")
            band.annotate(
                str(row.unit),
                (row.t_s, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, 2 + 11 * (k % 2)),
                textcoords="offset points",
                fontsize=8,
                color=INK,
                va="bottom",
            )
        lo, hi = wilson(merah, n)
        prob.fill_between(
            times,
            lo,
            hi,
            step="post",
            color=STATUS["merah"],
            alpha=0.12,
            lw=0,
            label=text("crowd.status.band95"),
        )
        prob.step(
            times,
            merah / n,
            where="post",
            color=STATUS["merah"],
            lw=2.2,
            label=text("crowd.status.p"),
        )
        prob.step(
            times,
            kuning_up / n,
            where="post",
            color=STATUS["kuning"],
            lw=1.6,
            ls="--",
            label=text("crowd.status.p_up"),
        )
        prob.set_ylim(-0.02, 1.02)
        percent_axis(prob, "y")
        prob.set_ylabel(text("crowd.status.p"))
        prob.set_xlim(edges[0], edges[-1])
        clock_axis(prob, first.start_s, first.zone, text)
        legend = [Patch(color=STATUS[s], label=text(f"status.{s}")) for s in STATUS_NAMES]
        legend.append(Line2D([], [], color=INK, ls=":", label=text("crowd.reinforcement")))
        legend += prob.get_legend_handles_labels()[0]
        peak = int(np.argmax(merah))
        title = (
            text(
                "crowd.status.title",
                crowd=crowd,
                share=merah[peak] / n,
                clock=format_clock(first.start_s + times[peak]),
            )
            if merah.max() > 0
            else text("crowd.status.title.never", crowd=crowd)
        )
        return finish(fig, title, replicated_provenance(drills, "wilson"), text, legend=legend)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) index pairs of consecutive True values."""
    padded = np.concatenate([[False], mask, [False]]).astype(int)
    change = np.flatnonzero(np.diff(padded))
    return list(zip(change[::2], change[1::2], strict=True))


def los_class(density: np.ndarray, kind: str = "queuing") -> np.ndarray:
    """Level-of-service index 0 (A) .. 5 (F) of densities in persons/m^2."""
    return np.searchsorted(np.array(LOS_LIMITS[kind]), density, side="left")


def crowd_density_chart(
    drill: DrillFolder, lang: Lang = "en", size: Size = "page", los: str = "queuing"
) -> Figure:
    """Heatmap of density per crowd area over time, coloured by Fruin level of service."""
    text = Text(lang)
    found = crowds(drill, "density")
    if not found:
        raise ReportError(f"{drill.folder / 'series.csv'}: no crowd.<crowd>.density series")
    if los not in LOS_LIMITS:
        raise ReportError(f"--los must be one of {', '.join(LOS_LIMITS)}, got {los!r}")
    tables = {c: _series(drill, f"crowd.{c}.density") for c in found}
    times = np.unique(np.concatenate([t["t_s"].to_numpy(float) for t in tables.values()]))
    grid = np.full((len(found), len(times)), np.nan)
    for i, table in enumerate(tables.values()):
        grid[i, np.searchsorted(times, table["t_s"].to_numpy(float))] = table["value"]
    limits = LOS_LIMITS[los]
    top = max(float(np.nanmax(grid)), limits[-1] * 1.2)
    bounds = [0.0, *limits, top]
    step = times[1] - times[0] if len(times) > 1 else 300.0
    edges = np.append(times, times[-1] + step)
    with house_style(size):
        fig, ax = new_figure(size)
        mesh = ax.pcolormesh(
            edges,
            np.arange(len(found) + 1),
            grid,
            cmap=ListedColormap(LOS_COLOURS),
            norm=BoundaryNorm(bounds, 6),
        )
        ax.set_yticks(np.arange(len(found)) + 0.5, found)
        ax.set_ylabel(text("crowd.density.y"))
        ax.grid(False)
        clock_axis(ax, drill.start_s, drill.zone, text)
        bar = fig.colorbar(mesh, ax=ax, pad=0.01, aspect=30)
        centres = [(a + b) / 2 for a, b in pairwise(bounds)]
        bar.set_ticks(
            centres,
            labels=[
                f"{letter} ≤ {limit:g}" for letter, limit in zip(LOS_LETTERS, limits, strict=False)
            ]
            + [f"F > {limits[-1]:g}"],
        )
        bar.set_label(text("crowd.density.bar", kind=text(f"los.{los}")))
        row, col = np.unravel_index(np.nanargmax(grid), grid.shape)
        peak = float(grid[row, col])
        title = text(
            "crowd.density.title",
            peak=peak,
            los=LOS_LETTERS[los_class(peak, los)],
            zone=found[row],
            clock=format_clock(drill.start_s + times[col]),
        )
        return finish(fig, title, drill.provenance(), text)
