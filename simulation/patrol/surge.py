"""Extra incidents while something raises the rates: an inject, or grievance from hoaxes.

Base incidents are drawn before the drill starts (common random numbers across strategies);
a surge adds incidents on top, from its own stream and tagged with its ``cause``, so that the
incidents attributable to an inject or to information threats are counted exactly rather than
estimated. The extra rate of a generator in a sector is ``base rate x profile x excess``, where
``excess`` is the multiplier minus one, drawn as a thinned Poisson process like the base.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import simpy

from simulation.patrol.incidents import (
    Incident,
    draft_incidents,
    profile_factor,
    sector_rate_per_hour,
)
from simulation.patrol.model import reporter
from simulation.scenario.memo import per_scenario

if TYPE_CHECKING:
    from simulation.core.drill import Drill
    from simulation.scenario.model import Profile, ScenarioSpec


@dataclass(frozen=True)
class _Source:
    """One generator's base rate in one sector (what a surge multiplies)."""

    g: int
    rate: float  # per hour, before the profile
    weights: np.ndarray | None  # TPS-class weights for TPS-based generators
    profile: Profile | None
    fmax: float  # the profile's peak factor (thinning bound)


@dataclass(frozen=True)
class _Sources:
    """Every generator's base rate in every sector, in the order a surge's stream reads them:
    by (sector, type), then generator. The same for every surge of every drill of a scenario
    (an inject has its own surge), so it is built once per scenario (``per_scenario``):
    building it per inject was a fifth of a default drill, and its arrays per surge another
    few percent."""

    order: list[tuple[tuple[str, str], _Source]]
    rate: np.ndarray
    fmax: np.ndarray
    sector: np.ndarray  # index of the source's sector in the scenario's order
    typed: dict[tuple[str, ...], _Typed]  # types -> the sources that make one (filled lazily)


@dataclass(frozen=True)
class _Typed:
    """The sources that make incidents of some types: their places in ``_Sources.order``,
    rates, peak factors and sectors, gathered once for a surge that reads them every step."""

    index: np.ndarray
    rate: np.ndarray
    fmax: np.ndarray
    sector: np.ndarray


def surge_sources(spec: ScenarioSpec) -> _Sources:
    """(sector, type) -> the generators that make such incidents there, with base rates."""
    profiles = {p.id: p for p in spec.incidents.profiles}
    sources: dict[tuple[str, str], list[_Source]] = {}
    for g, gen in enumerate(spec.incidents.generators):
        profile = profiles.get(gen.profile) if gen.profile else None
        fmax = max((p.factor for p in profile.points), default=1.0) if profile else 1.0
        chosen = set(gen.sectors) if gen.sectors is not None else None
        for sector in spec.geography.sectors:
            if chosen is None or sector.id in chosen:
                rate, weights = sector_rate_per_hour(gen, sector)
                source = _Source(g, rate, weights, profile, fmax)
                sources.setdefault((sector.id, gen.type), []).append(source)
    order = [(key, src) for key in sorted(sources) for src in sources[key]]
    sector_index = {s.id: k for k, s in enumerate(spec.geography.sectors)}
    return _Sources(
        order,
        np.array([src.rate for _, src in order]),
        np.array([src.fmax for _, src in order]),
        np.array([sector_index[key[0]] for key, _ in order], dtype=np.intp),
        {},
    )


def _surely_none(rng: np.random.Generator, lam: np.ndarray) -> bool:
    """True when ``rng.poisson(lam)`` would draw all zeros; the stream is then read exactly as
    that call reads it. (False: unsure; the stream is back where it was.)

    Why: numpy draws a Poisson count with lam < 10 by multiplying uniforms until the product
    falls to exp(-lam), so a count of 0 is one uniform U <= exp(-lam), and lam = 0 reads
    nothing. One vector of uniforms costs a quarter of the Poisson call, and a surge asks this
    every ten minutes. A U within rounding of its bound, or a lam of 10 or more, is left to
    ``poisson`` itself. Unsure, the stream steps back over the uniforms (each one 64-bit draw
    of PCG64): cheaper than saving its state every time for the rare step that needs it.
    Exact while the surge's stream makes 64-bit draws only: ``advance`` drops a buffered
    32-bit half (``integers`` over a small range leaves one), which a saved state kept;
    tests/test_patrol_surge.py checks that drafting incidents leaves none.
    """
    drawn = lam if lam.min() > 0 else lam[lam > 0]  # a surge's sources mostly all draw
    if drawn.size and drawn.max() >= 10.0:
        return False
    if (rng.random(drawn.size) < np.exp(-drawn) * (1.0 - 1e-9)).all():
        return True
    rng.bit_generator.advance(-drawn.size)
    return False


