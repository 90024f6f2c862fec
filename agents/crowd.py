"""The deciding actors of a crowd scene, as mesa agents.

The thousands of individuals live in numpy arrays inside :class:`CrowdModel`; the few actors
whose decisions shape the scene are agents: the police commander applying the strategy's
doctrine, police and TNI units, negotiators, supporter-group leaders and provocateurs. They act
once per behaviour tick in a fixed order (see ``CrowdModel.ACTOR_ORDER``).
"""

from __future__ import annotations

from typing import Any, Protocol

import mesa
import numpy as np

from agents.command import FORCE, MEASURES, Command
from agents.doctrine import FORCE_STAGES, FRONT_RANK, next_stage, response
from agents.permit import Permit
from agents.state import State
from agents.status import Status
from simulation.scenario.crowd import UnitSpec

FALLEN = "fallen_back"  # the place of a unit whose formation line the crowd broke
NEGOTIATION_RATE = 0.1 / 600  # grievance relief per second per negotiating team
MAX_RELIEF = 0.6


class CrowdScene(Protocol):
    """What the actors read and call on the model that holds them (crowd.model.CrowdModel),
    written out so that the actors import nothing from it: no arrow back to the model."""

    spec: Any
    strategy: Any
    agents_by_type: Any
    line_watch: Any
    status: Status
    time_s: float
    force_stage: int
    dispersal_ordered: bool
    water_cannon_on: bool
    command: Command
    permit: Permit
    tick_s: float
    means: dict[str, bool]
    stage_limit: int | None
    state: np.ndarray
    group: np.ndarray
    provoking: np.ndarray
    relief: np.ndarray
    comply_boost: np.ndarray

    def request(self, unit: PoliceUnit) -> None: ...

    def fire_tear_gas(self, at: tuple[float, float] | None = None) -> bool: ...

    def present_mask(self) -> np.ndarray: ...

    def present_among(self, who: np.ndarray) -> bool: ...

    def soothe(self, who: np.ndarray, factor: float) -> None: ...

    def log(self, event: str, **fields: Any) -> None: ...


class PoliceUnit(mesa.Agent):
    """A police or TNI unit: travels when requested, then holds a place at the scene.

    ``place`` is ``front`` or ``second`` (in a formation line), ``reserve`` (on scene, out of
    the line: negotiators, TNI support, units withdrawn by lintas ganti), ``fallen_back`` (the
    crowd broke its line; it regroups only behind a fresh unit), or None (not there).
    """

    def __init__(self, model: CrowdScene, spec: UnitSpec, officers: int) -> None:
        super().__init__(model)
        self.spec = spec
        self.officers = officers
        self.requested_at: float | None = None
        self.arrived_at: float | None = None
        self.place: str | None = None

    @property
    def on_scene(self) -> bool:
        return self.arrived_at is not None

    def act(self) -> None:
        """Units follow the commander; nothing to decide on their own."""


class Negotiator(PoliceUnit):
    """A negotiation team: lowers the grievance of groups whose leader talks, until merah."""

    def act(self) -> None:
        m = self.model
        if not self.on_scene:
            return
        dt = m.tick_s
        for leader in m.agents_by_type.get(GroupLeader, []):
            if not leader.present:
                continue
            g = leader.group
            if m.status == Status.MERAH:
                m.relief[g] = max(0.0, m.relief[g] - NEGOTIATION_RATE * dt)
            else:
                m.relief[g] = min(MAX_RELIEF, m.relief[g] + NEGOTIATION_RATE * dt)


class GroupLeader(mesa.Agent):
    """A supporter-group leader (korlap): calms the group once talks progress, and leads it
    away when a dispersal order comes after a deal."""

    def __init__(self, model: CrowdScene, group: int) -> None:
        super().__init__(model)
        self.group = group
        self.members = np.flatnonzero(model.group == group)
        self.present = False

    def act(self) -> None:
        m = self.model
        members = self.members
        self.present = m.present_among(members)
        if not self.present or m.relief[self.group] < 0.2:
            return
        m.soothe(members, 0.98)  # the calm call reaches all but the violent
        if m.dispersal_ordered:
            m.comply_boost[self.group] = 2.0


class Provocateur(mesa.Agent):
    """A provocateur embedded in the crowd: turns violent at a set time and stirs those around."""

    def __init__(self, model: CrowdScene, person: int, start_s: float) -> None:
        super().__init__(model)
        self.person = person
        self.start_s = start_s

    def act(self) -> None:
        m = self.model
        i = self.person
        state = int(m.state[i])  # a Python int: comparing numpy scalars costs more than the act
        if m.time_s >= self.start_s and state in (State.CALM, State.ACTIVE):
            state = m.state[i] = State.VIOLENT
        m.provoking[i] = state == State.VIOLENT


