"""The crowd scenes of a scenario (``crowd:``, ``crowds:``) and each strategy's police sides
(``strategies.<name>.crowd:``, ``strategies.<name>.crowds.<scene id>:``).

The scene (venue, groups, thresholds) belongs to the scenario; the police side (units,
barricades, formation line, doctrine) belongs to a strategy, so two strategies can be compared
on one scene. Checks that need geometry (exits on the boundary, the crowd reachable, the crowd
fitting) run in simulation.geography.checks through simulation.geography.venue.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from simulation.scenario.base import Ident, Sourced, Spec
from simulation.scenario.units import ClockTime, DailyWindow, Duration

Point = tuple[float, float]

#: Weidmann's jam density (persons/m^2): no crowd can stand denser without pushing.
WEIDMANN_RHO_MAX = 5.4


class ShapeSpec(Spec):
    """A wall, building or barricade: ``rect: [x0, y0, x1, y1]`` or ``polygon: [[x, y], ...]``."""

    name: str
    rect: tuple[float, float, float, float] | None = None
    polygon: list[Point] | None = Field(default=None, min_length=3)

    @model_validator(mode="after")
    def _one_shape(self) -> ShapeSpec:
        if (self.rect is None) == (self.polygon is None):
            raise ValueError("give exactly one of rect or polygon")
        return self


class ExitSpec(Spec):
    name: Ident
    at: Point = Field(description="Centre of the opening, on the venue boundary (m).")
    width_m: float


class GatheringSpec(Spec):
    """The focal point (office gate, stage front) and the clear area around it."""

    at: Point
    radius_m: float = Field(5.0, gt=0)


class VenueSpec(Sourced):
    """The scene's ground plan in metres: x to the east, y to the north, origin south-west."""

    size_m: tuple[float, float]
    cell_m: float = Field(0.25, gt=0.05, le=1.0, description="Grid cell of walls and routes.")
    walls: list[ShapeSpec] = Field(default_factory=list)
    exits: list[ExitSpec] = Field(min_length=1)
    gathering: GatheringSpec
    standing_density: float = Field(
        2.0, gt=0, le=5.4, description="Persons/m^2 at which a gathered crowd stands."
    )


class GroupSpec(Sourced):
    """One supporter group (fans of one candidate pair, or concert goers)."""

    name: Ident
    size: int = Field(gt=0)
    start: Literal["gathered", "arriving"] = "arriving"
    enter_via: list[Ident] = Field([], description="Exit names the group arrives through.")
    arrive_over: tuple[Duration, Duration] = Field(
        (0.0, 1800.0), description="Arrivals spread over [from, to] after the scene starts."
    )
    hardship: tuple[float, float] = Field((0.0, 1.0), description="Uniform range (Epstein H).")
    risk_aversion: tuple[float, float] = Field((0.0, 1.0), description="Uniform range (R).")
    provocateurs: int = Field(0, ge=0)
    provocation_start: Duration = Field(1800.0, description="After the scene starts.")
    leader: bool = Field(True, description="The group has a leader (korlap) who can negotiate.")


class StatusSpec(Sourced):
    """Thresholds of the hijau/kuning/merah status and its hysteresis."""

    min_crowd: int = Field(30, ge=1, description="Fewer present people read as hijau.")
    kuning_active_share: float = Field(0.10, gt=0, le=1)
    merah_violent_share: float = Field(0.03, gt=0, le=1)
    merah_damage_events: int = Field(3, ge=1, description="Property damage within the window.")
    window: Duration = 300.0
    calm_down_factor: float = Field(0.5, gt=0, le=1, description="Thresholds x this to step down")
    hold: Duration = Field(300.0, description="... held this long.")


class SeizureSpec(Sourced):
    """When the crowd counts as holding the protected building (pendudukan gedung)."""

    occupiers: int = Field(
        30,
        ge=1,
        description="Active or violent people within the gathering radius, with no police "
        "line holding, that seize the building; it is retaken when fewer stay and a line holds.",
    )


#: Walking steps (s) the crowd validation covers (docs/crowd.md, benchmarks/validate_crowd.py):
#: the schema's default and the step the bundled scenarios ship.
VALIDATED_DT_S = (0.25, 0.4)


class CrowdSpec(Sourced):
    """A crowd scene: where, who, when, and how its status is read."""

    id: Ident = Field("massa", description="Names the scene for injects: crowd.<id>.status.")
    name: str
    sector: Ident = Field(description="Kecamatan of the scene: reinforcements travel there.")
    start: ClockTime
    duration: Duration
    dt_s: float = Field(0.25, gt=0, le=0.45, description="Walking step (s).")
    behaviour_dt_s: float = Field(2.0, gt=0, description="Decision step (s).")
    legitimacy: float = Field(0.8, ge=0, le=1, description="Perceived legitimacy (Epstein L).")
    venue: VenueSpec
    groups: list[GroupSpec] = Field(min_length=1)
    status: StatusSpec = StatusSpec()
    seizure: SeizureSpec = SeizureSpec()
    crush_density: float = Field(
        7.0, gt=5.0, description="Persons/m^2 above which people get crushed."
    )


