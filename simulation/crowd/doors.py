"""Doors: each exit passes at most its measured bottleneck flow, at its exact width.

Walking on a 0.25 m grid with a 0.2 m wall clearance resolves a door only to whole lanes
(0.8 m to 1.2 m all passed one file, 0.7 m nobody). So the walking grid opens every exit
wider than it is where no wall stands beside it (``opening_m`` in
simulation/geography/venue.py) and this gate sets the flow: a token bucket per exit fills
at ``SPECIFIC_FLOW x width`` persons per second and each person who steps out through the
exit spends one token; without one the step is taken back and the person queues at the door.
This is the flow-limited door of hydraulic egress models (SFPE Handbook, Gwynne & Rosenbaum;
Pathfinder's SFPE mode) inside an agent model, with the specific flow of the bottleneck
experiments: total flow linear in width, about 1.6-2.0 persons/(m s) (Seyfried et al. 2009;
Kretz et al. 2006, openings 0.4-1.6 m). Validated in benchmarks/validate_crowd.py and
tests/test_crowd_doors.py.
"""

from __future__ import annotations

import numpy as np

from simulation.crowd.venue import PAD_M, Floor
from simulation.geography.jit import numba

#: Persons per metre of door width per second: the middle of the experimental 1.6-2.0.
SPECIFIC_FLOW = 1.8


class DoorGate:
    """The token buckets of one floor's exits, refilled every walking step of ``dt_s``."""

    def __init__(self, floor: Floor, dt_s: float, specific_flow: float = SPECIFIC_FLOW) -> None:
        self.floor = floor
        widths = np.array([e.width_m for e in floor.venue.exits])
        self.per_step = specific_flow * widths * dt_s
        # A full bucket lets one person through at once, and a step's worth more: an exit
        # whose step refill exceeds one person still passes its whole flow.
        self.capacity = 1.0 + self.per_step
        self.tokens = self.capacity.copy()
        self._exit_of = np.ascontiguousarray(floor.exit_id.ravel())

    @property
    def args(self) -> tuple:
        """What the compiled :func:`gate` reads after the positions: the venue's size, the
        walking grid, each floor cell's exit, and the buckets (tokens, refill, capacity)."""
        f = self.floor
        size = (f.venue.width_m, f.venue.height_m)
        return (
            size,
            (f.nx, f.ny, f.cell, PAD_M),
            self._exit_of,
            self.tokens,
            self.per_step,
            self.capacity,
        )

    def hold(self, x: np.ndarray, y: np.ndarray, new_x: np.ndarray, new_y: np.ndarray) -> None:
        """Refill, then take back the steps out through an exit beyond its tokens (in place).

        Of several people crossing one exit in a step, those who got farthest out go first.
        """
        gate(x, y, new_x, new_y, *self.args)


@numba.njit(cache=True)
def gate(
    x: np.ndarray,
    y: np.ndarray,
    new_x: np.ndarray,
    new_y: np.ndarray,
    size: tuple,
    grid: tuple,
    exit_of: np.ndarray,
    tokens: np.ndarray,
    per_step: np.ndarray,
    capacity: np.ndarray,
) -> None:
    """:meth:`DoorGate.hold` as one compiled call (the crowd model's step calls it from its
    own compiled pass): refill every bucket by a step's flow, then hold back the steps out.
    Nobody crosses in most steps, so this is one loop."""
    for k in range(len(tokens)):
        tokens[k] = min(tokens[k] + per_step[k], capacity[k])
    w, h = size
    nx, ny, cell, pad = grid
    crossing, out_by, door = [], [], []
    for a in range(len(x)):
        nxa, nya = new_x[a], new_y[a]
        if 0 <= nxa <= w and 0 <= nya <= h:
            continue
        if not (0 <= x[a] <= w and 0 <= y[a] <= h):
            continue  # already outside before the step
        ix = min(max(int((nxa + pad) / cell), 0), nx - 1)
        iy = min(max(int((nya + pad) / cell), 0), ny - 1)
        k = exit_of[iy * nx + ix]
        if k < 0:
            continue
        crossing.append(a)
        out_by.append(max(-nxa, nxa - w, -nya, nya - h))
        door.append(k)
    if len(crossing) == 0:
        return
    first = np.argsort(-np.array(out_by), kind="mergesort")
    for c in first:
        a, k = crossing[c], door[c]
        if tokens[k] >= 1.0:
            tokens[k] -= 1.0
        else:
            new_x[a], new_y[a] = x[a], y[a]
