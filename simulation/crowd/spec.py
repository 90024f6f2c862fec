"""The ``crowd:`` section of a scenario and its ``strategies.<name>.crowd:`` part, as pydantic.

The scene (venue, groups, thresholds) belongs to the scenario; the police side (units,
barricades, formation lines, doctrine) belongs to a strategy so that two strategies can be
compared on one scene. Validation that needs geometry (exits on the boundary, the crowd
reachable, the crowd fitting) runs in :func:`build_venue` and raises located ``VenueError``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulation.crowd.venue import Exit, Obstacle, Venue, VenueError

Point = tuple[float, float]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShapeSpec(_Strict):
    """A wall, building or barricade: ``rect: [x0, y0, x1, y1]`` or ``polygon: [[x, y], ...]``."""

    name: str
    rect: tuple[float, float, float, float] | None = None
    polygon: list[Point] | None = Field(default=None, min_length=3)

    @model_validator(mode="after")
    def _one_shape(self) -> ShapeSpec:
        if (self.rect is None) == (self.polygon is None):
            raise ValueError("give exactly one of rect or polygon")
        return self

    def obstacle(self, path: str, barricade: bool = False) -> Obstacle:
        if self.rect is not None:
            return Obstacle.rect(self.name, *self.rect, path=path, barricade=barricade)
        return Obstacle(self.name, np.asarray(self.polygon, float), path, barricade)


class ExitSpec(_Strict):
    name: str
    at: Point
    width_m: float


class GatheringSpec(_Strict):
    """The focal point (office gate, stage front) and the clear area around it."""

    at: Point
    radius_m: float = Field(5.0, gt=0)


class VenueSpec(_Strict):
    size_m: tuple[float, float]
    cell_m: float = Field(0.25, gt=0.05, le=1.0)
    walls: list[ShapeSpec] = []
    exits: list[ExitSpec]
    gathering: GatheringSpec
    standing_density: float = Field(2.0, gt=0, le=5.4, description="persons/m^2 when gathered")


class GroupSpec(_Strict):
    """One supporter group (fans of one candidate pair, or concert goers)."""

    name: str
    size: int = Field(gt=0)
    start: Literal["gathered", "arriving"] = "arriving"
    enter_via: list[str] = []
    arrive_over_min: tuple[float, float] = (0.0, 30.0)
    hardship: tuple[float, float] = (0.0, 1.0)
    risk_aversion: tuple[float, float] = (0.0, 1.0)
    provocateurs: int = Field(0, ge=0)
    provocation_start_min: float = 30.0
    leader: bool = True


class StatusSpec(_Strict):
    """Thresholds of the hijau/kuning/merah status and its hysteresis."""

    min_crowd: int = Field(30, ge=1, description="fewer present people read as hijau")
    kuning_active_share: float = 0.10
    merah_violent_share: float = 0.03
    merah_damage_events: int = 3  # property-damage events within the window
    window_min: float = 5.0
    calm_down_factor: float = 0.5  # thresholds times this before stepping down
    hold_min: float = 5.0  # ... held this long


class CrowdSpec(_Strict):
    """A crowd scene: where, who, and how the status is read."""

    name: str
    start_min: float = 0.0
    duration_min: float = Field(120.0, gt=0)
    dt_s: float = Field(0.25, gt=0, le=0.45)
    behaviour_dt_s: float = Field(2.0, gt=0)
    legitimacy: float = Field(0.8, ge=0, le=1)
    venue: VenueSpec
    groups: list[GroupSpec] = Field(min_length=1)
    status: StatusSpec = StatusSpec()
    crush_density: float = Field(7.0, gt=5.0, description="persons/m^2 where crush injuries start")
    source: str = ""


UnitKind = Literal["negotiator", "dalmas_awal", "dalmas_lanjut", "brimob_phh", "tni"]
StatusName = Literal["hijau", "kuning", "merah"]


class UnitSpec(_Strict):
    """A police or TNI unit available to the scene commander."""

    name: str
    kind: UnitKind
    officers: int = Field(gt=0)
    eta_min: float = Field(0.0, ge=0, description="travel time once requested (no dispatcher)")
    base: str | None = None  # patrol base to dispatch from, once the dispatcher is wired in
    water_cannon: bool = False
    tear_gas: bool = False
    shields: bool = False


class ResponseSpec(_Strict):
    """What the commander does at one status."""

    units: list[UnitKind] = []
    force_stage: int = Field(1, ge=1, le=6)
    water_cannon: bool = False
    tear_gas: bool = False
    dispersal_order: bool = False
    handover: Literal["lapis_ganti", "lintas_ganti"] = "lapis_ganti"


class DoctrineSpec(_Strict):
    hijau: ResponseSpec = ResponseSpec(units=["negotiator", "dalmas_awal"], force_stage=1)
    kuning: ResponseSpec = ResponseSpec(
        units=["negotiator", "dalmas_awal", "dalmas_lanjut"], force_stage=3
    )
    merah: ResponseSpec = ResponseSpec(
        units=["dalmas_lanjut", "brimob_phh"], force_stage=4, handover="lintas_ganti"
    )
    gas_interval_min: float = Field(3.0, gt=0)
    stage_step_min: float = Field(1.0, ge=0, description="graduated force: one stage per step")


class CrowdStrategySpec(_Strict):
    """The police side of one strategy for the crowd scene."""

    units: list[UnitSpec] = []
    front_line: tuple[Point, Point]
    barricades: list[ShapeSpec] = []
    doctrine: DoctrineSpec = DoctrineSpec()


def build_venue(spec: CrowdSpec, strategy: CrowdStrategySpec | None, path: str) -> Venue:
    """The venue of a scene with the strategy's barricades, geometry-checked."""
    v = spec.venue
    walls = [w.obstacle(f"{path}.venue.walls[{k}]") for k, w in enumerate(v.walls)]
    if strategy is not None:
        walls += [b.obstacle(f"barricades[{k}]", True) for k, b in enumerate(strategy.barricades)]
    exits = tuple(
        Exit(e.name, e.at[0], e.at[1], e.width_m, f"{path}.venue.exits[{k}]")
        for k, e in enumerate(v.exits)
    )
    venue = Venue(
        v.size_m[0],
        v.size_m[1],
        exits,
        tuple(walls),
        v.gathering.at,
        v.gathering.radius_m,
        f"{path}.venue",
        v.cell_m,
    )
    names = {e.name for e in exits}
    for k, g in enumerate(spec.groups):
        for name in g.enter_via:
            if name not in names:
                raise VenueError(
                    f"{path}.groups[{k}].enter_via",
                    f"no exit named {name!r} (have {sorted(names)})",
                )
        if g.start == "arriving" and not g.enter_via:
            raise VenueError(f"{path}.groups[{k}].enter_via", "an arriving group needs an exit")
    return venue
