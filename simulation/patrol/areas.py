"""Response by area: per terrain (highland vs lowland) and per kecamatan.

A plan that moves reserves to the highland is asked what it does there and what it costs the
lowland; the drill-wide mean hides both. A terrain with no sector, or a sector where no
incident was reached, reports NaN (as a drill with no reached incident does), never 0 min.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, get_args

import numpy as np

from simulation.core.kpis import kecamatan_kpi
from simulation.scenario.base import Terrain

if TYPE_CHECKING:
    from simulation.patrol.incidents import Incident
    from simulation.scenario.model import Sector

TERRAINS: tuple[str, ...] = get_args(Terrain)


def _response_min(incidents: Sequence[Incident], horizon: float) -> np.ndarray:
    reached = [i for i in incidents if i.t_arrival is not None and i.t_arrival <= horizon]
    return np.array([i.t_arrival - i.t_report for i in reached]) / 60.0  # type: ignore[operator]


def _mean(values: np.ndarray) -> float:
    return float(np.mean(values)) if len(values) else math.nan


def area_kpis(
    sectors: Sequence[Sector], incidents: Sequence[Incident], horizon: float, target_s: float
) -> dict[str, float]:
    """Mean response and share within target per terrain, mean response per kecamatan."""
    terrain = {s.id: s.terrain for s in sectors}
    # Each sector's and terrain's incidents in their order, sorted out in one pass (asking
    # every incident once per sector took longer than the rest of the KPIs).
    by_sector: dict[str, list[Incident]] = {s.id: [] for s in sectors}
    by_terrain: dict[str, list[Incident]] = {kind: [] for kind in TERRAINS}
    for inc in incidents:
        by_sector.setdefault(inc.sector, []).append(inc)
        kind = terrain.get(inc.sector)
        if kind in by_terrain:
            by_terrain[kind].append(inc)
    kpis: dict[str, float] = {}
    for kind in TERRAINS:
        mine = by_terrain[kind]
        response = _response_min(mine, horizon)
        within = float(np.sum(response <= target_s / 60.0)) / len(mine) if mine else math.nan
        kpis[f"patrol.response_mean_{kind}_min"] = _mean(response)
        kpis[f"patrol.within_target_share_{kind}"] = within
    for sector in sectors:
        name = kecamatan_kpi("patrol", sector.terrain, sector.id, "response_mean_min")
        kpis[name] = _mean(_response_min(by_sector[sector.id], horizon))
    return kpis
