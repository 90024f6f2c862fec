"""Response-time distribution against the target, for one drill's result folder."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

LABELS = {
    "en": {
        "title": "{share:.0%} of incidents reached within {target:g} min",
        "x": "Response time (min)",
        "y": "Incidents",
        "guard": "TPS guard",
        "unit": "Mobile unit",
        "target": "Target {target:g} min",
        "none": "No incident was reached",
        "foot": "Scenario {scenario} ({sha}), strategy {strategy}, seed {seed}, "
        "1 replication; sispam {version}",
    },
    "id": {
        "title": "{share:.0%} kejadian terjangkau dalam {target:g} menit",
        "x": "Waktu tanggap (menit)",
        "y": "Kejadian",
        "guard": "Pengamanan TPS",
        "unit": "Unit mobile",
        "target": "Target {target:g} menit",
        "none": "Tidak ada kejadian yang terjangkau",
        "foot": "Skenario {scenario} ({sha}), strategi {strategy}, seed {seed}, "
        "1 replikasi; sispam {version}",
    },
}


def response_chart(run_dir: Path, lang: str = "en") -> plt.Figure:
    """Histogram of response times, split by who responded, with the target marked."""
    run_dir = Path(run_dir)
    text = LABELS[lang]
    meta = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    with (run_dir / "incidents.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    target = float(meta["targets"]["response_min"])
    guard = np.array(
        [
            float(r["response_min"])
            for r in rows
            if r["response_min"] and r["responder"] == "tps_guard"
        ]
    )
    unit = np.array(
        [
            float(r["response_min"])
            for r in rows
            if r["response_min"] and r["responder"] != "tps_guard"
        ]
    )
    reached = np.concatenate([guard, unit])
    share = float(np.sum(reached <= target)) / len(rows) if rows else 0.0
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    if len(reached):
        top = max(float(reached.max()), target) * 1.05
        bins = np.linspace(0.0, top, 31)
        ax.hist(
            [guard, unit],
            bins=bins,
            stacked=True,
            color=["#4C72B0", "#DD8452"],
            label=[text["guard"], text["unit"]],
        )
        ax.axvline(
            target,
            color="#C44E52",
            linewidth=2,
            linestyle="--",
            label=text["target"].format(target=target),
        )
        ax.legend(loc="upper right", frameon=False)
        ax.set_title(
            text["title"].format(share=share, target=target), loc="left", fontweight="bold"
        )
    else:
        ax.set_title(text["none"], loc="left", fontweight="bold")
    ax.set_xlabel(text["x"])
    ax.set_ylabel(text["y"])
    ax.spines[["top", "right"]].set_visible(False)
    footnote(fig, text["foot"], meta)
    return fig


def footnote(fig: plt.Figure, template: str, meta: dict) -> None:
    """The provenance line every chart of one drill carries (scenario, strategy, seed)."""
    fig.text(
        0.01,
        0.005,
        template.format(
            scenario=meta["scenario"],
            sha=meta["scenario_sha256"][:12],
            strategy=meta["strategy"],
            seed=meta["seed"],
            version=meta["sispam_version"],
        ),
        fontsize=7,
        color="#555555",
        ha="left",
        va="bottom",
    )
    fig.get_layout_engine().set(rect=(0, 0.04, 1, 0.96))


def save_response_chart(run_dir: Path, lang: str = "en") -> list[Path]:
    """Write response_times.png and .svg into the run folder."""
    fig = response_chart(run_dir, lang)
    paths = [Path(run_dir) / f"response_times.{ext}" for ext in ("png", "svg")]
    for path in paths:
        fig.savefig(path, dpi=200)
    plt.close(fig)
    return paths
