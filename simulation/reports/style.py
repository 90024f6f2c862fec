"""The house style: one look for every chart, the footnote, the clock axis and the export.

Colours come from the Okabe-Ito palette (readable with the common colour-vision deficiencies);
crowd status keeps the users' hijau/kuning/merah but always with a text label beside the colour.
Charts are drawn at a 16:10-ish page size by default or at 16:9 slide size (`size="slide"`),
and are saved as PNG (200 dpi), SVG and PDF with embedded TrueType text, so PDF text stays
searchable and editable.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, FuncFormatter, MultipleLocator, ScalarFormatter

from simulation.reports.formats import FORMATS
from simulation.reports.labels import MAX_DECIMALS, Text
from simulation.scenario.units import format_clock

Size = Literal["page", "slide"]
DPI = 200

# Inches. "page" fits a report page; "slide" is a 16:9 slide (13.33 x 7.5 in, PowerPoint's
# widescreen size) with larger type so it reads from the back of a briefing room.
SIZES: dict[str, tuple[float, float]] = {"page": (10.0, 6.0), "slide": (13.333, 7.5)}
FONT = {"page": 10.0, "slide": 13.0}

INK = "#222222"
MUTED = "#666666"
GRID = "#DDDDDD"
# Okabe & Ito (2008), "Color Universal Design".
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
VERDICT = {"better": "#0072B2", "worse": "#D55E00", "none": "#8C8C8C", "baseline": "#222222"}
STATUS = {"hijau": "#1A9850", "kuning": "#F2C200", "merah": "#D7301F"}
TARGET = "#C0392B"
# Level of service A..F, green to red (ColorBrewer RdYlGn, reversed).
LOS_COLOURS = ["#1A9850", "#91CF60", "#D9EF8B", "#FEE08B", "#FC8D59", "#D73027"]


# Read when a file is written, so `save` applies them too (charts are saved after drawing).
EXPORT_RC: dict[str, object] = {
    "savefig.dpi": DPI,
    "pdf.fonttype": 42,  # TrueType: text in PDFs stays text
    "svg.fonttype": "none",  # text in SVGs stays text
    "svg.hashsalt": "sispam",  # fixed ids: the same chart gives the same SVG bytes
}


def house_rc(size: Size) -> dict[str, object]:
    font = FONT[size]
    return {
        "font.family": "DejaVu Sans",
        "font.size": font,
        "axes.titlesize": font * 1.05,
        "axes.labelsize": font,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "both",
        "axes.axisbelow": True,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "grid.color": GRID,
        "grid.linewidth": 0.6,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "xtick.labelsize": font * 0.9,
        "ytick.labelsize": font * 0.9,
        "legend.frameon": False,
        "legend.fontsize": font * 0.9,
        "figure.dpi": 100,
        **EXPORT_RC,
    }


@contextmanager
def house_style(size: Size = "page") -> Iterator[None]:
    """Every artist created inside takes the house look (rcParams are read at creation)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, got {size!r}")
    with matplotlib.rc_context(house_rc(size)):
        yield


@dataclass(frozen=True)
class Provenance:
    """Where a chart's numbers come from: printed as the footnote of every chart."""

    scenario: str
    sha256: str | None
    strategies: Sequence[str]
    replications: int
    seeds: tuple[int, int] | None
    ci: Literal["t", "wilson", "none", "bootstrap", "percentile"]
    version: str | None
    timezone: str = "Asia/Jakarta"

    def footnote(self, text: Text, extra: Sequence[str] = ()) -> str:
        unknown = text("foot.unknown")
        seeds = unknown
        if self.seeds is not None:
            low, high = self.seeds
            seeds = str(low) if low == high else f"{low}–{high}"
        parts = [
            text("foot.scenario", scenario=self.scenario, sha=(self.sha256 or unknown)[:12]),
            text("foot.strategies", strategies=", ".join(self.strategies)),
            text("foot.replications", n=self.replications, seeds=seeds)
            if self.replications > 1
            else text("foot.single", seeds=seeds),
            text(f"foot.ci.{self.ci}"),
            text("foot.times", zone=self.timezone),
            text("foot.version", version=self.version or unknown),
            *extra,
        ]
        return "; ".join(parts)


