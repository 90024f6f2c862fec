"""The plan search's front against the bundled strategies: a Pareto chart of two objectives and
a parallel-coordinates chart of three or more.

Both read a search folder (`OptimiseFolder`) and take their means and bounded 95% intervals
from the verdict of its comparison/ folder (the front plans and the bundled strategies paired on
the same drills), so the charts, the table and the words of the briefing show the same numbers.
"""

from __future__ import annotations

import textwrap

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from simulation.core.kpis import describe
from simulation.reports.charts.compare import names_note
from simulation.reports.inputs import OptimiseFolder, ReportError
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
    INK,
    MUTED,
    PALETTE,
    VERDICT,
    Size,
    finish,
    house_style,
    new_figure,
    percent_axis,
)
from simulation.reports.verdict import Verdict, decide

BUNDLED = "#E69F00"
CANDIDATE = "#BBBBBB"


def plans(search: OptimiseFolder, verdict: Verdict) -> pd.DataFrame:
    """One row per front plan (`kind` front) and bundled strategy (`kind` bundled): each
    objective's mean and bounded interval over the same drills, as the verdict has them."""
    rows = []
    kinds = [(i, "front") for i in search.front["id"]] + [(s, "bundled") for s in search.references]
    for name, kind in kinds:
        row: dict[str, object] = {"name": name, "kind": kind}
        for kpi in search.objectives:
            found = verdict.mean(name, kpi)
            for stat in ("mean", "ci_low", "ci_high"):
                row[f"{kpi}.{stat}"] = np.nan if found is None else float(found[stat])
        rows.append(row)
    return pd.DataFrame(rows)


def dominators(table: pd.DataFrame, objectives: dict[str, str]) -> dict[str, list[str]]:
    """Bundled strategy -> the front plans at least as good on every objective's mean."""

    def at_least(a: pd.Series, b: pd.Series) -> bool:
        return all(
            a[f"{k}.mean"] <= b[f"{k}.mean"] if d == "lower" else a[f"{k}.mean"] >= b[f"{k}.mean"]
            for k, d in objectives.items()
        )

    front = [r for _, r in table.iterrows() if r["kind"] == "front"]
    return {
        str(ref["name"]): [str(p["name"]) for p in front if at_least(p, ref)]
        for _, ref in table.iterrows()
        if ref["kind"] == "bundled"
    }


def _title(search: OptimiseFolder, table: pd.DataFrame, text: Text) -> str:
    beaten = dominators(table, search.objectives)
    return text(
        "opt.chart.title",
        n_front=len(search.front),
        n_dominated=sum(bool(v) for v in beaten.values()),
        n_ref=len(beaten),
    )


def _legend(search: OptimiseFolder, text: Text) -> list[Line2D]:
    n = search.comparison.replications
    reps = search.manifest.get("replications", "?")
    return [
        Line2D([], [], color=CANDIDATE, marker="o", ls="", label=text("opt.candidates", n=reps)),
        Line2D([], [], color=VERDICT["better"], marker="o", label=text("opt.front", n=n)),
        Line2D([], [], color=BUNDLED, marker="*", ms=12, ls="--", label=text("opt.bundled")),
    ]


def pareto_chart(search: OptimiseFolder, lang: Lang = "en", size: Size = "page") -> Figure:
    """The first two objectives: every plan searched (its search means), the front with 95%
    intervals, and the bundled strategies as stars on the same drills."""
    text = Text(lang)
    objectives = list(search.objectives)
    if len(objectives) < 2:
        raise ReportError(f"{search.folder}: the Pareto chart needs two objectives")
    x_kpi, y_kpi = objectives[:2]
    verdict = decide(search.comparison)
    table = plans(search, verdict)
    with house_style(size):
        fig, ax = new_figure(size)
        searched = search.candidates[search.candidates["feasible"].astype(bool)]
        columns = [f"{x_kpi}.mean", f"{y_kpi}.mean"]
        if all(c in searched.columns for c in columns):
            ax.scatter(searched[columns[0]], searched[columns[1]], s=14, color=CANDIDATE, zorder=1)
        for kind, colour, marker, ms in (
            ("front", VERDICT["better"], "o", 7),
            ("bundled", BUNDLED, "*", 14),
        ):
            part = table[table["kind"] == kind]
            x, y = part[f"{x_kpi}.mean"], part[f"{y_kpi}.mean"]
            bars = ax.errorbar(
                x,
                y,
                xerr=[x - part[f"{x_kpi}.ci_low"], part[f"{x_kpi}.ci_high"] - x],
                yerr=[y - part[f"{y_kpi}.ci_low"], part[f"{y_kpi}.ci_high"] - y],
                fmt=marker,
                color=colour,
                ecolor=colour,
                elinewidth=1,
                capsize=2,
                markersize=ms,
                zorder=3,
            )
            bars.lines[0].set_gid(kind)
            for k, (name, xi, yi) in enumerate(zip(part["name"], x, y, strict=True)):
                ax.annotate(
                    name,
                    (xi, yi),
                    xytext=(7, 4 + 9 * (k % 2)),
                    textcoords="offset points",
                    fontsize=matplotlib.rcParams["font.size"] * 0.85,
                    color=INK,
                )
        ax.set_xlabel(f"{text.kpi_axis(x_kpi)} {text(f'better.words.{search.objectives[x_kpi]}')}")
        ax.set_ylabel(f"{text.kpi_axis(y_kpi)}\n{text(f'better.words.{search.objectives[y_kpi]}')}")
        for kpi, axis in ((x_kpi, "x"), (y_kpi, "y")):
            if describe(kpi).unit == "share":
                percent_axis(ax, axis)
        ax.margins(0.12)
        legend = _legend(search, text)
        extra = names_note(verdict, text)
        return finish(fig, _title(search, table, text), search.provenance(), text, extra, legend)


