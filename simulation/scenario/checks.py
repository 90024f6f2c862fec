"""Cross-reference checks that a schema cannot express: ids that must exist, roads that must
connect, and strategies that must fit the personnel inventory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from simulation.geography.roads import RoadNetwork
from simulation.scenario.deployment import SECTOR_COMMAND, personnel
from simulation.scenario.errors import Locator, Path, Problem, did_you_mean
from simulation.scenario.model import ScenarioSpec


class _Checker:
    def __init__(self, spec: ScenarioSpec, locator: Locator) -> None:
        self.spec = spec
        self.locator = locator
        self.problems: list[Problem] = []

    def fail(self, path: Path, message: str) -> None:
        self.problems.append(self.locator.problem(path, message))

    def unique(self, section: Path, items: Sequence[object], kind: str) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            ident = item.id  # type: ignore[attr-defined]
            if ident in seen:
                self.fail((*section, i, "id"), f"{kind} id '{ident}' is used twice")
            seen.add(ident)
        return seen

    def known(self, path: Path, value: str, choices: Iterable[str], kind: str) -> bool:
        choices = set(choices)
        if value in choices:
            return True
        self.fail(path, f"unknown {kind} '{value}'{did_you_mean(value, choices)}")
        return False


def check_references(spec: ScenarioSpec, locator: Locator) -> list[Problem]:
    """Every problem with ids, roads and inventories; empty when the scenario is consistent."""
    c = _Checker(spec, locator)
    geo, forces, inc = spec.geography, spec.forces, spec.incidents
    sectors = c.unique(("geography", "sectors"), geo.sectors, "sector")
    sites = c.unique(("geography", "sites"), geo.sites, "site")
    for i, site in enumerate(geo.sites):
        if site.id in sectors:
            c.fail(("geography", "sites", i, "id"), f"site id '{site.id}' is also a sector id")
        c.known(("geography", "sites", i, "sector"), site.sector, sectors, "sector")
    commands = c.unique(("forces", "commands"), forces.commands, "command")
    pools = c.unique(("forces", "pools"), forces.pools, "pool")
    unit_types = c.unique(("forces", "unit_types"), forces.unit_types, "unit type")
    for i, command in enumerate(forces.commands):
        c.known(("forces", "commands", i, "hq"), command.hq, sites, "site")
        c.known(("forces", "commands", i, "pool"), command.pool, pools, "pool")
    for i, unit_type in enumerate(forces.unit_types):
        c.known(
            ("forces", "unit_types", i, "pool"), unit_type.pool, pools | {SECTOR_COMMAND}, "pool"
        )
        if unit_type.min_severity > unit_type.max_severity:
            c.fail(("forces", "unit_types", i, "min_severity"), "min_severity exceeds max_severity")
    for i, sector in enumerate(geo.sectors):
        c.known(("geography", "sectors", i, "police"), sector.police, commands, "command")

    nodes = sectors | sites
    roads = geo.roads
    for i, edge in enumerate(roads.edges):
        c.known(("geography", "roads", "edges", i, "a"), edge.a, nodes, "sector or site")
        c.known(("geography", "roads", "edges", i, "b"), edge.b, nodes, "sector or site")
        c.known(
            ("geography", "roads", "edges", i, "road"), edge.road, roads.speeds_kmh, "road class"
        )
    if roads.derive is not None:
        c.known(
            ("geography", "roads", "derive", "road"),
            roads.derive.road,
            roads.speeds_kmh,
            "road class",
        )
    if not c.problems:
        _check_reachable(c)

    types = c.unique(("incidents", "types"), inc.types, "incident type")
    profiles = c.unique(("incidents", "profiles"), inc.profiles, "profile")
    for i, profile in enumerate(inc.profiles):
        times = [p.at for p in profile.points]
        if times != sorted(times):
            c.fail(("incidents", "profiles", i, "points"), "points must be in time order")
    for i, gen in enumerate(inc.generators):
        path = ("incidents", "generators", i)
        c.known((*path, "type"), gen.type, types, "incident type")
        if gen.profile is not None:
            c.known((*path, "profile"), gen.profile, profiles, "profile")
        for j, sector_id in enumerate(gen.sectors or []):
            c.known((*path, "sectors", j), sector_id, sectors, "sector")
        if gen.basis == "population_10k":
            for sector in geo.sectors:
                if sector.population is None and (gen.sectors is None or sector.id in gen.sectors):
                    c.fail(
                        (*path, "basis"), f"sector '{sector.id}' has no population for this basis"
                    )
                    break

    meta = spec.metadata
    if meta.horizon <= 0:
        c.fail(("metadata", "horizon"), "the horizon must be longer than zero")
    if meta.default_strategy is not None:
        c.known(
            ("metadata", "default_strategy"), meta.default_strategy, spec.strategies, "strategy"
        )
    for name, strategy in spec.strategies.items():
        path = ("strategies", name)
        guard = strategy.tps_guard
        c.known((*path, "tps_guard", "linmas_pool"), guard.linmas_pool, pools, "pool")
        windows = [((*path, "tps_guard", "on_duty"), guard.on_duty)]
        for g, group in enumerate(strategy.mobile):
            gpath = (*path, "mobile", g)
            c.known((*gpath, "unit_type"), group.unit_type, unit_types, "unit type")
            if group.stations != "each_sector":
                for k, station in enumerate(group.stations):
                    c.known((*gpath, "stations", k), station, nodes, "station (sector or site)")
            windows.append(((*gpath, "on_duty"), group.on_duty))
        for wpath, window in windows:
            if window is not None and window[1] <= window[0]:
                c.fail(wpath, "the duty period ends before it starts")
    if not c.problems:
        _check_inventory(c)
    return c.problems


def _check_reachable(c: _Checker) -> None:
    geo = c.spec.geography
    network = RoadNetwork(geo)
    hubs = [cmd.hq for cmd in c.spec.forces.commands]
    anchor = hubs[0]
    for i, sector in enumerate(geo.sectors):
        if not network.reachable(anchor, sector.id):
            c.fail(
                ("geography", "sectors", i),
                f"sector '{sector.id}' cannot be reached by road from '{anchor}'",
            )


def _check_inventory(c: _Checker) -> None:
    pools = {p.id: p for p in c.spec.forces.pools}
    for name, strategy in c.spec.strategies.items():
        for pool_id, used in sorted(personnel(c.spec, strategy).items()):
            available = pools[pool_id].officers
            if used > available:
                c.fail(
                    ("strategies", name),
                    f"uses {used} officers of pool '{pool_id}', which holds {available}",
                )
