"""A march along roads (KPU -> Bawaslu) as one moving column, then its stay at the destination.

The column walks at Weidmann's speed for its density, ``v = 1.34 (1 - exp(-1.913 (1/rho -
1/5.4)))`` m/s, and is ``people / (rho x width)`` metres long. Its head reaches node k at
``start + (km to k) / v``; the road between two kecamatan is closed from the head's entry until
its tail has left (roads to a site stay open, so the site stays reachable). At the destination
it stays ``stay`` after the head arrives, under Perkap 7/2012 (:mod:`simulation.election.perkap7`).
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from simulation.crowd.weidmann import weidmann_speed
from simulation.election.cover import Cover
from simulation.election.perkap7 import Perkap7Watch
from simulation.election.places import sector_of
from simulation.election.response import Responder
from simulation.geography.links import haversine_km
from simulation.scenario.election import March

if TYPE_CHECKING:
    from simulation.core.drill import Drill


def speed_ms(march: March) -> float:
    return float(weidmann_speed(march.density_ppm2))


def column_m(march: March) -> float:
    return march.people / (march.density_ppm2 * march.road_width_m)


class MarchScene:
    def __init__(self, drill: Drill, march: March, responder: Responder) -> None:
        self.drill = drill
        self.march = march
        self.responder = responder
        self.cover = Cover(
            drill, march.police, march.route[0], f"march:{march.id}", end_node=march.route[-1]
        )
        assert drill.scenario.election is not None and drill.scenario.election.perkap7 is not None
        self.doctrine = Perkap7Watch(
            drill, drill.scenario.election.perkap7, f"march:{march.id}", responder
        )
        self.legs = [self._leg(a, b) for a, b in zip(march.route, march.route[1:], strict=False)]
        self.closed_s = 0.0
        self.t_head: float | None = None
        self.t_tail: float | None = None

    def _leg(self, a: str, b: str) -> tuple[str, str, float, bool]:
        """(a, b, km, closable): a direct road's length, else crow-fly x circuity."""
        roads = self.drill.roads
        for edge in roads.edges:
            if {edge.a, edge.b} == {a, b}:
                sectors = {s.id for s in self.drill.scenario.geography.sectors}
                return a, b, edge.km, a in sectors and b in sectors
        derive = self.drill.scenario.geography.roads.derive
        circuity = derive.circuity if derive else 1.3
        return a, b, haversine_km(*roads.position[a], *roads.position[b]) * circuity, False

    def disperse(self) -> str | None:
        """``disperse_march``: the Perkap 7/2012 dispersal order now, once at the destination."""
        if self.t_head is None:
            return f"the march {self.march.id} has not reached {self.march.route[-1]} yet"
        return self.doctrine.order_now()

    def route_km(self) -> float:
        return math.fsum(km for _, _, km, _ in self.legs)

    def start(self) -> None:
        env = self.drill.env
        gone = env.event()
        self.cover.hold(self.drill.clock.at(self.march.start), gone)
        env.process(self._run(gone))

    def _run(self, gone: simpy.Event) -> Generator[simpy.Event, None, None]:
        drill, m = self.drill, self.march
        env = drill.env
        v = speed_ms(m)
        tail_s = column_m(m) / v
        start = drill.clock.at(m.start)
        yield env.timeout(max(0.0, start - env.now))
        drill.log("election.march", march=m.id, people=m.people, speed_ms=round(v, 3))
        walked = 0.0
        for a, b, km, closable in self.legs:
            if closable:
                env.process(self._close(a, b, env.now, env.now + 1000.0 * km / v + tail_s))
            yield env.timeout(1000.0 * km / v)
            walked += km
            drill.sample(f"election.march.{m.id}.km", walked)
        self.t_head = env.now
        drill.log("election.march_arrived", march=m.id, at=m.route[-1])
        self.t_tail = env.now + tail_s
        rng = drill.rng("election", "march", m.id)
        sector = sector_of(drill.scenario, m.route[-1])
        yield from self.doctrine.watch(m.people, sector, start, env.now + m.stay, self.cover, rng)
        gone.succeed(env.now)
        drill.log("election.march_gone", march=m.id)

    def _close(self, a: str, b: str, t0: float, t1: float) -> Generator[simpy.Event, None, None]:
        roads, env = self.drill.roads, self.drill.env
        roads.close(a, b)
        if not roads.connected():  # never cut the regency in two: police go through
            roads.reopen(a, b)
            return
        self.drill.log("election.road_closed", a=a, b=b)
        yield env.timeout(t1 - t0)
        roads.reopen(a, b)
        self.closed_s += t1 - t0
        self.drill.log("election.road_reopened", a=a, b=b)
