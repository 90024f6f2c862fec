"""The scenario language: typed sections of a drill scenario.

Every object rejects unknown keys (with a "did you mean"), and every object that carries numbers
can say where they come from (`source:`) or that they are a planner's `assumption:`.
`sispam schema` prints these models as a JSON Schema for editors.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)

from simulation.scenario.base import (
    Ident,
    NonNeg,
    Positive,
    Severity,
    Sourced,
    Spec,
    Terrain,
    UnitKind,
)
from simulation.scenario.crowd import CrowdSpec, CrowdStrategySpec
from simulation.scenario.election import ElectionSpec
from simulation.scenario.emergency import EmergencySpec, EmergencyStrategySpec
from simulation.scenario.logistics import LogisticsPlan, LogisticsSpec
from simulation.scenario.units import NAMED_PATTERNS, ClockTime, Duration, parse_pattern

SCHEMA_VERSION = 1

# --- metadata -------------------------------------------------------------------------------

TpsClass = Literal["kurang_rawan", "rawan", "sangat_rawan", "khusus"]
TPS_CLASSES: tuple[TpsClass, ...] = ("kurang_rawan", "rawan", "sangat_rawan", "khusus")
"""Bawaslu's vulnerability classes, and TPS khusus (special-location TPS: hospitals, prisons
and detention centres, pesantren, social homes), guarded to their own pattern."""


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
    sources: list[Source] = Field([])


# --- geography ------------------------------------------------------------------------------


class TpsCounts(Sourced):
    kurang_rawan: int = Field(0, ge=0)
    rawan: int = Field(0, ge=0)
    sangat_rawan: int = Field(0, ge=0)
    khusus: int = Field(
        0, ge=0, description="TPS khusus: in hospitals, prisons, pesantren, social homes."
    )

    @property
    def total(self) -> int:
        return self.kurang_rawan + self.rawan + self.sangat_rawan + self.khusus


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
    edges: list[RoadEdge] = Field([])


class Geography(Spec):
    sectors: list[Sector] = Field(min_length=1)
    sites: list[Site] = Field([])
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
    unit_types: list[UnitType] = Field([])


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
    khusus: NonNeg = 1.0


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
    profiles: list[Profile] = Field([])
    generators: list[Generator] = Field([])


# --- information threats --------------------------------------------------------------------

HoaxKind = Literal["hoax", "black_campaign"]
Share = Annotated[float, Field(ge=0, le=1)]
GrievanceKind = Literal["online_gambling", "asn_neutrality", "village_head_neutrality"]


class InfluentialAccount(Sourced):
    """A local news page, gossip group or buzzer whose posts reach followers regency-wide."""

    id: Ident
    name: str
    home: Ident = Field(description="Sector whose chatter the account watches and reposts.")
    followers: dict[Ident, Share] | Share = Field(
        description="Sector -> share of its online people who follow the account, or one share "
        "for every sector."
    )
    reach_per_hour: Annotated[float, Field(ge=0, le=1)] = Field(
        0.02, description="Chance per hour that a post reaches a given follower while it is up."
    )
    attention: Positive = Field(
        20.0, description="How much more closely than an average member it watches home chatter."
    )
    post_life: Duration = Field(24 * 3600.0, description="Mean time a post stays up and seen.")


class Hoax(Sourced):
    """A hoax or black-campaign item; it starts spreading when an inject says so."""

    id: Ident
    title: str
    kind: HoaxKind = "hoax"
    origin: list[Ident] = Field(min_length=1, description="Sectors where it is first posted.")
    seed_people: int = Field(30, ge=1, description="People posting it first, in each origin.")
    via: list[Ident] = Field([], description="Influential accounts that post it at once.")
    r0: NonNeg = Field(description="People one sharer passes it to inside a community.")
    sharing_time: Duration = Field(6 * 3600.0, description="Mean time a person keeps sharing.")
    grievance: Annotated[float, Field(ge=0, le=1)] = Field(
        description="Grievance added in a sector where everyone believes it (scaled by share)."
    )


class GrievanceSource(Sourced):
    """Standing grievance from online gambling on candidates or breaches of neutrality."""

    kind: GrievanceKind
    sectors: list[Ident] = Field(min_length=1)
    grievance: Annotated[float, Field(ge=0, le=1)]


class Information(Sourced):
    """How hoaxes spread in this regency and how grievance feeds the other models."""

    online_share: Annotated[float, Field(gt=0, le=1)] = Field(
        description="Share of each sector's population reachable on social media."
    )
    local_share: Annotated[float, Field(ge=0, le=1)] = Field(
        0.8, description="Share of sharing contacts inside one's own kecamatan."
    )
    step: Duration = Field(10 * 60.0, description="Clock step of the spread model.")
    incident_gain: NonNeg = Field(
        description="Incident rates of the affected types are x (1 + gain x grievance)."
    )
    incident_types: list[Ident] = Field(
        description="Incident types whose rates grievance raises (gatherings, clashes)."
    )
    turnout_gain: NonNeg = Field(
        0.0, description="Crowd turnout is x (1 + gain x grievance) (read by crowd models)."
    )
    accounts: list[InfluentialAccount] = Field([])
    hoaxes: list[Hoax] = Field([])
    grievance_sources: list[GrievanceSource] = Field([])


ClarifierKind = Literal["bupati", "kpu", "polres", "kepala_desa"]


class CyberPatrol(Sourced):
    """Police cyber patrol: detects hoaxes and has their public posts taken down."""

    teams: int = Field(ge=0, description="Takedown requests worked on at once.")
    detection_delay: Duration = Field(description="From first post to detection.")
    takedown_time: Duration = Field(description="From the start of a request to removal.")
    residual_sharing: Annotated[float, Field(ge=0, le=1)] = Field(
        description="Community forwarding left after a takedown (forwards cannot be recalled)."
    )


class Clarification(Sourced):
    """An official clarification (counter-narrative) after a hoax is detected."""

    by: ClarifierKind
    delay: Duration = Field(description="From detection to the clarification.")
    scope: Literal["regency", "origin"] = Field(
        description="All sectors, or only the sectors where the hoax started."
    )
    sharing_factor: Annotated[float, Field(ge=0, le=1)] = Field(
        description="Multiplies sharing in its scope (after a takedown, and other "
        "clarifications, which multiply too)."
    )
    belief_half_life: Duration = Field(description="Half-life of belief once clarified.")


class InformationStrategy(Sourced):
    cyber_patrol: CyberPatrol | None = None
    clarifications: list[Clarification] = Field([])


# --- strategies -----------------------------------------------------------------------------


class GuardPattern(Sourced):
    """Police-TPS-Linmas: `police` officers and `linmas` guards for every `tps` polling stations."""

    police: int = Field(ge=0)
    tps: int = Field(ge=1)
    linmas: int = Field(ge=0)


NO_GUARD = GuardPattern(police=0, tps=1, linmas=0)
"""The pattern of a class with no TPS: guards nobody, deploys nobody."""

Pattern = Annotated[
    GuardPattern,
    BeforeValidator(parse_pattern),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*\d+\s*-\s*\d+\s*-\s*\d+\s*$"},
                {"enum": list(NAMED_PATTERNS)},
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
            "description": "police-TPS-Linmas, e.g. '2-8-16': 2 police and 16 Linmas for 8 TPS; "
            "or 'sangat_rawan_2024' (2-1-2).",
        }
    ),
]


class TpsGuard(Sourced):
    kurang_rawan: Pattern
    rawan: Pattern
    sangat_rawan: Pattern
    khusus: Pattern | None = Field(
        None, description="Guard pattern of TPS khusus; needed when any sector has them."
    )
    linmas_pool: Ident
    on_duty: tuple[ClockTime, ClockTime] | None = Field(
        None, description="[from, to] clock times; default the whole drill."
    )

    def pattern(self, tps_class: TpsClass) -> GuardPattern:
        found = getattr(self, tps_class)
        if found is None:  # no TPS khusus anywhere (the checks require a pattern otherwise)
            return NO_GUARD
        return found


class Shift(Sourced):
    """A daily shift: on duty from ``start`` for ``length``, again every ``every`` (a day).

    Two groups of the same units with shifts 12 h apart rotate round the clock. A unit held
    past the end of its shift rests ``rest`` before it works again, even into its next shift.
    """

    start: ClockTime = Field(description="Start of one shift, e.g. '06:00' or 'H-3 06:00'.")
    length: Duration = Field(description="Hours on duty per shift, e.g. '12 h'.")
    every: Duration = Field(24 * 3600.0, description="Time from one shift start to the next.")
    rest: Duration = Field(0.0, description="Least rest after working past a shift's end.")

    @model_validator(mode="after")
    def _fits(self) -> Shift:
        if not 0 < self.length <= self.every:
            raise ValueError("a shift's length must be more than zero and at most 'every'")
        return self


class MobileGroup(Sourced):
    unit_type: Ident
    count: int = Field(ge=0, description="Units at each station (0: none, e.g. in a sweep).")
    stations: list[Ident] | Literal["each_sector"] = Field(
        description="Site or sector ids where the units wait, or 'each_sector'."
    )
    on_duty: tuple[ClockTime, ClockTime] | None = None
    shift: Shift | None = Field(
        None, description="Daily shifts inside on_duty (default: on duty all of it)."
    )


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
    mobile: list[MobileGroup] = Field([])
    dispatch: Dispatch = Dispatch()
    logistics: LogisticsPlan | None = None
    information: InformationStrategy = InformationStrategy()
    crowd: CrowdStrategySpec | None = Field(
        None, description="Police side of the first crowd scene (the scenario's 'crowd:')."
    )
    crowds: dict[Ident, CrowdStrategySpec] = Field(
        {}, description="Police side of each crowd scene, by scene id."
    )
    emergency: EmergencyStrategySpec | None = Field(
        None, description="Where Damkar engines and ambulances are staged (default: at base)."
    )


class Targets(Sourced):
    response: Duration = Field(15 * 60.0, description="Target response time.")


# --- MSEL (master scenario events list) -----------------------------------------------------

Trigger = Literal["scripted", "probabilistic", "contingency"]


class IncidentAction(Spec):
    type: Ident
    sector: Ident
    severity: Severity | None = Field(None, description="Default: the type's severity.")


class RaiseIncidents(Spec):
    sectors: list[Ident] = Field(min_length=1)
    types: list[Ident] | None = Field(None, description="Default: every incident type.")
    factor: Annotated[float, Field(ge=1)] = Field(description="Rate multiplier.")
    duration: Duration = Field(alias="for")


class BlockRoad(Spec):
    a: Ident
    b: Ident
    duration: Duration = Field(alias="for")


class DelayConvoy(Spec):
    convoy: Ident
    by: Duration


class CrowdEvent(Spec):
    crowd: Ident


class ProvokeCrowd(Spec):
    """More provocateurs in a group of a scene, turning violent from the inject's time."""

    crowd: Ident = Field(description="The crowd scene (its id).")
    group: Ident = Field(description="The supporter group they hide in.")
    provocateurs: int = Field(ge=1, description="How many more of its members provoke.")


