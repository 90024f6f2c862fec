"""Arrests and detainee transport: officers out of the line for the trip, through the dispatcher.

Arrested people must be searched, recorded and driven to the cells; the unit that does it
(Sabhara) is not in the line meanwhile. A transport is a request to the one dispatcher for a
unit of the scenario's type; the unit drives to the scene, spends ``booking`` there, drives to
the detention site and hands over; it is given back there, so it is off the line from the
instant it is assigned until then, and the drill's other work (incidents, crowd reinforcement)
waits for it like for any busy unit.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import simpy

from simulation.core.dispatcher import Request
from simulation.core.unit import Unit
from simulation.emergency.police import call_unit, drive_to
from simulation.emergency.route import Route, Spot
from simulation.scenario.emergency import ArrestRules

if TYPE_CHECKING:
    from simulation.core.drill import Drill

PRIORITY = 3
"""Detainee transport ranks with serious incidents: detainees cannot be left at the scene."""


@dataclass
class Trip:
    unit: str
    officers: int
    detainees: int
    source: str
    assigned_s: float
    released_s: float | None = None


class DetaineeTransport:
    def __init__(self, drill: Drill, rules: ArrestRules, route: Route) -> None:
        self.drill = drill
        self.rules = rules
        self.route = route
        self.trips: list[Trip] = []
        self.arrested = 0
        self.waiting: dict[Spot, int] = {}  # detainees at a spot with no transport yet
        self.coming: dict[Spot, int] = {}  # transports on their way to a spot

    def arrest(self, detainees: int, spot: Spot, source: str) -> None:
        """``detainees`` arrested at ``spot`` now. They wait there for a transport; a unit is
        called whenever the units already on their way cannot take them all, and each takes up
        to ``per_trip`` of those waiting when it arrives (people arrested one by one share a
        car)."""
        self.arrested += detainees
        self.waiting[spot] = self.waiting.get(spot, 0) + detainees
        self._call(spot, source)

    def _call(self, spot: Spot, source: str) -> None:
        coming = self.coming.get(spot, 0)
        if self.waiting[spot] > coming * self.rules.per_trip:
            self.coming[spot] = coming + 1
            self.drill.env.process(self._fetch(spot, source))

    def _fetch(self, spot: Spot, source: str) -> Generator[simpy.Event, None, None]:
        drill = self.drill
        req = call_unit(
            drill, self.rules.unit_type, spot, PRIORITY, f"emergency:detainees:{source}"
        )
        unit, assigned_s = yield from drive_to(drill, req, spot)
        self.coming[spot] -= 1
        detainees = min(self.waiting[spot], self.rules.per_trip)
        self.waiting[spot] -= detainees
        if self.waiting[spot]:
            self._call(spot, source)
        yield from self.carry(unit, req, detainees, spot, source, assigned_s)

    def carry(
        self,
        unit: Unit,
        req: Request,
        detainees: int,
        spot: Spot,
        source: str,
        assigned_s: float,
    ) -> Generator[simpy.Event, None, None]:
        """A unit at ``spot`` books the detainees, drives them to the cells and is given back."""
        env, rules = self.drill.env, self.rules
        trip = Trip(unit.label, unit.unit_type.officers, detainees, source, assigned_s)
        self.trips.append(trip)
        yield env.timeout(rules.booking)
        cells = Spot(rules.detention)
        yield env.timeout(self.route.seconds(spot, cells, unit.unit_type.speed_factor))
        yield env.timeout(rules.handover)
        trip.released_s = env.now
        self.drill.log("emergency.detainees_delivered", unit=unit.label, detainees=detainees)
        req.release(rules.detention)

    def officer_hours(self) -> float:
        """Officer-hours out of the line on detainee trips (to the end of the drill)."""
        end = self.drill.horizon
        return (
            sum(
                t.officers * ((t.released_s if t.released_s is not None else end) - t.assigned_s)
                for t in self.trips
            )
            / 3600.0
        )

    def rows(self) -> list[dict]:
        clock = self.drill.clock
        return [
            {
                "unit": t.unit,
                "officers": t.officers,
                "detainees": t.detainees,
                "source": t.source,
                "assigned": clock.label(t.assigned_s),
                "released": "" if t.released_s is None else clock.label(t.released_s),
                "off_line_min": ""
                if t.released_s is None
                else round((t.released_s - t.assigned_s) / 60, 2),
            }
            for t in self.trips
        ]
