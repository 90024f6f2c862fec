"""The logistics chain against hand computation, flow conservation and Little's law."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from simulation.core.drill import Drill, run_drill
from simulation.geography import load_scenario
from simulation.logistics.kpis import OUTBOUND, RETURN
from simulation.logistics.plan import make_plan
from simulation.scenario.logistics import LogisticsPlan
from tests.logistics_cases import pasuruan_logistik, tiny

H = 3600.0


def clock_h(hours: float, minutes: float = 0.0, day: int = 0) -> float:
    """Hours from 00:00 of hari H, as the logistics tables write them."""
    return round(day * 24 + hours + minutes / 60.0, 4)


def test_deterministic_chain_matches_hand_computation() -> None:
    result = run_drill(tiny(), "quiet", seed=0)
    trips = {t["leg"]: t for t in result.tables["logistics_trips"]}
    # Loading 4 kits x 2 min from 08:00, 30 km at 60 km/h, unloading 4 x 1 min.
    assert trips["truck"]["dispatch_h"] == clock_h(8, 8, day=-1)
    assert trips["truck"]["arrive_h"] == clock_h(8, 38, day=-1)
    # PPK ready 08:42, pickup loads 4 min, 5 km at 30 km/h = 10 min.
    assert trips["pickup"]["dispatch_h"] == clock_h(8, 46, day=-1)
    assert trips["pickup"]["arrive_h"] == clock_h(8, 56, day=-1)
    tps = result.tables["logistics_tps"]
    assert [r["pps_h"] for r in tps] == [clock_h(9, 0, day=-1)] * 4
    # One desk from 13:00, 5 min per kit, then 3 km at 30 km/h = 6 min.
    assert [r["clock_ready"] for r in tps] == ["H-1 13:11", "H-1 13:16", "H-1 13:21", "H-1 13:26"]
    # Counting ends 19:00; boxes ride 6 min to the PPS and 10 min to the PPK.
    assert trips["return"]["arrive_h"] == clock_h(19, 16)
    kpis = result.kpis
    assert kpis["logistics.ready_on_time_share"] == 1.0
    assert kpis["logistics.last_ready_vs_deadline_min"] == pytest.approx(-(17 * 60 + 34))
    # Unescorted: 4 kits x (30 + 10 + 10) min.
    assert kpis["logistics.unescorted_kit_hours"] == pytest.approx(4 * 50 / 60)
    assert kpis["logistics.escort_officer_hours"] == 0.0


def test_escort_every_vehicle_by_hand() -> None:
    result = run_drill(tiny(), "escorted", seed=0)
    trips = {t["leg"]: t for t in result.tables["logistics_trips"]}
    # The Polsek car drives 30 min from beta to the warehouse: the truck leaves at 08:38.
    assert trips["truck"]["dispatch_h"] == clock_h(8, 38, day=-1)
    # It is released at beta at 09:08, escorts the pickup (09:16-09:26), then drives 10 min
    # to the PPS for the return (19:16-19:26): 3 officers x (60 + 10 + 20) min.
    assert trips["pickup"]["dispatch_h"] == clock_h(9, 16, day=-1)
    assert trips["return"]["arrive_h"] == clock_h(19, 26)
    assert result.kpis["logistics.escort_officer_hours"] == pytest.approx(3 * 90 / 60)
    assert result.kpis["logistics.unescorted_kit_hours"] == 0.0
    lent = [e for e in result.events if e.fields.get("who", "").startswith("logistics:")]
    kinds = [e.kind for e in lent]
    assert kinds.count("force.assign") == kinds.count("force.release") == 3


def test_a_withdrawal_holds_kits_until_redelivery() -> None:
    spec = tiny(
        {
            "logistics.withdrawals": [
                {"pps": ["desa"], "at": "H-1 21:00", "redeliver": "05:00"},
            ]
        }
    )
    tps = run_drill(spec, "quiet", seed=0).tables["logistics_tps"]
    assert {r["clock_ready"] for r in tps} == {"05:06"}
    assert all(r["withdrawn"] == 1 for r in tps)


@pytest.fixture(scope="module")
def pasuruan() -> Drill:
    """The bundled logistics drill on a seed with a wet H-1 in the highlands."""
    drill = Drill(pasuruan_logistik(), "statis", seed=1)
    drill.result = drill.run()  # type: ignore[attr-defined]
    return drill


def test_every_kit_and_box_is_counted_once(pasuruan: Drill) -> None:
    result = pasuruan.result  # type: ignore[attr-defined]
    spec = pasuruan.scenario
    rows = result.tables["logistics_tps"]
    assert (
        len({r["tps"] for r in rows})
        == len(rows)
        == sum(s.tps.total for s in spec.geography.sectors)
    )
    outbound = Counter(r["status"] for r in rows)
    returned = Counter(r["box_status"] for r in rows)
    assert set(outbound) <= set(OUTBOUND) and set(returned) <= set(RETURN)
    assert sum(outbound.values()) == sum(returned.values()) == len(rows)
    kpis = result.kpis
    assert kpis["logistics.late_tps"] == outbound["late"] > 0
    assert kpis["logistics.undelivered_tps"] == outbound["undelivered"]
    assert kpis["logistics.ready_on_time_share"] == pytest.approx(outbound["on_time"] / len(rows))
    assert kpis["logistics.boxes_lost"] == returned["lost"]
    # What the trucks and pickups carried adds up to what each kecamatan and PPS needs.
    trips = result.tables["logistics_trips"]
    for sector in spec.geography.sectors:
        carried = sum(t["kits"] for t in trips if t["leg"] == "truck" and t["sector"] == sector.id)
        assert carried == sector.tps.total
    for pps in spec.logistics.pps:
        dropped = sum(
            t["kits"] for t in trips if t["leg"] == "pickup" and t["destination"] == pps.id
        )
        assert dropped == pps.tps


def test_littles_law_on_docks_and_desks(pasuruan: Drill) -> None:
    model = next(c for c in pasuruan.components if c.name == "logistics")
    stations = [model.docks, *model.desks.values()]
    checked = 0
    for station in stations:
        queue_length, rate, wait = station.little()
        if rate == 0.0:
            continue
        assert queue_length == pytest.approx(rate * wait, rel=1e-9, abs=1e-12)
        checked += 1
    assert checked > 300
    assert model.docks.little()[0] > 1.0  # trucks really queue for the docks


def test_lateness_comes_from_the_highlands(pasuruan: Drill) -> None:
    rows = pasuruan.result.tables["logistics_kecamatan"]  # type: ignore[attr-defined]
    late = {r["sector"] for r in rows if r["late_tps"]}
    assert late
    terrain = {s.id: s.terrain for s in pasuruan.scenario.geography.sectors}
    assert all(terrain[s] == "highland" for s in late)


def test_escorting_every_vehicle_slows_incident_response() -> None:
    """Both sides of the escort plan: fewer kits alone on the road, slower patrols.

    The plan alone, without the MSEL (its convoy holds keep kits on the road longer wherever
    escorts have run out, which is the injects' effect, not the escort lever's) and without rain:
    on a wet day every escort is tied up in slow trips and escorting every vehicle can leave more
    kits alone than escorting the vulnerable routes only, which depends on the day's weather."""
    spec = load_scenario("pasuruan_logistik_2024", {"logistics.rain": [], "msel": None})
    light = [run_drill(spec, "statis", seed) for seed in (1, 2)]
    heavy = [run_drill(spec, "kawal_penuh", seed) for seed in (1, 2)]
    mean = lambda runs, k: sum(r.kpis[k] for r in runs) / len(runs)  # noqa: E731
    assert mean(heavy, "logistics.escort_officer_hours") > 3 * mean(
        light, "logistics.escort_officer_hours"
    )
    assert mean(heavy, "patrol.response_mean_min") > mean(light, "patrol.response_mean_min")
    assert mean(heavy, "logistics.unescorted_kit_hours") < mean(
        light, "logistics.unescorted_kit_hours"
    )


