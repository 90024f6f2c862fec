"""The chart catalogue: every chart by name, what input it takes, and whether an input has its data.

Used by `sispam chart`, the briefing pack and the after-action report, so the three always offer
the same charts under the same names.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from matplotlib.figure import Figure

from simulation.reports.charts.compare import comparison_chart
from simulation.reports.charts.cost import COST, cost_risk_chart
from simulation.reports.charts.crowd import crowd_density_chart, crowd_status_chart, has_status
from simulation.reports.charts.decisions import decisions_chart
from simulation.reports.charts.election import election_period_chart, has_election
from simulation.reports.charts.emergency import emergency_phase_chart, has_phase
from simulation.reports.charts.front import parallel_chart, pareto_chart
from simulation.reports.charts.hoaxes import hoax_chart
from simulation.reports.charts.logistics import logistics_ready_chart, logistics_timeline_chart
from simulation.reports.charts.regency_map import regency_map_chart
from simulation.reports.charts.response import response_chart
from simulation.reports.charts.sensitivity import sensitivity_chart
from simulation.reports.charts.sweep import sweep_heatmap_chart, sweep_lines_chart
from simulation.reports.charts.timeline import incident_timeline_chart
from simulation.reports.formats import RUN_FORMATS
from simulation.reports.inputs import (
    DrillFolder,
    ExperimentFolder,
    OptimiseFolder,
    ReportError,
    open_results,
)
from simulation.reports.labels import Lang
from simulation.reports.orders import has_orders
from simulation.reports.style import Size, save

Takes = Literal["drill", "drills", "comparison", "experiment", "sweep", "optimise"]


@dataclass(frozen=True)
class Chart:
    name: str
    draw: Callable[..., Figure]
    takes: Takes
    has_data: Callable[[Any], bool]
    about: str

    def options(self) -> list[str]:
        """Keyword options beyond lang and size (kpi, x, y, strategy, crowd, ...)."""
        skip = {"lang", "size"}
        params = list(inspect.signature(self.draw).parameters.values())[1:]
        return [p.name for p in params if p.name not in skip]


def _has_table(name: str) -> Callable[[DrillFolder], bool]:
    """The drill wrote table `name` with at least one row (a quiet drill writes it empty)."""

    def has(drill: DrillFolder) -> bool:
        table = drill.table(name, required=False)
        return table is not None and not table.empty

    return has


CHARTS: dict[str, Chart] = {
    c.name: c
    for c in (
        Chart(
            "compare",
            comparison_chart,
            "comparison",
            lambda e: True,
            "KPI means with 95% CIs per strategy, coloured by verdict vs the baseline",
        ),
        Chart(
            "cost-risk",
            cost_risk_chart,
            "experiment",
            lambda e: COST in e.kpis,
            "officer-hours against a risk KPI, Pareto front marked",
        ),
        Chart(
            "sweep-heatmap",
            sweep_heatmap_chart,
            "sweep",
            lambda e: len(e.parameters) >= 2,
            "a KPI over two swept parameters",
        ),
        Chart(
            "sweep-lines",
            sweep_lines_chart,
            "sweep",
            lambda e: len(e.parameters) >= 1,
            "a KPI against one swept parameter with 95% CI bands",
        ),
        Chart(
            "sensitivity",
            sensitivity_chart,
            "sweep",
            lambda e: e.sensitivity is not None and not e.sensitivity.empty,
            "Sobol (S1, ST) or Morris (mu*) bars per parameter",
        ),
        Chart(
            "pareto",
            pareto_chart,
            "optimise",
            lambda s: len(s.objectives) >= 2,
            "plan search: two objectives, front with 95% CIs, bundled strategies as stars",
        ),
        Chart(
            "parallel",
            parallel_chart,
            "optimise",
            lambda s: len(s.objectives) >= 3,
            "plan search: every objective an axis, front plans and bundled strategies as lines",
        ),
        Chart(
            "response",
            response_chart,
            "drills",
            _has_table("incidents"),
            "response-time distribution against the target",
        ),
        Chart(
            "timeline",
            incident_timeline_chart,
            "drill",
            _has_table("incidents"),
            "every incident's report time and response time, by severity",
        ),
        Chart(
            "decisions",
            decisions_chart,
            "drill",
            has_orders,
            "a played game's orders on the time axis over incidents and crowd status",
        ),
        Chart(
            "map",
            regency_map_chart,
            "drill",
            _has_table("incidents"),
            "schematic regency map: kecamatan, incidents, response times, unit bases",
        ),
        Chart(
            "crowd-status",
            crowd_status_chart,
            "drills",
            has_status,
            "crowd status with reinforcements; share of replications in merah",
        ),
        Chart(
            "crowd-density",
            crowd_density_chart,
            "drill",
            _has_table("crowd_density"),
            "crowd density over time by level of service",
        ),
        Chart(
            "logistics-timeline",
            logistics_timeline_chart,
            "drill",
            _has_table("logistics_trips"),
            "ballot-logistics deliveries per kecamatan against the deadline",
        ),
        Chart(
            "logistics-ready",
            logistics_ready_chart,
            "drills",
            _has_table("logistics_trips"),
            "share of TPS ready by the deadline per kecamatan",
        ),
        Chart(
            "hoaxes",
            hoax_chart,
            "drill",
            _has_table("hoaxes"),
            "hoax reach and belief over time, takedown and clarification marked",
        ),
        Chart(
            "emergency-phases",
            emergency_phase_chart,
            "drill",
            has_phase,
            "hijau/kuning/merah over the drill with Damkar, ambulances and rescue arriving",
        ),
        Chart(
            "election-period",
            election_period_chart,
            "drill",
            has_election,
            "the election period's scenes day by day, with thefts and Perkap 7/2012 steps marked, "
            "and the ballot boxes' way PPS -> PPK -> KPU",
        ),
    )
}

# The charts `sispam run` puts into a drill's result folder (PNG and SVG), by file name; the
# PDF and slide versions come from `sispam chart NAME`.
RUN_CHARTS = {
    "response": "response_times",
    "logistics-timeline": "logistics_timeline",
    "logistics-ready": "logistics_ready",
    "hoaxes": "hoaxes",
    "crowd-status": "crowd_status",
    "crowd-density": "crowd_density",
    "emergency-phases": "emergency_phases",
    "election-period": "election_period",
}


@dataclass
class Inputs:
    """Result folders sorted by kind: drills, and at most one comparison or sweep."""

    drills: list[DrillFolder]
    experiment: ExperimentFolder | None
    optimise: OptimiseFolder | None = None

    @classmethod
    def collect(cls, folders: Sequence[Path]) -> Inputs:
        """Open each folder; a folder of drill folders (e.g. `drills/`) counts as its drills."""
        drills: list[DrillFolder] = []
        experiment = None
        optimise = None
        for folder in folders:
            folder = Path(folder)
            if (folder / "front.csv").exists():
                if experiment is not None:
                    raise ReportError(f"{folder}: give one comparison, sweep or search at a time")
                optimise = OptimiseFolder(folder)
                experiment = optimise.comparison  # the front and references, paired
                continue
            nested = sorted(p.parent for p in folder.glob("*/kpis.json"))
            nested += sorted(p.parent for p in folder.glob("drills/*/kpis.json"))
            if not (folder / "kpis.json").exists() and not (folder / "summary.csv").exists():
                if not nested:
                    open_results(folder)  # raises the located "not a result folder" error
                drills += [DrillFolder(p) for p in nested]
                continue
            found = open_results(folder)
            if isinstance(found, DrillFolder):
                drills.append(found)
            else:
                if experiment is not None:
                    raise ReportError(f"{folder}: give one comparison or sweep at a time")
                experiment = found
                drills += [DrillFolder(p) for p in nested]
        return cls(drills, experiment, optimise)

    def argument(self, chart: Chart) -> Any | None:
        """What `chart` is drawn from, or None when these inputs cannot feed it."""
        e = self.experiment
        if chart.takes == "comparison":
            source = e if e is not None and e.kind == "comparison" else None
        elif chart.takes == "sweep":
            source = e if e is not None and e.kind == "sweep" else None
        elif chart.takes == "experiment":
            source = e
        elif chart.takes == "optimise":
            source = self.optimise
        elif chart.takes == "drill":
            source = self.drills[0] if self.drills else None
        else:
            source = self.drills or None
        if source is None:
            return None
        probe = source[0] if isinstance(source, list) else source
        return source if chart.has_data(probe) else None


def draw(
    name: str, inputs: Inputs, lang: Lang = "en", size: Size = "page", **options: Any
) -> Figure:
    """Draw chart `name` from `inputs`; options not given (None) take the chart's defaults."""
    if name not in CHARTS:
        raise ReportError(f"unknown chart '{name}'; choose from {', '.join(CHARTS)}")
    chart = CHARTS[name]
    given = {k: v for k, v in options.items() if v is not None}
    wrong = [k for k in given if k not in chart.options()]
    if wrong:
        raise ReportError(
            f"chart '{name}' takes no --{', --'.join(wrong)}; "
            f"it takes: {', '.join('--' + o for o in chart.options()) or 'none'}"
        )
    source = inputs.argument(chart)
    if source is None:
        raise ReportError(
            f"chart '{name}' needs {chart.takes} input with its data "
            f"({chart.about}); the folders given have none"
        )
    return chart.draw(source, lang=lang, size=size, **given)


def available(inputs: Inputs) -> list[str]:
    """Names of the charts these inputs can feed, in catalogue order."""
    return [name for name, chart in CHARTS.items() if inputs.argument(chart) is not None]


def save_run_charts(
    run_dir: Path, lang: Lang = "en", formats: Sequence[str] = RUN_FORMATS
) -> list[Path]:
    """Draw every run chart the drill folder has data for into it, in ``formats``."""
    inputs = Inputs([DrillFolder(Path(run_dir))], None)
    return [
        path
        for name, stem in RUN_CHARTS.items()
        if inputs.argument(CHARTS[name]) is not None
        for path in save(draw(name, inputs, lang), Path(run_dir) / stem, formats)
    ]
