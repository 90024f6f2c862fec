"""Incidents and their arrival as non-homogeneous Poisson processes.

Arrivals are drawn before the drill runs, from streams named by generator and sector, so every
strategy meets exactly the same incidents at the same times and places (common random numbers):
differences between strategies are then the strategies', not the dice's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from simulation.core.randomness import DrillSeed
from simulation.scenario.memo import per_scenario
from simulation.scenario.model import (
    TPS_CLASSES,
    Generator,
    IncidentType,
    OnScene,
    Profile,
    ScenarioSpec,
    Sector,
)

DAY = 86400.0


@dataclass
class Incident:
    """One incident and what happened to it."""

    id: int
    type: IncidentType
    sector: str
    t_report: float
    severity: int
    on_scene_s: float
    local_km: float  # distance from the sector centre
    tps_class: str | None = None
    tps_index: int | None = None  # which TPS of its class in the sector
    guard_draw: float = 0.0  # where in the guard group's round the guards are (0..1)
    cause: str = "base"  # what generated it (base rates, or an inject)
    remaining_s: float = field(init=False)
    t_dispatch: float | None = None
    t_arrival: float | None = None
    t_cleared: float | None = None
    responder: str | None = None
    escalated: bool = False
    preempted: int = 0

    def __post_init__(self) -> None:
        self.remaining_s = self.on_scene_s

    @property
    def response_s(self) -> float | None:
        return None if self.t_arrival is None else self.t_arrival - self.t_report

    def outcome(self, horizon: float) -> str:
        """handled_by_guard, handled_by_unit, on_scene_at_end or unanswered, at `horizon`."""
        if self.responder == "tps_guard":
            return "handled_by_guard"
        if self.t_cleared is not None and self.t_cleared <= horizon:
            return "handled_by_unit"
        if self.t_arrival is not None and self.t_arrival <= horizon:
            return "on_scene_at_end"
        return "unanswered"


def profile_factor(profile: Profile | None, clock_s: np.ndarray) -> np.ndarray:
    """Rate multiplier at clock times (seconds from midnight of hari H).

    A profile whose points all lie within one day repeats every day; each factor holds from
    its time until the next point (before the first point, the last point of the day holds).
    """
    if profile is None:
        return np.ones_like(clock_s)
    at, held, daily = per_scenario(profile, "profile arrays", lambda: _profile_arrays(profile))
    return held[at.searchsorted(np.mod(clock_s, DAY) if daily else clock_s, side="right")]


def _profile_arrays(profile: Profile) -> tuple[np.ndarray, np.ndarray, bool]:
    """A profile's times, the factor held after each number of points passed (0: before the
    first point, the last of the day's or the first), and whether it repeats daily: the same
    for every drill, every source of a drill reads them, and one lookup serves each time."""
    at = np.array([p.at for p in profile.points])
    factor = np.array([p.factor for p in profile.points])
    daily = bool(at.min() >= 0 and at.max() < DAY)
    return at, np.concatenate([factor[-1:] if daily else factor[:1], factor]), daily


def draw_on_scene(rng: np.random.Generator, spec: OnScene, n: int) -> np.ndarray:
    """On-scene times in seconds."""
    if spec.distribution == "fixed":
        return np.full(n, spec.mean)
    if spec.distribution == "exponential":
        return rng.exponential(spec.mean, n)
    sd = spec.sd or 0.0
    sigma2 = math.log(1 + (sd / spec.mean) ** 2)
    return rng.lognormal(math.log(spec.mean) - sigma2 / 2, math.sqrt(sigma2), n)


def disc_radius_km(sector: Sector) -> float:
    """Radius of the disc over which incident locations spread around the sector centre."""
    if sector.response_radius_km is not None:
        return 1.5 * sector.response_radius_km  # mean distance in a disc is 2/3 of its radius
    return math.sqrt(sector.area_km2 / math.pi)


def sector_rate_per_hour(gen: Generator, sector: Sector) -> tuple[float, np.ndarray | None]:
    """Base rate in the sector and, for TPS-based generators, the weight of each TPS class."""
    if gen.basis == "sector":
        return gen.rate_per_hour, None
    if gen.basis == "population_10k":
        return gen.rate_per_hour * (sector.population or 0) / 1e4, None
    weights = np.array(
        [getattr(gen.class_weights, c) * getattr(sector.tps, c) for c in TPS_CLASSES], dtype=float
    )
    return gen.rate_per_hour * float(weights.sum()), weights


Source = tuple[int, Generator, Sector, float, np.ndarray | None, Profile | None, float]
"""A generator g in a sector: (g, generator, sector, base rate, TPS-class weights, profile, the
profile's peak factor)."""


def arrival_sources(spec: ScenarioSpec) -> tuple[list[Source], list[tuple[str, ...]]]:
    """Every generator in every sector it draws in, and the name of its stream: the same for
    every drill of a scenario, so built once (``per_scenario``)."""
    profiles = {p.id: p for p in spec.incidents.profiles}
    sources: list[Source] = []
    names: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}
    for g, gen in enumerate(spec.incidents.generators):
        # Streams are named, not numbered, so adding a generator leaves the others alone.
        name = gen.id
        if name is None:
            name = f"{gen.type}#{seen.get(gen.type, 0)}"
            seen[gen.type] = seen.get(gen.type, 0) + 1
        profile = profiles.get(gen.profile) if gen.profile else None
        fmax = max((p.factor for p in profile.points), default=1.0) if profile else 1.0
        chosen = set(gen.sectors) if gen.sectors is not None else None
        for sector in spec.geography.sectors:
            if chosen is not None and sector.id not in chosen:
                continue
            rate, weights = sector_rate_per_hour(gen, sector)
            if rate <= 0 or fmax <= 0:
                continue
            if weights is not None:
                weights.setflags(write=False)  # shared by the scenario's drills
            sources.append((g, gen, sector, rate, weights, profile, fmax))
            names.append(("patrol", "arrivals", name, sector.id))
    return sources, names