class AgitateCrowd(Spec):
    """A rumour (of fraud, of a death) lowering the legitimacy a scene's crowd perceives."""

    crowd: Ident = Field(description="The crowd scene (its id).")
    legitimacy_drop: Annotated[float, Field(gt=0, le=1)] = Field(
        description="Subtracted from the scene's legitimacy (Epstein L) from the inject on."
    )


class AddGrievance(Spec):
    sectors: list[Ident] = Field(min_length=1)
    grievance: Annotated[float, Field(ge=0, le=1)]


class PremisesEvent(Spec):
    premises: Ident


class HostageEvent(Spec):
    situation: Ident


class SectorEvent(Spec):
    sector: Ident


class RallyEvent(Spec):
    rally: Ident


class CasualtyInject(Spec):
    """A mass-casualty inject: people hurt at a place, by START class or triaged by the
    scenario's shares (``count``)."""

    at: Ident = Field(description="Sector or site id where they lie.")
    local_km: NonNeg = Field(0.0, description="Km of local roads from that place's centre.")
    count: int | None = Field(None, ge=1, description="Triaged with emergency.casualties shares.")
    red: int = Field(0, ge=0, description="Immediate (START red): an ambulance first.")
    yellow: int = Field(0, ge=0, description="Delayed (START yellow): an ambulance after red.")
    green: int = Field(0, ge=0, description="Walking wounded: treated on scene.")
    black: int = Field(0, ge=0, description="Dead or expectant.")

    @model_validator(mode="after")
    def _counted(self) -> CasualtyInject:
        classes = self.red + self.yellow + self.green + self.black
        if self.count is not None and classes:
            raise ValueError(
                "give 'count' (triaged by the scenario's shares) or counts per "
                "START class (red, yellow, green, black), not both"
            )
        if self.count is None and not classes:
            raise ValueError("give 'count' or at least one casualty per START class")
        return self


