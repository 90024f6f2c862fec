"""The red-phase services on hand-computed cases (tests/data/emergency_line.yaml).

The line: hq=a --10 km-- b --20 km-- c, arterial 40 km/h, local roads 20 km/h. The Damkar
engine waits at c, 30 km = 45 min from the premises at a; the one ambulance at RS C, 2 km of
local road outside c; RS B (no ambulances) sits at b, 10 km = 15 min from a.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import pytest

from simulation.core.drill import Drill
from simulation.emergency.component import EmergencyComponent
from simulation.emergency.fire import TSquaredFire
from simulation.emergency.fleet import Fleet, Vehicle
from simulation.emergency.plugin import PLUGIN
from simulation.emergency.route import Spot
from simulation.geography import load_scenario, parse_scenario
from simulation.information.plugin import MSEL
from simulation.scenario.emergency import T2_ALPHA_KW_PER_S2
from simulation.scenario.model import ScenarioSpec

DATA = Path(__file__).parent / "data" / "emergency_line.yaml"
MIN = 60.0


@cache
def line() -> ScenarioSpec:
    return load_scenario(DATA)


def drill(strategy: str = "with_brimob", seed: int = 0, **overrides: object) -> Drill:
    scenario = load_scenario(DATA, dict(overrides)) if overrides else line()
    return Drill(scenario, strategy, seed, plugins=[PLUGIN])


def emergency(d: Drill) -> EmergencyComponent:
    component = d.component("emergency")
    assert isinstance(component, EmergencyComponent)
    d.advance(0.0)  # started: watchers in place
    return component


def kinds(d: Drill, kind: str) -> list[tuple[float, dict]]:
    return [(e.t, e.fields) for e in d.events if e.kind == kind]


# --- fire growth and spread ---


@pytest.mark.parametrize(
    ("growth", "seconds"), [("slow", 600), ("medium", 300), ("fast", 150), ("ultrafast", 75)]
)
def test_t_squared_classes_reach_1055_kw_at_the_nfpa_times(growth, seconds):
    fire = TSquaredFire(T2_ALPHA_KW_PER_S2[growth], ignition_s=100.0)
    assert fire.reaches_s(1055.0) - 100.0 == pytest.approx(seconds, rel=2e-3)
    assert fire.heat_kw(100.0 + seconds / 2) == pytest.approx(1055.0 / 4, rel=4e-3)
    assert fire.heat_kw(50.0) == 0.0


def _lost(d: Drill) -> dict[str, float]:
    return {f["premises"]: t for t, f in kinds(d, "emergency.premises_lost")}


def test_a_fire_far_from_the_engine_spreads_along_the_row_at_the_set_rates():
    d = drill()
    e = emergency(d)
    e.start_fire("p1")
    d.finish()
    fast, medium, slow = (
        math.sqrt(1055 / T2_ALPHA_KW_PER_S2[g]) for g in ("fast", "medium", "slow")
    )
    # p1 lost at t_fast; p2 lit 10 min later, lost after t_medium; p3 lit 10 min after that.
    p2_lit = fast + 10 * MIN
    p3_lit = p2_lit + medium + 10 * MIN
    assert _lost(d) == pytest.approx({"p1": fast, "p2": p2_lit + medium, "p3": p3_lit + slow})
    lit = {f["premises"]: t for t, f in kinds(d, "emergency.fire")}
    assert lit == pytest.approx({"p1": 0.0, "p2": p2_lit, "p3": p3_lit})
    # the one engine: called at 2 min, 45 min on the road, 5 min to water
    water = {f["premises"]: t for t, f in kinds(d, "emergency.first_water")}
    assert water["p1"] == pytest.approx(2 * MIN + 45 * MIN + 5 * MIN)
    # it is out 20 min later and drives 45 min home before it takes p2 (waiting since 2 min
    # after p2 was lit): back at p2 another 45 min on, water 5 min after that
    free = water["p1"] + 20 * MIN + 45 * MIN
    assert water["p2"] == pytest.approx(free + 45 * MIN + 5 * MIN)
    assert d.finish().kpis["emergency.premises_burned"] == 3


def test_water_before_the_set_spread_time_keeps_the_neighbours():
    d = drill("staged")  # the engine waits at a: no drive
    e = emergency(d)
    e.start_fire("p1")
    result = d.finish()
    (water,) = kinds(d, "emergency.first_water")
    assert water[0] == pytest.approx(2 * MIN + 5 * MIN)  # before p2 would catch at 150 s + 10 min
    assert _lost(d) == pytest.approx({"p1": math.sqrt(1055 / T2_ALPHA_KW_PER_S2["fast"])})
    assert result.kpis["emergency.premises_burned"] == 1
    assert result.kpis["emergency.first_water_mean_min"] == pytest.approx(7.0)


def test_water_before_the_burn_threshold_saves_the_premises():
    d = drill("staged")
    e = emergency(d)
    e.start_fire("p3")  # slow: 1055 kW at 600 s, water at 420 s
    result = d.finish()
    assert _lost(d) == {}
    assert result.kpis["emergency.premises_burned"] == 0
    assert result.kpis["emergency.fires"] == 1
    assert e.outcome("premises", "p3") == {
        "kind": "premises",
        "premises": "p3",
        "state": "saved",
        "water": d.clock.label(7 * MIN),
    }
    assert e.outcome("premises", "p1")["state"] == "untouched"


def _riot_at_b(strategy: str) -> tuple[Drill, EmergencyComponent]:
    """p1 moved to b inside crowd 'massa', which is merah from the start; fire at p1 at 0."""
    d = drill(strategy)
    e = emergency(d)
    p1 = e.brigade.premises["p1"]
    e.brigade.premises["p1"] = p1.model_copy(update={"sector": "b", "crowd": "massa"})
    d.state.publish("crowd.massa.status", "merah")
    e.start_fire("p1")
    return d, e


def _escort_free(d: Drill) -> bool:
    return bool(d.dispatcher.free(lambda u: u.unit_type.id == "brimob"))


def test_an_escort_takes_the_engine_through_a_merah_cordon_when_it_arrives():
    d, _ = _riot_at_b("escorted")
    # the engine: called at 2 min, c-b 20 km = 30 min, at the cordon at 32 min; the Brimob
    # unit at hq (in a) is assigned then and drives a-b, 10 km = 15 min: in at 47 min
    at_cordon, in_at = 32 * MIN, 47 * MIN
    out = in_at + 5 * MIN + 20 * MIN  # water_supply, then control
    d.advance(at_cordon - 1.0)
    assert _escort_free(d)
    d.advance(at_cordon + 1.0)
    assert not _escort_free(d)
    d.advance(out - 1.0)
    assert not _escort_free(d)
    d.advance(out + 1.0)
    assert _escort_free(d)
    d.state.publish("crowd.massa.status", "hijau")
    d.finish()
    ((escorted, _),) = kinds(d, "emergency.damkar_escorted")
    assert escorted == pytest.approx(in_at)
    water = {f["premises"]: t for t, f in kinds(d, "emergency.first_water")}
    assert water["p1"] == pytest.approx(in_at + 5 * MIN)
    (brimob,) = [u for u in d.dispatcher.units if u.unit_type.id == "brimob"]
    assert brimob.busy_s == pytest.approx(out - at_cordon)


def test_without_an_escort_the_engine_waits_for_hijau():
    d, _ = _riot_at_b("with_brimob")
    d.advance(60 * MIN)
    d.state.publish("crowd.massa.status", "hijau")
    d.finish()
    water = {f["premises"]: t for t, f in kinds(d, "emergency.first_water")}
    assert water["p1"] == pytest.approx(60 * MIN + 5 * MIN)
    assert kinds(d, "emergency.damkar_escorted") == []
    (brimob,) = [u for u in d.dispatcher.units if u.unit_type.id == "brimob"]
    assert brimob.busy_s == 0.0


def test_hijau_before_the_escort_arrives_lets_the_engine_in_and_frees_the_escort():
    d, _ = _riot_at_b("escorted")
    d.advance(40 * MIN)  # the escort is on its way since 32 min
    d.state.publish("crowd.massa.status", "hijau")
    d.finish()
    water = {f["premises"]: t for t, f in kinds(d, "emergency.first_water")}
    assert water["p1"] == pytest.approx(40 * MIN + 5 * MIN)
    assert kinds(d, "emergency.damkar_escorted") == []
    (brimob,) = [u for u in d.dispatcher.units if u.unit_type.id == "brimob"]
    assert brimob.busy_s == pytest.approx(8 * MIN)


def test_an_escort_order_sends_the_held_engine_in_when_the_escort_arrives():
    d, e = _riot_at_b("with_brimob")
    assert "no 'dalmas' unit" in e.order("escort_damkar", {"unit_type": "dalmas"})
    d.advance(40 * MIN)  # the engine is held at the cordon since 32 min
    assert e.order("escort_damkar", {"unit_type": "brimob"}) is None
    d.finish()
    ((escorted, _),) = kinds(d, "emergency.damkar_escorted")
    assert escorted == pytest.approx(40 * MIN + 15 * MIN)  # Brimob a-b, 10 km
    water = {f["premises"]: t for t, f in kinds(d, "emergency.first_water")}
    assert water["p1"] == pytest.approx(55 * MIN + 5 * MIN)


# --- ambulances ---


def test_ambulance_round_trips_follow_the_road_distances():
    d = drill()
    e = emergency(d)
    e.service.injured(2, Spot("a"), "test")  # two red casualties at a, one ambulance at RS C
    result = d.finish()
    to_scene = (2 / 20 + 30 / 40) * 3600  # 2 km local out of c, then c-a
    to_rs_b = 10 / 40 * 3600  # the nearest hospital to a is RS B (15 min), not RS C (51 min)
    home = (20 / 40 + 2 / 20) * 3600  # b-c, then 2 km local to RS C
    first_care = to_scene + 5 * MIN + to_rs_b
    free = first_care + 10 * MIN + home
    second_care = free + to_scene + 5 * MIN + to_rs_b
    arrived = [t for t, f in kinds(d, "emergency.at_hospital")]
    assert arrived == pytest.approx([first_care, second_care])
    assert {f["hospital"] for _, f in kinds(d, "emergency.at_hospital")} == {"rs_b"}
    m = [0.5 * (1 - math.exp(-t / 3600)) for t in (first_care, second_care)]
    assert result.kpis["emergency.deaths"] == pytest.approx(sum(m))
    assert result.kpis["emergency.deaths_avoided"] == pytest.approx(1.0 - sum(m))
    assert result.kpis["emergency.care_red_mean_min"] == pytest.approx(
        (first_care + second_care) / 2 / MIN
    )


def test_a_staged_ambulance_shuttles_from_its_staging_point():
    d = drill("staged")  # the ambulance waits at a
    e = emergency(d)
    e.service.injured(2, Spot("a"), "test")
    d.finish()
    leg = 10 / 40 * 3600
    first = 5 * MIN + leg
    second = first + 10 * MIN + leg + 5 * MIN + leg
    assert [t for t, _ in kinds(d, "emergency.at_hospital")] == pytest.approx([first, second])


def test_the_nearest_free_vehicle_goes_and_calls_wait_by_priority_then_age():
    d = drill()
    fleet = Fleet(d.env, emergency(d).route, factor=1.0)
    far, near = Vehicle("far", "x", Spot("c")), Vehicle("near", "x", Spot("b"))
    fleet.vehicles += [far, near]
    first, second = fleet.request(Spot("a")), fleet.request(Spot("a"))
    assert (first.value, second.value) == (near, far)
    low, high = fleet.request(Spot("a"), priority=1), fleet.request(Spot("a"), priority=2)
    fleet.release(far)
    assert high.triggered and not low.triggered


def test_a_stage_order_moves_the_ambulance_and_a_busy_fleet_refuses():
    d = drill()
    d.advance(0.0)
    assert d.order("stage_ambulance", {"hospital": "rs_c", "to": "a"}) is None
    assert "no free vehicle" in d.order("stage_ambulance", {"hospital": "rs_c", "to": "b"})
    drive = (2 / 20 + 30 / 40) * 3600
    d.advance(drive + 1.0)
    emergency(d).service.injured(1, Spot("a"), "test")
    d.finish()
    ((care, _),) = kinds(d, "emergency.at_hospital")
    assert care == pytest.approx(drive + 1.0 + 5 * MIN + 10 / 40 * 3600)


# --- arrests ---


def test_an_arrest_takes_its_officers_off_the_line_for_exactly_the_trip():
    d = drill("one_car")
    e = emergency(d)
    (car,) = d.dispatcher.units
    e.transport.arrest(3, Spot("b"), "test")
    # the car drives hq-b (15 min), books them (15 min), drives b-hq (15 min), hands over (5 min)
    back = 15 * MIN + 15 * MIN + 15 * MIN + 5 * MIN
    d.advance(back - 1.0)
    assert not d.dispatcher.free(lambda u: True)
    d.advance(back + 1.0)
    assert d.dispatcher.free(lambda u: True) == [car]
    result = d.finish()
    (trip,) = result.tables["emergency_detainees"]
    assert trip["off_line_min"] == pytest.approx(back / MIN)
    assert result.kpis["emergency.detainee_officer_h"] == pytest.approx(4 * back / 3600)
    assert result.kpis["emergency.arrests"] == 3


def test_more_detainees_than_a_car_holds_need_a_second_trip():
    d = drill("one_car")
    e = emergency(d)
    e.transport.arrest(6, Spot("b"), "test")  # per_trip 4: 4, then 2 after the car is back
    result = d.finish()
    trips = result.tables["emergency_detainees"]
    assert [t["detainees"] for t in trips] == [4, 2]
    first = 15 * MIN + 15 * MIN + 15 * MIN + 5 * MIN
    # the second trip starts where the first ended (hq): the same 50 min again
    assert [t["off_line_min"] for t in trips] == pytest.approx([first / MIN, first / MIN])


def test_looters_set_the_shop_alight_when_police_come_too_late():
    d = drill("one_car")
    e = emergency(d)
    e.start_looting("p3")  # the car needs 0 min (a is hq's sector) - so it is early
    d.finish()
    assert kinds(d, "emergency.fire") == []
    d = drill("one_car", **{"emergency.premises[2].sector": "c"})  # 45 min away: too late
    e = emergency(d)
    e.start_looting("p3")
    result = d.finish()
    assert [t for t, _ in kinds(d, "emergency.fire")] == [10 * MIN]
    assert result.kpis["emergency.arrests"] == 6


# --- hostage taking ---


def test_a_rescue_order_sends_the_team_in_when_it_arrives():
    d = drill()
    e = emergency(d)
    e.take_hostage("kantor")
    assert e.order("order_rescue", {"situation": "kantor"}) is None
    result = d.finish()
    ends = [
        e.t for e in d.events if e.kind in ("emergency.hostage_rescued", "emergency.hostage_hurt")
    ]
    assert ends == pytest.approx([15 * MIN])  # Brimob from hq to b, no talking first
    assert not any(e.kind == "emergency.negotiation" for e in d.events)
    assert result.kpis["emergency.hostage_resolved_mean_min"] == pytest.approx(15.0)


def test_negotiated_release_share_matches_its_probability():
    """P(released) = p (1 - exp(-rescue_after / mean)) = 0.5 (1 - e^-1) over seeds."""
    scenario = load_scenario(DATA, {"emergency.hostage.negotiation_mean": "60 min"})
    released = 0
    n = 400
    for seed in range(n):
        d = Drill(scenario, "with_brimob", seed, plugins=[PLUGIN])
        emergency(d).take_hostage("kantor")
        d.advance(4 * 3600)
        released += any(e.kind == "emergency.hostage_released" for e in d.events)
    p = 0.5 * (1 - math.exp(-1))
    assert abs(released / n - p) < 4 * math.sqrt(p * (1 - p) / n)


# --- a mass-casualty inject ---

CASUALTY_INJECT = """
msel:
  injects:
    - {number: K1, time: "09:00", event: Korban massal,
       action: {casualties: {at: a, red: 1, yellow: 1, green: 1, black: 1}}}
