"""Road travel for the emergency services, who are not in the police force pool.

Damkar engines and ambulances drive the same road network as police units (``drill.roads``),
with the same local legs inside a sector as the dispatcher's ``travel_s``, so a round trip can be
checked by hand against the road distances.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulation.geography.roads import RoadNetwork
from simulation.scenario.model import TerrainSpeeds


@dataclass(frozen=True)
class Spot:
    """A point: a sector or site id and km of local roads from its centre."""

    node: str
    km: float = 0.0


class Route:
    """Seconds between two spots over the road network at a vehicle's speed factor."""

    def __init__(self, roads: RoadNetwork, local: TerrainSpeeds) -> None:
        self.roads = roads
        self.local = local

    def seconds(self, a: Spot, b: Spot, factor: float = 1.0) -> float:
        if a == b:
            return 0.0
        speed = self.local.for_terrain
        terrain = self.roads.terrain
        if a.node == b.node:
            hours = (a.km + b.km) / speed(terrain[a.node])  # type: ignore[arg-type]
        else:
            hours = (
                a.km / speed(terrain[a.node])  # type: ignore[arg-type]
                + self.roads.travel_hours(a.node, b.node)
                + b.km / speed(terrain[b.node])  # type: ignore[arg-type]
            )
        return 3600.0 * hours / factor
