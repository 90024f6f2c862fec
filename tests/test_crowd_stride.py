"""The scene's walking step in two compiled calls (simulation/crowd/stride.py) against the
same step made pass by pass from the public pieces: who is present, their desired directions
(:func:`desired_directions`), :func:`walk_columns` with the door gates, and the positions
written back. Bit for bit, with a police line standing, people fleeing tear gas through the
door and leaving the venue, and the random turns drawn from the same generator."""

import numpy as np

from agents.state import PRESENT, State
from simulation.crowd.intent import desired_directions
from simulation.crowd.model import FLEE_SPEEDUP, CrowdModel
from simulation.crowd.walking import walk_columns
from tests.test_crowd_seizure import gate_scene, line_strategy


def step_by_parts(model: CrowdModel) -> None:
    """One walking step of ``model``, one public piece at a time."""
    idx = np.flatnonzero(np.isin(model.state, list(PRESENT)))
    if not len(idx):
        return
    per_cell = model.spec.venue.standing_density * model.floor.cell**2
    stand = model._stand_dist
    reach = stand[min(int(np.ceil(len(idx) / per_cell)), len(stand) - 1)]
    state = model.state[idx]
    want = desired_directions(
        model.floor, model.pos[idx], state, model.leaving[idx], model.venue.gathering, reach
    )
    v0 = model.v0[idx]
    v0 = np.where(state == State.FLEEING, np.minimum(v0 * FLEE_SPEEDUP, 2.5), v0)
    line = model._line
    new_x, new_y, _ = walk_columns(
        np.concatenate([model.pos[idx, 0], line[:, 0]]),
        np.concatenate([model.pos[idx, 1], line[:, 1]]),
        np.ascontiguousarray(want[:, 0]),
        np.ascontiguousarray(want[:, 1]),
        v0,
        model.pushing[idx],
        model.floor,
        model.walk_params,
        rng=model.rng,
        doors=model.doors,
    )
    model.pos[idx, 0], model.pos[idx, 1] = new_x, new_y
    w, h = model.venue.width_m, model.venue.height_m
    out = (new_x < 0) | (new_x > w) | (new_y < 0) | (new_y > h)
    model.state[idx[out]] = State.GONE


def snapshot(model: CrowdModel) -> tuple:
    return (
        model.pos.copy(),
        model.state.copy(),
        model.doors.tokens.copy(),
        model.rng.bit_generator.state,
    )


def restore(model: CrowdModel, saved: tuple) -> None:
    pos, state, tokens, rng = saved
    model.pos[:] = pos
    model.state[:] = state
    model.doors.tokens[:] = tokens
    model.rng.bit_generator.state = rng


def test_stride_is_the_step_made_piece_by_piece_bit_for_bit():
    dalmas = dict(name="dalmas", kind="dalmas_lanjut", officers=24, shields=True)
    model = CrowdModel(gate_scene(400, legitimacy=0.6), line_strategy(dalmas), rng=5)
    model.run(60)
    model.fire_tear_gas(at=(20.0, 15.0))
    model.run(2)  # a behaviour tick: the gassed flee and push
    assert len(model._line), "a police line stands in the way"
    assert (model.state == State.FLEEING).any()
    held = gone = 0
    for _ in range(150):
        before = snapshot(model)
        model._walk()
        after = snapshot(model)
        restore(model, before)
        step_by_parts(model)
        by_parts = snapshot(model)
        for a, b in zip(after[:3], by_parts[:3], strict=True):
            assert np.array_equal(a, b)
        assert after[3] == by_parts[3], "the same random numbers, drawn in the same order"
        held += bool((after[2] < model.doors.capacity - 1e-9).any())
        gone = int((model.state == State.GONE).sum())
    assert gone > 20, "people left through the door"
    assert held > 0, "the door gate held someone back"