class InjectAction(Spec):
    """What the inject does to the models; exactly one key (none: a narrative inject)."""

    spread_hoax: Ident | None = None
    incident: IncidentAction | None = None
    raise_incidents: RaiseIncidents | None = None
    block_road: BlockRoad | None = None
    delay_convoy: DelayConvoy | None = None
    crowd_event: CrowdEvent | None = None
    grievance: AddGrievance | None = None
    start_fire: PremisesEvent | None = None
    start_looting: PremisesEvent | None = None
    take_hostage: HostageEvent | None = None
    steal_box: SectorEvent | None = None
    prop_dispute: SectorEvent | None = None
    rally_clash: RallyEvent | None = None
    provoke: ProvokeCrowd | None = None
    agitate: AgitateCrowd | None = None
    casualties: CasualtyInject | None = None

    @model_validator(mode="after")
    def _one(self) -> InjectAction:
        chosen = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(chosen) != 1:
            raise ValueError(
                f"an action has exactly one of: {', '.join(type(self).model_fields)}"
                + (f" (got {', '.join(chosen)})" if chosen else "")
            )
        return self

    @property
    def kind(self) -> str:
        return next(k for k in type(self).model_fields if getattr(self, k) is not None)


class Inject(Sourced):
    """One MSEL line (HSEEP columns) and how the engine fires it."""

    number: str = Field(description="MSEL number, e.g. '12' or 'H-1.3'.")
    time: ClockTime = Field(description="Scripted time, or the start of the inject's window.")
    until: ClockTime | None = Field(
        None, description="End of the window (probabilistic, contingency)."
    )
    trigger: Trigger = "scripted"
    probability: Annotated[float, Field(ge=0, le=1)] | None = None
    condition: str | None = Field(None, description="Contingency condition (sispam conditions).")
    event: str
    location: str | None = None
    controller: str | None = None
    player: str | None = None
    expected_action: str | None = None
    objective: str | None = None
    action: InjectAction | None = None

    @model_validator(mode="after")
    def _trigger_fields(self) -> Inject:
        if self.trigger == "probabilistic" and (self.probability is None or self.until is None):
            raise ValueError("a probabilistic inject needs 'probability' and 'until'")
        if self.trigger == "contingency" and not self.condition:
            raise ValueError("a contingency inject needs a 'condition'")
        if self.trigger != "probabilistic" and self.probability is not None:
            raise ValueError("'probability' is only for probabilistic injects")
        if self.trigger != "contingency" and self.condition:
            raise ValueError("'condition' is only for contingency injects")
        if self.trigger == "scripted" and self.until is not None:
            raise ValueError("a scripted inject fires at 'time'; 'until' is for windows")
        return self