class IncidentSurge:
    """Adds incidents of the scenario's generators at raised rates, reported to the patrol."""

    def __init__(self, drill: Drill, cause: str) -> None:
        self.drill = drill
        self.cause = cause
        self.rng = drill.rng("surge", cause)
        spec = drill.scenario
        self.types = {t.id: t for t in spec.incidents.types}
        self.sectors = {s.id: s for s in spec.geography.sectors}
        table = per_scenario(spec, "surge sources", lambda: surge_sources(spec))
        self._order, self._rate, self._fmax = table.order, table.rate, table.fmax
        self._sector, self._typed = table.sector, table.typed
        self.incidents: list[Incident] = []

    def add(self, t0: float, t1: float, excess: Mapping[tuple[str, str], float]) -> int:
        """Draw the extra incidents of [t0, t1) for ``excess[(sector, type)]``; returns how many.

        Incidents are reported to the patrol at their own times as the clock passes them.
        """
        extra = np.array([excess.get(key, 0.0) for key, _ in self._order])
        live = (extra > 0).nonzero()[0]
        return self._draw(t0, t1, live, extra[live], self._rate[live], self._fmax[live])

    def add_per_sector(
        self, t0: float, t1: float, excess: np.ndarray, types: tuple[str, ...]
    ) -> int:
        """As :meth:`add` with ``excess[k]`` for each of ``types`` in sector k (the scenario's
        order), without building a dict of every pair each step as the hoaxes' surge did."""
        typed = self._typed.get(types)
        if typed is None:
            index = np.array(
                [i for i, (key, _) in enumerate(self._order) if key[1] in types], dtype=np.intp
            )
            typed = self._typed[types] = _Typed(
                index, self._rate[index], self._fmax[index], self._sector[index]
            )
        extra = excess[typed.sector]
        live = (extra > 0).nonzero()[0]
        if live.size == extra.size:  # grievance everywhere: every source draws
            return self._draw(t0, t1, typed.index, extra, typed.rate, typed.fmax)
        return self._draw(
            t0, t1, typed.index[live], extra[live], typed.rate[live], typed.fmax[live]
        )

    def _draw(
        self,
        t0: float,
        t1: float,
        live: np.ndarray,
        extra: np.ndarray,
        rate: np.ndarray,
        fmax: np.ndarray,
    ) -> int:
        """The incidents of [t0, t1) for the sources ``live`` of ``_order`` (in order), with
        excess ``extra``, base rates ``rate`` and peak factors ``fmax``."""
        if live.size == 0:
            return 0
        # A surge of ten minutes mostly adds nothing: decide every source's count at once (the
        # same numbers as one call per source) and stop there when all are 0. Otherwise replay
        # them one by one from the same state, each count followed by its incidents' draws, as
        # the stream has always been read.
        lam = rate * extra * fmax * (t1 - t0) / 3600.0
        if _surely_none(self.rng, lam):
            return 0
        state = self.rng.bit_generator.state
        if not self.rng.poisson(lam).any():
            return 0
        self.rng.bit_generator.state = state
        drafts: list[tuple[float, int, Incident]] = []
        for i, excess in zip(live.tolist(), extra.tolist(), strict=True):
            (sector_id, type_id), src = self._order[i]
            n = self.rng.poisson(src.rate * excess * src.fmax * (t1 - t0) / 3600.0)
            if n == 0:
                continue
            times = np.sort(self.rng.uniform(t0, t1, n))
            clock = times + self.drill.clock.start
            kept = self.rng.uniform(0.0, src.fmax, n) < profile_factor(src.profile, clock)
            sector, itype = self.sectors[sector_id], self.types[type_id]
            drafts.extend(draft_incidents(self.rng, itype, sector, times[kept], src.weights, src.g))
        drafts.sort(key=lambda d: (d[0], d[1], d[2].sector))
        batch = [d[2] for d in drafts]
        for incident in batch:
            incident.cause = self.cause
        self.incidents.extend(batch)
        self.drill.env.process(self._report(batch))
        return len(batch)

    def one(self, type_id: str, sector_id: str, severity: int | None = None) -> Incident:
        """A single incident reported now (a scripted inject such as a ballot-box snatch)."""
        sector = self.sectors[sector_id]
        now = np.array([self.drill.env.now])
        [(_, _, incident)] = draft_incidents(self.rng, self.types[type_id], sector, now, None, -1)
        incident.cause = self.cause
        if severity is not None:
            incident.severity = severity
        self.incidents.append(incident)
        reporter(self.drill).report(incident)
        return incident

    def _report(self, batch: list[Incident]) -> Generator[simpy.Event, None, None]:
        for incident in batch:
            yield self.drill.env.timeout(max(0.0, incident.t_report - self.drill.env.now))
            reporter(self.drill).report(incident)
