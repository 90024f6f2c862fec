"""The crowd scenes as a drill component: one CrowdModel per scene, all stepped on the drill's
one clock.

Units the strategy borrows (``unit_type:``) come from the drill's one dispatcher: the nearest
free unit of that type is lent, travels over the road network to the scene's kecamatan, and is
given back when the scene ends. If every such unit is busy - with incidents, or with another
crowd scene - the request waits in the dispatcher's queue and is served the instant a unit is
freed, so the county-wide deployment decides how fast a riot is met and two demonstrations at
once compete for the same Dalmas and Brimob.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from agents.crowd import PoliceUnit
from agents.state import PRESENT, State
from simulation.core.dispatcher import Request
from simulation.crowd_old.aggregate import whole_drill
from simulation.crowd_old.model import CrowdModel
from simulation.scenario.scenes import Scene, police_side, scenes

if TYPE_CHECKING:
    from simulation.core.drill import Drill

REINFORCEMENT_PRIORITY = 4
"""A commander's call for a crowd unit ranks with the most serious incidents (severity 4)."""
SCENE_KM = 0.5  # from the kecamatan centre to the scene
_PUBLISHED = ("status", "size", "violent", "injured", "officers_injured", "arrests")


class SceneRun:
    """One scene's CrowdModel on the drill clock, the units it borrowed and its outputs."""

    def __init__(self, drill: Drill, scene: Scene, several: bool) -> None:
        self.drill = drill
        self.scene = scene
        self.spec = scene.spec
        self.several = several
        self.model: CrowdModel | None = None
        self.requests: list[Request] = []  # every unit asked for, served or waiting
        self._steps = round(self.spec.duration / self.spec.dt_s)

    @property
    def ended(self) -> bool:
        return self.model is not None and self.model.steps_done >= self._steps

    def start(self) -> None:
        drill = self.drill
        sizes = {t.id: t.officers for t in drill.scenario.forces.unit_types}
        side = police_side(drill.strategy, self.scene)
        assert side is not None, "checked at load: every scene has a police side"
        path, police = side
        self.model = CrowdModel(
            self.spec,
            police,
            rng=drill.rng(*self.scene.stream),
            dispatch=self._dispatch,
            log=self._log,
            sample=self._sample if self.several else drill.sample,
            unit_sizes=sizes,
            path=self.scene.path,
            strategy_path=("strategies", drill.strategy_name, *path),
        )
        first = drill.clock.at(self.spec.start)
        drill.clock.every(self.spec.dt_s, self._step, first=first, times=self._steps)

    def _log(self, kind: str, **fields: object) -> None:
        """Every crowd event names its scene (field ``crowd``)."""
        self.drill.log(kind, **fields, crowd=self.scene.id)

    def _sample(self, series: str, value: float) -> None:
        """With several scenes, ``crowd.status`` becomes ``crowd.<id>.status``."""
        self.drill.sample(series.replace("crowd.", f"crowd.{self.scene.id}.", 1), value)

    def _step(self) -> None:
        model = self.model
        if model.steps_done == 0:
            self._log("crowd.scene_start", scene=self.spec.name, people=len(model.state))
        if model.steps_done < self._steps:
            model.advance()
            if model.steps_done % model.steps_per_tick == 0:
                self._publish()
            if model.steps_done == self._steps:
                self._end()

    def _publish(self) -> None:
        """Status, size, violent count, and the injured and arrested so far on the drill's state
        board, for injects and the emergency services to watch."""
        key, meter, counts = f"crowd.{self.scene.id}", self.model.meter, self.model.tally()
        self.drill.state.publish_many(
            (f"{key}.{name}" for name in _PUBLISHED),
            (
                self.model.status.label,
                sum(counts[state] for state in PRESENT),
                counts[State.VIOLENT],
                meter.injured_civilians,
                meter.injured_officers,
                meter.arrests,
            ),
        )

    def provoke(self) -> None:
        """An MSEL inject sets the scene off: its provocateurs start at once."""
        self.drill.log("crowd.event", crowd=self.scene.id)
        self.model.provoke_now()

    def add_provocateurs(self, group: str, count: int) -> dict[str, object]:
        """An MSEL inject plants ``count`` more provocateurs in ``group``, provoking from now.
        Returns the facts for the MSEL export (no effect once the scene is over)."""
        if self.ended:
            return self._facts("over")
        index = [g.name for g in self.spec.groups].index(group)
        added = self.model.add_provocateurs(index, count)
        self._log("crowd.provoked", group=group, provocateurs=added)
        return self._facts("provoked", group=group, provocateurs=added)

    def lower_legitimacy(self, drop: float) -> dict[str, object]:
        """An MSEL inject (a rumour of fraud) lowers the legitimacy the crowd perceives."""
        if self.ended:
            return self._facts("over")
        before = self.spec.legitimacy - self.model.legitimacy_drop
        self.model.lower_legitimacy(drop)
        after = round(max(before - drop, 0.0), 4)
        self._log("crowd.agitated", legitimacy=after)
        return self._facts("agitated", before=round(before, 4), after=after)

    def _facts(self, state: str, **more: object) -> dict[str, object]:
        return {"kind": "crowd", "crowd": self.scene.id, "state": state, **more}

    def _end(self) -> None:
        self._log("crowd.scene_end", scene=self.spec.name)
        self.drill.state.publish(f"crowd.{self.scene.id}.ended", True)
        for req in self.requests:
            req.cancel()  # a finished scene takes no unit another scene or incident needs
            req.release(self.spec.sector)
        self.requests.clear()

    def _dispatch(self, unit: PoliceUnit) -> None:
        self.drill.env.process(self._fetch(unit))

    def _fetch(self, unit: PoliceUnit) -> Generator[simpy.Event, None, None]:
        """Borrow the nearest unit of the wanted type, waiting in the dispatcher's queue while
        all are busy; it drives to the scene and joins the crowd model on arrival."""
        drill, wanted = self.drill, unit.spec.unit_type
        req = drill.dispatcher.request(
            lambda u: u.unit_type.id == wanted,
            self.spec.sector,
            SCENE_KM,
            priority=REINFORCEMENT_PRIORITY,
            who=f"crowd:{unit.spec.name}",
        )
        self.requests.append(req)
        if req.waiting:
            self._log("crowd.unit_waiting", unit=unit.spec.name)
        borrowed = yield req
        yield drill.env.timeout(drill.dispatcher.travel_s(borrowed, self.spec.sector, SCENE_KM))
        if not self.ended:
            self.model.arrive(unit)

    def kpis(self, permit: bool) -> dict[str, float]:
        """The scene's KPIs, names without the ``crowd.`` prefix; with ``permit``, also how
        long it stayed past its permitted hours (0 for a scene that did not run past them)."""
        out = self.model.kpis()
        units = [u for u in self.model.units() if u.requested_at is not None]
        waits = [u.arrived_at - u.requested_at for u in units if u.arrived_at is not None]
        out["reinforcement_wait_max_min"] = max(waits, default=0.0) / 60
        if permit:
            out.update(self.model.permit.kpis())
        return out

    def tables(self) -> dict[str, list[dict]]:
        """The density map at the worst moment, the units' timeline and the venue, each row
        marked with the scene id."""
        offset = self.drill.clock.at(self.spec.start)
        model = self.model
        return {
            name: [{"scene": self.scene.id, **row} for row in rows]
            for name, rows in (
                ("crowd_density", model.density_rows(offset)),
                ("crowd_units", model.unit_rows(offset)),
                ("crowd_venue", model.venue_rows()),
            )
        }


