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


class Checked:
    """Stands in for the model's walking step: walks with Stride, then again piece by piece
    from the same state, and checks both bit for bit (the generator's state too)."""

    def __init__(self, model: CrowdModel) -> None:
        self.model, self.stride_step = model, model._walk
        self.lines: set[int] = set()
        self.held = 0
        model._walk = self

    def __call__(self) -> None:
        model = self.model
        self.lines.add(len(model._line))
        before = snapshot(model)
        self.stride_step()
        after = snapshot(model)
        restore(model, before)
        step_by_parts(model)
        by_parts = snapshot(model)
        for a, b in zip(after[:3], by_parts[:3], strict=True):
            assert np.array_equal(a, b)
        assert after[3] == by_parts[3], "the same random numbers, drawn in the same order"
        self.held += bool((after[2] < model.doors.capacity - 1e-9).any())


def test_stride_is_the_step_made_piece_by_piece_bit_for_bit():
    dalmas = dict(name="dalmas", kind="dalmas_lanjut", officers=24, shields=True)
    model = CrowdModel(gate_scene(400, legitimacy=0.6), line_strategy(dalmas), rng=5)
    checked = Checked(model)
    model.run(60)  # people arrive; the line forms (the columns grow)
    assert 0 in checked.lines and len(checked.lines) > 1, checked.lines
    model.fire_tear_gas(at=(20.0, 15.0))
    model.run(60)  # the gassed flee and push, through the door gate
    assert (model.state == State.GONE).sum() > 20, "people left through the door"
    assert checked.held > 0, "the door gate held someone back"


def test_stride_columns_hold_everyone_and_every_officer_in_line():
    """The columns are kept from step to step and grow when a line forms or thickens: with
    everyone present, x and y must hold all the people and then every officer."""
    model = CrowdModel(gate_scene(50), line_strategy(), rng=1)
    stride = model._stride
    first = stride._room(50, 0)
    assert [len(c) for c in first] == [50] * 7
    assert stride._room(50, 0) is first, "kept while it fits"
    grown = stride._room(50, 30)
    assert len(grown[1]) >= 80 and len(grown[2]) >= 80
    assert all(len(c) >= 50 for c in grown)
