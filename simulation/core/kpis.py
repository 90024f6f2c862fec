"""The KPI registry: every KPI's unit, better direction and meaning, in English and Indonesian.

Models declare their KPIs here so that experiments know which way is better and reports can
label axes without guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["lower", "higher", "none"]


@dataclass(frozen=True)
class Kpi:
    name: str
    unit: str
    better: Direction
    en: str
    id: str


REGISTRY: dict[str, Kpi] = {}


def register(*kpis: Kpi) -> None:
    for kpi in kpis:
        REGISTRY[kpi.name] = kpi


def describe(name: str) -> Kpi:
    """The registered KPI, or a neutral description for an unregistered name."""
    return REGISTRY.get(name, Kpi(name, "", "none", name, name))


def markdown_table() -> str:
    """Every registered KPI as a Markdown table (the source of docs/kpis.md, `sispam kpis`)."""
    lines = ["| name | unit | better | meaning | arti |", "|---|---|---|---|---|"]
    for name in sorted(REGISTRY):
        kpi = REGISTRY[name]
        better = "" if kpi.better == "none" else kpi.better
        lines.append(f"| `{name}` | {kpi.unit} | {better} | {kpi.en} | {kpi.id} |")
    return "\n".join(lines) + "\n"
