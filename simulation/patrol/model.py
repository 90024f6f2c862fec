"""Election-day patrol and response: static TPS guards and incidents for the mobile units.

A discrete-event model on the drill clock:

* TPS guard groups (the strategy's police-TPS-Linmas pattern) handle minor incidents at their
  own TPS when they are free; the guards' round is the group's TPS, so a 2-8-16 pair is further
  from a given TPS than a 2-1-2 pair.
* Every other incident asks the drill's one dispatcher (:mod:`simulation.core.dispatcher`) for
  the nearest free capable unit, with the incident's severity as its priority; a severe enough
  incident may pre-empt a unit working on something less severe; an incident left waiting
  escalates. The dispatcher also serves crowds and escorts from the same pool.
* A unit travels over the road network, works on scene, and is given back where it stands: it
  takes the next waiting job it can handle, or drives back to its station.

With one sector, zero travel and exponential on-scene times it is an M/M/c queue; the tests
check it against Erlang C.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from simulation.core.dispatcher import Request
from simulation.core.unit import SCENE, TRAVEL, Unit
from simulation.patrol import incidents as arrivals
from simulation.patrol.incidents import Incident
from simulation.patrol.kpis import patrol_kpis
from simulation.scenario.deployment import GuardGroup, guard_groups
from simulation.scenario.memo import per_scenario

if TYPE_CHECKING:
    from simulation.core.drill import Drill

SAMPLE_EVERY = 300.0  # seconds between time-series samples


class PatrolModel:
    """The patrol component: TPS guards, incident arrivals and the units' work on them."""

    name = "patrol"

    def __init__(self, drill: Drill) -> None:
        self.drill = drill
        spec, strategy = drill.scenario, drill.strategy
        self.env = drill.env
        self.dispatcher = drill.dispatcher
        self.sectors = {s.id: s for s in spec.geography.sectors}
        self.local = spec.geography.roads.local
        self.guards: dict[tuple[str, str, int], GuardGroup] = per_scenario(
            spec,
            f"guard groups of {drill.strategy_name}",
            lambda: {(g.sector, g.tps_class, g.index): g for g in guard_groups(spec, strategy)},
        )  # shared by the strategy's drills: read only
        self.guard_busy_until: dict[tuple[str, str, int], float] = {}
        # The same times in a heap, soonest first: a group is given a new time only once its
        # old one has passed, so the times still ahead are one per busy group, and a sample
        # drops the passed ones instead of asking every group that has ever been busy.
        self._guard_ends: list[float] = []
        self.guard_duty = self._window(strategy.tps_guard.on_duty)
        self.units: list[Unit] = drill.dispatcher.units
        self.incidents: list[Incident] = []
        self._reported: dict[str, int] = {}  # incidents reported so far, by sector
        for sector_id in self.sectors:
            drill.state.publish(f"sector.{sector_id}.incidents", 0.0)
        self._requests: dict[int, Request] = {}  # the latest request of each incident
        self._latest: set[Request] = set()  # the same requests, to find them in the queue
        self._missions: dict[int, simpy.Process] = {}
        self._on_scene_since: dict[int, float] = {}

    def _window(self, on_duty: tuple[float, float] | None) -> tuple[float, float]:
        if on_duty is None:
            return (-math.inf, math.inf)
        return (self.drill.clock.at(on_duty[0]), self.drill.clock.at(on_duty[1]))

    # --- the component protocol ---------------------------------------------------------------

    def start(self, drill: Drill) -> None:
        base = arrivals.generate(drill.scenario, drill.seeds, drill.clock.start, drill.horizon)
        self.env.process(self._arrivals(base))
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
        heapq.heappush(self._guard_ends, inc.t_cleared)
        self.drill.log(
            "patrol.guard", incident=inc.id, sector=inc.sector, response_s=round(travel, 3)
        )
        return True

    # --- dispatch -------------------------------------------------------------------------------

    def dispatch(self, inc: Incident) -> None:
        """Ask the dispatcher for the nearest free capable unit; it may pre-empt or queue."""
        threshold = self.drill.strategy.dispatch.preempt_min_severity
        severity = inc.severity
        req = self.dispatcher.request(
            lambda u: u.handles(severity),
            inc.sector,
            inc.local_km,
            priority=severity,
            since=inc.t_report,
            who=f"incident {inc.id}",
            state=TRAVEL,
            preempt=threshold is not None and severity >= threshold,
            preemptible=True,
            on_preempt=lambda unit: self._preempted(inc, unit),
        )
        self._latest.discard(self._requests.get(inc.id))
        self._requests[inc.id] = req
        self._latest.add(req)
        if req.waiting:
            self.drill.log("patrol.queue", incident=inc.id, waiting=len(self.dispatcher.waiting))
            after = self.drill.strategy.dispatch.escalate_after
            if after is not None and not inc.escalated and inc.type.escalates_to:
                self.env.process(self._escalate(inc, after))
        self._missions[inc.id] = self.env.process(self._mission(inc, req))

    def _preempted(self, inc: Incident, unit: Unit) -> None:
        """A more serious incident took our unit: keep the work done, wait for another unit."""
        if unit.state == SCENE:
            worked = self.env.now - self._on_scene_since[inc.id]
            inc.remaining_s = max(0.0, inc.remaining_s - worked)
        inc.preempted += 1
        self.drill.log("patrol.preempt", incident=inc.id, unit=unit.label)
        self._missions.pop(inc.id).interrupt("preempted")
        self.dispatch(inc)

    def _escalate(self, inc: Incident, after: float) -> Generator[simpy.Event, None, None]:
        yield self.env.timeout(after)
        req = self._requests[inc.id]
        if req.waiting and not inc.escalated and inc.t_arrival is None:
            new = max(inc.severity, inc.type.escalates_to or inc.severity)
            inc.escalated = True
            self.drill.log("patrol.escalate", incident=inc.id, severity=new)
            if new != inc.severity:
                inc.severity = new
                req.cancel()
                self._missions.pop(inc.id).interrupt("escalated")
                self.dispatch(inc)

    def _mission(self, inc: Incident, req: Request) -> Generator:
        """Wait for a unit, drive there, work on scene, give the unit back where it stands."""
        try:
            unit = yield req
            if inc.t_dispatch is None:
                inc.t_dispatch = self.env.now
            self.drill.log("patrol.dispatch", incident=inc.id, unit=unit.label)
            yield self.env.timeout(self.dispatcher.travel_s(unit, inc.sector, inc.local_km))
            unit.state, unit.node, unit.local_km = SCENE, inc.sector, inc.local_km
            self._on_scene_since[inc.id] = self.env.now
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
            return  # pre-empted or escalated: a new request already stands for the incident
        inc.remaining_s = 0.0
        inc.t_cleared = self.env.now
        self.drill.log("patrol.clear", incident=inc.id, unit=unit.label)
        del self._missions[inc.id]
        req.release(inc.sector, inc.local_km)

    # --- time series ----------------------------------------------------------------------------

    def _sample(self) -> None:
        now = self.env.now
        busy = self.dispatcher.busy
        ends = self._guard_ends
        while ends and ends[0] <= now:
            heapq.heappop(ends)
        guards = len(ends)
        # The queue is short; the incidents so far are many (asking each whether it waits
        # scanned the queue once per incident, every sample).
        waiting = sum(1 for r in self.dispatcher.waiting if r in self._latest)
        self.drill.sample("patrol.units_busy", busy)
        self.drill.sample("patrol.waiting", waiting)
        self.drill.sample("patrol.guards_busy", guards)


def reporter(drill: Drill) -> PatrolModel:
    """The drill's patrol component, to which other models report incidents (injects, theft)."""
    patrol = drill.component("patrol")
    assert isinstance(patrol, PatrolModel), "the patrol plugin builds a component in every drill"
    return patrol
