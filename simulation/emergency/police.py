"""Police units the red-phase scenes borrow from the one dispatcher.

Looters are met, hostages rescued, detainees carried and fire engines escorted by police
units of a type the scenario names, each the nearest free one by road: the dispatcher decides
who comes, and the unit drives there before it counts as on the spot.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from simulation.core.dispatcher import Request
from simulation.core.unit import Unit
from simulation.emergency.route import Spot

if TYPE_CHECKING:
    from simulation.core.drill import Drill


def call_unit(drill: Drill, unit_type: str, spot: Spot, priority: int, who: str) -> Request:
    """Ask the dispatcher for the nearest unit of ``unit_type`` to ``spot``."""
    return drill.dispatcher.request(
        lambda u: u.unit_type.id == unit_type, spot.node, spot.km, priority=priority, who=who
    )


def drive_to(
    drill: Drill, req: Request, spot: Spot
) -> Generator[simpy.Event, object, tuple[Unit, float]]:
    """Wait for the unit, then its drive to ``spot``: (the unit, when it was assigned)."""
    unit = yield req
    assigned_s = drill.env.now
    yield drill.env.timeout(drill.dispatcher.travel_s(unit, spot.node, spot.km))
    return unit, assigned_s  # type: ignore[return-value]
