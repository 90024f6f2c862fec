"""Police response to an election-scene incident, straight from the dispatcher.

A scene that must wait for the police (a prop-removal team stopped by supporters, a convoy
blocked, boxes snatched) needs the instant a unit arrives, so it asks the dispatcher itself
rather than reporting to the patrol model. Every such incident is kept for the scene's KPIs and
the ``election_incidents`` table.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import simpy

from simulation.patrol.incidents import draw_on_scene

if TYPE_CHECKING:
    from simulation.core.drill import Drill


@dataclass
class SceneIncident:
    scene: str
    type: str
    sector: str
    severity: int
    t_report: float
    t_arrival: float | None = None
    t_cleared: float | None = None
    unit: str = ""


class Responder:
    """Sends the nearest unit able to handle an incident and keeps the record."""

    def __init__(self, drill: Drill) -> None:
        self.drill = drill
        self.incidents: list[SceneIncident] = []

    def respond(
        self, scene: str, type_id: str, sector: str, local_km: float, rng: np.random.Generator
    ) -> tuple[SceneIncident, simpy.Event, simpy.Process]:
        """Report now; return the record, an event fired when a unit arrives, and the job."""
        env = self.drill.env
        itype = next(t for t in self.drill.scenario.incidents.types if t.id == type_id)
        on_scene = float(draw_on_scene(rng, itype.on_scene, 1)[0])
        record = SceneIncident(scene, type_id, sector, itype.severity, env.now)
        self.incidents.append(record)
        self.drill.log("election.incident", scene=scene, type=type_id, sector=sector)
        arrived = env.event()
        job = env.process(self._job(record, local_km, on_scene, arrived))
        return record, arrived, job

    def _job(
        self, record: SceneIncident, local_km: float, on_scene: float, arrived: simpy.Event
    ) -> Generator[simpy.Event, None, None]:
        env, dispatcher = self.drill.env, self.drill.dispatcher
        severity = record.severity
        req = dispatcher.request(
            lambda u: u.handles(severity),
            record.sector,
            local_km,
            priority=severity,
            who=f"election:{record.scene}",
            state="travel",
        )
        unit = yield req
        yield env.timeout(dispatcher.travel_s(unit, record.sector, local_km))
        record.t_arrival, record.unit = env.now, unit.label
        arrived.succeed(env.now)
        yield env.timeout(on_scene)
        record.t_cleared = env.now
        req.release(record.sector, local_km)
