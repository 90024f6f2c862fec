"""A fleet of service vehicles (Damkar engines, ambulances): who is free, who is nearest.

The police force pool belongs to the one dispatcher; the fire brigade and the ambulance service
are separate services with their own vehicles, so they get this small pool of their own. A
vehicle is free only at home (its base, or where the plan stages it): every job ends with the
drive back, so a round trip is the vehicle's whole time away.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import simpy

from simulation.emergency.route import Route, Spot


@dataclass
class Vehicle:
    label: str
    base: str  # Damkar station or hospital id
    home: Spot
    free: bool = True
    jobs: int = 0


@dataclass(order=True)
class _Call:
    rank: tuple[int, float, int]
    spot: Spot = field(compare=False)
    event: simpy.Event = field(compare=False)


class Fleet:
    """Assigns the nearest free vehicle to a call, or queues the call by priority, then age."""

    def __init__(self, env: simpy.Environment, route: Route, factor: float) -> None:
        self.env = env
        self.route = route
        self.factor = factor
        self.vehicles: list[Vehicle] = []
        self.waiting: list[_Call] = []
        self._seq = itertools.count()

    def seconds(self, a: Spot, b: Spot) -> float:
        return self.route.seconds(a, b, self.factor)

    def request(self, spot: Spot, priority: int = 0) -> simpy.Event:
        """An event whose value is the vehicle, the instant one is free (nearest first)."""
        event = self.env.event()
        free = [v for v in self.vehicles if v.free]
        if free:
            self._assign(min(free, key=lambda v: (self.seconds(v.home, spot), v.label)), event)
        else:
            self.waiting.append(_Call((-priority, self.env.now, next(self._seq)), spot, event))
            self.waiting.sort()
        return event

    def release(self, vehicle: Vehicle) -> None:
        """The vehicle is home again: it takes the first waiting call, or waits."""
        vehicle.free = True
        if self.waiting:
            self._assign(vehicle, self.waiting.pop(0).event)

    def _assign(self, vehicle: Vehicle, event: simpy.Event) -> None:
        vehicle.free = False
        vehicle.jobs += 1
        event.succeed(vehicle)
