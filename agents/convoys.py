"""Ballot-logistics vehicles as mesa agents.

As with police units, the decisions (which load, when to leave, whom to wait for) are taken by
the logistics model; the agent holds what a planner would ask a vehicle about - where it is,
what it is doing, how far it has driven - so every model of the drill can see the fleet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from simulation.scenario.logistics import Vehicle

WAITING, LOADING, DRIVING, STUCK, BROKEN, UNLOADING = (
    "waiting",
    "loading",
    "driving",
    "stuck",
    "broken",
    "unloading",
)


class LogisticsVehicle(mesa.Agent):
    """A box truck at the KPU warehouse or a pickup at a PPK."""

    def __init__(self, model: mesa.Model, vehicle: Vehicle, home: str, number: int) -> None:
        super().__init__(model)
        self.vehicle = vehicle
        self.home = home
        self.number = number
        self.node = home
        self.state = WAITING
        self.kits = 0
        self.trips = 0
        self.km = 0.0

    @property
    def label(self) -> str:
        return f"{self.vehicle.id}#{self.number}@{self.home}"
