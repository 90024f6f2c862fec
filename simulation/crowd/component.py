"""The crowd scene as a drill component: the CrowdModel stepped on the drill's one clock.

Units the strategy borrows (``unit_type:``) come from the patrol dispatcher: the nearest free
unit of that type is detached, travels over the road network to the scene's kecamatan, and is
given back when the scene ends. If every such unit is busy with incidents the request waits,
so the county-wide deployment decides how fast a riot is met.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from agents.crowd_actors import PoliceUnit
from agents.units import PatrolUnit
from simulation.crowd.behaviour import State
from simulation.crowd.model import CrowdModel

if TYPE_CHECKING:
    from simulation.drill import Drill

RETRY_S = 60.0  # how often a waiting request asks the dispatcher again
SCENE_KM = 0.5  # from the kecamatan centre to the scene


class CrowdComponent:
    """Runs the scenario's crowd scene under the drill's strategy."""

    name = "crowd"

    def __init__(self, drill: Drill) -> None:
        self.drill = drill
        self.scene = drill.scenario.crowd
        self.model: CrowdModel | None = None
        self.borrowed: list[PatrolUnit] = []
        self._steps = round(self.scene.duration / self.scene.dt_s)

    def start(self, drill: Drill) -> None:
        sizes = {t.id: t.officers for t in drill.scenario.forces.unit_types}
        self.model = CrowdModel(
            self.scene,
            drill.strategy.crowd,
            rng=drill.rng(self.name),
            dispatch=self._dispatch,
            log=drill.log,
            sample=drill.sample,
            unit_sizes=sizes,
            strategy_path=("strategies", drill.strategy_name, "crowd"),
        )
        first = drill.clock.at(self.scene.start)
        drill.clock.every(self.scene.dt_s, self._step, first=first)

    def _step(self) -> None:
        model = self.model
        if model.steps_done == 0:
            self.drill.log("crowd.scene_start", scene=self.scene.name, people=len(model.state))
        if model.steps_done < self._steps:
            model.step()
            if model.steps_done % model.steps_per_tick == 0:
                self._publish()
            if model.steps_done == self._steps:
                self._end()

    def _publish(self) -> None:
        """Status, size and violent count on the drill's state board, for injects to watch."""
        board, key = self.drill.state, f"crowd.{self.scene.id}"
        board.publish(f"{key}.status", self.model.status.label)
        board.publish(f"{key}.size", int(self.model.present_mask().sum()))
        board.publish(f"{key}.violent", int((self.model.state == State.VIOLENT).sum()))

    def start_event(self, crowd_id: str) -> None:
        """An MSEL inject sets the scene off: its provocateurs start at once."""
        self.drill.log("crowd.event", crowd=crowd_id)
        self.model.provoke_now()

    def _end(self) -> None:
        self.drill.log("crowd.scene_end", scene=self.scene.name)
        for unit in self.borrowed:
            self.drill.patrol.release(unit, self.scene.sector)
        self.borrowed.clear()

    def _dispatch(self, unit: PoliceUnit) -> None:
        self.drill.env.process(self._fetch(unit))

    def _fetch(self, unit: PoliceUnit) -> Generator[simpy.Event, None, None]:
        """Borrow the nearest free unit of the wanted type; wait while all are busy."""
        patrol, env = self.drill.patrol, self.drill.env
        waited = False
        while True:
            free = [
                u
                for u in patrol.units
                if u.unit_type.id == unit.spec.unit_type and u.available(env.now)
            ]
            if free:
                break
            if not waited:
                self.drill.log("crowd.unit_waiting", unit=unit.spec.name)
                waited = True
            yield env.timeout(RETRY_S)
        borrowed = min(
            free, key=lambda u: (patrol.travel_s(u, self.scene.sector, SCENE_KM), u.unique_id)
        )
        travel = patrol.travel_s(borrowed, self.scene.sector, SCENE_KM)
        patrol.detach(borrowed, why=f"crowd:{unit.spec.name}")
        self.borrowed.append(borrowed)
        yield env.timeout(travel)
        if self.model.steps_done < self._steps:
            self.model.arrive(unit)

    def kpis(self) -> dict[str, float]:
        out = {f"crowd.{k}": v for k, v in self.model.kpis().items()}
        units = [u for u in self.model.units() if u.requested_at is not None]
        waits = [u.arrived_at - u.requested_at for u in units if u.arrived_at is not None]
        out["crowd.reinforcement_wait_max_min"] = max(waits, default=0.0) / 60
        return out

    def tables(self) -> dict[str, list[dict]]:
        """The density map at the worst moment and the units' timeline, for the charts."""
        offset = self.drill.clock.at(self.scene.start)
        return {
            "crowd_density": self.model.density_rows(offset),
            "crowd_units": self.model.unit_rows(offset),
            "crowd_venue": self.model.venue_rows(),
        }


def crowd_component(drill: Drill) -> CrowdComponent | None:
    """The factory the drill calls: a component only when the scenario has a crowd scene."""
    if drill.scenario.crowd is None:
        return None
    return CrowdComponent(drill)
