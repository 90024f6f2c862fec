"""Crowd charts for one drill's result folder: the density map at the densest moment, in
Fruin's level-of-service colours, and the status timeline with reinforcement arrivals."""

from __future__ import annotations

import csv
import json
from itertools import pairwise
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap

from simulation.reports.footnote import add_footnote
from simulation.reports.response import LABELS as RESPONSE_LABELS

#: Fruin's level of service for queuing areas (persons/m^2): upper bounds of A..E; F above.
LOS_BOUNDS = [0.0, 0.83, 1.11, 1.43, 3.33, 5.0, 12.0]
LOS_COLOURS = ["#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027"]
STATUS_COLOURS = ["#2ca02c", "#f2c12e", "#d62728"]

LABELS = {
    "en": {
        "density_title": "Local density at the densest moment, {clock} "
        "(peak {peak:.1f} persons/m²)",
        "status_title": "Crowd status and size, with police units arriving",
        "x": "East (m)",
        "y": "North (m)",
        "los": "Level of service (Fruin, queuing), persons/m²",
        "time": "Clock time",
        "size": "People present",
        "status": ["hijau", "kuning", "merah"],
        "arrived": "{unit} arrives",
    },
    "id": {
        "density_title": "Kepadatan lokal saat terpadat, {clock} (puncak {peak:.1f} orang/m²)",
        "status_title": "Status dan jumlah massa, dengan kedatangan unit",
        "x": "Timur (m)",
        "y": "Utara (m)",
        "los": "Tingkat layanan (Fruin, antrean), orang/m²",
        "time": "Jam",
        "size": "Massa di lokasi",
        "status": ["hijau", "kuning", "merah"],
        "arrived": "{unit} tiba",
    },
}


def _rows(run_dir: Path, name: str) -> list[dict[str, str]]:
    with (run_dir / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _footnote(fig: plt.Figure, run_dir: Path, lang: str) -> None:
    meta = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    add_footnote(fig, meta, RESPONSE_LABELS[lang]["foot"], bottom=0.04)


def density_chart(run_dir: Path, lang: str = "en") -> plt.Figure:
    """Occupied cells coloured by level of service, over the walls, exits and police line."""
    run_dir = Path(run_dir)
    text = LABELS[lang]
    cells = _rows(run_dir, "crowd_density.csv")
    fig, ax = plt.subplots(figsize=(9, 5.5), layout="constrained")
    cmap, norm = ListedColormap(LOS_COLOURS), BoundaryNorm(LOS_BOUNDS, len(LOS_COLOURS))
    peak, clock = 0.0, ""
    if cells:
        x = np.array([float(r["x_m"]) for r in cells])
        y = np.array([float(r["y_m"]) for r in cells])
        rho = np.array([float(r["density_ppm2"]) for r in cells])
        size = float(np.min(np.diff(np.unique(x)))) if len(np.unique(x)) > 1 else 0.5
        ax.scatter(x, y, c=rho, cmap=cmap, norm=norm, marker="s", s=(size * 4) ** 2, lw=0)
        peak = float(rho.max())
        clock = _clock_of(run_dir, float(cells[0]["t_s"]))
    for row in _rows(run_dir, "crowd_venue.csv"):
        pts = np.array([[float(v) for v in p.split()] for p in row["points"].split(";")])
        if row["kind"] in ("wall", "barricade"):
            colour = "#444444" if row["kind"] == "wall" else "#8c564b"
            ax.fill(pts[:, 0], pts[:, 1], color=colour, alpha=0.8, lw=0)
        else:
            colour = {"exit": "#1f77b4", "police": "#000080"}[row["kind"]]
            ax.plot(pts[:, 0], pts[:, 1], color=colour, lw=4 if row["kind"] == "exit" else 2)
    bar = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, ticks=LOS_BOUNDS[:-1])
    bar.set_label(text["los"])
    for k, letter in enumerate("ABCDEF"):
        bar.ax.text(1.6, (LOS_BOUNDS[k] + LOS_BOUNDS[k + 1]) / 2, letter, va="center")
    ax.set_aspect("equal")
    ax.set_xlabel(text["x"])
    ax.set_ylabel(text["y"])
    ax.set_title(text["density_title"].format(clock=clock, peak=peak), loc="left", fontsize=10)
    _footnote(fig, run_dir, lang)
    return fig


