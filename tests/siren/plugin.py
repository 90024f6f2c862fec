"""The siren model: one plugin, one component, one KPI, borrowing through the one dispatcher."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import simpy

from simulation.core.kpis import Kpi
from simulation.core.plugins import ModelPlugin

if TYPE_CHECKING:
    from simulation.core.drill import Drill

SIREN_AT_S = 600.0
POST = "c"


class Siren:
    """At SIREN_AT_S the nearest free unit drives to sector POST and is given back there."""

    name = "siren"

    def __init__(self, drill: Drill) -> None:
        self.drill = drill
        self.arrived_s: float | None = None

    def start(self, drill: Drill) -> None:
        drill.env.process(self._sound())

    def _sound(self) -> Generator[simpy.Event, None, None]:
        drill = self.drill
        yield drill.env.timeout(SIREN_AT_S)
        req = drill.dispatcher.request(lambda u: True, POST, who="siren")
        unit = yield req
        yield drill.env.timeout(drill.dispatcher.travel_s(unit, POST, 0.0))
        self.arrived_s = drill.env.now
        drill.log("siren.arrived", unit=unit.label)
        req.release(POST)

    def kpis(self) -> dict[str, float]:
        late = float("nan") if self.arrived_s is None else (self.arrived_s - SIREN_AT_S) / 60
        return {"siren.response_min": late}


PLUGIN = ModelPlugin(
    name="siren",
    build=Siren,
    kpis=(Kpi("siren.response_min", "min", "lower", "Siren response", "Tanggap sirene"),),
)
