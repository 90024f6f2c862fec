"""Tyre burning (pembakaran ban) by violent demonstrators near the focal point.

Each violent person within the damage zone of the focal point lights a tyre fire at a Poisson
rate, while fewer than ``MAX_BURNING`` burn (the crowd brings a few stacks of tyres, and lights
another when one is put out). While a fire burns the scene is at least kuning (Perkap 16/2006
lists burning tyres under kuning; agents.status); a fire burns for ``BURN_S`` unless
put out, and its smoke *raises agitation* of everyone within
``SMOKE_RADIUS_M`` (burning tyres signal a riot to those around; the alternative, smoke
blocking vision, is not modelled). A police line within ``EXTINGUISH_RANGE_M`` of a fire puts
it out in ``EXTINGUISH_S`` of work, ``WATER_CANNON_EXTINGUISH_S`` when a unit with a water
cannon stands in the line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# assumption (uncalibrated): fires lit per violent person near the focal point per second
# (one an hour each).
IGNITION_RATE = 1 / 3600
MAX_BURNING = 3  # assumption (uncalibrated): stacks of tyres brought that can burn at once
BURN_S = 20 * 60.0  # assumption (uncalibrated): a stack of tyres burns twenty minutes
SMOKE_RADIUS_M = 10.0  # assumption (uncalibrated): people in the smoke see and smell it
# assumption (uncalibrated): agitation per minute from one fire in reach, like a provocateur.
SMOKE_AGITATION = 0.1
EXTINGUISH_RANGE_M = 15.0  # assumption (uncalibrated): officers leave the line this far
EXTINGUISH_S = 5 * 60.0  # assumption (uncalibrated): extinguishers, sand and beating it out
WATER_CANNON_EXTINGUISH_S = 30.0  # assumption (uncalibrated): a water cannon's jet


@dataclass
class Fire:
    x: float
    y: float
    lit_s: float
    work: float = 0.0  # share of the extinguishing done (1 = out)


class TyreFires:
    """The fires burning in a scene."""

    def __init__(self) -> None:
        self.burning: list[Fire] = []

    def ignite(self, rng: np.random.Generator, igniters: np.ndarray, dt: float, t: float) -> list:
        """Light new fires at the positions of some of ``igniters`` (violent, near the focal
        point); returns them."""
        count = int(rng.poisson(IGNITION_RATE * dt * len(igniters))) if len(igniters) else 0
        count = min(count, MAX_BURNING - len(self.burning))
        if count <= 0:  # most ticks: no draw of where (an empty draw takes no random numbers)
            return []
        new = [
            Fire(float(x), float(y), t)
            for x, y in igniters[rng.integers(len(igniters), size=count)]
        ]
        self.burning += new
        return new

    def smoke_drive(self, pos: np.ndarray) -> np.ndarray:
        """Agitation gained per second from the smoke of every fire in reach."""
        drive = np.zeros(len(pos))
        for f in self.burning:
            drive += np.hypot(pos[:, 0] - f.x, pos[:, 1] - f.y) <= SMOKE_RADIUS_M
        return drive * SMOKE_AGITATION / 60.0

    def burn(
        self, t: float, dt: float, line: np.ndarray, water_cannon: bool
    ) -> list[tuple[Fire, str]]:
        """Advance the fires by ``dt``; returns those that ended, with ``extinguished`` or
        ``burnt_out``. ``line`` holds the officer positions in formation."""
        ended = []
        need = WATER_CANNON_EXTINGUISH_S if water_cannon else EXTINGUISH_S
        for f in self.burning:
            if (
                len(line)
                and np.hypot(line[:, 0] - f.x, line[:, 1] - f.y).min() <= EXTINGUISH_RANGE_M
            ):
                f.work += dt / need
            if f.work >= 1.0 - 1e-9:
                ended.append((f, "extinguished"))
            elif t - f.lit_s >= BURN_S:
                ended.append((f, "burnt_out"))
        gone = {id(f) for f, _ in ended}
        self.burning = [f for f in self.burning if id(f) not in gone]
        return ended
