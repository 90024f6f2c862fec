"""Police cover of a scene: units asked from the dispatcher and held until the scene is over.

Units come if they are free *and on shift*: a rally planned when the Dalmas platoons are off
duty gets less cover, which is the point of planning shifts over several days.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from simulation.scenario.election import PoliceCover

if TYPE_CHECKING:
    from simulation.core.drill import Drill
    from simulation.core.unit import Unit


class Cover:
    """``count`` units of the given types at ``node`` from a start time until ``gone`` fires."""

    def __init__(
        self, drill: Drill, spec: PoliceCover, node: str, who: str, end_node: str | None = None
    ) -> None:
        self.drill = drill
        self.spec = spec
        self.node = node
        self.end_node = node if end_node is None else end_node  # where a march ends
        self.who = who
        self.present = 0  # units on scene now
        self.unit_s = 0.0  # unit-seconds on scene
        self.first_arrival: float | None = None
        self.on_scene: list[Unit] = []
        self._since = 0.0

    def hold(self, start: float, gone: simpy.Event) -> None:
        for k in range(self.spec.count):
            self.drill.env.process(self._one(k, start, gone))

    def _one(self, k: int, start: float, gone: simpy.Event) -> Generator[simpy.Event, None, None]:
        env, dispatcher = self.drill.env, self.drill.dispatcher
        kinds = set(self.spec.unit_types)
        yield env.timeout(max(0.0, start - env.now))
        if gone.processed:
            return
        req = dispatcher.request(
            lambda u: u.unit_type.id in kinds, self.node, priority=2, who=f"{self.who}#{k}"
        )
        yield req | gone
        if not req.triggered:
            req.cancel()
            return
        unit = req.value
        travel = env.timeout(dispatcher.travel_s(unit, self.node, 0.0))
        result = yield travel | gone
        if gone not in result:
            self.present += 1
            self.on_scene.append(unit)
            self.first_arrival = env.now if self.first_arrival is None else self.first_arrival
            since = env.now
            yield gone
            self.unit_s += env.now - since
            self.present -= 1
            self.on_scene.remove(unit)
        req.release(self.end_node)  # a unit called off on its way is taken to be there
