"""Crowd-safety and outcome measures, accumulated while the crowd model runs.

Density is counted in a square window of 1.5 m x 1.5 m, divided by the walkable area inside
the window (so a wall does not dilute it). Fruin's level of service F
starts above 5 persons/m^2 for queuing areas; person-seconds above it measure how long and how
many people stood in conditions where crowd pressure can build, and the same count within
``EXIT_ZONE_M`` of an exit is the crush risk at exits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from agents.status import Status
from simulation.crowd.grid import box_sum
from simulation.crowd.stride import FIRST, LAST, present
from simulation.crowd.venue import PAD_M, Floor, cell_xy
from simulation.geography.jit import numba

LOS_F = 5.0  # persons/m^2, Fruin queuing level of service F
EXIT_ZONE_M = 5.0  # walking distance from an exit that counts as its approach


class DensityField:
    """Local density (persons/m^2) on a grid of twice the floor cell, from a 3x3 box count.

    With the default 0.25 m floor the window is 1.5 m x 1.5 m, the usual size for
    measuring local density in crowd experiments.
    """

    def __init__(self, floor: Floor) -> None:
        self.floor = floor
        self.cell = 2 * floor.cell
        self.nx, self.ny = (floor.nx + 1) // 2, (floor.ny + 1) // 2
        walk = np.zeros((2 * self.ny, 2 * self.nx))
        walk[: floor.ny, : floor.nx] = floor.walkable
        coarse = walk.reshape(self.ny, 2, self.nx, 2).sum(axis=(1, 3)) * floor.cell**2
        # A window mostly inside a wall would turn two people into a crush: count at least
        # half of it as floor.
        self.area = np.maximum(box_sum(coarse), 0.5 * (3 * self.cell) ** 2)
        # Scratch counts with a border of empty cells, so every window is a whole 3 x 3 one;
        # all zero between calls.
        self._counts = np.zeros((self.ny + 2) * (self.nx + 2))
        self._shape = (floor.nx, floor.ny, floor.cell, PAD_M, self.nx)
        self._area = np.ascontiguousarray(self.area.ravel())

    def cells(self, floor_cells: np.ndarray) -> np.ndarray:
        """Density-grid cell of each floor cell index."""
        iy, ix = np.divmod(floor_cells, self.floor.nx)
        return (iy // 2) * self.nx + ix // 2

    def grid(self, cells: np.ndarray) -> np.ndarray:
        """Density of every cell, given the density-grid cell of each present person."""
        counts = np.bincount(cells, minlength=self.nx * self.ny).reshape(self.ny, self.nx)
        return box_sum(counts.astype(float)) / self.area

    def at(
        self, pos: np.ndarray, exits_dist: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(local density, walking distance to the nearest exit, density-grid cell) of each
        person at ``pos`` (``exits_dist``: the floor's distance field), in one compiled pass
        that reads only the windows around people; :meth:`grid` holds the same values."""
        cells = np.empty(len(pos), np.int64)
        rho, to_exit = _density_at(
            np.arange(len(pos)), pos, self._shape, self._area, exits_dist, self._counts, cells
        )
        return rho, to_exit, cells

    def present(
        self, state: np.ndarray, pos: np.ndarray, exits_dist: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[float, float, float, float]]:
        """A density sample of everyone present (by ``state``) in one compiled call, as
        :meth:`at` gives it for them, with what :meth:`CrowdMeter.density` adds up:
        (who, their local density, their density-grid cell, the sample's summary)."""
        return _present_density(state, pos, self._shape, self._area, exits_dist, self._counts)


@numba.njit(cache=True)
def _present_density(
    state: np.ndarray,
    pos: np.ndarray,
    shape: tuple,
    area: np.ndarray,
    exits_dist: np.ndarray,
    counts: np.ndarray,
) -> tuple:
    idx = present(state, FIRST, LAST)
    cells = np.empty(len(idx), np.int64)
    rho, to_exit = _density_at(idx, pos, shape, area, exits_dist, counts, cells)
    summary = _density_sample(rho, to_exit) if len(idx) else (0.0, 0.0, 0.0, 0.0)
    return idx, rho, cells, summary


