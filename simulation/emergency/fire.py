"""A t-squared fire: heat release Q(t) = alpha t^2 from ignition (NFPA 72 Annex B, SFPE).

The design fire of fire engineering: alpha by growth class (slow .. ultrafast) gives the time
to 1055 kW as 600, 300, 150 or 75 s. A premises is counted lost when its fire reaches the
scenario's ``burned_kw`` before water is on it; water stops the growth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class TSquaredFire:
    alpha_kw_s2: float
    ignition_s: float

    def heat_kw(self, t_s: float) -> float:
        """Heat release at drill time ``t_s`` (0 before ignition)."""
        dt = max(0.0, t_s - self.ignition_s)
        return self.alpha_kw_s2 * dt * dt

    def reaches_s(self, kw: float) -> float:
        """Drill time at which the fire reaches ``kw``."""
        return self.ignition_s + math.sqrt(kw / self.alpha_kw_s2)
