"""The quiet period's removal of campaign props (APK), kecamatan by kecamatan.

Joint teams (a simpy Resource of ``teams``) take the kecamatan in the order written; a
kecamatan holds ``props_per_tps x TPS`` props and a team removes ``per_team_hour`` of them an
hour. Disputes with supporters come at a Poisson number per kecamatan
(``per_1000_props / 1000`` per prop), at uniform points of its work and of the kecamatan's
disc; each stops the team until a patrol unit arrives. The KPI is whether every prop is gone
within the target.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import numpy as np
import simpy

from simulation.election.response import Responder
from simulation.patrol.incidents import disc_radius_km
from simulation.scenario.election import PropRemoval

if TYPE_CHECKING:
    from simulation.core.drill import Drill


MEAN_DISC_DISTANCE = 2.0 / 3.0
"""Mean distance from the centre of a uniform disc, in radii: where an injected dispute is."""


class PropScene:
    def __init__(self, drill: Drill, spec: PropRemoval, responder: Responder) -> None:
        self.drill = drill
        self.spec = spec
        self.responder = responder
        sectors = drill.scenario.geography.sectors
        chosen = spec.sectors
        self.props = {
            s.id: round(spec.props_per_tps * s.tps.total)
            for s in sectors
            if chosen is None or s.id in chosen
        }
        if chosen is not None:  # the order written is the order worked
            self.props = {k: self.props[k] for k in chosen}
        self.done: dict[str, float] = {}
        self.disputes = 0
        self.stopped_s = 0.0
        self.rank = {sector: k for k, sector in enumerate(self.props)}  # the teams' queue
        self.working: set[str] = set()
        self.moved: dict[str, simpy.Event] = {}  # a kecamatan waiting for a team: moved up
        self.injected: dict[str, int] = dict.fromkeys(self.props, 0)  # disputes to come now
        self.wake: dict[str, simpy.Event] = {}  # a kecamatan at work: an inject stops it

    def prioritise(self, sector: str) -> str | None:
        """``prioritise_props``: the next free team goes to ``sector``."""
        if sector not in self.props:
            return f"no APK removal is planned in {sector}"
        if sector in self.done:
            return f"the APK in {sector} are already removed"
        if sector in self.working:
            return f"a team is already at work in {sector}"
        self.rank[sector] = min(self.rank.values()) - 1
        self.drill.log("election.props_prioritised", sector=sector)
        if sector in self.moved and not self.moved[sector].triggered:
            self.moved[sector].succeed()
        return None

    def dispute(self, sector: str) -> None:
        """An inject's dispute in ``sector``: now if a team is there, else when one starts."""
        if sector in self.done:
            return
        self.injected[sector] += 1
        if sector in self.wake and not self.wake[sector].triggered:
            self.wake[sector].succeed()

    def start(self) -> None:
        env = self.drill.env
        teams = simpy.PriorityResource(env, capacity=self.spec.teams)
        env.process(self._begin(teams, self.drill.clock.at(self.spec.start)))

    def _begin(
        self, teams: simpy.PriorityResource, begin: float
    ) -> Generator[simpy.Event, None, None]:
        """At the start, the kecamatan ask for teams in the queue's order (orders given before
        the start count)."""
        yield self.drill.env.timeout(max(0.0, begin - self.drill.env.now))
        for sector in sorted(self.props, key=self.rank.__getitem__):
            self.drill.env.process(self._sector(sector, teams))

    def _turn(
        self, sector: str, teams: simpy.PriorityResource
    ) -> Generator[simpy.Event, None, simpy.resources.resource.PriorityRequest]:
        """Wait for a team in the queue's order; a kecamatan moved up asks again."""
        while True:
            turn = teams.request(priority=self.rank[sector])
            moved = self.moved[sector] = self.drill.env.event()
            result = yield turn | moved
            if turn in result:
                del self.moved[sector]
                return turn
            turn.cancel()

    def _sector(
        self, sector: str, teams: simpy.PriorityResource
    ) -> Generator[simpy.Event, None, None]:
        drill, spec = self.drill, self.spec
        env = drill.env
        rng = drill.rng("election", "props", sector)
        props = self.props[sector]
        n = int(rng.poisson(props * spec.dispute.per_1000_props / 1000.0))
        at = sorted(rng.uniform(size=n))
        where = disc_radius_km(drill.scenario.sector(sector)) * np.sqrt(rng.uniform(size=n))
        turn = yield from self._turn(sector, teams)
        self.working.add(sector)
        drill.log("election.props", sector=sector, props=props)
        work = 3600.0 * props / spec.per_team_hour
        done = 0.0
        drawn = list(zip(at, where, strict=True))
        mean_km = MEAN_DISC_DISTANCE * disc_radius_km(drill.scenario.sector(sector))
        injected = drill.rng("election", "props", sector, "inject")
        while True:
            while self.injected[sector]:
                self.injected[sector] -= 1
                yield from self._stop(sector, mean_km, injected)
            share = drawn[0][0] if drawn else 1.0
            wake = self.wake[sector] = env.event()
            began = env.now
            step = env.timeout(max(0.0, work * (share - done)))
            result = yield step | wake
            if step not in result:  # an inject: stopped part of the way
                done += (env.now - began) / work
                continue
            done = share
            if not drawn:
                break
            _, km = drawn.pop(0)
            yield from self._stop(sector, float(km), rng)
        del self.wake[sector]
        teams.release(turn)
        self.working.discard(sector)
        self.done[sector] = env.now
        drill.log("election.props_cleared", sector=sector)

    def _stop(
        self, sector: str, km: float, rng: np.random.Generator
    ) -> Generator[simpy.Event, None, None]:
        """A dispute: the team stands until a patrol unit arrives."""
        self.disputes += 1
        _, arrived, _ = self.responder.respond(
            "props", self.spec.dispute.incident_type, sector, km, rng
        )
        stopped = self.drill.env.now
        yield arrived
        self.stopped_s += self.drill.env.now - stopped

    def cleared_share(self) -> float:
        """Share of props removed within the target (by the end of the drill at worst)."""
        deadline = self.drill.clock.at(self.spec.start + self.spec.within)
        total = sum(self.props.values())
        cleared = sum(self.props[s] for s, t in self.done.items() if t <= deadline)
        return cleared / total if total else 1.0
