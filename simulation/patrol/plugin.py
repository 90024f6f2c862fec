"""The patrol model as the engine sees it: always built; incident-response KPIs and charts.

The model itself is imported only when a drill is built, so listing KPIs stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.core.kpis import Kpi
from simulation.core.plugins import ModelPlugin

if TYPE_CHECKING:
    from simulation.core.drill import Component, Drill

KPIS = (
    Kpi("patrol.incidents", "incidents", "none", "Incidents reported", "Kejadian dilaporkan"),
    Kpi(
        "patrol.response_mean_min", "min", "lower", "Mean response time", "Rata-rata waktu tanggap"
    ),
    Kpi("patrol.response_p50_min", "min", "lower", "Median response time", "Median waktu tanggap"),
    Kpi(
        "patrol.response_p90_min",
        "min",
        "lower",
        "90th percentile response time",
        "Persentil ke-90 waktu tanggap",
    ),
    Kpi(
        "patrol.within_target_share",
        "share",
        "higher",
        "Share of incidents reached within the target",
        "Porsi kejadian terjangkau dalam target",
    ),
    Kpi(
        "patrol.serious_response_mean_min",
        "min",
        "lower",
        "Mean response time, serious incidents (severity 3-4)",
        "Rata-rata waktu tanggap, kejadian serius (tingkat 3-4)",
    ),
    Kpi(
        "patrol.response_mean_highland_min",
        "min",
        "lower",
        "Mean response time, highland kecamatan",
        "Rata-rata waktu tanggap, kecamatan dataran tinggi",
        part_of="patrol.response_mean_min",
    ),
    Kpi(
        "patrol.response_mean_lowland_min",
        "min",
        "lower",
        "Mean response time, lowland kecamatan",
        "Rata-rata waktu tanggap, kecamatan dataran rendah",
        part_of="patrol.response_mean_min",
    ),
    Kpi(
        "patrol.within_target_share_highland",
        "share",
        "higher",
        "Share of incidents reached within the target, highland kecamatan",
        "Porsi kejadian terjangkau dalam target, kecamatan dataran tinggi",
        part_of="patrol.within_target_share",
    ),
    Kpi(
        "patrol.within_target_share_lowland",
        "share",
        "higher",
        "Share of incidents reached within the target, lowland kecamatan",
        "Porsi kejadian terjangkau dalam target, kecamatan dataran rendah",
        part_of="patrol.within_target_share",
    ),
    Kpi(
        "patrol.handled_by_guard",
        "incidents",
        "none",
        "Incidents handled by TPS guards",
        "Kejadian ditangani pengamanan TPS",
    ),
    Kpi(
        "patrol.handled_by_unit",
        "incidents",
        "none",
        "Incidents handled by mobile units",
        "Kejadian ditangani unit mobile",
    ),
    Kpi(
        "patrol.on_scene_at_end",
        "incidents",
        "none",
        "Incidents still being handled at the end",
        "Kejadian masih ditangani di akhir",
    ),
    Kpi(
        "patrol.unanswered",
        "incidents",
        "lower",
        "Incidents never reached",
        "Kejadian tidak terjangkau",
    ),
    Kpi(
        "patrol.escalated",
        "incidents",
        "lower",
        "Incidents that escalated while waiting",
        "Kejadian yang meningkat saat menunggu",
    ),
    Kpi(
        "patrol.preemptions",
        "orders",
        "lower",
        "Units taken off less severe work",
        "Unit ditarik dari tugas yang lebih ringan",
    ),
    Kpi(
        "patrol.wait_mean_min",
        "min",
        "lower",
        "Mean wait for a unit to be dispatched",
        "Rata-rata tunggu hingga unit diberangkatkan",
    ),
    Kpi(
        "patrol.unit_utilisation",
        "share",
        "none",
        "Mean busy share of mobile units",
        "Rata-rata porsi sibuk unit mobile",
    ),
    Kpi(
        "cost.officer_hours",
        "officer-h",
        "lower",
        "Officer-hours on duty (police, Brimob, TNI)",
        "Jam-personel bertugas (Polri, Brimob, TNI)",
    ),
    Kpi(
        "cost.linmas_hours",
        "person-h",
        "lower",
        "Linmas person-hours at TPS",
        "Jam-orang Linmas di TPS",
    ),
    Kpi("cost.officers", "officers", "lower", "Officers deployed", "Personel dikerahkan"),
)


def build(drill: Drill) -> Component | None:
    from simulation.patrol.model import PatrolModel

    return PatrolModel(drill)


PLUGIN = ModelPlugin(
    name="patrol",
    build=build,
    section="incidents",
    kpis=KPIS,
    charts=("response", "timeline", "map"),
)
