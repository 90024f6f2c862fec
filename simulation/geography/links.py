"""Which places the roads join, and how long each road is: the road graph without travel times.

Nodes are sector centres and sites. Edges are written in the scenario or derived from coordinates
(a Delaunay triangulation of sector centres, crow-fly distance x circuity); a site hangs off its
sector centre by a local road. Validation asks only which places are joined;
:class:`simulation.geography.roads.RoadNetwork` adds travel times. Pure Python, because
importing scipy for a graph of tens of nodes took longer than the rest of `sispam validate` or
of a drill. Where the triangulation is not unique or not certain (duplicate, collinear or
cocircular centres) it asks scipy's qhull, so the answer is always qhull's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from simulation.scenario.model import Geography

Point = tuple[float, float]
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance, the crow-fly basis of derived roads."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


class RoadLinks:
    """A scenario's road graph: nodes, where they lie, and the roads joining them."""

    def __init__(self, geography: Geography) -> None:
        sectors = {s.id: s for s in geography.sectors}
        self.nodes: list[str] = [s.id for s in geography.sectors] + [s.id for s in geography.sites]
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
        # pair -> (km, road kind; "" for a site's local road). A written road wins.
        self.roads: dict[frozenset[str], tuple[float, str]] = {}
        if roads.derive is not None:
            ids = list(sectors)
            pts = [
                (s.lng * math.cos(math.radians(s.lat)), s.lat) for s in (sectors[i] for i in ids)
            ]
            joined = _triangulated(tuple(pts)) if len(ids) >= 3 else [(0, 1)][: len(ids) - 1]
            for i, j in joined:
                a, b = ids[i], ids[j]
                self.roads[frozenset((a, b))] = (self.crow_km(a, b) * circuity, roads.derive.road)
        for site in geography.sites:
            if site.sector in sectors and site.id != site.sector:
                self.roads[frozenset((site.id, site.sector))] = (
                    self.crow_km(site.id, site.sector) * circuity,
                    "",
                )
        known = set(self.nodes)
        for edge in roads.edges:
            if edge.a in known and edge.b in known:
                km = edge.km if edge.km is not None else self.crow_km(edge.a, edge.b) * circuity
                self.roads[frozenset((edge.a, edge.b))] = (km, edge.road)
        self.pairs = set(self.roads)

    def crow_km(self, a: str, b: str) -> float:
        return haversine_km(*self.position[a], *self.position[b])

    def joins(self, a: str, b: str) -> bool:
        """A road runs directly between a and b."""
        return frozenset((a, b)) in self.pairs

    def _component(self, start: str, without: frozenset[str] | None = None) -> set[str]:
        neighbours: dict[str, list[str]] = {node: [] for node in self.nodes}
        for pair in self.pairs:
            if pair != without and len(pair) == 2:
                a, b = pair
                neighbours[a].append(b)
                neighbours[b].append(a)
        seen, todo = {start}, [start]
        while todo:
            for nb in neighbours[todo.pop()]:
                if nb not in seen:
                    seen.add(nb)
                    todo.append(nb)
        return seen

    def reachable(self, a: str, b: str) -> bool:
        return b in self._component(a)

    def connected(self, closed: tuple[str, str] | None = None) -> bool:
        """Every node reaches every other one (with the road `closed` blocked)."""
        without = frozenset(closed) if closed else None
        return not self.nodes or len(self._component(self.nodes[0], without)) == len(self.nodes)


@lru_cache(maxsize=16)
def _triangulated(points: tuple[Point, ...]) -> tuple[tuple[int, int], ...]:
    """Sorted Delaunay edges, kept: every drill of a scenario triangulates the same centres."""
    return tuple(sorted(delaunay_edges(points)))


