"""Line breach, seizure of the building, tyre fires: the SISPAMKOTA riot scenes in the crowd model.

The scene is an office gate in an alcove 12 m wide: the only way to the gate (the gathering
point) is through the police line across the alcove. The crowd is made violent on purpose
(hardship 1, no risk aversion, legitimacy 0: Epstein's net grievance 1 > 0.25), so the
outcome depends on the line alone.
"""

from itertools import pairwise

import numpy as np
import pytest

from agents.state import State
from agents.status import Status
from simulation.crowd import fires as fires_module
from simulation.crowd import model as model_module
from simulation.crowd.fires import (
    BURN_S,
    EXTINGUISH_S,
    SMOKE_AGITATION,
    WATER_CANNON_EXTINGUISH_S,
    Fire,
    TyreFires,
)
from simulation.crowd.line import BREACH_SUSTAIN_S, LineWatch, line_hold, line_push, within
from simulation.crowd.model import CrowdModel
from simulation.crowd.seizure import Occupation
from simulation.scenario.crowd import CrowdSpec, CrowdStrategySpec, SeizureSpec

GATE = (20.0, 26.0)


def gate_scene(
    size: int, legitimacy: float = 0.0, hardship: tuple = (1.0, 1.0), **extra
) -> CrowdSpec:
    """A 40 m x 30 m street with the office gate in an alcove at the north."""
    venue = dict(
        size_m=(40, 30),
        walls=[
            dict(name="pagar_barat", rect=(0, 20, 14, 30)),
            dict(name="pagar_timur", rect=(26, 20, 40, 30)),
            dict(name="kantor", rect=(14, 28, 26, 30)),
        ],
        exits=[dict(name="jalan", at=(0, 8), width_m=10)],
        gathering=dict(at=GATE, radius_m=2.5),
    )
    group = dict(
        name="massa",
        size=size,
        enter_via=["jalan"],
        arrive_over=["0 s", "40 s"],
        hardship=hardship,
        risk_aversion=(0.0, 0.0),
    )
    return CrowdSpec.model_validate(
        dict(
            name="uji",
            sector="bangil",
            start="10:00",
            duration="10 min",
            dt_s=0.4,
            legitimacy=legitimacy,
            venue=venue,
            groups=[group],
            **extra,
        )
    )


def line_strategy(*units: dict, **doctrine) -> CrowdStrategySpec:
    """A line across the alcove, 4 m in front of the gate; the units respond at every status."""
    kinds = sorted({u["kind"] for u in units})
    respond = dict(units=kinds, force_stage=3)
    return CrowdStrategySpec.model_validate(
        dict(
            front_line=((14.2, 22), (25.8, 22)),
            units=list(units),
            doctrine=dict(hijau=respond, kuning=respond, merah=respond, **doctrine),
        )
    )


def kinds_of(model: CrowdModel) -> list[str]:
    return [e[1] for e in model.events]


def first(model: CrowdModel, kind: str) -> float:
    return next((t for t, k, _ in model.events if k == kind), np.inf)


def test_unopposed_violent_crowd_seizes_the_building():
    model = CrowdModel(gate_scene(200), line_strategy(), rng=1)
    model.run(120)
    assert "crowd.building_seized" in kinds_of(model)
    assert model.status == Status.MERAH
    kpis = model.kpis()
    assert kpis["building_seized"] == 1.0
    assert kpis["seized_min"] > 0.5
    assert kpis["line_breaches"] == 0.0, "there was no line to break"


def test_strong_shielded_line_holds_and_the_gate_stays_free():
    brimob = dict(name="brimob", kind="brimob_phh", officers=36, shields=True)
    model = CrowdModel(gate_scene(200), line_strategy(brimob), rng=1)
    model.run(150)
    assert model.meter.line_breaches == 0
    assert "crowd.building_seized" not in kinds_of(model)
    pushing = [e for e in model.events if e[1] == "crowd.line_broken"]
    assert not pushing
    here = model.present_mask() & (model.state == State.VIOLENT)
    behind = model.pos[here, 1] > 22.5
    assert behind.sum() < model.spec.seizure.occupiers, "the line keeps the crowd off the gate"


