"""The real drill engine as experiments see it: scenario loader, drill, KPI registry, replays."""

from collections.abc import Collection
from functools import lru_cache

from simulation.core.drill import Drill, run_drill
from simulation.core.kpis import REGISTRY, decide_problems, describe
from simulation.core.plugins import installed
from simulation.experiments.tasks import DrillEngine
from simulation.geography import load_scenario
from simulation.play.decisions import DecisionLog, load_decisions
from simulation.play.session import Session, check_log, run_with_decisions
from simulation.scenario import ScenarioError, ScenarioSpec


@lru_cache(maxsize=16)
def _log(path: str) -> DecisionLog:
    return load_decisions(path)


def drill_kpis(
    scenario: ScenarioSpec, strategy: str, seed: int, replication: int, decisions: str = ""
) -> dict[str, float]:
    """Run one drill and keep only its KPIs: the part an experiment table holds.

    With a decision log, the played game is replayed on this seed and replication: the
    players' orders at their times, the dice of the replication.
    """
    if not decisions:
        return run_drill(scenario, strategy, seed, replication).kpis
    log = _log(decisions)
    return run_with_decisions(scenario, log.strategy or None, seed, log, replication).kpis


def decisions_strategy(scenario: ScenarioSpec, decisions: str) -> str:
    """The strategy a decision log plays, after checking every decision against the scenario."""
    log = _log(decisions)
    session = Session(scenario, log.strategy or None)
    check_log(session, log)
    return session.drill.strategy_name


def load_checked(source: str | None, overrides: dict | None = None) -> ScenarioSpec:
    """The scenario, with the KPI names of its `decide:` checked against the models' KPIs."""
    spec = load_scenario(source, overrides)
    installed()
    problems = decide_problems(spec)
    if problems:
        raise ScenarioError(problems)
    return spec


def strategy_names(scenario: ScenarioSpec) -> list[str]:
    return list(scenario.strategies)


def better_direction(kpi: str) -> str:
    installed()  # the models declare their KPIs
    return describe(kpi).better


def registered_kpis() -> Collection[str]:
    installed()
    return REGISTRY.keys()


def scenario_digest(scenario: ScenarioSpec) -> str:
    return scenario.digest


def idle_kpis(scenario: ScenarioSpec, strategy: str) -> dict[str, str]:
    """KPI -> model for every model the scenario does not call for (its plugin builds nothing).

    Building the drill asks each plugin itself, so a scene given under ``crowds:`` instead of
    ``crowd:`` counts as run; nothing is stepped.
    """
    running = {c.name for c in Drill(scenario, strategy, seed=0).components}
    return {k.name: p.name for p in installed() if p.name not in running for k in p.kpis}


SISPAM = DrillEngine(
    load_checked,
    drill_kpis,
    strategy_names,
    better_direction,
    registered_kpis,
    scenario_digest,
    decisions_strategy,
    idle_kpis,
)
