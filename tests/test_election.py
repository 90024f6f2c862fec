"""The election-period scenes on hand-computed cases (the line scenario, docs/election_period.md).

The line drill: hq sits at sector a; a-b is 10 km and b-c 20 km of arterial road at 40 km/h
(15 and 30 min by car). It starts at 08:00 (t = 0).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from agents.permit import first_after_hours
from simulation.cli import main
from simulation.core.drill import Drill
from simulation.election.plugin import PLUGIN
from simulation.election.rally import attendance
from simulation.geography import load_scenario
from simulation.scenario.election import Rally
from simulation.scenario.units import parse_clock
from tests.test_dispatcher import LINE

H, MIN = 3600.0, 60.0
CALENDAR = [{"id": "hari_h", "name": "Hari H", "from": "08:00"}]
PERKAP7 = {"comply_share": 0.6, "clear_per_unit_hour": 200, "incident_type": "serious"}


def drill(election: dict, strategy: str = "with_brimob", seed: int = 0, **more: object) -> Drill:
    overrides = {"metadata.horizon": "40 h", "election": {"calendar": CALENDAR, **election}}
    overrides.update(more)  # type: ignore[arg-type]
    return Drill(load_scenario(LINE, overrides), strategy, seed=seed, plugins=[PLUGIN])


def run(election: dict, **kwargs: object) -> tuple[Drill, dict[str, float]]:
    d = drill(election, **kwargs)
    return d, d.run().kpis


# --- Perkap 7/2012 ------------------------------------------------------------------------------


def clock(text: str) -> float:
    return parse_clock(text)


ALLOWED = (clock("06:00"), clock("18:00"))


@pytest.mark.parametrize(
    ("start", "end", "first"),
    [
        ("07:00", "17:59", None),
        ("07:00", "20:00", "18:00"),
        ("05:00", "09:00", "05:00"),
        ("19:00", "21:00", "19:00"),
        ("H-1 07:00", "H-1 23:00", "H-1 18:00"),
        ("07:00", "H+1 07:00", "18:00"),
    ],
)
def test_the_first_instant_outside_06_to_18(start: str, end: str, first: str | None):
    found = first_after_hours(ALLOWED, clock(start), clock(end))
    assert found == (None if first is None else clock(first))


def demo(start: str, stay: str, **perkap: object) -> dict:
    # hq and sector a are the same point: the march arrives at once and the units are there
    march = {
        "id": "aksi",
        "route": ["hq", "a"],
        "start": start,
        "people": 1000,
        "stay": stay,
        "police": {"unit_types": ["car", "brimob"], "count": 2},
    }
    return {"marches": [march], "perkap7": {**PERKAP7, **perkap}}


def test_a_crowd_staying_past_18_is_warned_ordered_to_disperse_and_cleared():
    d, kpis = run(demo("17:00", "3 h"))
    kinds = {e.kind: e.t for e in d.events if e.kind.startswith("election.perkap7")}
    assert kinds["election.perkap7_warning"] == 10 * H  # 18:00
    assert kinds["election.perkap7_dispersal"] == 10.5 * H  # 18:30, after 30 min grace
    # 40 % of 1000 stay; two units clear 200 an hour each: 1 h, gone at 19:30
    assert kinds["election.perkap7_cleared"] == 11.5 * H
    assert kpis["election.after_hours_min"] == 90.0
    assert kpis["election.dispersal_orders"] == 1.0
    assert any(e.kind == "election.incident" and e.t == 10.5 * H for e in d.events)


def test_a_crowd_leaving_before_the_order_is_only_warned():
    _, kpis = run(demo("17:00", "80 min"))  # leaves at 18:20
    assert kpis["election.after_hours_min"] == 20.0
    assert kpis["election.dispersal_orders"] == 0.0


def test_a_crowd_gone_by_18_meets_no_doctrine_step():
    d, kpis = run(demo("15:00", "3 h"))  # leaves at 18:00 exactly
    assert kpis["election.after_hours_min"] == 0.0
    assert not [e for e in d.events if e.kind.startswith("election.perkap7_w")]


def test_units_hurt_clearing_a_crowd_are_not_fresh_the_next_day():
    d, _ = run(demo("17:00", "3 h", hurt_probability=1.0, recovery="36 h"))
    for unit in d.dispatcher.units:  # both covered the crowd and cleared it at 19:30
        assert unit.stood_down == [(11.5 * H, 47.5 * H, "hurt")]
        assert not unit.on_duty(24 * H)  # 08:00 the next day


# --- the march ----------------------------------------------------------------------------------


def weidmann(rho: float) -> float:
    return 1.34 * (1 - math.exp(-1.913 * (1 / rho - 1 / 5.4)))


RING = {
    "geography.roads.edges": [
        {"a": "a", "b": "b", "km": 10, "road": "arterial"},
        {"a": "b", "b": "c", "km": 20, "road": "arterial"},
        {"a": "a", "b": "c", "km": 60, "road": "arterial"},
    ]
}
MARCH = {
    "id": "long_march",
    "route": ["a", "b"],
    "start": "09:00",
    "people": 1000,
    "density_ppm2": 1.0,
    "road_width_m": 10,
    "stay": "1 h",
    "police": {"unit_types": ["car"], "count": 1},
}


def test_a_march_walks_at_weidmann_speed_and_closes_the_road_while_on_it():
    d, kpis = run({"marches": [MARCH], "perkap7": PERKAP7}, **RING)
    v = weidmann(1.0)  # 1.058 m/s
    assert v == pytest.approx(1.0581, abs=1e-4)
    head = 10_000 / v
    tail = 100 / v  # 1000 people at 1 p/m^2 on a 10 m road: a 100 m column
    times = {e.kind: e.t for e in d.events if e.kind.startswith("election.")}
    assert times["election.road_closed"] == 1 * H
    assert times["election.march_arrived"] == pytest.approx(1 * H + head)
    assert times["election.road_reopened"] == pytest.approx(1 * H + head + tail)
    assert kpis["election.road_closed_min"] == pytest.approx((head + tail) / 60)
    assert kpis["election.march_walk_min"] == pytest.approx((head + tail) / 60)


def test_police_drive_round_a_road_the_march_closes():
    d = drill({"marches": [MARCH], "perkap7": PERKAP7}, **RING)
    d.advance(1 * H + 60.0)
    assert d.roads.travel_hours("a", "b") == pytest.approx(2.0)  # a - c - b: 80 km at 40 km/h
    d.advance(5 * H)
    assert d.roads.travel_hours("a", "b") == pytest.approx(0.25)


def test_a_march_never_cuts_the_regency_in_two():
    d = drill({"marches": [MARCH], "perkap7": PERKAP7})
    d.advance(1 * H + 60.0)
    # a-b is the only road to b and c: closing it would cut the regency, so it stays open
    assert d.roads.travel_hours("a", "b") == pytest.approx(0.25)
    assert [e for e in d.events if e.kind == "election.road_closed"] == []


# --- rallies ------------------------------------------------------------------------------------


def rally(**changes: object) -> dict:
    spec = {
        "id": "kampanye",
        "sector": "a",
        "start": "10:00",
        "duration": "4 h",
        "attendance": 10_000,
        "build_up": "1 h",
        "disperse": "1 h",
        "incident_type": "minor",
        "incidents_per_10k_hour": 10,
        "police": {"unit_types": ["car"], "count": 1},
    }
    return spec | changes


def test_attendance_rises_holds_and_falls():
    r = Rally.model_validate(rally())
    assert [attendance(r, clock(t)) for t in ("08:59", "09:30", "12:00", "14:30", "15:00")] == [
        0.0,
        5000.0,
        10_000.0,
        5000.0,
        0.0,
    ]


@pytest.mark.parametrize(("cover", "factor"), [("car", 1.0), ("brimob", 2.0)])
def test_rally_disturbances_match_the_integral_of_attendance(cover: str, factor: float):
    # 10 an hour per 10,000 present over 0.5 h (build-up) + 4 h + 0.5 h (dispersal) of the
    # peak; one_car has no Brimob, so a Brimob cover is all missing: x (1 + gain) = x 2
    police = {"unit_types": [cover], "count": 1}
    counts = [
        run({"rallies": [rally(police=police)]}, strategy="one_car", seed=s)[1][
            "election.rally_incidents"
        ]
        for s in range(40)
    ]
    expected = factor * 10 * (0.5 + 4 + 0.5)
    assert abs(np.mean(counts) - expected) < 4 * math.sqrt(expected / 40)


def test_missing_police_cover_raises_the_disturbances_of_the_same_dice():
    for seed in range(5):
        covered = run({"rallies": [rally()]}, strategy="one_car", seed=seed)[1]
        bare = run(
            {"rallies": [rally(police={"unit_types": ["brimob"], "count": 1})]},
            strategy="one_car",
            seed=seed,
        )[1]
        assert covered["election.rally_cover_share"] == 1.0
        assert bare["election.rally_cover_share"] == 0.0
        assert bare["election.rally_incidents"] >= covered["election.rally_incidents"]


# --- escorts ------------------------------------------------------------------------------------


def escort(**changes: object) -> dict:
    spec = {
        "id": "kawal",
        "from": "hq",
        "to": "c",
        "depart": "09:00",
        "speed_factor": 0.5,
        "escort": {"unit_types": ["brimob"], "count": 1},
    }
    return spec | changes


def test_an_unthreatened_convoy_arrives_on_plan():
    d, kpis = run({"escorts": [escort()]})
    # hq -> c: 30 km at 40 km/h = 45 min; a convoy at half speed takes 90 min
    arrived = next(e.t for e in d.events if e.kind == "election.escort_arrived")
    assert arrived == pytest.approx(1 * H + 90 * MIN)
    assert kpis["election.escort_delay_mean_min"] == pytest.approx(0.0, abs=1e-9)


THREAT = {"probability": 1.0, "escorted_factor": 1.0, "incident_type": "minor", "hold": "20 min"}


def test_an_escorted_convoy_blocked_on_the_way_stands_for_the_hold():
    _, kpis = run({"escorts": [escort(threat=THREAT)]})
    assert kpis["election.escort_delay_mean_min"] == pytest.approx(20.0)
    assert kpis["election.escorts_blocked"] == 1.0


def test_an_unescorted_convoy_waits_for_the_police_then_the_hold():
    d, kpis = run({"escorts": [escort(threat=THREAT)]}, strategy="one_car")
    assert kpis["election.escorts_unescorted"] == 1.0
    model = d.component("election")
    (incident,) = model.responder.incidents  # type: ignore[union-attr]
    wait = (incident.t_arrival - incident.t_report) / MIN
    assert kpis["election.escort_delay_mean_min"] == pytest.approx(20.0 + wait)


# --- prop removal, ballot boxes and recap --------------------------------------------------------


def props(**changes: object) -> dict:
    spec = {
        "start": "09:00",
        "within": "3 h",
        "teams": 1,
        "props_per_tps": 10,
        "per_team_hour": 60,
        "sectors": ["a", "b"],
        "dispute": {"per_1000_props": 0, "incident_type": "minor"},
    }
    return spec | changes


def test_a_team_clears_a_kecamatan_at_its_rate():
    # sector a has 18 TPS: 180 props at 60 an hour = 3 h; b has no TPS
    _, kpis = run({"props": props()})
    assert kpis["election.props_clear_h"] == 3.0
    assert kpis["election.props_cleared_share"] == 1.0
    _, late = run({"props": props(within="2 h")})
    assert late["election.props_cleared_share"] == 0.0


def test_disputes_stop_the_team_until_the_police_arrive():
    d, kpis = run({"props": props(dispute={"per_1000_props": 50, "incident_type": "minor"})})
    model = d.component("election")
    waits = [i.t_arrival - i.t_report for i in model.responder.incidents]  # type: ignore[union-attr]
    assert kpis["election.props_disputes"] == len(waits) > 0
    assert kpis["election.props_team_stopped_h"] == pytest.approx(sum(waits) / H)
    assert kpis["election.props_clear_h"] == pytest.approx(3.0 + sum(waits) / H)


GUDANG = {"id": "gudang", "name": "Gudang KPU", "kind": "warehouse", "sector": "c"}
SITES = {
    "geography.sites": [{"id": "hq", "name": "HQ", "kind": "police_hq", "sector": "a"}, GUDANG]
}


def boxes(**changes: object) -> dict:
    spec = {
        "ready": "20:00",
        "ppk_recap_start": "20:00",
        "ppk_tps_per_hour": 6,
        "warehouse": "gudang",
        "sectors": ["a"],
    }
    return spec | changes


def test_boxes_go_up_after_the_ppk_pleno():
    # 18 TPS at 6 an hour: pleno 20:00-23:00; a -> gudang (at c) 45 min: at the KPU 23:45
    _, kpis = run({"ballot_return": boxes()}, **SITES)
    assert kpis["election.boxes_last_at_kpu_h"] == pytest.approx(3.75)
    assert kpis["election.boxes_at_kpu_share"] == 1.0


THEFT = {"probability": 1.0, "escorted_factor": 1.0, "incident_type": "minor"}


def test_snatched_boxes_are_lost_unless_police_come_in_time():
    theft = THEFT | {"recover_within": "30 min"}
    _, kept = run({"ballot_return": boxes(theft=theft)}, **SITES)
    assert (kept["election.box_thefts"], kept["election.boxes_lost"]) == (1.0, 0.0)
    _, lost = run(
        {"ballot_return": boxes(theft=theft)},
        strategy="one_car",
        **SITES,
        **{"strategies.one_car.mobile": []},
    )
    assert (lost["election.boxes_lost"], lost["election.boxes_at_kpu_share"]) == (18.0, 0.0)


def test_the_kpu_recap_waits_for_the_ppk_plenos_and_hears_objections():
    recap = {
        "site": "gudang",
        "start": "21:00",
        "per_kecamatan": "20 min",
        "objection_probability": 1.0,
        "objection_time": "45 min",
    }
    d, kpis = run({"ballot_return": boxes(), "recap": recap}, **SITES)
    opened = next(e.t for e in d.events if e.kind == "election.recap_open")
    assert opened == 15 * H  # 23:00, when the only PPK pleno ends, not 21:00
    assert kpis["election.recap_h"] == pytest.approx(3 * (20 + 45) / 60)
    assert kpis["election.recap_objections"] == 3.0


def test_days_table_counts_officer_hours_on_shift_per_day():
    d = drill({})
    tables = d.run().tables
    days = tables["election_days"]
    # 08:00 + 40 h ends at 00:00 of H+2: the car (4) and Brimob (30) on duty 16 h, then 24 h
    assert [(r["day"], r["officer_hours_on_shift"]) for r in days] == [
        ("H", 34 * 16.0),
        ("H+1", 34 * 24.0),
    ]
    assert days[0]["phase"] == "Hari H" and days[0]["date"] == "2024-11-27"


# --- bad input ------------------------------------------------------------------------------------

BAD = [
    ("election.rallies[0].sector", "sector: a\n", "sector: z\n", "unknown sector 'z'"),
    ("election.marches[0].route[1]", "route: [hq, a]", "route: [hq, q]", "unknown sector or site"),
    ("election.perkap7.comply_share", "comply_share: 0.6", "comply_share: 1.6", "less than or"),
    ("election.marches[0].start", 'start: "17:00"', 'start: "H+3 17:00"', "outside the drill"),
    ("election.escorts[0]", "escorts: []", "escorts: [{id: x}]", "missing required key 'from'"),
    (
        "strategies.one_car.mobile[0].shift",
        "stations: [hq]}]",
        'stations: [hq], shift: {start: "08:00", length: 30 h}}]',
        "at most 'every'",
    ),
]

BASE = """
election:
  calendar: [{id: hari_h, name: Hari H, from: "08:00"}]
  escorts: []
  rallies:
    - id: kampanye
      sector: a
      start: "10:00"
      duration: 2 h
      attendance: 1000
      incident_type: minor
      incidents_per_10k_hour: 1
      police: {unit_types: [car], count: 1}
  marches:
    - id: aksi
      route: [hq, a]
      start: "17:00"
      people: 100
      stay: 1 h
      police: {unit_types: [car], count: 1}
  perkap7: {comply_share: 0.6, clear_per_unit_hour: 200, incident_type: serious}
"""


@pytest.mark.parametrize(("path", "old", "new", "words"), BAD)
def test_bad_election_input_is_located_and_nothing_is_written(
    path: str, old: str, new: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture
):
    text = LINE.read_text() + BASE
    assert old in text
    bad = (
        text.replace(old, new, 1)
        if path != "rallies[0].sector"
        else text.replace("      sector: a\n", "      sector: z\n", 1)
    )
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(bad)
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    line = bad.splitlines().index(next(x for x in bad.splitlines() if new.strip() in x)) + 1
    assert f"bad.yaml:{line}:" in err and f": {path}: " in err and words in err, err
    assert "Traceback" not in err and not out.exists()


def test_the_good_base_of_the_bad_cases_is_valid(tmp_path: Path):
    scenario = tmp_path / "good.yaml"
    scenario.write_text(LINE.read_text() + BASE)
    assert main(["validate", str(scenario)]) == 0
