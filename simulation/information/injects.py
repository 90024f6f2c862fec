"""The ``msel`` component: fires the scenario's injects and makes them act through the models.

:class:`~simulation.information.msel.MselRunner` decides when an inject fires; this component
turns each action into a model change through small, explicit hooks:

* ``incident`` / ``raise_incidents`` -> incidents reported to the patrol model (cause
  ``inject <number>``), one now or a surge over a period;
* ``block_road`` -> ``drill.roads.close`` / ``reopen`` (patrol travel times reroute);
* ``spread_hoax`` / ``grievance`` -> the ``information`` component;
* ``crowd_event`` -> the ``crowd`` component's ``start_event(crowd_id)``; ``provoke`` (more
  provocateurs in a group) and ``agitate`` (a rumour lowering perceived legitimacy) -> its
  ``provoke`` and ``agitate``, escalating the scene through its own activation rule;
* ``delay_convoy`` -> the ``logistics`` component's ``delay_convoy(convoy_id, seconds)``;
* ``steal_box`` / ``prop_dispute`` / ``rally_clash`` -> the ``election`` component (the election
  period's ballot boxes, APK removal and rallies);
* ``start_fire`` / ``start_looting`` / ``take_hostage`` / ``casualties`` -> the ``emergency``
  component (the red phase's premises, hostage situations and mass casualties).

It also keeps, per inject, what fired when and what the drill did in response, which is the
MSEL export and the after-action review's timeline.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from typing import TYPE_CHECKING, Protocol, cast

import numpy as np
import simpy

from simulation.information.msel import MselRunner, Timing, Trigger
from simulation.information.threats import InformationThreats
from simulation.patrol.incidents import Incident
from simulation.patrol.surge import IncidentSurge
from simulation.scenario.conditions import parse_condition
from simulation.scenario.model import CasualtyInject, Inject, InjectAction
from simulation.scenario.msel_response import describe_response, english
from simulation.scenario.msel_table import HSEEP_COLUMNS
from simulation.scenario.units import format_duration, parse_duration

if TYPE_CHECKING:
    from simulation.core.drill import Drill


class CrowdHook(Protocol):
    """What the crowd model (issue 3) offers injects; the escalations return the facts of
    the MSEL export."""

    def start_event(self, crowd_id: str) -> None: ...

    def provoke(self, crowd_id: str, group: str, provocateurs: int) -> dict[str, object]: ...

    def agitate(self, crowd_id: str, drop: float) -> dict[str, object]: ...


class ConvoyHook(Protocol):
    """What the logistics model (issue 4) offers injects."""

    def delay_convoy(self, convoy_id: str, seconds: float) -> None: ...

    def convoy_outcome(self, convoy_id: str) -> dict[str, object]:
        """Facts: kind "convoy", convoy, state (at_ppk, already_at_ppk, not_at_ppk), at."""
        ...


class EmergencyHook(Protocol):
    """What the emergency model offers injects."""

    def start_fire(self, premises: str) -> None: ...

    def start_looting(self, premises: str) -> None: ...

    def take_hostage(self, situation: str) -> None: ...

    def mass_casualties(self, source: str, inject: CasualtyInject) -> None: ...

    def outcome(self, kind: str, ident: str) -> dict[str, object]:
        """Facts: kind "premises" (state lost, saved, burning, untouched; at, water),
        "hostage" (state released, rescued, hurt, ongoing; at) or "casualties" (n, carry,
        in_hospital, last) of the casualties whose source is ``ident``."""
        ...


class ElectionHook(Protocol):
    """What the election-period model offers injects."""

    def steal_box(self, sector: str) -> None: ...

    def prop_dispute(self, sector: str) -> None: ...

    def rally_clash(self, rally: str) -> None: ...

    def outcome(self, kind: str, ident: str) -> dict[str, object]:
        """Facts: kind "boxes" (state lost, at_kpu, already_at_kpu, not_at_kpu), "props"
        (removed, standing) or "rally" (reached, unanswered, not_on)."""
        ...


EXPORT_COLUMNS = (
    *HSEEP_COLUMNS[:2],
    "trigger",
    *HSEEP_COLUMNS[2:],
    "action",
    "fired",
    "fired_at",
    "fired_t_s",
    "note",
    "response",
    "response_facts",
)
"""The MSEL export: the HSEEP columns, how the inject fires, and what became of it (in English
words, and as JSON facts that reports put into the reader's language)."""


class MselComponent:
    """Fires the MSEL on the drill clock and applies each inject's action."""

    name = "msel"

    def __init__(self, drill: Drill) -> None:
        assert drill.scenario.msel is not None
        self.drill = drill
        self.injects = {i.number: i for i in drill.scenario.msel.injects}
        self.runner = MselRunner(drill.env, drill.state, self._fire)
        self.incidents: dict[str, list[Incident]] = {}
        self.surges: dict[str, IncidentSurge] = {}
        self.facts: dict[str, dict[str, object]] = {}  # what an escalation did, when it fired

    def start(self, drill: Drill) -> None:
        for number, inject in self.injects.items():
            self.runner.schedule(number, self._timing(inject), drill.rng("msel", number))

    def kpis(self) -> dict[str, float]:
        incidents = [inc for batch in self.incidents.values() for inc in batch]
        responses = [inc.response_s for inc in incidents if inc.response_s is not None]
        return {
            "msel.injects": float(len(self.injects)),
            "msel.fired": float(sum(o.fired_s is not None for o in self.runner.outcomes.values())),
            "msel.incidents": float(len(incidents)),
            "msel.incident_response_mean_min": float(np.mean(responses)) / 60.0
            if responses
            else float("nan"),
        }

    def tables(self) -> dict[str, list[dict]]:
        return {"msel": self.rows()}

    def _timing(self, inject: Inject) -> Timing:
        clock = self.drill.clock
        return Timing(
            trigger=Trigger(inject.trigger),
            start_s=clock.at(inject.time),
            end_s=None if inject.until is None else clock.at(inject.until),
            probability=1.0 if inject.probability is None else inject.probability,
            condition=parse_condition(inject.condition) if inject.condition else None,
        )

    # --- the facilitator's orders -----------------------------------------------------------------

    def order(self, kind: str, params: dict) -> str | None:
        """deliver_inject / delay_inject / cancel_inject: the facilitator's hand on the MSEL."""
        number = params["inject"]
        refused = self.runner.pending(number)
        if refused:
            return refused
        if kind == "deliver_inject":
            self.runner.deliver(number)
        elif kind == "delay_inject":
            self.runner.delay(number, params["delay"])
        else:
            self.runner.cancel(number)
        return None

    # --- actions ----------------------------------------------------------------------------------

    def _fire(self, number: str) -> None:
        inject = self.injects[number]
        action = inject.action
        self.drill.log(
            "msel.inject",
            number=number,
            event=inject.event,
            action=action.kind if action else "",
        )
        if action is None:
            return
        self._apply(number, action)

    def _apply(self, number: str, action: InjectAction) -> None:
        drill, now = self.drill, self.drill.env.now
        if action.spread_hoax is not None:
            self._information().start_hoax(action.spread_hoax)
        elif action.grievance is not None:
            self._information().add_grievance(action.grievance.sectors, action.grievance.grievance)
        elif action.incident is not None:
            spec = action.incident
            incident = self._surge(number).one(spec.type, spec.sector, spec.severity)
            self.incidents.setdefault(number, []).append(incident)
        elif action.raise_incidents is not None:
            spec_r = action.raise_incidents
            types = spec_r.types or [t.id for t in drill.scenario.incidents.types]
            excess = {(s, t): spec_r.factor - 1.0 for s in spec_r.sectors for t in types}
            surge = self._surge(number)
            surge.add(now, now + spec_r.duration, excess)
            self.incidents[number] = surge.incidents
        elif action.block_road is not None:
            block = action.block_road
            drill.env.process(self._block(block.a, block.b, block.duration))
        elif action.crowd_event is not None:
            self._hook("crowd", CrowdHook).start_event(action.crowd_event.crowd)
        elif action.delay_convoy is not None:
            spec_c = action.delay_convoy
            self._hook("logistics", ConvoyHook).delay_convoy(spec_c.convoy, spec_c.by)
        elif action.start_fire is not None:
            self._hook("emergency", EmergencyHook).start_fire(action.start_fire.premises)
        elif action.start_looting is not None:
            self._hook("emergency", EmergencyHook).start_looting(action.start_looting.premises)
        elif action.take_hostage is not None:
            self._hook("emergency", EmergencyHook).take_hostage(action.take_hostage.situation)
        elif action.steal_box is not None:
            self._hook("election", ElectionHook).steal_box(action.steal_box.sector)
        elif action.prop_dispute is not None:
            self._hook("election", ElectionHook).prop_dispute(action.prop_dispute.sector)
        elif action.rally_clash is not None:
            self._hook("election", ElectionHook).rally_clash(action.rally_clash.rally)
        elif action.casualties is not None:
            self._hook("emergency", EmergencyHook).mass_casualties(
                f"inject {number}", action.casualties
            )
        elif action.provoke is not None:
            spec_p = action.provoke
            crowd = self._hook("crowd", CrowdHook)
            self.facts[number] = crowd.provoke(spec_p.crowd, spec_p.group, spec_p.provocateurs)
        elif action.agitate is not None:
            spec_a = action.agitate
            crowd = self._hook("crowd", CrowdHook)
            self.facts[number] = crowd.agitate(spec_a.crowd, spec_a.legitimacy_drop)

    def _surge(self, number: str) -> IncidentSurge:
        if number not in self.surges:
            self.surges[number] = IncidentSurge(self.drill, f"inject {number}")
        return self.surges[number]

    def _block(self, a: str, b: str, duration: float) -> Generator[simpy.Event, None, None]:
        self.drill.roads.close(a, b)
        self.drill.log("msel.road_closed", a=a, b=b)
        yield self.drill.env.timeout(duration)
        self.drill.roads.reopen(a, b)
        self.drill.log("msel.road_reopened", a=a, b=b)

    def _information(self) -> InformationThreats:
        component = self.drill.component("information")
        assert isinstance(component, InformationThreats), "checked at load: needs `information`"
        return component

    def _hook[T](self, name: str, protocol: type[T]) -> T:
        """The component ``name``, used through ``protocol`` (load checks ensure it exists)."""
        component = self.drill.component(name)
        if component is None:
            raise RuntimeError(f"an inject needs the '{name}' model, which this drill lacks")
        return cast(T, component)

    # --- the export -----------------------------------------------------------------------------

    def rows(self) -> list[dict]:
        """The MSEL with what fired when and the drill's response, in time order."""
        clock, rows = self.drill.clock, []
        for number, inject in sorted(self.injects.items(), key=lambda kv: (kv[1].time, kv[0])):
            outcome = self.runner.outcomes.get(number)
            fired = outcome is not None and outcome.fired_s is not None
            window = f"{clock.label(clock.at(inject.time))}"
            if inject.until is not None:
                window += f"-{clock.label(clock.at(inject.until))}"
            facts = self._response(number, inject) if fired else {}
            rows.append(
                {
                    "number": number,
                    "time": window,
                    "trigger": inject.trigger,
                    "event": inject.event,
                    "location": inject.location or "",
                    "controller": inject.controller or "",
                    "player": inject.player or "",
                    "expected_action": inject.expected_action or "",
                    "objective": inject.objective or "",
                    "action": _describe(inject.action),
                    "fired": "yes" if fired else "no",
                    "fired_at": clock.label(outcome.fired_s) if fired else "",
                    "fired_t_s": round(outcome.fired_s, 3) if fired else "",
                    "note": outcome.note if outcome else "",
                    "response": describe_response(facts, english),
                    "response_facts": json.dumps(facts) if facts else "",
                }
            )
        return rows

    def _response(self, number: str, inject: Inject) -> dict[str, object]:
        """What the drill recorded after the inject, as facts: a `kind` and its values (clock
        times as labels), so reports can say it in either language."""
        action = inject.action
        if action is None:
            return {}
        if number in self.incidents:
            return _incident_facts(self.incidents[number], self.drill.horizon)
        if number in self.facts:
            return self.facts[number]
        if action.casualties is not None:
            return self._hook("emergency", EmergencyHook).outcome("casualties", f"inject {number}")
        if action.spread_hoax is not None:
            info = self._information()
            row = info.hoax_row(action.spread_hoax)
            facts: dict[str, object] = {
                "kind": "hoax",
                "reach_pct": round(100 * row["reach_share"], 1),
            }
            for key in ("detection_min", "takedown_min", "clarification_min"):
                if row[key] != "":
                    facts[key] = row[key]
            return facts
        if action.delay_convoy is not None:
            return self._hook("logistics", ConvoyHook).convoy_outcome(action.delay_convoy.convoy)
        for scene in (action.start_fire, action.start_looting):
            if scene is not None:
                return self._hook("emergency", EmergencyHook).outcome("premises", scene.premises)
        if action.take_hostage is not None:
            situation = action.take_hostage.situation
            return self._hook("emergency", EmergencyHook).outcome("hostage", situation)
        election = self.drill.component("election")
        for kind, event in (("boxes", action.steal_box), ("props", action.prop_dispute)):
            if event is not None:
                return cast(ElectionHook, election).outcome(kind, event.sector)
        if action.rally_clash is not None:
            return cast(ElectionHook, election).outcome("rally", action.rally_clash.rally)
        if action.block_road is not None:
            end = self.runner.outcomes[number].fired_s + action.block_road.duration  # type: ignore[operator]
            return {"kind": "road_closed", "until": self.drill.clock.label(end)}
        return {}


def _describe(action: InjectAction | None) -> str:
    if action is None:
        return ""
    value = getattr(action, action.kind)
    if isinstance(value, str):
        return f"{action.kind}: {value}"
    words = []
    for name, info in type(value).model_fields.items():
        field = getattr(value, name)
        if field is None:
            continue
        if any(getattr(m, "func", None) is parse_duration for m in info.metadata):
            field = format_duration(field)  # as a planner writes it: "5 h", not 18000.0
        words.append(f"{info.alias or name}={field}")
    return f"{action.kind}: " + ", ".join(words)


def _incident_facts(incidents: list[Incident], horizon: float) -> dict[str, object]:
    responses = [i.response_s / 60.0 for i in incidents if i.response_s is not None]
    facts: dict[str, object] = {
        "kind": "incidents",
        "n": len(incidents),
        "outcomes": sorted({i.outcome(horizon) for i in incidents}),
    }
    if responses:
        facts["mean_min"] = round(float(np.mean(responses)), 1)
    responders = sorted({i.responder for i in incidents if i.responder})
    if responders and len(incidents) == 1:
        facts["by"] = responders[0]
    return facts
