"""The crowd model as a whole: the Kanjuruhan lesson, reproducibility, doctrine, status."""

import numpy as np
import pytest

from agents.state import State
from agents.status import Status, StatusTracker
from simulation.crowd.model import CrowdModel
from simulation.crowd.venue import OUTWARD, VenueError
from simulation.geography import load_scenario
from simulation.scenario.crowd import (
    VALIDATED_DT_S,
    CrowdSpec,
    CrowdStrategySpec,
    ExitSpec,
    ShapeSpec,
    StatusSpec,
)
from simulation.scenario.errors import dotted


def scene(venue: dict, group: dict, legitimacy: float, **extra: object) -> CrowdSpec:
    """A one-group scene at 10:00 in Bangil (``extra``: more fields, e.g. ``dt_s``)."""
    return CrowdSpec.model_validate(
        dict(
            name="test",
            sector="bangil",
            start="10:00",
            duration="1 h",
            legitimacy=legitimacy,
            venue=venue,
            groups=[dict(start="gathered", **group)],
            **extra,
        )
    )


def gathered_scene(exits: list[dict], size: int = 1500, **extra: object) -> CrowdSpec:
    venue = dict(
        size_m=(50, 50), exits=exits, gathering=dict(at=(25, 25), radius_m=2), standing_density=2.5
    )
    return scene(venue, dict(name="penonton", size=size), legitimacy=1.0, **extra)


NO_POLICE = CrowdStrategySpec.model_validate(dict(front_line=((0, 49), (1, 49))))
ENCLOSED = [
    dict(name="pintu_utara", at=(25, 50), width_m=1.5),
    dict(name="pintu_selatan", at=(25, 0), width_m=1.5),
]
OPEN_SQUARE = [
    dict(name="barat", at=(0, 25), width_m=50),
    dict(name="timur", at=(50, 25), width_m=50),
    dict(name="utara", at=(25, 50), width_m=50),
    dict(name="selatan", at=(25, 0), width_m=50),
]


def gassed(exits: list[dict], dt_s: float = 0.25) -> dict[str, float]:
    model = CrowdModel(gathered_scene(exits, dt_s=dt_s), NO_POLICE, rng=7)
    model.run(10)
    model.fire_tear_gas(at=(25, 25))
    model.run(170)
    return model.kpis()


@pytest.mark.parametrize("dt_s", VALIDATED_DT_S)
def test_tear_gas_in_enclosed_venue_crushes_at_exits(dt_s):
    """Kanjuruhan: gas fired into a crowd with narrow exits, compared with an open square."""
    enclosed, open_square = gassed(ENCLOSED, dt_s), gassed(OPEN_SQUARE, dt_s)
    assert enclosed["exit_crush_person_s"] > 10 * max(open_square["exit_crush_person_s"], 1.0)
    assert enclosed["peak_exit_density_ppm2"] > 6.0 > open_square["peak_exit_density_ppm2"]


def test_same_seed_same_run_bit_for_bit():
    runs = []
    for _ in range(2):
        model = CrowdModel(gathered_scene(ENCLOSED, size=300), NO_POLICE, rng=3)
        model.run(20)
        model.fire_tear_gas(at=(25, 25))
        model.run(20)
        runs.append((model.pos.copy(), model.state.copy(), model.kpis()))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    assert runs[0][2] == runs[1][2]


def test_calm_crowd_stays_hijau_and_stands_around_the_focal_point():
    model = CrowdModel(gathered_scene(ENCLOSED, size=400), NO_POLICE, rng=1)
    model.run(60)
    assert model.status == Status.HIJAU
    here = model.present_mask()
    assert here.sum() == 400
    dist = np.hypot(*(model.pos[here] - 25).T)
    assert dist.max() < 2 + np.sqrt(400 / (np.pi * 1.0)), "stays gathered"
    assert model.kpis()["peak_density_ppm2"] < 5.4


def test_status_steps_up_at_once_and_down_only_after_hold():
    tracker = StatusTracker(StatusSpec(hold=5))
    assert tracker.update(0.2, 0.0, 0) == Status.KUNING
    assert tracker.update(0.2, 0.05, 10) == Status.MERAH
    assert tracker.update(0.0, 0.0, 20) == Status.MERAH, "no instant drop"
    assert tracker.update(0.0, 0.0, 200) == Status.MERAH
    assert tracker.update(0.0, 0.0, 330) == Status.KUNING, "after 5 min below the lower bar"
    assert tracker.update(0.07, 0.0, 400) == Status.KUNING, "0.07 >= 0.1 x 0.5: not calm"
    assert tracker.update(0.07, 0.0, 2000) == Status.KUNING


