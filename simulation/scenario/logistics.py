"""The `logistics:` section: the ballot chain warehouse -> PPK -> PPS -> TPS and back.

The scenario says what exists (warehouse, villages and their TPS, vehicles, schedule, weather,
risks); a strategy's `logistics:` says how planners use it (departure time, pre-positioning,
convoys, reserve trucks, escorts). Its base types come from `base.py`, so `model.py` can import it.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from simulation.scenario.base import Ident, NonNeg, Positive, Sourced, Spec, Terrain, UnitKind
from simulation.scenario.units import ClockTime, Duration

_DAY = re.compile(r"^\s*H\s*(?:(?P<sign>[+-])\s*(?P<n>\d+))?\s*$")


def parse_day(value: object) -> int:
    """Day offset from hari H: "H-3" -> -3, "H" -> 0, "H+1" -> 1 (integers pass through)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _DAY.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"expected a day such as 'H-3', 'H' or 'H+1', got {value!r}")
    n = int(match["n"] or 0)
    return -n if match["sign"] == "-" else n


Day = Annotated[
    int,
    BeforeValidator(parse_day),
    WithJsonSchema(
        {
            "anyOf": [{"type": "integer"}, {"type": "string", "pattern": _DAY.pattern}],
            "description": "A day around voting day: 'H-3', 'H', 'H+1' (or -3, 0, 1).",
        }
    ),
]
VehicleKind = Literal["box_truck", "pickup", "motorbike", "foot"]
EscortPolicy = Literal["none", "every_vehicle", "convoys", "vulnerable"]


class Vehicle(Sourced):
    """A kind of vehicle and what one of them carries, in TPS kits (one TPS's ballot logistics)."""

    id: Ident
    name: str
    kind: VehicleKind
    capacity: int = Field(ge=1, description="TPS kits (or sealed ballot boxes) per trip.")
    crew: int = Field(1, ge=1, description="People aboard (loading is timed for this crew).")
    speed_factor: Positive = Field(1.0, description="Multiplies road and village-road speeds.")
    speed_kmh: Positive | None = Field(
        None, description="Fixed speed (on foot, carried by hand); overrides road speeds."
    )
    load: Duration = Field(0.0, description="Loading time per kit.")
    unload: Duration = Field(0.0, description="Unloading time per kit.")


class Pps(Sourced):
    """A PPS (village election committee) and the TPS it serves."""

    id: Ident
    name: str
    sector: Ident = Field(description="The kecamatan; its PPK is at the kecamatan centre.")
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    tps: int = Field(ge=0, description="TPS served by this PPS.")
    km: Positive | None = Field(
        None, description="Road km from the PPK; default crow-fly x circuity from coordinates."
    )
    tps_km: NonNeg | None = Field(
        None, description="Km from the PPS to each of its TPS; default spread over the village."
    )
    last_mile: Ident | None = Field(None, description="Vehicle id; default legs.pps_tps.vehicle.")


class Wave(Sourced):
    """Kecamatan whose kits leave the warehouse together, and the window planned for it."""

    sectors: list[Ident] = Field(min_length=1)
    window: tuple[ClockTime, ClockTime] = Field(
        description="[earliest loading, planned arrival at the PPK]"
    )


class TruckLeg(Sourced):
    vehicle: Ident
    fleet: int = Field(ge=0, description="Vehicles at the warehouse.")
    docks: int = Field(ge=1, description="Loading docks: trucks load in plan order, dock by dock.")


class VillageLeg(Sourced):
    vehicle: Ident
    per_ppk: int = Field(ge=1, description="Vehicles at each PPK (PPK -> PPS).")
    window: tuple[ClockTime, ClockTime] = Field(description="[earliest departure, planned end]")


class LastMileLeg(Sourced):
    vehicle: Ident
    fallback: Ident | None = Field(None, description="Vehicle used while village roads are shut.")
    desks: int = Field(ge=1, description="Hand-over desks at each PPS (KPPS queue there).")
    handover: Duration = Field(description="Time to check and sign over one TPS kit.")
    window: tuple[ClockTime, ClockTime] = Field(description="[earliest hand-over, planned end]")


class Legs(Spec):
    warehouse_ppk: TruckLeg
    ppk_pps: VillageLeg
    pps_tps: LastMileLeg


