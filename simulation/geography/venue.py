"""Venue geometry: where a crowd can stand and walk, and how it leaves.

A venue is an axis-aligned rectangle (``[0, width] x [0, height]`` metres) with walls,
buildings and barricades inside it (rectangles or polygons) and exits cut into its boundary.
It is rasterised once into a :class:`Floor`: a walkable grid, the distance to the nearest wall,
and one navigation field per target (all exits, the gathering point). Walking then only looks
values up, which keeps a step vectorised whatever the geometry.

Bad geometry raises :class:`VenueError` carrying the dotted path of the offending entry, so the
scenario loader can turn it into a located ``file:line:col`` error.

Geography, not crowd: validating a scenario builds the floor too. numba, scipy and matplotlib
are imported only when a floor is built, so loading a scenario without crowd scenes stays quick.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np

from simulation.scenario.crowd import WEIDMANN_RHO_MAX, CrowdSpec, CrowdStrategySpec, ShapeSpec
from simulation.scenario.errors import Path, dotted

#: How far (m) an exit's centre may lie from the boundary and still count as on it.
ON_BOUNDARY_TOL_M = 0.5
#: Width (m) of the band outside the boundary; exits open into it, walls close the rest.
PAD_M = 1.0
#: A body centre keeps this far from walls (a gap between walls under about 0.75 m, three
#: cells, passes nobody; exits in the boundary pass at any width through their door gate).
BODY_RADIUS_M = 0.2
#: Walking alone passes about 1.5 persons/(m s) at dt 0.4 s, and one file from 0.8 m to
#: 1.2 m: an exit opens this much wider in the walking grid (where no wall stands beside it),
#: so that its door gate (simulation/crowd/doors.py), not the grid, sets the flow at the
#: exit's exact width.
OPENING_FACTOR, OPENING_EXTRA_M = 1.5, 0.5
#: Unit vector pointing out of the venue through each side.
OUTWARD = {"W": (-1.0, 0.0), "E": (1.0, 0.0), "S": (0.0, -1.0), "N": (0.0, 1.0)}


class VenueError(ValueError):
    """A geometry problem at a scenario path such as ``("crowd", "venue", "exits", 1)``."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{dotted(path)}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Obstacle:
    """A wall, building or barricade: a closed polygon people cannot enter."""

    name: str
    vertices: np.ndarray  # (k, 2) metres
    path: Path = ()  # scenario path, for errors
    barricade: bool = False

    @classmethod
    def rect(cls, name: str, x0: float, y0: float, x1: float, y1: float, **kw) -> Obstacle:
        """An axis-aligned rectangle from two corners."""
        xa, xb = sorted((x0, x1))
        ya, yb = sorted((y0, y1))
        v = np.array([(xa, ya), (xb, ya), (xb, yb), (xa, yb)], dtype=float)
        return cls(name, v, **kw)


@dataclass(frozen=True)
class Exit:
    """An opening of ``width_m`` centred at (x, y) on the venue boundary."""

    name: str
    x: float
    y: float
    width_m: float
    path: Path = ()


