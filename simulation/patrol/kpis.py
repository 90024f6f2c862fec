"""Patrol KPIs: how fast police reach incidents, what happened to them, and what it cost."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from simulation.kpis import Kpi, register
from simulation.scenario.deployment import crowd_standby

if TYPE_CHECKING:
    from agents.units import PatrolUnit
    from simulation.drill import Drill
    from simulation.patrol.incidents import Incident
    from simulation.scenario.deployment import GuardGroup

OUTCOMES = ("handled_by_guard", "handled_by_unit", "on_scene_at_end", "unanswered")

register(
    Kpi("patrol.incidents", "incidents", "none", "Incidents reported", "Kejadian dilaporkan"),
    Kpi(
        "patrol.response_mean_min", "min", "lower", "Mean response time", "Rata-rata waktu tanggap"
    ),
    Kpi("patrol.response_p50_min", "min", "lower", "Median response time", "Median waktu tanggap"),
    Kpi(
        "patrol.response_p90_min",
        "min",
        "lower",
        "90th percentile response time",
        "Persentil ke-90 waktu tanggap",
    ),
    Kpi(
        "patrol.within_target_share",
        "share",
        "higher",
        "Share of incidents reached within the target",
        "Porsi kejadian terjangkau dalam target",
    ),
    Kpi(
        "patrol.serious_response_mean_min",
        "min",
        "lower",
        "Mean response time, serious incidents (severity 3-4)",
        "Rata-rata waktu tanggap, kejadian serius (tingkat 3-4)",
    ),
    Kpi(
        "patrol.handled_by_guard",
        "incidents",
        "none",
        "Incidents handled by TPS guards",
        "Kejadian ditangani pengamanan TPS",
    ),
    Kpi(
        "patrol.handled_by_unit",
        "incidents",
        "none",
        "Incidents handled by mobile units",
        "Kejadian ditangani unit mobile",
    ),
    Kpi(
        "patrol.on_scene_at_end",
        "incidents",
        "none",
        "Incidents still being handled at the end",
        "Kejadian masih ditangani di akhir",
    ),
    Kpi(
        "patrol.unanswered",
        "incidents",
        "lower",
        "Incidents never reached",
        "Kejadian tidak terjangkau",
    ),
    Kpi(
        "patrol.escalated",
        "incidents",
        "lower",
        "Incidents that escalated while waiting",
        "Kejadian yang meningkat saat menunggu",
    ),
    Kpi(
        "patrol.preemptions",
        "orders",
        "lower",
        "Units taken off less severe work",
        "Unit ditarik dari tugas yang lebih ringan",
    ),
    Kpi(
        "patrol.wait_mean_min",
        "min",
        "lower",
        "Mean wait for a unit to be dispatched",
        "Rata-rata tunggu hingga unit diberangkatkan",
    ),
    Kpi(
        "patrol.unit_utilisation",
        "share",
        "none",
        "Mean busy share of mobile units",
        "Rata-rata porsi sibuk unit mobile",
    ),
    Kpi(
        "cost.officer_hours",
        "officer-h",
        "lower",
        "Officer-hours on duty (police, Brimob, TNI)",
        "Jam-personel bertugas (Polri, Brimob, TNI)",
    ),
    Kpi(
        "cost.linmas_hours",
        "person-h",
        "lower",
        "Linmas person-hours at TPS",
        "Jam-orang Linmas di TPS",
    ),
    Kpi("cost.officers", "officers", "lower", "Officers deployed", "Personel dikerahkan"),
)


def _clip_hours(window: tuple[float, float], horizon: float) -> float:
    start, end = max(window[0], 0.0), min(window[1], horizon)
    return max(0.0, end - start) / 3600.0


def _mean(values: Sequence[float] | np.ndarray) -> float:
    return float(np.mean(values)) if len(values) else math.nan


def patrol_kpis(
    drill: Drill,
    incidents: Sequence[Incident],
    units: Sequence[PatrolUnit],
    guards: Iterable[GuardGroup] | dict,
    guard_duty: tuple[float, float],
) -> dict[str, float]:
    horizon = drill.horizon
    groups = list(guards.values() if isinstance(guards, dict) else guards)
    target = drill.scenario.targets.response
    reached = [i for i in incidents if i.t_arrival is not None and i.t_arrival <= horizon]
    response = np.array([i.t_arrival - i.t_report for i in reached]) / 60.0  # type: ignore[operator]
    serious = np.array([i.t_arrival - i.t_report for i in reached if i.severity >= 3]) / 60.0  # type: ignore[operator]
    waits = [i.t_dispatch - i.t_report for i in incidents if i.t_dispatch is not None]
    outcomes = Counter(inc.outcome(horizon) for inc in incidents)
    duty = [_clip_hours(u.duty, horizon) for u in units]
    busy = [u.busy_s / 3600.0 / d for u, d in zip(units, duty, strict=True) if d > 0]
    guard_hours = _clip_hours(guard_duty, horizon)
    officer_hours = sum(u.unit_type.officers * d for u, d in zip(units, duty, strict=True))
    officer_hours += sum(g.police for g in groups) * guard_hours
    # Standby crowd units are deployed for the whole drill like a mobile unit without duty hours.
    standby = sum(crowd_standby(drill.scenario, drill.strategy).values())
    officer_hours += standby * horizon / 3600.0
    n = len(incidents)
    return {
        "patrol.incidents": float(n),
        "patrol.response_mean_min": _mean(response),
        "patrol.response_p50_min": float(np.percentile(response, 50))
        if len(response)
        else math.nan,
        "patrol.response_p90_min": float(np.percentile(response, 90))
        if len(response)
        else math.nan,
        "patrol.within_target_share": (
            float(np.sum(response <= target / 60.0)) / n if n else math.nan
        ),
        "patrol.serious_response_mean_min": _mean(serious),
        **{f"patrol.{k}": float(outcomes[k]) for k in OUTCOMES},
        "patrol.escalated": float(sum(i.escalated for i in incidents)),
        "patrol.preemptions": float(sum(i.preempted for i in incidents)),
        "patrol.wait_mean_min": _mean(waits) / 60.0,
        "patrol.unit_utilisation": _mean(busy),
        "cost.officer_hours": officer_hours,
        "cost.linmas_hours": sum(g.linmas for g in groups) * guard_hours,
        "cost.officers": float(
            sum(u.unit_type.officers for u in units) + sum(g.police for g in groups) + standby
        ),
    }
