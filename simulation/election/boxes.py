"""The ballot boxes' way back up after counting: PPS -> PPK, the PPK pleno, PPK -> KPU.

Per kecamatan: the sealed boxes (one per TPS) leave the PPS at ``ready`` and reach the PPK
after a drive across the kecamatan (the mean incident distance, at village-road speed). The
PPK pleno opens at ``ppk_recap_start`` (or when the boxes are in, if later) and recaps
``ppk_tps_per_hour``. Then the boxes go by road to the KPU warehouse, escorted if a unit is free
and on shift. With chance ``p`` (``p x f`` escorted) the convoy is attacked at a uniform point
of the way; the boxes are recovered only if a patrol unit arrives within ``recover_within``.

In play, ``guard_ppk`` posts a named unit at a PPK: it guards the boxes through the pleno and
escorts them to the KPU instead of a pool unit (the convoy waits for it if it is still on its
way). An MSEL ``steal_box`` inject makes the attack certain: at the drawn point of the way if
the boxes have not left the PPK, at once if they are on the road.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from simulation.core.dispatcher import Request
from simulation.core.orders import take_named
from simulation.election.response import Responder
from simulation.patrol.incidents import disc_radius_km
from simulation.scenario.election import BallotReturn

if TYPE_CHECKING:
    from simulation.core.drill import Drill
    from simulation.core.unit import Unit


class BoxFlow:
    def __init__(self, drill: Drill, spec: BallotReturn, responder: Responder) -> None:
        self.drill = drill
        self.spec = spec
        self.responder = responder
        chosen = spec.sectors
        sectors = {s.id: s for s in drill.scenario.geography.sectors}
        self.sectors = [sectors[k] for k in chosen] if chosen else list(sectors.values())
        self.boxes = {s.id: s.tps.total for s in self.sectors}
        self.at_ppk: dict[str, float] = {}
        self.pleno_done: dict[str, float] = {}
        self.at_kpu: dict[str, float] = {}
        self.lost: dict[str, int] = {}
        self.attacks = 0
        self.escorted = 0
        self.plenos_done = drill.env.event()  # every PPK has recapped: the KPU pleno may start
        self.left: set[str] = set()  # kecamatan whose boxes have left the PPK
        self.guards: dict[str, tuple[Request, simpy.Event]] = {}  # the players' guard, arrived
        self.forced: set[str] = set()  # kecamatan an inject attacks on the road
        self.missed: set[str] = set()  # kecamatan an inject struck after the boxes were in
        self.strike: dict[str, simpy.Event] = {}  # boxes on the road: an inject attacks now

    def guard(self, sector: str, unit: Unit) -> str | None:
        """``guard_ppk``: ``unit`` guards the PPK of ``sector`` and escorts its boxes up."""
        drill = self.drill
        if sector not in self.boxes:
            return f"no ballot boxes go up from {sector} in this drill"
        if sector in self.left:
            return f"the boxes of {sector} have already left the PPK"
        if sector in self.guards:
            return f"the PPK of {sector} is already guarded by {self.guards[sector][0].unit.label}"
        req = take_named(drill.dispatcher, unit, sector, f"order: guard_ppk {sector}")
        if isinstance(req, str):
            return req
        there = drill.env.timeout(drill.dispatcher.travel_s(unit, sector, 0.0))
        self.guards[sector] = (req, there)
        drill.log("election.ppk_guarded", sector=sector, unit=unit.label)
        return None

    def steal(self, sector: str) -> None:
        """An inject's attack on the boxes of ``sector`` (none once they are at the KPU or lost)."""
        if sector in self.at_kpu:
            self.missed.add(sector)
        if sector in self.at_kpu or sector in self.lost or sector in self.forced:
            return
        self.forced.add(sector)
        if sector in self.strike:
            self.strike[sector].succeed(self.drill.env.now)

    def start(self) -> None:
        for s in self.sectors:
            self.drill.env.process(self._sector(s.id))

    def _sector(self, sector_id: str) -> Generator[simpy.Event, None, None]:
        drill, spec = self.drill, self.spec
        env, dispatcher = drill.env, drill.dispatcher
        sector = drill.scenario.sector(sector_id)
        rng = drill.rng("election", "boxes", sector_id)
        attempt, where = rng.uniform(size=2)
        boxes = self.boxes[sector_id]
        local = drill.scenario.geography.roads.local.for_terrain(sector.terrain)
        yield env.timeout(max(0.0, drill.clock.at(spec.ready) - env.now))
        yield env.timeout(3600.0 * (2.0 / 3.0) * disc_radius_km(sector) / local)
        self.at_ppk[sector_id] = env.now
        drill.log("election.boxes_at_ppk", sector=sector_id, boxes=boxes)
        pleno = max(env.now, drill.clock.at(spec.ppk_recap_start))
        yield env.timeout(pleno - env.now + 3600.0 * boxes / spec.ppk_tps_per_hour)
        self.pleno_done[sector_id] = env.now
        if len(self.pleno_done) == len(self.sectors):
            self.plenos_done.succeed(env.now)
        drill.log("election.ppk_pleno_done", sector=sector_id, boxes=boxes)
        self.left.add(sector_id)
        held = None
        if sector_id in self.guards:  # the players' guard escorts them, once it is there
            held, there = self.guards[sector_id]
            self.escorted += 1
            yield there
        elif spec.escort is not None:
            kinds = set(spec.escort.unit_types)
            req = dispatcher.request(
                lambda u: u.unit_type.id in kinds,
                sector_id,
                priority=2,
                who=f"boxes:{sector_id}",
                wait=False,
            )
            if req.unit is not None:
                held = req
                self.escorted += 1
                yield env.timeout(dispatcher.travel_s(req.unit, sector_id, 0.0))
        drive = 3600.0 * drill.roads.travel_hours(sector_id, spec.warehouse)
        theft = spec.theft
        chance = (
            0.0 if theft is None else theft.probability * (theft.escorted_factor if held else 1.0)
        )
        attacked = theft is not None and (attempt < chance or sector_id in self.forced)
        left = env.now
        strike = self.strike[sector_id] = env.event()
        result = yield env.timeout(where * drive if attacked else drive) | strike
        del self.strike[sector_id]
        if attacked or strike in result:
            assert theft is not None, "checked at load: a steal_box inject needs the theft rules"
            rest = drive * (1.0 - where) if strike not in result else drive - (env.now - left)
            self.attacks += 1
            drill.log("election.box_theft", sector=sector_id, boxes=boxes)
            _, arrived, _ = self.responder.respond(
                "boxes", theft.incident_type, sector_id, 0.0, rng
            )
            result = yield arrived | env.timeout(theft.recover_within)
            if arrived not in result:
                self.lost[sector_id] = boxes
                drill.log("election.boxes_lost", sector=sector_id, boxes=boxes)
                if held is not None:
                    held.release(sector_id)
                return
            drill.log("election.boxes_recovered", sector=sector_id, boxes=boxes)
            yield env.timeout(rest)
        self.at_kpu[sector_id] = env.now
        drill.log("election.boxes_at_kpu", sector=sector_id, boxes=boxes)
        if held is not None:
            held.release(spec.warehouse)

    def at_kpu_share(self) -> float:
        total = sum(self.boxes.values())
        return sum(self.boxes[s] for s in self.at_kpu) / total if total else 1.0
