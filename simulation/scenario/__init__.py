"""The scenario language: YAML in, validated and cross-checked models out.

Load scenarios with `simulation.geography.load_scenario`: it adds the checks that need roads
and venue geometry, which this layer cannot import.
"""

from simulation.scenario.bundled import DEFAULT_SCENARIO, bundled_scenarios, resolve_scenario
from simulation.scenario.errors import Problem, ScenarioError
from simulation.scenario.loader import load_spec, parse_spec
from simulation.scenario.model import ScenarioSpec, Strategy

__all__ = [
    "DEFAULT_SCENARIO",
    "Problem",
    "ScenarioError",
    "ScenarioSpec",
    "Strategy",
    "bundled_scenarios",
    "load_spec",
    "parse_spec",
    "resolve_scenario",
]
