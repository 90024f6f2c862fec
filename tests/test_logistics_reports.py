"""The logistics charts are drawn from a result folder's CSV files, in PNG and SVG."""

from __future__ import annotations

from pathlib import Path

from simulation.drill import run_drill
from simulation.reports.logistics import save_logistics_charts
from simulation.results import write_run
from tests.logistics_cases import tiny


def test_charts_from_the_result_folder(tmp_path: Path) -> None:
    out = write_run(run_drill(tiny(), "quiet", 0), tmp_path / "run", command=["test"])
    paths = save_logistics_charts(out, "id")
    names = sorted(p.name for p in paths)
    assert names == [
        "logistics_ready.png",
        "logistics_ready.svg",
        "logistics_timeline.png",
        "logistics_timeline.svg",
    ]
    svg = (out / "logistics_ready.svg").read_text(encoding="utf-8")
    assert "4 dari 4 TPS siap sebelum 07:00" in svg
    assert all(p.stat().st_size > 1000 for p in paths)


def test_a_run_without_logistics_gets_no_logistics_charts(tmp_path: Path) -> None:
    out = tmp_path / "run"
    out.mkdir()
    assert save_logistics_charts(out) == []
    assert list(out.iterdir()) == []