def test_prepositioning_moves_highland_trucks_a_day_earlier() -> None:
    spec = pasuruan_logistik()
    start = spec.metadata.start
    base = {p.sector: p for p in make_plan(spec, spec.strategies["statis"], start).sectors}
    early = make_plan(spec, spec.strategies["prapos_dataran_tinggi"], start).sectors
    for plan in early:
        shift = base[plan.sector].load_from - plan.load_from
        village = base[plan.sector].village_from - plan.village_from
        day = 86400.0 if spec.sector(plan.sector).terrain == "highland" else 0.0
        assert shift == village == day


def test_same_seed_same_run(pasuruan: Drill) -> None:
    again = run_drill(pasuruan.scenario, pasuruan.strategy_name, pasuruan.seed)
    first = pasuruan.result  # type: ignore[attr-defined]
    assert again.tables == first.tables
    assert [(e.t, e.kind, e.fields) for e in again.events] == [
        (e.t, e.kind, e.fields) for e in first.events
    ]
    assert again.kpis.keys() == first.kpis.keys()
    for name, value in first.kpis.items():
        assert again.kpis[name] == value or (math.isnan(value) and math.isnan(again.kpis[name]))


AMBUSH = {
    "logistics.returns.ambush": {
        "incident_type": "theft",
        "probability": 1.0,
        "escorted_factor": 1.0,
        "recover_within": "30 min",
    }
}


