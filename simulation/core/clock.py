"""The one master clock of a drill.

Time is a float in seconds from the scenario start, kept by a simpy Environment. Discrete-event
models yield timeouts on it; agent-based (mesa) models are stepped on it by `every()`, so all
models of a drill share one notion of "now".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator
from zoneinfo import ZoneInfo

import simpy

from simulation.scenario.units import format_clock


class Clock:
    """Converts drill time to the planners' local clock and runs periodic steps."""

    def __init__(self, env: simpy.Environment, day: dt.date, start: float, timezone: str) -> None:
        self.env = env
        self.day = day
        self.start = start  # seconds from midnight of hari H at t = 0
        self.zone = ZoneInfo(timezone)

    @property
    def now(self) -> float:
        return self.env.now

    def at(self, clock_seconds: float) -> float:
        """Drill time of a clock time (seconds from midnight of hari H)."""
        return clock_seconds - self.start

    def label(self, t: float) -> str:
        """Local clock label of drill time t: "07:05", or "H+1 02:00" on another day."""
        return format_clock(self.start + t)

    def local(self, t: float) -> dt.datetime:
        midnight = dt.datetime.combine(self.day, dt.time(), tzinfo=self.zone)
        return midnight + dt.timedelta(seconds=self.start + t)

    def every(
        self,
        interval: float,
        step: Callable[[], object],
        first: float = 0.0,
        times: int | None = None,
    ) -> simpy.Process:
        """Call `step()` at `first`, `first + interval`, ... for as long as the drill runs, or
        ``times`` times (a model that ends before the drill takes no clock events after).

        The k-th call is at exactly ``first + k * interval``: adding the interval each time
        would let rounding errors pile up (36,000 steps of 0.1 s drift by microseconds).
        """
        if interval <= 0:
            raise ValueError("the step interval must be positive")

        def ticker() -> Generator[simpy.Event, None, None]:
            yield self.env.timeout(first)
            k = 0
            while times is None or k < times:
                step()
                k += 1
                if k == times:  # no clock event after the last call
                    break
                yield self.env.timeout(max(0.0, first + k * interval - self.env.now))

        return self.env.process(ticker())
