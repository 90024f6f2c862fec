"""The election-period model as the engine sees it: built when the scenario has ``election:``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.core.kpis import Kpi
from simulation.core.plugins import ModelPlugin, OrderSpec

if TYPE_CHECKING:
    from simulation.core.drill import Component, Drill


def _k(name: str, unit: str, better: str, en: str, id_: str) -> Kpi:
    return Kpi(f"election.{name}", unit, better, en, id_)


KPIS = (
    _k(
        "rally_incidents",
        "incidents",
        "lower",
        "Disturbances at campaign rallies",
        "Gangguan pada kampanye rapat umum",
    ),
    _k(
        "rally_cover_share",
        "share",
        "higher",
        "Share of planned rally police cover on scene",
        "Porsi pengamanan kampanye yang hadir sesuai rencana",
    ),
    _k(
        "escort_delay_mean_min",
        "min",
        "lower",
        "Mean delay of candidate convoys",
        "Rata-rata keterlambatan pengawalan paslon",
    ),
    _k(
        "escorts_blocked",
        "convoys",
        "lower",
        "Candidate convoys blocked on the way",
        "Konvoi paslon yang dihadang di jalan",
    ),
    _k(
        "escorts_unescorted",
        "convoys",
        "lower",
        "Candidate convoys that left without escort",
        "Konvoi paslon berangkat tanpa pengawalan",
    ),
    _k(
        "props_cleared_share",
        "share",
        "higher",
        "Share of campaign props (APK) removed within the target",
        "Porsi APK yang diturunkan dalam batas waktu",
    ),
    _k(
        "props_clear_h",
        "h",
        "lower",
        "Hours to remove every campaign prop (APK)",
        "Jam sampai seluruh APK diturunkan",
    ),
    _k(
        "props_disputes",
        "disputes",
        "lower",
        "Disputes during prop removal",
        "Perselisihan saat penurunan APK",
    ),
    _k(
        "props_team_stopped_h",
        "h",
        "lower",
        "Team-hours stopped by disputes, waiting for police",
        "Jam tim tertahan perselisihan menunggu polisi",
    ),
    _k(
        "boxes_at_kpu_share",
        "share",
        "higher",
        "Share of ballot boxes stored at the KPU",
        "Porsi kotak suara tersimpan di gudang KPU",
    ),
    _k(
        "boxes_lost",
        "boxes",
        "lower",
        "Ballot boxes lost to theft on the way to the KPU",
        "Kotak suara hilang dicuri dalam perjalanan ke KPU",
    ),
    _k(
        "box_thefts",
        "attempts",
        "lower",
        "Attacks on ballot-box convoys",
        "Percobaan pencurian kotak suara",
    ),
    _k(
        "boxes_last_at_kpu_h",
        "h",
        "lower",
        "Hours from counting to the last boxes at the KPU",
        "Jam dari penghitungan sampai kotak terakhir tiba di KPU",
    ),
    _k(
        "recap_h",
        "h",
        "lower",
        "Length of the KPU recap pleno",
        "Lama rapat pleno rekapitulasi KPU",
    ),
    _k(
        "recap_objections",
        "objections",
        "lower",
        "Objections during the recap",
        "Keberatan saksi saat rekapitulasi",
    ),
    _k(
        "march_walk_min",
        "min",
        "none",
        "Minutes a march takes, start to tail at destination",
        "Menit long march dari berangkat sampai ekor tiba",
    ),
    _k(
        "road_closed_min",
        "min",
        "lower",
        "Road-minutes closed by marches",
        "Menit jalan tertutup oleh long march",
    ),
    _k(
        "after_hours_min",
        "min",
        "lower",
        "Minutes demonstrators stayed past the allowed hours (Perkap 7/2012)",
        "Menit massa bertahan melewati batas waktu demonstrasi (Perkap 7/2012)",
    ),
    _k(
        "dispersal_orders",
        "orders",
        "lower",
        "Dispersal orders given (Perkap 7/2012)",
        "Perintah pembubaran (Perkap 7/2012)",
    ),
    _k(
        "incidents",
        "incidents",
        "lower",
        "Incidents of the election-period scenes",
        "Kejadian pada adegan masa pemilihan",
    ),
    _k(
        "response_mean_min",
        "min",
        "lower",
        "Mean police response to election-scene incidents",
        "Rata-rata waktu tanggap polisi pada kejadian masa pemilihan",
    ),
    _k(
        "officer_hours_worked",
        "officer-h",
        "lower",
        "Officer-hours worked by mobile units (shifts, overtime)",
        "Jam-personel satuan mobile (shift dan lembur)",
    ),
    _k(
        "overtime_h",
        "unit-h",
        "lower",
        "Unit-hours worked past the end of a shift",
        "Jam-satuan lembur melewati akhir shift",
    ),
    _k(
        "shift_hours_lost",
        "unit-h",
        "lower",
        "Unit-hours of shifts lost to rest or injury",
        "Jam-satuan shift hilang karena istirahat atau cedera",
    ),
)


def build(drill: Drill) -> Component | None:
    spec = drill.scenario.election
    if spec is None:
        return None
    from simulation.election.component import ElectionModel

    return ElectionModel(drill, spec)


ORDERS = (
    OrderSpec(
        "escort_paslon",
        "pengawalan paslon: a named unit joins a candidate convoy's escort before it forms",
        {"escort": "scene", "unit": "unit"},
    ),
    OrderSpec(
        "guard_ppk",
        "post a named unit at a PPK: it guards the ballot boxes through the pleno and "
        "escorts them to the KPU warehouse",
        {"at": "place", "unit": "unit"},
    ),
    OrderSpec(
        "prioritise_props",
        "the next free APK-removal team goes to this kecamatan",
        {"at": "place"},
    ),
    OrderSpec(
        "disperse_march",
        "give a warned march's dispersal order now (Perkap 7/2012), without the grace",
        {"march": "scene"},
    ),
)

PLUGIN = ModelPlugin(
    name="election",
    build=build,
    section="election",
    kpis=KPIS,
    orders=ORDERS,
    charts=("election-period",),
)
