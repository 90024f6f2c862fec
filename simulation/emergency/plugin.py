"""The red-phase emergency model as the engine sees it: built when the scenario has
``emergency:``; the model code is imported only then."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulation.core.kpis import Kpi
from simulation.core.plugins import ModelPlugin, OrderSpec

if TYPE_CHECKING:
    from simulation.core.drill import Component, Drill

EMERGENCY_KPIS = """
premises_burned | premises | lower | Premises lost to fire | Bangunan terbakar habis
fires | fires | none | Premises set alight | Bangunan terbakar
first_water_mean_min | min | lower | Ignition to first water (mean) | Waktu hingga air pertama
casualties | people | none | Casualties triaged | Korban yang ditriase
casualties_red | people | none | Of whom red (immediate) | Di antaranya merah (segera)
deaths | people | lower | Deaths (expected, by time to care) | Korban meninggal (harapan)
deaths_avoided | people | higher | Deaths avoided by care | Kematian yang dicegah perawatan
care_red_mean_min | min | lower | Injury to hospital, red (mean) | Waktu ke rumah sakit, merah
care_yellow_mean_min | min | lower | Injury to hospital, yellow | Waktu ke rumah sakit, kuning
waiting_at_end | people | lower | Casualties waiting at the end | Korban belum terangkut
hostages_hurt | people | lower | Hostages hurt | Sandera terluka
hostage_resolved_mean_min | min | lower | Hostage taking to its end | Lama penyanderaan
arrests | people | none | People arrested and transported | Orang ditangkap dan diangkut
detainee_officer_h | officer-h | lower | Officer-h on detainee trips | Jam-petugas angkut tahanan
pemulihan_min | min | lower | First merah to hijau (pemulihan) | Waktu pemulihan ke hijau
restored | 0/1 | higher | Hijau restored by the end | Hijau pulih di akhir
"""


def _kpis() -> tuple[Kpi, ...]:
    """The table above as registry entries, named ``emergency.<name>``."""
    rows = (line.split("|") for line in EMERGENCY_KPIS.strip().splitlines())
    return tuple(
        Kpi(f"emergency.{name.strip()}", unit.strip(), better.strip(), en.strip(), id_.strip())  # type: ignore[arg-type]
        for name, unit, better, en, id_ in rows
    )


KPIS = _kpis()


def build(drill: Drill) -> Component | None:
    if drill.scenario.emergency is None:
        return None
    from simulation.emergency.component import EmergencyComponent

    return EmergencyComponent(drill)


PLUGIN = ModelPlugin(
    name="emergency",
    build=build,
    section="emergency",
    kpis=KPIS,
    charts=("emergency-phases",),
    orders=(
        OrderSpec(
            "order_rescue",
            "the commander stops negotiating and sends the rescue team in",
            {"situation": "text"},
        ),
        OrderSpec(
            "stage_damkar",
            "move a free fire engine of a Damkar station to wait at a place",
            {"station": "text", "to": "place"},
        ),
        OrderSpec(
            "escort_damkar",
            "police units of a type escort Damkar engines through a merah crowd from now on",
            {"unit_type": "text"},
        ),
        OrderSpec(
            "stage_ambulance",
            "move a free ambulance of a hospital to wait at a place",
            {"hospital": "text", "to": "place"},
        ),
    ),
    after=("crowd", "patrol"),
)