def demo_scene() -> CrowdSpec:
    venue = dict(
        size_m=(80, 50),
        walls=[dict(name="kantor", rect=(25, 42, 55, 50))],
        exits=[dict(name="barat", at=(0, 15), width_m=10)],
        gathering=dict(at=(40, 40), radius_m=3),
    )
    group = dict(
        name="pendukung", size=600, hardship=(0.2, 1.0), provocateurs=8, provocation_start=1
    )
    return scene(venue, group, legitimacy=0.9)


def demo_strategy(**doctrine) -> CrowdStrategySpec:
    return CrowdStrategySpec.model_validate(
        dict(
            front_line=((30, 38), (50, 38)),
            units=[
                dict(name="dalmas_awal", kind="dalmas_awal", officers=30),
                dict(name="negosiator", kind="negotiator", officers=3),
                dict(name="dalmas_lanjut", kind="dalmas_lanjut", officers=38, eta=2, shields=True),
                dict(name="brimob", kind="brimob_phh", officers=100, eta=4, tear_gas=True),
            ],
            doctrine=doctrine,
        )
    )


def test_doctrine_escalates_and_hands_over_the_front_line():
    model = CrowdModel(demo_scene(), demo_strategy(), rng=5)
    model.run(8 * 60)
    kinds = [e[1] for e in model.events]
    assert "crowd.unit_arrived" in kinds
    fronts = [e[2]["unit"] for e in model.events if e[1] == "crowd.front_line"]
    assert fronts[0] == "dalmas_awal"
    if model.meter.worst >= Status.KUNING:
        assert "dalmas_lanjut" in fronts, "lapis ganti: Dalmas Lanjut takes the front"
    assert model.meter.arrests > 0, "provocateurs at the line get arrested"


@pytest.mark.parametrize(
    "exits, where",
    [
        ([dict(name="x", at=(30, 30), width_m=4)], "crowd.venue.exits[0].at"),
        ([dict(name="x", at=(0, 15), width_m=0)], "crowd.venue.exits[0].width_m"),
        ([dict(name="x", at=(0, 48), width_m=8)], "crowd.venue.exits[0].width_m"),
    ],
)
def test_bad_exits_are_located(exits, where):
    scene = demo_scene()
    venue = scene.venue.model_copy(update={"exits": [ExitSpec(**e) for e in exits]})
    with pytest.raises(VenueError) as err:
        CrowdModel(scene.model_copy(update={"venue": venue}), demo_strategy(), rng=1)
    assert dotted(err.value.path) == where


def test_crowd_walled_in_is_located():
    scene = demo_scene()
    box = [dict(name="pagar", polygon=[(30, 30), (50, 30), (50, 49), (30, 49)])]
    venue = scene.venue.model_copy(update={"walls": [ShapeSpec(**w) for w in box]})
    with pytest.raises(VenueError, match="lies inside a wall"):
        CrowdModel(scene.model_copy(update={"venue": venue}), demo_strategy(), rng=1)


def test_crowd_too_big_for_the_venue_is_located():
    scene = gathered_scene(OPEN_SQUARE, size=14000)
    with pytest.raises(VenueError, match="cannot fit") as err:
        CrowdModel(scene, NO_POLICE, rng=1)
    assert dotted(err.value.path) == "crowd.groups"


@pytest.mark.parametrize("behind, towards", [(None, -1.0), ((25, 40), 1.0)])
def test_ranks_stack_towards_the_protected_side_and_a_part_rank_stands_in_the_middle(
    behind, towards
):
    """A 10 m line at y = 30 holds 15 officers a rank; 20 officers make one full rank and a
    rank of 5 one metre behind it: towards `behind`, or else towards the gathering point."""
    line = dict(front_line=((20, 30), (30, 30)), behind=behind)
    model = CrowdModel(gathered_scene(OPEN_SQUARE, size=50), CrowdStrategySpec(**line), rng=1)
    spots = model.line_positions(20, second=False)
    front, back = spots[:15], spots[15:]
    np.testing.assert_allclose(front[:, 1], 30.0)
    np.testing.assert_allclose(front[[0, -1], 0], [20.0, 30.0])  # the full rank spans the line
    np.testing.assert_allclose(back[:, 1], 30.0 + towards)
    assert back[:, 0].mean() == pytest.approx(25.0), "the part rank stands in the middle"
    assert np.diff(back[:, 0]) == pytest.approx(np.full(4, 10 / 14))  # shoulder to shoulder


