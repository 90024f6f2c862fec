"""The delivery plan a strategy makes of the scenario: who leaves when, in which order, with what.

A pure function of scenario and strategy (no randomness, no clock), so the plan that is checked
and shown is the plan that is simulated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulation.geography.links import haversine_km
from simulation.scenario.logistics import LogisticsPlan, LogisticsSpec, Pps, Vehicle
from simulation.scenario.model import ScenarioSpec, Strategy

DAY = 86400.0


@dataclass(frozen=True)
class SectorPlan:
    """One kecamatan's part of the plan, in drill seconds."""

    sector: str
    wave: int
    load_from: float  # trucks start loading at the warehouse
    planned_ppk: float  # planned arrival at the PPK (end of the wave's window)
    village_from: float  # earliest PPK -> PPS departure
    trucks: tuple[int, ...]  # kits on each truck
    escorted_route: bool  # the escort policy covers this kecamatan's trips


@dataclass(frozen=True)
class PpsPlan:
    pps: Pps
    km: float  # road km from the PPK
    village_radius_km: float
    last_mile: Vehicle


@dataclass(frozen=True)
class Plan:
    spec: LogisticsSpec
    levers: LogisticsPlan
    sectors: tuple[SectorPlan, ...]  # in loading order
    pps: dict[str, tuple[PpsPlan, ...]]  # per kecamatan, farthest first
    vehicles: dict[str, Vehicle]
    deadline: float


def loads(kits: int, capacity: int) -> tuple[int, ...]:
    """Split `kits` over as few vehicles as possible, as evenly as possible."""
    if kits <= 0:
        return ()
    n = math.ceil(kits / capacity)
    base, extra = divmod(kits, n)
    return tuple(base + (1 if i < extra else 0) for i in range(n))


def make_plan(scenario: ScenarioSpec, strategy: Strategy, clock_start: float) -> Plan:
    spec = scenario.logistics
    assert spec is not None
    levers = strategy.logistics or LogisticsPlan()
    vehicles = {v.id: v for v in spec.vehicles}
    sectors = {s.id: s for s in scenario.geography.sectors}
    kits: dict[str, int] = {}
    for pps in spec.pps:
        kits[pps.sector] = kits.get(pps.sector, 0) + pps.tps
    truck = vehicles[spec.legs.warehouse_ppk.vehicle]
    village = spec.legs.ppk_pps.window[0]
    vulnerable = set(spec.vulnerable)
    plans = []
    for w, wave in enumerate(spec.waves):
        day = math.floor(wave.window[0] / DAY)
        start = wave.window[0] if levers.depart_at is None else day * DAY + levers.depart_at
        for sector_id in wave.sectors:
            early = levers.preposition_highland_days * DAY
            if sectors[sector_id].terrain != "highland":
                early = 0.0
            escorted = levers.escort in ("every_vehicle", "convoys") or (
                levers.escort == "vulnerable" and sector_id in vulnerable
            )
            plans.append(
                SectorPlan(
                    sector=sector_id,
                    wave=w,
                    load_from=start - early - clock_start,
                    planned_ppk=wave.window[1] - early - clock_start,
                    village_from=village - early - clock_start,
                    trucks=loads(kits.get(sector_id, 0), truck.capacity),
                    escorted_route=escorted,
                )
            )
    plans.sort(key=lambda p: (p.load_from, p.wave))
    by_sector: dict[str, list[PpsPlan]] = {}
    per_sector = {s: sum(1 for p in spec.pps if p.sector == s) for s in sectors}
    for pps in spec.pps:
        home = sectors[pps.sector]
        km = pps.km
        if km is None:
            km = haversine_km(home.lat, home.lng, pps.lat, pps.lng) * spec.local_circuity
        radius = math.sqrt(home.area_km2 / max(per_sector[pps.sector], 1) / math.pi)
        by_sector.setdefault(pps.sector, []).append(
            PpsPlan(
                pps=pps,
                km=km,
                village_radius_km=radius * spec.local_circuity,
                last_mile=vehicles[pps.last_mile or spec.legs.pps_tps.vehicle],
            )
        )
    ordered = {s: tuple(sorted(v, key=lambda p: (-p.km, p.pps.id))) for s, v in by_sector.items()}
    return Plan(
        spec=spec,
        levers=levers,
        sectors=tuple(plans),
        pps=ordered,
        vehicles=vehicles,
        deadline=spec.deadline - clock_start,
    )
