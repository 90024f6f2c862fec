"""A ballot-logistics vehicle: a box truck at the KPU warehouse or a pickup at a PPK.

As with police units, the decisions (which load, when to leave, whom to wait for) are taken by
the logistics model, a discrete-event model that steps nothing; the vehicle holds what a planner
would ask about it - where it is, what it is doing, how far it has driven.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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


class LogisticsVehicle:
    """A box truck at the KPU warehouse or a pickup at a PPK."""

    def __init__(self, vehicle: Vehicle, home: str, number: int) -> None:
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
