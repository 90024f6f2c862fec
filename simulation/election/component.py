"""The election-period component: every scene of ``election:`` on the one drill clock.

It builds each scene (rallies, escorts, prop removal, ballot return, recap, marches), logs the
calendar's phases as they begin, and gathers the KPIs and the tables ``election_incidents``,
``election_scenes`` and ``election_days``. It takes the players' orders (``escort_paslon``,
``guard_ppk``, ``prioritise_props``, ``disperse_march``) and the MSEL's injects (``steal_box``,
``prop_dispute``, ``rally_clash``), handing each to its scene.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from simulation.election.boxes import BoxFlow
from simulation.election.days import DAY, day_label, day_rows
from simulation.election.escort import EscortScene
from simulation.election.march import MarchScene
from simulation.election.props import PropScene
from simulation.election.rally import RallyScene
from simulation.election.recap import RecapScene
from simulation.election.response import Responder
from simulation.scenario.election import ElectionSpec

if TYPE_CHECKING:
    from simulation.core.drill import Drill
    from simulation.core.unit import Unit


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values) if values else math.nan


class ElectionModel:
    name = "election"

    def __init__(self, drill: Drill, spec: ElectionSpec) -> None:
        self.drill = drill
        self.spec = spec
        self.responder = Responder(drill)
        r = self.responder
        self.rallies = [RallyScene(drill, rally, r) for rally in spec.rallies]
        self.escorts = [EscortScene(drill, escort, r) for escort in spec.escorts]
        self.props = None if spec.props is None else PropScene(drill, spec.props, r)
        self.boxes = None if spec.ballot_return is None else BoxFlow(drill, spec.ballot_return, r)
        after = None if self.boxes is None else self.boxes.plenos_done
        self.recap = None if spec.recap is None else RecapScene(drill, spec.recap, after)
        self.marches = [MarchScene(drill, march, r) for march in spec.marches]

    def start(self, drill: Drill) -> None:
        drill.env.process(self._calendar())
        scenes = [*self.rallies, *self.escorts, self.props, self.boxes, self.recap, *self.marches]
        for scene in scenes:
            if scene is not None:
                scene.start()

    # --- orders and MSEL hooks -----------------------------------------------------------------

    def order(self, kind: str, params: dict) -> str | None:
        """A player's order to a scene; the reason it is refused, or None."""
        if kind in ("escort_paslon", "guard_ppk"):
            unit = self.drill.dispatcher.unit(params["unit"])
            if unit is None:
                return f"no unit {params['unit']}"
            return self._post(kind, params, unit)
        if kind == "prioritise_props":
            if self.props is None:
                return "no APK removal in this drill"
            return self.props.prioritise(params["at"])
        march = next((m for m in self.marches if m.march.id == params["march"]), None)
        if march is None:
            return f"{params['march']} is not a march"
        return march.disperse()

    def _post(self, kind: str, params: dict, unit: Unit) -> str | None:
        """A named unit sent to a scene: a candidate convoy's escort or a PPK's guard."""
        if kind == "escort_paslon":
            escort = next((e for e in self.escorts if e.escort.id == params["escort"]), None)
            if escort is None:
                return f"{params['escort']} is not a candidate convoy"
            return escort.add_escort(unit)
        if self.boxes is None:
            return "no ballot boxes go up in this drill"
        return self.boxes.guard(params["at"], unit)

    def steal_box(self, sector: str) -> None:
        assert self.boxes is not None, "checked at load"
        self.boxes.steal(sector)

    def prop_dispute(self, sector: str) -> None:
        assert self.props is not None, "checked at load"
        self.props.dispute(sector)

    def rally_clash(self, rally: str) -> None:
        next(r for r in self.rallies if r.rally.id == rally).clash()

    def outcome(self, kind: str, ident: str) -> dict[str, object]:
        """What became of the boxes, APK or rally an inject struck, as facts for the MSEL export."""
        label = self.drill.clock.label
        facts: dict[str, object] = {"kind": kind}
        if kind == "boxes":
            assert self.boxes is not None
            b = self.boxes
            facts["sector"] = ident
            if ident in b.missed:
                return facts | {"state": "already_at_kpu", "at": label(b.at_kpu[ident])}
            if ident in b.lost:
                return facts | {"state": "lost", "n": b.lost[ident]}
            if ident in b.at_kpu:
                return facts | {"state": "at_kpu", "at": label(b.at_kpu[ident])}
            return facts | {"state": "not_at_kpu"}
        if kind == "props":
            assert self.props is not None
            done = self.props.done.get(ident)
            facts["sector"] = ident
            if done is None:
                return facts | {"state": "standing"}
            return facts | {"state": "removed", "at": label(done)}
        rally = next(r for r in self.rallies if r.rally.id == ident)
        facts["rally"] = ident
        if rally.injected is None:
            return facts | {"state": "not_on"}
        record = rally.injected
        if record.t_arrival is None:
            return facts | {"state": "unanswered"}
        return facts | {
            "state": "reached",
            "mean_min": round((record.t_arrival - record.t_report) / 60.0, 1),
        }

    def _calendar(self) -> Generator[simpy.Event, None, None]:
        env, clock = self.drill.env, self.drill.clock
        for phase in self.spec.calendar:
            yield env.timeout(max(0.0, clock.at(phase.start) - env.now))
            self.drill.log("election.phase", phase=phase.id, name=phase.name)

    # --- results ---------------------------------------------------------------------------------

    def kpis(self) -> dict[str, float]:
        drill, horizon = self.drill, self.drill.horizon
        out: dict[str, float] = {}
        if self.rallies:
            out["election.rally_incidents"] = float(sum(r.incidents for r in self.rallies))
            out["election.rally_cover_share"] = _mean([r.cover_share() for r in self.rallies])
        if self.escorts:
            delays = [d / 60.0 for e in self.escorts if (d := e.delay_s()) is not None]
            out["election.escort_delay_mean_min"] = _mean(delays)
            out["election.escorts_blocked"] = float(sum(e.blocked for e in self.escorts))
            out["election.escorts_unescorted"] = float(
                sum(e.t_depart is not None and e.escorts == 0 for e in self.escorts)
            )
        if self.props is not None:
            p = self.props
            begin = drill.clock.at(p.spec.start)
            done = len(p.done) == len(p.props)
            out["election.props_cleared_share"] = p.cleared_share()
            out["election.props_clear_h"] = (
                (max(p.done.values()) - begin) / 3600.0 if done and p.done else math.nan
            )
            out["election.props_disputes"] = float(p.disputes)
            out["election.props_team_stopped_h"] = p.stopped_s / 3600.0
        if self.boxes is not None:
            b = self.boxes
            ready = drill.clock.at(b.spec.ready)
            out["election.boxes_at_kpu_share"] = b.at_kpu_share()
            out["election.boxes_lost"] = float(sum(b.lost.values()))
            out["election.box_thefts"] = float(b.attacks)
            out["election.boxes_last_at_kpu_h"] = (
                (max(b.at_kpu.values()) - ready) / 3600.0
                if len(b.at_kpu) + len(b.lost) == len(b.sectors) and b.at_kpu
                else math.nan
            )
        if self.recap is not None:
            hours = self.recap.hours()
            out["election.recap_h"] = math.nan if hours is None else hours
            out["election.recap_objections"] = float(self.recap.objections)
        if self.marches:
            walks = [
                (m.t_tail - drill.clock.at(m.march.start)) / 60.0
                for m in self.marches
                if m.t_tail is not None
            ]
            out["election.march_walk_min"] = _mean(walks)
            out["election.road_closed_min"] = math.fsum(m.closed_s for m in self.marches) / 60.0
            out["election.after_hours_min"] = (
                math.fsum(m.doctrine.after_hours_s() for m in self.marches) / 60.0
            )
            out["election.dispersal_orders"] = float(
                sum(m.doctrine.t_order is not None for m in self.marches)
            )
        reached = [i.t_arrival - i.t_report for i in self.responder.incidents if i.t_arrival]
        out["election.incidents"] = float(len(self.responder.incidents))
        out["election.response_mean_min"] = _mean(reached) / 60.0
        units = drill.dispatcher.units
        out["election.officer_hours_worked"] = math.fsum(
            u.unit_type.officers * u.worked_s(horizon) / 3600.0 for u in units
        )
        out["election.overtime_h"] = math.fsum(u.overtime_s for u in units) / 3600.0
        out["election.shift_hours_lost"] = math.fsum(u.lost_s(horizon) for u in units) / 3600.0
        return out

    def tables(self) -> dict[str, list[dict]]:
        clock = self.drill.clock
        label = clock.label
        incidents = [
            {
                "scene": i.scene,
                "type": i.type,
                "sector": i.sector,
                "severity": i.severity,
                "reported": label(i.t_report),
                "arrived": "" if i.t_arrival is None else label(i.t_arrival),
                "response_min": ""
                if i.t_arrival is None
                else round((i.t_arrival - i.t_report) / 60.0, 1),
                "unit": i.unit,
            }
            for i in self.responder.incidents
        ]
        by_day = Counter(
            math.floor((clock.start + i.t_report) / DAY) for i in self.responder.incidents
        )
        return {
            "election_incidents": incidents,
            "election_days": day_rows(self.drill, self.spec.calendar, dict(by_day)),
            "election_scenes": self._scene_rows(),
        }

    def _scene_rows(self) -> list[dict]:
        """One row per scene that began: its kind, id, day, start, end and incidents."""
        clock = self.drill.clock
        counts = Counter(i.scene for i in self.responder.incidents)
        rows: list[dict] = []

        def row(kind: str, ident: str, start: float | None, end: float | None, key: str) -> None:
            if start is None:
                return
            rows.append(
                {
                    "kind": kind,
                    "scene": ident,
                    "day": day_label(math.floor((clock.start + start) / DAY)),
                    "start": clock.label(start),
                    "end": "" if end is None else clock.label(end),
                    "incidents": counts.get(key, 0),
                }
            )

        for r in self.rallies:
            row("rally", r.rally.id, r.window[0], r.window[1], f"rally:{r.rally.id}")
        for e in self.escorts:
            row("escort", e.escort.id, e.t_depart, e.t_arrive, f"escort:{e.escort.id}")
        if self.props is not None and self.props.done:
            p = self.props
            row("props", "apk", clock.at(p.spec.start), max(p.done.values()), "props")
        if self.boxes is not None and self.boxes.at_ppk:
            b = self.boxes
            end = max(b.at_kpu.values()) if b.at_kpu else None
            row("ballot_return", "kotak_suara", min(b.at_ppk.values()), end, "boxes")
        if self.recap is not None:
            row("recap", "pleno_kpu", self.recap.t_open, self.recap.t_done, "recap")
        for m in self.marches:
            start = clock.at(m.march.start) if m.t_head is not None else None
            row("march", m.march.id, start, m.doctrine.t_gone, f"march:{m.march.id}")
        return rows
