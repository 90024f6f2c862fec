"""What a strategy puts on the ground: guard groups, mobile units and the personnel they take.

Both the inventory check (a strategy may not use more officers than a pool holds) and the patrol
model read deployment from here, so the plan that is validated is the plan that is simulated.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from simulation.scenario.model import TPS_CLASSES, ScenarioSpec, Strategy, TpsClass
from simulation.scenario.scenes import police_side, scenes


@dataclass(frozen=True)
class GuardGroup:
    """Police and Linmas that guard `tps` polling stations of one class in one sector."""

    sector: str
    tps_class: TpsClass
    index: int
    tps: int
    police: int
    linmas: int


@dataclass(frozen=True)
class MobilePost:
    """One mobile unit and where it waits."""

    unit_type: str
    station: str
    group: int
    number: int


def guard_groups(spec: ScenarioSpec, strategy: Strategy) -> list[GuardGroup]:
    """Split each sector's TPS of each class into groups of the pattern's size.

    The last group of a class may be smaller than the pattern.
    """
    groups = []
    for sector in spec.geography.sectors:
        for tps_class in TPS_CLASSES:
            n_tps = getattr(sector.tps, tps_class)
            pattern = strategy.tps_guard.pattern(tps_class)
            for index in range(math.ceil(n_tps / pattern.tps)):
                size = min(pattern.tps, n_tps - index * pattern.tps)
                # Police come as a full pattern (a pair never splits); Linmas stay per TPS.
                linmas = math.ceil(pattern.linmas * size / pattern.tps)
                groups.append(GuardGroup(sector.id, tps_class, index, size, pattern.police, linmas))
    return groups


def station_ids(spec: ScenarioSpec, stations: list[str] | str) -> list[str]:
    return [s.id for s in spec.geography.sectors] if stations == "each_sector" else list(stations)


def mobile_posts(spec: ScenarioSpec, strategy: Strategy) -> list[MobilePost]:
    posts = []
    for g, group in enumerate(strategy.mobile):
        for station in station_ids(spec, group.stations):
            for n in range(group.count):
                posts.append(MobilePost(group.unit_type, station, g, n))
    return posts


SECTOR_COMMAND = "sector_command"


def sector_pool(spec: ScenarioSpec, node: str) -> str:
    """Personnel pool of the police command covering a sector, or a site's sector."""
    sector_of = {s.id: s.sector for s in spec.geography.sites}
    command_of = {s.id: s.police for s in spec.geography.sectors}
    pool_of = {c.id: c.pool for c in spec.forces.commands}
    return pool_of[command_of[sector_of.get(node, node)]]


def unit_pool(spec: ScenarioSpec, unit_type: str, station: str) -> str:
    pool = next(t.pool for t in spec.forces.unit_types if t.id == unit_type)
    return sector_pool(spec, station) if pool == SECTOR_COMMAND else pool


def personnel(spec: ScenarioSpec, strategy: Strategy) -> Counter[str]:
    """Officers the strategy takes from each personnel pool."""
    used: Counter[str] = Counter()
    for group in guard_groups(spec, strategy):
        used[sector_pool(spec, group.sector)] += group.police
        used[strategy.tps_guard.linmas_pool] += group.linmas
    officers = {t.id: t.officers for t in spec.forces.unit_types}
    for post in mobile_posts(spec, strategy):
        used[unit_pool(spec, post.unit_type, post.station)] += officers[post.unit_type]
    used.update(crowd_standby(spec, strategy))
    return used


def officers_deployed(spec: ScenarioSpec, strategy: Strategy) -> int:
    """Police and army officers the strategy deploys (Linmas not counted), as the
    ``cost.officers`` KPI counts them: TPS guards, mobile units and standby crowd units."""
    officers = {t.id: t.officers for t in spec.forces.unit_types}
    return (
        sum(officers[p.unit_type] for p in mobile_posts(spec, strategy))
        + sum(g.police for g in guard_groups(spec, strategy))
        + sum(crowd_standby(spec, strategy).values())
    )


def crowd_standby(spec: ScenarioSpec, strategy: Strategy) -> Counter[str]:
    """Officers of the strategy's standby crowd units per pool.

    A unit written with ``officers:`` instead of ``unit_type:`` stands by near its scene,
    outside the dispatcher; its officers come from ``pool:`` or the Polres covering the scene.
    Borrowed units are mobile units and are counted as such.
    """
    used: Counter[str] = Counter()
    for scene in scenes(spec):
        side = police_side(strategy, scene)
        for unit in side[1].units if side else ():
            if unit.unit_type is None and unit.officers is not None:
                used[unit.pool or sector_pool(spec, scene.spec.sector)] += unit.officers
    return used