def _clock_of(run_dir: Path, t: float) -> str:
    """The clock label the events file gives the nearest logged time."""
    events = _rows(run_dir, "events.csv")
    best = min(events, key=lambda e: abs(float(e["t_s"]) - t), default=None)
    return best["clock"] if best else f"{t:.0f} s"


def status_chart(run_dir: Path, lang: str = "en") -> plt.Figure:
    """Status as coloured bands, crowd size as a line, unit arrivals as marked verticals."""
    run_dir = Path(run_dir)
    text = LABELS[lang]
    series = _rows(run_dir, "series.csv")
    status = [
        (float(r["t_s"]), int(float(r["value"]))) for r in series if r["series"] == "crowd.status"
    ]
    size = [
        (float(r["t_s"]), float(r["value"])) for r in series if r["series"] == "crowd.crowd_size"
    ]
    fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
    hours = 3600.0
    for (t0, s), (t1, _) in pairwise(status):
        ax.axvspan(t0 / hours, t1 / hours, color=STATUS_COLOURS[s], alpha=0.35, lw=0)
    if size:
        t, n = np.array(size).T
        ax.plot(t / hours, n, color="#222222", lw=1.5, label=text["size"])
    arrivals = [e for e in _rows(run_dir, "events.csv") if e["kind"] == "crowd.unit_arrived"]
    top = max((n for _, n in size), default=1.0)
    for k, e in enumerate(arrivals):
        at = float(e["t_s"]) / hours
        ax.axvline(at, color="#000080", lw=1, ls="--")
        ax.text(
            at,
            top * (0.95 - 0.08 * (k % 5)),
            " " + text["arrived"].format(unit=e["unit"]),
            fontsize=7,
            color="#000080",
        )
    ticks = ax.get_xticks()
    clocks = {float(e["t_s"]) / hours: e["clock"] for e in _rows(run_dir, "events.csv")}
    ax.set_xticks(ticks, [_nearest_clock(clocks, v) for v in ticks])
    handles = [plt.Rectangle((0, 0), 1, 1, color=c, alpha=0.35) for c in STATUS_COLOURS]
    ax.legend(
        handles + ax.get_legend_handles_labels()[0],
        text["status"] + [text["size"]],
        loc="upper left",
        frameon=False,
        fontsize=8,
    )
    ax.set_xlabel(text["time"])
    ax.set_ylabel(text["size"])
    ax.set_title(text["status_title"], loc="left", fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    _footnote(fig, run_dir, lang)
    return fig


def _nearest_clock(clocks: dict[float, str], hour: float) -> str:
    """Clock label of a tick, interpolated from the logged events' clock labels."""
    if not clocks:
        return f"{hour:.1f} h"
    t0 = min(clocks, key=lambda t: abs(t - hour))
    hh, mm = (int(v) for v in clocks[t0].split()[-1].split(":"))
    minutes = round(hh * 60 + mm + (hour - t0) * 60) % 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def save_crowd_charts(run_dir: Path, lang: str = "en") -> list[Path]:
    """Write crowd_density and crowd_status (PNG and SVG) when the run has a crowd scene."""
    if not (Path(run_dir) / "crowd_venue.csv").exists():
        return []
    paths = []
    for name, chart in (("crowd_density", density_chart), ("crowd_status", status_chart)):
        fig = chart(run_dir, lang)
        for ext in ("png", "svg"):
            path = Path(run_dir) / f"{name}.{ext}"
            fig.savefig(path, dpi=200)
            paths.append(path)
        plt.close(fig)
    return paths