def scores(table: pd.DataFrame, objectives: dict[str, str]) -> pd.DataFrame:
    """Each objective's mean on 0 (worst shown) .. 1 (best shown), better always up; an
    objective equal for every plan sits at 0.5."""
    out = pd.DataFrame({"name": table["name"]})
    for kpi, direction in objectives.items():
        values = table[f"{kpi}.mean"].to_numpy(float)
        low, high = np.nanmin(values), np.nanmax(values)
        if high == low:
            out[kpi] = 0.5
            continue
        scaled = (values - low) / (high - low)
        out[kpi] = scaled if direction == "higher" else 1 - scaled
    return out


def parallel_chart(search: OptimiseFolder, lang: Lang = "en", size: Size = "page") -> Figure:
    """Every objective an axis from the worst to the best value shown (better up), each front
    plan a solid line, each bundled strategy a dashed line with stars."""
    text = Text(lang)
    objectives = search.objectives
    verdict = decide(search.comparison)
    table = plans(search, verdict)
    scored = scores(table, objectives)
    xs = np.arange(len(objectives))
    with house_style(size):
        fig, ax = new_figure(size)
        own = [c for c in PALETTE if c != BUNDLED]  # a front plan never looks bundled
        colours = iter(own * (1 + len(table) // len(own)))
        dashes = iter(["--", ":", "-."] * len(table))
        ends: dict[float, int] = {}  # labels at the same end height are stacked, not overlaid
        for (_, row), (_, score) in zip(table.iterrows(), scored.iterrows(), strict=True):
            ys = [score[k] for k in objectives]
            front = row["kind"] == "front"
            (line,) = ax.plot(
                xs,
                ys,
                color=next(colours) if front else BUNDLED,
                ls="-" if front else next(dashes),
                marker="o" if front else "*",
                ms=6 if front else 13,
                lw=1.6 if front else 2.2,
                zorder=2 if front else 3,
            )
            line.set_gid(f"{row['kind']}:{row['name']}")
            stacked = ends.get(round(ys[-1], 2), 0)
            ends[round(ys[-1], 2)] = stacked + 1
            ax.annotate(
                row["name"],
                (xs[-1], ys[-1]),
                xytext=(8, -11 * stacked),
                textcoords="offset points",
                va="center",
                fontsize=matplotlib.rcParams["font.size"] * 0.85,
                color=INK,
            )
        for x, kpi in zip(xs, objectives, strict=True):
            ax.axvline(x, color=MUTED, lw=0.8, zorder=1)
            values = table[f"{kpi}.mean"].to_numpy(float)
            best = np.nanmax(values) if objectives[kpi] == "higher" else np.nanmin(values)
            worst = np.nanmin(values) if objectives[kpi] == "higher" else np.nanmax(values)
            for y, value, va in ((1.0, best, "bottom"), (0.0, worst, "top")):
                ax.annotate(
                    text.value(kpi, float(value)),
                    (x, y),
                    xytext=(0, 4 if va == "bottom" else -4),
                    textcoords="offset points",
                    ha="center",
                    va=va,
                    fontsize=matplotlib.rcParams["font.size"] * 0.8,
                    color=INK,
                )
        ax.set_xticks(xs, [textwrap.fill(text.kpi(k), 22) for k in objectives])
        ax.set_yticks([0, 1], [text("opt.parallel.worst"), text("opt.parallel.best")])
        ax.set_ylabel(textwrap.fill(text("opt.parallel.y"), 40))
        ax.set_xlim(-0.3, xs[-1] + 0.5)
        ax.set_ylim(-0.15, 1.15)
        ax.grid(False)
        legend = _legend(search, text)[1:]
        extra = [text("opt.parallel.note"), *names_note(verdict, text)]
        return finish(fig, _title(search, table, text), search.provenance(), text, extra, legend)
