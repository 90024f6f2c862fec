"""The scenario language: typed sections of a drill scenario.

Every object rejects unknown keys (with a "did you mean"), and every object that carries numbers
can say where they come from (`source:`) or that they are a planner's `assumption:`.
`sispam schema` prints these models as a JSON Schema for editors.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)

from simulation.scenario.units import ClockTime, Duration, parse_pattern

SCHEMA_VERSION = 1

Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="lower_snake_case id")]
NonNeg = Annotated[float, Field(ge=0)]
Positive = Annotated[float, Field(gt=0)]
Severity = Annotated[
    int, Field(ge=1, le=4, description="1 minor, 2 moderate, 3 serious, 4 critical")
]
TpsClass = Literal["kurang_rawan", "rawan", "sangat_rawan"]
TPS_CLASSES: tuple[TpsClass, ...] = ("kurang_rawan", "rawan", "sangat_rawan")
Terrain = Literal["lowland", "highland"]


class Spec(BaseModel):
    """Base of every scenario object: strict keys, provenance fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Spec):
    source: str | None = Field(None, description="Where the numbers come from (citation).")
    assumption: str | None = Field(None, description="Why the numbers are a reasonable guess.")


# --- metadata -------------------------------------------------------------------------------


class Source(Spec):
    id: Ident
    title: str
    url: str | None = None
    accessed: dt.date | None = None


class Metadata(Spec):
    name: Ident
    title: str
    region: str
    date: dt.date = Field(description="Hari H: the day clock times refer to (e.g. voting day).")
    timezone: str = "Asia/Jakarta"
    start: ClockTime = Field(0.0, description="Clock time at which the drill starts.")
    horizon: Duration = Field(description="How long the drill runs.")
    default_strategy: str | None = None
    description: str | None = None
    sources: list[Source] = []


# --- geography ------------------------------------------------------------------------------


class TpsCounts(Sourced):
    kurang_rawan: int = Field(0, ge=0)
    rawan: int = Field(0, ge=0)
    sangat_rawan: int = Field(0, ge=0)

    @property
    def total(self) -> int:
        return self.kurang_rawan + self.rawan + self.sangat_rawan


class Sector(Sourced):
    """A kecamatan (sub-district): the unit of incident generation and police jurisdiction."""

    id: Ident
    name: str
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    terrain: Terrain = "lowland"
    area_km2: Positive
    population: int | None = Field(None, ge=0)
    police: Ident = Field(description="Id of the police command responsible (forces.commands).")
    tps: TpsCounts = TpsCounts()
    response_radius_km: NonNeg | None = Field(
        None,
        description="Typical distance from the sector's centre to an incident; default "
        "2/3 of the radius of a disc of the sector's area (mean distance to a uniform point).",
    )


SiteKind = Literal[
    "police_hq", "polsek", "kpu_office", "bawaslu", "warehouse", "ppk", "military_hq", "other"
]


class Site(Sourced):
    id: Ident
    name: str
    kind: SiteKind
    sector: Ident
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)


class TerrainSpeeds(Sourced):
    lowland: Positive = Field(description="km/h")
    highland: Positive = Field(description="km/h")

    def for_terrain(self, terrain: Terrain) -> float:
        return self.highland if terrain == "highland" else self.lowland


class RoadEdge(Sourced):
    a: Ident
    b: Ident
    km: Positive | None = Field(None, description="Road length; default: crow-fly x circuity.")
    road: Ident = Field(description="Road class, a key of roads.speeds_kmh.")


class DerivedRoads(Sourced):
    """Roads derived from coordinates: a Delaunay triangulation of sector centres."""

    circuity: float = Field(ge=1.0, le=3.0, description="Road km per crow-fly km.")
    road: Ident = Field(description="Road class given to derived edges.")


class Roads(Sourced):
    speeds_kmh: dict[Ident, TerrainSpeeds]
    local: TerrainSpeeds = Field(description="Speeds for legs inside a sector (village roads).")
    derive: DerivedRoads | None = None
    edges: list[RoadEdge] = []


class Geography(Spec):
    sectors: list[Sector] = Field(min_length=1)
    sites: list[Site] = []
    roads: Roads


# --- forces ---------------------------------------------------------------------------------


class Command(Sourced):
    """A police command (Polres) responsible for some sectors."""

    id: Ident
    name: str
    hq: Ident = Field(description="Site id of the headquarters.")
    pool: Ident = Field(description="Personnel pool its TPS guards are drawn from.")


class Pool(Sourced):
    id: Ident
    name: str
    kind: Literal["polri", "brimob", "tni", "linmas"]
    officers: int = Field(ge=0)


UnitKind = Literal[
    "sabhara_car", "sabhara_motor", "polsek", "quick_reaction", "dalmas", "brimob", "tni"
]


class UnitType(Sourced):
    id: Ident
    name: str
    kind: UnitKind
    officers: int = Field(gt=0, description="Officers per unit.")
    pool: Ident = Field(
        description="Personnel pool, or 'sector_command': the pool of the Polres covering the "
        "unit's station (Polsek and Sabhara units belong to their kecamatan's command)."
    )
    speed_factor: Positive = Field(1.0, description="Multiplies road speeds (motorbikes > 1).")
    max_severity: Severity = Field(3, description="Most severe incident it can handle alone.")
    min_severity: Severity = Field(1, description="Least severe incident it is sent to (reserves).")


class Forces(Spec):
    commands: list[Command] = Field(min_length=1)
    pools: list[Pool] = Field(min_length=1)
    unit_types: list[UnitType] = []


# --- incidents ------------------------------------------------------------------------------


