"""Logistics KPIs and tables: which TPS were ready in time, what was late, what escorts cost.

Every TPS kit ends the drill in exactly one outbound state (on time, late, undelivered) and, if
it was used, its sealed box in exactly one return state (at the PPK, lost, on the way).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from simulation.logistics.records import TpsRecord, Trip

if TYPE_CHECKING:
    from simulation.core.drill import Drill
    from simulation.logistics.plan import Plan
    from simulation.logistics.queues import Station
    from simulation.scenario.logistics import LogisticsSpec


class LogisticsOutcome(Protocol):
    """What the KPIs and tables read of a logistics model at the end of a drill."""

    drill: Drill
    spec: LogisticsSpec
    plan: Plan
    docks: Station
    tps: list[TpsRecord]
    trips: list[Trip]
    counts: Counter[str]
    unescorted_kit_s: float
    escort_officer_s: float
    helper_officer_s: float


OUTBOUND = ("on_time", "late", "undelivered")
RETURN = ("at_ppk", "lost", "on_the_way", "no_box")


def outbound(record: TpsRecord, deadline: float) -> str:
    if math.isnan(record.t_ready):
        return "undelivered"
    return "on_time" if record.t_ready <= deadline else "late"


def returned(record: TpsRecord) -> str:
    if record.box_lost:
        return "lost"
    if not math.isnan(record.t_box_ppk):
        return "at_ppk"
    return "no_box" if math.isnan(record.t_ready) else "on_the_way"


def logistics_kpis(model: LogisticsOutcome) -> dict[str, float]:
    deadline = model.plan.deadline
    states = Counter(outbound(r, deadline) for r in model.tps)
    boxes = Counter(returned(r) for r in model.tps)
    late = np.array(
        [(r.t_ready - deadline) / 60.0 for r in model.tps if outbound(r, deadline) == "late"]
    )
    ready = [r.t_ready for r in model.tps if not math.isnan(r.t_ready)]
    n = len(model.tps)
    counts = model.counts
    return {
        "logistics.tps": float(n),
        "logistics.ready_on_time_share": states["on_time"] / n if n else math.nan,
        "logistics.late_tps": float(states["late"]),
        "logistics.undelivered_tps": float(states["undelivered"]),
        "logistics.lateness_p50_min": float(np.percentile(late, 50)) if len(late) else 0.0,
        "logistics.lateness_p90_min": float(np.percentile(late, 90)) if len(late) else 0.0,
        "logistics.last_ready_vs_deadline_min": (max(ready) - deadline) / 60.0
        if ready
        else math.nan,
        "logistics.unescorted_kit_hours": model.unescorted_kit_s / 3600.0,
        "logistics.escort_officer_hours": model.escort_officer_s / 3600.0,
        "logistics.helper_officer_hours": model.helper_officer_s / 3600.0,
        "logistics.incidents_on_way": float(
            counts["stuck"] + counts["breakdown"] + counts["ambush"]
        ),
        "logistics.stuck": float(counts["stuck"]),
        "logistics.breakdowns": float(counts["breakdown"]),
        "logistics.ambushes": float(counts["ambush"]),
        "logistics.escort_missing": float(counts["escort_missing"]),
        "logistics.boxes_at_ppk_share": boxes["at_ppk"] / n if n else math.nan,
        "logistics.boxes_lost": float(boxes["lost"]),
        "logistics.dock_wait_mean_min": float(np.mean(model.docks.waits)) / 60.0
        if model.docks.waits
        else 0.0,
    }


def _latest(times: list[float]) -> float:
    """The latest time, or NaN when any is missing (something never got there)."""
    return math.nan if not times or any(math.isnan(t) for t in times) else max(times)


def logistics_tables(model: LogisticsOutcome) -> dict[str, list[dict[str, Any]]]:
    """logistics_tps, logistics_kecamatan and logistics_trips (hours are from 00:00 of hari H)."""
    clock = model.drill.clock
    deadline = model.plan.deadline
    start_h = clock.start / 3600.0

    def hours(t: float) -> Any:
        return "" if math.isnan(t) else round(t / 3600.0 + start_h, 4)

    tps_rows = [
        {
            "tps": r.id,
            "pps": r.pps,
            "sector": r.sector,
            "dispatch_h": hours(r.t_dispatch),
            "ppk_h": hours(r.t_ppk),
            "pps_h": hours(r.t_pps),
            "ready_h": hours(r.t_ready),
            "clock_ready": "" if math.isnan(r.t_ready) else clock.label(r.t_ready),
            "late_min": ""
            if math.isnan(r.t_ready)
            else round(max(0.0, r.t_ready - deadline) / 60.0, 2),
            "status": outbound(r, deadline),
            "withdrawn": int(r.withdrawn),
            "box_pps_h": hours(r.t_box_pps),
            "box_ppk_h": hours(r.t_box_ppk),
            "box_status": returned(r),
        }
        for r in model.tps
    ]
    sector_rows = []
    handover = model.spec.legs.pps_tps.window[0] - clock.start
    names = {s.id: s for s in model.drill.scenario.geography.sectors}
    for sp in model.plan.sectors:
        records = [r for r in model.tps if r.sector == sp.sector]
        if not records:
            continue
        ready = [r.t_ready for r in records if not math.isnan(r.t_ready)]
        last = max(records, key=lambda r: -math.inf if math.isnan(r.t_ready) else r.t_ready)
        on_time = sum(1 for r in records if outbound(r, deadline) == "on_time")
        sector_rows.append(
            {
                "sector": sp.sector,
                "name": names[sp.sector].name,
                "terrain": names[sp.sector].terrain,
                "tps": len(records),
                "load_from_h": hours(sp.load_from),
                "dispatch_h": hours(
                    min(
                        (r.t_dispatch for r in records if r.t_dispatch == r.t_dispatch),
                        default=math.nan,
                    )
                ),
                "ppk_h": hours(_latest([r.t_ppk for r in records])),
                "planned_ppk_h": hours(sp.planned_ppk),
                "village_from_h": hours(sp.village_from),
                "handover_from_h": hours(handover),
                "pps_last_h": hours(_latest([r.t_pps for r in records])),
                "ready_last_h": hours(_latest([r.t_ready for r in records])),
                "last_tps": last.id if len(ready) == len(records) else "",
                "deadline_h": hours(deadline),
                "ready_on_time_share": round(on_time / len(records), 4),
                "late_tps": sum(1 for r in records if outbound(r, deadline) == "late"),
                "undelivered_tps": len(records) - len(ready),
            }
        )
    trip_rows = [
        {
            "trip": t.id,
            "leg": t.leg,
            "convoy": t.convoy,
            "sector": t.sector,
            "origin": t.origin,
            "destination": t.destination,
            "vehicles": t.vehicles,
            "fleet": t.fleet,
            "kits": t.kits,
            "ready_h": hours(t.t_ready),
            "dispatch_h": hours(t.t_dispatch),
            "arrive_h": hours(t.t_arrive),
            "escort": t.escort,
            "stuck": t.stuck,
            "breakdowns": t.breakdowns,
            "ambushed": int(t.ambushed),
            "lost": int(t.lost),
        }
        for t in model.trips
    ]
    return {
        "logistics_tps": tps_rows,
        "logistics_kecamatan": sector_rows,
        "logistics_trips": trip_rows,
    }
