"""The real drill engine as experiments see it: scenario loader, drill, KPI registry."""

from collections.abc import Collection

from simulation.core.drill import run_drill
from simulation.core.kpis import REGISTRY, describe
from simulation.experiments.tasks import DrillEngine
from simulation.scenario import ScenarioSpec, load_scenario


def drill_kpis(
    scenario: ScenarioSpec, strategy: str, seed: int, replication: int
) -> dict[str, float]:
    """Run one drill and keep only its KPIs: the part an experiment table holds."""
    return run_drill(scenario, strategy, seed, replication).kpis


def strategy_names(scenario: ScenarioSpec) -> list[str]:
    return list(scenario.strategies)


def better_direction(kpi: str) -> str:
    return describe(kpi).better


def registered_kpis() -> Collection[str]:
    return REGISTRY.keys()


def scenario_digest(scenario: ScenarioSpec) -> str:
    return scenario.digest


SISPAM = DrillEngine(
    load_scenario, drill_kpis, strategy_names, better_direction, registered_kpis, scenario_digest
)
