"""Service points that work in plan order: the warehouse's loading docks, the PPS hand-over desks.

Job k of a plan goes to server k mod c and starts when it is ready and that server has finished
job k - c. Planners assign docks and desks this way (a loading list), and it keeps every start
time a max-plus function of the ready times: a job that is ready later can only push others
later, never earlier.

The station keeps two independent ledgers - the time integral of the queue length, updated as
jobs join and leave, and each job's own wait - so Little's law L = lambda W can be checked on
every run.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field

import simpy


@dataclass
class Station:
    env: simpy.Environment
    servers: int
    _free: list[simpy.Event] = field(default_factory=list)
    _next: int = 0
    waiting: int = 0
    _area: float = 0.0
    _last: float = 0.0
    first_arrival: float | None = None
    last_departure: float = 0.0
    waits: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._free = [self.env.event().succeed() for _ in range(self.servers)]

    def _count(self, delta: int) -> None:
        now = self.env.now
        self._area += self.waiting * (now - self._last)
        self._last = now
        self.waiting += delta

    def slot(self) -> tuple[simpy.Event, simpy.Event]:
        """Take the next place in the plan (call in plan order, before the job is ready):
        the event the job waits for, and the event it fires when done."""
        k = self._next
        self._next += 1
        server = k % self.servers
        before, done = self._free[server], self.env.event()
        self._free[server] = done
        return before, done

    def serve(
        self, place: tuple[simpy.Event, simpy.Event], duration: float
    ) -> Generator[simpy.Event, None, float]:
        """Join now (the job is ready), wait for its server, work; return the start time."""
        before, done = place
        ready = self.env.now
        if self.first_arrival is None:
            self.first_arrival = ready
        self._count(+1)
        yield before
        self._count(-1)
        start = self.env.now
        self.waits.append(start - ready)
        self.last_departure = max(self.last_departure, start)
        yield self.env.timeout(duration)
        done.succeed()
        return start

    def little(self) -> tuple[float, float, float]:
        """(L time-average queue length, lambda arrival rate, W mean wait) over the busy window."""
        if self.first_arrival is None or not self.waits:
            return 0.0, 0.0, 0.0
        span = self.last_departure - self.first_arrival
        if span <= 0:
            return 0.0, 0.0, 0.0
        area = self._area + self.waiting * (self.env.now - self._last)
        return area / span, len(self.waits) / span, sum(self.waits) / len(self.waits)
