"""Police and army units as mesa agents.

A unit's *decisions* (where to go, what to do next) are taken by the dispatcher of the patrol
model; the agent holds its state so that every model of the drill (crowds, logistics) can see
and borrow the same units through the drill's AgentSet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from simulation.scenario.model import UnitType

IDLE, TRAVEL, SCENE, RETURN, DETACHED = "idle", "travel", "scene", "return", "detached"


class PatrolUnit(mesa.Agent):
    """A mobile unit: a Polsek car, a Sabhara car or motorbike pair, a quick-reaction team,
    a Brimob platoon or a TNI platoon."""

    def __init__(
        self, model: mesa.Model, unit_type: UnitType, station: str, duty: tuple[float, float]
    ) -> None:
        super().__init__(model)
        self.unit_type = unit_type
        self.station = station
        self.duty = duty  # (from, to) in drill seconds
        self.state = IDLE
        self.node = station  # where it is: a road-network node ...
        self.local_km = 0.0  # ... and how far into that node's sector
        self.incident: object | None = None
        self.busy_s = 0.0  # time spent travelling to and working on incidents
        self._busy_since: float | None = None
        self.token = 0  # bumped on every new order, so stale simpy processes can tell
        self.scene_since = 0.0
        self.return_from: tuple[str, float] = (station, 0.0)
        self.return_since = 0.0
        self.return_s = 0.0

    @property
    def label(self) -> str:
        return f"{self.unit_type.id}#{self.unique_id}@{self.station}"

    def on_duty(self, now: float) -> bool:
        return self.duty[0] <= now < self.duty[1]

    def available(self, now: float) -> bool:
        """Free to take an order: idle at its station or on the way back to it."""
        return self.state in (IDLE, RETURN) and self.on_duty(now)

    def handles(self, severity: int) -> bool:
        return self.unit_type.min_severity <= severity <= self.unit_type.max_severity

    def start_busy(self, now: float) -> None:
        if self._busy_since is None:
            self._busy_since = now

    def stop_busy(self, now: float) -> None:
        if self._busy_since is not None:
            self.busy_s += now - self._busy_since
            self._busy_since = None
