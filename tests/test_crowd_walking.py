"""Walking model against pedestrian science: Weidmann's fundamental diagram (door flow:
test_crowd_doors.py)."""

import numpy as np
import pytest

from simulation.crowd.venue import Exit, Floor, Venue
from simulation.crowd.walking import (
    WEIDMANN_GAMMA,
    WalkParams,
    _cells,
    _fill_pairs,
    _mover_pairs,
    neighbour_pairs,
    walk,
    weidmann_speed,
)
from simulation.scenario.crowd import VALIDATED_DT_S

#: Tolerance of the speed-density check, stated in docs/crowd.md.
FD_TOLERANCE_MPS = 0.10
FD_MEAN_TOLERANCE_MPS = 0.05


def corridor_speed(
    rho: float,
    seed: int = 1,
    length: float = 30.0,
    width: float = 4.0,
    dt_s: float = WalkParams.dt_s,
) -> float:
    """Mean walking speed at global density ``rho`` in a periodic corridor (x wraps), over
    62.5 s after a 37.5 s warm-up, walking with steps of ``dt_s``."""
    venue = Venue(
        length,
        width,
        (Exit("w", 0, width / 2, width), Exit("e", length, width / 2, width)),
        gathering=(1, 1),
    )
    floor = Floor.build(venue)
    rng = np.random.default_rng(seed)
    n = int(rho * length * width)
    cols = int(np.ceil(np.sqrt(n * length / width)))
    rows = int(np.ceil(n / cols))
    gx, gy = np.meshgrid(
        (np.arange(cols) + 0.5) * length / cols, (np.arange(rows) + 0.5) * width / rows
    )
    pos = np.column_stack([gx.ravel(), gy.ravel()])[:n] + rng.normal(0, 0.02, (n, 2))
    pos[:, 0] %= length
    desired = np.tile([1.0, 0.0], (n, 1))
    v0 = np.full(n, 1.34)
    params = WalkParams(dt_s=dt_s)
    speeds = []
    for step in range(round(100.0 / dt_s)):
        x0 = pos[:, 0].copy()
        walk(pos, desired, v0, np.zeros(n, bool), floor, params, period_x=length, rng=rng)
        if step >= round(37.5 / dt_s):
            dx = (pos[:, 0] - x0 + length / 2) % length - length / 2
            speeds.append(dx.mean() / params.dt_s)
    return float(np.mean(speeds))


@pytest.mark.parametrize("dt_s", VALIDATED_DT_S)
def test_speed_density_follows_weidmann(dt_s):
    rhos = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0]
    sim = np.array([corridor_speed(r, dt_s=dt_s) for r in rhos])
    ref = weidmann_speed(np.array(rhos))
    err = np.abs(sim - ref)
    print("rho", rhos, "sim", sim.round(3), "weidmann", ref.round(3))
    assert err.max() <= FD_TOLERANCE_MPS, list(zip(rhos, sim.round(3), ref.round(3), strict=True))
    assert err.mean() <= FD_MEAN_TOLERANCE_MPS
    assert np.all(np.diff(sim) < 0), "speed must fall as density rises"


def test_neighbour_pairs_match_brute_force():
    rng = np.random.default_rng(3)
    pos = rng.uniform(0, 12, (400, 2))
    i, j, dx, _dy = neighbour_pairs(pos[:, 0], pos[:, 1], 1.2)
    got = {(min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist(), strict=True)}
    d = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
    want = {(a, b) for a, b in zip(*np.nonzero(np.triu(d < 1.2, 1)), strict=True)}
    assert got == {(int(a), int(b)) for a, b in want}
    assert len(got) == len(i), "each pair exactly once"
    np.testing.assert_allclose(dx, pos[j, 0] - pos[i, 0])


def test_a_periodic_corridor_wraps_walkers_and_those_standing_alike():
    """On a periodic x axis everyone ends the step inside [0, period): a walker who steps
    over the seam and someone standing placed beyond it."""
    pos = np.array([[29.9, 1.0], [31.0, 2.0], [15.0, 1.0]])
    desired = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    speed = walk(
        pos, desired, np.full(3, 1.0), np.zeros(3, bool), None, WalkParams(), period_x=30.0
    )
    np.testing.assert_allclose(speed, [1.0, 0.0, 0.0])
    np.testing.assert_allclose(pos[:, 0], [29.9 + 0.25 - 30.0, 1.0, 15.0])
    np.testing.assert_allclose(pos[:, 1], [1.0, 2.0, 1.0])


