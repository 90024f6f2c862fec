"""The information models as the engine sees them: hoax threats, and the MSEL of injects.

Two plugins: ``information`` (hoaxes spreading and the cyber unit's answers) when the scenario
has `information:`, and ``msel`` (the exercise's timed and conditional injects) when it has
`msel:`; injects reach the other models through the drill's components at run time. The models
themselves are imported only when a drill needs them, so listing KPIs stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.core.kpis import Kpi
from simulation.core.plugins import ModelPlugin, OrderSpec

if TYPE_CHECKING:
    from simulation.core.drill import Component, Drill

INFORMATION_KPIS = (
    Kpi("information.hoaxes", "hoaxes", "none", "Hoaxes started", "Hoaks yang beredar"),
    Kpi(
        "information.reach_share_max",
        "share",
        "lower",
        "Largest share of the online population a hoax reached",
        "Jangkauan hoaks terbesar (porsi warga daring)",
    ),
    Kpi(
        "information.believing_peak_max",
        "share",
        "lower",
        "Highest peak share believing a hoax at once",
        "Puncak porsi warga yang memercayai hoaks",
    ),
    Kpi(
        "information.takedown_mean_min",
        "min",
        "lower",
        "Mean time from first post to takedown",
        "Rata-rata waktu hingga takedown",
    ),
    Kpi(
        "information.clarification_mean_min",
        "min",
        "lower",
        "Mean time from first post to the first clarification",
        "Rata-rata waktu hingga klarifikasi pertama",
    ),
    Kpi(
        "information.incidents",
        "incidents",
        "lower",
        "Incidents attributable to information threats",
        "Kejadian akibat ancaman informasi",
    ),
    Kpi(
        "information.grievance_max",
        "0-1",
        "lower",
        "Highest grievance in any kecamatan",
        "Keresahan tertinggi di satu kecamatan",
    ),
)


MSEL_KPIS = (
    Kpi("msel.injects", "injects", "none", "Injects in the MSEL", "Inject dalam MSEL"),
    Kpi("msel.fired", "injects", "none", "Injects that fired", "Inject yang terjadi"),
    Kpi(
        "msel.incidents",
        "incidents",
        "none",
        "Incidents caused by injects",
        "Kejadian akibat inject",
    ),
    Kpi(
        "msel.incident_response_mean_min",
        "min",
        "lower",
        "Mean response time to inject incidents",
        "Rata-rata waktu tanggap kejadian inject",
    ),
)


def build_information(drill: Drill) -> Component | None:
    if drill.scenario.information is None:
        return None
    from simulation.information.threats import InformationThreats

    return InformationThreats(drill)


def build_msel(drill: Drill) -> Component | None:
    if drill.scenario.msel is None:
        return None
    from simulation.information.injects import MselComponent

    return MselComponent(drill)


INFORMATION = ModelPlugin(
    name="information",
    build=build_information,
    section="information",
    kpis=INFORMATION_KPIS,
    orders=(
        OrderSpec(
            "request_takedown",
            "the cyber team asks the platforms to take a hoax down now",
            {"hoax": "hoax"},
        ),
        OrderSpec(
            "clarify_hoax",
            "an official clarifies a hoax now (bupati, kpu, polres, kepala_desa)",
            {"hoax": "hoax", "official": "text"},
        ),
    ),
    charts=("hoaxes",),
    after=("patrol",),
)

MSEL = ModelPlugin(
    name="msel",
    build=build_msel,
    section="msel",
    kpis=MSEL_KPIS,
    orders=(
        OrderSpec("deliver_inject", "deliver a pending inject now", {"inject": "inject"}, True),
        OrderSpec(
            "delay_inject",
            "deliver a pending inject this long from now instead",
            {"inject": "inject", "delay": "duration"},
            True,
        ),
        OrderSpec("cancel_inject", "withdraw a pending inject", {"inject": "inject"}, True),
    ),
    after=("patrol", "information", "logistics", "crowd", "emergency", "election"),
)
