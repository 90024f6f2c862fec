"""Walking: a vectorised collision-free speed model calibrated to Weidmann.

The model is Tordeux, Chraibi & Seyfried's collision-free speed model (CSM, Phys. Rev. E 2016),
the default model of JuPedSim: each person's *direction* is their desired direction plus
exponential repulsion from neighbours and walls, and their *speed* is a function of the
distance to the nearest person ahead (the headway) only. CSM's linear speed-headway rule is
replaced by Weidmann's speed-density relation written in headway, ``rho = k / s^2``, so the
emergent fundamental diagram follows Weidmann (checked in tests/test_crowd_walking.py).
People who push (fleeing from tear gas) accept a closer jam spacing, so a panicking crowd
compresses beyond the 5.4 persons/m^2 of normal walking, as at Kanjuruhan.

Neighbours come from a uniform cell list built with numpy sorting; every per-pair quantity is
one array operation, so a step costs a handful of passes over the pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np

from simulation.crowd.venue import WEIDMANN_RHO_MAX, Floor

#: Weidmann (1993) parameters: free speed (m/s) and shape (1/m^2); jam density in venue.py.
WEIDMANN_V0 = 1.34
WEIDMANN_GAMMA = 1.913


def weidmann_speed(rho: np.ndarray | float, v0: float = WEIDMANN_V0) -> np.ndarray:
    """Weidmann's walking speed (m/s) at density ``rho`` (persons/m^2)."""
    rho = np.maximum(np.asarray(rho, dtype=float), 1e-9)
    return np.maximum(0.0, v0 * (1 - np.exp(-WEIDMANN_GAMMA * (1 / rho - 1 / WEIDMANN_RHO_MAX))))


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

    A uniform cell list with cell side >= radius: people are sorted by cell and each cell is
    paired with itself and four of its eight neighbours, so each pair appears once.
    ``period_x`` wraps the x axis (used for the periodic validation corridor). The cells are
    numpy; the pair loop is a compiled kernel (``_cell_pairs``) because the candidate pairs
    as numpy temporaries cost two thirds of a walking step.
    """
    n = len(x)
    if n < 2:
        empty = np.empty(0, np.int64)
        return empty, empty, np.empty(0), np.empty(0)
    if period_x:
        nx = max(1, int(period_x // radius))
        cx = np.minimum((x / (period_x / nx)).astype(np.int64), nx - 1)
    else:
        cx = ((x - x.min()) / radius).astype(np.int64)
        nx = int(cx.max()) + 1
    cy = ((y - y.min()) / radius).astype(np.int64)
    ny = int(cy.max()) + 1
    key = cy * nx + cx
    order = np.argsort(key, kind="stable")
    counts = np.bincount(key, minlength=nx * ny)
    starts = np.cumsum(counts) - counts
    xs, ys = np.ascontiguousarray(x[order]), np.ascontiguousarray(y[order])
    return _cell_pairs(
        xs, ys, cx[order], cy[order], order, starts, counts, nx, ny, radius, period_x or 0.0
    )


@numba.njit(cache=True)
def _cell_pairs(
    xs: np.ndarray,
    ys: np.ndarray,
    cx: np.ndarray,
    cy: np.ndarray,
    order: np.ndarray,
    starts: np.ndarray,
    counts: np.ndarray,
    nx: int,
    ny: int,
    radius: float,
    period: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of people sorted by cell: one pass counts them, the second fills the arrays."""
    n = len(xs)
    r2 = radius * radius
    ndx = np.array([0, 1, -1, 0, 1])
    ndy = np.array([0, 0, 1, 1, 1])
    total = 0
    for fill in range(2):
        if fill:
            ai = np.empty(total, np.int64)
            bi = np.empty(total, np.int64)
            dxs = np.empty(total)
            dys = np.empty(total)
            total = 0
        for r in range(n):
            for k in range(5):
                jx, jy = cx[r] + ndx[k], cy[r] + ndy[k]
                if period > 0:
                    if nx < 3 and ndx[k] != 0:
                        continue  # too few columns to wrap without double counting
                    jx %= nx
                if jx < 0 or jx >= nx or jy < 0 or jy >= ny:
                    continue
                cell = jy * nx + jx
                lo = r + 1 if k == 0 else starts[cell]
                for s in range(lo, starts[cell] + counts[cell]):
                    dx = xs[s] - xs[r]
                    dy = ys[s] - ys[r]
                    if period > 0:
                        dx -= period * np.round(dx / period)
                    if dx * dx + dy * dy < r2:
                        if fill:
                            ai[total] = order[r]
                            bi[total] = order[s]
                            dxs[total] = dx
                            dys[total] = dy
                        total += 1
    return ai, bi, dxs, dys


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
) -> np.ndarray:
    """Move everyone one step in place; returns each person's speed (m/s).

    ``desired`` holds unit desired directions (zero = stand still), ``v0`` free speeds,
    ``pushing`` marks people who accept the closer jam spacing. ``obstacles`` are immovable
    bodies (police in a formation line) that block and repel but never move. With ``rng``
    each direction gets a small random turn (``params.noise_rad``), which breaks the
    symmetric standoffs a deterministic model can lock into at a doorway.
    """
    n = len(pos)
    p = params
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    if obstacles is not None and len(obstacles):
        x_all, y_all = np.concatenate([x, obstacles[:, 0]]), np.concatenate([y, obstacles[:, 1]])
    else:
        x_all, y_all = x, y
    i, j, dx, dy = neighbour_pairs(x_all, y_all, p.cutoff_m, period_x)
    dist = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-6)

    # Direction: desired + repulsion from neighbours (and walls), CSM eq. (3). Beyond six
    # repulsion ranges past contact the term is below 1 % of the desired direction: skipped.
    ex, ey = desired[:, 0].copy(), desired[:, 1].copy()
    _repel(i, j, dx, dy, dist, p.repulsion, p.body_m, p.repulsion_range_m, ex, ey)
    if floor is not None:
        cells = floor.cell_of(pos)
        wd = floor.wall_dist[cells]
        ws = p.wall_repulsion * np.exp((p.body_m / 2 - wd) / p.wall_range_m)
        ex += ws * floor.wall_grad[cells, 0]
        ey += ws * floor.wall_grad[cells, 1]
    if rng is not None:
        turn = rng.normal(0.0, p.noise_rad, n)
        c, s_ = np.cos(turn), np.sin(turn)
        ex, ey = c * ex - s_ * ey, s_ * ex + c * ey
    norm = np.hypot(ex, ey)
    moving = (desired[:, 0] != 0) | (desired[:, 1] != 0)
    moving &= norm > 1e-9
    norm[~moving] = 1.0
    ex, ey = ex / norm, ey / norm

    # Headway: nearest body ahead within a shoulder-wide band, CSM eq. (2), both directions.
    headway = np.full(n, np.inf)
    _nearest_ahead(i, j, dx, dy, dist, ex, ey, p.band_m, headway)

    rho_jam = np.where(pushing, p.push_rho_max, WEIDMANN_RHO_MAX)
    inv_rho = p.headway_k * headway**p.headway_exp
    speed = v0 * (1 - np.exp(-WEIDMANN_GAMMA * (inv_rho - 1 / rho_jam)))
    speed = np.where(moving, np.clip(speed, 0.0, v0), 0.0)

    nx_, ny_ = x + speed * ex * p.dt_s, y + speed * ey * p.dt_s
    # Only pairs whose two steps together could close the gap need checking.
    reach = np.zeros(len(x_all))
    reach[:n] = speed * p.dt_s
    close = np.flatnonzero(dist < p.gap_m + reach[i] + reach[j])
    _keep_apart(i[close], j[close], nx_, ny_, x_all, y_all, ex, ey, pushing, p, period_x)
    new = np.column_stack([nx_, ny_])
    if period_x:
        new[:, 0] %= period_x
    if floor is not None:
        _slide_along_walls(pos, new, floor)
    pos[:] = new
    return speed