CrowdUnitKind = Literal["negotiator", "dalmas_awal", "dalmas_lanjut", "brimob_phh", "tni"]


class UnitSpec(Sourced):
    """A unit available to the scene commander: on standby near the scene (``eta``) or a
    mobile unit of ``unit_type`` borrowed from the patrol dispatcher when requested."""

    name: Ident
    kind: CrowdUnitKind
    officers: int | None = Field(None, gt=0, description="Default: the unit type's officers.")
    eta: Duration = Field(0.0, description="Time to arrive once requested (standby units).")
    unit_type: Ident | None = Field(None, description="Borrow from the patrol dispatcher.")
    pool: Ident | None = Field(
        None,
        description="Personnel pool a standby unit's officers come from; default: the pool of "
        "the police command covering the scene's kecamatan. Borrowed units count as mobile units.",
    )
    water_cannon: bool = False
    tear_gas: bool = False
    shields: bool = False

    @model_validator(mode="after")
    def _size_known(self) -> UnitSpec:
        if self.officers is None and self.unit_type is None:
            raise ValueError("give 'officers', or a 'unit_type' to borrow from the dispatcher")
        if self.pool is not None and self.unit_type is not None:
            raise ValueError("'pool' is for standby units; a borrowed unit is its unit type's")
        return self


class ResponseSpec(Spec):
    """What the commander does at one status."""

    units: list[CrowdUnitKind] = Field(default_factory=list)
    force_stage: int = Field(1, ge=1, le=6, description="Highest use-of-force stage allowed.")
    water_cannon: bool = False
    tear_gas: bool = False
    dispersal_order: bool = False
    handover: Literal["lapis_ganti", "lintas_ganti"] = "lapis_ganti"


class CommandSpec(Sourced):
    """Escalation of command at a crowd scene (Perkap 16/2006 as summarised in DOMAIN.md):
    the stronger measures wait for an order from above, and at merah control passes up from
    the Kapolres to the Kapolda, who asks the TNI for support through the Forkopimda. Each
    step takes time; the defaults (0) give the order at once, as before the ladder had them."""

    authorisation: Duration = Field(
        0.0,
        description="From the doctrine first calling for water cannon, tear gas or a force "
        "stage from 'authorised_stage' up to the Kapolres' order allowing it.",
    )
    authorised_stage: int = Field(
        5, ge=2, le=6, description="The lowest use-of-force stage that needs the order."
    )
    kapolda: Duration = Field(
        0.0,
        description="From the first merah to the Kapolda taking control; pending orders "
        "for stronger measures are then given at once.",
    )
    tni: Duration = Field(
        0.0,
        description="From the request for TNI support (when the Kapolda takes control, or a "
        "play order) to the TNI units of the doctrine being called.",
    )


class DoctrineSpec(Sourced):
    hijau: ResponseSpec = ResponseSpec(units=["negotiator", "dalmas_awal"], force_stage=1)
    kuning: ResponseSpec = ResponseSpec(
        units=["negotiator", "dalmas_awal", "dalmas_lanjut"], force_stage=3
    )
    merah: ResponseSpec = ResponseSpec(
        units=["dalmas_lanjut", "brimob_phh"], force_stage=4, handover="lintas_ganti"
    )
    gas_interval: Duration = Field(180.0, description="Between tear-gas volleys.")
    stage_step: Duration = Field(60.0, description="Graduated force: one stage per step.")
    command: CommandSpec = CommandSpec()
    window: DailyWindow = Field(
        (6 * 3600.0, 18 * 3600.0),
        description="Hours the demonstration is permitted, every day (Perkap 7/2012 Pasal 7: "
        "['06:00', '18:00'] in the open, ['06:00', '22:00'] in a closed place). Past them the "
        "police appeal to the crowd to disperse (himbauan), then order it (pembubaran).",
    )
    appeal_grace: Duration = Field(
        1800.0, description="From the appeal at the end of the permitted hours to the order."
    )
    dispersal_stage: int = Field(
        3,
        ge=2,
        le=6,
        description="Highest use-of-force stage against those who stay after the dispersal "
        "order (3: soft hands, Perkap 1/2009's step for passive resistance); from "
        "'command.authorised_stage' up it waits for the order from above.",
    )


class CrowdStrategySpec(Sourced):
    """The police side of one strategy for the crowd scene."""

    units: list[UnitSpec] = Field(default_factory=list)
    front_line: tuple[Point, Point] = Field(description="Where the formation line stands (m).")
    behind: Point | None = Field(
        None,
        description="A point on the protected side of the line, where the ranks and the second "
        "line stack (default: the gathering point).",
    )
    barricades: list[ShapeSpec] = Field(default_factory=list)
    doctrine: DoctrineSpec = DoctrineSpec()
