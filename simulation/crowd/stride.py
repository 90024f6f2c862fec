"""A stride: one walking step of a crowd scene's people, in two compiled calls.

Why: a walking step is a handful of passes (who is present, their columns, the kernel, the
door gates, writing the positions back), each cheap, but called one by one from Python each
paid for its arguments and its fresh arrays: in ``demo_kpu_bangil`` the step took 122 and 230
microseconds at minutes 30 and 90, and takes 112 and 220 as two calls (1.05-1.1x). The two
calls make the same passes in the same order, so the same numbers bit for bit: the first
gathers the people present and counts those who want to move; numpy draws their random turns
from the scene's generator between the two (where
:func:`simulation.crowd.walking.walk_columns` draws them); the second walks them, gates the
doors and writes back.
"""

from __future__ import annotations

import numpy as np

from agents.state import PRESENT, State
from simulation.crowd.doors import DoorGate, gate
from simulation.crowd.intent import gather_walkers
from simulation.crowd.venue import PAD_M, Floor
from simulation.crowd.walking import WalkParams, count_movers, step_constants, step_kernel
from simulation.geography.jit import numba

FIRST, LAST = int(min(PRESENT)), int(max(PRESENT))
"""The codes of the states present in the venue (consecutive: :data:`agents.state.PRESENT`)."""


class Stride:
    """The walking step of one scene: its constants gathered once, two compiled calls a step.

    ``stand_dist`` holds the walking distances from the gathering point of the cells a calm
    crowd fills, in the order it fills them, ``per_cell`` people to a cell: calm people stop
    once within the distance the present crowd fills. ``flee`` is (speed factor, cap) of
    those fleeing.
    """

    def __init__(
        self,
        floor: Floor,
        params: WalkParams,
        doors: DoorGate,
        stand: tuple[np.ndarray, float],
        focal: tuple[float, float],
        flee: tuple[float, float],
    ) -> None:
        gather_dist, gather_dir = floor.fields["gathering"]
        self._ready = (
            (floor.nx, floor.ny),
            (floor.cell, PAD_M, float(focal[0]), float(focal[1])),
            np.ascontiguousarray(stand[0], float),
            float(stand[1]),
            (float(flee[0]), float(flee[1])),
            gather_dist,
            gather_dir,
            floor.fields["exits"][1],
        )
        self._walk = step_constants(floor, params)
        self._size = (float(floor.venue.width_m), float(floor.venue.height_m))
        self.noise = params.noise_rad
        self.doors = doors
        self._columns: tuple[np.ndarray, ...] = ()

    def __call__(
        self,
        people: tuple[np.ndarray, ...],
        obstacles: np.ndarray,
        rng: np.random.Generator,
    ) -> None:
        """Walk everyone present one step (in place). ``people`` are the whole crowd's
        (pos, state, leaving, v0, pushing); ``obstacles`` (k, 2) are bodies that never move
        (officers in line). Who steps out of the venue is gone."""
        pos, state = people[0], people[1]
        columns = self._room(len(state), len(obstacles))
        n, movers = _gather(people, obstacles, columns, *self._ready)
        if not n:
            return
        turn = rng.normal(0.0, self.noise, movers)
        k = len(obstacles)
        _walk(n, k, columns, turn, self._walk, self.doors.args, pos, state, self._size)

    def _room(self, people: int, obstacles: int) -> tuple[np.ndarray, ...]:
        """The columns the two calls share, kept from step to step (returning seven fresh
        arrays from compiled code to Python cost 5 microseconds a step): who (indices), x
        and y (then the obstacles), desired x and y, free speed and pushing, each long enough
        for everyone (and the obstacles)."""
        if not self._columns or len(self._columns[1]) < people + obstacles:
            size = people + obstacles
            self._columns = (
                np.empty(people, np.int64),
                np.empty(size),
                np.empty(size),
                *(np.empty(people) for _ in range(3)),
                np.empty(people, np.bool_),
            )
        return self._columns


@numba.njit(cache=True)
def present(state: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """The indices of the people whose state code is within ``lo``-``hi``, in one pass."""
    out = np.empty(len(state), np.int64)
    return out[: _present_into(state, lo, hi, out)]


@numba.njit(cache=True)
def _present_into(state: np.ndarray, lo: int, hi: int, out: np.ndarray) -> int:
    """:func:`present` written into ``out`` (as long as ``state``); returns how many."""
    n = 0
    for k in range(len(state)):
        out[n] = k
        n += (state[k] >= lo) & (state[k] <= hi)
    return n


@numba.njit(cache=True)
def _settle(
    idx: np.ndarray,
    new_x: np.ndarray,
    new_y: np.ndarray,
    pos: np.ndarray,
    state: np.ndarray,
    w: float,
    h: float,
) -> None:
    """Write the walkers' new positions back; those outside the venue rectangle are gone."""
    for a in range(len(idx)):
        k = idx[a]
        x, y = new_x[a], new_y[a]
        pos[k, 0], pos[k, 1] = x, y
        if x < 0 or x > w or y < 0 or y > h:
            state[k] = State.GONE


@numba.njit(cache=True)
def _gather(
    people: tuple,
    obstacles: np.ndarray,
    columns: tuple,
    shape: tuple,
    geometry: tuple,
    stand_dist: np.ndarray,
    per_cell: float,
    flee: tuple,
    gather_dist: np.ndarray,
    gather_dir: np.ndarray,
    exits_dir: np.ndarray,
) -> tuple[int, int]:
    """Who is present and their columns for the kernel (the obstacles after the walkers in
    x and y), written into ``columns``; returns how many are present and how many of them
    want to move."""
    pos, state, leaving, v0, pushing = people
    who, x, y, want_x, want_y, out_v0, push = columns
    n, k = _present_into(state, FIRST, LAST, who), len(obstacles)
    reach = stand_dist[min(int(np.ceil(n / per_cell)), len(stand_dist) - 1)] if n else 0.0
    for o in range(k):
        x[n + o], y[n + o] = obstacles[o, 0], obstacles[o, 1]
    cell, pad, fx, fy = geometry
    gather_walkers(
        who[:n],
        pos,
        state,
        leaving,
        v0,
        pushing,
        shape,
        (cell, pad, fx, fy, reach),
        flee,
        gather_dist,
        gather_dir,
        exits_dir,
        (x, y, want_x, want_y, out_v0, push),
    )
    return n, count_movers(want_x[:n], want_y[:n])


@numba.njit(cache=True)
def _walk(
    n: int,
    k: int,
    columns: tuple,
    turn: np.ndarray,
    walk: tuple,
    door: tuple,
    pos: np.ndarray,
    state: np.ndarray,
    size: tuple,
) -> None:
    """The kernel's step of the ``n`` walkers among ``k`` obstacles, the door gates, then
    the new positions written back."""
    who, x, y, want_x, want_y, v0, push = columns
    x, y = x[: n + k], y[: n + k]
    new_x, new_y = np.empty(n), np.empty(n)
    step_kernel(x, y, want_x[:n], want_y[:n], v0[:n], push[:n], turn, *walk, new_x, new_y)
    gate(x[:n], y[:n], new_x, new_y, *door)
    _settle(who[:n], new_x, new_y, pos, state, size[0], size[1])
