"""Cross-reference checks that a schema cannot express: ids that must exist, roads that must
connect, and strategies that must fit the personnel inventory.

The checks that need the road network or a venue's geometry live in the geography layer
(:mod:`simulation.geography.checks`) and come in as a :class:`Ground`, so the scenario
language imports nothing above it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from simulation.scenario.checker import Checker, Ground
from simulation.scenario.conditions import ConditionError, check_names, parse_condition
from simulation.scenario.crowd import WEIDMANN_RHO_MAX, CrowdStrategySpec
from simulation.scenario.deployment import SECTOR_COMMAND, personnel
from simulation.scenario.election_checks import check_election, check_election_action
from simulation.scenario.errors import Locator, Path, Problem, dotted
from simulation.scenario.model import Inject, InjectAction, ScenarioSpec
from simulation.scenario.observables import observable_names
from simulation.scenario.scenes import police_side, scenes
from simulation.scenario.units import format_clock


def check_references(
    spec: ScenarioSpec,
    locator: Locator,
    ground: Callable[[ScenarioSpec], Ground] | None = None,
    cut_ids: Iterable[str] = (),
    cut_sections: Iterable[str] = (),
) -> list[Problem]:
    """Every problem with ids, roads and inventories; empty when the scenario is consistent.

    Without `ground` the checks of roads and venue geometry are left out. `cut_ids` and
    `cut_sections` say what a salvaged scenario lost to schema errors: checks that need a
    complete geography or forces section (roads, venues, logistics, inventories) are then left
    out.
    """
    whole = not {"geography", "forces"} & set(cut_sections)  # else road checks would echo
    c = Checker(spec, locator, None if ground is None or not whole else ground(spec), cut_ids)
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
    if not c.problems and c.ground is not None:
        c.ground.reachable(c)

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
        if guard.khusus is None and (khusus := sum(s.tps.khusus for s in geo.sectors)):
            c.fail(
                (*path, "tps_guard"),
                f"the scenario has {khusus} TPS khusus: give their guard pattern as 'khusus:' "
                "(e.g. 'sangat_rawan_2024', 2-1-2)",
            )
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
    # The ids, roads and strategies the later checks stand on; MSEL or information problems
    # do not hide the crowd, logistics and inventory checks.
    sound = not c.problems and whole
    if spec.logistics is not None and sound:
        _check_logistics(c)
    _check_information(c, sectors, types)
    _check_msel(c, sectors, nodes, types)
    check_election(c, nodes, types, unit_types)
    _check_decide(c)
    _check_emergency(c, nodes, sites, unit_types)
    if sound:
        before = len(c.problems)
        _check_crowd(c, sectors, unit_types)
        if len(c.problems) == before:  # standby crowd units count, so scenes must be sound
            _check_inventory(c)
    return c.problems


def _check_decide(c: Checker) -> None:
    """Each deciding KPI once, and no cost among them: costs are the budget, never a win.
    (Whether a name is a KPI at all is known only once the models load: core/kpis.py.)"""
    decide = c.spec.decide
    if decide is None:
        return
    seen: set[str] = set()
    for group in ("harm", "service"):
        for i, name in enumerate(getattr(decide, group)):
            path = ("decide", group, i)
            if name in seen:
                c.fail(path, f"KPI '{name}' is named twice")
            seen.add(name)
            if name.startswith("cost."):
                c.fail(path, f"'{name}' is a cost: costs are the budget, never a win")


def _check_inventory(c: Checker) -> None:
    pools = {p.id: p for p in c.spec.forces.pools}
    for name, strategy in c.spec.strategies.items():
        for pool_id, used in sorted(personnel(c.spec, strategy).items()):
            available = pools[pool_id].officers
            if used > available:
                c.fail(
                    ("strategies", name),
                    f"uses {used} officers of pool '{pool_id}', which holds {available}",
                )


def _check_logistics(c: Checker) -> None:
    """Every TPS must have a PPS, every PPS a route from the warehouse, every time window an end
    after its start, and every id a referent."""
    spec, log = c.spec, c.spec.logistics
    assert log is not None
    top = ("logistics",)
    sectors = {s.id: s for s in spec.geography.sectors}
    sites = {s.id: s for s in spec.geography.sites}
    if c.known((*top, "warehouse"), log.warehouse, sites, "site") and (
        sites[log.warehouse].kind != "warehouse"
    ):
        c.fail((*top, "warehouse"), f"site '{log.warehouse}' is not a warehouse")
    vehicles = c.unique((*top, "vehicles"), log.vehicles, "vehicle")
    legs = log.legs
    refs: list[tuple[Path, str | None]] = [
        ((*top, "legs", "warehouse_ppk", "vehicle"), legs.warehouse_ppk.vehicle),
        ((*top, "legs", "ppk_pps", "vehicle"), legs.ppk_pps.vehicle),
        ((*top, "legs", "pps_tps", "vehicle"), legs.pps_tps.vehicle),
        ((*top, "legs", "pps_tps", "fallback"), legs.pps_tps.fallback),
    ]
    if log.returns is not None:
        refs.append(((*top, "returns", "vehicle"), log.returns.vehicle))
        if log.returns.ambush is not None:
            c.known(
                (*top, "returns", "ambush", "incident_type"),
                log.returns.ambush.incident_type,
                {t.id for t in spec.incidents.types},
                "incident type",
            )
    windows: list[tuple[Path, tuple[float, float]]] = [
        ((*top, "legs", "ppk_pps", "window"), legs.ppk_pps.window),
        ((*top, "legs", "pps_tps", "window"), legs.pps_tps.window),
    ]
    routed: set[str] = set()
    for i, wave in enumerate(log.waves):
        windows.append(((*top, "waves", i, "window"), wave.window))
        for j, sector in enumerate(wave.sectors):
            if not c.known((*top, "waves", i, "sectors", j), sector, sectors, "sector"):
                continue
            if sector in routed:
                c.fail((*top, "waves", i, "sectors", j), f"sector '{sector}' is in two waves")
            routed.add(sector)
    for i, rule in enumerate(log.rain):
        windows.append(((*top, "rain", i, "window"), rule.window))
        for j, sector in enumerate(rule.sectors or []):
            c.known((*top, "rain", i, "sectors", j), sector, sectors, "sector")
    c.unique((*top, "rain"), log.rain, "rain rule")
    for i, sector in enumerate(log.vulnerable):
        c.known((*top, "vulnerable", i), sector, sectors, "sector")
    for wpath, (begin, end) in windows:
        if end <= begin:
            c.fail(wpath, "the schedule ends before it starts")
    pps_ids = c.unique((*top, "pps"), log.pps, "PPS")
    ground = c.ground if log.warehouse in sites else None
    served: dict[str, int] = {}
    stranded: dict[str, list[int]] = {}  # kecamatan whose PPS have no route, and those PPS
    for i, pps in enumerate(log.pps):
        path = (*top, "pps", i)
        refs.append(((*path, "last_mile"), pps.last_mile))
        if not c.known((*path, "sector"), pps.sector, sectors, "sector"):
            continue
        served[pps.sector] = served.get(pps.sector, 0) + pps.tps
        unreachable = ground is not None and not ground.road(log.warehouse, pps.sector)
        if pps.tps and (pps.sector not in routed or unreachable):
            stranded.setdefault(pps.sector, []).append(i)
    for sector, where in stranded.items():
        why = "is in no wave" if sector not in routed else f"has no road from '{log.warehouse}'"
        c.fail(
            (*top, "pps", where[0]),
            f"PPS '{log.pps[where[0]].id}' and {len(where) - 1} more have no route: "
            f"kecamatan '{sector}' {why}",
        )
    for i, sector in enumerate(spec.geography.sectors):
        if served.get(sector.id, 0) != sector.tps.total:
            c.fail(
                ("geography", "sectors", i, "tps"),
                f"kecamatan '{sector.id}' has {sector.tps.total} TPS but its PPS serve "
                f"{served.get(sector.id, 0)}: every TPS needs a PPS",
            )
    for path, ref in refs:
        if ref is not None:
            c.known(path, ref, vehicles, "vehicle")
    if legs.warehouse_ppk.fleet == 0 and sum(served.values()):
        c.fail((*top, "legs", "warehouse_ppk", "fleet"), "no trucks to carry the kits")
    for i, withdrawal in enumerate(log.withdrawals):
        path = (*top, "withdrawals", i)
        for j, pps in enumerate(withdrawal.pps):
            c.known((*path, "pps", j), pps, pps_ids, "PPS")
        if withdrawal.redeliver <= withdrawal.at:
            c.fail((*path, "redeliver"), "redelivery must come after the withdrawal")


def _check_information(c: Checker, sectors: set[str], types: set[str]) -> None:
    info = c.spec.information
    if info is None:
        return
    base = ("information",)
    for i, sector in enumerate(c.spec.geography.sectors):
        if sector.population is None:
            c.fail(
                ("geography", "sectors", i), "information threats need every sector's population"
            )
            break
    for j, type_id in enumerate(info.incident_types):
        c.known((*base, "incident_types", j), type_id, types, "incident type")
    accounts = c.unique((*base, "accounts"), info.accounts, "account")
    for i, account in enumerate(info.accounts):
        c.known((*base, "accounts", i, "home"), account.home, sectors, "sector")
        for sector_id in account.followers if isinstance(account.followers, dict) else ():
            c.known((*base, "accounts", i, "followers", sector_id), sector_id, sectors, "sector")
    c.unique((*base, "hoaxes"), info.hoaxes, "hoax")
    for i, hoax in enumerate(info.hoaxes):
        for j, sector_id in enumerate(hoax.origin):
            c.known((*base, "hoaxes", i, "origin", j), sector_id, sectors, "sector")
        for j, account_id in enumerate(hoax.via):
            c.known((*base, "hoaxes", i, "via", j), account_id, accounts, "account")
    for i, source in enumerate(info.grievance_sources):
        for j, sector_id in enumerate(source.sectors):
            c.known((*base, "grievance_sources", i, "sectors", j), sector_id, sectors, "sector")


def _check_msel(c: Checker, sectors: set[str], nodes: set[str], types: set[str]) -> None:
    msel = c.spec.msel
    if msel is None:
        return
    meta = c.spec.metadata
    first, last = meta.start, meta.start + meta.horizon
    window = f"the drill runs {format_clock(first)} to {format_clock(last)}"
    seen: set[str] = set()
    names = observable_names(c.spec)
    hoaxes = {h.id for h in c.spec.information.hoaxes} if c.spec.information else set()
    for i, inject in enumerate(msel.injects):
        path = ("msel", "injects", i)
        if inject.number in seen:
            c.fail((*path, "number"), f"inject number '{inject.number}' is used twice")
        seen.add(inject.number)
        if not first <= inject.time <= last:
            c.fail((*path, "time"), f"{format_clock(inject.time)} is outside the drill: {window}")
        if inject.until is not None and not inject.time <= inject.until <= last:
            c.fail(
                (*path, "until"), f"the window must end after 'time' and by {format_clock(last)}"
            )
        if inject.condition:
            _check_condition(c, (*path, "condition"), inject.condition, names)
        if inject.action is not None:
            _check_action(c, (*path, "action"), inject, sectors, nodes, types, hoaxes, names)


def _check_condition(c: Checker, path: Path, text: str, names: dict[str, set[str]]) -> None:
    try:
        check_names(parse_condition(text), names)
    except ConditionError as exc:
        # The offset counts inside the condition text, so start from the value, not its key.
        written = c.locator.text_at(path)
        # Set by an override or a workbook cell: no text position to count into.
        if written is None or written[0] == 0:
            c.problems.append(c.locator.problem(path, exc.message))
            return
        line, col = written
        where = dotted(c.locator.original(path))
        c.problems.append(
            Problem(c.locator.file_of(path), line, col + exc.offset, where, exc.message)
        )


def _check_action(
    c: Checker,
    path: Path,
    inject: Inject,
    sectors: set[str],
    nodes: set[str],
    types: set[str],
    hoaxes: set[str],
    names: dict[str, set[str]],
) -> None:
    action = inject.action
    assert action is not None
    kind = action.kind
    here = (*path, kind)
    if action.spread_hoax is not None:
        c.known(here, action.spread_hoax, hoaxes, "hoax")
    if action.incident is not None:
        c.known((*here, "type"), action.incident.type, types, "incident type")
        c.known((*here, "sector"), action.incident.sector, sectors, "sector")
    if action.raise_incidents is not None:
        for j, sector_id in enumerate(action.raise_incidents.sectors):
            c.known((*here, "sectors", j), sector_id, sectors, "sector")
        for j, type_id in enumerate(action.raise_incidents.types or []):
            c.known((*here, "types", j), type_id, types, "incident type")
    if action.grievance is not None:
        if c.spec.information is None:
            c.fail(here, "a grievance inject needs the scenario's 'information' section")
        for j, sector_id in enumerate(action.grievance.sectors):
            c.known((*here, "sectors", j), sector_id, sectors, "sector")
    if action.block_road is not None:
        _check_block(c, here, action.block_road.a, action.block_road.b, nodes)
    check_election_action(c, here, action)
    emergency = c.spec.emergency
    for kind, ident, items, noun in (
        ("start_fire", action.start_fire, "premises", "premises"),
        ("start_looting", action.start_looting, "premises", "premises"),
        ("take_hostage", action.take_hostage, "hostage_sites", "hostage situation"),
    ):
        if ident is None:
            continue
        field = "situation" if kind == "take_hostage" else "premises"
        if emergency is None:
            c.fail(here, f"a {kind} inject needs the scenario's 'emergency' section")
            continue
        c.known(
            (*here, field), getattr(ident, field), {p.id for p in getattr(emergency, items)}, noun
        )
        if kind == "start_looting" and emergency.looting is None:
            c.fail(here, "a start_looting inject needs 'emergency.looting'")
        if kind == "take_hostage" and emergency.hostage is None:
            c.fail(here, "a take_hostage inject needs 'emergency.hostage'")
    if action.casualties is not None:
        if emergency is None:
            c.fail(here, "a casualties inject needs the scenario's 'emergency' section")
        c.known((*here, "at"), action.casualties.at, nodes, "sector or site")
    _check_crowd_action(c, here, action)
    for namespace, ident in (
        ("convoy", action.delay_convoy.convoy if action.delay_convoy else None),
        ("crowd", action.crowd_event.crowd if action.crowd_event else None),
    ):
        if ident is not None:
            known = {k.split(".", 1)[1] for k in names if k.startswith(f"{namespace}.")}
            field = "convoy" if namespace == "convoy" else "crowd"
            c.known((*here, field), ident, known, namespace)


def _check_crowd_action(c: Checker, here: Path, action: InjectAction) -> None:
    """``provoke`` and ``agitate``: the scene and group exist, the numbers fit them."""
    target = action.provoke or action.agitate
    if target is None:
        return
    found = {scene.id: scene.spec for scene in scenes(c.spec)}
    if not c.known((*here, "crowd"), target.crowd, found, "crowd scene"):
        return
    scene = found[target.crowd]
    if action.provoke is not None:
        groups = {g.name: g for g in scene.groups}
        if c.known((*here, "group"), action.provoke.group, groups, "group"):
            size = groups[action.provoke.group].size
            if action.provoke.provocateurs > size:
                c.fail(
                    (*here, "provocateurs"),
                    f"{action.provoke.provocateurs} provocateurs in group "
                    f"'{action.provoke.group}' of only {size} people",
                )
    if action.agitate is not None and action.agitate.legitimacy_drop > scene.legitimacy:
        c.fail(
            (*here, "legitimacy_drop"),
            f"a drop of {action.agitate.legitimacy_drop:g} takes scene '{scene.id}' below "
            f"legitimacy 0 (it has {scene.legitimacy:g})",
        )


def _check_emergency(c: Checker, nodes: set[str], sites: set[str], unit_types: set[str]) -> None:
    """The red phase's ids: places on the map, neighbours, crowd scenes, unit types, staging."""
    spec = c.spec.emergency
    base: Path = ("emergency",)
    if spec is None:
        for name, strategy in c.spec.strategies.items():
            if strategy.emergency is not None:
                c.fail(
                    ("strategies", name, "emergency"), "needs the scenario's 'emergency' section"
                )
        return
    stations = c.unique((*base, "damkar"), spec.damkar, "Damkar station")
    hospitals = c.unique((*base, "hospitals"), spec.hospitals, "hospital")
    premises = c.unique((*base, "premises"), spec.premises, "premises")
    c.unique((*base, "hostage_sites"), spec.hostage_sites, "hostage situation")
    crowds = {scene.id for scene in scenes(c.spec)}
    for section in ("damkar", "hospitals", "premises", "hostage_sites"):
        for i, place in enumerate(getattr(spec, section)):
            c.known((*base, section, i, "sector"), place.sector, nodes, "sector or site")
    for i, item in enumerate(spec.premises):
        for j, other in enumerate(item.neighbours):
            if other == item.id:
                c.fail(
                    (*base, "premises", i, "neighbours", j), "a premises is not its own neighbour"
                )
            else:
                c.known((*base, "premises", i, "neighbours", j), other, premises, "premises")
        if item.crowd is not None:
            c.known((*base, "premises", i, "crowd"), item.crowd, crowds, "crowd scene")
    if spec.looting is not None:
        c.known((*base, "looting", "unit_type"), spec.looting.unit_type, unit_types, "unit type")
    if spec.hostage is not None:
        rules = spec.hostage
        c.known(
            (*base, "hostage", "rescue_unit_type"), rules.rescue_unit_type, unit_types, "unit type"
        )
    if spec.arrests is not None:
        c.known((*base, "arrests", "unit_type"), spec.arrests.unit_type, unit_types, "unit type")
        c.known((*base, "arrests", "detention"), spec.arrests.detention, sites, "site")
    if not sum(h.ambulances for h in spec.hospitals):
        c.fail((*base, "hospitals"), "no hospital has an ambulance: casualties could never move")
    for name, strategy in c.spec.strategies.items():
        if strategy.emergency is None:
            continue
        path = ("strategies", name, "emergency")
        escort = strategy.emergency.damkar_escort
        here = (*path, "damkar_escort", "unit_type")
        if (
            escort is not None
            and c.known(here, escort.unit_type, unit_types, "unit type")
            and not any(g.unit_type == escort.unit_type and g.count for g in strategy.mobile)
        ):
            c.fail(here, f"the strategy deploys no '{escort.unit_type}' unit to escort Damkar")
        for group, bases, attr in (
            ("damkar", stations, "engines"),
            ("ambulances", hospitals, "ambulances"),
        ):
            owners = {p.id: p for p in (spec.damkar if group == "damkar" else spec.hospitals)}
            staged: dict[str, int] = {}
            for i, stage in enumerate(getattr(strategy.emergency, group)):
                here = (*path, group, i)
                c.known((*here, "at"), stage.at, nodes, "sector or site")
                if not c.known(
                    (*here, "base"),
                    stage.base,
                    bases,
                    "Damkar station" if group == "damkar" else "hospital",
                ):
                    continue
                staged[stage.base] = staged.get(stage.base, 0) + stage.vehicles
                have = getattr(owners[stage.base], attr)
                if staged[stage.base] > have:
                    c.fail((*here, "vehicles"), f"'{stage.base}' has only {have} {attr} to stage")


