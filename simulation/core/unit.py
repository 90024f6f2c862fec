"""A unit of the force pool: a Polsek car, a Sabhara pair, a quick-reaction team, a Dalmas or
Brimob platoon, a TNI platoon.

A plain object, not a mesa agent: nothing steps it. Its *decisions* belong to the one
dispatcher (:mod:`simulation.core.dispatcher`), which alone assigns it, and to whichever model
holds it while it is assigned; every model sees the whole force as ``drill.dispatcher.units``.
(Mesa is for the models that step their agents, as the crowd does; keeping it out of the core
spares every drill without a crowd scene the import of mesa, pandas and networkx.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulation.scenario.model import UnitType

IDLE, TRAVEL, SCENE, RETURN, DETACHED = "idle", "travel", "scene", "return", "detached"
"""Where a unit is in its day: free at its station (idle) or on the way back to it (return);
held by a model: driving to a job (travel), working on it (scene), lent out (detached)."""

BUSY = (TRAVEL, SCENE, DETACHED)


class Unit:
    """One mobile unit, its position on the road network and its time on duty and busy."""

    def __init__(
        self, unique_id: int, unit_type: UnitType, station: str, duty: tuple[float, float]
    ) -> None:
        self.unique_id = unique_id
        self.label = f"{unit_type.id}#{self.unique_id}@{station}"  # its name, kept if restaged
        self.unit_type = unit_type
        self.station = station
        self.duty = duty  # (from, to) in drill seconds
        self.state = IDLE
        self.node = station  # where it is: a road-network node ...
        self.local_km = 0.0  # ... and how far into that node's sector
        self.holder: object | None = None  # the request that holds it, while held
        self.busy_s = 0.0  # time held by a model (travel, on scene, lent out)
        self._busy_since: float | None = None
        self.return_from: tuple[str, float] = (station, 0.0)
        self.return_since = 0.0
        self.return_s = 0.0

    def on_duty(self, now: float) -> bool:
        return self.duty[0] <= now < self.duty[1]

    def available(self, now: float) -> bool:
        """Free to take an order: idle at its station or on the way back to it, and on duty."""
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