def test_periodic_pairs_see_across_the_seam():
    x = np.array([0.1, 29.9, 15.0])
    y = np.array([1.0, 1.0, 1.0])
    i, _j, dx, _ = neighbour_pairs(x, y, 1.2, period_x=30.0)
    assert len(i) == 1 and abs(abs(dx[0]) - 0.2) < 1e-9


def pressed_against_a_wall(pushing: bool) -> tuple[np.ndarray, np.ndarray]:
    """180 people walking into the far wall of a room whose only door is behind them, for
    60 s: each one's nearest neighbour's distance and their positions."""
    venue = Venue(10, 10, (Exit("door", 0, 5, 1.0),), gathering=(2, 5))
    floor = Floor.build(venue)
    gx, gy = np.meshgrid(np.arange(5.0, 9.6, 0.5), np.arange(0.75, 9.3, 0.5))
    pos = np.column_stack([gx.ravel(), gy.ravel()])
    pos += np.random.default_rng(1).uniform(-0.04, 0.04, pos.shape)
    n = len(pos)
    toward_wall = np.tile([1.0, 0.0], (n, 1))
    for _ in range(150):
        walk(pos, toward_wall, np.full(n, 1.34), np.full(n, pushing), floor, WalkParams())
    i, j, dx, dy = neighbour_pairs(pos[:, 0], pos[:, 1], 1.0)
    nearest = np.full(n, np.inf)
    np.minimum.at(nearest, i, np.hypot(dx, dy))
    np.minimum.at(nearest, j, np.hypot(dx, dy))
    return nearest, pos


def test_a_pressed_crowd_keeps_its_gap_and_pushers_press_closer():
    """Pressed against a wall, most people keep the minimum gap (0.42 m, ``gap_m``); people
    pushing to flee accept the closer ``push_gap_m`` (0.3 m) and the crowd packs deeper into
    less floor. (A few calm pairs come closer than the gap at the wall, down to about 0.3 m:
    the gap is kept by cancelling steps, in three rounds.)"""
    calm, calm_pos = pressed_against_a_wall(False)
    pushed, pushed_pos = pressed_against_a_wall(True)
    assert ((calm_pos >= 0) & (calm_pos <= 10)).all(), "nobody walks through a wall"
    assert np.median(calm) >= 0.42 - 0.01
    assert calm.min() >= 0.25 and pushed.min() >= 0.25
    assert 0.3 <= np.median(pushed) <= 0.42 - 0.05
    assert pushed_pos[:, 0].min() > calm_pos[:, 0].min() + 0.3, "pushers take less floor"


def dense_speeds(pos: np.ndarray, desired: np.ndarray, obstacles: np.ndarray) -> np.ndarray:
    """CSM direction and Weidmann headway speed from every pair at once (O(n^2), no cells)."""
    p = WalkParams()
    n = len(pos)
    everyone = np.vstack([pos, obstacles])
    d = everyone[None, :, :] - pos[:, None, :]  # (n, n + k, 2): from each person to each body
    dist = np.maximum(np.hypot(d[..., 0], d[..., 1]), 1e-6)
    near = (dist < p.cutoff_m) & ~np.eye(n, len(everyone), dtype=bool)
    close = near & (dist < p.body_m + 6 * p.repulsion_range_m)
    s = np.where(close, p.repulsion * np.exp((p.body_m - dist) / p.repulsion_range_m) / dist, 0)
    e = desired - (d * s[..., None]).sum(axis=1)
    e /= np.hypot(e[:, 0], e[:, 1])[:, None]
    along = (e[:, None, :] * d).sum(-1)
    across = np.abs(e[:, None, 0] * d[..., 1] - e[:, None, 1] * d[..., 0])
    headway = np.where(near & (along > 0) & (across < p.band_m), dist, np.inf).min(axis=1)
    v = 1.34 * (1 - np.exp(-WEIDMANN_GAMMA * (p.headway_k * headway**p.headway_exp - 1 / 5.4)))
    return np.clip(v, 0, 1.34)


