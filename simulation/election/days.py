"""The days of a multi-day drill: their labels (H-3 ... H+8), dates, phases and duty hours.

A planner reads a multi-day drill day by day: which phase of the election calendar it is, what
happened, and how many officer-hours were on shift (late starts and units stood down count
out). This is the ``election_days`` table.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from simulation.core.shift import overlap
from simulation.scenario.election import Phase
from simulation.scenario.units import format_clock

if TYPE_CHECKING:
    from simulation.core.drill import Drill

DAY = 86400.0


def day_label(day: int) -> str:
    """ "H" for hari H, "H-3" / "H+2" for the days around it."""
    return "H" if day == 0 else format_clock(day * DAY).split(" ")[0]


def phases_on(calendar: list[Phase], lo: float, hi: float) -> list[str]:
    """Names of the phases that run some time in [lo, hi) (clock seconds)."""
    names = []
    for k, phase in enumerate(calendar):
        end = calendar[k + 1].start if k + 1 < len(calendar) else math.inf
        if phase.start < hi and end > lo:
            names.append(phase.name)
    return names


def day_rows(drill: Drill, calendar: list[Phase], counts: dict[int, int]) -> list[dict]:
    """One row per day the drill touches; ``counts`` = scene incidents by day."""
    clock, horizon = drill.clock, drill.horizon
    first = math.floor(clock.start / DAY)
    last = math.ceil((clock.start + horizon) / DAY)
    rows = []
    for day in range(first, last):
        lo, hi = clock.at(day * DAY), clock.at((day + 1) * DAY)
        lo, hi = max(lo, 0.0), min(hi, horizon)
        hours = 0.0
        for unit in drill.dispatcher.units:
            on = math.fsum(overlap(lo, hi, s, e) for s, e in unit.windows())
            off = math.fsum(
                overlap(max(a, lo), min(b, hi), s, e)
                for a, b, _ in unit.stood_down
                for s, e in unit.windows()
            )
            hours += unit.unit_type.officers * (on - off) / 3600.0
        rows.append(
            {
                "day": day_label(day),
                "date": (clock.day + dt.timedelta(days=day)).isoformat(),
                "phase": " / ".join(phases_on(calendar, day * DAY, (day + 1) * DAY)),
                "officer_hours_on_shift": round(hours, 2),
                "scene_incidents": counts.get(day, 0),
            }
        )
    return rows
