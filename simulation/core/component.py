"""What a model's component is, and what it sees of the drill that holds it.

Two protocols, so that the plugin registry and the force-pool orders can name them without
importing the drill (which imports both): a component has a name, ``start`` and ``kpis``; the
drill it is given offers the clock, the streams, the event log, the state board and the one
dispatcher.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np
    import simpy

    from simulation.core.clock import Clock
    from simulation.core.dispatcher import Dispatcher
    from simulation.core.state import StateBoard
    from simulation.geography.roads import RoadNetwork
    from simulation.scenario.model import ScenarioSpec, Strategy


class Host(Protocol):
    """The drill as its components see it (simulation.core.drill.Drill)."""

    scenario: ScenarioSpec
    strategy: Strategy
    env: simpy.Environment
    clock: Clock
    roads: RoadNetwork
    state: StateBoard
    dispatcher: Dispatcher
    horizon: float

    def rng(self, *names: str | int) -> np.random.Generator: ...

    def log(self, kind: str, **fields: Any) -> None: ...

    def sample(self, series: str, value: float) -> None: ...

    def component(self, name: str) -> Component | None: ...


class Component(Protocol):
    """A model inside a drill: processes on the clock, then KPIs (and optionally tables)."""

    name: str

    def start(self, drill: Any) -> None: ...

    def kpis(self) -> dict[str, float]: ...