@pytest.mark.parametrize("moving", [1.0, 0.1])
def test_walking_kernel_matches_all_pairs_computation(moving):
    """The cell-list kernel finds the same neighbours and speeds as looking at every pair,
    also when most people stand (then it searches around those who move only)."""
    rng = np.random.default_rng(5)
    pos = rng.uniform(0, 15, (600, 2))  # 2.7 persons/m^2 on average, clumps and gaps
    line = np.column_stack([np.linspace(2, 13, 16), np.full(16, 7.5)])  # a police line
    desired = rng.normal(size=(600, 2))
    desired /= np.hypot(desired[:, 0], desired[:, 1])[:, None]
    stands = rng.random(600) >= moving
    desired[stands] = 0.0
    with np.errstate(invalid="ignore"):  # someone standing alone has no direction: 0 / 0
        want = np.where(stands, 0.0, dense_speeds(pos, desired, line))
    got = walk(
        pos.copy(), desired, np.full(600, 1.34), np.zeros(600, bool), None, WalkParams(), line
    )
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    walking = got[~stands]
    assert 0 < (walking < 1.3).mean() < 1, "the crowd must have both free and hindered walkers"


def test_search_around_movers_gives_the_full_search_pairs_in_order():
    """Same pairs in the same order, so the repulsion sums and a seed's drill are unchanged."""
    rng = np.random.default_rng(8)
    x, y = rng.uniform(0, 20, 900), rng.uniform(0, 12, 900)
    cells, order, slot_of = _cells(x, y, 1.5, 0.0)
    np.testing.assert_array_equal(slot_of[order], np.arange(900))
    np.testing.assert_array_equal(cells[0], x[order])
    assert np.all(np.diff(cells[3] * cells[6] + cells[2]) >= 0), "people sorted by cell"
    moves = rng.random(900) < 0.1
    movers = np.flatnonzero(moves)
    ai, bi, dx, dy, dist = _mover_pairs(cells, moves, movers, 1.5)
    full_first = np.empty(901, np.int64)
    full = np.empty(20000, np.int64)
    total = _fill_pairs(cells, moves, 1.5, 0.0, full, full_first)
    assert 0 < total <= len(full) and len(bi) == total
    np.testing.assert_array_equal(ai, np.repeat(np.arange(900), np.diff(full_first)))
    np.testing.assert_array_equal(bi, full[:total])
    xs, ys = cells[0], cells[1]
    np.testing.assert_array_equal(dx, xs[bi] - xs[ai])  # second minus first
    np.testing.assert_array_equal(dy, ys[bi] - ys[ai])
    np.testing.assert_array_equal(dist, np.sqrt(dx * dx + dy * dy))


def test_only_walkers_draw_their_random_turn_in_their_order():
    """Those standing draw no turn; the k-th walker (in crowd order) turns by the k-th draw."""
    pos = np.array([[0.0, 0.0], [10.0, 0.0], [20.0, 0.0], [30.0, 0.0], [40.0, 0.0]])
    desired = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, 0.0]])
    params = WalkParams(dt_s=0.4)
    rng = np.random.default_rng(6)
    speed = walk(pos, desired, np.full(5, 1.34), np.zeros(5, bool), None, params, rng=rng)
    same = np.random.default_rng(6)
    turns = same.normal(0.0, params.noise_rad, 2)
    assert rng.random() == same.random(), "one draw per walker, none for those standing"
    np.testing.assert_allclose(speed, [0, 1.34, 0, 0, 1.34])  # alone: free speed
    step = 1.34 * params.dt_s
    np.testing.assert_allclose(pos[[1, 4], 1], step * np.sin(turns), rtol=1e-12)
    np.testing.assert_allclose(pos[[1, 4], 0], [10, 40] + step * np.cos(turns), rtol=1e-12)
    assert np.all(pos[[0, 2, 3], 1] == 0.0)
