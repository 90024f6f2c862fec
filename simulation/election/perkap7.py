"""Perkap 7/2012: demonstrations are allowed 06:00-18:00; what happens to a crowd that stays.

The doctrine step is modelled as the field runs it: at the first instant the crowd is present
outside the allowed hours the commander warns it (``election.perkap7_warning``); a share
``comply_share`` leaves. After ``warning_grace`` a dispersal order is given
(``election.perkap7_dispersal``) and reported as an incident; the units covering the crowd (at
least the one sent to the incident) clear the rest at ``clear_per_unit_hour`` people each. A
crowd that meant to leave earlier leaves at its planned time. In play, ``disperse_march`` gives
the dispersal order as soon as the crowd has been warned, without waiting out the grace.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import numpy as np
import simpy

from agents.permit import first_after_hours
from simulation.election.cover import Cover
from simulation.election.response import Responder
from simulation.scenario.election import Perkap7
from simulation.scenario.units import format_clock

if TYPE_CHECKING:
    from simulation.core.drill import Drill


class Perkap7Watch:
    """Watches one demonstration from ``present_from`` to its planned end (drill seconds)."""

    def __init__(self, drill: Drill, spec: Perkap7, scene: str, responder: Responder) -> None:
        self.drill = drill
        self.spec = spec
        self.scene = scene
        self.responder = responder
        self.t_warning: float | None = None
        self.t_order: float | None = None
        self.t_gone: float | None = None
        self.hurt = 0
        self.early = drill.env.event()  # the commander orders the dispersal now

    def order_now(self) -> str | None:
        """``disperse_march``: the dispersal order at once; lawful only after the warning."""
        if self.t_gone is not None:
            return f"the crowd of {self.scene} has gone"
        if self.t_warning is None:
            lo, hi = (format_clock(t).split(" ")[-1] for t in self.spec.allowed)
            return f"no warning yet: a demonstration is allowed {lo}-{hi} (Perkap 7/2012)"
        if self.t_order is not None or self.early.triggered:
            when = self.drill.env.now if self.t_order is None else self.t_order
            return f"the dispersal was ordered at {self.drill.clock.label(when)}"
        self.early.succeed()
        return None

    def after_hours_s(self) -> float:
        if self.t_warning is None or self.t_gone is None:
            return 0.0
        return self.t_gone - self.t_warning

    def watch(
        self,
        people: int,
        sector: str,
        present_from: float,
        planned_end: float,
        cover: Cover,
        rng: np.random.Generator,
    ) -> Generator[simpy.Event, None, float]:
        """Run the crowd's stay; return the drill time it is gone."""
        drill, spec = self.drill, self.spec
        env, clock = drill.env, drill.clock
        found = first_after_hours(
            spec.allowed, clock.start + present_from, clock.start + planned_end
        )
        if found is None:
            yield env.timeout(max(0.0, planned_end - env.now))
            self.t_gone = env.now
            return env.now
        yield env.timeout(max(0.0, clock.at(found) - env.now))
        self.t_warning = env.now
        remaining = people * (1.0 - spec.comply_share)
        drill.log("election.perkap7_warning", scene=self.scene, people=people, staying=remaining)
        order_at = self.t_warning + spec.warning_grace
        result = yield env.timeout(max(0.0, min(order_at, planned_end) - env.now)) | self.early
        if self.early not in result and order_at >= planned_end:
            self.t_gone = env.now
            return env.now
        self.t_order = env.now
        drill.log("election.perkap7_dispersal", scene=self.scene, staying=remaining)
        _, arrived, _ = self.responder.respond(self.scene, spec.incident_type, sector, 0.0, rng)
        if cover.present == 0:
            yield arrived | env.timeout(planned_end - env.now)
        hurt = [u for u in cover.on_scene if rng.uniform() < spec.hurt_probability]
        if env.now < planned_end:
            units = max(cover.present, 1)
            clear = 3600.0 * remaining / (spec.clear_per_unit_hour * units)
            yield env.timeout(min(clear, planned_end - env.now))
        self.t_gone = env.now
        drill.log("election.perkap7_cleared", scene=self.scene, hurt=len(hurt))
        for unit in hurt:  # out after this clearing, into the next days' shifts
            drill.dispatcher.stand_down(unit, env.now + spec.recovery, "hurt")
        self.hurt = len(hurt)
        return env.now
