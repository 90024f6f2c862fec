"""The bundled red-phase recap: with its MSEL the crowd reaches merah, a shop burns, a hostage is
taken, casualties reach hospital and the city returns to hijau - in that order."""

from __future__ import annotations

import pytest

from simulation.core.drill import DrillResult, run_drill
from simulation.geography import load_scenario


@pytest.fixture(scope="module")
def recap() -> DrillResult:
    return run_drill(load_scenario("pasuruan_rekap_merah_2024"), "berlapis_darurat", seed=1)


def first(result: DrillResult, kind: str, **fields: object) -> float:
    times = [
        e.t
        for e in result.events
        if e.kind == kind and all(e.fields.get(k) == v for k, v in fields.items())
    ]
    assert times, f"no {kind} {fields}"
    return times[0]


def test_the_red_phase_story_happens_in_order(recap):
    merah = first(recap, "emergency.phase", phase="merah")
    assert first(recap, "crowd.status", status="merah") == merah
    assert merah <= first(recap, "emergency.looting") <= first(recap, "emergency.hostage_taken")
    assert merah <= first(recap, "emergency.premises_lost") < first(recap, "emergency.first_water")
    assert merah < first(recap, "emergency.at_hospital")
    back = [e.t for e in recap.events if e.kind == "emergency.phase"][-1]
    assert recap.events[-1].t >= back > first(recap, "emergency.fire_out")
    k = recap.kpis
    assert k["emergency.premises_burned"] >= 1
    assert k["emergency.restored"] == 1
    assert k["emergency.waiting_at_end"] == 0
    assert k["emergency.pemulihan_min"] == pytest.approx((back - merah) / 60)
    assert k["emergency.arrests"] >= 4  # the looters, at least
    phases = recap.series["emergency.phase"]
    assert phases[-1][1] == 0 and max(v for _, v in phases) == 2


def test_every_red_phase_inject_fired_and_the_export_says_so(recap):
    rows = {r["number"]: r for r in recap.tables["msel"]}
    for number in ("M3", "M3b", "M4"):
        assert rows[number]["fired"] == "yes", number
    assert rows["M3b"]["response"].startswith("toko_pogar_2 lost to fire at 09:")
    assert rows["M4"]["response"].startswith("hostages ")
    assert recap.tables["emergency_fires"] and recap.tables["emergency_hostages"]
