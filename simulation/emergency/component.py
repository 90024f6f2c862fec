"""The ``emergency`` component: the red phase's services wired to the drill.

It owns the Damkar engines and the ambulances (fleets of their own: they are not police), sends
police work (securing looted premises, rescue teams, detainee transport) through the one
dispatcher, and hears the crowd only through the state board: every crowd scene publishes its
injured and arrested counts (``crowd.<id>.injured``, ``.officers_injured``, ``.arrests``), and
each rise becomes casualties to triage or detainees to transport. MSEL injects start fires,
lootings, hostage takings and mass casualties through :meth:`start_fire`,
:meth:`start_looting`, :meth:`take_hostage` and :meth:`mass_casualties`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulation.emergency.arrests import DetaineeTransport
from simulation.emergency.brigade import Brigade
from simulation.emergency.casualties import AmbulanceService
from simulation.emergency.fleet import Fleet, Vehicle
from simulation.emergency.hostage import HostageTaking
from simulation.emergency.looting import Looting
from simulation.emergency.phase import PhaseTracker
from simulation.emergency.route import Route, Spot
from simulation.scenario.emergency import TRIAGE_CLASSES, DamkarEscort, EmergencySpec, Staging
from simulation.scenario.model import CasualtyInject
from simulation.scenario.scenes import scenes

if TYPE_CHECKING:
    from simulation.core.drill import Drill

CROWD_SCENE_KM = 0.5
"""Casualties and detainees of a crowd scene are picked up 0.5 km from its kecamatan centre,
where the crowd model places the scene."""


class EmergencyComponent:
    name = "emergency"

    def __init__(self, drill: Drill) -> None:
        spec = drill.scenario.emergency
        assert spec is not None
        self.drill = drill
        self.spec: EmergencySpec = spec
        self.route = Route(drill.roads, drill.scenario.geography.roads.local)
        staging = drill.strategy.emergency
        self.engines = Fleet(drill.env, self.route, spec.fire.speed_factor)
        self.ambulances = Fleet(drill.env, self.route, spec.casualties.speed_factor)
        self._equip(self.engines, "damkar", spec.damkar, "engines", staging and staging.damkar)
        self._equip(
            self.ambulances,
            "ambulans",
            spec.hospitals,
            "ambulances",
            staging and staging.ambulances,
        )
        self.crowds = {scene.id: scene.spec.sector for scene in scenes(drill.scenario)}
        self.phase = PhaseTracker(drill, list(self.crowds))
        self.brigade = Brigade(
            drill,
            spec.fire,
            spec.premises,
            self.engines,
            self.phase.set,
            staging.damkar_escort if staging else None,
        )
        self.service = AmbulanceService(
            drill,
            spec.casualties,
            spec.hospitals,
            self.ambulances,
            drill.rng("emergency", "triage"),
            self.phase.set,
        )
        self.transport = (
            DetaineeTransport(drill, spec.arrests, self.route) if spec.arrests else None
        )
        self.lootings: dict[str, Looting] = {}
        self.takings: dict[str, HostageTaking] = {}
        self._seen: dict[str, int] = {}

    @staticmethod
    def _equip(
        fleet: Fleet, word: str, bases: list, attr: str, staged: list[Staging] | None
    ) -> None:
        """Each base's vehicles, the strategy's staged ones first, waiting where it puts them."""
        homes: dict[str, list[Spot]] = {}
        for stage in staged or []:
            homes.setdefault(stage.base, []).extend(
                [Spot(stage.at, stage.local_km)] * stage.vehicles
            )
        for base in bases:
            spots = homes.get(base.id, [])
            for k in range(getattr(base, attr)):
                home = spots[k] if k < len(spots) else Spot(base.sector, base.local_km)
                fleet.vehicles.append(Vehicle(f"{word}#{k + 1}@{base.id}", base.id, home))

    def start(self, drill: Drill) -> None:
        for crowd in self.crowds:
            for quantity in ("injured", "officers_injured", "arrests"):
                name = f"crowd.{crowd}.{quantity}"
                drill.state.watch([name], lambda c=crowd, q=quantity: self._crowd(c, q))

    def _crowd(self, crowd: str, quantity: str) -> None:
        """A crowd scene's published count rose: the new ones are casualties or detainees."""
        name = f"crowd.{crowd}.{quantity}"
        value = int(self.drill.state.get(name) or 0)
        new = value - self._seen.get(name, 0)
        self._seen[name] = value
        if new <= 0:
            return
        spot = Spot(self.crowds[crowd], CROWD_SCENE_KM)
        if quantity == "arrests":
            if self.transport is not None:
                self.transport.arrest(new, spot, f"crowd:{crowd}")
        else:
            self.service.injured(new, spot, f"crowd:{crowd}")

    # --- MSEL hooks -----------------------------------------------------------------------------

    def start_fire(self, premises: str) -> None:
        self.brigade.ignite(premises, "inject")

    def start_looting(self, premises: str) -> None:
        if premises in self.lootings:
            return
        assert self.spec.looting is not None, "checked at load"
        looting = Looting(
            self.drill,
            self.spec.looting,
            next(p for p in self.spec.premises if p.id == premises),
            self.drill.rng("emergency", "looting", premises),
            self.brigade.ignite,
            self.phase.set,
            self.transport,
        )
        self.lootings[premises] = looting
        looting.start()

    def take_hostage(self, situation: str) -> None:
        if situation in self.takings:
            return
        assert self.spec.hostage is not None, "checked at load"
        taking = HostageTaking(
            self.drill,
            self.spec.hostage,
            next(s for s in self.spec.hostage_sites if s.id == situation),
            self.drill.rng("emergency", "hostage", situation),
            self.phase.set,
            self.service.injured,
        )
        self.takings[situation] = taking
        taking.start()

    def mass_casualties(self, source: str, inject: CasualtyInject) -> None:
        """A mass-casualty inject: its people join the casualties of the crowd and hostages."""
        spot = Spot(inject.at, inject.local_km)
        if inject.count is not None:
            self.service.injured(inject.count, spot, source)
        else:
            classes = [c for c in TRIAGE_CLASSES for _ in range(getattr(inject, c))]
            self.service.triaged(classes, spot, source)

    def outcome(self, kind: str, ident: str) -> dict[str, object]:
        """What became of a premises, a hostage taking or an inject's casualties (``ident``
        their source), as facts for the MSEL export."""
        label = self.drill.clock.label
        if kind == "casualties":
            hurt = [c for c in self.service.casualties if c.source == ident]
            carried = [c for c in hurt if c.triage in ("red", "yellow")]
            cared = [c.care_s for c in carried if c.care_s is not None]
            facts: dict[str, object] = {
                "kind": "casualties",
                "n": len(hurt),
                "carry": len(carried),
                "in_hospital": len(cared),
            }
            return facts | ({"last": label(max(cared))} if cared else {})
        if kind == "hostage":
            record = self.takings[ident].record
            state = record.outcome or "ongoing"
            at = "" if record.ended_s is None else label(record.ended_s)
            return {"kind": "hostage", "situation": ident, "state": state, "at": at}
        blaze = self.brigade.blazes.get(ident)
        facts = {"kind": "premises", "premises": ident, "state": "untouched"}
        if blaze is None:
            return facts
        if blaze.lost_s is not None:
            return facts | {"state": "lost", "at": label(blaze.lost_s)}
        if blaze.water_s is not None:
            return facts | {"state": "saved", "water": label(blaze.water_s)}
        return facts | {"state": "burning"}

    # --- orders ---------------------------------------------------------------------------------

    def order(self, kind: str, params: dict) -> str | None:
        if kind == "order_rescue":
            taking = self.takings.get(params["situation"])
            if taking is None:
                return f"no hostage taking at '{params['situation']}' now"
            return taking.order_rescue()
        if kind == "escort_damkar":
            wanted = params["unit_type"]
            if not any(u.unit_type.id == wanted for u in self.drill.dispatcher.units):
                return f"no '{wanted}' unit in the plan to escort Damkar"
            self.brigade.order_escort(DamkarEscort(unit_type=wanted))
            return None
        fleet, base = (
            (self.engines, params["station"])
            if kind == "stage_damkar"
            else (self.ambulances, params["hospital"])
        )
        vehicle = next((v for v in fleet.vehicles if v.base == base and v.free), None)
        if vehicle is None:
            return f"no free vehicle of '{base}' to stage"
        vehicle.free = False  # now: a second order in the same instant must not take it too
        self.drill.env.process(self._stage(fleet, vehicle, Spot(params["to"])))
        return None

    def _stage(self, fleet: Fleet, vehicle: Vehicle, spot: Spot):
        yield self.drill.env.timeout(fleet.seconds(vehicle.home, spot))
        vehicle.home = spot
        self.drill.log("emergency.staged", vehicle=vehicle.label, at=spot.node)
        fleet.release(vehicle)

    # --- results --------------------------------------------------------------------------------

    def kpis(self) -> dict[str, float]:
        service, takings = self.service, list(self.takings.values())
        ended = [t.record for t in takings if t.record.ended_s is not None]
        cas = service.casualties
        return {
            "emergency.premises_burned": float(self.brigade.burned()),
            "emergency.fires": float(len(self.brigade.blazes)),
            "emergency.first_water_mean_min": _mean(self.brigade.first_water_min()),
            "emergency.casualties": float(len(cas)),
            "emergency.casualties_red": float(sum(c.triage == "red" for c in cas)),
            "emergency.deaths": service.deaths(),
            "emergency.deaths_avoided": service.deaths_avoided(),
            "emergency.care_red_mean_min": _mean(service.care_min("red")),
            "emergency.care_yellow_mean_min": _mean(service.care_min("yellow")),
            "emergency.waiting_at_end": float(
                sum(c.triage in ("red", "yellow") and c.care_s is None for c in cas)
            ),
            "emergency.hostages_hurt": float(
                sum(r.situation.hostages for r in ended if r.outcome == "hurt")
            ),
            "emergency.hostage_resolved_mean_min": _mean(
                [(r.ended_s - r.taken_s) / 60 for r in ended]  # type: ignore[operator]
            ),
            "emergency.arrests": float(self.transport.arrested if self.transport else 0),
            "emergency.detainee_officer_h": self.transport.officer_hours()
            if self.transport
            else 0.0,
            "emergency.pemulihan_min": self.phase.pemulihan_s() / 60.0,
            "emergency.restored": float(self.phase.phase == 0),
        }

    def tables(self) -> dict[str, list[dict]]:
        clock = self.drill.clock
        hostages = [
            {
                "situation": t.record.situation.id,
                "taken": clock.label(t.record.taken_s),
                "team_on_scene": "" if t.record.team_s is None else clock.label(t.record.team_s),
                "outcome": t.record.outcome or "ongoing",
                "ended": "" if t.record.ended_s is None else clock.label(t.record.ended_s),
            }
            for t in self.takings.values()
        ]
        return {
            "emergency_fires": self.brigade.rows(),
            "emergency_casualties": self.service.rows(),
            "emergency_detainees": self.transport.rows() if self.transport else [],
            "emergency_hostages": hostages,
        }


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else float("nan")
