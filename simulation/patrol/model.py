"""Election-day patrol and response: static TPS guards, mobile units and their dispatcher.

A discrete-event model on the drill clock:

* TPS guard groups (the strategy's police-TPS-Linmas pattern) handle minor incidents at their
  own TPS when they are free; the guards' round is the group's TPS, so a 2-8-16 pair is further
  from a given TPS than a 2-1-2 pair.
* Every other incident goes to the dispatcher: the nearest free capable unit by travel time;
  if none is free the incident waits in a queue ordered by severity then report time; an
  incident severe enough may pre-empt a unit working on something less severe; an incident
  left waiting escalates.
* A unit travels over the road network, works on scene, then takes the next waiting incident it
  can handle or returns to its station (and can be sent again on the way back).

With one sector, zero travel and exponential on-scene times it is an M/M/c queue; the tests
check it against Erlang C.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from agents.units import DETACHED, IDLE, RETURN, SCENE, TRAVEL, PatrolUnit
from simulation.patrol import incidents as arrivals
from simulation.patrol.incidents import Incident
from simulation.patrol.kpis import patrol_kpis
from simulation.scenario.deployment import GuardGroup, guard_groups, mobile_posts

if TYPE_CHECKING:
    from simulation.drill import Drill

SAMPLE_EVERY = 300.0  # seconds between time-series samples


class PatrolModel:
    """The patrol component of a drill; also the dispatcher other models borrow units from."""

    name = "patrol"

    def __init__(self, drill: Drill) -> None:
        self.drill = drill
        spec, strategy = drill.scenario, drill.strategy
        self.env = drill.env
        self.roads = drill.roads
        self.sectors = {s.id: s for s in spec.geography.sectors}
        self.terrain = drill.roads.terrain
        self.local = spec.geography.roads.local
        self.guards: dict[tuple[str, str, int], GuardGroup] = {
            (g.sector, g.tps_class, g.index): g for g in guard_groups(spec, strategy)
        }
        self.guard_busy_until: dict[tuple[str, str, int], float] = {}
        self.guard_duty = self._window(strategy.tps_guard.on_duty)
        types = {t.id: t for t in spec.forces.unit_types}
        windows = [self._window(group.on_duty) for group in strategy.mobile]
        self.units: list[PatrolUnit] = [
            PatrolUnit(drill.model, types[post.unit_type], post.station, windows[post.group])
            for post in mobile_posts(spec, strategy)
        ]
        self.incidents: list[Incident] = []
        self._reported: dict[str, int] = {}  # incidents reported so far, by sector
        for sector_id in self.sectors:
            drill.state.publish(f"sector.{sector_id}.incidents", 0.0)
        self.waiting: list[Incident] = []
        self._processes: dict[int, simpy.Process] = {}

    def _window(self, on_duty: tuple[float, float] | None) -> tuple[float, float]:
        if on_duty is None:
            return (-math.inf, math.inf)
        return (self.drill.clock.at(on_duty[0]), self.drill.clock.at(on_duty[1]))

    # --- the component protocol ---------------------------------------------------------------

    def start(self, drill: Drill) -> None:
        base = arrivals.generate(drill.scenario, drill.seed, drill.clock.start, drill.horizon)
        self.env.process(self._arrivals(base))
        for unit in self.units:
            if unit.duty[0] > 0:
                self.env.process(self._come_on_duty(unit))
        drill.clock.every(SAMPLE_EVERY, self._sample)

    def kpis(self) -> dict[str, float]:
        now = self.env.now
        for unit in self.units:
            unit.stop_busy(now)
        return patrol_kpis(self.drill, self.incidents, self.units, self.guards, self.guard_duty)

    def tables(self) -> dict[str, list[dict]]:
        """Per-incident outcomes, for charts and the after-action review."""
        clock = self.drill.clock
        rows = []
        for inc in self.incidents:
            response = inc.response_s
            rows.append(
                {
                    "incident": inc.id,
                    "type": inc.type.id,
                    "severity": inc.severity,
                    "sector": inc.sector,
                    "tps_class": inc.tps_class or "",
                    "cause": inc.cause,
                    "t_report_s": round(inc.t_report, 3),
                    "clock_report": clock.label(inc.t_report),
                    "responder": inc.responder or "",
                    "response_min": "" if response is None else round(response / 60.0, 4),
                    "t_cleared_s": "" if inc.t_cleared is None else round(inc.t_cleared, 3),
                    "outcome": inc.outcome(self.drill.horizon),
                    "escalated": int(inc.escalated),
                    "preempted": inc.preempted,
                }
            )
        return {"incidents": rows}

    # --- arrivals -------------------------------------------------------------------------------

    def _arrivals(self, base: list[Incident]) -> Generator[simpy.Event, None, None]:
        for incident in base:
            yield self.env.timeout(incident.t_report - self.env.now)
            self.report(incident)

    def report(self, incident: Incident) -> None:
        """An incident is reported now: a TPS guard takes it, or the dispatcher does."""
        incident.id = len(self.incidents)
        self.incidents.append(incident)
        self.drill.log(
            "patrol.incident",
            incident=incident.id,
            type=incident.type.id,
            sector=incident.sector,
            severity=incident.severity,
            cause=incident.cause,
        )
        count = self._reported[incident.sector] = self._reported.get(incident.sector, 0) + 1
        self.drill.state.publish(f"sector.{incident.sector}.incidents", float(count))
        if not self._guard_takes(incident):
            self.dispatch(incident)

    def _guard_takes(self, inc: Incident) -> bool:
        if not inc.type.guard_can_handle or inc.tps_class is None or inc.tps_index is None:
            return False
        now = self.env.now
        if not self.guard_duty[0] <= now < self.guard_duty[1]:
            return False
        pattern = self.drill.strategy.tps_guard.pattern(inc.tps_class)  # type: ignore[arg-type]
        key = (inc.sector, inc.tps_class, inc.tps_index // pattern.tps)
        group = self.guards.get(key)
        if group is None or group.police == 0 or self.guard_busy_until.get(key, -1.0) > now:
            return False
        sector = self.sectors[inc.sector]
        spacing_km = math.sqrt(sector.area_km2 / max(sector.tps.total, 1))
        # The pair is somewhere on its round of `group.tps` stations: on the spot when it
        # guards one TPS, about half the round's width away when it guards many.
        km = spacing_km * math.sqrt(group.tps - 1) * 1.04 * inc.guard_draw
        travel = 3600.0 * km / self.local.for_terrain(sector.terrain)
        inc.t_dispatch = now
        inc.t_arrival = now + travel
        inc.t_cleared = inc.t_arrival + inc.on_scene_s
        inc.remaining_s = 0.0
        inc.responder = "tps_guard"
        self.guard_busy_until[key] = inc.t_cleared
        self.drill.log(
            "patrol.guard", incident=inc.id, sector=inc.sector, response_s=round(travel, 3)
        )
        return True

    # --- dispatch -------------------------------------------------------------------------------

    def travel_s(self, unit: PatrolUnit, sector: str, local_km: float) -> float:
        """Seconds for `unit` to reach a point `local_km` from the centre of `sector`."""
        here, there = self.terrain[unit.node], self.terrain[sector]
        if unit.node == sector:
            hours = (unit.local_km + local_km) / self.local.for_terrain(there)
        else:
            hours = (
                unit.local_km / self.local.for_terrain(here)
                + self.roads.travel_hours(unit.node, sector)
                + local_km / self.local.for_terrain(there)
            )
        return 3600.0 * hours / unit.unit_type.speed_factor

    def dispatch(self, inc: Incident) -> None:
        """Send the nearest free capable unit, pre-empt if allowed, or queue the incident."""
        unit = self._nearest(inc, self.free_units(inc.severity))
        if unit is None and self._may_preempt(inc):
            unit = self._nearest(inc, [u for u in self.units if self._preemptable(u, inc)])
            if unit is not None:
                self._preempt(unit)
        if unit is None:
            self._wait(inc)
        else:
            self._send(unit, inc)

    def free_units(self, severity: int) -> list[PatrolUnit]:
        now = self.env.now
        return [u for u in self.units if u.available(now) and u.handles(severity)]

    def _nearest(self, inc: Incident, units: list[PatrolUnit]) -> PatrolUnit | None:
        if not units:
            return None
        return min(units, key=lambda u: (self.travel_s(u, inc.sector, inc.local_km), u.unique_id))

    def _may_preempt(self, inc: Incident) -> bool:
        threshold = self.drill.strategy.dispatch.preempt_min_severity
        return threshold is not None and inc.severity >= threshold

    def _preemptable(self, unit: PatrolUnit, inc: Incident) -> bool:
        current = unit.incident
        return (
            unit.state in (TRAVEL, SCENE)
            and unit.on_duty(self.env.now)
            and unit.handles(inc.severity)
            and isinstance(current, Incident)
            and current.severity < inc.severity
        )

    def _preempt(self, unit: PatrolUnit) -> None:
        old = unit.incident
        assert isinstance(old, Incident)
        now = self.env.now
        if unit.state == SCENE:
            old.remaining_s = max(0.0, old.remaining_s - (now - unit.scene_since))
        old.preempted += 1
        self.drill.log("patrol.preempt", incident=old.id, unit=unit.label)
        self._processes.pop(unit.unique_id).interrupt("preempted")
        unit.incident = None
        self._wait(old)

    def _wait(self, inc: Incident) -> None:
        self.waiting.append(inc)
        self.drill.log("patrol.queue", incident=inc.id, waiting=len(self.waiting))
        after = self.drill.strategy.dispatch.escalate_after
        if after is not None and not inc.escalated and inc.type.escalates_to:
            self.env.process(self._escalate(inc, after))

    def _escalate(self, inc: Incident, after: float) -> Generator[simpy.Event, None, None]:
        yield self.env.timeout(after)
        if inc in self.waiting and not inc.escalated and inc.t_arrival is None:
            new = max(inc.severity, inc.type.escalates_to or inc.severity)
            inc.escalated = True
            self.drill.log("patrol.escalate", incident=inc.id, severity=new)
            if new != inc.severity:
                inc.severity = new
                self.waiting.remove(inc)
                self.dispatch(inc)

    def _next_waiting(self, unit: PatrolUnit) -> Incident | None:
        candidates = [i for i in self.waiting if unit.handles(i.severity)]
        if not candidates:
            return None
        return min(candidates, key=lambda i: (-i.severity, i.t_report, i.id))

    def _send(self, unit: PatrolUnit, inc: Incident) -> None:
        if unit.state == RETURN:
            self._settle_return(unit)
        unit.token += 1
        unit.state = TRAVEL
        unit.incident = inc
        unit.start_busy(self.env.now)
        if inc.t_dispatch is None:
            inc.t_dispatch = self.env.now
        self.drill.log("patrol.dispatch", incident=inc.id, unit=unit.label)
        self._processes[unit.unique_id] = self.env.process(self._mission(unit, inc, unit.token))

    def _mission(self, unit: PatrolUnit, inc: Incident, token: int) -> Generator:
        try:
            yield self.env.timeout(self.travel_s(unit, inc.sector, inc.local_km))
            unit.state, unit.node, unit.local_km = SCENE, inc.sector, inc.local_km
            unit.scene_since = self.env.now
            if inc.t_arrival is None:
                inc.t_arrival = self.env.now
                inc.responder = unit.unit_type.id
                self.drill.log(
                    "patrol.arrive",
                    incident=inc.id,
                    unit=unit.label,
                    response_s=round(self.env.now - inc.t_report, 3),
                )
            yield self.env.timeout(inc.remaining_s)
        except simpy.Interrupt:
            return  # pre-empted: the dispatcher has already re-queued the incident
        if unit.token != token:
            return
        inc.remaining_s = 0.0
        inc.t_cleared = self.env.now
        self.drill.log("patrol.clear", incident=inc.id, unit=unit.label)
        unit.incident = None
        self._processes.pop(unit.unique_id, None)
        self._after_work(unit)

    def _after_work(self, unit: PatrolUnit) -> None:
        now = self.env.now
        nxt = self._next_waiting(unit) if unit.on_duty(now) else None
        if nxt is not None:
            self.waiting.remove(nxt)
            unit.state = IDLE  # between jobs; _send makes it busy again at once
            self._send(unit, nxt)
            return
        unit.stop_busy(now)
        if unit.node == unit.station and unit.local_km == 0.0:
            unit.state = IDLE
            return
        unit.state = RETURN
        unit.token += 1
        unit.return_from = (unit.node, unit.local_km)
        unit.return_since = now
        unit.return_s = self._return_s(unit)
        self._processes[unit.unique_id] = self.env.process(self._go_home(unit, unit.token))

    def _return_s(self, unit: PatrolUnit) -> float:
        station = unit.station
        here = self.terrain[unit.node]
        hours = unit.local_km / self.local.for_terrain(here) + self.roads.travel_hours(
            unit.node, station
        )
        return 3600.0 * hours / unit.unit_type.speed_factor

    def _go_home(self, unit: PatrolUnit, token: int) -> Generator:
        try:
            yield self.env.timeout(unit.return_s)
        except simpy.Interrupt:
            return
        if unit.token == token:
            unit.state, unit.node, unit.local_km = IDLE, unit.station, 0.0
            self._processes.pop(unit.unique_id, None)

    def _settle_return(self, unit: PatrolUnit) -> None:
        """Where a unit called back on its way home is: the nearer end of its trip."""
        process = self._processes.pop(unit.unique_id, None)
        if process is not None and process.is_alive:
            process.interrupt("called")
        elapsed = self.env.now - unit.return_since
        if unit.return_s <= 0 or elapsed >= unit.return_s / 2:
            unit.node, unit.local_km = unit.station, 0.0
        else:
            unit.node, unit.local_km = unit.return_from

    def _come_on_duty(self, unit: PatrolUnit) -> Generator:
        yield self.env.timeout(unit.duty[0])
        if unit.state == IDLE:
            nxt = self._next_waiting(unit)
            if nxt is not None:
                self.waiting.remove(nxt)
                self._send(unit, nxt)

    # --- borrowing units (crowds, escorts) ------------------------------------------------------

    def detach(self, unit: PatrolUnit, why: str) -> None:
        """Take a free unit out of incident response (escort, crowd reinforcement)."""
        if not unit.available(self.env.now):
            raise ValueError(f"{unit.label} is not free")
        if unit.state == RETURN:
            self._settle_return(unit)
        unit.token += 1
        unit.state = DETACHED
        unit.start_busy(self.env.now)
        self.drill.log("patrol.detach", unit=unit.label, why=why)

    def release(self, unit: PatrolUnit, node: str) -> None:
        """Give a detached unit back, now standing at `node`."""
        unit.stop_busy(self.env.now)
        unit.node, unit.local_km, unit.state = node, 0.0, IDLE
        self.drill.log("patrol.release", unit=unit.label, node=node)
        self._after_work(unit)

    # --- time series ----------------------------------------------------------------------------

    def _sample(self) -> None:
        now = self.env.now
        busy = sum(1 for u in self.units if u.state in (TRAVEL, SCENE, DETACHED))
        guards = sum(1 for t in self.guard_busy_until.values() if t > now)
        self.drill.sample("patrol.units_busy", busy)
        self.drill.sample("patrol.waiting", len(self.waiting))
        self.drill.sample("patrol.guards_busy", guards)
