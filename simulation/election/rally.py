"""A campaign rally as an aggregate crowd: attendance over time, police cover, disturbances.

Attendance A(t) rises linearly from zero over ``build_up`` before the start, holds at the peak
for ``duration`` and falls to zero over ``disperse``. Disturbances are a Poisson process of rate
``r x A(t) / 10,000`` per hour, times ``1 + gain x missing(t)`` where ``missing`` is the share of
the planned units not on scene; they are drawn by thinning from a stream of the rally's own, so
every strategy meets the same candidate disturbances. An MSEL ``rally_clash`` inject adds one
disturbance now, while the rally is on.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from simulation.election.cover import Cover
from simulation.election.response import Responder, SceneIncident
from simulation.scenario.election import Rally

if TYPE_CHECKING:
    from simulation.core.drill import Drill


def attendance(rally: Rally, clock_s: float) -> float:
    """People present at clock time ``clock_s`` (seconds from midnight of hari H)."""
    t0, t1 = rally.start - rally.build_up, rally.start
    t2, t3 = rally.start + rally.duration, rally.start + rally.duration + rally.disperse
    peak = float(rally.attendance)
    if clock_s < t0 or clock_s >= t3:
        return 0.0
    if clock_s < t1:
        return peak * (clock_s - t0) / rally.build_up
    if clock_s < t2:
        return peak
    return peak * (t3 - clock_s) / rally.disperse


class RallyScene:
    def __init__(self, drill: Drill, rally: Rally, responder: Responder) -> None:
        self.drill = drill
        self.rally = rally
        self.responder = responder
        self.cover = Cover(drill, rally.police, rally.sector, f"rally:{rally.id}")
        self.incidents = 0
        self.injected: SceneIncident | None = None  # the disturbance an inject started
        self.window = (
            drill.clock.at(rally.start - rally.build_up),
            drill.clock.at(rally.start + rally.duration + rally.disperse),
        )

    def start(self) -> None:
        env = self.drill.env
        begin, end = self.window
        gone = env.timeout(max(0.0, end - env.now))
        self.cover.hold(begin, gone)
        env.process(self._run())

    def rate_per_s(self, t: float) -> float:
        r = self.rally
        missing = 1.0 - self.cover.present / r.police.count
        people = attendance(r, self.drill.clock.start + t)
        return r.incidents_per_10k_hour * people / 1e4 / 3600.0 * (1 + r.uncovered_gain * missing)

    def _run(self) -> Generator[simpy.Event, None, None]:
        env, r = self.drill.env, self.rally
        begin, end = self.window
        rng = self.drill.rng("election", "rally", r.id)
        top = r.incidents_per_10k_hour * r.attendance / 1e4 / 3600.0 * (1 + r.uncovered_gain)
        n = int(rng.poisson(top * (end - begin)))
        times = sorted(begin + (end - begin) * rng.uniform(size=n))
        accept = rng.uniform(size=n)
        on_scene = self.drill.rng("election", "rally", r.id, "on_scene")
        yield env.timeout(max(0.0, begin - env.now))
        self.drill.log("election.rally", rally=r.id, sector=r.sector, people=r.attendance)
        for t, u in zip(times, accept, strict=True):
            yield env.timeout(max(0.0, t - env.now))
            if u * top < self.rate_per_s(t):
                self.incidents += 1
                self.responder.respond(f"rally:{r.id}", r.incident_type, r.sector, 0.0, on_scene)
        yield env.timeout(max(0.0, end - env.now))
        self.drill.log("election.rally_end", rally=r.id, cover_unit_h=self.cover.unit_s / 3600)

    def clash(self) -> None:
        """An inject's disturbance: reported now if the crowd is there (none before or after)."""
        begin, end = self.window
        if not begin <= self.drill.env.now < end:
            return
        r = self.rally
        self.incidents += 1
        rng = self.drill.rng("election", "rally", r.id, "inject")
        self.injected, _, _ = self.responder.respond(
            f"rally:{r.id}", r.incident_type, r.sector, 0.0, rng
        )

    def cover_share(self) -> float:
        begin, end = self.window
        return self.cover.unit_s / (self.rally.police.count * (end - begin))
