"""Patrol KPIs: how fast police reach incidents, what happened to them, and what it cost."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from simulation.patrol.areas import area_kpis
from simulation.scenario.deployment import crowd_standby

if TYPE_CHECKING:
    from simulation.core.drill import Drill
    from simulation.core.unit import Unit
    from simulation.patrol.incidents import Incident
    from simulation.scenario.deployment import GuardGroup

OUTCOMES = ("handled_by_guard", "handled_by_unit", "on_scene_at_end", "unanswered")


def _clip_hours(window: tuple[float, float], horizon: float) -> float:
    start, end = max(window[0], 0.0), min(window[1], horizon)
    return max(0.0, end - start) / 3600.0


def _mean(values: Sequence[float] | np.ndarray) -> float:
    return float(np.mean(values)) if len(values) else math.nan


def patrol_kpis(
    drill: Drill,
    incidents: Sequence[Incident],
    units: Sequence[Unit],
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
    duty = [u.worked_s(horizon) / 3600.0 for u in units]  # shifts, rest and overtime
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
        **area_kpis(drill.scenario.geography.sectors, incidents, horizon, target),
    }
