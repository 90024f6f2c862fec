"""Response-time distributions against the target, from drills' incidents.csv.

One drill: a histogram split by who responded (TPS guard or mobile unit). Several drills (for
example replications of two strategies): the share of incidents reached within t minutes, one
curve per strategy with all its replications pooled, so the target line reads off directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from simulation.reports.inputs import DrillFolder, ReportError, replicated_provenance
from simulation.reports.labels import Lang, Text
from simulation.reports.style import PALETTE, TARGET, Size, finish, house_style, new_figure


def _incidents(drill: DrillFolder) -> pd.DataFrame:
    table = drill.table("incidents")
    assert table is not None
    for column in ("response_min", "responder"):
        if column not in table.columns:
            raise ReportError(f"{drill.folder / 'incidents.csv'}: missing column {column}")
    return table


def _target(drills: Sequence[DrillFolder]) -> float:
    target = drills[0].target_min
    if target is None:
        raise ReportError(f"{drills[0].folder / 'manifest.json'}: no targets.response_min")
    return target


def response_chart(
    drills: DrillFolder | Path | Sequence[DrillFolder], lang: Lang = "en", size: Size = "page"
) -> Figure:
    """Histogram (one drill) or reached-within curves (several) with the target marked."""
    if isinstance(drills, (str, Path)):
        drills = [DrillFolder(Path(drills))]
    elif isinstance(drills, DrillFolder):
        drills = [drills]
    text = Text(lang)
    target = _target(drills)
    with house_style(size):
        fig, ax = new_figure(size)
        if len(drills) == 1:
            title = _histogram(ax, _incidents(drills[0]), target, text)
            provenance = drills[0].provenance()
        else:
            title = _reached_within(ax, drills, target, text)
            provenance = replicated_provenance(list(drills), "none")
        ax.axvline(
            target,
            color=TARGET,
            linewidth=2,
            linestyle="--",
            label=text("response.target", target=target),
        )
        ax.legend(loc="center right")
        ax.set_xlabel(text("response.x"))
        ax.set_xlim(left=0)
        return finish(fig, title, provenance, text)


def _histogram(ax, incidents: pd.DataFrame, target: float, text: Text) -> str:
    reached = incidents.dropna(subset=["response_min"])
    guard = reached.loc[reached["responder"] == "tps_guard", "response_min"].to_numpy(float)
    unit = reached.loc[reached["responder"] != "tps_guard", "response_min"].to_numpy(float)
    ax.set_ylabel(text("response.y"))
    if not len(reached):
        return text("response.title.none")
    top = max(float(reached["response_min"].max()), target) * 1.05
    bins = np.linspace(0.0, top, 41)
    # Only the responders that reached someone: an empty key entry reads as missing data.
    groups = [
        (times, colour, text(key))
        for times, colour, key in (
            (guard, PALETTE[0], "response.guard"),
            (unit, PALETTE[1], "response.unit"),
        )
        if len(times)
    ]
    times, colours, labels = zip(*groups, strict=True)
    ax.hist(list(times), bins=bins, stacked=True, color=list(colours), label=list(labels))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # incidents come whole
    share = float((reached["response_min"] <= target).sum()) / len(incidents)
    return text("response.title", share=share, target=target)


def _reached_within(ax, drills: Sequence[DrillFolder], target: float, text: Text) -> str:
    shares: dict[str, float] = {}
    top = target
    strategies = list(dict.fromkeys(d.strategy for d in drills))
    for i, strategy in enumerate(strategies):
        tables = [_incidents(d) for d in drills if d.strategy == strategy]
        times = pd.concat(tables)["response_min"].to_numpy(float)
        n = len(times)
        reached = np.sort(times[np.isfinite(times)])
        if not n:
            continue
        top = max(top, float(reached[-1]) if len(reached) else 0.0)
        y = np.arange(1, len(reached) + 1) / n
        ax.step(
            np.concatenate([[0.0], reached]),
            np.concatenate([[0.0], y]),
            where="post",
            color=PALETTE[i % len(PALETTE)],
            linewidth=2,
            label=f"{strategy} (n={n})",
        )
        shares[strategy] = float(np.sum(reached <= target)) / n
    ax.set_xlim(0, min(top * 1.02, target * 6))
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.set_ylabel(text("response.y.ecdf"))
    best = max(shares, key=shares.__getitem__)
    return text("response.ecdf.title", best=best, target=target, share=shares[best])