@dataclass(frozen=True)
class Venue:
    """The validated geometry of one crowd scene."""

    width_m: float
    height_m: float
    exits: tuple[Exit, ...]
    obstacles: tuple[Obstacle, ...] = ()
    gathering: tuple[float, float] = (0.0, 0.0)
    gathering_radius_m: float = 5.0
    path: Path = ("crowd", "venue")
    cell_m: float = 0.25

    def __post_init__(self) -> None:
        p = self.path
        if self.width_m <= 0 or self.height_m <= 0:
            raise VenueError((*p, "size_m"), "width and height must be > 0")
        if not self.exits:
            raise VenueError((*p, "exits"), "a venue needs at least one exit")
        for e in self.exits:
            self._check_exit(e)
        gx, gy = self.gathering
        if not (0 <= gx <= self.width_m and 0 <= gy <= self.height_m):
            raise VenueError((*p, "gathering", "at"), f"({gx}, {gy}) lies outside the venue")

    def _check_exit(self, e: Exit) -> None:
        where = e.path or (*self.path, "exits")
        if e.width_m <= 0:
            raise VenueError((*where, "width_m"), f"exit {e.name!r} must be wider than 0 m")
        side = self.side_of(e)
        if side is None:
            raise VenueError(
                (*where, "at"),
                f"exit {e.name!r} at ({e.x}, {e.y}) is not on the venue boundary "
                f"(0..{self.width_m} x 0..{self.height_m} m)",
            )
        along, length = (e.y, self.height_m) if side in "WE" else (e.x, self.width_m)
        if along - e.width_m / 2 < -1e-9 or along + e.width_m / 2 > length + 1e-9:
            raise VenueError(
                (*where, "width_m"),
                f"exit {e.name!r} ({e.width_m} m wide) runs past the corner of its side",
            )

    def side_of(self, e: Exit) -> str | None:
        """Which side (W, E, S, N) an exit is cut into, or None if it is off the boundary."""
        dist = {
            "W": abs(e.x),
            "E": abs(e.x - self.width_m),
            "S": abs(e.y),
            "N": abs(e.y - self.height_m),
        }
        inside = -ON_BOUNDARY_TOL_M <= e.x <= self.width_m + ON_BOUNDARY_TOL_M
        inside &= -ON_BOUNDARY_TOL_M <= e.y <= self.height_m + ON_BOUNDARY_TOL_M
        side = min(dist, key=dist.__getitem__)
        return side if inside and dist[side] <= ON_BOUNDARY_TOL_M else None


