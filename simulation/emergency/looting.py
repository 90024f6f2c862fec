"""Looting of a named premises: police are called, looters may set it alight before they come.

At the start of looting the nearest free unit of the scenario's type is called through the one
dispatcher. If it is not there ``arson_after`` later, the looters set the premises alight with
probability ``arson_probability`` (drawn at the start, always). When the unit arrives the looting
ends; the looters it arrests are booked and driven to the cells by that same unit, which stays
out of the line until it hands them over.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

import numpy as np
import simpy

from simulation.emergency.arrests import DetaineeTransport
from simulation.emergency.police import call_unit, drive_to
from simulation.emergency.route import Spot
from simulation.scenario.emergency import LootingRules, Premises

if TYPE_CHECKING:
    from simulation.core.drill import Drill

PRIORITY = 4
"""Looting is merah: it ranks with the most serious incidents."""


class Looting:
    def __init__(
        self,
        drill: Drill,
        rules: LootingRules,
        premises: Premises,
        rng: np.random.Generator,
        ignite: Callable[[str, str], None],
        on_scene: Callable[[str, int], None],
        transport: DetaineeTransport | None,
    ) -> None:
        self.drill = drill
        self.rules = rules
        self.premises = premises
        self.arson_draw = float(rng.random())
        self.ignite = ignite
        self.on_scene = on_scene
        self.transport = transport
        self.started_s = drill.env.now
        self.secured_s: float | None = None

    def start(self) -> None:
        self.drill.log("emergency.looting", premises=self.premises.id)
        self.on_scene(f"looting:{self.premises.id}", 2)
        self.drill.env.process(self._run())

    def _run(self) -> Generator[simpy.Event, None, None]:
        drill, env, rules = self.drill, self.drill.env, self.rules
        spot = Spot(self.premises.sector, self.premises.local_km)
        req = call_unit(
            drill, rules.unit_type, spot, PRIORITY, f"emergency:looting:{self.premises.id}"
        )
        arrived = env.event()
        env.process(self._drive(req, spot, arrived))
        yield arrived | env.timeout(rules.arson_after)
        if not arrived.triggered and self.arson_draw < rules.arson_probability:
            self.ignite(self.premises.id, "arson by looters")
        unit, assigned_s = yield arrived
        self.secured_s = env.now
        drill.log("emergency.looting_secured", premises=self.premises.id, unit=unit.label)
        self.on_scene(f"looting:{self.premises.id}", 0)
        if self.transport is not None and rules.arrests:
            first = min(rules.arrests, self.transport.rules.per_trip)
            self.transport.arrested += first
            if rules.arrests > first:  # more than one car-load: the rest wait for transports
                self.transport.arrest(rules.arrests - first, spot, self.premises.id)
            yield from self.transport.carry(unit, req, first, spot, self.premises.id, assigned_s)
        else:
            req.release(spot.node, spot.km)

    def _drive(
        self, req: simpy.Event, spot: Spot, arrived: simpy.Event
    ) -> Generator[simpy.Event, None, None]:
        arrived.succeed((yield from drive_to(self.drill, req, spot)))