@numba.njit(cache=True)
def _repel(
    i: np.ndarray,
    j: np.ndarray,
    dx: np.ndarray,
    dy: np.ndarray,
    dist: np.ndarray,
    strength: float,
    body: float,
    rng_m: float,
    ex: np.ndarray,
    ey: np.ndarray,
) -> None:
    """Add each pair's CSM repulsion to the directions of its two people.

    Indices at or past ``len(ex)`` are obstacles: they repel but are not pushed.
    """
    n = len(ex)
    for k in range(len(i)):
        d = dist[k]
        if d >= body + 6 * rng_m:
            continue
        s = strength * np.exp((body - d) / rng_m) / d
        px, py = dx[k] * s, dy[k] * s  # from i towards j
        if i[k] < n:
            ex[i[k]] -= px
            ey[i[k]] -= py
        if j[k] < n:
            ex[j[k]] += px
            ey[j[k]] += py


@numba.njit(cache=True)
def _nearest_ahead(
    i: np.ndarray,
    j: np.ndarray,
    dx: np.ndarray,
    dy: np.ndarray,
    dist: np.ndarray,
    ex: np.ndarray,
    ey: np.ndarray,
    band: float,
    headway: np.ndarray,
) -> None:
    """Lower each person's ``headway`` to the nearest body in their shoulder-wide band ahead."""
    n = len(ex)
    for k in range(len(i)):
        for a, sign in ((i[k], 1.0), (j[k], -1.0)):
            sx, sy = sign * dx[k], sign * dy[k]
            if a < n and ex[a] * sx + ey[a] * sy > 0 and abs(ex[a] * sy - ey[a] * sx) < band:
                headway[a] = min(headway[a], dist[k])