def test_weak_line_breaks_and_the_crowd_seizes_the_gate():
    awal = dict(name="dalmas_awal", kind="dalmas_awal", officers=18)
    model = CrowdModel(gate_scene(200), line_strategy(awal), rng=1)
    model.run(150)
    broken = next(f for t, k, f in model.events if k == "crowd.line_broken")
    assert broken["push"] > broken["hold"] == 18.0
    assert first(model, "crowd.line_broken") <= first(model, "crowd.building_seized") < np.inf
    unit = next(u for u in model.units() if u.spec.name == "dalmas_awal")
    assert unit.place == "fallen_back"
    assert len(model._line) == 0, "a broken line is no obstacle"


def test_more_officers_never_break_earlier():
    """Breach time is monotone in the line's strength, with common random numbers."""
    times = []
    for officers in (18, 36, 54, 72):
        awal = dict(name="dalmas_awal", kind="dalmas_awal", officers=officers)
        model = CrowdModel(gate_scene(200), line_strategy(awal), rng=4)
        model.run(150)
        times.append(first(model, "crowd.line_broken"))
    assert times[0] < np.inf, "the weakest line breaks"
    assert all(a < b for a, b in pairwise(times)), times


def test_reinforcement_re_forms_the_line_and_retakes_the_gate():
    """A thin Dalmas Awal line breaks and the gate is seized; the Brimob platoon called at
    merah re-forms the line, pushes the occupiers out (they give up and leave) and the gate is
    retaken."""
    awal = dict(name="dalmas_awal", kind="dalmas_awal", officers=18)
    brimob = dict(name="brimob", kind="brimob_phh", officers=36, shields=True, eta="2 min")
    calm = dict(units=["dalmas_awal"], force_stage=3)
    merah = dict(units=["dalmas_awal", "brimob_phh"], force_stage=3)
    strategy = CrowdStrategySpec.model_validate(
        dict(
            front_line=((14.2, 22), (25.8, 22)),
            units=[awal, brimob],
            doctrine=dict(hijau=calm, kuning=calm, merah=merah),
        )
    )
    model = CrowdModel(gate_scene(100, legitimacy=0.5), strategy, rng=2)
    model.run(6 * 60)
    broken, seized = first(model, "crowd.line_broken"), first(model, "crowd.building_seized")
    restored = first(model, "crowd.line_restored")
    retaken = first(model, "crowd.building_retaken")
    assert broken <= seized < restored < retaken < np.inf
    asked = next(
        t for t, k, f in model.events if k == "crowd.unit_requested" and f["unit"] == "brimob"
    )
    assert restored - asked == pytest.approx(120, abs=2), "Brimob, called at merah, needs 2 min"
    kpis = model.kpis()
    assert kpis["seized_min"] == pytest.approx((retaken - seized) / 60, abs=0.05)
    assert kpis["line_breaches"] == 1.0
    places = {u.spec.name: u.place for u in model.units()}
    assert places == {"brimob": "front", "dalmas_awal": "second"}, "regrouped by lapis ganti"
    assert not model.occupation.seized and model.status == Status.MERAH, "merah holds 5 min"


def test_occupation_rule_by_hand():
    occupation = Occupation(SeizureSpec(occupiers=5))
    assert occupation.update(9, line_holds=True) is None, "a holding line keeps the gate"
    assert occupation.update(4, line_holds=False) is None, "too few to seize"
    assert occupation.update(5, line_holds=False) == "seized"
    assert occupation.update(0, line_holds=False) is None, "nobody retakes it without a line"
    assert occupation.update(5, line_holds=True) is None, "the occupiers are still there"
    assert occupation.update(4, line_holds=True) == "retaken"


def test_tyre_fires_make_kuning_and_never_merah_by_themselves(monkeypatch):
    """Perkap 16/2006 (DOMAIN.md) lists burning tyres under kuning: with the crowd's activity
    and violence not counted (below min_crowd), no damage and no seizure, the scene turns
    kuning with the first fire and never merah, however many burn."""
    monkeypatch.setattr(fires_module, "IGNITION_RATE", 0.01)
    monkeypatch.setattr(model_module, "DAMAGE_RATE", 0.0)
    status = dict(min_crowd=1000, merah_damage_events=3)  # 100 people: never counted
    scene = gate_scene(
        100, legitimacy=0.7, hardship=(0.2, 1.0), status=status, seizure=dict(occupiers=100)
    )
    model = CrowdModel(scene, line_strategy(), rng=3)
    model.run(90)
    assert (model.state == State.ACTIVE).any(), "not everyone is violent"
    fires = [t for t, k, _ in model.events if k == "crowd.tyre_fire"]
    changes = [(t, f["status"]) for t, k, f in model.events if k == "crowd.status"]
    assert len(fires) >= 3
    assert changes == [(fires[0], "kuning")], "kuning with the first fire, no merah"
    kpis = model.kpis()
    assert kpis["tyre_fires"] == len(fires) and kpis["property_damage_events"] == 0


