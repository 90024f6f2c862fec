"""Intent: the direction each present person wants to walk, from their state.

Calm people walk the route field to the gathering point and stop once they reach the depth
at which the crowd stands; active and violent people press on to the focal point itself;
fleeing and leaving people follow the route field to the nearest exit. The lookups are one
compiled loop over people because, as numpy fancy indexing, they cost as much as a
third of the walking step.
"""

from __future__ import annotations

import numpy as np

from agents.state import State
from simulation.crowd.venue import PAD_M, Floor, cell_index
from simulation.geography.jit import numba


def desired_directions(
    floor: Floor,
    pos: np.ndarray,
    state: np.ndarray,
    leaving: np.ndarray,
    focal: tuple[float, float],
    stand_reach: float,
) -> np.ndarray:
    """Unit desired direction (n, 2) of each person; zero for those standing still.

    ``stand_reach`` is the walking distance from the gathering point within which calm
    people stop (the depth the present crowd fills at its standing density).
    """
    gather_dist, gather_dir = floor.fields["gathering"]
    out = np.empty((len(pos), 2))
    _desired(
        np.ascontiguousarray(pos[:, 0]),
        np.ascontiguousarray(pos[:, 1]),
        state,
        leaving,
        (floor.nx, floor.ny),
        (floor.cell, PAD_M, float(focal[0]), float(focal[1]), stand_reach),
        gather_dist,
        gather_dir,
        floor.fields["exits"][1],
        out[:, 0],
        out[:, 1],
    )
    return out


@numba.njit(cache=True)
def _desired(
    x: np.ndarray,
    y: np.ndarray,
    state: np.ndarray,
    leaving: np.ndarray,
    shape: tuple,
    geometry: tuple,
    gather_dist: np.ndarray,
    gather_dir: np.ndarray,
    exits_dir: np.ndarray,
    out_x: np.ndarray,
    out_y: np.ndarray,
) -> None:
    for a in range(len(x)):
        out_x[a], out_y[a] = _want(
            x[a], y[a], state[a], leaving[a], shape, geometry, gather_dist, gather_dir, exits_dir
        )


@numba.njit(cache=True, inline="always")
def _want(
    x: float,
    y: float,
    state: int,
    leaving: bool,
    shape: tuple,
    geometry: tuple,
    gather_dist: np.ndarray,
    gather_dir: np.ndarray,
    exits_dir: np.ndarray,
) -> tuple[float, float]:
    """The desired direction of one person at (x, y) (:func:`desired_directions`)."""
    nx, ny = shape
    cell, pad, fx, fy, reach = geometry
    c = cell_index(x, y, nx, ny, cell, pad)
    if state == State.FLEEING or leaving:
        return exits_dir[c, 0], exits_dir[c, 1]
    if state == State.CALM and gather_dist[c] <= reach:
        return 0.0, 0.0
    if gather_dist[c] == 0:  # inside the gathering area: straight at the focal point
        dx, dy = fx - x, fy - y
        d = max(np.hypot(dx, dy), 1e-9)
        return dx / d, dy / d
    return gather_dir[c, 0], gather_dir[c, 1]


@numba.njit(cache=True)
def gather_walkers(
    idx: np.ndarray,
    pos: np.ndarray,
    state: np.ndarray,
    leaving: np.ndarray,
    v0: np.ndarray,
    pushing: np.ndarray,
    shape: tuple,
    geometry: tuple,
    flee: tuple,
    gather_dist: np.ndarray,
    gather_dir: np.ndarray,
    exits_dir: np.ndarray,
    out: tuple,
) -> None:
    """The people ``idx`` of the whole crowd's arrays, ready to walk, in one compiled pass, as
    :func:`simulation.crowd.walking.step_kernel` takes them, written into ``out``: x and y
    (the walkers first; the obstacles after them are left as they are), desired directions
    (x and y, as :func:`desired_directions`; ``geometry`` is the floor's cell size, its pad,
    the focal point and the standing reach), free speeds (those fleeing sped up by ``flee``
    = (factor, cap)) and who pushes."""
    x, y, want_x, want_y, out_v0, push = out
    factor, cap = flee
    for a in range(len(idx)):
        k = idx[a]
        x[a], y[a], push[a] = pos[k, 0], pos[k, 1], pushing[k]
        want_x[a], want_y[a] = _want(
            x[a], y[a], state[k], leaving[k], shape, geometry, gather_dist, gather_dir, exits_dir
        )
        fast = v0[k] * factor
        out_v0[a] = (fast if fast < cap else cap) if state[k] == State.FLEEING else v0[k]