def test_ambushed_boxes_are_recovered_by_the_nearest_patrol() -> None:
    result = run_drill(tiny(AMBUSH), "quiet", seed=0)
    (theft,) = result.tables["incidents"]
    assert (theft["cause"], theft["sector"], theft["responder"]) == ("logistics", "beta", "polsek")
    assert float(theft["response_min"]) < 30.0
    # Boxes leave the PPS at 19:06, lose 30 min to the ambush, and ride 10 min in all.
    assert {r["box_ppk_h"] for r in result.tables["logistics_tps"]} == {clock_h(19, 46)}
    assert result.kpis["logistics.ambushes"] == 1 and result.kpis["logistics.boxes_lost"] == 0


def test_ambushed_boxes_are_lost_when_no_patrol_comes() -> None:
    result = run_drill(tiny({**AMBUSH, "strategies.quiet.mobile": []}), "quiet", seed=0)
    (theft,) = result.tables["incidents"]
    assert theft["outcome"] == "unanswered"
    assert {r["box_status"] for r in result.tables["logistics_tps"]} == {"lost"}
    assert result.kpis["logistics.boxes_lost"] == 4
    assert result.kpis["logistics.boxes_at_ppk_share"] == 0.0


@pytest.mark.parametrize(("convoy", "dispatch"), [(1, [(8, 4), (8, 8)]), (2, [(8, 8)])])
def test_convoys_wait_for_their_last_truck(convoy: int, dispatch: list[tuple[int, int]]) -> None:
    """Two trucks of 2 kits load one after the other on one dock (4 min each)."""
    spec = tiny(
        {
            "logistics.vehicles[0].capacity": 2,
            "logistics.legs.warehouse_ppk.fleet": 2,
            "strategies.quiet.logistics": {"convoy_size": convoy},
        }
    )
    trips = run_drill(spec, "quiet", 0).tables["logistics_trips"]
    trucks = [t["dispatch_h"] for t in trips if t["leg"] == "truck"]
    assert trucks == [clock_h(h, m, day=-1) for h, m in dispatch]


def test_departure_time_lever_moves_every_wave() -> None:
    spec = pasuruan_logistik()
    strategy = spec.strategies["statis"].model_copy(
        update={"logistics": LogisticsPlan(depart_at="05:00")}
    )
    start = spec.metadata.start
    for plan in make_plan(spec, strategy, start).sectors:
        clock = plan.load_from + start
        assert clock % 86400.0 == 5 * 3600.0


def test_reserve_trucks_take_over_broken_loads() -> None:
    """Every trip breaks down three times; a spare is at most 30 min away plus a 10 min swap."""
    breakdowns = {"logistics.breakdowns": {"per_100km": 1e6, "repair": "10 h", "swap": "10 min"}}
    spare = tiny({**breakdowns, "strategies.quiet.logistics": {"reserve_trucks": 3}})
    (truck,) = [
        t for t in run_drill(spare, "quiet", 0).tables["logistics_trips"] if t["leg"] == "truck"
    ]
    assert truck["breakdowns"] == 3
    assert truck["arrive_h"] - truck["dispatch_h"] <= (30 + 3 * (30 + 10)) / 60 + 1e-9
    (slow,) = [
        t
        for t in run_drill(tiny(breakdowns), "quiet", 0).tables["logistics_trips"]
        if t["leg"] == "truck"
    ]
    assert slow["arrive_h"] - slow["dispatch_h"] > truck["arrive_h"] - truck["dispatch_h"] + 1.0
