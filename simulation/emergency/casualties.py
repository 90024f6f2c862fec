"""Casualties: START triage, PSC 119 ambulances to the nearest hospital, deaths by time to care.

Every injured person is triaged (START: red immediate, yellow delayed, green walking wounded,
black dead or expectant) with the scenario's shares. Green are treated on scene; black count as
deaths. Red and yellow wait for an ambulance, red first: the nearest free ambulance drives from
its base or staging point, loads the patient, drives to the hospital nearest the scene by road,
hands over and drives home; only then is it free again. Care starts at the hospital door.

The chance of dying of the injuries rises with the time t from injury to care as
m(t) = m_max (1 - exp(-t / tau)) per class (the scenario's parameters, cited or marked as
assumptions); deaths are the expected count (the sum of m over casualties, plus black), which
keeps the comparison of two plans free of a second coin toss. Deaths avoided are m_max - m(t)
summed: the deaths care prevented compared with no care at all.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import simpy

from simulation.emergency.fleet import Fleet
from simulation.emergency.route import Spot
from simulation.scenario.emergency import TRIAGE_CLASSES, CasualtyRules, Hospital

if TYPE_CHECKING:
    from simulation.core.drill import Drill

PRIORITY = {"red": 2, "yellow": 1}


@dataclass
class Casualty:
    number: int
    source: str
    triage: str
    injured_s: float
    spot: Spot
    care_s: float | None = None
    hospital: str = ""
    ambulance: str = ""


def mortality(rules: CasualtyRules, triage: str, delay_s: float) -> float:
    """Chance of dying of the injuries when care starts ``delay_s`` after injury."""
    if triage == "black":
        return 1.0
    if triage == "green":
        return 0.0
    curve = rules.survival[triage]  # type: ignore[index]
    return curve.m_max * (1.0 - math.exp(-delay_s / curve.tau))


class AmbulanceService:
    def __init__(
        self,
        drill: Drill,
        rules: CasualtyRules,
        hospitals: list[Hospital],
        fleet: Fleet,
        rng: np.random.Generator,
        on_scene: Callable[[str, int], None],
    ) -> None:
        self.drill = drill
        self.rules = rules
        self.hospitals = hospitals
        self.fleet = fleet
        self.rng = rng
        self.on_scene = on_scene
        self.casualties: list[Casualty] = []
        self.shares = np.array([getattr(rules, c) for c in TRIAGE_CLASSES])

    def injured(self, count: int, spot: Spot, source: str) -> None:
        """``count`` people hurt now at ``spot``: triage each with the scenario's shares."""
        draws = (self.rng.choice(len(TRIAGE_CLASSES), p=self.shares) for _ in range(count))
        self.triaged([TRIAGE_CLASSES[int(k)] for k in draws], spot, source)

    def triaged(self, classes: list[str], spot: Spot, source: str) -> None:
        """People hurt now at ``spot`` with known START classes: green are treated on scene,
        red and yellow wait for an ambulance."""
        now, count = self.drill.env.now, len(classes)
        for triage in classes:
            casualty = Casualty(len(self.casualties) + 1, source, triage, now, spot)
            self.casualties.append(casualty)
            if triage == "green":
                casualty.care_s = now
            elif triage in PRIORITY:
                self.drill.env.process(self._evacuate(casualty))
        self.drill.log("emergency.casualties", count=count, source=source)
        self._waiting()

    def _waiting(self) -> None:
        waiting = sum(c.triage in PRIORITY and c.care_s is None for c in self.casualties)
        self.on_scene("casualties", 1 if waiting else 0)

    def nearest_hospital(self, spot: Spot) -> Hospital:
        return min(
            self.hospitals,
            key=lambda h: (self.fleet.seconds(spot, Spot(h.sector, h.local_km)), h.id),
        )

    def _evacuate(self, casualty: Casualty) -> Generator[simpy.Event, None, None]:
        drill, env, rules = self.drill, self.drill.env, self.rules
        ambulance = yield self.fleet.request(casualty.spot, PRIORITY[casualty.triage])
        casualty.ambulance = ambulance.label
        yield env.timeout(self.fleet.seconds(ambulance.home, casualty.spot))
        drill.log("emergency.ambulance_arrived", ambulance=ambulance.label, triage=casualty.triage)
        yield env.timeout(rules.load)
        hospital = self.nearest_hospital(casualty.spot)
        door = Spot(hospital.sector, hospital.local_km)
        yield env.timeout(self.fleet.seconds(casualty.spot, door))
        casualty.care_s = env.now
        casualty.hospital = hospital.id
        drill.log("emergency.at_hospital", hospital=hospital.id, triage=casualty.triage)
        self._waiting()
        yield env.timeout(rules.handover)
        yield env.timeout(self.fleet.seconds(door, ambulance.home))
        self.fleet.release(ambulance)

    # --- results ------------------------------------------------------------------------------

    def _delay(self, casualty: Casualty) -> float:
        end = casualty.care_s if casualty.care_s is not None else self.drill.horizon
        return end - casualty.injured_s

    def deaths(self) -> float:
        """Expected deaths: black, plus m(time to care) of the others (censored at the end)."""
        return math.fsum(mortality(self.rules, c.triage, self._delay(c)) for c in self.casualties)

    def deaths_avoided(self) -> float:
        """Expected deaths care prevented, against no care at all."""
        return math.fsum(
            self.rules.survival[c.triage].m_max - mortality(self.rules, c.triage, self._delay(c))  # type: ignore[index]
            for c in self.casualties
            if c.triage in PRIORITY
        )

    def care_min(self, triage: str) -> list[float]:
        return [
            (c.care_s - c.injured_s) / 60.0
            for c in self.casualties
            if c.triage == triage and c.care_s is not None
        ]

    def rows(self) -> list[dict]:
        clock = self.drill.clock
        return [
            {
                "casualty": c.number,
                "source": c.source,
                "triage": c.triage,
                "injured": clock.label(c.injured_s),
                "care": "" if c.care_s is None else clock.label(c.care_s),
                "care_min": "" if c.care_s is None else round((c.care_s - c.injured_s) / 60, 1),
                "hospital": c.hospital,
                "ambulance": c.ambulance,
                "death_risk": round(mortality(self.rules, c.triage, self._delay(c)), 4),
            }
            for c in self.casualties
        ]