class CrowdComponent:
    """Runs the scenario's crowd scenes under the drill's strategy."""

    name = "crowd"

    def __init__(self, drill: Drill) -> None:
        found = scenes(drill.scenario)
        self.scenes = {s.id: SceneRun(drill, s, several=len(found) > 1) for s in found}

    def start(self, drill: Drill) -> None:
        for run in self.scenes.values():
            run.start()

    def order(self, kind: str, params: dict) -> str | None:
        """The commander's hand on a scene's use of force (Perkap 1/2009, Perkap 16/2006).

        ``limit_force`` sets the highest stage from now on, whatever the doctrine says per
        status; ``allow_means`` / ``forbid_means`` give or withdraw water cannon or tear gas.
        Both are the commander's own order, so they need no authorisation from above.
        Doctrine refuses what no status would justify now: chemical means or stages above
        verbal orders while the crowd is orderly (hijau), except up to the doctrine's
        ``dispersal_stage`` once a crowd past its permitted hours was ordered to disperse.
        ``raise_command`` hands the scene to the Kapolda now and ``request_tni`` asks for TNI
        support now (:mod:`agents.command`); ``close_exit`` / ``open_exit`` shut or
        open a gate.
        """
        run = self.scenes[params["crowd"]]
        model = run.model
        if model is None or model.steps_done == 0:
            return f"scene {params['crowd']} has not started"
        if run.ended:
            return f"scene {params['crowd']} is over"
        orderly = model.status.label == "hijau"
        command = model.command
        if kind == "raise_command":
            if command.level == "kapolda":
                return f"the Kapolda already commands scene {params['crowd']}"
            command.raise_level(model.time_s)
        elif kind == "request_tni":
            if not any(u.spec.kind == "tni" for u in model.units()):
                return f"no TNI unit in this strategy's plan for scene {params['crowd']}"
            if command.tni_requested:
                return f"TNI support was already requested for scene {params['crowd']}"
            command.request_tni(model.time_s)
        elif kind in ("open_exit", "close_exit"):
            exits = [e.name for e in run.spec.venue.exits]
            if params["exit"] not in exits:
                return f"scene {params['crowd']} has no exit {params['exit']} ({', '.join(exits)})"
            refused = model.set_exit(params["exit"], kind == "open_exit")
            if refused:
                return refused
        elif kind == "limit_force":
            stage = params["stage"]
            if stage not in {str(k) for k in range(1, 7)}:
                return f"a use-of-force stage is 1 to 6, got {stage}"
            if orderly and int(stage) > max(2, model.permit.force_stage):
                if model.permit.ordered:
                    return (
                        f"doctrine: above stage {model.permit.force_stage} (the dispersal past "
                        "the permitted hours) only once the crowd is kuning"
                    )
                return "doctrine: above verbal orders (stage 2) only once the crowd is kuning"
            model.stage_limit = int(stage)
        else:
            means = params["means"]
            if means not in ("water_cannon", "tear_gas"):
                return f"means are water_cannon or tear_gas, got {means}"
            allow = kind == "allow_means"
            if allow and orderly:
                return f"doctrine: no {means} against an orderly (hijau) crowd"
            model.means[means] = allow
        detail = {k: v for k, v in params.items() if k != "crowd"}
        run.drill.log("crowd.order", crowd=params["crowd"], order=kind, **detail)
        return None

    def start_event(self, crowd_id: str) -> None:
        """An MSEL inject names the scene it sets off (checked at load)."""
        self.scenes[crowd_id].provoke()

    def provoke(self, crowd_id: str, group: str, provocateurs: int) -> dict[str, object]:
        """An MSEL inject plants more provocateurs in a group of the scene (checked at load)."""
        return self.scenes[crowd_id].add_provocateurs(group, provocateurs)

    def agitate(self, crowd_id: str, drop: float) -> dict[str, object]:
        """An MSEL inject lowers the legitimacy the scene's crowd perceives (checked at load)."""
        return self.scenes[crowd_id].lower_legitimacy(drop)

    def scene_kpis(self) -> dict[str, dict[str, float]]:
        """Scene id -> that scene's KPIs (names without ``crowd.``). The permit's KPIs are
        there when a scene ran past its permitted hours: a drill whose scenes all keep them
        reports exactly what it did before they existed."""
        permit = any(run.model.permit.applies for run in self.scenes.values())
        return {ident: run.kpis(permit) for ident, run in self.scenes.items()}

    def kpis(self) -> dict[str, float]:
        """The whole drill's crowd KPIs, folded over scenes (see simulation.crowd_old.aggregate)."""
        return {f"crowd.{k}": v for k, v in whole_drill(self.scene_kpis()).items()}

    def tables(self) -> dict[str, list[dict]]:
        """``crowd_scenes`` (one row of KPIs per scene) and the scenes' maps, units and venues."""
        out: dict[str, list[dict]] = {
            "crowd_scenes": [
                {"scene": ident, "name": run.spec.name, "sector": run.spec.sector, **kpis}
                for (ident, run), kpis in zip(
                    self.scenes.items(), self.scene_kpis().values(), strict=True
                )
            ]
        }
        for run in self.scenes.values():
            for name, rows in run.tables().items():
                out.setdefault(name, []).extend(rows)
        return out
