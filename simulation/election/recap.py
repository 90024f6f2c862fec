"""The KPU kabupaten recap (rapat pleno rekapitulasi): every kecamatan read, objections heard.

It opens at ``start``, or when the last PPK pleno is done if the ballot return is modelled and
finishes later. Each kecamatan takes ``per_kecamatan``, plus ``objection_time`` when a witness
objects (chance ``objection_probability``, drawn per kecamatan).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from simulation.scenario.election import Recap

if TYPE_CHECKING:
    from simulation.core.drill import Drill


class RecapScene:
    def __init__(self, drill: Drill, spec: Recap, after: simpy.Event | None) -> None:
        self.drill = drill
        self.spec = spec
        self.after = after
        self.objections = 0
        self.t_open: float | None = None
        self.t_done: float | None = None

    def start(self) -> None:
        self.drill.env.process(self._run())

    def _run(self) -> Generator[simpy.Event, None, None]:
        drill, spec = self.drill, self.spec
        env = drill.env
        sectors = [s.id for s in drill.scenario.geography.sectors]
        rng = drill.rng("election", "recap")
        objects = rng.uniform(size=len(sectors)) < spec.objection_probability
        yield env.timeout(max(0.0, drill.clock.at(spec.start) - env.now))
        if self.after is not None:
            yield self.after
        self.t_open = env.now
        drill.log("election.recap_open", site=spec.site)
        for sector, objection in zip(sectors, objects, strict=True):
            yield env.timeout(spec.per_kecamatan + (spec.objection_time if objection else 0.0))
            if objection:
                self.objections += 1
                drill.log("election.recap_objection", sector=sector)
        self.t_done = env.now
        drill.log("election.recap_done", site=spec.site, objections=self.objections)

    def hours(self) -> float | None:
        if self.t_open is None or self.t_done is None:
            return None
        return (self.t_done - self.t_open) / 3600.0
