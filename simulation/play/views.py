"""What the facilitator and the players see of a session, as JSON-able dicts.

Two views of one drill, because a tabletop game lives on the gap between them: the facilitator
(``ground_truth``) sees every unit, incident, crowd scene, convoy and the whole MSEL with what
is still to come; the players (``players_view``) see only what they have been told - injects
delivered, incidents reported to the command, their own units' reports. Both only *read* the
drill (no random draws, no clock moves), so looking never changes the game or its replay.
"""

from __future__ import annotations

import math
from typing import Any

from simulation.core.dispatcher import Request
from simulation.core.unit import BUSY
from simulation.play.session import Session
from simulation.scenario.units import parse_duration


def _num(value: float | None, digits: int = 3) -> float | None:
    """JSON has no NaN or infinity: those become null."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def places(session: Session) -> dict[str, dict[str, Any]]:
    """Every sector and site with its name, kind and coordinates (sites without lat/lng sit at
    their sector's centre), for the map and the order forms."""
    geo = session.scenario.geography
    out: dict[str, dict[str, Any]] = {}
    for s in geo.sectors:
        out[s.id] = {
            "id": s.id,
            "name": s.name,
            "kind": "sector",
            "lat": s.lat,
            "lng": s.lng,
            "tps": s.tps.total,
            "terrain": s.terrain,
        }
    for site in geo.sites:
        sector = out.get(site.sector, {})
        out[site.id] = {
            "id": site.id,
            "name": site.name,
            "kind": site.kind,
            "sector": site.sector,
            "lat": site.lat if site.lat is not None else sector.get("lat"),
            "lng": site.lng if site.lng is not None else sector.get("lng"),
        }
    return out


def geography(session: Session) -> dict[str, Any]:
    """The static map: places and the road edges the drill drives on (derived ones too)."""
    roads = session.drill.roads
    edges = [{"a": e.a, "b": e.b, "road": e.road} for e in getattr(roads, "edges", [])]
    return {"places": list(places(session).values()), "roads": edges}


def _clock(session: Session) -> dict[str, Any]:
    drill = session.drill
    now = session.now
    return {
        "t": now,
        "label": drill.clock.label(now),
        "seconds": int(now) % 60,
        "horizon": drill.horizon,
        "horizon_label": drill.clock.label(drill.horizon),
        "over": session.over,
        "finished": session.result is not None,
    }


def _units(session: Session) -> list[dict[str, Any]]:
    where = places(session)
    out = []
    now = session.now
    for unit in session.drill.dispatcher.units:
        holder = unit.holder
        who = holder.who if isinstance(holder, Request) else ""
        target = holder.sector if isinstance(holder, Request) else None
        place = where.get(unit.node, {})
        out.append(
            {
                "label": unit.label,
                "type": unit.unit_type.id,
                "kind": unit.unit_type.kind,
                "name": unit.unit_type.name,
                "state": unit.state if unit.on_duty(now) else "off_duty",
                "node": unit.node,
                "station": unit.station,
                "lat": place.get("lat"),
                "lng": place.get("lng"),
                "who": who,
                "target": target,
                "held_by_players": unit.label in session.drill.forces.held,
            }
        )
    return out


def _patrol(session: Session) -> dict[str, Any]:
    patrol = session.drill.component("patrol")
    if patrol is None:
        return {"open": [], "reported": 0, "waiting": 0, "response_mean_min": None}
    now = session.now
    clock = session.drill.clock
    requests: dict[int, Request] = getattr(patrol, "_requests", {})
    open_ = []
    responses = []
    waiting = 0
    for inc in patrol.incidents:
        if inc.t_arrival is not None and inc.t_arrival <= now:
            responses.append(inc.t_arrival - inc.t_report)
        if inc.t_cleared is not None and inc.t_cleared <= now:
            continue
        req = requests.get(inc.id)
        responder = inc.responder or ""
        if not responder and req is not None and req.unit is not None and not req.released:
            responder = req.unit.label
        if req is not None and req.waiting:
            waiting += 1
        open_.append(
            {
                "id": inc.id,
                "type": inc.type.id,
                "type_name": inc.type.name,
                "severity": inc.severity,
                "sector": inc.sector,
                "reported": inc.t_report,
                "reported_label": clock.label(inc.t_report),
                "responder": responder,
                "on_scene": inc.t_arrival is not None and inc.t_arrival <= now,
                "waiting": bool(req is not None and req.waiting),
                "cause": inc.cause,
            }
        )
    mean = sum(responses) / len(responses) / 60.0 if responses else None
    return {
        "open": open_,
        "reported": len(patrol.incidents),
        "waiting": waiting,
        "responded": len(responses),
        "response_mean_min": _num(mean),
        "response_max_min": _num(max(responses) / 60.0 if responses else None),
    }


def _crowds(session: Session) -> list[dict[str, Any]]:
    crowd = session.drill.component("crowd")
    if crowd is None:
        return []
    clock = session.drill.clock
    out = []
    for ident, run in crowd.scenes.items():
        model = run.model
        started = model is not None and model.steps_done > 0
        meter = getattr(model, "meter", None)
        out.append(
            {
                "id": ident,
                "name": run.spec.name,
                "sector": run.spec.sector,
                "start_label": clock.label(clock.at(run.spec.start)),
                "started": started,
                "ended": run.ended,
                "status": model.status.label if started else None,
                "size": int(model.present_mask().sum()) if started else 0,
                "injured_civilians": meter.injured_civilians if started and meter else 0,
                "injured_officers": meter.injured_officers if started and meter else 0,
                "arrests": meter.arrests if started and meter else 0,
                "command": model.command.level if started else None,
                "authorised": sorted(model.command.granted) if started else [],
                "closed_exits": sorted(model.closed_exits) if started else [],
            }
        )
    return out


def _convoys(session: Session) -> dict[str, Any] | None:
    logistics = session.drill.component("logistics")
    if logistics is None:
        return None
    now = session.now
    where = places(session)
    board = session.drill.state
    on_road = []
    for trip in logistics.trips:
        if math.isnan(trip.t_dispatch) or trip.t_dispatch > now:
            continue
        if not math.isnan(trip.t_arrive) and trip.t_arrive <= now:
            continue
        a, b = where.get(trip.origin, {}), where.get(trip.destination, {})
        if a.get("lat") is None or b.get("lat") is None:
            continue  # village legs have no coordinates in the scenario
        share = 0.5
        if not math.isnan(trip.t_arrive) and trip.t_arrive > trip.t_dispatch:
            share = (now - trip.t_dispatch) / (trip.t_arrive - trip.t_dispatch)
        on_road.append(
            {
                "id": trip.id,
                "leg": trip.leg,
                "convoy": trip.convoy,
                "from": trip.origin,
                "to": trip.destination,
                "vehicles": trip.vehicles,
                "kits": trip.kits,
                "escort": trip.escort,
                "lat": a["lat"] + share * (b["lat"] - a["lat"]),
                "lng": a["lng"] + share * (b["lng"] - a["lng"]),
            }
        )
    convoys = [
        {
            "id": c.id,
            "dispatched": c.dispatched,
            "stuck": c.stuck,
            "held_until": _num(c.hold_until) if c.hold_until > now else None,
            "delivered": not math.isnan(c.delivered_s),
        }
        for c in logistics.convoys.values()
    ]
    late = board.get("logistics.late_tps")
    ready = board.get("logistics.ready_share")
    return {
        "on_road": on_road,
        "convoys": convoys,
        "late_tps": late,
        "ready_share": _num(ready if isinstance(ready, float) else None),
    }


def inject_schedule(session: Session) -> list[dict[str, Any]]:
    """Every MSEL inject, what became of it, and when it is due if it is still to come.

    A probabilistic inject's firing time is redrawn from its own stream (the same draws the
    runner made, because streams are fixed by name), so the facilitator sees it coming; a
    contingency inject is due when its condition holds, which no one knows in advance.
    """
    spec = session.scenario
    if spec.msel is None:
        return []
    drill = session.drill
    clock = drill.clock
    component = drill.component("msel")
    outcomes = component.runner.outcomes if component is not None else {}
    delayed: dict[str, float] = {}
    for i, d in enumerate(session.log.decisions):
        number = str(d.params.get("inject", ""))
        if i in session.refusals:
            continue
        if d.order == "delay_inject":
            delayed[number] = d.t + parse_duration(d.params["delay"])
        elif d.order in ("deliver_inject", "cancel_inject"):
            delayed.pop(number, None)
    out = []
    for inject in sorted(spec.msel.injects, key=lambda i: (i.time, i.number)):
        outcome = outcomes.get(inject.number)
        start = clock.at(inject.time)
        end = clock.at(inject.until) if inject.until is not None else None
        due: float | None = None
        note = outcome.note if outcome else ""
        if outcome is not None and outcome.fired_s is not None:
            status = "delivered"
        elif outcome is not None and outcome.cancelled:
            status = "cancelled"
        elif note.startswith("not drawn"):
            status = "not_drawn"
        elif inject.number in delayed:
            status, due = "due", delayed[inject.number]
        elif inject.trigger == "scripted":
            status, due = "due", start
        elif inject.trigger == "probabilistic":
            rng = drill.rng("msel", inject.number)
            happens, where = rng.random(), rng.random()
            if happens < (inject.probability or 0.0):
                stop = start if end is None else end
                status, due = "due", start + where * (stop - start)
            else:
                status = "not_drawn"
        else:
            status = "watching"  # contingency: fires when its condition holds
        fired = outcome.fired_s if outcome is not None else None
        out.append(
            {
                "number": inject.number,
                "time_label": clock.label(start)
                + (f"-{clock.label(end)}" if end is not None else ""),
                "trigger": inject.trigger,
                "event": inject.event,
                "location": inject.location or "",
                "player": inject.player or "",
                "expected_action": inject.expected_action or "",
                "action": inject.action.kind if inject.action else "",
                "status": status,
                "due": due,
                "due_label": clock.label(due) if due is not None else None,
                "fired": fired,
                "fired_label": clock.label(fired) if fired is not None else None,
                "cancelled": status == "cancelled",
                "note": note,
            }
        )
    return out


def decisions(session: Session) -> list[dict[str, Any]]:
    """The decision log as rows, refusals included (a replay gives refused orders too)."""
    clock = session.drill.clock
    return [
        {
            "n": i,
            "t": d.t,
            "clock": clock.label(d.t),
            "by": d.by,
            "order": d.order,
            "params": d.params,
            "refused": session.refusals.get(i, ""),
        }
        for i, d in enumerate(session.log.decisions)
    ]


def ground_truth(session: Session) -> dict[str, Any]:
    """Everything, for the facilitator: the truth on the ground and what is still to come."""
    drill = session.drill
    units = _units(session)
    patrol = _patrol(session)
    crowds = _crowds(session)
    convoys = _convoys(session)
    injects = inject_schedule(session)
    kpis: dict[str, Any] = {
        "units": len(units),
        "units_busy": sum(1 for u in units if u["state"] in BUSY),
        "units_held_by_players": sum(1 for u in units if u["held_by_players"]),
        "incidents_reported": patrol["reported"],
        "incidents_open": len(patrol["open"]),
        "incidents_waiting": patrol["waiting"],
        "response_mean_min": patrol["response_mean_min"],
        "response_max_min": patrol["response_max_min"],
        "injects_delivered": sum(1 for i in injects if i["status"] == "delivered"),
        "injured": sum(c["injured_civilians"] + c["injured_officers"] for c in crowds),
        "crowd_status": {c["id"]: c["status"] for c in crowds},
    }
    if convoys is not None:
        kpis["ballots_late_tps"] = convoys["late_tps"]
        kpis["ballots_ready_share"] = convoys["ready_share"]
    result = None
    if session.result is not None:
        result = {k: _num(v, 4) for k, v in session.result.kpis.items()}
    return {
        "scenario": session.scenario.metadata.name,
        "title": session.scenario.metadata.title,
        "strategy": drill.strategy_name,
        "seed": drill.seed,
        "replication": drill.replication,
        "clock": _clock(session),
        "units": units,
        "incidents": patrol["open"],
        "crowds": crowds,
        "logistics": convoys,
        "injects": injects,
        "kpis": kpis,
        "decisions": decisions(session),
        "events": len(drill.events),
        "result": result,
    }


def _report(kind: str, fields: dict[str, Any]) -> dict[str, Any] | None:
    """A player-visible event as a message (the fields the radio would carry), or None."""
    keep = {
        "patrol.incident": ("incident", "type", "sector", "severity"),
        "patrol.arrive": ("incident", "unit"),
        "patrol.clear": ("incident", "unit"),
        "play.arrived": ("unit", "at"),  # only units the players sent report this
        "play.recalled": ("unit",),
        "play.relieved": ("unit", "relief", "at"),
        "crowd.status": ("crowd", "status"),
        "crowd.scene_start": ("crowd", "scene"),
        "crowd.command": ("crowd", "level"),
        "crowd.tni_requested": ("crowd",),
        "crowd.exit_closed": ("crowd", "exit"),
        "crowd.exit_opened": ("crowd", "exit"),
        "logistics.convoy_held": ("convoy", "until"),
        "logistics.convoy_rerouted": ("convoy", "via"),
        "election.incident": ("scene", "type", "sector"),
        "election.escort_added": ("escort", "unit"),
        "election.escort_blocked": ("escort", "escorts"),
        "election.ppk_guarded": ("sector", "unit"),
        "election.box_theft": ("sector", "boxes"),
        "election.boxes_recovered": ("sector", "boxes"),
        "election.boxes_lost": ("sector", "boxes"),
        "election.props_prioritised": ("sector",),
        "election.perkap7_warning": ("scene", "staying"),
        "election.perkap7_dispersal": ("scene", "staying"),
    }.get(kind)
    if keep is None:
        return None
    return {"kind": kind, **{k: fields.get(k) for k in keep}}


def players_view(session: Session, last: int = 200) -> dict[str, Any]:
    """Only what the players have been told: delivered injects and reports from the field.

    No undelivered inject, no unit they do not hear from, no KPI the command could not know.
    """
    drill = session.drill
    clock = drill.clock
    msel = session.scenario.msel
    spec_injects = {i.number: i for i in (msel.injects if msel else [])}
    injects = []
    reports = []
    for e in drill.events:
        if e.kind == "msel.inject":
            inject = spec_injects.get(str(e.fields["number"]))
            injects.append(
                {
                    "number": e.fields["number"],
                    "t": e.t,
                    "clock": clock.label(e.t),
                    "event": e.fields.get("event", ""),
                    "location": inject.location if inject and inject.location else "",
                    "player": inject.player if inject and inject.player else "",
                }
            )
        else:
            message = _report(e.kind, e.fields)
            if message is not None:
                reports.append({"t": e.t, "clock": clock.label(e.t), **message})
    held = [
        {"label": u["label"], "kind": u["kind"], "state": u["state"], "node": u["node"]}
        for u in _units(session)
        if u["held_by_players"]
    ]
    return {
        "title": session.scenario.metadata.title,
        "clock": {"t": session.now, "label": clock.label(session.now), "over": session.over},
        "injects": injects,
        "reports": reports[-last:],
        "reports_total": len(reports),
        "own_units": held,
        "places": {p["id"]: p["name"] for p in places(session).values()},
        "incident_types": {t.id: t.name for t in session.scenario.incidents.types},
    }
