"""The scenario language: YAML in, validated and cross-checked models out.

Load scenarios with `simulation.geography.load_scenario`: it adds the checks that need roads
and venue geometry, which this layer cannot import. The loader and the models are imported on
first use, so that importing `simulation.scenario.errors` (every command does) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from simulation.scenario.bundled import DEFAULT_SCENARIO, bundled_scenarios, resolve_scenario
from simulation.scenario.errors import Problem, ScenarioError

if TYPE_CHECKING:
    from simulation.scenario.loader import load_spec, parse_spec
    from simulation.scenario.model import ScenarioSpec, Strategy

_LAZY = {
    "load_spec": "simulation.scenario.loader",
    "parse_spec": "simulation.scenario.loader",
    "ScenarioSpec": "simulation.scenario.model",
    "Strategy": "simulation.scenario.model",
}

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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