@pytest.mark.parametrize("dt_s", [0.25, 0.4])
def test_density_person_seconds_count_the_time_that_passed(dt_s):
    """Over 20 s the density samples stand for 20 s in all, whatever the walking step: at
    dt 0.4 s a sample every 0.8 s counts 0.8 s (it counted 1 s, overstating the crush by 25 %)."""
    venue = dict(
        size_m=(50, 50),
        exits=ENCLOSED,
        gathering=dict(at=(25, 25), radius_m=2),
        standing_density=5.4,
    )
    spec = scene(venue, dict(name="penonton", size=600), legitimacy=1.0, dt_s=dt_s)
    model = CrowdModel(spec, NO_POLICE, rng=2)
    above = []
    for _ in range(round(20 / dt_s)):
        model.step()
        if model.steps_done % round(1.0 / dt_s) == 0:  # the steps of the density samples
            here = model.present_mask()
            rho, _, _ = model.density.at(model.pos[here], model.floor.fields["exits"][0])
            above.append(int((rho > 5).sum()))
    assert min(above) > 100
    # (within 2 %: crush injuries taken at a sample leave the count read after it)
    assert model.kpis()["person_s_above_5ppm2"] == pytest.approx(np.mean(above) * 20, rel=0.02)


def test_arrivals_come_in_by_their_own_exit_spread_across_its_width():
    """People arriving stand 0.3-1 m inside the exit they were given, spread over its width
    less a body either side, whichever side of the venue the exit is on."""
    spec = load_scenario("demo_kpu_bangil")
    police = spec.strategies["berlapis"].crowd
    sizes = {t.id: t.officers for t in spec.forces.unit_types}
    model = CrowdModel(spec.crowd, police, rng=3, unit_sizes=sizes)
    exits = model.venue.exits
    seen = set()
    for _ in range(3000):
        model.time_s += model.spec.dt_s
        before = model.state.copy()
        model._arrive_people()
        for k in np.flatnonzero((before == State.WAITING) & (model.state == State.CALM)):
            e = exits[model.entry[k]]
            out = np.array(OUTWARD[model.venue.side_of(e)])
            offset = model.pos[k] - (e.x, e.y)
            inward = -offset @ out
            across = offset @ (-out[1], out[0])
            assert 0.3 <= inward <= 1.0 and abs(across) <= (e.width_m - 0.4) / 2 + 1e-9
            seen.add(e.name)
    assert len(seen) >= 2, "people came in by several exits"


@pytest.mark.parametrize("kind", ["crush", "arrests"])
def test_uniforms_nobody_could_use_are_skipped_and_the_scene_is_unchanged(kind, monkeypatch):
    """A density sample with nobody dense enough to be crushed, and a tick with nobody violent
    within the officers' reach, skip their draws (:func:`skip_uniforms`); drawing them
    instead gives the same scene, bit for bit, with crushes and arrests in it."""
    import simulation.crowd.model as crowd_model

    def run() -> tuple:
        if kind == "crush":
            model = CrowdModel(gathered_scene(ENCLOSED, dt_s=0.4), NO_POLICE, rng=7)
            model.run(10)
            model.fire_tear_gas(at=(25, 25))
            model.run(170)
        else:
            model = CrowdModel(demo_scene(), demo_strategy(), rng=5)
            model.run(8 * 60)
        return model.pos, model.state, model.kpis(), model.events

    skips = []
    real = crowd_model.skip_uniforms
    monkeypatch.setattr(
        crowd_model, "skip_uniforms", lambda *a: skips.append(real(*a)) or skips[-1]
    )
    skipping = run()
    assert any(skips), "the draws were skipped somewhere"
    monkeypatch.setattr(crowd_model, "skip_uniforms", lambda *a: False)
    drawing = run()
    np.testing.assert_array_equal(skipping[0], drawing[0])
    np.testing.assert_array_equal(skipping[1], drawing[1])
    assert skipping[2:] == drawing[2:]
    happened = "injured_crush" if kind == "crush" else "arrests"
    assert skipping[2][happened] > 0
