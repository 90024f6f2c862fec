"""Hoax reach and belief over the drill, with takedown and clarification marked."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from simulation.reports.footnote import add_footnote

LABELS = {
    "en": {
        "title": "Hoaxes: share of online residents reached (solid) and believing (dashed)",
        "x": "Hours since the drill started ({start})",
        "y": "Online residents (% of regency)",
        "takedown": "takedown",
        "clarified": "first clarification",
        "foot": "Scenario {scenario} ({sha}), strategy {strategy}, seed {seed}, "
        "1 replication; sispam {version}",
    },
    "id": {
        "title": "Hoaks: porsi warga daring terjangkau (garis) dan percaya (putus-putus)",
        "x": "Jam sejak latihan dimulai ({start})",
        "y": "Warga daring (% kabupaten)",
        "takedown": "takedown",
        "clarified": "klarifikasi pertama",
        "foot": "Skenario {scenario} ({sha}), strategi {strategy}, seed {seed}, "
        "1 replikasi; sispam {version}",
    },
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def hoax_chart(run_dir: Path, lang: str = "en") -> plt.Figure | None:
    """Reach and belief of every hoax of one drill; None when no hoax started."""
    run_dir = Path(run_dir)
    hoaxes_csv = run_dir / "hoaxes.csv"
    hoaxes = _read(hoaxes_csv) if hoaxes_csv.exists() else []
    if not hoaxes:
        return None
    text = LABELS[lang]
    meta = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    series: dict[str, list[tuple[float, float]]] = {}
    for row in _read(run_dir / "series.csv"):
        if row["series"].startswith("information."):
            series.setdefault(row["series"], []).append(
                (float(row["t_s"]) / 3600, 100 * float(row["value"]))
            )
    fig, ax = plt.subplots(figsize=(9, 4.8), layout="constrained")
    for i, hoax in enumerate(hoaxes):
        color = f"C{i % 10}"
        for kind, style in (("reach", "-"), ("believing", "--")):
            points = series.get(f"information.{hoax['hoax']}.{kind}", [])
            if points:
                xs, ys = zip(*points, strict=True)
                label = hoax["hoax"] if kind == "reach" else None
                ax.plot(xs, ys, style, color=color, label=label)
        start_h = float(hoax["started_t_s"]) / 3600
        for key, marker in (("takedown_min", "v"), ("clarification_min", "o")):
            if hoax[key]:
                at = start_h + float(hoax[key]) / 60
                ax.plot([at], [0], marker, color=color, clip_on=False)
    ax.plot([], [], "kv", label=text["takedown"])
    ax.plot([], [], "ko", label=text["clarified"])
    ax.set_title(text["title"], loc="left", fontweight="bold")
    ax.set_xlabel(text["x"].format(start=meta["start_clock"]))
    ax.set_ylabel(text["y"])
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    add_footnote(fig, meta, text["foot"], bottom=0.04)
    return fig


def save_hoax_chart(run_dir: Path, lang: str = "en") -> list[Path]:
    """Write hoaxes.png and .svg into the run folder when the drill had hoaxes."""
    fig = hoax_chart(run_dir, lang)
    if fig is None:
        return []
    paths = [Path(run_dir) / f"hoaxes.{ext}" for ext in ("png", "svg")]
    for path in paths:
        fig.savefig(path, dpi=200)
    plt.close(fig)
    return paths
