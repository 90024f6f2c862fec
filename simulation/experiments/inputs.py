"""Checks of experiment inputs against the loaded scenario, run before any drill or file.

Everything that can be wrong with a request is found here, so bad input never leaves a store
behind that `--resume` could later mistake for real results.
"""

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from simulation.experiments.errors import ExperimentError
from simulation.experiments.tasks import DrillEngine
from simulation.scenario.errors import did_you_mean


def file_sha256(path: Path) -> str:
    """Fingerprint of an input file, so a resume never mixes results of edited inputs."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_strategies(
    engine: DrillEngine, scenario: object, wanted: Sequence[str] | None, where: str
) -> list[str]:
    """The strategies to run: all of the scenario's by default, else the named ones, all known."""
    known = list(engine.strategies(scenario))
    chosen = list(wanted) if wanted else known
    for name in chosen:
        if name not in known:
            raise ExperimentError(
                f"unknown strategy {name!r}; the scenario has {', '.join(known)}", where
            )
    if len(set(chosen)) != len(chosen):
        raise ExperimentError("a strategy is listed twice", where)
    return chosen


def check_kpis(engine: DrillEngine, kpis: Iterable[str], where: str) -> None:
    """Every named KPI must be in the KPI registry."""
    known = engine.kpi_names()
    for kpi in kpis:
        if kpi not in known:
            raise ExperimentError(f"unknown KPI {kpi!r}{did_you_mean(kpi, known)}", where)
