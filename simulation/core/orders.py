"""Orders to the force pool in facilitated play: send a named unit, stage it, relieve it,
recall it.

Commanders at the table move units by name ("Brimob SSK 1 to the KPU office"); the order goes
through the one dispatcher like any model's request, so a unit held by an incident, a crowd
scene or an escort is refused with the reason, and a unit the players hold is not taken by the
patrol model until they give it back. Models add their own orders in their plugins
(:class:`simulation.core.plugins.OrderSpec`); these four belong to the core because the force
pool does.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import TYPE_CHECKING, Any

import simpy

from simulation.core.dispatcher import Dispatcher, Request
from simulation.core.plugins import OrderSpec
from simulation.core.unit import Unit

if TYPE_CHECKING:
    from simulation.core.component import Host

PLAY_PRIORITY = 5
"""A named order outranks every incident: the commander chose this unit for this place."""

UNIT_ORDERS = (
    OrderSpec(
        "dispatch_unit",
        "send a free unit to a place, where it stays until recalled",
        {"unit": "unit", "to": "place"},
    ),
    OrderSpec(
        "stage_unit",
        "move a free unit to a staging point, from where the dispatcher sends it on",
        {"unit": "unit", "at": "place"},
    ),
    OrderSpec(
        "relieve_unit",
        "lintas/lapis ganti: a fresh unit takes over the post of a unit the players hold; "
        "the relieved unit keeps the post until the relief arrives, then is free again",
        {"unit": "unit", "with": "unit"},
    ),
    OrderSpec(
        "recall_unit",
        "give a unit the players hold back: it returns to its station and is free",
        {"unit": "unit"},
    ),
)


def take_named(dispatcher: Dispatcher, unit: Unit, place: str, who: str) -> Request | str:
    """A play order's hold on the named ``unit``, sent to ``place``; or why the unit cannot take
    the order now (off duty, busy and with whom).

    Models whose orders name a unit (an escort, a guard) take it this way too, so every such
    order outranks incidents alike and is refused in the same words."""
    now = dispatcher.env.now
    if not unit.on_duty(now):
        return f"{unit.label} is off duty"
    if not unit.available(now):
        holder = unit.holder
        held_by = holder.who if isinstance(holder, Request) else unit.state
        return f"{unit.label} is busy ({held_by})"
    req = dispatcher.request(
        lambda u: u is unit, place, priority=PLAY_PRIORITY, who=who, wait=False
    )
    assert req.unit is unit, "checked free above"
    return req


class ForceOrders:
    """Carries out the unit orders of one drill, and remembers which units the players hold."""

    name = "forces"

    def __init__(self, drill: Host) -> None:
        self.drill = drill
        self.held: dict[str, Request] = {}  # unit label -> the play request that holds it
        self._trips: dict[str, simpy.Process] = {}
        self._reliefs: dict[str, str] = {}  # relieved unit label -> the relief on its way

    def order(self, kind: str, params: Mapping[str, Any]) -> str | None:
        unit = self.drill.dispatcher.unit(params["unit"])
        if unit is None:
            return f"no unit {params['unit']}"
        if kind == "recall_unit":
            return self._recall(unit)
        if kind == "relieve_unit":
            fresh = self.drill.dispatcher.unit(params["with"])
            if fresh is None:
                return f"no unit {params['with']}"
            return self._relieve(unit, fresh)
        place = params["to"] if kind == "dispatch_unit" else params["at"]
        if place not in self.drill.roads.terrain:
            return f"no place {place}"
        req = self.held.get(unit.label)
        if req is None:
            req = take_named(self.drill.dispatcher, unit, place, f"order: {kind} {place}")
            if isinstance(req, str):
                return req
            self.held[unit.label] = req
        else:
            self._stop_trip(unit)  # re-tasked: it turns from where it stands
        self._trips[unit.label] = self.drill.env.process(
            self._drive(unit, req, place, stage=kind == "stage_unit")
        )
        return None

    def _stop_trip(self, unit: Unit) -> None:
        trip = self._trips.pop(unit.label, None)
        if trip is not None and trip.is_alive:
            trip.interrupt("re-tasked")  # it is where it started from

    def _drive(self, unit: Unit, req: Request, place: str, stage: bool) -> Generator:
        drill = self.drill
        try:
            yield drill.env.timeout(drill.dispatcher.travel_s(unit, place, 0.0))
        except simpy.Interrupt:
            return  # re-tasked or recalled on the way
        unit.node, unit.local_km = place, 0.0
        drill.log("play.arrived", unit=unit.label, at=place)
        del self._trips[unit.label]
        if stage:
            unit.station = place  # its post from now on: free here, and returns here
            del self.held[unit.label]
            req.release(place)

    def _relieve(self, unit: Unit, fresh: Unit) -> str | None:
        """Relief in place (lintas / lapis ganti): ``fresh`` drives to ``unit``'s post and
        takes it over; ``unit`` holds the post until then, so it is never empty, and is given
        back to the dispatcher (free for incidents, then home) the moment the relief arrives."""
        post_req = self.held.get(unit.label)
        if post_req is None:
            return f"{unit.label} is not on a post the players hold"
        if unit.label in self._trips:
            return f"{unit.label} has not reached its post yet"
        if fresh is unit:
            return "a unit cannot relieve itself"
        if unit.label in self._reliefs:
            return f"{self._reliefs[unit.label]} is already on its way to relieve {unit.label}"
        post = unit.node
        req = take_named(self.drill.dispatcher, fresh, post, f"order: relieve_unit {unit.label}")
        if isinstance(req, str):
            return req
        self.held[fresh.label] = req
        self._reliefs[unit.label] = fresh.label
        self._trips[fresh.label] = self.drill.env.process(
            self._take_over(fresh, req, post, unit, post_req)
        )
        return None

    def _take_over(
        self, fresh: Unit, req: Request, post: str, unit: Unit, post_req: Request
    ) -> Generator:
        """Drive the relief to the post; on arrival the relieved unit is released there."""
        try:
            yield from self._drive(fresh, req, post, stage=False)
        finally:
            del self._reliefs[unit.label]
        still_there = unit.label not in self._trips and unit.node == post
        if fresh.node == post and self.held.get(unit.label) is post_req and still_there:
            del self.held[unit.label]
            self.drill.log("play.relieved", unit=unit.label, relief=fresh.label, at=post)
            post_req.release(unit.node, unit.local_km)

    def _recall(self, unit: Unit) -> str | None:
        req = self.held.pop(unit.label, None)
        if req is None:
            return f"{unit.label} is not held by the players"
        self._stop_trip(unit)
        self.drill.log("play.recalled", unit=unit.label)
        req.release(unit.node, unit.local_km)
        return None