def generate(spec: ScenarioSpec, seed: DrillSeed, start: float, horizon: float) -> list[Incident]:
    """Every base-rate incident of the drill, sorted by report time."""
    types = {t.id: t for t in spec.incidents.types}
    sources, names = per_scenario(spec, "arrival sources", lambda: arrival_sources(spec))
    drafts: list[tuple[float, int, Incident]] = []
    for (g, gen, sector, rate, weights, profile, fmax), rng in zip(
        sources, seed.streams(names), strict=True
    ):
        n = rng.poisson(rate * fmax * horizon / 3600.0)
        if n == 0:
            continue  # nothing more is drawn: about half the sources of a default drill
        times = rng.uniform(0.0, horizon, n)
        times.sort()  # in place: np.sort copies first
        keep = rng.uniform(0.0, fmax, n) < profile_factor(profile, times + start)
        times = times[keep]
        drafts.extend(draft_incidents(rng, types[gen.type], sector, times, weights, g))
    drafts.sort(key=lambda d: (d[0], d[1], d[2].sector))
    incidents = [d[2] for d in drafts]
    for i, incident in enumerate(incidents):
        incident.id = i
    return incidents


def _pick(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    """``rng.choice(len(p), size=n, p=p)`` as numpy draws it (one uniform per pick, placed on
    the cumulative shares), without its checks of ``p``, which cost three times the draw:
    here ``p`` is a share of non-negative weights with a positive sum."""
    cdf = p.cumsum()
    cdf /= cdf[-1]
    return cdf.searchsorted(rng.random(n), side="right")


def draft_incidents(
    rng: np.random.Generator,
    itype: IncidentType,
    sector: Sector,
    times: np.ndarray,
    weights: np.ndarray | None,
    g: int,
) -> list[tuple[float, int, Incident]]:
    """Incidents of one type in one sector at `times`, keyed (time, generator) for sorting."""
    n = len(times)
    on_scene = draw_on_scene(rng, itype.on_scene, n)
    local = disc_radius_km(sector) * np.sqrt(rng.uniform(size=n))
    guard_draw = rng.uniform(size=n)
    classes: list[str | None] = [None] * n
    indexes: list[int | None] = [None] * n
    if weights is not None and weights.sum() > 0:
        picks = _pick(rng, weights / weights.sum(), n)
        uniform = rng.uniform(size=n)
        for k, (pick, u) in enumerate(zip(picks.tolist(), uniform.tolist(), strict=True)):
            cls = TPS_CLASSES[pick]
            classes[k] = cls
            indexes[k] = int(u * getattr(sector.tps, cls))
    # Read as lists: the same floats as reading the arrays one element at a time, for less.
    columns = zip(
        times.tolist(),
        on_scene.tolist(),
        local.tolist(),
        guard_draw.tolist(),
        classes,
        indexes,
        strict=True,
    )
    return [
        (
            t,
            g,
            Incident(
                id=-1,
                type=itype,
                sector=sector.id,
                t_report=t,
                severity=itype.severity,
                on_scene_s=scene,
                local_km=km,
                tps_class=cls,
                tps_index=index,
                guard_draw=draw,
            ),
        )
        for t, scene, km, draw, cls, index in columns
    ]