def test_fires_burn_out_or_are_put_out_faster_with_a_water_cannon():
    line = np.array([[0.0, 0.0]])
    far, near, cannon = TyreFires(), TyreFires(), TyreFires()
    far.burning = [Fire(100.0, 0.0, 0.0)]
    near.burning = [Fire(5.0, 0.0, 0.0)]
    cannon.burning = [Fire(5.0, 0.0, 0.0)]
    ended = {"far": None, "near": None, "cannon": None}
    for step in range(1, 2000):
        t = step * 1.0
        for name, f, wc in (("far", far, False), ("near", near, False), ("cannon", cannon, True)):
            for _, how in f.burn(t, 1.0, line, wc):
                ended[name] = (t, how)
    assert ended["cannon"] == (WATER_CANNON_EXTINGUISH_S, "extinguished")
    assert ended["near"] == (EXTINGUISH_S, "extinguished")
    assert ended["far"] == (BURN_S, "burnt_out")


def test_smoke_agitates_people_near_a_fire():
    fires = TyreFires()
    fires.burning = [Fire(0.0, 0.0, 0.0), Fire(3.0, 0.0, 0.0)]
    drive = fires.smoke_drive(np.array([[1.0, 0.0], [12.0, 0.0], [50.0, 0.0]]))
    per_fire = SMOKE_AGITATION / 60
    assert drive == pytest.approx([2 * per_fire, per_fire, 0.0])


def test_line_hold_and_breach_rule_by_hand():
    # 30 Dalmas Awal in front, 38 shielded Dalmas Lanjut behind: 30 + 0.5 * 38 * 1.5 * 1.5.
    hold = line_hold([("dalmas_awal", 30, False, True), ("dalmas_lanjut", 38, True, False)])
    assert hold == pytest.approx(30 + 42.75)
    states = np.array([State.VIOLENT] * 10 + [State.ACTIVE] * 8 + [State.CALM] * 50)
    assert line_push(states) == pytest.approx(12.0)
    every_other = np.arange(len(states)) % 2 == 0  # 5 violent and 4 active within reach
    assert line_push(states, every_other) == pytest.approx(5 + 4 * 0.25)
    watch = LineWatch()
    assert not watch.gives_way(13, 12, 0.0)
    assert not watch.gives_way(13, 12, BREACH_SUSTAIN_S - 2)
    assert not watch.gives_way(11, 12, BREACH_SUSTAIN_S), "relief resets the overload"
    assert not watch.gives_way(13, 12, BREACH_SUSTAIN_S + 2)
    assert watch.gives_way(13, 12, 2 * BREACH_SUSTAIN_S + 2)
    assert watch.broken and watch.breaches == 1


@pytest.mark.parametrize("seed", range(3))
def test_within_reach_of_a_line_is_the_nearest_officer_by_hand(seed):
    """Who stands within reach of a formation: the same as measuring to every officer, for
    lines at any angle with their officers in any order, and for people exactly at reach."""
    rng = np.random.default_rng(seed)
    lines = []
    for _ in range(3):  # three slanted lines of shuffled officers 0.7 m apart
        start, angle = rng.uniform(0, 40, 2), rng.uniform(0, np.pi)
        steps = np.arange(rng.integers(5, 40))[:, None] * 0.7
        lines.append(start + steps * [np.cos(angle), np.sin(angle)])
    officers = rng.permutation(np.vstack(lines))
    people = rng.uniform(-5, 45, (3000, 2))
    exact = officers[rng.integers(len(officers), size=50)] + [[2.0, 0.0]]  # due east, at reach
    people = np.vstack([people, exact, exact - [[4.0, 0.0]]])  # and due west
    far = np.hypot(*(people[:, None, :] - officers[None, :, :]).transpose(2, 0, 1))
    expected = far.min(axis=1) <= 2.0
    assert expected[-100:].all() and 0 < expected.sum() < len(people)
    assert np.array_equal(within(people, officers, 2.0), expected)
