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
    nx, ny = shape
    cell, pad, fx, fy, reach = geometry
    for a in range(len(x)):
        c = cell_index(x[a], y[a], nx, ny, cell, pad)
        if state[a] == State.FLEEING or leaving[a]:
            out_x[a], out_y[a] = exits_dir[c, 0], exits_dir[c, 1]
        elif state[a] == State.CALM and gather_dist[c] <= reach:
            out_x[a], out_y[a] = 0.0, 0.0
        elif gather_dist[c] == 0:  # inside the gathering area: straight at the focal point
            dx, dy = fx - x[a], fy - y[a]
            d = max(np.hypot(dx, dy), 1e-9)
            out_x[a], out_y[a] = dx / d, dy / d
        else:
            out_x[a], out_y[a] = gather_dir[c, 0], gather_dir[c, 1]


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
    n = len(idx)
    st, lv = np.empty(n, state.dtype), np.empty(n, np.bool_)
    factor, cap = flee
    for a in range(n):
        k = idx[a]
        x[a], y[a] = pos[k, 0], pos[k, 1]
        st[a], lv[a], push[a] = state[k], leaving[k], pushing[k]
        fast = v0[k] * factor
        out_v0[a] = (fast if fast < cap else cap) if state[k] == State.FLEEING else v0[k]
    _desired(
        x[:n], y[:n], st, lv, shape, geometry, gather_dist, gather_dir, exits_dir, want_x, want_y
    )
