"""Road network and travel times between sector centres and sites.

Nodes are sector centres and sites. Edges are written in the scenario or derived from coordinates
(a Delaunay triangulation of sector centres, crow-fly distance x circuity). A site hangs off its
sector centre by a local road. An edge counts as highland if either end lies in a highland sector.
All-pairs shortest travel times are computed once (Dijkstra), since there are only tens of nodes,
and again whenever an inject blocks or reopens a road.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, shortest_path
from scipy.spatial import Delaunay

from simulation.scenario.model import Geography

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance, the crow-fly basis of derived roads."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    km: float
    road: str
    hours: float


class RoadNetwork:
    """Travel times in hours between every pair of nodes (sector and site ids)."""

    def __init__(self, geography: Geography) -> None:
        sectors = {s.id: s for s in geography.sectors}
        self.nodes: list[str] = [s.id for s in geography.sectors] + [s.id for s in geography.sites]
        self.index = {node: i for i, node in enumerate(self.nodes)}
        self.position: dict[str, tuple[float, float]] = {
            s.id: (s.lat, s.lng) for s in sectors.values()
        }
        self.terrain: dict[str, str] = {s.id: s.terrain for s in sectors.values()}
        for site in geography.sites:
            home = sectors.get(site.sector)
            lat = site.lat if site.lat is not None else (home.lat if home else 0.0)
            lng = site.lng if site.lng is not None else (home.lng if home else 0.0)
            self.position[site.id] = (lat, lng)
            self.terrain[site.id] = home.terrain if home else "lowland"
        roads = geography.roads
        circuity = roads.derive.circuity if roads.derive else 1.3
        edges: dict[frozenset[str], tuple[float, str]] = {}
        if roads.derive is not None and len(sectors) >= 3:
            ids = list(sectors)
            pts = np.array(
                [
                    [sectors[i].lng * math.cos(math.radians(sectors[i].lat)), sectors[i].lat]
                    for i in ids
                ]
            )
            for simplex in Delaunay(pts).simplices:
                for u, v in ((0, 1), (1, 2), (0, 2)):
                    a, b = ids[simplex[u]], ids[simplex[v]]
                    edges[frozenset((a, b))] = (self._crow(a, b) * circuity, roads.derive.road)
        elif roads.derive is not None and len(sectors) == 2:
            a, b = list(sectors)
            edges[frozenset((a, b))] = (self._crow(a, b) * circuity, roads.derive.road)
        for site in geography.sites:
            if site.sector in sectors and site.id != site.sector:
                edges[frozenset((site.id, site.sector))] = (
                    self._crow(site.id, site.sector) * circuity,
                    "",
                )
        for edge in roads.edges:
            if edge.a in self.index and edge.b in self.index:
                km = edge.km if edge.km is not None else self._crow(edge.a, edge.b) * circuity
                edges[frozenset((edge.a, edge.b))] = (km, edge.road)
        self.edges: list[Edge] = []
        n = len(self.nodes)
        weights = np.zeros((n, n))
        for pair, (km, road) in edges.items():
            a, b = sorted(pair)
            highland = "highland" in (self.terrain[a], self.terrain[b])
            speeds = roads.speeds_kmh.get(road, roads.local)
            speed = speeds.highland if highland else speeds.lowland
            hours = km / speed
            self.edges.append(Edge(a, b, km, road or "local", hours))
            # csgraph reads 0 as "no edge"; a zero-length road still connects.
            weights[self.index[a], self.index[b]] = weights[self.index[b], self.index[a]] = max(
                hours, 1e-12
            )
        self._weights = weights
        self._closures: Counter[frozenset[str]] = Counter()
        self._solve()

    def _solve(self) -> None:
        weights = self._weights.copy()
        for pair in +self._closures:
            a, b = (self.index[node] for node in pair)
            weights[a, b] = weights[b, a] = 0.0
        graph = csr_matrix(weights)
        self.hours: np.ndarray = shortest_path(graph, method="D", directed=False)
        self.hours[self.hours < 1e-9] = 0.0
        _, self._component = connected_components(graph, directed=False)

    def close(self, a: str, b: str) -> None:
        """Block the road a-b (an inject); travel times reroute around it until reopened."""
        self._closures[frozenset((a, b))] += 1
        self._solve()

    def reopen(self, a: str, b: str) -> None:
        """Undo one close(a, b); the road is open again when every closure has ended."""
        self._closures[frozenset((a, b))] -= 1
        self._solve()

    def connected(self) -> bool:
        """Every node can still reach every other one."""
        return len(set(self._component.tolist())) == 1

    def _crow(self, a: str, b: str) -> float:
        return haversine_km(*self.position[a], *self.position[b])

    def travel_hours(self, a: str, b: str) -> float:
        return float(self.hours[self.index[a], self.index[b]])

    def reachable(self, a: str, b: str) -> bool:
        return bool(self._component[self.index[a]] == self._component[self.index[b]])
