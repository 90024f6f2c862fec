"""Logistics charts for one drill's result folder: the delivery timeline and readiness by 07:00.

Both read `logistics_kecamatan.csv` and `manifest.json` only; times in the CSV are hours from
00:00 of hari H, so the axis reads H-3 .. H+1 the way planners count days.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from simulation.reports.footnote import add_footnote
from simulation.scenario.units import format_clock

TABLE = "logistics_kecamatan.csv"
STAGES = (  # (colour, from, and the column that may hold the start back, to)
    ("#C9C9C9", "load_from_h", None, "dispatch_h"),
    ("#4C72B0", "dispatch_h", None, "ppk_h"),
    ("#C8E6C9", "ppk_h", None, "village_from_h"),
    ("#55A868", "ppk_h", "village_from_h", "pps_last_h"),
    ("#F5D5BC", "pps_last_h", None, "handover_from_h"),
    ("#DD8452", "pps_last_h", "handover_from_h", "ready_last_h"),
)
LABELS = {
    "en": {
        "timeline": "Ballot logistics by kecamatan: warehouse to the last TPS",
        "stages": (
            "loading at the warehouse",
            "truck to PPK",
            "stored at PPK",
            "PPK to PPS",
            "stored at PPS",
            "PPS to TPS",
        ),
        "planned": "planned arrival at PPK",
        "deadline": "TPS ready deadline {clock}",
        "x": "Day and time (H = voting day)",
        "ready_title": "{ready} of {total} TPS ready by {clock}; last ready: {last}",
        "ready_x": "Share of TPS ready by the deadline",
        "late": "{n} late",
        "open": "{n} not delivered",
        "highland": "highland",
        "lowland": "lowland",
        "never": "not all TPS were supplied",
        "foot": "Scenario {scenario} ({sha}), strategy {strategy}, seed {seed}, 1 replication; "
        "sources and assumptions in the scenario file; sispam {version}",
    },
    "id": {
        "timeline": "Distribusi logistik per kecamatan: gudang sampai TPS terakhir",
        "stages": (
            "muat di gudang",
            "truk ke PPK",
            "disimpan di PPK",
            "PPK ke PPS",
            "disimpan di PPS",
            "PPS ke TPS",
        ),
        "planned": "rencana tiba di PPK",
        "deadline": "batas TPS siap {clock}",
        "x": "Hari dan jam (H = hari pemungutan suara)",
        "ready_title": "{ready} dari {total} TPS siap sebelum {clock}; terakhir siap: {last}",
        "ready_x": "Porsi TPS siap sebelum batas waktu",
        "late": "{n} terlambat",
        "open": "{n} belum terkirim",
        "highland": "dataran tinggi",
        "lowland": "dataran rendah",
        "never": "tidak semua TPS terpasok",
        "foot": "Skenario {scenario} ({sha}), strategi {strategy}, seed {seed}, 1 replikasi; "
        "sumber dan asumsi di berkas skenario; sispam {version}",
    },
}


def _rows(run_dir: Path) -> list[dict[str, str]]:
    with (run_dir / TABLE).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _h(value: str) -> float | None:
    return float(value) if value else None


def _clock(hours: float) -> str:
    return format_clock(hours * 3600.0)


def _footnote(fig: plt.Figure, run_dir: Path, text: dict, bottom: float = 0.03) -> None:
    meta = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    add_footnote(fig, meta, text["foot"], bottom)


def timeline_chart(run_dir: Path, lang: str = "en") -> plt.Figure:
    """Per kecamatan: loading, the truck leg, PPK -> PPS and the last mile, against the deadline."""
    run_dir = Path(run_dir)
    text = LABELS[lang]
    rows = _rows(run_dir)
    fig, ax = plt.subplots(figsize=(10, 0.32 * len(rows) + 2.2), layout="constrained")
    for y, row in enumerate(rows):
        for colour, start, hold, end in STAGES:
            a, b = _h(row[start]), _h(row[end])
            if a is not None and hold is not None:
                a = max(a, float(row[hold]))
            if a is not None and b is not None and b > a:
                ax.barh(y, b - a, left=a, height=0.6, color=colour)
        planned = _h(row["planned_ppk_h"])
        if planned is not None:
            ax.plot(planned, y, marker="|", color="black", markersize=10)
    deadline = float(rows[0]["deadline_h"]) if rows else 0.0
    ax.axvline(deadline, color="#C44E52", linestyle="--", linewidth=2)
    ax.set_yticks(range(len(rows)), [r["name"] for r in rows])
    ax.invert_yaxis()
    low, high = ax.get_xlim()
    ticks = [t for t in range(int(low // 12 * 12), int(high) + 12, 12) if low <= t <= high]
    ax.set_xticks(ticks, [_clock(t) for t in ticks], rotation=30, ha="right")
    ax.set_xlabel(text["x"])
    ax.set_title(text["timeline"], loc="left", fontweight="bold")
    handles = [
        Patch(color=stage[0], label=label)
        for stage, label in zip(STAGES, text["stages"], strict=True)
    ]
    handles.append(
        plt.Line2D(
            [], [], color="black", marker="|", linestyle="", markersize=10, label=text["planned"]
        )
    )
    handles.append(
        plt.Line2D(
            [],
            [],
            color="#C44E52",
            linestyle="--",
            label=text["deadline"].format(clock=_clock(deadline)),
        )
    )
    fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.02),
        fontsize=8,
        frameon=False,
        ncols=4,
    )
    ax.spines[["top", "right"]].set_visible(False)
    _footnote(fig, run_dir, text, bottom=0.09)
    return fig


def ready_chart(run_dir: Path, lang: str = "en") -> plt.Figure:
    """Share of each kecamatan's TPS ready by the deadline, late and undelivered TPS named."""
    run_dir = Path(run_dir)
    text = LABELS[lang]
    rows = sorted(_rows(run_dir), key=lambda r: (float(r["ready_on_time_share"]), r["name"]))
    # worst first, at the top
    total = sum(int(r["tps"]) for r in rows)
    ready = sum(round(float(r["ready_on_time_share"]) * int(r["tps"])) for r in rows)
    done = [r for r in rows if r["ready_last_h"]]
    if len(done) == len(rows) and rows:
        last = max(rows, key=lambda r: float(r["ready_last_h"]))
        latest = f"{last['name']} ({last['last_tps']}) {_clock(float(last['ready_last_h']))}"
    else:
        latest = text["never"]
    deadline = _clock(float(rows[0]["deadline_h"])) if rows else ""
    fig, ax = plt.subplots(figsize=(9, 0.3 * len(rows) + 2.0), layout="constrained")
    colours = {"highland": "#8172B3", "lowland": "#64B5CD"}
    for y, row in enumerate(rows):
        share = float(row["ready_on_time_share"])
        ax.barh(y, share, color=colours.get(row["terrain"], "#999999"), height=0.7)
        notes = []
        if int(row["late_tps"]):
            notes.append(text["late"].format(n=row["late_tps"]))
        if int(row["undelivered_tps"]):
            notes.append(text["open"].format(n=row["undelivered_tps"]))
        if notes:
            ax.text(min(share, 0.97) + 0.01, y, ", ".join(notes), va="center", fontsize=8)
    ax.set_yticks(range(len(rows)), [r["name"] for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.15)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0 %", "25 %", "50 %", "75 %", "100 %"])
    ax.set_xlabel(text["ready_x"])
    ax.set_title(
        text["ready_title"].format(ready=ready, total=total, clock=deadline, last=latest),
        loc="left",
        fontweight="bold",
        fontsize=10,
    )
    ax.legend(
        handles=[Patch(color=c, label=text[k]) for k, c in colours.items()],
        loc="lower right",
        frameon=False,
    )
    ax.spines[["top", "right"]].set_visible(False)
    _footnote(fig, run_dir, text)
    return fig


def save_logistics_charts(run_dir: Path, lang: str = "en") -> list[Path]:
    """Write logistics_timeline and logistics_ready (PNG and SVG) when the run has logistics."""
    run_dir = Path(run_dir)
    if not (run_dir / TABLE).exists():
        return []
    paths = []
    for name, chart in (("logistics_timeline", timeline_chart), ("logistics_ready", ready_chart)):
        fig = chart(run_dir, lang)
        for ext in ("png", "svg"):
            path = run_dir / f"{name}.{ext}"
            fig.savefig(path, dpi=150)
            paths.append(path)
        plt.close(fig)
    return paths