class Rain(Sourced):
    """Rain over some kecamatan on some days: whether it rains, how hard, what it does."""

    id: Ident
    days: list[Day] = Field(min_length=1)
    terrain: Terrain | None = Field(None, description="Kecamatan of this terrain ...")
    sectors: list[Ident] | None = Field(None, description="... or these kecamatan.")
    probability: float = Field(ge=0, le=1, description="Chance of rain on each day.")
    intensity_mm_h: NonNeg = Field(description="Mean intensity when it rains (exponential).")
    window: tuple[ClockTime, ClockTime] = Field(description="Time of day it rains.")
    slowdown_per_mm_h: NonNeg = Field(description="Travel time x (1 + this x intensity).")
    closure_above_mm_h: NonNeg | None = Field(None, description="Roads shut above this.")
    closure_after: Duration = Field(0.0, description="Roads stay shut this long after the rain.")


class Breakdowns(Sourced):
    per_100km: NonNeg = Field(description="Breakdowns per 100 km driven (Poisson).")
    repair: Duration = Field(description="Mean repair time (exponential) without a reserve.")
    swap: Duration = Field(description="Time to move the load onto a reserve truck.")


class Stuck(Sourced):
    """Vehicles stuck on wet highland slopes (Puspo, 26 Nov 2024)."""

    slopes: int = Field(ge=0, description="Steep stretches on a highland trip.")
    per_mm_h: NonNeg = Field(description="P(stuck on a slope) = 1 - exp(-this x intensity).")
    pull_out: Duration = Field(description="Work to free it once helpers are there.")
    by_hand: Duration = Field(description="Time to free it by hand when no unit comes.")
    helpers: list[UnitKind] = Field([], description="Unit kinds that may be sent to help.")


class Counting(Sourced):
    end: ClockTime = Field(description="Mean end of counting at a TPS.")
    sd: Duration = Field(description="Spread of counting end (normal).")


class Ambush(Sourced):
    """Theft of sealed ballot boxes on the night return (a classic drill scene)."""

    incident_type: Ident = Field(description="Patrol incident type reported (incidents.types).")
    probability: float = Field(ge=0, le=1, description="Per unescorted PPS -> PPK return trip.")
    escorted_factor: float = Field(ge=0, le=1, description="Multiplier when escorted.")
    recover_within: Duration = Field(description="Boxes are lost unless police arrive this soon.")


class ReturnFlow(Sourced):
    counting: Counting
    vehicle: Ident = Field(description="Vehicle that takes a PPS's boxes to the PPK.")
    ambush: Ambush | None = None


class Withdrawal(Sourced):
    """Kits pulled back for security and redelivered later (Purwodadi, 26-27 Nov 2024)."""

    pps: list[Ident] = Field(min_length=1)
    at: ClockTime
    redeliver: ClockTime


class LogisticsSpec(Sourced):
    warehouse: Ident = Field(description="Site id of the KPU warehouse.")
    deadline: ClockTime = Field(description="TPS must be ready (kits on site) by this time.")
    local_circuity: float = Field(1.35, ge=1.0, le=3.0, description="Village road km per km.")
    vehicles: list[Vehicle] = Field(min_length=1)
    legs: Legs
    waves: list[Wave] = Field(min_length=1)
    pps: list[Pps] = Field(min_length=1)
    vulnerable: list[Ident] = Field([], description="Kecamatan on vulnerable routes.")
    rain: list[Rain] = Field(default_factory=list)
    breakdowns: Breakdowns | None = None
    stuck: Stuck | None = None
    withdrawals: list[Withdrawal] = Field(default_factory=list)
    returns: ReturnFlow | None = None


class LogisticsPlan(Sourced):
    """A strategy's logistics levers."""

    depart_at: ClockTime | None = Field(
        None, description="Time of day trucks start loading, overriding the waves' windows."
    )
    preposition_highland_days: int = Field(
        0, ge=0, description="Highland kecamatan leave this many days earlier (trucks and PPK)."
    )
    convoy_size: int = Field(1, ge=1, description="Trucks of a kecamatan that travel together.")
    reserve_trucks: int = Field(0, ge=0, description="Spare trucks kept at the warehouse.")
    escort: EscortPolicy = "none"
    escort_units: list[UnitKind] = Field(
        ["sabhara_car", "sabhara_motor", "polsek"], description="Unit kinds that escort."
    )


def convoy_ids(spec: LogisticsSpec) -> list[str]:
    """The convoys MSEL injects and conditions name: one per kecamatan that gets kits.

    Convoy ``puspo`` is every box truck carrying Puspo's kits from the warehouse to PPK Puspo,
    however the strategy batches them (``convoy_size``); its id is the kecamatan id, which is the
    ``convoy`` column of ``logistics_trips.csv``. The PPK pickups and night returns are not part
    of a convoy.
    """
    served = {p.sector for p in spec.pps if p.tps}
    return [sector for wave in spec.waves for sector in wave.sectors if sector in served]
