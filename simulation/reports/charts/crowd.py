"""Crowd charts: status over time with reinforcement arrivals, and the density map by level of
service.

Inputs, as the crowd model (issue 3) writes them into a drill folder:

* series.csv ``crowd.status``: 0 = hijau, 1 = kuning, 2 = merah, sampled on the clock; the
  status holds until the next sample (with several scenes: ``crowd.<scene id>.status``);
* events.csv ``crowd.unit_arrived`` (field ``unit``, and ``crowd``: the scene id): a
  reinforcement (negotiators, Dalmas, Brimob, TNI) reaching the crowd; ``crowd.scene_start``
  (field ``scene``) names the scene; ``crowd.line_broken``, ``crowd.building_seized`` and
  ``crowd.building_retaken`` are marked on the status band;
* crowd_scenes.csv (scene, name, sector, the scene's KPIs): one row per scene;
* crowd_density.csv (scene, t_s, x_m, y_m, density_ppm2): the local-density map at the densest
  moment of each scene, one row per occupied cell;
* crowd_venue.csv (scene, name, kind = wall | barricade | exit | police, points "x y;x y;..."):
  the venue outline drawn over the map.

A drill with several scenes is drawn one scene at a time (``scene=`` / ``--scene``); by default
the worst one (highest worst status, then most minutes in merah and kuning, summed over the
replications), and the title says it was chosen as the worst of how many.

Level of service follows Fruin as quoted in the domain notes: walkways A <= 0.31, B <= 0.43,
C <= 0.72, D <= 1.08, E <= 2.17, F above; standing (queuing) areas A <= 0.83, B <= 1.11,
C <= 1.43, D <= 3.33, E <= 5.0, F above (persons/m^2). A gathering is a standing crowd, so the
queuing scale is the default.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon

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
    MUTED,
    PALETTE,
    STATUS,
    Size,
    clock_axis,
    finish,
    house_style,
    mark_moments,
    new_figure,
    percent_axis,
)
from simulation.scenario.units import format_clock

STATUS_SERIES = "crowd.status"
ARRIVED = "crowd.unit_arrived"
#: Moments marked on the status band: event kind -> (marker, height in the band); a breach
#: and the seizure it allows often fall on the same second, so they sit apart. The appeal and
#: the dispersal order of a scene past its permitted hours (Perkap 7/2012) sit in the middle.
MARKS = {
    "crowd.line_broken": ("v", 0.75),
    "crowd.building_seized": ("X", 0.3),
    "crowd.building_retaken": ("^", 0.3),
    "crowd.permit_appeal": ("o", 0.5),
    "crowd.permit_dispersal": ("s", 0.5),
}
STATUS_NAMES = ("hijau", "kuning", "merah")
LOS_LETTERS = ("A", "B", "C", "D", "E", "F")
WORST_ORDER = ("worst_status", "time_merah_min", "time_kuning_min")
LOS_LIMITS = {
    "walkway": (0.31, 0.43, 0.72, 1.08, 2.17),
    "queuing": (0.83, 1.11, 1.43, 3.33, 5.0),
}


def has_status(drill: DrillFolder) -> bool:
    names = drill.series["series"].astype(str)
    return bool(((names == STATUS_SERIES) | names.str.fullmatch(r"crowd\.\w+\.status")).any())


def scene_table(drill: DrillFolder) -> pd.DataFrame | None:
    """crowd_scenes.csv when the drill has several scenes (None: one scene, or an older folder)."""
    table = drill.table("crowd_scenes", required=False)
    return table if table is not None and len(table) > 1 else None


@dataclass(frozen=True)
class ScenePick:
    """The scene a chart draws: its id (None for a one-scene drill), name and title suffix."""

    id: str | None
    name: str
    of: int = 1


def pick_scene(drills: Sequence[DrillFolder], scene: str | None) -> ScenePick:
    """The scene asked for, or the worst scene of the drills (see the module notes)."""
    first = drills[0]
    table = scene_table(first)
    if table is None:
        if scene is not None:
            raise ReportError(f"{first.folder}: one crowd scene only; drop --scene")
        return ScenePick(None, scene_name(first))
    ids = table["scene"].astype(str).tolist()
    if scene is not None and scene not in ids:
        raise ReportError(f"unknown crowd scene '{scene}'; choose from {', '.join(ids)}")
    if scene is None:
        tables = [t for t in (scene_table(d) for d in drills) if t is not None]
        score = pd.concat(tables).groupby("scene")[list(WORST_ORDER)].sum()
        scene = str(score.sort_values(list(WORST_ORDER), ascending=False).index[0])
        of = len(ids)
    else:
        of = 1
    name = str(table.loc[table["scene"].astype(str) == scene, "name"].iloc[0])
    return ScenePick(scene, name, of)


def scene_name(drill: DrillFolder) -> str:
    events = drill.events
    start = events[events["kind"] == "crowd.scene_start"]
    if len(start) and "scene" in start.columns and isinstance(start["scene"].iloc[0], str):
        return str(start["scene"].iloc[0])
    return drill.scenario


def _title_name(pick: ScenePick, text: Text) -> str:
    return pick.name if pick.of == 1 else text("crowd.scene.worst", crowd=pick.name, n=pick.of)


def _of_scene(table: pd.DataFrame, pick: ScenePick, column: str = "scene") -> pd.DataFrame:
    """The rows of the picked scene (all rows for a one-scene drill)."""
    if pick.id is None or column not in table.columns:
        return table
    return table[table[column].astype(str) == pick.id]


def status_matrix(
    drills: Sequence[DrillFolder], series: str = STATUS_SERIES
) -> tuple[np.ndarray, np.ndarray]:
    """Sample times (union over drills) and each drill's status there (held between samples)."""
    tables = []
    for drill in drills:
        rows = drill.series[drill.series["series"] == series].sort_values("t_s")
        if rows.empty:
            raise ReportError(f"{drill.folder / 'series.csv'}: no {series} series")
        tables.append(rows)
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


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) index pairs of consecutive True values."""
    padded = np.concatenate([[False], mask, [False]]).astype(int)
    change = np.flatnonzero(np.diff(padded))
    return list(zip(change[::2], change[1::2], strict=True))


def crowd_status_chart(
    drills: Sequence[DrillFolder],
    lang: Lang = "en",
    size: Size = "page",
    strategy: str | None = None,
    scene: str | None = None,
) -> Figure:
    """Top: replication 1's status band with reinforcement arrivals. Bottom: the share of
    replications in merah (and in kuning or worse) over time, with Wilson 95% bands."""
    text = Text(lang)
    drills = one_strategy(drills, strategy)
    pick = pick_scene(drills, scene)
    series = STATUS_SERIES if pick.id is None else f"crowd.{pick.id}.status"
    times, matrix = status_matrix(drills, series)
    n = len(drills)
    merah = (matrix == 2).sum(axis=0)
    kuning_up = (matrix >= 1).sum(axis=0)
    first = drills[0]
    with house_style(size):
        fig, (band, prob) = new_figure(size, 2, 1, sharex=True, height_ratios=[1, 3])
        step = times[-1] - times[-2] if len(times) > 1 else 60.0
        edges = np.append(times, times[-1] + step)
        for level, name in enumerate(STATUS_NAMES):
            for start, stop in _runs(matrix[0] == level):
                band.axvspan(edges[start], edges[stop], color=STATUS[name], lw=0)
        band.set_yticks([])
        band.set_ylabel(
            text("crowd.status.band", replication=1), rotation=0, ha="right", va="center"
        )
        band.grid(False)
        arrivals = _of_scene(first.events[first.events["kind"] == ARRIVED], pick, "crowd")
        arrivals = arrivals.sort_values("t_s")
        mark_moments([band, prob], arrivals["t_s"].tolist(), arrivals["unit"].astype(str).tolist())
        if n > 1:  # one drill has no spread to show
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
        legend += _marks(band, first, pick, text)
        legend += prob.get_legend_handles_labels()[0]
        peak = int(np.argmax(merah))
        crowd = _title_name(pick, text)
        clock = format_clock(first.start_s + times[peak])
        if merah.max() == 0:
            title = text("crowd.status.title.never", crowd=crowd)
        elif n == 1:  # "in 100% of replications" misleads for one drill: say how long instead
            minutes = float(np.diff(edges)[matrix[0] == 2].sum()) / 60.0
            title = text("crowd.status.title.one", crowd=crowd, clock=clock, minutes=minutes)
        else:
            title = text("crowd.status.title", crowd=crowd, share=merah[peak] / n, clock=clock)
        provenance = replicated_provenance(drills, "wilson" if n > 1 else "none")
        return finish(fig, title, provenance, text, legend=legend)


def _marks(band: Axes, drill: DrillFolder, pick: ScenePick, text: Text) -> list[Line2D]:
    """Line breaches, seizure and retaking of the building, the appeal and the dispersal
    order past the permitted hours, on the status band; their legend."""
    events = drill.events
    marked = _of_scene(events[events["kind"].isin(list(MARKS))], pick, "crowd")
    legend = []
    for kind, (marker, height) in MARKS.items():
        times = marked.loc[marked["kind"] == kind, "t_s"].to_numpy(float)
        if not len(times):
            continue
        band.scatter(
            times,
            np.full(len(times), height),
            marker=marker,
            s=110,
            color=INK,
            edgecolors="white",
            linewidths=1.2,
            zorder=5,
            transform=band.get_xaxis_transform(),
            gid=kind,
        )
        label = text(f"crowd.mark.{kind.removeprefix('crowd.')}")
        legend.append(Line2D([], [], color=INK, marker=marker, ls="", ms=9, label=label))
    return legend


def los_class(density: np.ndarray | float, kind: str = "queuing") -> np.ndarray:
    """Level-of-service index 0 (A) .. 5 (F) of densities in persons/m^2."""
    return np.searchsorted(np.array(LOS_LIMITS[kind]), density, side="left")


def density_grid(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cell edges in x and y and the density grid (NaN where nobody stood) from the cell rows."""
    xs, ys = np.unique(table["x_m"]), np.unique(table["y_m"])
    cell = float(
        min(np.diff(xs).min() if len(xs) > 1 else 1.0, np.diff(ys).min() if len(ys) > 1 else 1.0)
    )
    nx = round((xs[-1] - xs[0]) / cell) + 1
    ny = round((ys[-1] - ys[0]) / cell) + 1
    grid = np.full((ny, nx), np.nan)
    ix = np.round((table["x_m"].to_numpy() - xs[0]) / cell).astype(int)
    iy = np.round((table["y_m"].to_numpy() - ys[0]) / cell).astype(int)
    grid[iy, ix] = table["density_ppm2"].to_numpy(float)
    x_edges = xs[0] - cell / 2 + cell * np.arange(nx + 1)
    y_edges = ys[0] - cell / 2 + cell * np.arange(ny + 1)
    return x_edges, y_edges, grid


