"""A drill: scenario x strategy x seed -> event log, KPIs and time series.

The drill owns the one clock (simpy), the seed from which every random stream is derived, the
state board, and the one dispatcher that owns the force pool. It knows no model: the components
(patrol, crowd, logistics, information, ...) come from the installed plugins
(:mod:`simulation.core.plugins`), each building itself from the scenario section it reads. See
docs/architecture.md and docs/engine.md.

A drill can run in one go (:meth:`Drill.run`) or be advanced to a time, inspected and steered,
then advanced again (:meth:`Drill.advance`, :meth:`Drill.finish`): both use the same clock and
the same streams, so a run that is paused and resumed with no orders in between is the same
run, bit for bit.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import simpy

from simulation import __version__
from simulation.core.clock import Clock
from simulation.core.component import Component
from simulation.core.dispatcher import Dispatcher
from simulation.core.orders import UNIT_ORDERS, ForceOrders
from simulation.core.plugins import ModelPlugin, OrderSpec, installed
from simulation.core.randomness import DrillSeed
from simulation.core.shift import Shifts
from simulation.core.state import StateBoard
from simulation.core.unit import Unit
from simulation.geography.roads import open_roads
from simulation.scenario.deployment import mobile_posts
from simulation.scenario.errors import UnknownStrategy, did_you_mean
from simulation.scenario.model import ScenarioSpec, Shift

__all__ = ["Component", "Drill", "DrillResult", "Event", "UnknownStrategy", "run_drill"]


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
    replication: int
    version: str
    kpis: dict[str, float]
    events: list[Event]
    series: dict[str, list[tuple[float, float]]]
    tables: dict[str, list[dict[str, Any]]]
    clock: Clock
    targets: dict[str, float]
    wall_s: float = field(default=0.0, compare=False)


class Drill:
    """One run of one strategy of one scenario under one seed (and replication number)."""

    def __init__(
        self,
        scenario: ScenarioSpec,
        strategy: str,
        seed: int,
        replication: int = 0,
        plugins: Sequence[ModelPlugin] | None = None,
    ) -> None:
        if strategy not in scenario.strategies:
            raise UnknownStrategy(strategy, list(scenario.strategies))
        self.scenario = scenario
        self.strategy_name = strategy
        self.strategy = scenario.strategies[strategy]
        self.seeds = DrillSeed(int(seed), int(replication))
        meta = scenario.metadata
        self.horizon = meta.horizon
        self.env = simpy.Environment()
        self.clock = Clock(self.env, meta.date, meta.start, meta.timezone)
        self.roads = open_roads(scenario.geography)
        self.events: list[Event] = []
        self.series: dict[str, list[tuple[float, float]]] = {}
        self.state = StateBoard()
        self.dispatcher = Dispatcher(
            self.env, self.roads, scenario.geography.roads.local, self._force_pool(), self.log
        )
        self.components: list[Component] = []
        self.forces = ForceOrders(self)
        self._orders: dict[str, tuple[OrderSpec, Any]] = {
            o.kind: (o, self.forces) for o in UNIT_ORDERS
        }
        for plugin in installed() if plugins is None else plugins:
            component = plugin.build(self)
            if component is not None:
                self.components.append(component)
                self._orders.update({o.kind: (o, component) for o in plugin.orders})
        self._started = False
        self._wall = 0.0

    @property
    def seed(self) -> int:
        return self.seeds.seed

    @property
    def replication(self) -> int:
        return self.seeds.replication

    def _force_pool(self) -> list[Unit]:
        """The strategy's mobile units, each on duty in its group's window and shifts."""
        types = {t.id: t for t in self.scenario.forces.unit_types}
        windows = []
        shifts: list[Shift | None] = []
        for group in self.strategy.mobile:
            on = group.on_duty
            windows.append(
                (-math.inf, math.inf)
                if on is None
                else (self.clock.at(on[0]), self.clock.at(on[1]))
            )
            s = group.shift
            shifts.append(
                None
                if s is None
                else Shifts.repeating(
                    self.clock.at(s.start), s.length, s.every, (0.0, self.horizon), s.rest
                )
            )
        return [
            Unit(k, types[post.unit_type], post.station, windows[post.group], shifts[post.group])
            for k, post in enumerate(mobile_posts(self.scenario, self.strategy), start=1)
        ]

    def component(self, name: str) -> Component | None:
        """The component called `name`, for explicit hooks between models (None if absent)."""
        return next((c for c in self.components if c.name == name), None)

    def rng(self, *names: str | int) -> Any:
        """The random stream called `names` under this drill's seed and replication."""
        return self.seeds.stream(*names)

    def log(self, kind: str, **fields: Any) -> None:
        self.events.append(Event(self.env.now, kind, fields))

    def sample(self, series: str, value: float) -> None:
        points = self.series.get(series)
        if points is None:  # not setdefault: it would make a list to throw away every call
            points = self.series[series] = []
        points.append((self.env.now, float(value)))

    # --- orders (facilitated play) --------------------------------------------------------------

    @property
    def orders(self) -> dict[str, OrderSpec]:
        """Every order this drill takes: the force pool's, and those of the models it holds."""
        return {kind: spec for kind, (spec, _) in self._orders.items()}

    def order(self, kind: str, params: dict[str, Any], by: str = "") -> str | None:
        """Carry out an order now; return why it is refused (the drill goes on), or None.

        ``params`` are already checked for their kinds (see ``simulation.play``); the model
        checks what only it knows (a unit busy elsewhere, an inject already delivered).
        """
        self._start()
        if kind not in self._orders:
            return f"no order '{kind}' in this drill{did_you_mean(kind, self._orders)}"
        _, owner = self._orders[kind]
        refused = owner.order(kind, params)
        self.log("play.order", order=kind, given_by=by, refused=refused or "", params=params)
        return refused

    # --- running -------------------------------------------------------------------------------

    def _start(self) -> None:
        if not self._started:
            self._started = True
            for component in self.components:
                component.start(self)

    def advance(self, until: float) -> None:
        """Run the clock to drill time ``until`` (at most the horizon) and stop there.

        Events scheduled at exactly ``until`` have not happened yet when this returns, so orders
        given now take effect before them.
        """
        started = time.perf_counter()
        self._start()
        target = min(until, self.horizon)
        if target > self.env.now:
            self.env.run(until=target)
        self._wall += time.perf_counter() - started

    def finish(self) -> DrillResult:
        """Run to the horizon and collect KPIs and tables."""
        self.advance(self.horizon)
        started = time.perf_counter()
        kpis: dict[str, float] = {}
        tables: dict[str, list[dict[str, Any]]] = {}
        for component in self.components:
            kpis.update(component.kpis())
            tables.update(getattr(component, "tables", dict)())
        self._wall += time.perf_counter() - started
        return DrillResult(
            scenario=self.scenario.metadata.name,
            title=self.scenario.metadata.title,
            origin=self.scenario.origin,
            digest=self.scenario.digest,
            overrides=self.scenario.overrides,
            strategy=self.strategy_name,
            seed=self.seed,
            replication=self.replication,
            version=__version__,
            kpis=kpis,
            events=self.events,
            series=self.series,
            tables=tables,
            clock=self.clock,
            targets={"response_min": self.scenario.targets.response / 60.0},
            wall_s=self._wall,
        )

    def run(self) -> DrillResult:
        return self.finish()


def run_drill(
    scenario: ScenarioSpec, strategy: str | None = None, seed: int = 0, replication: int = 0
) -> DrillResult:
    """Run one drill; `strategy` defaults to the scenario's default strategy."""
    return Drill(scenario, strategy or scenario.default_strategy, seed, replication).run()
