"""`sispam run` draws the logistics charts of the catalogue into a result folder, PNG and SVG."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from simulation.core.drill import run_drill
from simulation.reports.catalogue import save_run_charts
from simulation.reports.charts.logistics import logistics_timeline_chart
from simulation.reports.inputs import DrillFolder
from simulation.results import write_run
from tests.logistics_cases import tiny


def test_charts_from_the_result_folder(tmp_path: Path) -> None:
    out = write_run(run_drill(tiny(), "quiet", 0), tmp_path / "run", command=["test"])
    paths = save_run_charts(out, "id", ("png", "svg"))
    names = {p.name for p in paths}
    assert {
        "logistics_ready.png",
        "logistics_ready.svg",
        "logistics_timeline.png",
        "logistics_timeline.svg",
    } <= names
    svg = (out / "logistics_ready.svg").read_text(encoding="utf-8")
    assert "1 dari 1 kecamatan seluruh TPS-nya siap pukul 07:00" in svg
    assert all(p.stat().st_size > 1000 for p in paths)


def test_a_run_without_logistics_gets_no_logistics_charts(tmp_path: Path) -> None:
    out = write_run(run_drill(tiny(), "quiet", 0), tmp_path / "run", command=["test"])
    for name in ("logistics_trips.csv", "logistics_tps.csv", "logistics_kecamatan.csv"):
        (out / name).unlink()
    assert not any("logistics" in p.name for p in save_run_charts(out, "en"))


def test_timeline_marks_each_planned_arrival_on_its_kecamatan(tmp_path: Path) -> None:
    out = write_run(run_drill(tiny(), "quiet", 0), tmp_path / "run", command=["test"])
    drill = DrillFolder(out)
    sectors = pd.read_csv(out / "logistics_kecamatan.csv").set_index("sector")
    fig = logistics_timeline_chart(drill, "en")
    ax = fig.axes[0]
    marks = next(c for c in ax.collections if c.get_gid() == "planned_ppk")
    rows = {
        label.get_text(): tick
        for tick, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    }
    want = {
        (h * 3600 - drill.start_s, rows[sectors.loc[s, "name"]])
        for s, h in sectors["planned_ppk_h"].items()
    }
    assert {tuple(xy) for xy in marks.get_offsets().tolist()} == want
    assert "planned arrival at the PPK" in [t.get_text() for t in fig.legends[0].get_texts()]
    plt.close(fig)
