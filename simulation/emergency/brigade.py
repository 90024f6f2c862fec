"""Damkar: fires at named premises, their growth and spread, and the engines that fight them.

A fire grows as a t-squared fire (:mod:`simulation.emergency.fire`). The Damkar is called
``report_delay`` after ignition; the nearest free engine drives over the road network (staged
engines start nearer), waits at the cordon while the crowd around the premises is merah (or,
if the plan escorts Damkar, until a police unit from the one dispatcher has driven there), and
puts water on the fire ``water_supply`` after it goes in. Water stops the growth: a premises whose
fire had not yet reached ``burned_kw`` is saved. A lost premises sets each neighbour alight
``spread_after`` later unless water is on it first (the first crew protects the exposures).
The fire is out ``control`` after the first water; the engine then drives home and its escort
is given back at the premises, so the escort is off the line from its assignment until then.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import simpy

from simulation.core.dispatcher import Request
from simulation.emergency.fire import TSquaredFire
from simulation.emergency.fleet import Fleet
from simulation.emergency.police import call_unit, drive_to
from simulation.emergency.route import Spot
from simulation.scenario.emergency import T2_ALPHA_KW_PER_S2, DamkarEscort, FireRules, Premises

if TYPE_CHECKING:
    from simulation.core.drill import Drill

ESCORT_PRIORITY = 4
"""An escort into a merah crowd ranks with the most serious incidents, as looting does."""


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
        escort: DamkarEscort | None = None,
    ) -> None:
        self.drill = drill
        self.rules = rules
        self.escort = escort
        self.held: list[simpy.Event] = []  # engines at a cordon with no escort: their calm
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
        escort = None
        if crowd is not None:
            escort = yield from self._cordon(crowd, spot, blaze.premises.id)
        yield env.timeout(rules.water_supply)
        blaze.water_s = env.now
        drill.log("emergency.first_water", premises=blaze.premises.id, engine=engine.label)
        self.on_scene(f"fire:{blaze.premises.id}", 1)
        yield env.timeout(rules.control)
        blaze.out_s = env.now
        drill.log("emergency.fire_out", premises=blaze.premises.id)
        self.on_scene(f"fire:{blaze.premises.id}", 0)
        if escort is not None:
            escort.release(spot.node, spot.km)
        yield env.timeout(self.fleet.seconds(spot, engine.home))
        self.fleet.release(engine)

    def _cordon(
        self, crowd: str, spot: Spot, premises: str
    ) -> Generator[simpy.Event, None, Request | None]:
        """Wait at the cordon while the crowd around the premises is merah (and not over), or,
        with an escort in the plan, until the escort unit is there; the escort's request is
        returned, for the engine to give the unit back when it leaves."""
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
        if self.escort is None:
            self.held.append(calm)
            ordered = yield calm
            self.held.remove(calm)
            if not ordered or not riot():  # hijau, perhaps in the very instant of the order
                stop()
                return None
            calm = self.drill.env.event()  # the escort was ordered: wait for it, or for calm
        assert self.escort is not None
        req, arrived = self._call_escort(self.escort.unit_type, spot, premises)
        yield calm | arrived
        stop()
        if arrived.triggered:
            self.drill.log("emergency.damkar_escorted", premises=premises, unit=req.unit.label)
            return req
        req.cancel()  # hijau before the escort came: withdrawn, or given back where it is
        if req.unit is not None:
            req.release(req.unit.node, req.unit.local_km)
        return None

    def order_escort(self, escort: DamkarEscort) -> None:
        """From now on engines are escorted; those held at a cordon call their escort now."""
        self.escort = escort
        for calm in self.held:
            if not calm.triggered:  # hijau in this same instant: the engine goes in anyway
                calm.succeed(True)

    def _call_escort(self, wanted: str, spot: Spot, premises: str) -> tuple[Request, simpy.Event]:
        """Ask the one dispatcher for the nearest escort unit; the event fires when it is at the
        cordon."""
        drill = self.drill
        req = call_unit(drill, wanted, spot, ESCORT_PRIORITY, f"emergency:damkar_escort:{premises}")
        return req, drill.env.process(drive_to(drill, req, spot))

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
