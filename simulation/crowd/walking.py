"""Walking: a vectorised collision-free speed model calibrated to Weidmann.

The model is Tordeux, Chraibi & Seyfried's collision-free speed model (CSM, Phys. Rev. E 2016),
the default model of JuPedSim: each person's *direction* is their desired direction plus
exponential repulsion from neighbours and walls, and their *speed* is a function of the
distance to the nearest person ahead (the headway) only. CSM's linear speed-headway rule is
replaced by Weidmann's speed-density relation written in headway, ``rho = k / s^2``, so the
emergent fundamental diagram follows Weidmann (checked in tests/test_crowd_walking.py).
People who push (fleeing from tear gas) accept a closer jam spacing, so a panicking crowd
compresses beyond the 5.4 persons/m^2 of normal walking, as at Kanjuruhan.

A step is one compiled kernel (numba): people are counting-sorted into a uniform cell list,
the pairs closer than the cutoff are collected once, and every later pass (repulsion, headway,
keeping a body's gap) runs over that pair list without numpy temporaries. Pairs are visited in
cell order, so one seed fixes every step bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.crowd.doors import DoorGate
from simulation.crowd.venue import PAD_M, WEIDMANN_RHO_MAX, Floor, cell_index
from simulation.crowd.weidmann import WEIDMANN_GAMMA
from simulation.crowd.weidmann import WEIDMANN_V0 as WEIDMANN_V0  # re-exported
from simulation.crowd.weidmann import weidmann_speed as weidmann_speed  # re-exported
from simulation.geography.jit import numba


@dataclass(frozen=True)
class WalkParams:
    """Walking constants; defaults are calibrated in tests/test_crowd_walking.py."""

    dt_s: float = 0.25
    body_m: float = 0.4  # body diameter (CSM l)
    band_m: float = 0.4  # lateral half-width of the band that counts as "in front"
    headway_k: float = 0.75  # 1/rho = k * s^e relates headway to Weidmann density
    headway_exp: float = 1.5
    push_rho_max: float = 9.0  # jam density (p/m^2) people accept when pushing to flee
    repulsion: float = 2.0  # CSM 'a' for neighbours
    repulsion_range_m: float = 0.1  # CSM 'D'
    wall_repulsion: float = 1.0
    wall_range_m: float = 0.05
    cutoff_m: float = 1.5  # neighbours farther than this do not interact
    noise_rad: float = 0.15  # spread of the random turn of each step's direction
    gap_m: float = 0.42  # closest two walking people come (centre to centre)
    push_gap_m: float = 0.3  # ... when both push to flee (compressed bodies)


def neighbour_pairs(
    x: np.ndarray, y: np.ndarray, radius: float, period_x: float | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All unordered pairs closer than ``radius``: (i, j, dx, dy) with d = position j - i.

    ``period_x`` wraps the x axis (used for the periodic validation corridor).
    """
    if len(x) < 2:
        empty = np.empty(0, np.int64)
        return empty, empty, np.empty(0), np.empty(0)
    x, y = np.ascontiguousarray(x, float), np.ascontiguousarray(y, float)
    return _pairs(x, y, radius, _period(period_x, radius))


def _period(period_x: float | None, radius: float) -> float:
    """The x period for the kernels (0 = none), checked to hold a full cell stencil."""
    if not period_x:
        return 0.0
    if period_x < (2 * REACH + 1) * radius / REACH:
        raise ValueError(f"a periodic width of {period_x} m is too short for a {radius} m cutoff")
    return float(period_x)


#: Cells are 1/REACH of the cutoff wide and each person looks REACH cells around: smaller
#: cells examine fewer candidates (7 m^2 instead of 11 m^2 for a half disc of 3.5 m^2).
REACH = 2


