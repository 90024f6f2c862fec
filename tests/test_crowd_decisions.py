"""The compiled behaviour tick decides exactly as the numpy formulation it replaced.

The reference below is the tick as thirty numpy operations (Epstein's rule with agitation,
flight ending, dispersal compliance): the compiled pass must give the same states and
agitation bit for bit, so a drill stays the same whichever runs it.
"""

import numpy as np
import pytest

from agents.state import State
from simulation.crowd.behaviour import (
    VisionGrid,
    arrest_probability,
    arrest_table,
    count_seen,
    sightings,
)
from simulation.crowd.decisions import decide
from simulation.crowd.harm import clash_injuries
from simulation.crowd.params import BehaviourParams

P = BehaviourParams()
N = 400
NOW, DT = 600.0, 2.0


def crowd(seed: int) -> dict:
    """A random crowd on a 60 m x 40 m venue: two groups, every state, some leaving, some
    provocateurs, some fleeing until before or after now."""
    rng = np.random.default_rng(seed)
    return {
        "idx": np.sort(rng.choice(N + 50, N, replace=False)),
        "pos": rng.uniform(0, [60, 40], (N + 50, 2)),
        "state": rng.integers(State.CALM, State.FLEEING + 1, N + 50).astype(np.int8),
        "group": rng.integers(0, 2, N + 50).astype(np.int8),
        "provoking": rng.random(N + 50) < 0.05,
        "leaving": rng.random(N + 50) < 0.1,
        "pushing": rng.random(N + 50) < 0.3,
        "flee_until": rng.uniform(NOW - 60, NOW + 60, N + 50),
        "hardship": rng.uniform(0.2, 1.0, N + 50),
        "risk": rng.uniform(0, 1, N + 50),
        "agitation": rng.uniform(0, P.max_agitation, N + 50),
        "relief": np.array([0.0, 0.3]),
        "comply_boost": np.array([1.0, 2.0]),
        "u_decide": rng.random(N),
        "u_comply": rng.random(N),
        "smoke": rng.uniform(0, 0.01, N),
        "officers": rng.integers(0, 30, 31 * 21).astype(float),
    }


def numpy_tick(c: dict, vision: VisionGrid, legitimacy: float, deterrence: float) -> None:
    """The tick as it was written in numpy (CrowdModel._crowd_decides until 6 Dec 2026)."""
    idx, state = c["idx"], c["state"][c["idx"]]
    cells = vision.cells(c["pos"][idx])
    active = (state == State.ACTIVE) | (state == State.VIOLENT)
    group = c["group"][idx]
    seen = sightings(group, 2, cells, active, c["provoking"][idx], vision)
    people = np.maximum(seen[0], 1.0)
    drive = np.zeros(len(idx))
    for g in range(2):
        weight = np.where(group == g, P.contagion, P.contagion * (1 + P.clash))
        drive += weight * seen[2 + g] / people
    drive += P.provocation * seen[1]
    drive = drive / 60.0
    drive += c["smoke"]
    agitation = c["agitation"][idx]
    agitation = np.clip(agitation + DT * (drive - agitation / P.agitation_tau_s), 0, 0.08)
    c["agitation"][idx] = agitation
    cops = c["officers"][cells] * deterrence
    actives = seen[2:].sum(axis=0) + ~active
    p_arrest = arrest_probability(cops, actives, P.arrest_k)
    grievance = c["hardship"][idx] * ((1 - legitimacy) * (1 - c["relief"][group]) + agitation)
    net = grievance - c["risk"][idx] * p_arrest
    chosen = np.full(len(idx), State.CALM, dtype=np.int8)
    chosen[net > P.threshold] = State.ACTIVE
    chosen[net > P.violent_threshold] = State.VIOLENT
    deciding = (state != State.FLEEING) & ~c["leaving"][idx] & (c["u_decide"] < P.update_prob)
    deciding &= ~c["provoking"][idx]
    state[deciding] = chosen[deciding]
    done = (state == State.FLEEING) & (c["flee_until"][idx] <= NOW)
    state[done] = State.CALM
    c["pushing"][idx[done]] = False
    rate = 1 / 300 * legitimacy * c["comply_boost"][group]
    comply = (state == State.CALM) & (c["u_comply"] < rate * DT)
    c["leaving"][idx[comply]] = True
    c["state"][idx] = state


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_compiled_tick_is_the_numpy_tick_bit_for_bit(seed: int) -> None:
    vision = VisionGrid(60, 40, P.cell_m, P.vision_m)
    legitimacy, deterrence = 0.7, 1.5
    ref, got = crowd(seed), crowd(seed)
    numpy_tick(ref, vision, legitimacy, deterrence)
    most = int(got["officers"].max() * deterrence)
    keys = "state group provoking leaving pushing flee_until hardship risk agitation"
    people = tuple(got[k] for k in (*keys.split(), "relief", "comply_boost"))
    rule = (P.threshold, P.violent_threshold, P.update_prob, P.contagion, P.clash)
    rule += (P.provocation, P.agitation_tau_s, P.max_agitation)
    rule += (legitimacy, 1 / 300 * legitimacy, NOW, DT)
    decide(
        got["idx"],
        got["pos"],
        people,
        (vision.nx, vision.ny, vision.r, vision.cell, 2),
        (got["officers"], deterrence, arrest_table(P.arrest_k, most + 1)),
        rule,
        got["u_decide"],
        got["u_comply"],
        got["smoke"],
    )
    for key in ("state", "agitation", "pushing", "leaving"):
        np.testing.assert_array_equal(got[key], ref[key], err_msg=key)
    assert (ref["state"] != crowd(seed)["state"]).any(), "the tick changed someone's state"


def test_window_sums_read_per_person_equal_the_grid() -> None:
    """count_seen (read once per occupied cell) gives each person their cell's window sum."""
    rng = np.random.default_rng(3)
    vision = VisionGrid(60, 40, P.cell_m, P.vision_m)
    cells = vision.cells(rng.uniform(0, [60, 40], (500, 2)))
    weights = (rng.random((3, 500)) < 0.3).astype(float)
    got = count_seen(cells, weights, vision.nx, vision.ny, vision.r)
    for row in range(3):
        np.testing.assert_array_equal(got[row], vision.window_sums(cells, weights[row])[cells])


def test_clash_hurts_only_violent_who_see_another_groups_violent() -> None:
    """Two groups' rioters 3 m apart clash; a lone rioter 40 m away sees nobody to fight."""
    pos = np.array([[10.0, 10.0], [13.0, 10.0], [50.0, 30.0]])
    group = np.array([0, 1, 0], np.int8)
    vision = VisionGrid(60, 40, P.cell_m, P.vision_m)
    grid = (vision.cell, vision.nx, vision.ny, vision.r)
    hurt = clash_injuries(group, pos, grid, np.zeros((2, 3)), 0.5)
    assert hurt.tolist() == [0, 1]
    assert clash_injuries(group, pos, grid, np.ones((2, 3)), 0.5).tolist() == []