@dataclass
class Floor:
    """A venue rasterised for walking: walkable cells, wall distance, navigation fields.

    The grid covers the venue plus a ``PAD_M`` band outside; the band is blocked except in
    front of exits, so the boundary acts as a wall and the exits as openings.
    """

    venue: Venue
    cell: float
    nx: int
    ny: int
    walkable: np.ndarray  # (ny, nx) bool
    exit_id: np.ndarray  # (ny, nx) int: index of the exit a band cell belongs to, else -1
    wall_dist: np.ndarray  # (ny*nx,) metres from cell centre to the nearest blocked cell
    wall_grad: np.ndarray  # (ny*nx, 2) unit vector away from the nearest wall
    fields: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    _clear: np.ndarray | None = None

    @classmethod
    def build(
        cls,
        venue: Venue,
        crowd_origins: dict[Path, tuple[float, float]] | None = None,
        closed: frozenset[str] = frozenset(),
    ):
        """Rasterise ``venue``; check every origin (scenario path -> point) can reach an exit.

        Exits named in ``closed`` (a gate shut during a played scene) stay numbered but their
        opening is a wall: nobody walks through, and the exits field leads to the others."""
        from matplotlib.path import Path as Polygon

        h = venue.cell_m
        nx = int(np.ceil((venue.width_m + 2 * PAD_M) / h))
        ny = int(np.ceil((venue.height_m + 2 * PAD_M) / h))
        xs = (np.arange(nx) + 0.5) * h - PAD_M
        ys = (np.arange(ny) + 0.5) * h - PAD_M
        gx, gy = xs[None, :], ys[:, None]  # broadcast: no full-size coordinate grids
        walkable = (gx >= 0) & (gx <= venue.width_m) & (gy >= 0) & (gy <= venue.height_m)
        for ob in venue.obstacles:
            lo, hi = ob.vertices.min(0) - h, ob.vertices.max(0) + h
            bx = np.flatnonzero((xs >= lo[0]) & (xs <= hi[0]))
            by = np.flatnonzero((ys >= lo[1]) & (ys <= hi[1]))
            if not len(bx) or not len(by):
                continue
            bgx, bgy = np.meshgrid(xs[bx], ys[by])
            pts = np.column_stack([bgx.ravel(), bgy.ravel()])
            hit = Polygon(ob.vertices).contains_points(pts, radius=1e-9)
            box = walkable[by[0] : by[-1] + 1, bx[0] : bx[-1] + 1]
            box &= ~hit.reshape(box.shape)
        exit_id = np.full(walkable.shape, -1, dtype=np.int32)
        inside = walkable.copy()
        for k, e in enumerate(venue.exits):
            side = venue.side_of(e)
            if side in "WE":
                col = (
                    np.flatnonzero(xs >= 0)[0]
                    if side == "W"
                    else np.flatnonzero(xs <= venue.width_m)[-1]
                )
                band = ((gx < 0) if side == "W" else (gx > venue.width_m)) & _opening(
                    inside[:, col], ys, e.y, e.width_m
                )[:, None]
            else:
                row = (
                    np.flatnonzero(ys >= 0)[0]
                    if side == "S"
                    else np.flatnonzero(ys <= venue.height_m)[-1]
                )
                band = ((gy < 0) if side == "S" else (gy > venue.height_m)) & _opening(
                    inside[row, :], xs, e.x, e.width_m
                )[None, :]
            exit_id[band] = k
            if e.name not in closed:
                walkable |= band
        floor = cls(venue, h, nx, ny, walkable, exit_id, *_wall_distance(walkable, h))
        exits_dist = floor._distance_from(exit_id.ravel() >= 0)
        for k, e in enumerate(venue.exits):
            if e.name in closed:
                continue
            if not np.isfinite(exits_dist[(exit_id.ravel() == k)]).any() or not _opens_inward(
                floor, k
            ):
                raise VenueError(e.path or venue.path, f"exit {e.name!r} is blocked by a wall")
        origins = {(*venue.path, "gathering"): venue.gathering, **(crowd_origins or {})}
        for where, (x, y) in origins.items():
            c = floor.cell_of(np.array([[x, y]]))[0]
            if not walkable.ravel()[c]:
                raise VenueError(where, f"({x}, {y}) lies inside a wall or building")
            if not np.isfinite(exits_dist[c]):
                raise VenueError(where, f"({x}, {y}) is enclosed by walls: no path to any exit")
        floor.fields["exits"] = floor._navigation(exits_dist)
        for k, e in enumerate(venue.exits):  # keep walking straight out through the opening
            floor.fields["exits"][1][exit_id.ravel() == k] = OUTWARD[venue.side_of(e)]
        gather = np.hypot(gx - venue.gathering[0], gy - venue.gathering[1]).ravel()
        floor.fields["gathering"] = floor._navigation(
            floor._distance_from(walkable.ravel() & (gather <= venue.gathering_radius_m))
        )
        return floor

    # -- lookups used every step -----------------------------------------------------------

    def cell_of(self, pos: np.ndarray) -> np.ndarray:
        """Flat grid index of each position (clipped to the grid)."""
        # Plain ufuncs: np.clip's Python wrapper cost more than the arithmetic per call.
        ix = np.minimum(np.maximum((pos[:, 0] + PAD_M) / self.cell, 0), self.nx - 1)
        iy = np.minimum(np.maximum((pos[:, 1] + PAD_M) / self.cell, 0), self.ny - 1)
        return iy.astype(np.int64) * self.nx + ix.astype(np.int64)

    def blocked(self, pos: np.ndarray) -> np.ndarray:
        """True where a body centred at ``pos`` would touch a wall, building or the boundary."""
        return ~self.clear[self.cell_of(pos)]

    @property
    def clear(self) -> np.ndarray:
        """Flat mask of cells at least a body radius from any wall."""
        if self._clear is None:
            self._clear = self.walkable.ravel() & (self.wall_dist >= BODY_RADIUS_M)
        return self._clear

    def direction(self, name: str, pos: np.ndarray) -> np.ndarray:
        """Unit walking direction towards target ``name`` (zero on the target)."""
        return self.fields[name][1][self.cell_of(pos)]

    def distance(self, name: str, pos: np.ndarray) -> np.ndarray:
        """Walking distance (m) to target ``name``; inf where unreachable."""
        return self.fields[name][0][self.cell_of(pos)]

    def outside(self, pos: np.ndarray) -> np.ndarray:
        """True once a person has left the venue rectangle (through an exit)."""
        v = self.venue
        return (
            (pos[:, 0] < 0) | (pos[:, 0] > v.width_m) | (pos[:, 1] < 0) | (pos[:, 1] > v.height_m)
        )

    # -- construction helpers --------------------------------------------------------------

    def _distance_from(self, sources: np.ndarray) -> np.ndarray:
        """Shortest walking distance (8-neighbour grid) from any source cell to every cell."""
        walk = self.walkable.ravel()
        return _grid_dijkstra(walk, np.flatnonzero(sources & walk), self.nx, self.cell)

    def _navigation(self, dist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distance field and the unit downhill direction of each cell (float32 throughout)."""
        d = dist.reshape(self.ny, self.nx).astype(np.float32)
        wall = ~np.isfinite(d)
        if not wall.all():
            # Fill walls with their nearest walkable value plus the gap, so the gradient
            # next to a wall points along and away from it instead of into it.
            from scipy import ndimage

            gap, (iy, ix) = ndimage.distance_transform_edt(wall, return_indices=True)
            d[wall] = d[iy[wall], ix[wall]] + gap[wall] * self.cell
            del gap, iy, ix
        gy, gx = np.gradient(d, self.cell)
        direction = _unit_pairs(-gx, -gy)
        direction[dist.ravel() == 0] = 0.0
        return dist.astype(np.float32), direction


def opening_m(width_m: float) -> float:
    """How wide an exit of ``width_m`` opens in the walking grid (clipped to its side)."""
    return OPENING_FACTOR * width_m + OPENING_EXTRA_M


def _opening(inner: np.ndarray, along: np.ndarray, centre: float, width_m: float) -> np.ndarray:
    """Which cells along one side an exit opens: its exact width (at least the cell at its
    centre), widened towards ``opening_m`` only past walkable cells just inside the boundary,
    so a wall or building beside the door closes the widening (no way out opens behind it)."""
    off = np.abs(along - centre)
    out = off <= width_m / 2
    out[np.argmin(off)] = True
    wide = off <= opening_m(width_m) / 2
    cells = np.flatnonzero(out)
    lo, hi = cells[0], cells[-1]
    while lo > 0 and wide[lo - 1] and inner[lo - 1] and inner[lo]:
        lo -= 1
        out[lo] = True
    while hi < len(out) - 1 and wide[hi + 1] and inner[hi + 1] and inner[hi]:
        hi += 1
        out[hi] = True
    return out


_compiled: dict[str, object] = {}


def _grid_dijkstra(walk: np.ndarray, sources: np.ndarray, nx: int, h: float) -> np.ndarray:
    """`_grid_dijkstra_py` compiled by numba on first use (numba loads in about a second)."""
    kernel = _compiled.get("dijkstra")
    if kernel is None:
        from simulation.geography.jit import numba

        kernel = _compiled["dijkstra"] = numba.njit(cache=True)(_grid_dijkstra_py)
    return kernel(walk, sources, nx, h)  # type: ignore[operator]


def _grid_dijkstra_py(walk: np.ndarray, sources: np.ndarray, nx: int, h: float) -> np.ndarray:
    """Dijkstra on the 8-neighbour grid itself, with no diagonal step past a wall corner.

    Walking the grid directly needs one distance array and a heap; a sparse graph of a
    336 m venue at 0.25 m cells (7 million edges, symmetrised by scipy) took 360 MB.
    """
    out = np.full(walk.size, np.inf)
    ny = walk.size // nx
    heap = [(0.0, np.int64(0)) for _ in range(0)]
    for s in sources:
        out[s] = 0.0
        heap.append((0.0, np.int64(s)))
    heapq.heapify(heap)
    diag = h * np.sqrt(2.0)
    while heap:
        d, c = heapq.heappop(heap)
        if d > out[c]:
            continue
        cy, cx = c // nx, c % nx
        for dy in range(-1, 2):
            for dx in range(-1, 2):
                jx, jy = cx + dx, cy + dy
                if (dx == 0 and dy == 0) or jx < 0 or jx >= nx or jy < 0 or jy >= ny:
                    continue
                nb = jy * nx + jx
                if not walk[nb]:
                    continue
                if dx != 0 and dy != 0:
                    if not (walk[cy * nx + jx] and walk[jy * nx + cx]):
                        continue  # no corner cutting past a wall
                    nd = d + diag
                else:
                    nd = d + h
                if nd < out[nb]:
                    out[nb] = nd
                    heapq.heappush(heap, (nd, nb))
    return out


def _wall_distance(walkable: np.ndarray, h: float) -> tuple[np.ndarray, np.ndarray]:
    """Distance (m) to the nearest blocked cell and the unit vector pointing away from it."""
    from scipy import ndimage

    d, (iy, ix) = ndimage.distance_transform_edt(walkable, return_indices=True)
    wall = ((d.ravel() - 0.5) * h).astype(np.float32)
    del d
    ny, nx = walkable.shape
    ax = np.subtract(np.arange(nx, dtype=np.float32), ix, dtype=np.float32)
    del ix
    ay = np.subtract(np.arange(ny, dtype=np.float32)[:, None], iy, dtype=np.float32)
    del iy
    return wall, _unit_pairs(ax, ay)


def _unit_pairs(ax: np.ndarray, ay: np.ndarray) -> np.ndarray:
    """Flat (cells, 2) float32 unit vectors of grids ``ax``, ``ay`` (zero stays zero)."""
    norm = np.hypot(ax, ay)
    norm[norm == 0] = 1.0
    out = np.empty((ax.size, 2), np.float32)
    np.divide(ax.ravel(), norm.ravel(), out=out[:, 0])
    np.divide(ay.ravel(), norm.ravel(), out=out[:, 1])
    return out


def _opens_inward(floor: Floor, k: int) -> bool:
    """An exit is usable if some band cell of it touches a walkable cell inside the venue."""
    from scipy import ndimage

    band = floor.exit_id == k
    grown = ndimage.binary_dilation(band, structure=np.ones((3, 3), bool))
    return bool((grown & floor.walkable & (floor.exit_id < 0)).any())


def venue_from_spec(
    scene: CrowdSpec,
    strategy: CrowdStrategySpec | None,
    path: Path = ("crowd",),
    strategy_path: Path = ("strategy", "crowd"),
) -> Venue:
    """The venue of a scene with a strategy's barricades; raises located VenueError."""
    v = scene.venue
    walls = [_obstacle(w, (*path, "venue", "walls", k)) for k, w in enumerate(v.walls)]
    if strategy is not None:
        walls += [
            _obstacle(b, (*strategy_path, "barricades", k), barricade=True)
            for k, b in enumerate(strategy.barricades)
        ]
    exits = tuple(
        Exit(e.name, e.at[0], e.at[1], e.width_m, (*path, "venue", "exits", k))
        for k, e in enumerate(v.exits)
    )
    names = {e.name for e in exits}
    for k, g in enumerate(scene.groups):
        for j, name in enumerate(g.enter_via):
            if name not in names:
                raise VenueError(
                    (*path, "groups", k, "enter_via", j),
                    f"no exit named {name!r} (the venue has {', '.join(sorted(names))})",
                )
        if g.start == "arriving" and not g.enter_via:
            raise VenueError((*path, "groups", k, "enter_via"), "an arriving group needs an exit")
    return Venue(
        v.size_m[0],
        v.size_m[1],
        exits,
        tuple(walls),
        v.gathering.at,
        v.gathering.radius_m,
        (*path, "venue"),
        v.cell_m,
    )


_FLOORS: list[tuple[tuple, Floor]] = []
"""The last scenes' floors, each with what made it (see :func:`scene_floor`)."""
KEEP_FLOORS = 4


def scene_floor(
    scene: CrowdSpec,
    strategy: CrowdStrategySpec | None,
    path: Path = ("crowd",),
    strategy_path: Path = ("strategy", "crowd"),
) -> Floor:
    """Build and check a scene's floor: geometry, reachability, and that the crowd fits.

    A floor is made from the scene's venue and groups and the police side's barricades
    alone, and nothing changes it once built (closing an exit builds another), so the last
    few are kept and handed out again to an equal scene (compared by value: validation, then
    every replication of a comparison or a search, load the same scene; building it is about
    0.09 s of a ``demo_kpu_bangil`` drill).
    """
    key = (scene.venue, scene.groups, strategy, path, strategy_path)
    for made_of, floor in _FLOORS:
        if made_of == key:
            return floor
    floor = _scene_floor(scene, strategy, path, strategy_path)
    _FLOORS.insert(0, (key, floor))
    del _FLOORS[KEEP_FLOORS:]
    return floor


def _scene_floor(
    scene: CrowdSpec, strategy: CrowdStrategySpec | None, path: Path, strategy_path: Path
) -> Floor:
    venue = venue_from_spec(scene, strategy, path, strategy_path)
    floor = Floor.build(venue)
    if strategy is not None and strategy.behind is not None:
        _check_behind(floor, strategy.behind, (*strategy_path, "behind"))
    gather_dist = floor.fields["gathering"][0]
    names = [e.name for e in venue.exits]
    for k, g in enumerate(scene.groups):
        for j, name in enumerate(g.enter_via):
            band = floor.exit_id.ravel() == names.index(name)
            if not np.isfinite(gather_dist[band]).any():
                raise VenueError(
                    (*path, "groups", k, "enter_via", j),
                    f"walls cut exit {name!r} off from the gathering point",
                )
    inside = floor.walkable & (floor.exit_id < 0)
    area = float(inside.sum()) * floor.cell**2
    total = sum(g.size for g in scene.groups)
    if total > area * WEIDMANN_RHO_MAX:
        raise VenueError(
            (*path, "groups"),
            f"{total} people cannot fit in the {area:.0f} m^2 walkable venue "
            f"(at most {WEIDMANN_RHO_MAX} persons/m^2 = {int(area * WEIDMANN_RHO_MAX)})",
        )
    gathered = sum(g.size for g in scene.groups if g.start == "gathered")
    rho = scene.venue.standing_density
    if gathered > area * rho:
        raise VenueError(
            (*path, "venue", "standing_density"),
            f"{gathered} gathered people at {rho} persons/m^2 need {gathered / rho:.0f} m^2; "
            f"the venue has {area:.0f} m^2 walkable",
        )
    return floor


def _check_behind(floor: Floor, point: tuple[float, float], path: Path) -> None:
    """The protected side is where the ranks stand: a point inside a building or wall says the
    plan was drawn on the wrong map. A point beyond the venue only gives the direction."""
    x, y = point
    venue = floor.venue
    if not (0 <= x <= venue.width_m and 0 <= y <= venue.height_m):
        return
    if not floor.walkable.ravel()[floor.cell_of(np.array([[x, y]]))[0]]:
        raise VenueError(
            path,
            f"({x:g}, {y:g}) lies inside a wall, building or barricade: the ranks and the "
            "second line stack towards this point, so it must be open ground",
        )


def _obstacle(shape: ShapeSpec, path: Path, barricade: bool = False) -> Obstacle:
    if shape.rect is not None:
        return Obstacle.rect(shape.name, *shape.rect, path=path, barricade=barricade)
    return Obstacle(shape.name, np.asarray(shape.polygon, float), path, barricade)
