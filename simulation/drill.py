"""A drill: scenario x strategy x seed -> event log, KPIs and time series.

The drill owns the one clock (simpy), the shared mesa Model that holds every agent, the seed
from which every random stream is derived, and the components (sub-models) the scenario calls
for. Components plug in through `start(drill)` and `kpis()`; see docs/architecture.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import mesa
import numpy as np
import simpy

from simulation import __version__
from simulation.clock import Clock
from simulation.crowd.component import crowd_component
from simulation.geography.roads import RoadNetwork
from simulation.information.injects import msel_component
from simulation.information.threats import information_component
from simulation.logistics.model import logistics_component
from simulation.patrol.model import PatrolModel
from simulation.randomness import stream
from simulation.scenario.errors import did_you_mean
from simulation.scenario.model import ScenarioSpec
from simulation.state import StateBoard


class Component(Protocol):
    name: str

    def start(self, drill: Drill) -> None: ...

    def kpis(self) -> dict[str, float]: ...


@dataclass(frozen=True, slots=True)
class Event:
    """One line of the event log: drill time in seconds, a dotted kind, and its fields."""

    t: float
    kind: str
    fields: dict[str, Any]


@dataclass
class DrillResult:
    scenario: str
    title: str
    origin: str
    digest: str
    overrides: dict[str, Any]
    strategy: str
    seed: int
    version: str
    kpis: dict[str, float]
    events: list[Event]
    series: dict[str, list[tuple[float, float]]]
    tables: dict[str, list[dict[str, Any]]]
    clock: Clock
    targets: dict[str, float]
    wall_s: float = field(default=0.0, compare=False)


class UnknownStrategy(KeyError):
    def __init__(self, name: str, choices: list[str]) -> None:
        super().__init__(name)
        self.message = (
            f"unknown strategy '{name}'{did_you_mean(name, choices)}; "
            f"choose from: {', '.join(choices)}"
        )

    def __str__(self) -> str:
        return self.message


# Components beyond patrol: each factory returns a component when the scenario asks for it.
ComponentFactory = Callable[["Drill"], Component | None]
COMPONENTS: list[ComponentFactory] = [
    logistics_component,
    information_component,
    msel_component,
    crowd_component,
]


class Drill:
    """One run of one strategy of one scenario under one seed."""

    def __init__(self, scenario: ScenarioSpec, strategy: str, seed: int) -> None:
        if strategy not in scenario.strategies:
            raise UnknownStrategy(strategy, list(scenario.strategies))
        self.scenario = scenario
        self.strategy_name = strategy
        self.strategy = scenario.strategies[strategy]
        self.seed = int(seed)
        meta = scenario.metadata
        self.horizon = meta.horizon
        self.env = simpy.Environment()
        self.clock = Clock(self.env, meta.date, meta.start, meta.timezone)
        self.model = mesa.Model(rng=self.rng("mesa"))
        self.roads = RoadNetwork(scenario.geography)
        self.events: list[Event] = []
        self.series: dict[str, list[tuple[float, float]]] = {}
        self.state = StateBoard()
        self.patrol = PatrolModel(self)
        self.components: list[Component] = [self.patrol]
        for factory in COMPONENTS:
            component = factory(self)
            if component is not None:
                self.components.append(component)

    def component(self, name: str) -> Component | None:
        """The component called `name`, for explicit hooks between models (None if absent)."""
        return next((c for c in self.components if c.name == name), None)

    def rng(self, *names: str | int) -> np.random.Generator:
        """The random stream called `names` under this drill's seed."""
        return stream(self.seed, *names)

    def log(self, kind: str, **fields: Any) -> None:
        self.events.append(Event(self.env.now, kind, fields))

    def sample(self, series: str, value: float) -> None:
        self.series.setdefault(series, []).append((self.env.now, float(value)))

    def run(self) -> DrillResult:
        started = time.perf_counter()
        for component in self.components:
            component.start(self)
        self.env.run(until=self.horizon)
        kpis: dict[str, float] = {}
        tables: dict[str, list[dict[str, Any]]] = {}
        for component in self.components:
            kpis.update(component.kpis())
            tables.update(getattr(component, "tables", dict)())
        return DrillResult(
            scenario=self.scenario.metadata.name,
            title=self.scenario.metadata.title,
            origin=self.scenario.origin,
            digest=self.scenario.digest,
            overrides=self.scenario.overrides,
            strategy=self.strategy_name,
            seed=self.seed,
            version=__version__,
            kpis=kpis,
            events=self.events,
            series=self.series,
            tables=tables,
            clock=self.clock,
            targets={"response_min": self.scenario.targets.response / 60.0},
            wall_s=time.perf_counter() - started,
        )


def run_drill(scenario: ScenarioSpec, strategy: str | None = None, seed: int = 0) -> DrillResult:
    """Run one drill; `strategy` defaults to the scenario's default strategy."""
    return Drill(scenario, strategy or scenario.default_strategy, seed).run()
