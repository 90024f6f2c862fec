"""Rain by day and area, and travel through it.

Each rain rule draws, for each of its days, one uniform (does it rain?) and one unit
exponential (how hard), from a stream named by the rule and the day only. A heavier setting of
the same rule (higher probability or intensity) therefore rains on a superset of days, harder,
under the same seed: the common random numbers that make strategies and settings comparable.

Travel is time-dependent: a trip needs `base_s` seconds of dry-road driving and progresses at
speed factor s(t) in [0, 1] (0 while roads are shut). Integrating the speed keeps travel
first-in-first-out - leaving later never means arriving earlier - so every delay upstream can
only postpone what follows.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

from simulation.core.randomness import DrillSeed
from simulation.scenario.logistics import LogisticsSpec, Rain
from simulation.scenario.model import Geography

DAY = 86400.0


class SpeedProfile:
    """Piecewise-constant speed factor over drill time for one kecamatan."""

    def __init__(self) -> None:
        self.times: list[float] = [-math.inf]
        self.speeds: list[float] = [1.0]

    def add(self, t0: float, t1: float, speed: float) -> None:
        """Over [t0, t1) the speed is at most `speed` (overlapping rain: the slower wins)."""
        if t1 <= t0:
            return
        for t in (t0, t1):
            i = bisect_right(self.times, t) - 1
            if self.times[i] != t:
                self.times.insert(i + 1, t)
                self.speeds.insert(i + 1, self.speeds[i])
        for i, t in enumerate(self.times):
            if t0 <= t < t1:
                self.speeds[i] = min(self.speeds[i], speed)

    def traverse(self, t0: float, base_s: float) -> float:
        """Arrival time of a trip leaving at t0 that needs `base_s` seconds on dry roads."""
        left = base_s
        t = t0
        i = bisect_right(self.times, t) - 1
        while True:
            end = self.times[i + 1] if i + 1 < len(self.times) else math.inf
            speed = self.speeds[i]
            if speed > 0 and t + left / speed <= end:
                return t + left / speed
            left -= speed * (end - t)
            t, i = end, i + 1

    def covered(self, t0: float, t1: float) -> float:
        """Dry-road seconds covered driving from t0 to t1 (the inverse of `traverse`)."""
        done, t = 0.0, t0
        i = bisect_right(self.times, t) - 1
        while t < t1:
            end = min(self.times[i + 1] if i + 1 < len(self.times) else math.inf, t1)
            done += self.speeds[i] * (end - t)
            t, i = end, i + 1
        return done


@dataclass(frozen=True)
class Shower:
    """One rain rule raining on one day."""

    rule: str
    t0: float
    t1: float
    mm_h: float
    shuts_roads: bool
    sectors: tuple[str, ...]


class Weather:
    """The rain that falls during one drill, per kecamatan."""

    def __init__(
        self, spec: LogisticsSpec, geography: Geography, seed: DrillSeed, clock_start: float
    ) -> None:
        self.profiles: dict[str, SpeedProfile] = {s.id: SpeedProfile() for s in geography.sectors}
        self.showers: list[Shower] = []
        self.daily: dict[tuple[str, int], float] = {}  # (sector, day) -> heaviest mm/h
        terrain = {s.id: s.terrain for s in geography.sectors}
        for rule in spec.rain:
            if rule.sectors is not None:
                where = list(rule.sectors)
            else:
                where = [s for s, t in terrain.items() if rule.terrain in (None, t)]
            for day in rule.days:
                mm_h = draw_rain(rule, day, seed)
                if mm_h <= 0:
                    continue
                t0 = day * DAY + rule.window[0] - clock_start
                t1 = day * DAY + rule.window[1] - clock_start
                speed = 1.0 / (1.0 + rule.slowdown_per_mm_h * mm_h)
                shut = rule.closure_above_mm_h is not None and mm_h > rule.closure_above_mm_h
                self.showers.append(Shower(rule.id, t0, t1, mm_h, shut, tuple(where)))
                for sector in where:
                    self.daily[sector, day] = max(self.daily.get((sector, day), 0.0), mm_h)
                    self.profiles[sector].add(t0, t1, speed)
                    if shut:
                        self.profiles[sector].add(t0, t1 + rule.closure_after, 0.0)

    def traverse(self, sector: str, t0: float, base_s: float) -> float:
        return self.profiles[sector].traverse(t0, base_s)

    def covered(self, sector: str, t0: float, t1: float) -> float:
        return self.profiles[sector].covered(t0, t1)

    def day_intensity(self, sector: str, day: int) -> float:
        """The heaviest rain (mm/h) over `sector` on `day` (days from hari H)."""
        return self.daily.get((sector, day), 0.0)


def draw_rain(rule: Rain, day: int, seed: DrillSeed) -> float:
    """Rain intensity (mm/h) of `rule` on `day`, 0 when dry; monotone in the rule's settings."""
    rng = seed.stream("logistics", "weather", rule.id, day)
    wet, size = rng.uniform(), rng.exponential()
    return rule.intensity_mm_h * size if wet < rule.probability else 0.0
