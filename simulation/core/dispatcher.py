"""The one dispatcher: who in the force pool is free, who is nearest, who gets a unit next.

Every model that needs a unit asks here, so incident response, crowd reinforcement, convoy
escorts and the orders of a played drill compete for the same Polsek cars, Dalmas platoons and
Brimob companies, as they do in a real Renpam. A model never picks a unit itself.

The protocol is SimPy's resource protocol with a road map:

* ``req = dispatcher.request(want, sector, local_km, priority=...)`` is a SimPy event. If a unit
  that ``want`` accepts is free, the nearest one by travel time over the road network is
  assigned at once; if none is and ``preempt`` is set, the nearest unit held by a *preemptible*
  request of lower priority is taken from it (its holder is told through ``on_preempt``);
  otherwise the request waits in a queue ordered by priority, then by ``since``.
* The requester ``yield``s the event and receives the unit, at the very time it was assigned.
* When a unit is given back (``req.release(node)``), it takes the best waiting request it can
  serve *at that instant* - no polling - or drives back to its station; a unit on its way home
  is free and can be sent again from where it is.
* A unit coming on duty serves the queue too: at the start of its duty period, of each of its
  shifts (:mod:`simulation.core.shift`), and when a rest or a stand-down (hurt) ends.

Priorities are on the incident severity scale (1 minor .. 4 most serious); a higher number is
served first. With one sector, no travel and exponential service times the pool is an M/M/c
queue (the tests check it against Erlang C).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Sequence

import simpy

from simulation.core.unit import BUSY, DETACHED, IDLE, RETURN, Unit
from simulation.geography.roads import RoadNetwork
from simulation.scenario.model import TerrainSpeeds

Want = Callable[[Unit], bool]
Log = Callable[..., None]


class Request(simpy.Event):
    """A wish for one unit; the event's value is the unit, once assigned.

    ``who`` names the requester in the event log. ``state`` is what the unit does while held
    (``travel`` for a job, ``detached`` when lent out). ``preemptible`` lets a later request of
    higher priority take the unit back; ``on_preempt(unit)`` is then called at that instant and
    the holder must stop using the unit (it need not, and must not, release it).
    """

    def __init__(
        self,
        dispatcher: Dispatcher,
        want: Want,
        sector: str,
        local_km: float,
        priority: int,
        since: float,
        who: str,
        state: str,
        preemptible: bool,
        on_preempt: Callable[[Unit], None] | None,
    ) -> None:
        super().__init__(dispatcher.env)
        self.dispatcher = dispatcher
        self.want = want
        self.sector = sector
        self.local_km = local_km
        self.priority = priority
        self.since = since
        self.who = who
        self.state = state
        self.preemptible = preemptible
        self.on_preempt = on_preempt
        self.seq = next(dispatcher._seq)
        self.unit: Unit | None = None
        self.released = False

    @property
    def rank(self) -> tuple[int, float, int]:
        """Queue order: higher priority first, then earlier ``since``, then earlier request."""
        return (-self.priority, self.since, self.seq)

    @property
    def waiting(self) -> bool:
        return self in self.dispatcher.waiting

    def cancel(self) -> None:
        """Withdraw a waiting request (a request already served is left alone)."""
        if self.waiting:
            self.dispatcher.waiting.remove(self)

    def release(self, node: str, local_km: float = 0.0) -> None:
        """Give the unit back, now standing ``local_km`` into sector ``node`` (once only)."""
        if self.unit is None or self.released:
            return
        self.released = True
        self.dispatcher._free(self.unit, node, local_km, self.who)


class Dispatcher:
    """Owns the force pool of one drill: assignment, queueing, pre-emption, return trips."""

    def __init__(
        self,
        env: simpy.Environment,
        roads: RoadNetwork,
        local: TerrainSpeeds,
        units: Sequence[Unit],
        log: Log,
    ) -> None:
        self.env = env
        self.roads = roads
        self.local = local
        self._speed = {node: local.for_terrain(t) for node, t in roads.terrain.items()}
        self.units = list(units)
        self._by_label = {u.label: u for u in self.units}
        self.waiting: list[Request] = []
        # Units held now (travel, scene, detached), kept as units are assigned and freed: the
        # patrol samples it every five minutes, and asking every unit each time added up.
        self.busy = sum(1 for u in self.units if u.state in BUSY)
        self._log = log
        self._seq = itertools.count()
        self._homing: dict[int, simpy.Process] = {}
        for unit in self.units:
            if unit.duty[0] > 0:
                env.process(self._come_on_duty(unit))
            if unit.shifts is not None:
                env.process(self._shift_starts(unit))

    # --- distances -------------------------------------------------------------------------------

    def travel_s(self, unit: Unit, sector: str, local_km: float) -> float:
        """Seconds for ``unit`` to reach a point ``local_km`` from the centre of ``sector``."""
        return self._timer(sector, local_km)(unit)

    def _timer(self, sector: str, local_km: float) -> Callable[[Unit], float]:
        """:meth:`travel_s` to one point for any unit, with what every unit shares looked up
        once: the road hours into ``sector`` and the last stretch (a request asks it of every
        free unit)."""
        speed, index = self._speed, self.roads.index
        here = speed[sector]
        into = self.roads.into[index[sector]]
        last = local_km / here

        def seconds(unit: Unit) -> float:
            if unit.node == sector:
                hours = (unit.local_km + local_km) / here
            else:
                hours = unit.local_km / speed[unit.node] + into[index[unit.node]] + last
            return 3600.0 * hours / unit.unit_type.speed_factor

        return seconds

    def nearest(self, units: Sequence[Unit], sector: str, local_km: float) -> Unit | None:
        """The unit with the shortest travel time (ties: the lower unit id)."""
        if not units:
            return None
        seconds = self._timer(sector, local_km)
        return min(units, key=lambda u: (seconds(u), u.unique_id))

    def unit(self, label: str) -> Unit | None:
        """The unit a player's order names by its label, or None (orders refuse with
        "no unit ...")."""
        return self._by_label.get(label)

    def free(self, want: Want) -> list[Unit]:
        """Units free now that ``want`` accepts."""
        now = self.env.now
        return [u for u in self.units if u.available(now) and want(u)]

    # --- requests --------------------------------------------------------------------------------

    def request(
        self,
        want: Want,
        sector: str,
        local_km: float = 0.0,
        *,
        priority: int = 0,
        since: float | None = None,
        who: str = "",
        state: str = DETACHED,
        preempt: bool = False,
        preemptible: bool = False,
        on_preempt: Callable[[Unit], None] | None = None,
        wait: bool = True,
    ) -> Request:
        """Ask for the nearest unit ``want`` accepts, for a job at (sector, local_km).

        With ``wait=False`` a request that cannot be served now is dropped (the event is left
        untriggered and ``req.unit`` is None): an escort that leaves without one, say.
        """
        req = Request(
            self,
            want,
            sector,
            local_km,
            priority,
            self.env.now if since is None else since,
            who,
            state,
            preemptible,
            on_preempt,
        )
        unit = self.nearest(self.free(want), sector, local_km)
        if unit is None and preempt:
            unit = self.nearest(self._preemptable(req), sector, local_km)
            if unit is not None:
                self._preempt(unit, req)
        if unit is not None:
            self._assign(unit, req)
        elif wait:
            self.waiting.append(req)
            self._log("force.queue", who=who, waiting=len(self.waiting))
        return req

    def _preemptable(self, req: Request) -> list[Unit]:
        now = self.env.now
        out = []
        for unit in self.units:
            holder = unit.holder
            if (
                isinstance(holder, Request)
                and holder.preemptible
                and holder.priority < req.priority
                and unit.on_duty(now)
                and req.want(unit)
            ):
                out.append(unit)
        return out

    def _preempt(self, unit: Unit, req: Request) -> None:
        old = unit.holder
        assert isinstance(old, Request)
        self._log("force.preempt", unit=unit.label, who=old.who, by=req.who)
        old.released = True  # the holder lost it; its later release() must do nothing
        unit.holder = None
        if old.on_preempt is not None:
            old.on_preempt(unit)

    def _assign(self, unit: Unit, req: Request) -> None:
        if unit.state == RETURN:
            self._settle_return(unit)
        self.busy += (req.state in BUSY) - (unit.state in BUSY)
        unit.state = req.state
        unit.holder = req
        unit.start_busy(self.env.now)
        req.unit = unit
        self._log("force.assign", unit=unit.label, who=req.who)
        req.succeed(unit)

    # --- giving units back -----------------------------------------------------------------------

    def stand_down(self, unit: Unit, until: float, why: str) -> None:
        """Take a free unit off duty until ``until`` (hurt, exhausted); it serves the queue
        again when that ends, if its shift is on."""
        unit.stand_down(self.env.now, until, why)
        self._log("force.stand_down", unit=unit.label, why=why, until=until)
        self.env.process(self._back_at(unit, until))

    def _free(self, unit: Unit, node: str, local_km: float, who: str) -> None:
        now = self.env.now
        unit.holder = None
        rested = unit.rest_until
        unit.stop_busy(now)
        if unit.rest_until > rested:
            self._log("force.stand_down", unit=unit.label, why="rest", until=unit.rest_until)
            self.env.process(self._back_at(unit, unit.rest_until))
        unit.node, unit.local_km = node, local_km
        self.busy -= unit.state in BUSY
        unit.state = IDLE
        self._log("force.release", unit=unit.label, who=who, node=node)
        if self._serve_next(unit):
            return
        if unit.node == unit.station and unit.local_km == 0.0:
            return
        unit.state = RETURN
        unit.return_from = (unit.node, unit.local_km)
        unit.return_since = now
        unit.return_s = self._return_s(unit)
        self._homing[unit.unique_id] = self.env.process(self._go_home(unit))

    def _serve_next(self, unit: Unit) -> bool:
        """Give a free unit the best waiting request it can serve; False if there is none."""
        if not unit.on_duty(self.env.now):
            return False
        fits = [r for r in self.waiting if r.want(unit)]
        if not fits:
            return False
        best = min(fits, key=lambda r: r.rank)
        self.waiting.remove(best)
        self._assign(unit, best)
        return True

    def _return_s(self, unit: Unit) -> float:
        here = self.roads.terrain[unit.node]
        hours = unit.local_km / self.local.for_terrain(here) + self.roads.travel_hours(
            unit.node, unit.station
        )
        return 3600.0 * hours / unit.unit_type.speed_factor

    def _go_home(self, unit: Unit) -> Generator[simpy.Event, None, None]:
        try:
            yield self.env.timeout(unit.return_s)
        except simpy.Interrupt:
            return  # sent again on the way
        unit.state, unit.node, unit.local_km = IDLE, unit.station, 0.0
        del self._homing[unit.unique_id]

    def _settle_return(self, unit: Unit) -> None:
        """Where a unit called back on its way home is: the nearer end of its trip."""
        process = self._homing.pop(unit.unique_id, None)
        if process is not None and process.is_alive:
            process.interrupt("called")
        elapsed = self.env.now - unit.return_since
        if unit.return_s <= 0 or elapsed >= unit.return_s / 2:
            unit.node, unit.local_km = unit.station, 0.0
        else:
            unit.node, unit.local_km = unit.return_from

    def _come_on_duty(self, unit: Unit) -> Generator[simpy.Event, None, None]:
        yield self.env.timeout(unit.duty[0])
        if unit.state == IDLE:
            self._serve_next(unit)

    def _shift_starts(self, unit: Unit) -> Generator[simpy.Event, None, None]:
        assert unit.shifts is not None
        for start in unit.shifts.starts_after(0.0):
            yield self.env.timeout(start - self.env.now)
            self._serve_if_free(unit)

    def _back_at(self, unit: Unit, t: float) -> Generator[simpy.Event, None, None]:
        yield self.env.timeout(max(0.0, t - self.env.now))
        self._serve_if_free(unit)

    def _serve_if_free(self, unit: Unit) -> None:
        if unit.state in (IDLE, RETURN) and unit.holder is None:
            self._serve_next(unit)
