"""The scenario language: YAML in, validated and cross-checked models out."""

from simulation.scenario.bundled import DEFAULT_SCENARIO, bundled_scenarios, resolve_scenario
from simulation.scenario.errors import Problem, ScenarioError
from simulation.scenario.loader import load_scenario, parse_scenario
from simulation.scenario.model import ScenarioSpec, Strategy

__all__ = [
    "DEFAULT_SCENARIO",
    "Problem",
    "ScenarioError",
    "ScenarioSpec",
    "Strategy",
    "bundled_scenarios",
    "load_scenario",
    "parse_scenario",
    "resolve_scenario",
]
