"""The ballot-logistics model as the engine sees it: built when the scenario has `logistics:`.

The model itself is imported only when a drill needs it, so listing KPIs stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.core.kpis import Kpi
from simulation.core.plugins import ModelPlugin, OrderSpec

if TYPE_CHECKING:
    from simulation.core.drill import Component, Drill

KPIS = (
    Kpi("logistics.tps", "TPS", "none", "TPS supplied", "TPS yang dipasok"),
    Kpi(
        "logistics.ready_on_time_share",
        "share",
        "higher",
        "Share of TPS ready by the deadline (07:00)",
        "Porsi TPS siap sebelum batas waktu (07:00)",
    ),
    Kpi("logistics.late_tps", "TPS", "lower", "TPS ready late", "TPS terlambat siap"),
    Kpi(
        "logistics.undelivered_tps",
        "TPS",
        "lower",
        "TPS without logistics at the end of the drill",
        "TPS tanpa logistik di akhir latihan",
    ),
    Kpi(
        "logistics.lateness_p50_min",
        "min",
        "lower",
        "Median lateness of late TPS",
        "Median keterlambatan TPS yang terlambat",
    ),
    Kpi(
        "logistics.lateness_p90_min",
        "min",
        "lower",
        "90th percentile lateness of late TPS",
        "Persentil ke-90 keterlambatan TPS yang terlambat",
    ),
    Kpi(
        "logistics.last_ready_vs_deadline_min",
        "min",
        "lower",
        "Last TPS ready, minutes after the deadline (negative: before)",
        "TPS terakhir siap, menit setelah batas waktu (negatif: sebelum)",
    ),
    Kpi(
        "logistics.unescorted_kit_hours",
        "kit-h",
        "lower",
        "Kits on the road without escort (kit-hours)",
        "Logistik di jalan tanpa pengawalan (kit-jam)",
    ),
    Kpi(
        "logistics.escort_officer_hours",
        "officer-h",
        "lower",
        "Officer-hours spent escorting logistics",
        "Jam-personel untuk pengawalan logistik",
    ),
    Kpi(
        "logistics.helper_officer_hours",
        "officer-h",
        "lower",
        "Officer-hours spent freeing stuck vehicles",
        "Jam-personel untuk menarik kendaraan yang terjebak",
    ),
    Kpi(
        "logistics.incidents_on_way",
        "incidents",
        "lower",
        "Incidents on the way (stuck, breakdown, ambush)",
        "Kejadian di perjalanan (terjebak, mogok, penghadangan)",
    ),
    Kpi("logistics.stuck", "incidents", "lower", "Vehicles stuck", "Kendaraan terjebak"),
    Kpi("logistics.breakdowns", "incidents", "lower", "Breakdowns", "Kendaraan mogok"),
    Kpi(
        "logistics.ambushes",
        "incidents",
        "lower",
        "Ambushes on the return trip",
        "Penghadangan saat pengembalian",
    ),
    Kpi(
        "logistics.escort_missing",
        "trips",
        "lower",
        "Trips that should have had an escort but none was free",
        "Perjalanan yang seharusnya dikawal tetapi tidak ada unit bebas",
    ),
    Kpi(
        "logistics.boxes_at_ppk_share",
        "share",
        "higher",
        "Share of sealed ballot boxes back at the PPK",
        "Porsi kotak suara tersegel kembali di PPK",
    ),
    Kpi("logistics.boxes_lost", "boxes", "lower", "Ballot boxes lost", "Kotak suara hilang"),
    Kpi(
        "logistics.dock_wait_mean_min",
        "min",
        "lower",
        "Mean wait for a loading dock at the warehouse",
        "Rata-rata antre dok muat di gudang",
    ),
)


def build(drill: Drill) -> Component | None:
    if drill.scenario.logistics is None:
        return None
    from simulation.logistics.model import LogisticsModel

    return LogisticsModel(drill)


PLUGIN = ModelPlugin(
    name="logistics",
    build=build,
    section="logistics",
    kpis=KPIS,
    charts=("logistics-timeline", "logistics-ready"),
    orders=(
        OrderSpec(
            "hold_convoy",
            "hold a convoy where it stands (or at the warehouse) for a time",
            {"convoy": "convoy", "for": "duration"},
        ),
        OrderSpec(
            "reroute_convoy",
            "send a convoy that has not left through a place on its way to the PPK",
            {"convoy": "convoy", "via": "place"},
        ),
        OrderSpec(
            "escort_convoy",
            "give a convoy that has not left an escort from the pool, whatever the policy",
            {"convoy": "convoy"},
        ),
    ),
    after=("patrol",),
)
