"""The KPI registry: every KPI's unit, better direction and meaning, in English and Indonesian.

Models declare their KPIs here so that experiments know which way is better and reports can
label axes without guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from simulation.scenario.errors import Problem, did_you_mean

if TYPE_CHECKING:
    from simulation.scenario.model import ScenarioSpec

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


COST_UNITS = ("officer-h", "person-h")
"""Units of the budget: a KPI in these is a cost, never a win."""


def decide_problems(spec: ScenarioSpec) -> list[Problem]:
    """Located problems with the scenario's `decide:` KPIs: unknown names, KPIs with no better
    side, and costs. Needs the registry filled (`simulation.core.plugins.installed()`)."""
    if spec.decide is None:
        return []
    problems = []
    for group in ("harm", "service"):
        for i, name in enumerate(getattr(spec.decide, group)):
            kpi = REGISTRY.get(name)
            if kpi is None:
                hint = did_you_mean(name, REGISTRY)
                message = f"unknown KPI '{name}'{hint} (`sispam kpis` lists them)"
            elif kpi.better == "none":
                message = f"'{name}' has no better direction, so it cannot decide"
            elif kpi.unit in COST_UNITS:
                message = f"'{name}' is a cost: costs are the budget, never a win"
            else:
                continue
            problems.append(spec.problem(("decide", group, i), message))
    return problems


def markdown_table() -> str:
    """Every registered KPI as a Markdown table (the source of docs/kpis.md, `sispam kpis`)."""
    lines = ["| name | unit | better | meaning | arti |", "|---|---|---|---|---|"]
    for name in sorted(REGISTRY):
        kpi = REGISTRY[name]
        better = "" if kpi.better == "none" else kpi.better
        lines.append(f"| `{name}` | {kpi.unit} | {better} | {kpi.en} | {kpi.id} |")
    return "\n".join(lines) + "\n"