class Msel(Sourced):
    """The exercise timeline: injects written here and/or read from CSV tables."""

    title: str | None = None
    tables: list[str] = Field(
        [], description="MSEL CSV files (HSEEP columns), relative to the scenario file."
    )
    injects: list[Inject] = Field([])


# --- the scenario ---------------------------------------------------------------------------


KpiName = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$",
        description="A KPI, e.g. 'patrol.unanswered'.",
    ),
]


class Decide(Sourced):
    """The KPIs that decide a comparison, in priority: harm first, then service.

    Costs (officers, officer-hours) are the budget, never a win, so they are not listed. The
    other KPIs are still shown; only these decide. Within a list, earlier names break ties.
    """

    harm: list[KpiName] = Field([], description="People hurt, incidents unanswered, ballots lost.")
    service: list[KpiName] = Field([], description="Response times, shares within target.")

    @model_validator(mode="after")
    def _some(self) -> Decide:
        if not self.harm and not self.service:
            raise ValueError("name at least one KPI under 'harm' or 'service'")
        return self

    def ordered(self) -> list[str]:
        return [*self.harm, *self.service]


class ScenarioSpec(Spec):
    schema_version: Literal[1] = Field(description="Version of this scenario language.")
    metadata: Metadata
    geography: Geography
    forces: Forces
    incidents: Incidents
    strategies: dict[Ident, Strategy] = Field(min_length=1)
    targets: Targets = Targets()
    logistics: LogisticsSpec | None = None
    information: Information | None = None
    msel: Msel | None = None
    crowd: CrowdSpec | None = Field(None, description="A crowd scene: rally or demonstration.")
    crowds: list[CrowdSpec] = Field(
        [], description="More crowd scenes at once (after 'crowd:'), each with its own id."
    )
    election: ElectionSpec | None = Field(
        None, description="Election-period scenes of a multi-day drill (campaign to recap)."
    )
    decide: Decide | None = Field(
        None, description="The KPIs that decide a comparison (default: the rule in verdict.py)."
    )
    emergency: EmergencySpec | None = Field(
        None, description="The red phase: premises, Damkar, hospitals, hostages, arrests."
    )

    _origin: str = PrivateAttr("<memory>")
    _digest: str = PrivateAttr("")
    _overrides: dict[str, Any] = PrivateAttr(default_factory=dict)
    _locator: Any = PrivateAttr(None)

    @property
    def origin(self) -> str:
        """The file (or bundled name) this scenario was read from."""
        return self._origin

    @property
    def overrides(self) -> dict[str, Any]:
        """The dotted-path overrides applied to the file (part of the digest)."""
        return dict(self._overrides)

    @property
    def digest(self) -> str:
        """sha256 of the scenario text and any overrides: names exactly what was run."""
        return self._digest

    def problem(self, path: tuple[str | int, ...], message: str) -> Any:
        """A located Problem at `path` as written, for checks made above the scenario layer
        (the KPI names of `decide:` are known only once the models are loaded)."""
        if self._locator is None:
            raise ValueError("a scenario built in memory has no positions")
        return self._locator.problem(path, message)

    @property
    def default_strategy(self) -> str:
        return self.metadata.default_strategy or next(iter(self.strategies))

    def sector(self, sector_id: str) -> Sector:
        return next(s for s in self.geography.sectors if s.id == sector_id)
