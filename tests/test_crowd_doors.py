"""Door flow at the exit's exact width, against the bottleneck experiments (Seyfried et al.
2009, Kretz et al. 2006: total flow about linear in width, 1.6-2.0 persons/(m s))."""

import numpy as np
import pytest

from simulation.crowd.doors import DoorGate
from simulation.crowd.venue import Exit, Floor, Obstacle, Venue
from simulation.crowd.walking import WalkParams, walk
from simulation.scenario.crowd import VALIDATED_DT_S

#: Specific flow (persons/(m s)) the bottleneck experiments measured.
SPECIFIC_FLOW_BAND = (1.6, 2.0)


def evacuation_flow(width: float, seed: int, n: int = 220, dt_s: float = WalkParams.dt_s) -> float:
    """Steady flow (persons/s) through one exit of a 10 m x 10 m room, walking with steps
    of ``dt_s`` through its door gate; everyone must be out within 600 s."""
    venue = Venue(10, 10, (Exit("door", 10, 5, width),), gathering=(2, 5))
    floor = Floor.build(venue)
    doors = DoorGate(floor, dt_s)
    rng = np.random.default_rng(seed)
    gx, gy = np.meshgrid(np.arange(0.4, 8.5, 0.55), np.arange(0.4, 9.7, 0.55))
    pos = np.column_stack([gx.ravel(), gy.ravel()])[:n] + rng.normal(0, 0.03, (n, 2))
    v0 = np.clip(rng.normal(1.34, 0.26, n), 0.8, 2.0)
    params = WalkParams(dt_s=dt_s)
    alive = np.ones(n, bool)
    t_out = []
    for step in range(round(600.0 / dt_s)):
        idx = np.flatnonzero(alive)
        if not len(idx):
            break
        p = pos[idx]
        walk(
            p,
            floor.direction("exits", p),
            v0[idx],
            np.zeros(len(idx), bool),
            floor,
            params,
            rng=rng,
            doors=doors,
        )
        pos[idx] = p
        out = floor.outside(p)
        alive[idx[out]] = False
        t_out += [(step + 1) * params.dt_s] * int(out.sum())
    assert not alive.any(), f"{alive.sum()} people never got out through {width} m"
    t = np.array(t_out)
    a, b = int(0.1 * n), int(0.8 * n)
    return (b - a) / (t[b] - t[a])


def flow(width: float, dt_s: float) -> float:
    return float(np.mean([evacuation_flow(width, s, dt_s=dt_s) for s in (1, 2)]))


@pytest.mark.parametrize("dt_s", VALIDATED_DT_S)
def test_a_wider_door_passes_more(dt_s):
    """0.8 m and 1.0 m used to pass the same single file (the 0.5 m lanes of the grid)."""
    narrow, wide = flow(0.8, dt_s), flow(1.0, dt_s)
    assert wide > 1.15 * narrow, (narrow, wide)


@pytest.mark.parametrize("dt_s", VALIDATED_DT_S)
def test_a_narrow_opening_still_passes_people(dt_s):
    """0.6 m is narrower than the grid's clearance left for a body (nobody passed 0.7 m);
    Kretz et al. measured flow through openings down to 0.4 m."""
    assert flow(0.6, dt_s) > 0.6 * SPECIFIC_FLOW_BAND[0] * 0.8


@pytest.mark.parametrize("dt_s", VALIDATED_DT_S)
@pytest.mark.parametrize("width", [1.2, 2.4])
def test_specific_flow_within_the_experiments(width, dt_s):
    lo, hi = SPECIFIC_FLOW_BAND
    assert lo <= flow(width, dt_s) / width <= hi


def test_the_gate_passes_one_at_once_then_its_flow():
    """A queue always at a 1.0 m door, steps of 0.4 s: the bucket holds 1 + 0.72 persons
    and refills 0.72 a step, so in 101 steps floor(1 + 0.72 x 101) = 73 pass, and of
    two people crossing with one token the one farther out goes."""
    floor = Floor.build(Venue(10, 10, (Exit("door", 10, 5, 1.0),), gathering=(2, 5)))
    gate = DoorGate(floor, 0.4)
    passed = 0
    for _ in range(101):
        x, y = np.full(4, 9.9), np.array([4.7, 4.9, 5.1, 5.3])
        new_x, new_y = np.array([10.1, 10.2, 10.05, 10.15]), y.copy()
        gate.hold(x, y, new_x, new_y)
        passed += int((new_x > 10).sum())
        assert np.all((new_x == x) | (new_x > 10))  # held back to where they stood
    assert passed == 73
    gate.tokens[:] = 0.28  # 0.28 + 0.72 refill = one token
    x, y = np.full(2, 9.9), np.array([4.8, 5.2])
    new_x, new_y = np.array([10.05, 10.1]), y.copy()
    gate.hold(x, y, new_x, new_y)
    assert new_x.tolist() == [9.9, 10.1]


def test_a_fleeing_crowd_leaves_at_the_doors_flow():
    """The crowd model walks through its door gates: 800 people fleeing tear gas through two
    1.5 m doors leave at 2 x 1.8 x 1.5 = 5.4 persons/s once queues stand at both (without the
    gates the wider openings of the walking grid let out about 11)."""
    from agents.state import State
    from simulation.crowd.model import CrowdModel
    from tests.test_crowd_model import ENCLOSED, NO_POLICE, gathered_scene

    model = CrowdModel(gathered_scene(ENCLOSED, size=800, dt_s=0.4), NO_POLICE, rng=7)
    model.run(4)
    model.fire_tear_gas(at=(25, 25))
    model.run(36)
    before = int((model.state == State.GONE).sum())
    model.run(40)
    rate = (int((model.state == State.GONE).sum()) - before) / 40
    assert 0.9 * 5.4 <= rate <= 5.4 + 2 * 2.08 / 40, rate


def band_rows(venue: Venue) -> list[float]:
    """The y (m) of the cell rows through which the venue's east door opens."""
    floor = Floor.build(venue)
    rows = np.flatnonzero((floor.exit_id == 0).any(axis=1))
    return ((rows + 0.5) * floor.cell - 1.0).tolist()


def test_a_door_opens_wider_only_where_no_wall_stands_beside_it():
    """A 1.0 m door opens 1.5 x 1.0 + 0.5 = 2.0 m in the walking grid (8 rows of 0.25 m);
    with walls flush to its edges only its own 1.0 m, so nobody walks out behind a wall."""
    door = (Exit("door", 10, 5, 1.0),)
    assert band_rows(Venue(10, 10, door, gathering=(2, 5))) == [
        4.125,
        4.375,
        4.625,
        4.875,
        5.125,
        5.375,
        5.625,
        5.875,
    ]
    walls = (Obstacle.rect("a", 8, 5.5, 10, 6), Obstacle.rect("b", 8, 4, 10, 4.5))
    assert band_rows(Venue(10, 10, door, walls, gathering=(2, 5))) == [4.625, 4.875, 5.125, 5.375]