def new_figure(
    size: Size, nrows: int = 1, ncols: int = 1, **kwargs: object
) -> tuple[Figure, object]:
    """A figure at the house size with constrained layout (call inside `house_style`).

    Made without pyplot: no figure manager or backend switch, nothing to close, and the figure
    is freed with its last reference; drawn off-screen by Agg (PNG) or saved as SVG and PDF.
    """
    fig = Figure(figsize=SIZES[size], layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots(nrows, ncols, **kwargs)


def finish(
    fig: Figure,
    title: str,
    provenance: Provenance,
    text: Text,
    extra: Sequence[str] = (),
    legend: Sequence[Artist] = (),
) -> Figure:
    """Title that states the finding (top left, bold), an optional figure legend in one row
    above the footnote, and the provenance footnote at the bottom."""
    width_in, height_in = fig.get_size_inches()
    size = matplotlib.rcParams["font.size"]
    big = size * 1.3
    title = textwrap.fill(title, width=int(width_in * 72 / (big * 0.62)))
    title_lines = title.count("\n") + 1
    top = 1 - (title_lines * big * 1.3 + 14) / 72 / height_in
    fig.suptitle(
        title, x=0.01, y=0.995, ha="left", va="top", fontweight="bold", fontsize=big, color=INK
    )
    small = size * 0.72
    chars = int(width_in * 72 / (small * 0.56))
    note = textwrap.fill(provenance.footnote(text, extra), width=chars)
    lines = note.count("\n") + 1
    foot = fig.text(0.01, 0.01, note, fontsize=small, color=MUTED, ha="left", va="bottom")
    foot.set_gid("footnote")
    bottom = (lines * small * 1.35 + 10) / 72 / height_in
    if legend:
        # As many columns as fit the width; rows stack above the footnote.
        longest = max(len(h.get_label()) for h in legend)
        item_in = (longest * size * 0.6 + size * 4) / 72
        ncols = max(1, min(len(legend), int(width_in * 0.98 // item_in)))
        rows = -(-len(legend) // ncols)
        fig.legend(
            handles=list(legend),
            loc="lower left",
            bbox_to_anchor=(0.01, bottom),
            ncols=ncols,
            borderaxespad=0.0,
            handlelength=1.8,
        )
        bottom += (rows * size * 1.75 + 6) / 72 / height_in
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.set(rect=(0, bottom, 1, top - bottom))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(PlainTicks(text))
    return fig


class PlainTicks(Formatter):
    """Numeric tick labels for people: fixed point with as many decimals as the tick step
    needs, thousands separators, the language's decimal mark; never scientific notation or an
    offset (ScalarFormatter writes '1e-18' or '+3.3e3' on a narrow or large range)."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self.decimals = 0

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        values = np.asarray(locs, dtype=float)
        values = values[np.isfinite(values)]
        scale = float(np.abs(values).max()) if len(values) else 1.0
        # The fewest decimals that write every tick exactly (0.125 needs three, 0.25 two).
        self.decimals = next(
            (
                d
                for d in range(MAX_DECIMALS + 1)
                if np.allclose(np.round(values, d), values, rtol=0, atol=1e-9 * max(scale, 1))
            ),
            MAX_DECIMALS,
        )

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.text.fmt(x, self.decimals)

    def format_data_short(self, value: float) -> str:
        return self.text.fmt(value)


def save(fig: Figure, stem: Path, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write `stem.png` (200 dpi), `stem.svg` and `stem.pdf`."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    with matplotlib.rc_context(EXPORT_RC):
        for ext in formats:
            path = stem.with_name(f"{stem.name}.{ext}")
            fig.savefig(path, dpi=DPI, metadata=_metadata(ext))
            paths.append(path)
            # The layout is settled by the first file; keep it instead of solving it again.
            fig.set_layout_engine("none")
    return paths


def _metadata(ext: str) -> dict[str, str | None] | None:
    # Fixed metadata keeps SVG and PDF bytes reproducible (no creation date).
    if ext == "pdf":
        return {"CreationDate": None, "Creator": "sispam"}
    if ext == "svg":
        return {"Date": None, "Creator": "sispam"}
    return None


def clock_axis(ax: Axes, start_s: float, zone: str, text: Text, axis: str = "x") -> None:
    """Show drill seconds as local clock times ("07:00", "H+1 02:00") on `axis`.

    Data on the axis must be drill seconds from the scenario start; ticks fall on whole hours.
    """
    target = ax.xaxis if axis == "x" else ax.yaxis
    lo, hi = ax.get_xlim() if axis == "x" else ax.get_ylim()
    span_h = max((hi - lo) / 3600.0, 1.0)
    step = next(h for h in (1, 2, 3, 4, 6, 12, 24, 48) if span_h / h <= 9)
    # Ticks on whole clock hours: shift the locator by the start's offset from midnight.
    target.set_major_locator(_ClockLocator(step * 3600.0, start_s))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: format_clock(start_s + v)))
    label = text("clock", zone=zone)
    if axis == "x":
        ax.set_xlabel(label)
    else:
        ax.set_ylabel(label)


class _ClockLocator(MultipleLocator):
    """Ticks every `step` seconds of clock time, for an axis in drill seconds."""

    def __init__(self, step: float, start_s: float) -> None:
        super().__init__(step)
        self.offset = start_s % step

    def tick_values(self, vmin: float, vmax: float) -> Sequence[float]:
        values = super().tick_values(vmin + self.offset, vmax + self.offset)
        return [v - self.offset for v in values]


def direction_note(ax: Axes, note: str) -> None:
    """Say which way is better as the x-axis label ('← better' at left, 'better →' at right)."""
    if note:
        left = note.startswith("←")
        ax.set_xlabel(
            note, loc="left" if left else "right", color=VERDICT["better"], fontweight="bold"
        )


def mark_moments(
    axes: Sequence[Axes], times: Sequence[float], labels: Sequence[str], colour: str = INK
) -> None:
    """Dotted vertical lines at `times` on every axes, each named above the first axes; names
    are staggered over three heights so close moments stay readable."""
    for k, (t, label) in enumerate(zip(times, labels, strict=True)):
        for ax in axes:
            ax.axvline(t, color=colour, lw=0.9, ls=":", zorder=1)
        axes[0].annotate(
            label,
            (t, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, 2 + 10 * (k % 3)),
            textcoords="offset points",
            fontsize=matplotlib.rcParams["font.size"] * 0.78,
            color=colour,
            va="bottom",
        )


def percent_axis(ax: Axes, axis: str = "x") -> None:
    """Show shares (0..1) as percentages, with as many decimals as the axis range needs (a
    narrow range would otherwise show the same whole percent at every tick)."""
    target = ax.xaxis if axis == "x" else ax.yaxis

    def percent(value: float, _pos: int | None) -> str:
        ticks = np.diff(target.get_majorticklocs())
        step = float(ticks.min()) * 100 if len(ticks) and ticks.min() > 0 else 1.0
        decimals = max(0, math.ceil(-math.log10(step) - 1e-9))
        return f"{value * 100:.{decimals}f}%"

    target.set_major_formatter(FuncFormatter(percent))
