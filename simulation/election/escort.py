"""A candidate's convoy (pengawalan paslon): a protected vehicle, its escort, a threat on the way.

At ``depart`` the convoy takes the escort units that are free and on shift (it does not wait for
more) and waits for them to reach it. It drives the road route at ``speed_factor`` of a patrol
car. With chance ``p x f^n`` (``n`` escorts present) it is blocked on the way (supporters of a
rival, a road blockade): escorted, it stands ``hold``; unescorted, it stands until a patrol unit
arrives and then ``hold``. In play, ``escort_paslon`` adds a named unit to the escort before the
convoy forms: it drives to the start, the convoy waits for it, and it counts in ``n``.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from simulation.core.dispatcher import Request
from simulation.core.orders import take_named
from simulation.election.places import sector_of
from simulation.election.response import Responder
from simulation.scenario.election import Escort

if TYPE_CHECKING:
    from simulation.core.drill import Drill
    from simulation.core.unit import Unit


class EscortScene:
    def __init__(self, drill: Drill, escort: Escort, responder: Responder) -> None:
        self.drill = drill
        self.escort = escort
        self.responder = responder
        self.escorts = 0
        self.blocked = False
        self.planned_s = 0.0
        self.t_depart: float | None = None
        self.t_arrive: float | None = None
        self.formed = False  # the escort is taken: orders come too late
        self.added: list[tuple[Request, simpy.Event]] = []  # units the players sent, arrived

    def add_escort(self, unit: Unit) -> str | None:
        """``escort_paslon``: ``unit`` joins the escort; refused once the convoy has formed."""
        drill, e = self.drill, self.escort
        if self.formed:
            return f"the convoy {e.id} has already formed its escort"
        req = take_named(drill.dispatcher, unit, e.origin, f"order: escort_paslon {e.id}")
        if isinstance(req, str):
            return req
        there = drill.env.timeout(drill.dispatcher.travel_s(unit, e.origin, 0.0))
        self.added.append((req, there))
        drill.log("election.escort_added", escort=e.id, unit=unit.label)
        return None

    def start(self) -> None:
        self.drill.env.process(self._run())

    def _run(self) -> Generator[simpy.Event, None, None]:
        drill, e = self.drill, self.escort
        env, dispatcher = drill.env, drill.dispatcher
        rng = drill.rng("election", "escort", e.id)
        attempt, where = rng.uniform(size=2)
        depart = drill.clock.at(e.depart)
        yield env.timeout(max(0.0, depart - env.now))
        kinds = set(e.escort.unit_types)
        held = []
        for k in range(e.escort.count):
            req = dispatcher.request(
                lambda u: u.unit_type.id in kinds,
                e.origin,
                priority=2,
                who=f"escort:{e.id}#{k}",
                wait=False,
            )
            if req.unit is not None:
                held.append(req)
        self.formed = True
        self.escorts = len(held) + len(self.added)
        gather = max((dispatcher.travel_s(r.unit, e.origin, 0.0) for r in held), default=0.0)
        yield env.timeout(gather)
        if self.added:  # the players' units, on their way to the start
            yield env.all_of([there for _, there in self.added])
            held += [req for req, _ in self.added]
        self.t_depart = env.now
        drill.log("election.escort", escort=e.id, escorts=self.escorts)
        self.planned_s = 3600.0 * drill.roads.travel_hours(e.origin, e.destination) / e.speed_factor
        threat = e.threat
        if (
            threat is not None
            and attempt < threat.probability * threat.escorted_factor**self.escorts
        ):
            self.blocked = True
            yield env.timeout(where * self.planned_s)
            node = e.origin if where < 0.5 else e.destination
            drill.log("election.escort_blocked", escort=e.id, escorts=self.escorts)
            if not held:
                on_scene = drill.rng("election", "escort", e.id, "on_scene")
                sector = sector_of(drill.scenario, node)
                _, arrived, _ = self.responder.respond(
                    f"escort:{e.id}", threat.incident_type, sector, 0.0, on_scene
                )
                yield arrived
            yield env.timeout(threat.hold)
            yield env.timeout((1.0 - where) * self.planned_s)
        else:
            yield env.timeout(self.planned_s)
        self.t_arrive = env.now
        drill.log("election.escort_arrived", escort=e.id)
        for req in held:
            req.release(e.destination)

    def delay_s(self) -> float | None:
        """Arrival after the plan (departure time + free drive); None if it never arrived."""
        if self.t_arrive is None:
            return None
        return self.t_arrive - (self.drill.clock.at(self.escort.depart) + self.planned_s)
