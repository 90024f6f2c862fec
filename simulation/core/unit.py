"""A unit of the force pool: a Polsek car, a Sabhara pair, a quick-reaction team, a Dalmas or
Brimob platoon, a TNI platoon.

A plain object, not a mesa agent: nothing steps it. Its *decisions* belong to the one
dispatcher (:mod:`simulation.core.dispatcher`), which alone assigns it, and to whichever model
holds it while it is assigned; every model sees the whole force as ``drill.dispatcher.units``.
(Mesa is for the models that step their agents, as the crowd does; keeping it out of the core
spares every drill without a crowd scene the import of mesa, pandas and networkx.)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from simulation.core.shift import Shifts, overlap

if TYPE_CHECKING:
    from simulation.scenario.model import UnitType

IDLE, TRAVEL, SCENE, RETURN, DETACHED = "idle", "travel", "scene", "return", "detached"
"""Where a unit is in its day: free at its station (idle) or on the way back to it (return);
held by a model: driving to a job (travel), working on it (scene), lent out (detached)."""

BUSY = (TRAVEL, SCENE, DETACHED)


class Unit:
    """One mobile unit, its position on the road network and its time on duty and busy."""

    def __init__(
        self,
        unique_id: int,
        unit_type: UnitType,
        station: str,
        duty: tuple[float, float],
        shifts: Shifts | None = None,
    ) -> None:
        self.unique_id = unique_id
        self.label = f"{unit_type.id}#{self.unique_id}@{station}"  # its name, kept if restaged
        self.unit_type = unit_type
        self.station = station
        self.duty = duty  # (from, to) in drill seconds
        self.shifts = shifts  # daily windows inside ``duty`` (None: all of it)
        self.rest_until = -math.inf  # resting or hurt until then: off duty whatever the shift
        self.stood_down: list[tuple[float, float, str]] = []  # (from, to, why), disjoint
        self.overtime_s = 0.0  # time held outside its shift windows
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
        return (
            self.duty[0] <= now < self.duty[1]
            and now >= self.rest_until
            and (self.shifts is None or self.shifts.covers(now))
        )

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
            if self.shifts is not None:
                self.overtime_s += (now - self._busy_since) - self.shifts.within(
                    self._busy_since, now
                )
                if not self.shifts.covers(now) and self.shifts.rest > 0:
                    self.stand_down(now, now + self.shifts.rest, "rest")
            self._busy_since = None

    def stand_down(self, now: float, until: float, why: str) -> None:
        """Off duty from now until ``until`` (rest after a long day, or hurt), shift or not."""
        start = max(now, self.rest_until)
        if until > start:
            self.stood_down.append((start, until, why))
            self.rest_until = until

    def windows(self) -> tuple[tuple[float, float], ...]:
        """The windows it is scheduled on duty in (its shifts, or its whole duty period)."""
        if self.shifts is None:
            return (self.duty,)
        a, b = self.duty
        return tuple(
            (max(s, a), min(e, b)) for s, e in self.shifts.windows if min(e, b) > max(s, a)
        )

    def scheduled_s(self, horizon: float) -> float:
        """Seconds of the drill [0, horizon) it is scheduled on duty."""
        total = 0.0
        for start, end in self.windows():
            total += max(0.0, min(end, horizon) - max(start, 0.0))
        return total

    def worked_s(self, horizon: float) -> float:
        """Seconds on duty in [0, horizon): scheduled, less time stood down, plus overtime.

        A job still open at the horizon counts up to the horizon.
        """
        open_overtime = 0.0
        if self._busy_since is not None and self.shifts is not None:
            open_overtime = (horizon - self._busy_since) - self.shifts.within(
                self._busy_since, horizon
            )
        return self.scheduled_s(horizon) - self.lost_s(horizon) + self.overtime_s + open_overtime

    def lost_s(self, horizon: float) -> float:
        """Scheduled seconds in [0, horizon) it spent stood down (a late start, hurt)."""
        return math.fsum(
            overlap(max(a, 0.0), min(b, horizon), s, e)
            for a, b, _ in self.stood_down
            for s, e in self.windows()
        )