@numba.njit(cache=True)
def _density_at(
    idx: np.ndarray,
    pos: np.ndarray,
    shape: tuple,
    area: np.ndarray,
    exits_dist: np.ndarray,
    counts: np.ndarray,
    cells: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Count people per density cell, then sum each person's 3 x 3 window (clipped at the
    edges, as box_sum: ``counts`` has a border of empty cells) and divide by its walkable
    ``area``. ``counts`` is all zero on entry and left so (only the cells people stand in are
    cleared)."""
    fnx, fny, fcell, pad, nx = shape
    n = len(idx)
    w = nx + 2  # a row of counts
    to_exit = np.empty(n)
    at = np.empty(n, np.int64)
    for k in range(n):
        ix, iy = cell_xy(pos[idx[k], 0], pos[idx[k], 1], fnx, fny, fcell, pad)
        to_exit[k] = exits_dist[iy * fnx + ix]
        cx, cy = ix >> 1, iy >> 1
        cells[k] = cy * nx + cx
        at[k] = (cy + 1) * w + cx + 1
        counts[at[k]] += 1.0
    rho = np.empty(n)
    for k in range(n):
        c = at[k]
        total = counts[c - w - 1] + counts[c - w] + counts[c - w + 1]
        total += counts[c - 1] + counts[c] + counts[c + 1]
        total += counts[c + w - 1] + counts[c + w] + counts[c + w + 1]
        rho[k] = total / area[cells[k]]
    for k in range(n):
        counts[at[k]] = 0.0
    return rho, to_exit


@dataclass
class CrowdMeter:
    """Running totals behind the crowd KPIs."""

    status_s: np.ndarray = field(default_factory=lambda: np.zeros(3))
    worst: Status = Status.HIJAU
    left_hijau_at: float | None = None
    restored_after_s: float | None = None
    peak_density: float = 0.0
    peak_t: float = 0.0
    peak_grid: np.ndarray | None = None
    person_s_above: float = 0.0
    exit_person_s_above: float = 0.0
    peak_exit_density: float = 0.0
    peak_size: int = 0
    arrests: int = 0
    injured_civilians: int = 0
    injured_crush: int = 0
    injured_force: int = 0
    injured_clash: int = 0
    injured_officers: int = 0
    damage_events: int = 0
    line_breaches: int = 0
    seizures: int = 0
    seized_s: float = 0.0
    tyre_fires: int = 0

    def status_time(self, status: Status, t: float, dt: float) -> None:
        """Add ``dt`` seconds at ``status`` and track leaving and restoring hijau."""
        self.status_s[status] += dt
        self.worst = max(self.worst, status)
        if status > Status.HIJAU and self.left_hijau_at is None:
            self.left_hijau_at = t
        if status == Status.HIJAU and self.left_hijau_at is not None:
            self.restored_after_s = t - self.left_hijau_at
            self.left_hijau_at = None

    def density(
        self,
        t: float,
        dt: float,
        summary: tuple[float, float, float, float],
        grid: Callable[[], np.ndarray],
    ) -> None:
        """Add one density sample, given its ``summary`` (:func:`_density_sample` of everyone's
        local density and walking distance to the nearest exit); ``grid`` gives the full
        grid, asked for only at a new peak."""
        above, exit_above, exit_top, top = summary
        self.person_s_above += above * dt
        self.exit_person_s_above += exit_above * dt
        self.peak_exit_density = max(self.peak_exit_density, exit_top)
        if top > self.peak_density:
            self.peak_density, self.peak_t, self.peak_grid = top, t, grid()

    def kpis(self, end_t: float) -> dict[str, float]:
        """The flat KPI dictionary (names without the component prefix)."""
        unresolved = self.left_hijau_at is not None
        restore = (end_t - self.left_hijau_at) if unresolved else (self.restored_after_s or 0.0)
        return {
            "time_hijau_min": self.status_s[Status.HIJAU] / 60,
            "time_kuning_min": self.status_s[Status.KUNING] / 60,
            "time_merah_min": self.status_s[Status.MERAH] / 60,
            "worst_status": float(self.worst),
            "time_to_restore_hijau_min": restore / 60,
            "hijau_restored": 0.0 if unresolved else 1.0,
            "peak_density_ppm2": self.peak_density,
            "person_s_above_5ppm2": self.person_s_above,
            "exit_crush_person_s": self.exit_person_s_above,
            "peak_exit_density_ppm2": self.peak_exit_density,
            "injured_civilians": float(self.injured_civilians),
            "injured_crush": float(self.injured_crush),
            "injured_force": float(self.injured_force),
            "injured_clash": float(self.injured_clash),
            "injured_officers": float(self.injured_officers),
            "arrests": float(self.arrests),
            "property_damage_events": float(self.damage_events),
            "peak_crowd_size": float(self.peak_size),
            "line_breaches": float(self.line_breaches),
            "building_seized": float(self.seizures > 0),
            "seized_min": self.seized_s / 60,
            "tyre_fires": float(self.tyre_fires),
        }


@numba.njit(cache=True)
def _density_sample(rho: np.ndarray, to_exit: np.ndarray) -> tuple[float, float, float, float]:
    """(people above ``LOS_F``, of them within ``EXIT_ZONE_M`` of an exit, the highest density
    there (0 if nobody is), the highest density) in one pass instead of six numpy calls."""
    above = exit_above = 0.0
    exit_top = 0.0
    top = rho[0]
    for k in range(len(rho)):
        near = to_exit[k] <= EXIT_ZONE_M
        if rho[k] > LOS_F:
            above += 1.0
            exit_above += near
        if near:
            exit_top = max(exit_top, rho[k])
        top = max(top, rho[k])
    return above, exit_above, exit_top, top


#: Every crowd KPI: name | unit | better | English | Indonesian.
