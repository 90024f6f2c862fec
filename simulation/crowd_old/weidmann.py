"""Weidmann's speed-density relation, apart from the walking kernel so that light models
(a march moving as one group) use it without importing numba.
"""

from __future__ import annotations

import numpy as np

from simulation.scenario.crowd import WEIDMANN_RHO_MAX

#: Weidmann (1993) parameters: free speed (m/s) and shape (1/m^2); jam density in scenario/crowd.py.
WEIDMANN_V0 = 1.34
WEIDMANN_GAMMA = 1.913


def weidmann_speed(rho: np.ndarray | float, v0: float = WEIDMANN_V0) -> np.ndarray:
    """Weidmann's walking speed (m/s) at density ``rho`` (persons/m^2)."""
    rho = np.maximum(np.asarray(rho, dtype=float), 1e-9)
    return np.maximum(0.0, v0 * (1 - np.exp(-WEIDMANN_GAMMA * (1 / rho - 1 / WEIDMANN_RHO_MAX))))
