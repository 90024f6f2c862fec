"""The bundled red-phase recap: with its MSEL (a rumour, paid provocateurs) the crowd reaches
merah through its own rule, a shop burns, a hostage is taken, casualties reach hospital and the
city returns to hijau - in that order."""

from __future__ import annotations

import pytest

from simulation.core.drill import DrillResult, run_drill
from simulation.geography import load_scenario

FAST = {"crowd.duration": "45 min"}
"""The scene cut 5 minutes after the provocateurs' inject (09:40) so that a drill takes a few
seconds: the story still runs to its end (the cordon lifts when the scene is over). The whole
scene's storyline is measured over 20 drills in docs/emergency.md."""


@pytest.fixture(scope="module")
def recap() -> DrillResult:
    scenario = load_scenario("pasuruan_rekap_merah_2024", FAST)
    return run_drill(scenario, "berlapis_darurat", seed=1)


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
    assert first(recap, "crowd.agitated") < first(recap, "crowd.provoked") <= merah
    assert merah <= first(recap, "emergency.looting") <= first(recap, "emergency.hostage_taken")
    assert merah <= first(recap, "emergency.premises_lost") < first(recap, "emergency.first_water")
    assert merah < first(recap, "emergency.at_hospital")
    scripted = [c for c in recap.tables["emergency_casualties"] if c["source"] == "inject M4b"]
    assert sorted(c["triage"] for c in scripted) == ["green"] * 8 + ["red"] * 2 + ["yellow"] * 4
    assert all(c["care"] for c in scripted), "every scripted casualty reaches care"
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
    for number in ("M2a", "M2b", "M3", "M3b", "M4", "M4b"):
        assert rows[number]["fired"] == "yes", number
    assert rows["M2a"]["response"] == "perceived legitimacy 0.92 -> 0.87"
    assert rows["M2b"]["response"] == "20 more provocateurs in pendukung_01"
    assert rows["M4b"]["response"].startswith("14 casualties triaged, 6 of 6 taken to hospital")
    assert rows["M3b"]["response"].startswith("toko_pogar_2 lost to fire at 09:")
    assert rows["M4"]["response"].startswith("hostages ")
    assert recap.tables["emergency_fires"] and recap.tables["emergency_hostages"]