class OnScene(Sourced):
    distribution: Literal["exponential", "lognormal", "fixed"]
    mean: Duration
    sd: Duration | None = Field(None, description="Needed for lognormal.")

    @model_validator(mode="after")
    def _needs_sd(self) -> OnScene:
        if self.distribution == "lognormal" and not self.sd:
            raise ValueError("a lognormal on-scene time needs a positive 'sd'")
        return self


class IncidentType(Sourced):
    id: Ident
    name: str
    severity: Severity
    on_scene: OnScene
    guard_can_handle: bool = Field(False, description="The TPS guard handles it at a TPS.")
    escalates_to: Severity | None = Field(
        None, description="Severity it reaches if left waiting (see dispatch.escalate_after)."
    )


class ProfilePoint(Spec):
    at: ClockTime
    factor: NonNeg


class Profile(Sourced):
    """Time-of-day multiplier of incident rates: each factor holds from its time to the next."""

    id: Ident
    points: list[ProfilePoint] = Field(min_length=1)


class ClassWeights(Sourced):
    kurang_rawan: NonNeg = 1.0
    rawan: NonNeg = 1.0
    sangat_rawan: NonNeg = 1.0


class Generator(Sourced):
    """Incidents of one type arriving as a non-homogeneous Poisson process in each sector."""

    id: Ident | None = Field(
        None,
        description="Names the generator's random stream; default '<type>#<n>' (n-th of its "
        "type). Give one to keep its incidents unchanged when generators are added or reordered.",
    )
    type: Ident
    basis: Literal["tps", "sector", "population_10k"] = Field(
        description="Rate is per TPS (weighted by class), per sector, or per 10,000 people."
    )
    rate_per_hour: NonNeg
    class_weights: ClassWeights = ClassWeights()
    profile: Ident | None = None
    sectors: list[Ident] | None = Field(None, description="Default: every sector.")


class Incidents(Spec):
    types: list[IncidentType] = Field(min_length=1)
    profiles: list[Profile] = []
    generators: list[Generator] = []


# --- strategies -----------------------------------------------------------------------------


class GuardPattern(Sourced):
    """Police-TPS-Linmas: `police` officers and `linmas` guards for every `tps` polling stations."""

    police: int = Field(ge=0)
    tps: int = Field(ge=1)
    linmas: int = Field(ge=0)


Pattern = Annotated[
    GuardPattern,
    BeforeValidator(parse_pattern),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*\d+\s*-\s*\d+\s*-\s*\d+\s*$"},
                {
                    "type": "object",
                    "properties": {
                        "police": {"type": "integer", "minimum": 0},
                        "tps": {"type": "integer", "minimum": 1},
                        "linmas": {"type": "integer", "minimum": 0},
                        "source": {"type": "string"},
                        "assumption": {"type": "string"},
                    },
                    "required": ["police", "tps", "linmas"],
                    "additionalProperties": False,
                },
            ],
            "description": "police-TPS-Linmas, e.g. '2-8-16': 2 police and 16 Linmas for 8 TPS.",
        }
    ),
]


class TpsGuard(Sourced):
    kurang_rawan: Pattern
    rawan: Pattern
    sangat_rawan: Pattern
    linmas_pool: Ident
    on_duty: tuple[ClockTime, ClockTime] | None = Field(
        None, description="[from, to] clock times; default the whole drill."
    )

    def pattern(self, tps_class: TpsClass) -> GuardPattern:
        return getattr(self, tps_class)


class MobileGroup(Sourced):
    unit_type: Ident
    count: int = Field(ge=1, description="Units at each station.")
    stations: list[Ident] | Literal["each_sector"] = Field(
        description="Site or sector ids where the units wait, or 'each_sector'."
    )
    on_duty: tuple[ClockTime, ClockTime] | None = None


class Dispatch(Sourced):
    escalate_after: Duration | None = Field(
        None, description="An incident waiting this long without a unit escalates."
    )
    preempt_min_severity: Severity | None = Field(
        None, description="Incidents this severe may take a unit from less severe work."
    )


class Strategy(Sourced):
    name: str
    description: str | None = None
    extends: str | None = None
    tps_guard: TpsGuard
    mobile: list[MobileGroup] = []
    dispatch: Dispatch = Dispatch()
    logistics: LogisticsPlan | None = None
    crowd: CrowdStrategySpec | None = Field(None, description="Police side of the crowd scene.")


class Targets(Sourced):
    response: Duration = Field(15 * 60.0, description="Target response time.")


# --- the scenario ---------------------------------------------------------------------------


class ScenarioSpec(Spec):
    schema_version: Literal[1] = Field(description="Version of this scenario language.")
    metadata: Metadata
    geography: Geography
    forces: Forces
    incidents: Incidents
    strategies: dict[Ident, Strategy] = Field(min_length=1)
    targets: Targets = Targets()
    logistics: LogisticsSpec | None = None
    crowd: CrowdSpec | None = Field(None, description="A crowd scene: rally or demonstration.")

    _origin: str = PrivateAttr("<memory>")
    _digest: str = PrivateAttr("")

    @property
    def origin(self) -> str:
        """The file (or bundled name) this scenario was read from."""
        return self._origin

    @property
    def digest(self) -> str:
        """sha256 of the scenario text and any overrides: names exactly what was run."""
        return self._digest

    @property
    def default_strategy(self) -> str:
        return self.metadata.default_strategy or next(iter(self.strategies))

    def sector(self, sector_id: str) -> Sector:
        return next(s for s in self.geography.sectors if s.id == sector_id)


# Sections kept in their own modules refer to the base classes above, so they come in last.
from simulation.scenario.crowd import CrowdSpec, CrowdStrategySpec  # noqa: E402
from simulation.scenario.logistics import LogisticsPlan, LogisticsSpec  # noqa: E402

Strategy.model_rebuild()
ScenarioSpec.model_rebuild()