def _keep_apart(
    i: np.ndarray,
    j: np.ndarray,
    nx_: np.ndarray,
    ny_: np.ndarray,
    x_all: np.ndarray,
    y_all: np.ndarray,
    ex: np.ndarray,
    ey: np.ndarray,
    pushing: np.ndarray,
    p: WalkParams,
    period_x: float | None,
) -> None:
    """Cancel steps that would bring two people closer than the minimum gap.

    The headway rule only looks ahead; people converging from the side would otherwise
    overlap. The gap is a body width, narrower for people pushing their way out. Only the
    person behind yields (the one in front walks on, which keeps doorways from deadlocking);
    a few rounds catch the steps that a yield leaves still closing.
    """
    n = len(nx_)
    push = np.concatenate([pushing, np.zeros(len(x_all) - n, bool)])
    gap2 = np.where(push[i] & push[j], p.push_gap_m, p.gap_m) ** 2
    ox, oy = x_all[j] - x_all[i], y_all[j] - y_all[i]
    if period_x:
        ox -= period_x * np.round(ox / period_x)
    before = ox * ox + oy * oy
    for _ in range(3):
        xa, ya = np.concatenate([nx_, x_all[n:]]), np.concatenate([ny_, y_all[n:]])
        dx, dy = xa[j] - xa[i], ya[j] - ya[i]
        if period_x:
            dx -= period_x * np.round(dx / period_x)
        after = dx * dx + dy * dy
        bad = np.flatnonzero((after < gap2) & (after < before - 1e-12))
        if not len(bad):
            return
        a, b = i[bad], j[bad]
        ca, cb = np.minimum(a, n - 1), np.minimum(b, n - 1)
        ea = np.where(a < n, ex[ca] * ox[bad] + ey[ca] * oy[bad], -np.inf)
        eb = np.where(b < n, -ex[cb] * ox[bad] - ey[cb] * oy[bad], -np.inf)
        stop = np.where(ea >= eb, a, b)  # the one who sees the other more ahead yields
        # A person whose step was already cancelled cannot yield again: the other stops.
        moved = (nx_[np.minimum(stop, n - 1)] != x_all[np.minimum(stop, n - 1)]) | (
            ny_[np.minimum(stop, n - 1)] != y_all[np.minimum(stop, n - 1)]
        )
        stop = np.where(moved, stop, np.where(stop == a, b, a))
        stop = stop[stop < n]
        nx_[stop], ny_[stop] = x_all[stop], y_all[stop]


def _slide_along_walls(old: np.ndarray, new: np.ndarray, floor: Floor) -> None:
    """Where a step ends in a wall keep only its x or y part; else stay put.

    A step that ends too close to a wall is still allowed if it moves away from it, so
    nobody placed near a wall gets stuck there.
    """
    hit = floor.blocked(new)
    hit &= floor.wall_dist[floor.cell_of(new)] <= floor.wall_dist[floor.cell_of(old)]
    hit = np.flatnonzero(hit | ~floor.walkable.ravel()[floor.cell_of(new)])
    if not len(hit):
        return
    try_x = np.column_stack([new[hit, 0], old[hit, 1]])
    try_y = np.column_stack([old[hit, 0], new[hit, 1]])
    ok_x = ~floor.blocked(try_x)
    ok_y = ~floor.blocked(try_y) & ~ok_x
    stay = ~ok_x & ~ok_y
    new[hit[ok_x]] = try_x[ok_x]
    new[hit[ok_y]] = try_y[ok_y]
    new[hit[stay]] = old[hit[stay]]
