"""A hostage taking: negotiation, the rescue decision, and the outcome as set probabilities.

At the taking the nearest free rescue team (Brimob/Gegana) is called through the one dispatcher
and negotiators start talking ``negotiators_after`` later. Negotiation frees the hostages with
probability ``release_probability``, after an exponential time of mean ``negotiation_mean``,
if that comes before ``rescue_after`` of talking; otherwise (or when a player orders it) the
team, once on scene, goes in: everyone is freed unhurt with ``rescue_safe_probability``, else
every hostage becomes a casualty for triage. The three draws are made at the taking, always,
so changing one probability never moves another drill's dice.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import simpy

from simulation.emergency.police import call_unit, drive_to
from simulation.emergency.route import Spot
from simulation.scenario.emergency import HostageRules, HostageSituation

if TYPE_CHECKING:
    from simulation.core.drill import Drill

RESCUE_PRIORITY = 4


@dataclass
class Taking:
    situation: HostageSituation
    taken_s: float
    outcome: str = ""  # released, rescued, hurt
    ended_s: float | None = None
    team_s: float | None = None


class HostageTaking:
    def __init__(
        self,
        drill: Drill,
        rules: HostageRules,
        situation: HostageSituation,
        rng: np.random.Generator,
        on_scene: Callable[[str, int], None],
        on_hurt: Callable[[int, Spot, str], None],
    ) -> None:
        self.drill = drill
        self.rules = rules
        self.record = Taking(situation, drill.env.now)
        self.spot = Spot(situation.sector, situation.local_km)
        self.on_scene = on_scene
        self.on_hurt = on_hurt
        self.release_draw, self.talk_draw, self.rescue_draw = rng.random(3)
        self.rescue_now = drill.env.event()
        self.team_here = drill.env.event()

    @property
    def key(self) -> str:
        return f"hostage:{self.record.situation.id}"

    def order_rescue(self) -> str | None:
        if self.record.ended_s is not None:
            return f"the hostage taking at {self.record.situation.id} is over"
        if not self.rescue_now.triggered:
            self.rescue_now.succeed()
        return None

    def start(self) -> None:
        env = self.drill.env
        self.drill.log("emergency.hostage_taken", situation=self.record.situation.id)
        self.on_scene(self.key, 2)
        env.process(self._team())
        env.process(self._negotiate())

    def _team(self) -> Generator[simpy.Event, None, None]:
        drill = self.drill
        who = f"emergency:rescue:{self.record.situation.id}"
        self.req = call_unit(drill, self.rules.rescue_unit_type, self.spot, RESCUE_PRIORITY, who)
        unit, _ = yield from drive_to(drill, self.req, self.spot)
        if self.record.ended_s is not None:  # over while the team drove: it goes back
            self.req.release(self.spot.node, self.spot.km)
            return
        self.record.team_s = drill.env.now
        drill.log("emergency.rescue_team_arrived", unit=unit.label)
        self.team_here.succeed()

    def _negotiate(self) -> Generator[simpy.Event, None, None]:
        env, rules = self.drill.env, self.rules
        yield env.timeout(rules.negotiators_after) | self.rescue_now
        talk = -rules.negotiation_mean * np.log1p(-self.talk_draw)  # exponential, inverse CDF
        released = self.release_draw < rules.release_probability and talk < rules.rescue_after
        if not self.rescue_now.triggered:
            self.drill.log("emergency.negotiation", situation=self.record.situation.id)
            wait = talk if released else rules.rescue_after
            yield env.timeout(wait) | self.rescue_now
        if released and not self.rescue_now.triggered:
            self._end("released")
            return
        self.drill.log("emergency.rescue_ordered", situation=self.record.situation.id)
        yield self.team_here
        hurt = self.rescue_draw >= rules.rescue_safe_probability
        self._end("hurt" if hurt else "rescued")
        if hurt:
            self.on_hurt(self.record.situation.hostages, self.spot, self.key)

    def _end(self, outcome: str) -> None:
        self.record.outcome = outcome
        self.record.ended_s = self.drill.env.now
        self.drill.log("emergency.hostage_" + outcome, situation=self.record.situation.id)
        self.on_scene(self.key, 0)
        if self.team_here.triggered:
            self.req.release(self.spot.node, self.spot.km)
        else:
            self.req.cancel()  # still waiting: withdrawn; on its way: released on arrival
