"""Safety net for response times and dispatch, against hand computation (issue 13).

Four kecamatan in a row, incidents at the kecamatan centres (``response_radius_km: 0``) placed by
scripted MSEL injects at known times, fixed on-scene times: every number below is worked out
from the road table by hand, not taken from a run.

Roads (all speeds km/h, the same in both terrains)::

    a --10 km lane @20--> b --14 km arterial @56--> c --28 km arterial @56--> d
          30 min                  15 min                     30 min

So from b: the car at c is 15 min away (14 km), the car at a 30 min (10 km: nearer by road
length, further by time), the car at d 45 min.
"""

from __future__ import annotations

import pytest

from simulation.core.drill import run_drill
from simulation.geography import parse_scenario

LINE = """
schema_version: 1
metadata:
  name: line
  title: Four kecamatan in a row
  region: test
  date: 2024-11-27
  start: "06:00"
  horizon: 6 h
geography:
  sectors:
    - {id: a, name: A, lat: -7.6, lng: 112.6, area_km2: 10, police: p, response_radius_km: 0}
    - {id: b, name: B, lat: -7.6, lng: 112.7, area_km2: 10, police: p, response_radius_km: 0}
    - {id: c, name: C, lat: -7.6, lng: 112.8, area_km2: 10, police: p, response_radius_km: 0}
    - {id: d, name: D, lat: -7.6, lng: 112.9, area_km2: 10, police: p, response_radius_km: 0}
  sites:
    - {id: hq, name: HQ, kind: police_hq, sector: c, lat: -7.6, lng: 112.8}
  roads:
    speeds_kmh:
      lane: {lowland: 20, highland: 20}
      arterial: {lowland: 56, highland: 56}
    local: {lowland: 20, highland: 20}
    edges:
      - {a: a, b: b, km: 10, road: lane}
      - {a: b, b: c, km: 14, road: arterial}
      - {a: c, b: d, km: 28, road: arterial}
forces:
  commands: [{id: p, name: P, hq: hq, pool: p}]
  pools:
    - {id: p, name: P, kind: polri, officers: 100}
    - {id: l, name: L, kind: linmas, officers: 0}
  unit_types: [{id: car, name: Car, kind: sabhara_car, officers: 2, pool: p}]
incidents:
  types:
    - {id: call, name: Call, severity: 3, on_scene: {distribution: fixed, mean: 60 min}}
strategies:
  line:
    name: One car in a, c and d
    tps_guard: {kurang_rawan: 0-1-0, rawan: 0-1-0, sangat_rawan: 0-1-0, linmas_pool: l}
    mobile: [{unit_type: car, count: 1, stations: [a, c, d]}]
  one_car:
    extends: line
    name: One car in c
    mobile: [{unit_type: car, count: 1, stations: [c]}]
targets: {response: 20 min}
msel:
  injects:
    - {number: '1', time: '08:00', event: call in b, action: {incident: {type: call, sector: b}}}
    - {number: '2', time: '08:05', event: call in b, action: {incident: {type: call, sector: b}}}
"""

H8 = 2 * 3600.0  # 08:00 in drill seconds (the drill starts at 06:00)
MIN = 60.0


def _run(strategy: str):
    return run_drill(parse_scenario(LINE, "line.yaml"), strategy, seed=1)


def _by_incident(result, kind: str) -> dict[int, tuple[float, str]]:
    return {e.fields["incident"]: (e.t, e.fields["unit"]) for e in result.events if e.kind == kind}


def test_response_is_measured_from_the_report_not_from_dispatch() -> None:
    """One car for two calls: the second waits in the queue until the first is cleared.

    Call 0 (08:00): the car drives c -> b, 15 min, arrives 08:15, works 60 min, free at 09:15
    where it stands (b). Call 1 (08:05) waits 70 min, is dispatched at 09:15, travel 0, arrives
    09:15: response 70 min from the report (but 0 min from the dispatch).
    """
    result = _run("one_car")
    arrive = _by_incident(result, "patrol.arrive")
    dispatch = _by_incident(result, "patrol.dispatch")
    assert dispatch[1][0] == pytest.approx(H8 + 75 * MIN)
    assert arrive[1][0] == pytest.approx(H8 + 75 * MIN)
    k = result.kpis
    assert k["patrol.incidents"] == 2
    assert k["patrol.response_mean_min"] == pytest.approx((15 + 70) / 2)
    assert k["patrol.response_p50_min"] == pytest.approx((15 + 70) / 2)
    # numpy's default (linear) percentile of two values: 15 + 0.9 x (70 - 15).
    assert k["patrol.response_p90_min"] == pytest.approx(15 + 0.9 * 55)
    assert k["patrol.within_target_share"] == pytest.approx(1 / 2)  # 15 <= 20 < 70
    assert k["patrol.serious_response_mean_min"] == pytest.approx((15 + 70) / 2)  # severity 3
    assert k["patrol.wait_mean_min"] == pytest.approx((0 + 70) / 2)
    assert k["patrol.handled_by_unit"] == 2
    assert k["patrol.unanswered"] == 0
    # The per-incident table and the MSEL view agree with the KPI.
    rows = result.tables["incidents"]
    assert [r["response_min"] for r in rows] == pytest.approx([15.0, 70.0])
    assert k["msel.incident_response_mean_min"] == pytest.approx(42.5)


def test_nearest_unit_by_road_time_goes_first_then_the_next_nearest() -> None:
    """Call 0 at 08:00 gets the car at c (15 min; not a, 30 min, though a is fewer km away,
    nor d, 45 min). Call 1 at 08:05 finds c busy and gets a (30 min), not d (45 min)."""
    result = _run("line")
    dispatch = _by_incident(result, "patrol.dispatch")
    arrive = _by_incident(result, "patrol.arrive")
    assert dispatch[0][1].endswith("@c")
    assert dispatch[1][1].endswith("@a")
    assert arrive[0] == (pytest.approx(H8 + 15 * MIN), dispatch[0][1])
    assert arrive[1] == (pytest.approx(H8 + 5 * MIN + 30 * MIN), dispatch[1][1])
    k = result.kpis
    assert k["patrol.response_mean_min"] == pytest.approx((15 + 30) / 2)
    assert k["patrol.wait_mean_min"] == 0.0
    # Held from assignment to release: c 08:00-09:15 (75 min), a 08:05-09:35 (90 min), d never;
    # each on duty the whole 360-min drill (the drive home is not busy time).
    assert k["patrol.unit_utilisation"] == pytest.approx((75 + 90 + 0) / 360 / 3)
