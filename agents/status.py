"""The crowd's status (hijau / kuning / merah) read from individual states, with hysteresis.

Perkap 16/2006 grades a mass action as orderly (hijau), disorderly (kuning) or a riot (merah).
Stepping up is immediate when a threshold is crossed; stepping down needs the indicators below
a lower threshold for a hold time, so that a crowd hovering at a threshold does not make the
commander flap between responses. A seized building is an indicator of merah like the others:
the status reads merah while it is held and steps down only after the hold once it is retaken.
Burning tyres are listed under kuning (DOMAIN.md's summary of Perkap 16/2006: pushing,
throwing objects, burning tyres): while a fire burns the status is at least kuning, and a fire
is not a property-damage event for the merah rule (that is arson of buildings and vehicles).
"""

from __future__ import annotations

from collections import deque
from enum import IntEnum

from simulation.scenario.crowd import StatusSpec


class Status(IntEnum):
    HIJAU = 0
    KUNING = 1
    MERAH = 2

    @property
    def label(self) -> str:
        return self.name.lower()


class StatusTracker:
    """Holds the current status and applies the thresholds of a :class:`StatusSpec`."""

    def __init__(self, spec: StatusSpec) -> None:
        self.spec = spec
        self.status = Status.HIJAU
        self._damage: deque[float] = deque()
        self._calm_since: float | None = None
        self.seized = False  # the protected building is held by the crowd
        self.burning = False  # tyres burn: disorder (kuning) in Perkap 16/2006's ladder

    def record_damage(self, t: float) -> None:
        self._damage.append(t)

    def level(self, active_share: float, violent_share: float, t: float, factor: float) -> Status:
        """The status the indicators call for, with thresholds scaled by ``factor``."""
        s = self.spec
        while self._damage and self._damage[0] < t - s.window:
            self._damage.popleft()
        if (
            self.seized
            or violent_share >= s.merah_violent_share * factor
            or len(self._damage) >= s.merah_damage_events * factor
        ):
            return Status.MERAH
        if self.burning or active_share >= s.kuning_active_share * factor:
            return Status.KUNING
        return Status.HIJAU

    def update(self, active_share: float, violent_share: float, t: float) -> Status:
        """Advance to time ``t``; returns the (possibly new) status."""
        up = self.level(active_share, violent_share, t, 1.0)
        if up > self.status:
            self.status = up
            self._calm_since = None
            return self.status
        down = self.level(active_share, violent_share, t, self.spec.calm_down_factor)
        if down < self.status:
            if self._calm_since is None:
                self._calm_since = t
            elif t - self._calm_since >= self.spec.hold:
                self.status = Status(self.status - 1)
                self._calm_since = None
        else:
            self._calm_since = None
        return self.status