def _venue(ax: Axes, venue: pd.DataFrame | None, text: Text) -> list:
    """Draw walls, barricades, exits and the police line; return their legend handles."""
    if venue is None:
        return []
    styles = {
        "wall": {"facecolor": "#BBBBBB", "edgecolor": MUTED, "lw": 0.8},
        "barricade": {"facecolor": "none", "edgecolor": INK, "lw": 1.5, "ls": "--"},
    }
    seen: dict[str, object] = {}
    for row in venue.itertuples():
        points = np.array([[float(v) for v in p.split()] for p in str(row.points).split(";")])
        if row.kind in styles:
            ax.add_patch(Polygon(points, closed=True, zorder=3, **styles[row.kind]))
            seen.setdefault(
                row.kind, Patch(label=text(f"crowd.venue.{row.kind}"), **styles[row.kind])
            )
        elif row.kind in ("exit", "police"):
            colour = PALETTE[3] if row.kind == "exit" else PALETTE[0]  # not LOS green
            ax.plot(points[:, 0], points[:, 1], color=colour, lw=4, solid_capstyle="butt", zorder=4)
            seen.setdefault(
                row.kind, Line2D([], [], color=colour, lw=4, label=text(f"crowd.venue.{row.kind}"))
            )
    return list(seen.values())


