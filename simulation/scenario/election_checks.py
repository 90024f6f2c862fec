"""Cross-checks of the ``election:`` section: ids that must exist, times inside the drill,
a calendar in order, march routes that roads join."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.scenario.election import ElectionSpec, PoliceCover
from simulation.scenario.model import InjectAction

if TYPE_CHECKING:
    from simulation.scenario.checker import Checker
    from simulation.scenario.errors import Path


def check_election(c: Checker, nodes: set[str], types: set[str], unit_types: set[str]) -> None:
    spec: ElectionSpec | None = c.spec.election
    if spec is None:
        return
    here: Path = ("election",)
    sectors = {s.id for s in c.spec.geography.sectors}
    sites = {s.id for s in c.spec.geography.sites}
    meta = c.spec.metadata
    end = meta.start + meta.horizon

    def inside(path: Path, t: float) -> None:
        if not meta.start <= t < end:
            c.fail(path, "this time lies outside the drill (metadata.start + horizon)")

    def cover(path: Path, police: PoliceCover) -> None:
        for k, kind in enumerate(police.unit_types):
            c.known((*path, "unit_types", k), kind, unit_types, "unit type")

    c.unique((*here, "calendar"), spec.calendar, "phase")
    starts = [p.start for p in spec.calendar]
    if starts != sorted(starts):
        c.fail((*here, "calendar"), "phases must be in time order")
    for i, rally in enumerate(spec.rallies):
        path = (*here, "rallies", i)
        c.known((*path, "sector"), rally.sector, sectors, "sector")
        c.known((*path, "incident_type"), rally.incident_type, types, "incident type")
        inside((*path, "start"), rally.start)
        cover((*path, "police"), rally.police)
    c.unique((*here, "rallies"), spec.rallies, "rally")
    for i, escort in enumerate(spec.escorts):
        path = (*here, "escorts", i)
        ok = c.known((*path, "from"), escort.origin, nodes, "sector or site")
        ok = c.known((*path, "to"), escort.destination, nodes, "sector or site") and ok
        if ok and c.ground is not None and not c.ground.road(escort.origin, escort.destination):
            c.fail((*path, "to"), f"no road joins '{escort.origin}' and '{escort.destination}'")
        inside((*path, "depart"), escort.depart)
        cover((*path, "escort"), escort.escort)
        if escort.threat is not None:
            kind = escort.threat.incident_type
            c.known((*path, "threat", "incident_type"), kind, types, "incident type")
    c.unique((*here, "escorts"), spec.escorts, "escort")
    if spec.props is not None:
        path = (*here, "props")
        inside((*path, "start"), spec.props.start)
        for k, sector in enumerate(spec.props.sectors or []):
            c.known((*path, "sectors", k), sector, sectors, "sector")
        kind = spec.props.dispute.incident_type
        c.known((*path, "dispute", "incident_type"), kind, types, "incident type")
    if spec.ballot_return is not None:
        ret, path = spec.ballot_return, (*here, "ballot_return")
        inside((*path, "ready"), ret.ready)
        inside((*path, "ppk_recap_start"), ret.ppk_recap_start)
        if ret.ppk_recap_start < ret.ready:
            c.fail((*path, "ppk_recap_start"), "the PPK plenos open before the boxes are sealed")
        c.known((*path, "warehouse"), ret.warehouse, sites, "site")
        for k, sector in enumerate(ret.sectors or []):
            c.known((*path, "sectors", k), sector, sectors, "sector")
        if ret.escort is not None:
            cover((*path, "escort"), ret.escort)
        if ret.theft is not None:
            kind = ret.theft.incident_type
            c.known((*path, "theft", "incident_type"), kind, types, "incident type")
    if spec.recap is not None:
        c.known((*here, "recap", "site"), spec.recap.site, sites, "site")
        inside((*here, "recap", "start"), spec.recap.start)
    for i, march in enumerate(spec.marches):
        path = (*here, "marches", i)
        known = [
            c.known((*path, "route", k), node, nodes, "sector or site")
            for k, node in enumerate(march.route)
        ]
        if all(known) and c.ground is not None:
            for k, (a, b) in enumerate(zip(march.route, march.route[1:], strict=False)):
                if not c.ground.road(a, b):
                    c.fail((*path, "route", k + 1), f"no road joins '{a}' and '{b}'")
        inside((*path, "start"), march.start)
        cover((*path, "police"), march.police)
    c.unique((*here, "marches"), spec.marches, "march")
    if spec.perkap7 is not None:
        kind = spec.perkap7.incident_type
        c.known((*here, "perkap7", "incident_type"), kind, types, "incident type")
    elif spec.marches:
        c.fail((*here, "marches"), "marches need 'perkap7:' (what happens after 18:00)")


def check_election_action(c: Checker, here: Path, action: InjectAction) -> None:
    """An MSEL inject on an election scene names a scene the scenario has."""
    spec: ElectionSpec | None = c.spec.election
    sectors = [s.id for s in c.spec.geography.sectors]
    for kind, event, section, noun in (
        ("steal_box", action.steal_box, "ballot_return", "ballot boxes go up"),
        ("prop_dispute", action.prop_dispute, "props", "APK are removed"),
    ):
        if event is None:
            continue
        scene = None if spec is None else getattr(spec, section)
        if scene is None:
            c.fail(here, f"a {kind} inject needs 'election.{section}'")
            continue
        if kind == "steal_box" and scene.theft is None:
            c.fail(here, "a steal_box inject needs 'election.ballot_return.theft'")
        known = c.known((*here, "sector"), event.sector, sectors, "sector")
        if known and scene.sectors is not None and event.sector not in scene.sectors:
            where = f"election.{section}.sectors"
            c.fail((*here, "sector"), f"no {noun} in '{event.sector}' ({where})")
    if action.rally_clash is not None:
        if spec is None:
            c.fail(here, "a rally_clash inject needs 'election.rallies'")
        else:
            rallies = [r.id for r in spec.rallies]
            c.known((*here, "rally"), action.rally_clash.rally, rallies, "rally")
