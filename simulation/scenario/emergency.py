"""The red phase's emergency services (``emergency:``) and each strategy's staging of them
(``strategies.<name>.emergency:``).

The scenario names the premises that can be looted or set alight, the Damkar stations and
hospitals with their engines and ambulances (PSC 119), the hostage situations an inject can
start, and the rates that drive them: t-squared fire growth, spread to neighbours, triage shares
and survival against time to care, negotiation outcome probabilities, detainee transport.
A strategy says where engines and ambulances wait when the drill starts (staged near a crowd,
or at their bases) and whether police escort the engines through a merah crowd, so two plans
can be compared on the same scenes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from simulation.scenario.base import Ident, NonNeg, Positive, Sourced, Spec
from simulation.scenario.units import Duration

Share = Annotated[float, Field(ge=0, le=1)]
GrowthClass = Literal["slow", "medium", "fast", "ultrafast"]

T2_ALPHA_KW_PER_S2: dict[str, float] = {
    "slow": 0.00293,
    "medium": 0.01172,
    "fast": 0.0469,
    "ultrafast": 0.1876,
}
"""Fire growth coefficients of the t-squared fire Q = alpha t^2 (kW), the design fires of
NFPA 72 Annex B and the SFPE Handbook: the time to reach 1055 kW (1000 Btu/s) is 600 s (slow),
300 s (medium), 150 s (fast) and 75 s (ultrafast)."""

TRIAGE_CLASSES = ("red", "yellow", "green", "black")
"""START triage: red immediate, yellow delayed, green walking wounded, black dead/expectant."""


class Place(Sourced):
    """A point of the map: a sector (kecamatan) or site, and km of local roads from it."""

    sector: Ident = Field(description="Sector or site id the place hangs off.")
    local_km: NonNeg = Field(0.0, description="Km of local roads from that sector's centre.")


class FireStation(Place):
    """A Damkar (fire brigade) station and its engines."""

    id: Ident
    name: str
    engines: int = Field(ge=1, description="Fire engines (each with its crew) at the station.")


class Hospital(Place):
    """A hospital with an emergency department; the ambulances based there (PSC 119)."""

    id: Ident
    name: str
    ambulances: int = Field(0, ge=0, description="Ambulances based at the hospital.")


class Premises(Place):
    """A shop or building that looters or arsonists can reach, and its neighbours."""

    id: Ident
    name: str
    growth: GrowthClass = Field(
        "fast", description="t-squared growth class (NFPA 72): slow, medium, fast, ultrafast."
    )
    neighbours: list[Ident] = Field([], description="Premises a fire here spreads to.")
    crowd: Ident | None = Field(
        None, description="Crowd scene around it: engines wait at the cordon while it is merah."
    )


class HostageSituation(Place):
    """Where a hostage taking can happen and how many are held."""

    id: Ident
    name: str
    hostages: int = Field(ge=1)


class FireRules(Sourced):
    """How a fire grows, spreads and is fought."""

    burned_kw: Positive = Field(
        1000.0, description="Heat release at which the premises is lost (flashover of a shop)."
    )
    report_delay: Duration = Field(3 * 60.0, description="From ignition to the Damkar call.")
    spread_after: Duration = Field(
        description="From a premises being lost to each neighbour catching fire, unless water "
        "is on the burning premises first."
    )
    water_supply: Duration = Field(
        description="From an engine's arrival to the first water on the fire (hoses, hydrant)."
    )
    control: Duration = Field(description="From the first water to the fire being out.")
    speed_factor: Positive = Field(1.0, description="Multiplies road speeds (sirens).")


class LootingRules(Sourced):
    """What looters do before police secure the premises."""

    arson_after: Duration = Field(
        description="From the start of looting to the premises set alight."
    )
    arson_probability: Share = Field(description="Chance looters set it alight if still there.")
    arrests: int = Field(0, ge=0, description="Looters arrested when police secure it.")
    unit_type: Ident = Field(description="Unit type sent to secure looted premises.")


class HostageRules(Sourced):
    """Negotiation and rescue: times, and outcome probabilities the planner can cite or change."""

    negotiators_after: Duration = Field(description="From the taking to negotiators talking.")
    negotiation_mean: Duration = Field(description="Mean time to a negotiated release.")
    release_probability: Share = Field(description="Chance negotiation alone frees the hostages.")
    rescue_after: Duration = Field(
        description="Negotiation time after which the commander orders a rescue."
    )
    rescue_unit_type: Ident = Field(description="Unit type of the rescue team (Brimob/Gegana).")
    rescue_safe_probability: Share = Field(description="Chance a rescue frees all unhurt.")


class Survival(Sourced):
    """Chance of dying of the injuries when care starts t after injury: m_max (1 - exp(-t/tau))."""

    m_max: Share = Field(description="Mortality if care never comes.")
    tau: Duration = Field(description="Time constant of the rise of mortality with delay.")


class CasualtyRules(Sourced):
    """Triage shares of the injured and their survival against time to hospital care."""

    red: Share
    yellow: Share
    green: Share
    black: Share
    survival: dict[Literal["red", "yellow"], Survival]
    load: Duration = Field(5 * 60.0, description="Ambulance crew on scene with a patient.")
    handover: Duration = Field(10 * 60.0, description="At the hospital before driving back.")
    speed_factor: Positive = Field(1.0, description="Multiplies road speeds (sirens).")

    @model_validator(mode="after")
    def _shares(self) -> CasualtyRules:
        total = self.red + self.yellow + self.green + self.black
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"the triage shares must add up to 1, not {total:.4f}")
        missing = {"red", "yellow"} - set(self.survival)
        if missing:
            raise ValueError(f"survival needs the classes {', '.join(sorted(missing))}")
        return self


class ArrestRules(Sourced):
    """Detainee transport: which units take arrested people to the cells, and how long."""

    unit_type: Ident = Field(description="Unit type that transports detainees (Sabhara).")
    per_trip: int = Field(ge=1, description="Detainees one unit carries.")
    booking: Duration = Field(description="On scene: cuffing, search, record, loading.")
    detention: Ident = Field(description="Site (Polres) where detainees are handed over.")
    handover: Duration = Field(0.0, description="At the detention site before the unit is free.")


class EmergencySpec(Sourced):
    """The red phase's premises, services and rates."""

    damkar: list[FireStation] = Field(min_length=1)
    hospitals: list[Hospital] = Field(min_length=1)
    premises: list[Premises] = Field([])
    hostage_sites: list[HostageSituation] = Field([])
    fire: FireRules
    looting: LootingRules | None = None
    hostage: HostageRules | None = None
    casualties: CasualtyRules
    arrests: ArrestRules | None = None


class Staging(Spec):
    """Vehicles moved from a base to a place before the drill starts."""

    base: Ident = Field(description="Damkar station or hospital id.")
    vehicles: int = Field(1, ge=1)
    at: Ident = Field(description="Sector or site id where they wait.")
    local_km: NonNeg = 0.0


class DamkarEscort(Sourced):
    """Police escort of Damkar through a merah crowd ("Damkar dikawal"): an engine at the
    cordon asks the one dispatcher for a unit of this type, goes in when it arrives and keeps
    it until the fire is out."""

    unit_type: Ident = Field(description="Unit type that escorts the crews (Brimob, Dalmas).")


class EmergencyStrategySpec(Sourced):
    """Where a strategy stages Damkar engines and ambulances, and whether police escort the
    engines through a merah crowd."""

    damkar: list[Staging] = Field([])
    ambulances: list[Staging] = Field([])
    damkar_escort: DamkarEscort | None = Field(
        None, description="Escort engines through the cordon (default: they wait for hijau)."
    )