class Commander(mesa.Agent):
    """The scene commander: reads the status and applies the strategy's doctrine."""

    def __init__(self, model: CrowdScene) -> None:
        super().__init__(model)
        self.stage = 1
        self.stage_changed_at = 0.0
        self.last_gas_s = -np.inf

    def act(self) -> None:
        m = self.model
        doc = m.strategy.doctrine
        resp = response(doc, m.status)
        units = list(m.agents_by_type.get(PoliceUnit, [])) + list(
            m.agents_by_type.get(Negotiator, [])
        )
        cmd = m.command
        permit = m.permit
        if permit.due(m.time_s):
            present = int(m.present_mask().sum())
            talks = any(u.on_scene for u in m.agents_by_type.get(Negotiator, []))
            permit.update(m.time_s, m.tick_s, present, "negotiator" if talks else "kapolsek")
        wanted_stage = max(resp.force_stage, permit.force_stage)
        strong = wanted_stage >= cmd.spec.authorised_stage
        calls = (strong, resp.water_cannon, resp.tear_gas)
        wanted = [k for k, on in zip(MEASURES, calls, strict=True) if on]
        cmd.update(m.time_s, m.status, wanted)
        for u in units:
            if u.requested_at is None and self._called(u, resp.units, cmd):
                m.request(u)
        self._hold_lines(units, resp.handover)
        limit = wanted_stage if m.stage_limit is None else m.stage_limit
        if m.stage_limit is None and not cmd.allows(FORCE):
            limit = min(limit, cmd.spec.authorised_stage - 1)
        stage = next_stage(self.stage, limit, m.time_s - self.stage_changed_at, doc.stage_step)
        if stage != self.stage:
            self.stage, self.stage_changed_at = stage, m.time_s
            m.log("crowd.force_stage", stage=stage, meaning=FORCE_STAGES[stage])
        m.force_stage = self.stage
        if resp.dispersal_order and not m.dispersal_ordered and self.stage >= 2:
            m.dispersal_ordered = True
            m.log("crowd.dispersal_order")
        m.dispersal_ordered |= permit.ordered
        here = [u for u in units if u.on_scene]
        water = m.means.get("water_cannon", resp.water_cannon and cmd.allows("water_cannon"))
        m.water_cannon_on = water and any(u.spec.water_cannon for u in here)
        gas_ready = m.time_s - self.last_gas_s >= doc.gas_interval
        armed = any(u.spec.tear_gas for u in here)
        gas = m.means.get("tear_gas", resp.tear_gas and cmd.allows("tear_gas"))
        if gas and self.stage >= 5 and gas_ready and armed and m.fire_tear_gas():
            self.last_gas_s = m.time_s

    def _called(self, unit: PoliceUnit, kinds: list[str], cmd: Command) -> bool:
        """The doctrine calls the unit's kind now; TNI only once its support is authorised,
        and whatever the status once the players asked for it."""
        if unit.spec.kind != "tni":
            return unit.spec.kind in kinds
        ready = cmd.tni_ready(self.model.time_s)
        return ready and (cmd.tni_ordered or "tni" in kinds)

    def _hold_lines(self, units: list[PoliceUnit], handover: str) -> None:
        """Put the highest-ranked unit on scene in front; hand over by lapis or lintas ganti.

        Units whose line the crowd broke cannot form it again by themselves: a fresh unit
        (arrived, or in reserve) forms a new line and they regroup behind it by the handover.
        """
        m = self.model
        liners = [
            u for u in units if u.on_scene and u.spec.kind in FRONT_RANK and u.place != FALLEN
        ]
        for u in units:
            if u.on_scene and u.place is None:
                u.place = "second" if u.spec.kind == "tni" else "reserve"
        if not liners:
            return
        best = max(liners, key=lambda u: (FRONT_RANK[u.spec.kind], -u.unique_id))
        if best.place == "front":
            return
        for u in liners:
            if u.place == "front":
                u.place = "second" if handover == "lapis_ganti" else "reserve"
                m.log("crowd.handover", handover=handover, out=u.spec.name, into=best.spec.name)
            elif u.place == "second" and handover == "lintas_ganti":
                u.place = "reserve"
        best.place = "front"
        if m.line_watch.broken:
            for u in units:
                if u.place == FALLEN:
                    u.place = "second" if handover == "lapis_ganti" else "reserve"
            m.line_watch.restored()
            m.log("crowd.line_restored", unit=best.spec.name, officers=best.officers)
        m.log("crowd.front_line", unit=best.spec.name, unit_kind=best.spec.kind)
