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

    def start(self) -> None:
        env = self.drill.env
        teams = simpy.Resource(env, capacity=self.spec.teams)
        begin = self.drill.clock.at(self.spec.start)
        for sector in self.props:
            env.process(self._sector(sector, teams, begin))

    def _sector(
        self, sector: str, teams: simpy.Resource, begin: float
    ) -> Generator[simpy.Event, None, None]:
        drill, spec = self.drill, self.spec
        env = drill.env
        rng = drill.rng("election", "props", sector)
        props = self.props[sector]
        n = int(rng.poisson(props * spec.dispute.per_1000_props / 1000.0))
        at = sorted(rng.uniform(size=n))
        where = disc_radius_km(drill.scenario.sector(sector)) * np.sqrt(rng.uniform(size=n))
        yield env.timeout(max(0.0, begin - env.now))
        with teams.request() as turn:
            yield turn
            drill.log("election.props", sector=sector, props=props)
            work = 3600.0 * props / spec.per_team_hour
            done = 0.0
            for share, km in zip(at, where, strict=True):
                yield env.timeout(work * (share - done))
                done = share
                self.disputes += 1
                _, arrived, _ = self.responder.respond(
                    "props", spec.dispute.incident_type, sector, float(km), rng
                )
                stopped = env.now
                yield arrived
                self.stopped_s += env.now - stopped
            yield env.timeout(work * (1.0 - done))
        self.done[sector] = env.now
        drill.log("election.props_cleared", sector=sector)

    def cleared_share(self) -> float:
        """Share of props removed within the target (by the end of the drill at worst)."""
        deadline = self.drill.clock.at(self.spec.start + self.spec.within)
        total = sum(self.props.values())
        cleared = sum(self.props[s] for s, t in self.done.items() if t <= deadline)
        return cleared / total if total else 1.0