def _check_block(c: Checker, path: Path, a: str, b: str, nodes: set[str]) -> None:
    if not (
        c.known((*path, "a"), a, nodes, "sector or site")
        and c.known((*path, "b"), b, nodes, "sector or site")
    ):
        return
    if c.ground is not None:
        c.ground.block(c, path, a, b)


def _check_crowd(c: Checker, sectors: set[str], unit_types: set[str]) -> None:
    """The crowd scenes: unique ids, sectors, one police side per scene in every strategy, the
    units of each side, and each venue's geometry."""
    found = scenes(c.spec)
    ids = {scene.id for scene in found}
    seen: set[str] = set()
    for scene in found:
        if scene.id in seen:
            c.fail((*scene.path, "id"), f"crowd scene id '{scene.id}' is used twice")
        seen.add(scene.id)
    if len(seen) < len(found):  # police sides are keyed by id: nothing more makes sense
        return
    for scene in found:
        c.known((*scene.path, "sector"), scene.spec.sector, sectors, "sector")
        meta = c.spec.metadata
        if not meta.start <= scene.spec.start < meta.start + meta.horizon:
            c.fail((*scene.path, "start"), "the crowd scene starts outside the drill's horizon")
        tick = max(scene.spec.behaviour_dt_s, scene.spec.dt_s)
        if scene.spec.duration < tick:
            c.fail(
                (*scene.path, "duration"),
                f"a crowd scene lasts at least one decision step ({tick:g} s): in "
                f"{scene.spec.duration:g} s nobody would decide anything",
            )
        radius = scene.spec.venue.gathering.radius_m
        room = int(math.pi * radius**2 * WEIDMANN_RHO_MAX)
        if scene.spec.seizure.occupiers > room:
            c.fail(
                (*scene.path, "seizure", "occupiers"),
                f"{scene.spec.seizure.occupiers} occupiers cannot stand within the {radius:g} m "
                f"gathering radius (at most {room} at {WEIDMANN_RHO_MAX} persons/m^2): "
                "the building could never be seized",
            )
    pools = {p.id for p in c.spec.forces.pools}
    for name, strategy in c.spec.strategies.items():
        here = ("strategies", name)
        if strategy.crowd is not None and not found:
            c.fail((*here, "crowd"), "there is no crowd scene (top-level 'crowd:')")
        for key in strategy.crowds:
            c.known((*here, "crowds", key), key, ids, "crowd scene")
        if found and strategy.crowd is not None and found[0].id in strategy.crowds:
            c.fail(
                (*here, "crowds", found[0].id),
                f"the police side of scene '{found[0].id}' is also given as 'crowd:'",
            )
        for scene in found:
            side = police_side(strategy, scene)
            if side is None:
                how = "'crowd:' or " if scene.first else ""
                c.fail(
                    here,
                    f"no police side for crowd scene '{scene.id}': give {how}'crowds.{scene.id}:'",
                )
                continue
            path, police = (*here, *side[0]), side[1]
            _check_units(c, path, police, unit_types, pools)
            if c.ground is not None:
                c.ground.venue(c, scene, police, path)


def _check_units(
    c: Checker, path: Path, police: CrowdStrategySpec, unit_types: set[str], pools: set[str]
) -> None:
    """Unit names unique within a police side; borrowed types and standby pools exist."""
    seen: set[str] = set()
    for k, unit in enumerate(police.units):
        if unit.name in seen:
            c.fail((*path, "units", k, "name"), f"unit name '{unit.name}' is used twice")
        seen.add(unit.name)
        if unit.unit_type is not None:
            c.known((*path, "units", k, "unit_type"), unit.unit_type, unit_types, "unit type")
        if unit.pool is not None:
            c.known((*path, "units", k, "pool"), unit.pool, pools, "pool")
