"""The election period on one time axis: every scene as a bar, the ballot boxes' way up below.

Inputs, as the election model writes them into a drill folder (events.csv):

* the scenes' spans: ``election.rally`` .. ``election.rally_end`` (field ``rally``),
  ``election.escort`` .. ``election.escort_arrived`` (``escort``), ``election.march`` ..
  ``election.march_gone`` (``march``), ``election.recap_open`` .. ``election.recap_done``; the APK
  removal from the first ``election.props`` to the last ``election.props_cleared``; the ballot
  return from the first ``election.boxes_at_ppk`` to the last boxes at the KPU or lost;
* marks on the bars: ``election.incident`` (field ``scene``: ``rally:<id>``, ``escort:<id>``,
  ``props``, ``boxes``, ``march:<id>``), ``election.escort_blocked``, ``election.box_theft``,
  ``election.boxes_lost``, ``election.perkap7_warning`` and ``election.perkap7_dispersal``;
* the calendar: ``election.phase`` (fields ``phase``, ``name``);
* the boxes (field ``boxes``) at each step: ``election.boxes_at_ppk``, ``election.ppk_pleno_done``,
  ``election.boxes_at_kpu``, ``election.boxes_lost``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Lang, Text
from simulation.reports.style import (
    GRID,
    INK,
    MUTED,
    PALETTE,
    STATUS,
    Size,
    clock_axis,
    finish,
    house_style,
    new_figure,
    percent_axis,
)
from simulation.scenario.units import format_clock

SPANS = (  # kind, first event, last event, id field
    ("rally", "election.rally", "election.rally_end", "rally"),
    ("escort", "election.escort", "election.escort_arrived", "escort"),
    ("march", "election.march", "election.march_gone", "march"),
)
KIND_COLOURS = {
    "rally": PALETTE[1],
    "escort": PALETTE[0],
    "props": PALETTE[2],
    "ballot_return": PALETTE[4],
    "recap": PALETTE[3],
    "march": PALETTE[5],
}
MARKS = {  # event kind -> (marker, colour, label key)
    "election.incident": ("|", INK, "election.mark.incident"),
    "election.escort_blocked": ("s", STATUS["kuning"], "election.mark.blocked"),
    "election.box_theft": ("X", STATUS["merah"], "election.mark.theft"),
    "election.boxes_lost": ("X", INK, "election.mark.lost"),
    "election.perkap7_warning": ("v", STATUS["kuning"], "election.mark.warning"),
    "election.perkap7_dispersal": ("v", STATUS["merah"], "election.mark.dispersal"),
}
BOX_STEPS = (  # event kind, label key, colour
    ("election.boxes_at_ppk", "election.boxes.at_ppk", PALETTE[4]),
    ("election.ppk_pleno_done", "election.boxes.pleno", PALETTE[3]),
    ("election.boxes_at_kpu", "election.boxes.at_kpu", PALETTE[0]),
    ("election.boxes_lost", "election.boxes.lost", STATUS["merah"]),
)


@dataclass(frozen=True)
class Span:
    """One bar: a scene from ``start`` to ``end`` (drill seconds); ``key`` names its marks."""

    kind: str
    label: str
    start: float
    end: float
    key: str


def has_election(drill: DrillFolder) -> bool:
    return bool(drill.events["kind"].astype(str).str.startswith("election.").any())


def _of(events: pd.DataFrame, kind: str) -> pd.DataFrame:
    return events[events["kind"] == kind]


def scene_spans(events: pd.DataFrame, text: Text, end: float) -> list[Span]:
    """The bars in the order the period runs; a scene not over by the end runs to ``end``."""
    spans: list[Span] = []
    for kind, first, last, field in SPANS:
        ends = _of(events, last)
        for r in _of(events, first).itertuples():
            ident = str(getattr(r, field))
            done = ends.loc[ends[field].astype(str) == ident, "t_s"]
            stop = float(done.iloc[0]) if len(done) else end
            spans.append(Span(kind, ident, float(r.t_s), stop, f"{kind}:{ident}"))
    for kind, first, lasts, key in (
        ("props", ["election.props"], ["election.props_cleared"], "props"),
        (
            "ballot_return",
            ["election.boxes_at_ppk"],
            ["election.boxes_at_kpu", "election.boxes_lost"],
            "boxes",
        ),
        ("recap", ["election.recap_open"], ["election.recap_done"], "recap"),
    ):
        began = events[events["kind"].isin(first)]
        if began.empty:
            continue
        done = events[events["kind"].isin(lasts)]["t_s"]
        stop = float(done.max()) if len(done) else end
        spans.append(Span(kind, text.term("scene", kind), float(began["t_s"].min()), stop, key))
    return sorted(spans, key=lambda s: (s.start, s.label))


def _mark_key(r: pd.Series) -> str:
    """The bar an event belongs to (see MARKS): its scene, or the scene its kind implies."""
    if r["kind"] == "election.incident":
        return str(r["scene"])
    if r["kind"] == "election.escort_blocked":
        return f"escort:{r['escort']}"
    if r["kind"].startswith("election.box"):
        return "boxes"
    return str(r["scene"])  # perkap7 steps name their march scene


def box_flow(events: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per step (BOX_STEPS), the times and the share of all boxes that had reached it by then."""
    total = float(_of(events, "election.boxes_at_ppk")["boxes"].astype(float).sum())
    flow = {}
    for kind, _, _ in BOX_STEPS:
        rows = _of(events, kind).sort_values("t_s")
        shares = rows["boxes"].astype(float).cumsum().to_numpy() / total if total else []
        flow[kind] = (rows["t_s"].to_numpy(float), np.asarray(shares, float))
    return flow


