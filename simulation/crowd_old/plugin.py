"""The crowd model as the engine sees it: built when the scenario has crowd scenes.

The model (numba-compiled walking) is imported only when a drill has a scene, so listing KPIs
and validating scenarios stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulation.core.kpis import Kpi
from simulation.core.plugins import ModelPlugin, OrderSpec

if TYPE_CHECKING:
    from simulation.core.drill import Component, Drill

CROWD_KPIS = """
time_hijau_min | min | higher | Time the crowd was orderly (hijau) | Waktu status hijau
time_kuning_min | min | none | Time disorderly (kuning) | Waktu status kuning
time_merah_min | min | lower | Time in riot (merah) | Waktu status merah
worst_status | 0/1/2 | lower | Worst status (0 hijau, 1 kuning, 2 merah) | Status terburuk
time_to_restore_hijau_min | min | lower | From leaving hijau to restoring it | Waktu pemulihan
hijau_restored | 0/1 | higher | Hijau restored by the end | Hijau pulih di akhir
peak_density_ppm2 | p/m2 | lower | Peak local density | Kepadatan lokal puncak
person_s_above_5ppm2 | person-s | lower | Person-seconds above 5 p/m2 (LoS F) | Orang-detik > 5/m2
exit_crush_person_s | person-s | lower | Crush risk at exits (person-s > 5 p/m2) | Risiko himpitan
peak_exit_density_ppm2 | p/m2 | lower | Peak density at exits | Kepadatan puncak di pintu keluar
injured_civilians | people | lower | Civilians injured | Warga terluka
injured_crush | people | lower | Of whom crushed | Di antaranya terhimpit
injured_force | people | lower | Of whom hurt by police force | Di antaranya oleh tindakan polisi
injured_clash | people | lower | Of whom hurt in group clashes | Di antaranya dalam bentrok massa
injured_officers | officers | lower | Officers injured | Petugas terluka
arrests | people | none | Arrests | Penangkapan
property_damage_events | events | lower | Property-damage events | Kejadian perusakan
peak_crowd_size | people | none | Largest crowd present | Massa terbanyak
reinforcement_wait_max_min | min | lower | Longest wait for a requested unit | Tunggu bantuan
line_breaches | breaches | lower | Police lines broken by the crowd | Barisan jebol
building_seized | 0/1 | lower | Building seized by the crowd | Gedung diduduki massa
seized_min | min | lower | Time the crowd held the building | Lama pendudukan gedung
tyre_fires | fires | lower | Tyre fires lit | Pembakaran ban
past_permit_min | min | lower | Time a crowd stayed past its hours | Lama massa lewat batas waktu
present_at_permit_end | people | lower | Present when its hours ended | Massa hadir saat batas waktu
"""


def _crowd_kpis() -> tuple[Kpi, ...]:
    """The table above as registry entries, named ``crowd.<name>``."""
    rows = (line.split("|") for line in CROWD_KPIS.strip().splitlines())
    return tuple(
        Kpi(f"crowd.{name.strip()}", unit.strip(), better.strip(), en.strip(), id_.strip())  # type: ignore[arg-type]
        for name, unit, better, en, id_ in rows
    )


KPIS = _crowd_kpis()


def build(drill: Drill) -> Component | None:
    from simulation.scenario.scenes import scenes

    if not scenes(drill.scenario):
        return None
    from simulation.crowd_old.component import CrowdComponent

    return CrowdComponent(drill)


def warnings(scenario: Any) -> list[str]:
    """Scenes whose crowd riots on arrival whatever the police do (crowd.outlook), scenes
    that run past their permitted hours (crowd.permit), then scenes walked at an unvalidated
    step or slow enough to make comparisons long (crowd_warnings)."""
    from agents.permit import permit_warnings
    from simulation.crowd_old.outlook import early_riot
    from simulation.scenario.crowd_warnings import crowd_warnings
    from simulation.scenario.scenes import scenes

    found = (early_riot(scene.spec) for scene in scenes(scenario))
    early = [w for w in found if w is not None]
    return early + permit_warnings(scenario) + crowd_warnings(scenario)


PLUGIN = ModelPlugin(
    name="crowd",
    build=build,
    section="crowd",
    kpis=KPIS,
    charts=("crowd-status", "crowd-density"),
    warnings=warnings,
    orders=(
        OrderSpec(
            "limit_force",
            "the highest use-of-force stage (1 presence .. 6 firearm) from now on",
            {"crowd": "crowd", "stage": "text"},
        ),
        OrderSpec(
            "allow_means",
            "authorise water_cannon or tear_gas for a scene",
            {"crowd": "crowd", "means": "text"},
        ),
        OrderSpec(
            "forbid_means",
            "forbid water_cannon or tear_gas for a scene",
            {"crowd": "crowd", "means": "text"},
        ),
        OrderSpec(
            "close_exit",
            "close a venue exit of a live scene: nobody leaves through it, the crowd turns "
            "to the others",
            {"crowd": "crowd", "exit": "exit"},
        ),
        OrderSpec(
            "open_exit",
            "open a closed venue exit of a live scene again",
            {"crowd": "crowd", "exit": "exit"},
        ),
        OrderSpec(
            "raise_command",
            "the Kapolda takes control of a scene now (pending orders for force are given)",
            {"crowd": "crowd"},
        ),
        OrderSpec(
            "request_tni",
            "ask for TNI support for a scene now: its TNI units come after the set delay",
            {"crowd": "crowd"},
        ),
    ),
)