@numba.njit(cache=True)
def _cells(
    x: np.ndarray, y: np.ndarray, radius: float, period: float
) -> tuple[tuple, np.ndarray, np.ndarray]:
    """Counting sort into square cells (row by row) of at least ``radius / REACH``.

    Returns the cells as the pair searches read them (positions in cell order, the cell
    column and row of each, each cell's first slot and count, the grid's width and height
    in cells), who is in each slot (``order``) and each person's slot (``slot_of``): the
    sort is stable, so people of one cell keep their order.

    The grid spans everyone (some 10,000 cells for 2,000 people in demo_kpu_bangil), so it is
    passed over twice only: counted, then summed into each cell's end, which the placing (from
    the last person back) turns into its first slot.
    """
    n = len(x)
    side = radius / REACH
    x_lo, x_hi, y_lo, y_hi = x[0], x[0], y[0], y[0]
    for k in range(1, n):
        x_lo, x_hi = min(x_lo, x[k]), max(x_hi, x[k])
        y_lo, y_hi = min(y_lo, y[k]), max(y_hi, y[k])
    if period > 0:
        nx = int(period // side)
        width, x0 = period / nx, 0.0
    else:
        width, x0 = side, x_lo
        nx = int((x_hi - x0) / side) + 1
    ny = int((y_hi - y_lo) / side) + 1
    cx = np.empty(n, np.int64)
    cy = np.empty(n, np.int64)
    counts = np.zeros(nx * ny, np.int64)
    for k in range(n):
        cx[k] = min(int((x[k] - x0) / width), nx - 1)
        cy[k] = int((y[k] - y_lo) / side)
        counts[cy[k] * nx + cx[k]] += 1
    starts = np.empty(nx * ny, np.int64)
    total = 0
    for c in range(nx * ny):
        total += counts[c]
        starts[c] = total
    order, cxs, cys = np.empty(n, np.int64), np.empty(n, np.int64), np.empty(n, np.int64)
    xs, ys, slot_of = np.empty(n), np.empty(n), np.empty(n, np.int64)
    for k in range(n - 1, -1, -1):  # from the back: each cell keeps its people in order
        key = cy[k] * nx + cx[k]
        starts[key] -= 1
        slot = starts[key]
        order[slot], cxs[slot], cys[slot] = k, cx[k], cy[k]
        xs[slot], ys[slot], slot_of[k] = x[k], y[k], slot
    return (xs, ys, cxs, cys, starts, counts, nx, ny), order, slot_of


@numba.njit(cache=True)
def _pairs(
    x: np.ndarray, y: np.ndarray, radius: float, period: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pairs closer than ``radius`` as indices into ``x`` and ``y``."""
    cells, order, _ = _cells(x, y, radius, period)
    everyone = np.arange(len(x))
    i, j, dx, dy, _ = _sorted_pairs(cells, np.ones(len(x), np.bool_), everyone, radius, period)
    return order[i], order[j], dx, dy


@numba.njit(cache=True)
def _sorted_pairs(
    cells: tuple, moves: np.ndarray, movers: np.ndarray, radius: float, period: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pairs closer than ``radius``, at least one of whose bodies ``moves`` (in cell order;
    ``movers`` lists them), as indices in cell order with their offsets (second minus first)
    and distances (at least 1e-6 m, so a direction can be divided by it).

    The search writes only the second index of each candidate (a narrow write per candidate
    is what it costs); the offsets are then computed for the pairs kept. One search unless
    the first guess of their number (5.4 persons/m^2 throughout the cutoff disc) was short.
    """
    xs, ys = cells[0], cells[1]
    n = len(xs)
    if period == 0 and 4 * len(movers) < n:  # mostly standing: search around movers only
        return _mover_pairs(cells, moves, movers, radius)
    size = max(1024, int(2.7 * np.pi * radius * radius) * n)
    first = np.empty(n + 1, np.int64)
    while True:
        bi = np.empty(size, np.int64)
        total = _fill_pairs(cells, moves, radius, period, bi, first)
        if total <= size:
            break
        size = total
    ai, dxs, dys, dist = _pair_columns(total)
    for r in range(n):
        for k in range(first[r], first[r + 1]):
            s = bi[k]
            dx = xs[s] - xs[r]
            if period > 0:
                dx -= period * np.round(dx / period)
            dy = ys[s] - ys[r]
            ai[k], dxs[k], dys[k] = r, dx, dy
            dist[k] = max(np.sqrt(dx * dx + dy * dy), 1e-6)
    return ai, bi[:total], dxs, dys, dist


@numba.njit(cache=True)
def _pair_columns(total: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Room for ``total`` pairs: first body, offsets in x and y, distance."""
    return np.empty(total, np.int64), np.empty(total), np.empty(total), np.empty(total)


@numba.njit(cache=True)
def _mover_pairs(
    cells: tuple, moves: np.ndarray, movers: np.ndarray, radius: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of :func:`_sorted_pairs`, in the same order, found from the ``movers``
    only: each looks at all cells within REACH around its own, keeps the people closer than
    ``radius`` (a mover before it in cell order finds their pair itself), and the pairs are
    then counting-sorted by their first body, their offsets and distances written as each
    is placed. Work grows with the people who move, not with the crowd standing still
    around them. Not for a periodic axis (there a wrapped pair's first body may be the later
    one in cell order).
    """
    xs, ys, cx, cy, starts, counts, nx, ny = cells
    n = len(xs)
    r2 = radius * radius
    size = max(1024, int(5.4 * np.pi * r2) * len(movers))
    while True:
        lo_of, hi_of = np.empty(size, np.int64), np.empty(size, np.int64)
        total = 0
        for r in movers:
            lo_x, hi_x = max(cx[r] - REACH, 0), min(cx[r] + REACH, nx - 1)
            for jy in range(max(cy[r] - REACH, 0), min(cy[r] + REACH, ny - 1) + 1):
                for s in range(
                    starts[jy * nx + lo_x], starts[jy * nx + hi_x] + counts[jy * nx + hi_x]
                ):
                    dx = xs[s] - xs[r]
                    dy = ys[s] - ys[r]
                    if total < size:  # written always, kept if close, as in _fill_pairs
                        lo_of[total], hi_of[total] = min(r, s), max(r, s)
                    total += (dx * dx + dy * dy < r2) & (s != r) & ((s > r) | ~moves[s])
        if total <= size:
            break
        size = total
    slot = np.zeros(n, np.int64)  # how many pairs each body comes first in, then where next
    for k in range(total):
        slot[lo_of[k]] += 1
    start = 0
    for r in range(n):
        start, slot[r] = start + slot[r], start
    ai, dxs, dys, dist = _pair_columns(total)
    bi = np.empty(total, np.int64)
    for k in range(total):  # stable: each body's partners stay in ascending order
        r, s = lo_of[k], hi_of[k]
        at = slot[r]
        slot[r] += 1
        dx, dy = xs[s] - xs[r], ys[s] - ys[r]
        ai[at], bi[at], dxs[at], dys[at] = r, s, dx, dy
        dist[at] = max(np.sqrt(dx * dx + dy * dy), 1e-6)
    return ai, bi, dxs, dys, dist


@numba.njit(cache=True)
def _fill_pairs(
    cells: tuple,
    moves: np.ndarray,
    radius: float,
    period: float,
    bi: np.ndarray,
    first: np.ndarray,
) -> int:
    """Write the second body of each pair into ``bi`` while it fits, and where each body's
    pairs start into ``first``; return how many pairs there are.

    Each person looks at the later people of their own row of cells (up to REACH columns
    on) and at the REACH rows above (REACH columns either side), so each pair appears once.
    Cells are stored row by row, so each such run of cells is one contiguous slice; on a
    periodic x axis the run is split where it wraps. A pair of two bodies that cannot move
    (people standing still, police in line) changes nothing and is left out.
    """
    xs, ys, cx, cy, starts, counts, nx, ny = cells
    r2 = radius * radius
    size = len(bi)
    total = 0
    for r in range(len(xs)):
        first[r] = total
        for row in range(REACH + 1):
            jy = cy[r] + row
            if jy >= ny:
                break
            lo_x = cx[r] if row == 0 else cx[r] - REACH
            hi_x = cx[r] + REACH
            if period == 0:
                lo_x, hi_x = max(lo_x, 0), min(hi_x, nx - 1)
            for part in range(2):  # the run, and its wrapped remainder on a periodic axis
                a, b = lo_x, hi_x
                if part == 0:
                    a, b = max(a, 0), min(b, nx - 1)
                elif lo_x < 0:
                    a, b = lo_x + nx, nx - 1
                elif hi_x >= nx:
                    a, b = 0, hi_x - nx
                else:
                    break
                lo = starts[jy * nx + a]
                if row == 0 and part == 0:
                    lo = r + 1
                hi = starts[jy * nx + b] + counts[jy * nx + b]
                for s in range(lo, hi):
                    dx = xs[s] - xs[r]
                    dy = ys[s] - ys[r]
                    if period > 0:
                        dx -= period * np.round(dx / period)
                    if total < size:  # written always, kept if close: no branch to mispredict
                        bi[total] = s
                    total += (dx * dx + dy * dy < r2) & (moves[r] | moves[s])
    first[len(xs)] = total
    return total


def walk(
    pos: np.ndarray,
    desired: np.ndarray,
    v0: np.ndarray,
    pushing: np.ndarray,
    floor: Floor | None,
    params: WalkParams,
    obstacles: np.ndarray | None = None,
    period_x: float | None = None,
    rng: np.random.Generator | None = None,
    doors: DoorGate | None = None,
) -> np.ndarray:
    """Move everyone one step in place; returns each person's speed (m/s).

    ``desired`` holds unit desired directions (zero = stand still), ``v0`` free speeds,
    ``pushing`` marks people who accept the closer jam spacing. ``obstacles`` are immovable
    bodies (police in a formation line) that block and repel but never move. With ``rng``
    each walker's direction gets a small random turn (``params.noise_rad``; one draw per
    person who wants to move, in their order, none for those standing), which breaks the
    symmetric standoffs a deterministic model can lock into at a doorway. ``doors`` holds
    back whoever would step out through an exit beyond its flow (simulation/crowd/doors.py).
    """
    if len(pos) == 0:
        return np.zeros(0)
    x_all, y_all = [pos[:, 0]], [pos[:, 1]]
    if obstacles is not None and len(obstacles):
        x_all.append(obstacles[:, 0])
        y_all.append(obstacles[:, 1])
    new_x, new_y, speed = walk_columns(
        np.concatenate(x_all),
        np.concatenate(y_all),
        np.ascontiguousarray(desired[:, 0]),
        np.ascontiguousarray(desired[:, 1]),
        np.ascontiguousarray(v0, float),
        np.ascontiguousarray(pushing, bool),
        floor,
        params,
        period_x,
        rng,
        doors,
    )
    pos[:, 0] = new_x
    pos[:, 1] = new_y
    return speed


def walk_columns(
    x: np.ndarray,
    y: np.ndarray,
    want_x: np.ndarray,
    want_y: np.ndarray,
    v0: np.ndarray,
    pushing: np.ndarray,
    floor: Floor | None,
    params: WalkParams,
    period_x: float | None = None,
    rng: np.random.Generator | None = None,
    doors: DoorGate | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`walk` on contiguous columns: ``x`` and ``y`` hold the ``len(want_x)`` walkers,
    then the obstacles. Returns the walkers' new x, new y and speed; nothing is changed in
    place (but the door gates' tokens). A crowd scene makes the same step in two compiled
    calls (:mod:`simulation.crowd.stride`)."""
    n = len(want_x)
    turn = (
        rng.normal(0.0, params.noise_rad, count_movers(want_x, want_y))
        if rng is not None
        else np.empty(0)
    )
    new_x, new_y = np.empty(n), np.empty(n)
    speed = step_kernel(
        x,
        y,
        want_x,
        want_y,
        v0,
        pushing,
        turn,
        *step_constants(floor, params, period_x),
        new_x,
        new_y,
    )
    if doors is not None:
        doors.hold(x[:n], y[:n], new_x, new_y)
    return new_x, new_y, speed


def step_constants(floor: Floor | None, params: WalkParams, period_x: float | None = None) -> tuple:
    """The arguments of the compiled step between the turns and the outputs, the same every
    step of a scene: the floor's grid and masks (empty without a floor), and the parameters."""
    p = params
    if floor is None:
        grid = (0, 0, 1.0, np.empty(0, np.float32), np.empty((0, 2), np.float32))
        masks = (np.empty(0, bool), np.empty(0, bool))
    else:
        grid = (floor.nx, floor.ny, floor.cell, floor.wall_dist, floor.wall_grad)
        masks = (floor.clear, floor.walkable.ravel())
    return (
        *grid,
        *masks,
        PAD_M,
        (p.dt_s, p.body_m, p.band_m, p.headway_k, p.headway_exp, p.push_rho_max),
        (p.repulsion, p.repulsion_range_m, p.wall_repulsion, p.wall_range_m),
        (p.cutoff_m, p.gap_m, p.push_gap_m, _period(period_x, p.cutoff_m)),
    )


@numba.njit(cache=True)
def count_movers(want_x: np.ndarray, want_y: np.ndarray) -> int:
    """How many people want to move (who stands needs no random turn)."""
    count = 0
    for o in range(len(want_x)):
        count += want_x[o] != 0 or want_y[o] != 0
    return count


@numba.njit(cache=True)
def step_kernel(
    x: np.ndarray,
    y: np.ndarray,
    want_x: np.ndarray,
    want_y: np.ndarray,
    v0: np.ndarray,
    pushing: np.ndarray,
    turn: np.ndarray,
    fnx: int,
    fny: int,
    fcell: float,
    wall_dist: np.ndarray,
    wall_grad: np.ndarray,
    clear: np.ndarray,
    walkable: np.ndarray,
    pad: float,
    walking: tuple,
    repulsion: tuple,
    spacing: tuple,
    new_x: np.ndarray,
    new_y: np.ndarray,
) -> np.ndarray:
    """One walking step of ``len(want_x)`` people; entries of ``x``/``y`` past them are
    immovable obstacles. Writes the new positions, returns the speeds.

    Everything runs in cell order (people sorted by cell, obstacles among them), so the
    two people of a pair sit close together in memory.
    """
    dt, body, band, head_k, head_exp, push_rho = walking
    rep, rep_range, wall_rep, wall_range = repulsion
    cutoff, period = spacing[0], spacing[3]
    n = len(want_x)
    cells, order, slot_of = _cells(x, y, cutoff, period)
    xs, ys = cells[0], cells[1]
    m = len(x)
    # Each body's desired direction, which repulsion then turns (CSM eq. (3)); the
    # obstacles' stays zero.
    ex, ey = np.zeros(m), np.zeros(m)
    mobile, push = np.zeros(m, np.bool_), np.zeros(m, np.bool_)
    # People with no desired direction stand still whatever their neighbours do, like the
    # obstacles: only pairs with someone who wants to move (``moves``) are needed. Each
    # mover turns by the next random draw, in crowd order (``draw``, by cell slot).
    moves = np.zeros(m, np.bool_)
    draw = np.empty(m, np.int64)
    drawn = 0
    for o in range(n):  # in crowd order, written to each one's slot in cell order
        r = slot_of[o]
        mobile[r], push[r] = True, pushing[o]
        if want_x[o] != 0 or want_y[o] != 0:
            ex[r], ey[r], moves[r], draw[r] = want_x[o], want_y[o], True, drawn
            drawn += 1
    movers = np.empty(drawn + 1, np.int64)  # the movers in cell order (one slot spare)
    count = 0
    for r in range(m):
        movers[count] = r
        count += moves[r]
    movers = movers[:count]
    i, j, pdx, pdy, dist = _sorted_pairs(cells, moves, movers, cutoff, period)

    # Direction: desired + repulsion from neighbours (and walls), CSM eq. (3). Beyond six
    # repulsion ranges past contact the term is below 1 % of the desired direction: skipped.
    # (The other pair loops avoid data-dependent branches: a mispredicted branch per pair
    # costs more than the arithmetic it would skip; here it skips an exponential.)
    reach = body + 6 * rep_range
    for k in range(len(i)):
        d = dist[k]
        if d >= reach:
            continue
        s = rep * np.exp((body - d) / rep_range) / d
        px, py = pdx[k] * s, pdy[k] * s  # from i towards j
        ex[i[k]] -= px
        ey[i[k]] -= py
        ex[j[k]] += px
        ey[j[k]] += py
    # The direction of someone standing is never read (their headway and step are not
    # computed; in a pair that closes too far, the one who walks yields either way): walls
    # and the random turn are for those who move.
    old_cell = np.empty(m, np.int64)  # both read only for movers, and written for each below
    moving = np.empty(m, np.bool_)
    for r in movers:
        if fnx > 0:
            c = cell_index(xs[r], ys[r], fnx, fny, fcell, pad)
            old_cell[r] = c
            ws = wall_rep * np.exp((body / 2 - wall_dist[c]) / wall_range)
            ex[r] += ws * wall_grad[c, 0]
            ey[r] += ws * wall_grad[c, 1]
        if len(turn):
            t = turn[draw[r]]
            c_, s_ = np.cos(t), np.sin(t)
            ex[r], ey[r] = c_ * ex[r] - s_ * ey[r], s_ * ex[r] + c_ * ey[r]
        norm = np.hypot(ex[r], ey[r])
        moving[r] = norm > 1e-9
        if moving[r]:
            ex[r] /= norm
            ey[r] /= norm

    # Headway: nearest body ahead within a shoulder-wide band, CSM eq. (2), both directions.
    headway = np.full(m, np.inf)
    for k in range(len(i)):
        a, b, sx, sy, d = i[k], j[k], pdx[k], pdy[k], dist[k]
        ahead = (ex[a] * sx + ey[a] * sy > 0) & (abs(ex[a] * sy - ey[a] * sx) < band)
        headway[a] = min(headway[a], d if ahead else np.inf)
        ahead = (ex[b] * sx + ey[b] * sy < 0) & (abs(ex[b] * sy - ey[b] * sx) < band)
        headway[b] = min(headway[b], d if ahead else np.inf)
    speed = np.zeros(m)
    nxs, nys = xs.copy(), ys.copy()
    for r in movers:
        if moving[r]:
            rho_jam = push_rho if push[r] else WEIDMANN_RHO_MAX
            inv_rho = head_k * headway[r] ** head_exp
            free = v0[order[r]]
            v = free * (1 - np.exp(-WEIDMANN_GAMMA * (inv_rho - 1 / rho_jam)))
            speed[r] = min(max(v, 0.0), free)
            nxs[r] += speed[r] * ex[r] * dt
            nys[r] += speed[r] * ey[r] * dt

    _keep_apart(i, j, pdx, pdy, dist, xs, ys, ex, ey, speed * dt, mobile, push, spacing, nxs, nys)
    # Who stands stays where they stand (wrapped onto a periodic axis): only the movers'
    # steps are read back from the columns in cell order.
    out = np.zeros(n)
    new_x[:], new_y[:] = x[:n], y[:n]
    if period > 0:
        for o in range(n):
            new_x[o] -= period * np.floor(new_x[o] / period)
    for r in movers:
        if period > 0:
            nxs[r] -= period * np.floor(nxs[r] / period)
        if fnx > 0:
            c = cell_index(nxs[r], nys[r], fnx, fny, fcell, pad)
            if not clear[c]:  # rare: only steps that end near a wall
                _slide_along_walls(
                    r,
                    xs,
                    ys,
                    old_cell[r],
                    nxs,
                    nys,
                    fnx,
                    fny,
                    fcell,
                    pad,
                    wall_dist,
                    clear,
                    walkable,
                )
        o = order[r]
        new_x[o], new_y[o], out[o] = nxs[r], nys[r], speed[r]
    return out


@numba.njit(cache=True)
def _keep_apart(
    i: np.ndarray,
    j: np.ndarray,
    ox: np.ndarray,
    oy: np.ndarray,
    dist: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    ex: np.ndarray,
    ey: np.ndarray,
    reach: np.ndarray,
    mobile: np.ndarray,
    pushing: np.ndarray,
    spacing: tuple,
    new_x: np.ndarray,
    new_y: np.ndarray,
) -> None:
    """Cancel steps that would bring two people closer than the minimum gap.

    The headway rule only looks ahead; people converging from the side would otherwise
    overlap. The gap is a body width, narrower for people pushing their way out. Only the
    person behind yields (the one in front walks on, which keeps doorways from deadlocking);
    a few rounds catch the steps that a yield leaves still closing. Each round decides on
    the positions it starts from, so the outcome does not depend on the order of the pairs.
    """
    _, gap, push_gap, period = spacing
    # Only pairs whose two steps together could close the gap need checking.
    close = np.empty(len(i), np.int64)
    m = 0
    for k in range(len(i)):
        close[m] = k
        m += dist[k] < gap + reach[i[k]] + reach[j[k]]
    stops = np.empty(m, np.int64)
    todo = close[:m].copy()  # the pairs to check this round
    left = m
    cancelled = np.zeros(len(x), np.bool_)
    for _ in range(3):
        bad = 0
        for c in range(left):
            k = todo[c]
            a, b = i[k], j[k]
            g = push_gap if pushing[a] and pushing[b] else gap
            dx, dy = new_x[b] - new_x[a], new_y[b] - new_y[a]
            if period > 0:
                dx -= period * np.round(dx / period)
            after = dx * dx + dy * dy
            if after >= g * g or after >= ox[k] * ox[k] + oy[k] * oy[k] - 1e-12:
                continue
            ea = ex[a] * ox[k] + ey[a] * oy[k] if mobile[a] else -np.inf
            eb = -ex[b] * ox[k] - ey[b] * oy[k] if mobile[b] else -np.inf
            stop, other = (a, b) if ea >= eb else (b, a)  # who sees the other more ahead yields
            # A person whose step was already cancelled cannot yield again: the other stops.
            if new_x[stop] == x[stop] and new_y[stop] == y[stop]:
                stop = other
            stops[bad] = stop
            bad += 1
        if bad == 0:
            return
        for s in stops[:bad]:
            if mobile[s]:
                new_x[s], new_y[s] = x[s], y[s]
                cancelled[s] = True
        # Only a pair with someone whose step was just cancelled can have changed: the
        # others were checked on the same positions and were fine.
        left = 0
        for c in range(m):
            k = close[c]
            todo[left] = k
            left += cancelled[i[k]] | cancelled[j[k]]
        for s in stops[:bad]:
            cancelled[s] = False


@numba.njit(cache=True)
def _slide_along_walls(
    a: int,
    x: np.ndarray,
    y: np.ndarray,
    old: int,
    new_x: np.ndarray,
    new_y: np.ndarray,
    nx: int,
    ny: int,
    cell: float,
    pad: float,
    wall_dist: np.ndarray,
    clear: np.ndarray,
    walkable: np.ndarray,
) -> None:
    """Where person ``a``'s step ends in a wall keep only its x or y part; else stay put.

    A step that ends too close to a wall is still allowed if it moves away from it, so
    nobody placed near a wall gets stuck there.
    """
    c = cell_index(new_x[a], new_y[a], nx, ny, cell, pad)
    if walkable[c] and (clear[c] or wall_dist[c] > wall_dist[old]):
        return
    if clear[cell_index(new_x[a], y[a], nx, ny, cell, pad)]:
        new_y[a] = y[a]
    elif clear[cell_index(x[a], new_y[a], nx, ny, cell, pad)]:
        new_x[a] = x[a]
    else:
        new_x[a], new_y[a] = x[a], y[a]