def election_period_chart(drill: DrillFolder, lang: Lang = "en", size: Size = "page") -> Figure:
    """Top: each scene of the period as a bar, with its incidents, blocks, thefts and Perkap
    7/2012 steps marked, under the calendar's phases. Bottom: the share of ballot boxes at the
    PPK, recapped and at the KPU (and lost) over time. The title gives the boxes' outcome."""
    text = Text(lang)
    events = drill.events
    end = float(events["t_s"].max())
    spans = scene_spans(events, text, end)
    flow = box_flow(events)
    with house_style(size):
        fig, (bars, boxes) = new_figure(size, 2, 1, sharex=True, height_ratios=[3, 2])
        rows = {s.key: len(spans) - 1 - k for k, s in enumerate(spans)}
        for s in spans:
            y = rows[s.key]
            bars.broken_barh(
                [(s.start, s.end - s.start)], (y - 0.35, 0.7), color=KIND_COLOURS[s.kind]
            )
        bars.set_yticks(list(rows.values()), [s.label for s in spans])
        bars.set_ylim(-0.8, len(spans) - 0.2)
        bars.set_ylabel(text("election.scenes"))
        legend: list = [
            Patch(color=KIND_COLOURS[k], label=text.term("scene", k))
            for k in KIND_COLOURS
            if any(s.kind == k for s in spans)
        ]
        marked = events[events["kind"].isin(list(MARKS))]
        for kind, (marker, colour, key) in MARKS.items():
            chosen = marked[marked["kind"] == kind]
            ys = [rows.get(_mark_key(r)) for _, r in chosen.iterrows()]
            xs = [t for t, y in zip(chosen["t_s"], ys, strict=True) if y is not None]
            ys = [y for y in ys if y is not None]
            if not xs:
                continue
            style = {"marker": marker, "color": colour, "ls": "", "ms": 8 if marker != "|" else 10}
            bars.plot(xs, ys, zorder=4, markeredgecolor=INK, **style)
            legend.append(Line2D([], [], label=text(key), **style))
        phases = _of(events, "election.phase")
        for t in phases["t_s"]:
            for ax in (bars, boxes):
                ax.axvline(t, color=MUTED, lw=0.8, ls=":")
        for r in phases.itertuples():  # the planners' own names, quoted as written
            bars.text(
                r.t_s,
                1.02,
                f"“{r.name}”",
                transform=bars.get_xaxis_transform(),
                fontsize="x-small",
                color=MUTED,
                rotation=25,
                rotation_mode="anchor",
                ha="left",
                va="bottom",
            )
        bars.grid(axis="y", visible=False)
        for kind, key, colour in BOX_STEPS:
            xs, ys = flow[kind]
            if kind == "election.boxes_lost" and not len(xs):
                continue
            xs = np.concatenate([[0.0], xs, [end]])
            ys = np.concatenate([[0.0], ys, ys[-1:] if len(ys) else [0.0]])
            boxes.step(xs, ys, where="post", color=colour, lw=2, label=text(key))
        boxes.set_ylim(0.0, 1.02)
        percent_axis(boxes, "y")
        boxes.set_ylabel(text("election.boxes.share"))
        boxes.grid(color=GRID)
        boxes.set_xlim(0.0, end)
        clock_axis(boxes, drill.start_s, drill.zone, text)
        legend += boxes.get_legend_handles_labels()[0]
        title = _title(events, flow, drill.start_s, text)
        return finish(fig, title, drill.provenance(), text, legend=legend)


def _title(
    events: pd.DataFrame, flow: dict[str, tuple[np.ndarray, np.ndarray]], start_s: float, text: Text
) -> str:
    at_kpu = flow["election.boxes_at_kpu"]
    lost = _of(events, "election.boxes_lost")["boxes"].astype(float).sum()
    if not len(at_kpu[0]):
        return text("election.title.no_boxes", incidents=len(_of(events, "election.incident")))
    return text(
        "election.title",
        share=100.0 * at_kpu[1][-1],
        last=format_clock(start_s + float(at_kpu[0][-1])),
        lost=int(lost),
        incidents=len(_of(events, "election.incident")),
    )
