"""Seizure of the protected building (pendudukan gedung) and its retaking.

The building is the venue's gathering point (the KPU office gate). It is seized when at least
``seizure.occupiers`` active or violent people stand within the gathering radius while no
police line holds; it stays seized, and the status merah, until a line holds again and the
occupiers there are fewer than that. A holding line retakes the gate by pushing occupiers out
(each officer in front moves ``CLEAR_PER_OFFICER_S`` people a second, who flee for
``CLEAR_FLEE_S`` and then give up and leave) besides arresting the violent ones in reach; an
overloaded line clears nobody.
"""

from __future__ import annotations

import numpy as np

from agents.state import State
from simulation.geography.jit import numba
from simulation.scenario.crowd import SeizureSpec

# assumption (uncalibrated): people one front-line officer pushes out of the gate per second
# while retaking it (one a minute: a squad working through a crowd, not a charge).
CLEAR_PER_OFFICER_S = 1 / 60
CLEAR_FLEE_S = 60.0  # assumption (uncalibrated): how long a pushed-out occupier runs


class Occupation:
    """Whether the building is held by the crowd."""

    def __init__(self, spec: SeizureSpec) -> None:
        self.spec = spec
        self.seized = False

    def update(self, occupiers: int, line_holds: bool) -> str | None:
        """Read the occupiers at the gate; returns ``"seized"`` or ``"retaken"`` on a change."""
        if not self.seized and not line_holds and occupiers >= self.spec.occupiers:
            self.seized = True
            return "seized"
        if self.seized and line_holds and occupiers < self.spec.occupiers:
            self.seized = False
            return "retaken"
        return None


@numba.njit(cache=True)
def at_gate(state: np.ndarray, pos: np.ndarray, gx: float, gy: float, radius: float) -> np.ndarray:
    """Indices of the active and violent people within ``radius`` of the gate (gx, gy)."""
    out = np.empty(len(state), np.int64)
    n = 0
    for k in range(len(state)):
        hot = state[k] == State.ACTIVE or state[k] == State.VIOLENT
        if hot and np.hypot(pos[k, 0] - gx, pos[k, 1] - gy) <= radius:
            out[n] = k
            n += 1
    return out[:n]