"""


def test_a_casualty_inject_goes_through_triage_the_ambulance_and_the_death_curves():
    text = DATA.read_text(encoding="utf-8").replace(
        "strategies:\n", CASUALTY_INJECT + "strategies:\n"
    )
    scenario = parse_scenario(text, "line.yaml", folder=DATA.parent)
    d = Drill(scenario, "with_brimob", 0, plugins=[PLUGIN, MSEL])
    result = d.finish()
    t0 = 3600.0  # 09:00, an hour after the start
    to_scene = (2 / 20 + 30 / 40) * 3600  # the one ambulance: 2 km out of RS C, then c-a
    to_rs_b, home = 10 / 40 * 3600, (20 / 40 + 2 / 20) * 3600
    red = t0 + to_scene + 5 * MIN + to_rs_b  # red first
    yellow = red + 10 * MIN + home + to_scene + 5 * MIN + to_rs_b  # after its round trip
    arrivals = kinds(d, "emergency.at_hospital")
    assert [f["triage"] for _, f in arrivals] == ["red", "yellow"]
    assert [t for t, _ in arrivals] == pytest.approx([red, yellow])
    deaths = 1.0 + 0.5 * (1 - math.exp(-(red - t0) / 3600))  # black, and red by its delay
    deaths += 0.1 * (1 - math.exp(-(yellow - t0) / (3 * 3600)))  # green: treated on scene
    assert result.kpis["emergency.deaths"] == pytest.approx(deaths)
    assert result.kpis["emergency.casualties"] == 4
    (row,) = [r for r in result.tables["msel"] if r["number"] == "K1"]
    last = d.clock.label(yellow)
    assert row["response"] == f"4 casualties triaged, 2 of 2 taken to hospital; the last at {last}"


def test_a_counted_casualty_inject_is_triaged_by_the_scenario_shares():
    text = DATA.read_text(encoding="utf-8").replace(
        "strategies:\n",
        CASUALTY_INJECT.replace("red: 1, yellow: 1, green: 1, black: 1", "count: 3")
        + "strategies:\n",
    )
    d = Drill(
        parse_scenario(text, "line.yaml", folder=DATA.parent),
        "with_brimob",
        0,
        plugins=[PLUGIN, MSEL],
    )
    d.finish()
    assert [r["triage"] for r in d.component("emergency").service.rows()] == ["red"] * 3
