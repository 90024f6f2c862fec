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


def test_a_scene_floor_is_built_once_for_equal_scenes_and_never_shared_when_they_differ():
    """The floor is kept per scene: an equal scene loaded again (validation, then every
    replication) gets the very floor, a barricade moved or a wider gathering gets its own, and
    closing an exit in one drill builds a new floor instead of changing the shared one."""
    from simulation.crowd.venue import scene_floor
    from simulation.geography import load_scenario

    spec, again = load_scenario("demo_kpu_bangil"), load_scenario("demo_kpu_bangil")
    police = spec.strategies["berlapis"].crowd
    floor = scene_floor(spec.crowd, police)
    assert scene_floor(again.crowd, again.strategies["berlapis"].crowd) is floor
    moved = police.model_copy(
        update={
            "barricades": [
                b.model_copy(update={"rect": (62, 44.5, 78, 45)}) for b in police.barricades
            ]
        }
    )
    other = scene_floor(spec.crowd, moved)
    assert other is not floor and not np.array_equal(other.walkable, floor.walkable)
    wider = spec.crowd.venue.model_copy(
        update={"gathering": spec.crowd.venue.gathering.model_copy(update={"radius_m": 9.0})}
    )
    assert scene_floor(spec.crowd.model_copy(update={"venue": wider}), police) is not floor
    walkable = floor.walkable.copy()
    sizes = {t.id: t.officers for t in spec.forces.unit_types}
    model = CrowdModel(spec.crowd, police, rng=1, unit_sizes=sizes)
    assert model.floor is floor
    assert model.set_exit(spec.crowd.venue.exits[0].name, open_=False) is None
    assert model.floor is not floor and np.array_equal(floor.walkable, walkable)
