"""A surge draws the same incidents however its excess is given, and mostly draws none.

The hoaxes' surge passes an array per sector; injects pass a dict per (sector, type); both
must read the surge's stream the same way (a one-call shortcut for all-zero counts, and a
replay from the saved state otherwise), so drills stay bit for bit what they were.
"""

from __future__ import annotations

import numpy as np

from simulation.core.drill import Drill
from simulation.geography import load_scenario
from simulation.patrol.surge import IncidentSurge, _surely_none


def surge(seed: int) -> IncidentSurge:
    spec = load_scenario("pasuruan_pilkada_2024")
    return IncidentSurge(Drill(spec, "statis", seed), "test")


def incidents(s: IncidentSurge) -> list[tuple]:
    return [(i.t_report, i.sector, i.type.id, i.local_km, i.guard_draw) for i in s.incidents]


def test_array_and_dict_draw_the_same_incidents():
    by_dict, by_array = surge(3), surge(3)
    sectors = [s.id for s in by_dict.drill.scenario.geography.sectors]
    types = tuple(by_dict.drill.scenario.information.incident_types)
    rng = np.random.default_rng(0)
    drawn = 0
    for step in range(200):
        grievance = rng.uniform(-0.2, 0.6, len(sectors))  # some sectors calm (<= 0)
        excess = {
            (sid, t): 2.0 * g
            for sid, g in zip(sectors, grievance.tolist(), strict=True)
            if g > 0
            for t in types
        }
        t0, t1 = 600.0 * step, 600.0 * (step + 1)
        drawn += by_dict.add(t0, t1, excess)
        by_array.add_per_sector(t0, t1, np.where(grievance > 0, 2.0 * grievance, 0.0), types)
    assert drawn > 5, "enough steps draw incidents to exercise the replay"
    assert incidents(by_dict) == incidents(by_array)


def test_the_shortcut_reads_the_stream_as_one_call_per_source():
    """Counts of one surge drawn source by source (the way before the shortcut) match."""
    s = surge(5)
    ref = np.random.Generator(type(s.rng.bit_generator)())
    ref.bit_generator.state = s.rng.bit_generator.state
    lam = s._rate * 0.01 * s._fmax * 600.0 / 3600.0
    one_by_one = [ref.poisson(x) for x in lam.tolist()]
    assert s.rng.poisson(lam).tolist() == one_by_one


def test_uniforms_decide_an_all_zero_poisson_draw_as_poisson_itself_reads_the_stream():
    """When the uniforms say 'no incident anywhere', poisson agrees and leaves the stream in the
    same state; when they are unsure, the stream is where it was; rates of 0 (no draw), rare
    ones and lam >= 10 (another algorithm) included."""
    rng, sure = np.random.default_rng(11), 0
    for trial in range(3000):
        lam = rng.uniform(0.0, 0.02, rng.integers(1, 40)) * (50.0 if trial % 5 == 0 else 1.0)
        lam[rng.random(lam.size) < 0.25] = 0.0
        if trial % 97 == 0:
            lam[0] = 12.0
        seed = int(rng.integers(2**32))
        ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
        if _surely_none(ours, lam):
            sure += 1
            assert not theirs.poisson(lam).any()
        assert ours.bit_generator.state == theirs.bit_generator.state
    assert 1000 < sure < 3000  # both answers occur


def test_no_grievance_anywhere_draws_nothing():
    """The hoaxes' surge is asked every step, grievance or not: where no sector has excess it
    must leave its stream untouched, as it did when the caller skipped it."""
    s = surge(7)
    types = tuple(s.drill.scenario.information.incident_types)
    before = s.rng.bit_generator.state
    assert s.add_per_sector(0.0, 600.0, np.zeros(len(s.sectors)), types) == 0
    assert s.rng.bit_generator.state == before


def test_the_surge_stream_never_holds_half_a_draw_for_the_step_back_to_drop():
    """Unsure, the shortcut steps the stream back with PCG64's ``advance``, which drops a
    buffered 32-bit half (left by ``integers`` with a small range, for one). That is exact only
    while the surge's stream makes 64-bit draws alone: drafting incidents here (times, counts,
    places, TPS picks, on-scene times) must leave no half buffered."""
    s = surge(9)
    sectors = len(s.sectors)
    types = tuple(s.drill.scenario.information.incident_types)
    rng = np.random.default_rng(1)
    drawn = 0
    for step in range(120):
        excess = np.where(rng.random(sectors) < 0.5, rng.uniform(20.0, 60.0, sectors), 0.0)
        drawn += s.add_per_sector(600.0 * step, 600.0 * (step + 1), excess, types)
        assert s.rng.bit_generator.state["has_uint32"] == 0, f"after step {step}"
    assert drawn > 20, f"incidents were drafted: {drawn}"
