"""Small logistics scenarios whose outcome can be worked out by hand (shared by the tests)."""

from __future__ import annotations

from functools import cache
from typing import Any

from simulation.geography import load_scenario, parse_scenario
from simulation.scenario import ScenarioSpec

# Two kecamatan 30 km apart on an arterial road at 60 km/h (0.5 h); the warehouse sits on
# alpha's centre; beta has one PPS 5 km from its PPK (village roads 30 km/h: 10 min) serving
# 4 TPS 3 km away (6 min by motorbike). The drill starts at H-1 06:00.
TINY = """
schema_version: 1
metadata:
  name: tiny
  title: Tiny logistics
  region: Nowhere
  date: 2024-11-27
  start: "H-1 06:00"
  horizon: 40 h
geography:
  sectors:
    - {id: alpha, name: Alpha, lat: 0.0, lng: 0.0, area_km2: 10, police: polres}
    - id: beta
      name: Beta
      lat: 0.0
      lng: 0.3
      area_km2: 10
      police: polres
      tps: {kurang_rawan: 4}
  sites:
    - {id: hq, name: HQ, kind: police_hq, sector: alpha, lat: 0.0, lng: 0.0}
    - {id: gudang, name: Gudang, kind: warehouse, sector: alpha, lat: 0.0, lng: 0.0}
  roads:
    speeds_kmh:
      arterial: {lowland: 60, highland: 30}
    local: {lowland: 30, highland: 15}
    edges:
      - {a: alpha, b: beta, km: 30, road: arterial}
forces:
  commands:
    - {id: polres, name: Polres, hq: hq, pool: polres}
  pools:
    - {id: polres, name: Polres, kind: polri, officers: 100}
    - {id: linmas, name: Linmas, kind: linmas, officers: 100}
  unit_types:
    - {id: polsek, name: Polsek, kind: polsek, officers: 3, pool: sector_command, max_severity: 4}
incidents:
  types:
    - id: theft
      name: Theft
      severity: 3
      on_scene: {distribution: fixed, mean: 30 min}
strategies:
  quiet:
    name: No escort
    tps_guard: {kurang_rawan: "0-8-0", rawan: "0-8-0", sangat_rawan: "0-8-0", linmas_pool: linmas}
    mobile:
      - {unit_type: polsek, count: 1, stations: [beta]}
  escorted:
    extends: quiet
    name: Escort every vehicle
    logistics: {escort: every_vehicle}
logistics:
  warehouse: gudang
  deadline: "07:00"
  vehicles:
    - {id: truck, name: Truck, kind: box_truck, capacity: 10, load: 2 min, unload: 1 min}
    - {id: pickup, name: Pickup, kind: pickup, capacity: 10, load: 1 min, unload: 1 min}
    - {id: motor, name: Motor, kind: motorbike, capacity: 1}
  legs:
    warehouse_ppk: {vehicle: truck, fleet: 1, docks: 1}
    ppk_pps: {vehicle: pickup, per_ppk: 1, window: ["H-1 06:00", "H-1 18:00"]}
    pps_tps:
      vehicle: motor
      desks: 1
      handover: 5 min
      window: ["H-1 13:00", "H-1 21:00"]
  waves:
    - {sectors: [beta], window: ["H-1 08:00", "H-1 12:00"]}
  pps:
    - {id: desa, name: Desa, sector: beta, lat: 0.0, lng: 0.3, tps: 4, km: 5, tps_km: 3}
  returns:
    vehicle: pickup
    counting: {end: "19:00", sd: 0 min}
"""


def tiny(overrides: dict[str, Any] | None = None) -> ScenarioSpec:
    return parse_scenario(TINY, "tiny.yaml", overrides)


@cache
def pasuruan_logistik() -> ScenarioSpec:
    """The bundled logistics scenario, read once per test session (specs are frozen)."""
    return load_scenario("pasuruan_logistik_2024")
