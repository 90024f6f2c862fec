"""One drill as a small picklable task, and the worker-side function that runs it.

A task carries only the scenario path, the overrides (as JSON), the strategy and the seed; the
worker loads the scenario itself and keeps a few recently loaded ones, so tasks stay tiny for any
executor (local processes or remote Dask workers) and a replication loop loads each scenario once.
"""

import json
import time
import traceback
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

SCENARIO_CACHE_SIZE = 8


@dataclass(frozen=True, slots=True)
class DrillEngine:
    """What experiments need from the drill engine, as module-level functions.

    The engine travels inside every task, so it must pickle by reference; tests plug in a toy.
    `load` (scenario path, overrides) -> scenario, raising a located error for bad input;
    `run` (scenario, strategy, seed, replication, decisions) -> KPIs, where `decisions` is the
    path of a played game's decision log to replay ("" for none); `strategies` lists a scenario's
    strategy names; `better` gives a KPI's better direction ("lower", "higher" or "none") and
    `kpi_names` every registered KPI, both from the KPI registry; `digest` (scenario) -> the
    hash of what was loaded (file, included files and overrides), recorded in experiment
    manifests. `plays` (scenario, decision-log path) -> the strategy that log plays, raising a
    located error for a bad log; None for an engine without facilitated play.
    `idle` (scenario, strategy) -> {KPI: model} for the KPIs of models that this scenario does
    not run: the same in every drill, so never an objective; None when the engine cannot tell.
    """

    load: Callable[[str, dict[str, Any] | None], Any]
    run: Callable[[Any, str, int, int], dict[str, float]]
    strategies: Callable[[Any], list[str]]
    better: Callable[[str], str]
    kpi_names: Callable[[], Collection[str]]
    digest: Callable[[Any], str]
    plays: Callable[[Any, str], str] | None = None
    idle: Callable[[Any, str], dict[str, str]] | None = None


@dataclass(frozen=True, slots=True)
class DrillTask:
    """Drill `replication` of design point `point` for one strategy (or played variant: then
    `strategy` names the variant and `decisions` is its decision log's path)."""

    point: int
    strategy: str
    replication: int
    seed: int
    scenario: str
    overrides_json: str
    engine: DrillEngine
    decisions: str = ""

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.point, self.strategy, self.replication)


@dataclass(frozen=True, slots=True)
class DrillOutcome:
    """What a finished drill leaves behind: KPIs, or the error it raised."""

    point: int
    strategy: str
    replication: int
    seed: int
    kpis: dict[str, float] = field(default_factory=dict)
    error: str = ""
    trace: str = ""
    seconds: float = 0.0

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.point, self.strategy, self.replication)


def engine_modules(engine: DrillEngine) -> tuple[str, ...]:
    """Modules holding the engine's functions: what a worker must import to run drills."""
    return tuple(dict.fromkeys(f.__module__ for f in (engine.load, engine.run)))


def overrides_to_json(overrides: dict[str, Any] | None) -> str:
    """Canonical JSON of overrides: the cache key in workers and part of the experiment id."""
    return json.dumps(overrides or {}, sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=SCENARIO_CACHE_SIZE)
def _scenario(engine: DrillEngine, path: str, overrides_json: str) -> Any:
    return engine.load(path, json.loads(overrides_json) or None)


def execute(task: DrillTask) -> DrillOutcome:
    """Run one drill; an exception becomes a recorded error, never a crash of the sweep."""
    start = time.perf_counter()
    try:
        scenario = _scenario(task.engine, task.scenario, task.overrides_json)
        kpis = {
            name: float(value)
            for name, value in task.engine.run(
                scenario, task.strategy, task.seed, task.replication, task.decisions
            ).items()
        }
    except Exception as exc:  # a failing drill is data, not a reason to stop the experiment
        return failed(
            task,
            f"{type(exc).__name__}: {exc}",
            traceback.format_exc(),
            time.perf_counter() - start,
        )
    return DrillOutcome(
        task.point,
        task.strategy,
        task.replication,
        task.seed,
        kpis,
        seconds=time.perf_counter() - start,
    )


def failed(task: DrillTask, error: str, trace: str = "", seconds: float = 0.0) -> DrillOutcome:
    """The outcome of a drill that raised, or whose worker died, instead of finishing."""
    return DrillOutcome(
        task.point,
        task.strategy,
        task.replication,
        task.seed,
        error=error,
        trace=trace,
        seconds=seconds,
    )
