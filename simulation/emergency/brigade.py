"""Damkar: fires at named premises, their growth and spread, and the engines that fight them.

A fire grows as a t-squared fire (:mod:`simulation.emergency.fire`). The Damkar is called
``report_delay`` after ignition; the nearest free engine drives over the road network (staged
engines start nearer), waits at the cordon while the crowd around the premises is merah, and
puts water on the fire ``water_supply`` after arriving. Water stops the growth: a premises whose
fire had not yet reached ``burned_kw`` is saved. A lost premises sets each neighbour alight
``spread_after`` later unless water is on it first (the first crew protects the exposures).
The fire is out ``control`` after the first water; the engine then drives home.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import simpy

from simulation.emergency.fire import TSquaredFire
from simulation.emergency.fleet import Fleet
from simulation.emergency.route import Spot
from simulation.scenario.emergency import T2_ALPHA_KW_PER_S2, FireRules, Premises

if TYPE_CHECKING:
    from simulation.core.drill import Drill


@dataclass
class Blaze:
    premises: Premises
    fire: TSquaredFire
    water_s: float | None = None
    lost_s: float | None = None
    out_s: float | None = None
    engine: str = ""


class Brigade:
    def __init__(
        self,
        drill: Drill,
        rules: FireRules,
        premises: list[Premises],
        fleet: Fleet,
        on_scene: Callable[[str, int], None],
    ) -> None:
        self.drill = drill
        self.rules = rules
        self.premises = {p.id: p for p in premises}
        self.fleet = fleet
        self.on_scene = on_scene  # the phase tracker's set(key, level)
        self.blazes: dict[str, Blaze] = {}

    def ignite(self, premises_id: str, cause: str) -> None:
        """Set a premises alight now (an inject, looters, or a neighbour's fire)."""
        if premises_id in self.blazes:
            return
        premises = self.premises[premises_id]
        alpha = T2_ALPHA_KW_PER_S2[premises.growth]
        blaze = self.blazes[premises_id] = Blaze(premises, TSquaredFire(alpha, self.drill.env.now))
        self.drill.log("emergency.fire", premises=premises_id, cause=cause)
        self.on_scene(f"fire:{premises_id}", 2)
        env = self.drill.env
        env.process(self._grow(blaze))
        env.process(self._fight(blaze))

    def _grow(self, blaze: Blaze) -> Generator[simpy.Event, None, None]:
        env = self.drill.env
        yield env.timeout(blaze.fire.reaches_s(self.rules.burned_kw) - env.now)
        if blaze.water_s is not None:
            return
        blaze.lost_s = env.now
        self.drill.log("emergency.premises_lost", premises=blaze.premises.id)
        for neighbour in blaze.premises.neighbours:
            env.process(self._spread(blaze, neighbour))

    def _spread(self, blaze: Blaze, neighbour: str) -> Generator[simpy.Event, None, None]:
        yield self.drill.env.timeout(self.rules.spread_after)
        if blaze.water_s is None:
            self.ignite(neighbour, f"spread from {blaze.premises.id}")

    def _fight(self, blaze: Blaze) -> Generator[simpy.Event, None, None]:
        drill, env, rules = self.drill, self.drill.env, self.rules
        yield env.timeout(rules.report_delay)
        spot = Spot(blaze.premises.sector, blaze.premises.local_km)
        engine = yield self.fleet.request(spot, priority=1)
        blaze.engine = engine.label
        drill.log("emergency.damkar_sent", premises=blaze.premises.id, engine=engine.label)
        yield env.timeout(self.fleet.seconds(engine.home, spot))
        drill.log("emergency.damkar_arrived", premises=blaze.premises.id, engine=engine.label)
        crowd = blaze.premises.crowd
        if crowd is not None:
            yield from self._cordon(crowd)
        yield env.timeout(rules.water_supply)
        blaze.water_s = env.now
        drill.log("emergency.first_water", premises=blaze.premises.id, engine=engine.label)
        self.on_scene(f"fire:{blaze.premises.id}", 1)
        yield env.timeout(rules.control)
        blaze.out_s = env.now
        drill.log("emergency.fire_out", premises=blaze.premises.id)
        self.on_scene(f"fire:{blaze.premises.id}", 0)
        yield env.timeout(self.fleet.seconds(spot, engine.home))
        self.fleet.release(engine)

    def _cordon(self, crowd: str) -> Generator[simpy.Event, None, None]:
        """Wait at the cordon while the crowd around the premises is merah (and not over)."""
        board = self.drill.state

        def riot() -> bool:
            return (
                board.get(f"crowd.{crowd}.status") == "merah"
                and board.get(f"crowd.{crowd}.ended") is not True
            )

        if not riot():
            return
        self.drill.log("emergency.damkar_held", crowd=crowd)
        calm = self.drill.env.event()

        def check() -> None:
            if not riot() and not calm.triggered:
                calm.succeed()

        stop = board.watch([f"crowd.{crowd}.status", f"crowd.{crowd}.ended"], check)
        yield calm
        stop()

    # --- results ------------------------------------------------------------------------------

    def burned(self) -> int:
        return sum(b.lost_s is not None for b in self.blazes.values())

    def first_water_min(self) -> list[float]:
        """Minutes from ignition to first water, for every fire that got water."""
        return [
            (b.water_s - b.fire.ignition_s) / 60.0
            for b in self.blazes.values()
            if b.water_s is not None
        ]

    def rows(self) -> list[dict]:
        clock = self.drill.clock

        def label(t: float | None) -> str:
            return "" if t is None else clock.label(t)

        return [
            {
                "premises": b.premises.id,
                "name": b.premises.name,
                "ignition": label(b.fire.ignition_s),
                "first_water": label(b.water_s),
                "lost": "yes" if b.lost_s is not None else "no",
                "lost_at": label(b.lost_s),
                "out": label(b.out_s),
                "engine": b.engine,
            }
            for b in self.blazes.values()
        ]
