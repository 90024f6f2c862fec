"""The election period (``election:``): the scenes of a multi-day drill from campaign to recap.

A SISPAMKOTA storyline spans days: campaign rallies and candidate escorts, the quiet period's
removal of campaign props (APK), voting day, the ballot boxes' way back up (PPS -> PPK -> KPU),
the recap (rekapitulasi) and a march between the KPU office and Bawaslu. Each scene here is a
light process on the drill clock (simulation/election/); the crowd scenes of ``crowd:`` remain
the place for a detailed, agent-based look at one gathering. Times are clock times relative to
hari H (``H-3 08:00``), so a scenario reads like the election calendar.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from simulation.scenario.base import Ident, NonNeg, Positive, Sourced, Spec
from simulation.scenario.units import ClockTime, DailyWindow, Duration

Share = Annotated[float, Field(ge=0, le=1)]


class Phase(Spec):
    """One stage of the election calendar, from ``from`` until the next phase starts."""

    id: Ident
    name: str = Field(description="As the users say it: 'Masa tenang', 'Rekapitulasi'.")
    start: ClockTime = Field(alias="from")


class PoliceCover(Sourced):
    """Units a scene asks the dispatcher for (the nearest free ones of these types)."""

    unit_types: list[Ident] = Field(min_length=1)
    count: int = Field(ge=1)


class Rally(Sourced):
    """A campaign rally (rapat umum, often with a concert) as an aggregate crowd.

    Attendance rises linearly over ``build_up``, holds, and falls over ``disperse``; disturbances
    arrive as a Poisson process proportional to attendance, raised when the police cover falls
    short of the plan.
    """

    id: Ident
    sector: Ident
    start: ClockTime
    duration: Duration = Field(description="From the start to the end of the programme.")
    attendance: int = Field(ge=1, description="Peak attendance.")
    build_up: Duration = Field(3600.0, description="Time the crowd takes to gather.")
    disperse: Duration = Field(1800.0, description="Time the crowd takes to leave after the end.")
    incident_type: Ident
    incidents_per_10k_hour: NonNeg = Field(
        description="Disturbances per hour per 10,000 people present, with full police cover."
    )
    uncovered_gain: NonNeg = Field(
        1.0, description="Rate x (1 + gain x share of the planned police missing)."
    )
    police: PoliceCover


class EscortThreat(Sourced):
    probability: Share = Field(description="Chance the convoy is blocked on the way, unescorted.")
    escorted_factor: Share = Field(description="Multiplies the chance for each escort present.")
    incident_type: Ident
    hold: Duration = Field(description="Time the convoy stands while the block is cleared.")


class Escort(Sourced):
    """A candidate's convoy (pengawalan paslon): a protected vehicle and its escort."""

    id: Ident
    origin: Ident = Field(alias="from", description="Sector or site.")
    destination: Ident = Field(alias="to", description="Sector or site.")
    depart: ClockTime
    speed_factor: Positive = Field(0.8, description="Convoy speed / a patrol car's speed.")
    escort: PoliceCover
    threat: EscortThreat | None = None


class PropDispute(Sourced):
    per_1000_props: NonNeg = Field(description="Disputes with supporters per 1,000 props removed.")
    incident_type: Ident


class PropRemoval(Sourced):
    """The quiet period's removal of campaign props (APK) by joint teams, kecamatan by kecamatan.

    A team clears a kecamatan's props at ``per_team_hour``; a dispute with supporters stops the
    team until the police arrive.
    """

    start: ClockTime = Field(description="Start of the masa tenang removal.")
    within: Duration = Field(description="Target: every prop removed this long after the start.")
    teams: int = Field(ge=1, description="Joint teams (Satpol PP, Bawaslu, Polri, TNI).")
    props_per_tps: NonNeg = Field(description="Props standing per TPS of a kecamatan.")
    per_team_hour: Positive = Field(description="Props a team removes per hour.")
    sectors: list[Ident] | None = Field(None, description="Default: every kecamatan.")
    dispute: PropDispute


class BoxTheft(Sourced):
    probability: Share = Field(description="Chance a PPK -> KPU convoy is attacked, unescorted.")
    escorted_factor: Share = Field(description="Multiplies the chance when escorted.")
    incident_type: Ident
    recover_within: Duration = Field(description="Boxes are lost unless police arrive by then.")


class BallotReturn(Sourced):
    """The outbound flow after counting: PPS -> PPK (at night), PPK recap, PPK -> KPU warehouse."""

    ready: ClockTime = Field(description="Boxes sealed at the PPS after counting.")
    ppk_recap_start: ClockTime = Field(description="When the PPK plenos open.")
    ppk_tps_per_hour: Positive = Field(description="TPS a PPK pleno recaps per hour.")
    warehouse: Ident = Field(description="Site where the boxes are stored (KPU warehouse).")
    sectors: list[Ident] | None = Field(None, description="Default: every kecamatan.")
    escort: PoliceCover | None = None
    theft: BoxTheft | None = None


class Recap(Sourced):
    """The KPU kabupaten pleno: every kecamatan's result read, objections heard."""

    site: Ident
    start: ClockTime
    per_kecamatan: Duration
    objection_probability: Share
    objection_time: Duration


class Perkap7(Sourced):
    """Perkap 7/2012: demonstrations are allowed 06:00-18:00; a crowd staying later is warned,
    then ordered to disperse; those who stay are cleared by the police."""

    allowed: DailyWindow = Field(
        (6 * 3600.0, 18 * 3600.0), description="Allowed hours, default ['06:00', '18:00']."
    )
    warning_grace: Duration = Field(1800.0, description="From the warning to the dispersal order.")
    comply_share: Share = Field(description="Share of the crowd that leaves on the warning.")
    clear_per_unit_hour: Positive = Field(description="People one unit clears per hour.")
    incident_type: Ident = Field(description="Incident reported at the dispersal order.")
    hurt_probability: Share = Field(
        0.0, description="Chance each clearing unit is hurt (out until it has recovered)."
    )
    recovery: Duration = Field(24 * 3600.0, description="Time a hurt unit is out of service.")


class March(Sourced):
    """A demonstration marching along roads (KPU -> Bawaslu) and staying at its destination.

    It moves as one column at Weidmann's speed for its density and closes each road it is on.
    """

    id: Ident
    route: list[Ident] = Field(min_length=2, description="Nodes joined by roads, first to last.")
    start: ClockTime
    people: int = Field(ge=1)
    density_ppm2: Annotated[float, Field(gt=0, lt=5.4)] = Field(
        1.5, description="Density in the column (persons/m^2)."
    )
    road_width_m: Positive = Field(7.0)
    stay: Duration = Field(description="Time it means to stay at the destination.")
    police: PoliceCover


class ElectionSpec(Sourced):
    """The election-period scenes of a multi-day drill."""

    calendar: list[Phase] = Field(min_length=1)
    rallies: list[Rally] = Field([])
    escorts: list[Escort] = Field([])
    props: PropRemoval | None = None
    ballot_return: BallotReturn | None = None
    recap: Recap | None = None
    marches: list[March] = Field([])
    perkap7: Perkap7 | None = Field(None, description="Doctrine for demonstrations after hours.")


def order_scenes(spec: ElectionSpec | None) -> list[str]:
    """The scenes a play order can name: candidate convoys and marches, by id."""
    if spec is None:
        return []
    return [e.id for e in spec.escorts] + [m.id for m in spec.marches]
