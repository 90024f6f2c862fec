"""Road network and travel times between sector centres and sites.

The graph (nodes, roads, their lengths) is :class:`simulation.geography.links.RoadLinks`. An
edge counts as highland if either end lies in a highland sector. All-pairs shortest travel
times are computed once (Dijkstra from every node, in pure Python: there are only tens of
nodes, and importing scipy for them cost more than a drill), and again whenever an inject
blocks or reopens a road.
"""

from __future__ import annotations

import copy
import heapq
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from simulation.geography.links import RoadLinks
from simulation.scenario.memo import per_scenario
from simulation.scenario.model import Geography

# A zero-length road still connects; it counts as this many hours, and totals below
# ZERO_HOURS read as 0 (as scipy's csgraph did, which reads a 0 weight as "no edge").
TINY_HOURS = 1e-12
ZERO_HOURS = 1e-9


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    km: float
    road: str
    hours: float


_Solution = tuple[np.ndarray, list[int], list[list[float]]]
"""Travel hours, each node's component, and the hours into each node (read-only, shared)."""


class RoadNetwork:
    """Travel times in hours between every pair of nodes (sector and site ids)."""

    def __init__(self, geography: Geography) -> None:
        links = RoadLinks(geography)
        self.nodes = links.nodes
        self.index = {node: i for i, node in enumerate(self.nodes)}
        self.position = links.position
        self.terrain = links.terrain
        roads = geography.roads
        self.edges: list[Edge] = []
        for pair, (km, road) in links.roads.items():
            a, b = sorted(pair)
            highland = "highland" in (self.terrain[a], self.terrain[b])
            speeds = roads.speeds_kmh.get(road, roads.local)
            hours = km / (speeds.highland if highland else speeds.lowland)
            self.edges.append(Edge(a, b, km, road or "local", hours))
        self._closures: Counter[frozenset[str]] = Counter()
        # Travel times by the set of roads closed, shared by the copies open_roads hands out:
        # the drills of a scenario close the same roads when the same injects fire, and
        # solving again was about 1 % of a default drill.
        self._solved: dict[frozenset[frozenset[str]], _Solution] = {}
        self._solve()

    def _solve(self) -> None:
        closed = frozenset(+self._closures)
        if closed not in self._solved:
            self._solved[closed] = self._solve_with(closed)
        self.hours, self._component, self.into = self._solved[closed]

    def _solve_with(self, closed: frozenset[frozenset[str]]) -> _Solution:
        """Travel times with the roads ``closed``, each node's component, and the times into
        each node as floats (``into[b][a]`` is ``hours[a, b]``: the dispatcher asks them of
        every free unit, and a float from a list costs a third of one read from the array)."""
        n = len(self.nodes)
        neighbours: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        for edge in self.edges:
            if frozenset((edge.a, edge.b)) not in closed:
                a, b, hours = self.index[edge.a], self.index[edge.b], max(edge.hours, TINY_HOURS)
                neighbours[a].append((b, hours))
                neighbours[b].append((a, hours))
        hours = np.array([_dijkstra(neighbours, s) for s in range(n)])
        hours[hours < ZERO_HOURS] = 0.0
        hours.flags.writeable = False  # shared by the drills of a scenario (open_roads)
        # A component is named by its first node: rows of one component reach the same nodes.
        component = [min(i for i in range(n) if math.isfinite(row[i])) for row in hours.tolist()]
        return hours, component, hours.T.tolist()

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
        return len(set(self._component)) <= 1

    def travel_hours(self, a: str, b: str) -> float:
        return float(self.hours[self.index[a], self.index[b]])

    def reachable(self, a: str, b: str) -> bool:
        return self._component[self.index[a]] == self._component[self.index[b]]


def open_roads(geography: Geography) -> RoadNetwork:
    """A network of ``geography``'s roads, all open, for one drill.

    Why: solving the travel times was about 2 % of a default drill, and every drill of a
    scenario solves the same ones (:func:`per_scenario`). The copy shares the solved arrays,
    which are read-only, and the table of them by set of closed roads: a closure points the
    copy at that set's arrays, solved the first time any drill of the scenario closes it.
    """
    solved = per_scenario(geography, "open roads", lambda: RoadNetwork(geography))
    network = copy.copy(solved)
    network._closures = Counter()
    return network


def _dijkstra(neighbours: list[list[tuple[int, float]]], source: int) -> list[float]:
    """Least sums of hours from `source` along roads; inf where unreachable.

    Each total is a float sum along a path from the source, the least one whatever order the
    nodes are settled in: the same numbers as scipy's csgraph Dijkstra, bit for bit
    (tests/test_geography_roads.py holds it).
    """
    best = [math.inf] * len(neighbours)
    best[source] = 0.0
    todo = [(0.0, source)]
    while todo:
        hours, node = heapq.heappop(todo)
        if hours > best[node]:
            continue
        for nb, leg in neighbours[node]:
            total = hours + leg
            if total < best[nb]:
                best[nb] = total
                heapq.heappush(todo, (total, nb))
    return best
