"""Where a scene happens: the sector of a node (a site stands in its kecamatan)."""

from __future__ import annotations

from simulation.scenario.model import ScenarioSpec


def sector_of(spec: ScenarioSpec, node: str) -> str:
    site = next((s for s in spec.geography.sites if s.id == node), None)
    return node if site is None else site.sector