def delaunay_edges(points: Sequence[Point]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of the Delaunay triangulation's edges, as scipy.spatial.Delaunay."""
    edges = _bowyer_watson(points)
    if edges is None:  # not unique or not certain: qhull decides, as RoadNetwork does
        from scipy.spatial import Delaunay

        edges = set()
        for simplex in Delaunay(list(points)).simplices:
            for u, v in ((0, 1), (1, 2), (0, 2)):
                i, j = sorted((int(simplex[u]), int(simplex[v])))
                edges.add((i, j))
    return edges


def _bowyer_watson(points: Sequence[Point]) -> set[tuple[int, int]] | None:
    """The edges, or None unless the points are in general position and the result checks."""
    n = len(points)
    if n < 3 or len(set(points)) < n:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    if span == 0:
        return None
    eps = 1e-9 * span * span  # orientation and in-circle tolerances scale with the extent
    cx, cy, big = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2, 1000 * span
    pts = [*points, (cx - big, cy - big), (cx + big, cy - big), (cx, cy + big)]
    triangles = {(n, n + 1, n + 2)}
    for i in range(n):
        bad = []
        for t in triangles:
            side = _in_circle(pts, t, pts[i])
            if abs(side) <= eps * span * span and max(t) < n:
                return None  # cocircular: more than one Delaunay triangulation
            if side > 0:
                bad.append(t)
        count: dict[tuple[int, int], int] = {}
        for t in bad:
            for e in ((t[0], t[1]), (t[1], t[2]), (t[2], t[0])):
                key = (min(e), max(e))
                count[key] = count.get(key, 0) + 1
        triangles.difference_update(bad)
        for t in bad:
            for a, b in ((t[0], t[1]), (t[1], t[2]), (t[2], t[0])):
                if count[(min(a, b), max(a, b))] == 1:
                    if abs(_cross(pts[a], pts[b], pts[i])) <= eps:
                        return None
                    triangles.add(_ccw(pts, (a, b, i)))
    inner = [t for t in triangles if max(t) < n]
    # Check: empty circumcircles, and the triangle count of a triangulated convex hull.
    for t in inner:
        for k in range(n):
            if k not in t and _in_circle(pts, t, pts[k]) > -eps * span * span:
                return None
    hull = _hull_size(points, eps)
    if hull is None or len(inner) != 2 * n - 2 - hull:
        return None
    edges = set()
    for t in inner:
        for a, b in ((t[0], t[1]), (t[1], t[2]), (t[0], t[2])):
            edges.add((min(a, b), max(a, b)))
    return edges


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _ccw(pts: Sequence[Point], t: tuple[int, int, int]) -> tuple[int, int, int]:
    a, b, c = t
    return t if _cross(pts[a], pts[b], pts[c]) > 0 else (a, c, b)


def _in_circle(pts: Sequence[Point], t: tuple[int, int, int], p: Point) -> float:
    """> 0 when p lies inside the circumcircle of the counter-clockwise triangle t."""
    (ax, ay), (bx, by), (cx, cy) = (pts[k] for k in t)
    ax, ay, bx, by, cx, cy = ax - p[0], ay - p[1], bx - p[0], by - p[1], cx - p[0], cy - p[1]
    return (
        (ax * ax + ay * ay) * (bx * cy - cx * by)
        - (bx * bx + by * by) * (ax * cy - cx * ay)
        + (cx * cx + cy * cy) * (ax * by - bx * ay)
    )


def _hull_size(points: Sequence[Point], eps: float) -> int | None:
    """Vertices of the convex hull; None if a point lies on a hull edge (qhull decides then)."""
    pts = sorted(points)
    lower: list[Point] = []
    upper: list[Point] = []
    for chain, seq in ((lower, pts), (upper, pts[::-1])):
        for p in seq:
            while len(chain) >= 2 and _cross(chain[-2], chain[-1], p) <= 0:
                chain.pop()
            chain.append(p)
    hull = lower[:-1] + upper[:-1]
    for a, b in zip(hull, hull[1:] + hull[:1], strict=True):
        for p in points:
            if p not in (a, b) and abs(_cross(a, b, p)) <= eps:
                lo_x, hi_x = sorted((a[0], b[0]))
                lo_y, hi_y = sorted((a[1], b[1]))
                if lo_x - 1e-12 <= p[0] <= hi_x + 1e-12 and lo_y - 1e-12 <= p[1] <= hi_y + 1e-12:
                    return None
    return len(hull) if len(hull) >= 3 else None
