"""Quantities a drill of this scenario publishes, by name: what contingency injects may read.

A pure function of the scenario, so that a condition naming something the drill will never
publish is a load error (located at the condition), not an inject that silently never fires.
Sub-models that publish more add their namespace here (crowds: ``crowd.<id>``, convoys:
``convoy.<id>``) and publish exactly these names on ``drill.state``.
"""

from __future__ import annotations

from simulation.scenario.logistics import convoy_ids
from simulation.scenario.model import ScenarioSpec
from simulation.scenario.scenes import scenes

SECTOR_QUANTITIES = {"incidents", "grievance"}
"""sector.<id>.incidents: incidents reported so far; .grievance: information-driven grievance."""
HOAX_QUANTITIES = {"reach", "believing", "detected", "taken_down"}
"""hoax.<id>.reach / .believing: regency shares (0-1); .detected / .taken_down: true or false."""
INJECT_QUANTITIES = {"fired"}
CROWD_QUANTITIES = {
    "status",
    "size",
    "violent",
    "injured",
    "officers_injured",
    "arrests",
    "ended",
}
"""crowd.<id>.status: "hijau", "kuning" or "merah"; .size: people present; .violent: count;
.injured / .officers_injured / .arrests: counts so far; .ended: true once the scene is over."""
CONVOY_QUANTITIES = {"dispatched", "stuck", "delivered", "overdue", "late_tps"}
"""convoy.<kecamatan>: the trucks to that PPK. .dispatched: the first truck has left the
warehouse; .stuck: a truck is stuck on a slope now; .delivered: every kit is at the PPK;
.overdue: the planned PPK arrival has passed without every kit there; .late_tps: the
kecamatan's TPS not ready at the deadline (0 until the deadline)."""
LOGISTICS_QUANTITIES = {"ready_share", "late_tps"}
"""logistics.ready_share: share of the regency's TPS with their kit (0-1); .late_tps: TPS not
ready at the deadline (0 until the deadline)."""


def observable_names(spec: ScenarioSpec) -> dict[str, set[str]]:
    """``namespace.object`` -> the attributes the drill publishes for it."""
    names: dict[str, set[str]] = {
        f"sector.{s.id}": SECTOR_QUANTITIES for s in spec.geography.sectors
    }
    if spec.information is not None:
        names |= {f"hoax.{h.id}": HOAX_QUANTITIES for h in spec.information.hoaxes}
    if spec.logistics is not None:
        names |= {f"convoy.{c}": CONVOY_QUANTITIES for c in convoy_ids(spec.logistics)}
        names["logistics"] = LOGISTICS_QUANTITIES
    if spec.msel is not None:
        names |= {f"inject.{i.number}": INJECT_QUANTITIES for i in spec.msel.injects}
    names |= {f"crowd.{scene.id}": CROWD_QUANTITIES for scene in scenes(spec)}
    return names
