"""Closing a venue exit during a scene: the floor loses that opening and the crowd leaves
through the others, so a gassed crowd empties the venue about half as fast through one of
two equal doors (each 1.5 m door passes its own queued flow; halve the doors, halve the flow)."""

from __future__ import annotations

import numpy as np

from agents.state import State
from simulation.crowd.model import CrowdModel
from tests.test_crowd_model import ENCLOSED, NO_POLICE, gathered_scene

PEOPLE = 400


def gone_every_5_s(close: str | None) -> np.ndarray:
    """People gone, every 5 s for 3 min after tear gas at the centre of a 50 m square."""
    model = CrowdModel(gathered_scene(ENCLOSED, size=PEOPLE), NO_POLICE, rng=7)
    if close:
        assert model.set_exit(close, open_=False) is None
    model.run(10)
    model.fire_tear_gas(at=(25, 25))
    gone = []
    for _ in range(36):
        model.run(5)
        gone.append(int((model.state == State.GONE).sum()))
    return np.array(gone)


def flow(gone: np.ndarray) -> float:
    """Persons/s while the doors are queued: from a quarter to three quarters gone."""
    first = np.argmax(gone >= PEOPLE / 4)
    last = np.argmax(gone >= 3 * PEOPLE / 4)
    return float(gone[last] - gone[first]) / ((last - first) * 5.0)


def test_closing_one_of_two_doors_halves_the_flow_out():
    both, one = gone_every_5_s(None), gone_every_5_s("pintu_utara")
    assert both[-1] == one[-1] == PEOPLE, "everybody gets out either way"
    ratio = flow(both) / flow(one)
    assert 1.6 < ratio < 2.4, ratio
    emptied = [np.argmax(g >= 0.9 * PEOPLE) for g in (both, one)]
    assert emptied[1] >= 1.5 * emptied[0], emptied


def test_a_closed_exit_can_be_opened_and_the_last_one_stays_open():
    model = CrowdModel(gathered_scene(ENCLOSED, size=50), NO_POLICE, rng=1)
    assert model.set_exit("pintu_utara", open_=False) is None
    assert "already closed" in model.set_exit("pintu_utara", open_=False)
    assert "last open exit" in model.set_exit("pintu_selatan", open_=False)
    assert model.set_exit("pintu_utara", open_=True) is None
    assert "already open" in model.set_exit("pintu_utara", open_=True)
    kinds = [e[1] for e in model.events]
    assert kinds == ["crowd.exit_closed", "crowd.exit_opened"]
