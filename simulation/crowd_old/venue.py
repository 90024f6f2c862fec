"""The venue as the crowd walks it: the geometry from simulation.geography.venue, plus the
compiled cell lookup that walking and intent call per person (numba stays out of validation)."""

from __future__ import annotations

from simulation.geography.jit import numba
from simulation.geography.venue import (
    BODY_RADIUS_M,
    ON_BOUNDARY_TOL_M,
    OUTWARD,
    PAD_M,
    WEIDMANN_RHO_MAX,
    Exit,
    Floor,
    Obstacle,
    Venue,
    VenueError,
    scene_floor,
    venue_from_spec,
)

__all__ = [
    "BODY_RADIUS_M",
    "ON_BOUNDARY_TOL_M",
    "OUTWARD",
    "PAD_M",
    "WEIDMANN_RHO_MAX",
    "Exit",
    "Floor",
    "Obstacle",
    "Venue",
    "VenueError",
    "cell_index",
    "cell_xy",
    "scene_floor",
    "venue_from_spec",
]


@numba.njit(cache=True)
def cell_index(x: float, y: float, nx: int, ny: int, cell: float, pad: float) -> int:
    """Flat floor-grid index of one position, clipped to the grid (compiled code's
    Floor.cell_of)."""
    ix, iy = cell_xy(x, y, nx, ny, cell, pad)
    return iy * nx + ix


@numba.njit(cache=True)
def cell_xy(x: float, y: float, nx: int, ny: int, cell: float, pad: float) -> tuple[int, int]:
    """Column and row of :func:`cell_index`'s cell, for code that needs both (a division
    to split the flat index again costs as much as finding it)."""
    ix = min(max((x + pad) / cell, 0.0), nx - 1)
    iy = min(max((y + pad) / cell, 0.0), ny - 1)
    return int(ix), int(iy)
