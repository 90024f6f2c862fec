"""Crowd charts for one drill's result folder (`sispam run`): the status timeline with unit
arrivals and the density map at the densest moment. The charts themselves live in
simulation.reports.charts.crowd, shared with the briefing pack and `sispam chart`."""

from __future__ import annotations

from pathlib import Path

from simulation.reports.charts.crowd import crowd_density_chart, crowd_status_chart
from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Lang
from simulation.reports.style import save


def save_crowd_charts(run_dir: Path, lang: Lang = "en") -> list[Path]:
    """Write crowd_status and crowd_density (PNG and SVG) when the run has a crowd scene."""
    run_dir = Path(run_dir)
    if not (run_dir / "crowd_venue.csv").exists():
        return []
    drill = DrillFolder(run_dir)
    paths = save(crowd_status_chart([drill], lang), run_dir / "crowd_status", ("png", "svg"))
    if drill.table("crowd_density") is not None and not drill.table("crowd_density").empty:
        paths += save(crowd_density_chart(drill, lang), run_dir / "crowd_density", ("png", "svg"))
    return paths