def crowd_density_chart(
    drill: DrillFolder,
    lang: Lang = "en",
    size: Size = "page",
    los: str = "queuing",
    scene: str | None = None,
) -> Figure:
    """The density map at the densest moment of one scene, in Fruin level-of-service colours."""
    text = Text(lang)
    if los not in LOS_LIMITS:
        raise ReportError(f"--los must be one of {', '.join(LOS_LIMITS)}, got {los!r}")
    pick = pick_scene([drill], scene)
    table = drill.table("crowd_density")
    assert table is not None
    table = _of_scene(table, pick)
    if table.empty:
        raise ReportError(f"{drill.folder / 'crowd_density.csv'}: no occupied cell")
    x_edges, y_edges, grid = density_grid(table)
    limits = LOS_LIMITS[los]
    bounds = [0.0, *limits, max(float(np.nanmax(grid)), limits[-1]) * 1.2]
    with house_style(size):
        fig, ax = new_figure(size)
        mesh = ax.pcolormesh(
            x_edges, y_edges, grid, cmap=ListedColormap(LOS_COLOURS), norm=BoundaryNorm(bounds, 6)
        )
        venue = drill.table("crowd_venue", required=False)
        legend = _venue(ax, None if venue is None else _of_scene(venue, pick), text)
        ax.set_aspect("equal")
        ax.set_xlabel(text("crowd.density.x"))
        ax.set_ylabel(text("crowd.density.y"))
        ax.grid(False)
        bar = fig.colorbar(mesh, ax=ax, pad=0.01, aspect=30)
        centres = [(a + b) / 2 for a, b in pairwise(bounds)]
        labels = [
            f"{letter} ≤ {text.number(limit)}"
            for letter, limit in zip(LOS_LETTERS, limits, strict=False)
        ]
        bar.set_ticks(centres, labels=[*labels, f"F > {text.number(limits[-1])}"])
        bar.set_label(text("crowd.density.bar", kind=text(f"los.{los}")))
        peak = float(np.nanmax(grid))
        title = text(
            "crowd.density.title",
            peak=peak,
            los=LOS_LETTERS[int(los_class(peak, los))],
            zone=_title_name(pick, text),
            clock=format_clock(drill.start_s + float(table["t_s"].iloc[0])),
        )
        return finish(fig, title, drill.provenance(), text, legend=legend)
