"""Hand-computed cases of the patrol model: travel, queueing, priority, pre-emption,
escalation, TPS guards and unit capabilities.

The line scenario: hq sits at sector a; a-b is 10 km and b-c 20 km of arterial road at 40 km/h,
so a car from hq needs 15 min to b and 45 min to c; incidents lie at sector centres.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulation.core.drill import Drill, run_drill
from simulation.geography import load_scenario
from simulation.patrol.incidents import Incident
from simulation.patrol.model import PatrolModel
from simulation.scenario import DEFAULT_SCENARIO

LINE = Path(__file__).parent / "data" / "line.yaml"
MIN = 60.0


def drill_with(
    incidents: list[tuple[float, str, str, dict]], strategy: str = "one_car", **overrides: object
) -> Drill:
    """A line drill whose only incidents are the given (time, type, sector, extra) ones."""
    spec = load_scenario(LINE, dict(overrides) or None)
    drill = Drill(spec, strategy, seed=0)
    types = {t.id: t for t in spec.incidents.types}

    def inject():
        for t, type_id, sector, extra in incidents:
            yield drill.env.timeout(t - drill.env.now)
            itype = types[type_id]
            drill.component("patrol").report(
                Incident(
                    id=-1,
                    type=itype,
                    sector=sector,
                    t_report=t,
                    severity=itype.severity,
                    on_scene_s=itype.on_scene.mean,
                    local_km=0.0,
                    **extra,
                )
            )

    drill.env.process(inject())
    drill.run()
    return drill


def test_travel_and_on_scene_times_are_the_hand_computed_ones():
    drill = drill_with([(100.0, "minor", "c", {})])
    (inc,) = drill.component("patrol").incidents
    assert inc.t_arrival - inc.t_report == pytest.approx(45 * MIN)
    assert inc.t_cleared == pytest.approx(100 + 45 * MIN + 120 * MIN)
    unit = drill.dispatcher.units[0]
    assert unit.node == "hq" and unit.state == "idle"
    assert unit.busy_s == pytest.approx(165 * MIN)  # travel out and work; the way home is free


def test_a_waiting_incident_is_served_when_the_unit_is_free():
    drill = drill_with([(0.0, "minor", "c", {}), (10 * MIN, "minor", "b", {})])
    first, second = drill.component("patrol").incidents
    assert first.t_cleared == pytest.approx(165 * MIN)
    # From c to b is 30 min; the second waited from 10 min to 165 min for the car.
    assert second.t_dispatch == pytest.approx(165 * MIN)
    assert second.t_arrival == pytest.approx(195 * MIN)
    assert second.escalated and second.severity == 2  # it waited more than 30 min


def test_the_more_severe_incident_is_served_first():
    drill = drill_with(
        [(0.0, "minor", "b", {}), (20 * MIN, "minor", "c", {}), (30 * MIN, "serious", "a", {})],
        **{"strategies.one_car.dispatch.preempt_min_severity": None},
    )
    busy, early_minor, serious = drill.component("patrol").incidents
    assert busy.t_cleared == pytest.approx(135 * MIN)
    assert serious.t_dispatch == pytest.approx(135 * MIN)
    assert early_minor.t_dispatch > serious.t_dispatch


def test_preemption_takes_the_unit_and_the_first_incident_resumes():
    drill = drill_with([(0.0, "minor", "b", {}), (60 * MIN, "serious", "c", {})])
    minor, serious = drill.component("patrol").incidents
    assert minor.t_arrival == pytest.approx(15 * MIN)
    assert serious.t_arrival - serious.t_report == pytest.approx(30 * MIN)  # from b, not hq
    assert minor.preempted == 1
    # 45 min of 120 worked at b; back from c (30 min) after the serious one clears at 120 min.
    assert minor.t_cleared == pytest.approx(120 * MIN + 30 * MIN + 75 * MIN)
    kinds = [e.kind for e in drill.events]
    assert "patrol.preempt" in kinds


def test_reserves_are_not_sent_to_minor_incidents():
    drill = drill_with(
        [(0.0, "minor", "c", {}), (5 * MIN, "minor", "b", {}), (10 * MIN, "serious", "b", {})],
        strategy="with_brimob",
    )
    first, second, serious = drill.component("patrol").incidents
    assert first.responder == "car"
    assert second.t_dispatch is not None and second.t_dispatch > 60 * MIN  # waited for the car
    assert serious.responder == "brimob"
    assert serious.t_arrival - serious.t_report == pytest.approx(15 * MIN)


@pytest.mark.parametrize(
    ("tps_class", "guarded_alone"), [("sangat_rawan", True), ("kurang_rawan", False)]
)
def test_tps_guards_take_minor_incidents_at_their_tps(tps_class, guarded_alone):
    extra = {"tps_class": tps_class, "tps_index": 1, "guard_draw": 0.5}
    drill = drill_with([(0.0, "minor", "a", extra)])
    (inc,) = drill.component("patrol").incidents
    assert inc.responder == "tps_guard"
    if guarded_alone:  # 2-1-2: the pair stands at this very TPS
        assert inc.response_s == 0.0
    else:  # 2-8-16: the pair walks a round of 8 TPS (spacing sqrt(10 km2 / 18 TPS))
        spacing = (10 / 18) ** 0.5
        assert inc.response_s == pytest.approx(3600 * spacing * 7**0.5 * 1.04 * 0.5 / 20)
    assert drill.dispatcher.units[0].busy_s == 0.0


def test_a_tps_khusus_is_guarded_to_its_own_pattern():
    """Two TPS khusus in sector a guarded 2-1-2 ('sangat_rawan_2024'): the pair stands at the
    TPS, so a minor incident there is answered at once."""
    khusus = {
        "geography.sectors[0].tps.khusus": 2,
        "strategies.one_car.tps_guard.khusus": "sangat_rawan_2024",
    }
    extra = {"tps_class": "khusus", "tps_index": 1, "guard_draw": 0.5}
    drill = drill_with([(0.0, "minor", "a", extra)], **khusus)
    (inc,) = drill.component("patrol").incidents
    assert inc.responder == "tps_guard" and inc.response_s == 0.0


def test_a_busy_guard_pair_hands_over_to_the_mobile_unit():
    extra = {"tps_class": "kurang_rawan", "tps_index": 1, "guard_draw": 0.0}
    drill = drill_with([(0.0, "minor", "a", extra), (10 * MIN, "minor", "a", extra)])
    first, second = drill.component("patrol").incidents
    assert first.responder == "tps_guard"
    assert second.responder == "car"


def test_unit_called_back_on_its_way_home_starts_from_the_nearer_end():
    # Clears at c at 165 min and heads home (45 min). Called 10 min later it is still near c.
    drill = drill_with([(0.0, "minor", "c", {}), (175 * MIN, "minor", "b", {})])
    _, second = drill.component("patrol").incidents
    assert second.t_arrival - second.t_report == pytest.approx(30 * MIN)


def test_guards_busy_is_a_recount_of_the_groups_at_every_sample(monkeypatch):
    """The sample counts busy guard groups from a heap of their end times; it must equal
    asking every group that has ever been busy, all day long, in whole default drills."""
    pairs: list[tuple[float, int]] = []
    sample = PatrolModel._sample

    def checked(self: PatrolModel) -> None:
        sample(self)
        now = self.env.now
        recount = sum(1 for t in self.guard_busy_until.values() if t > now)
        pairs.append((self.drill.series["patrol.guards_busy"][-1][1], recount))

    monkeypatch.setattr(PatrolModel, "_sample", checked)
    spec = load_scenario(DEFAULT_SCENARIO)
    for seed in (1, 2):
        run_drill(spec, None, seed)
    assert all(sampled == recount for sampled, recount in pairs)
    assert max(recount for _, recount in pairs) >= 5, "several groups busy at once"


def test_tps_classes_are_picked_as_numpy_s_choice_picks_them():
    from simulation.patrol.incidents import _pick

    rng = np.random.default_rng(5)
    for _ in range(200):
        weights = rng.random(4) * (rng.random(4) < 0.8)  # some classes have no TPS
        if weights.sum() == 0:
            continue
        n, seed = int(rng.integers(1, 30)), int(rng.integers(1 << 30))
        mine, numpys = np.random.default_rng(seed), np.random.default_rng(seed)
        p = weights / weights.sum()
        assert _pick(mine, p, n).tolist() == numpys.choice(4, size=n, p=p).tolist()
        assert mine.random() == numpys.random(), "the stream goes on from the same place"
