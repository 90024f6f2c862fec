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
    # The KPI this one breaks down (e.g. by terrain): shown, but it decides only when named,
    # so a plan is never counted twice for the same response times.
    part_of: str = ""


REGISTRY: dict[str, Kpi] = {}


def register(*kpis: Kpi) -> None:
    for kpi in kpis:
        REGISTRY[kpi.name] = kpi


KECAMATAN = "kecamatan"
"""Per-kecamatan KPIs are one family, `<model>.kecamatan.<terrain>.<sector>.<kpi>`, breaking
down `<model>.<kpi>`: a drill reports them with its KPIs, experiments keep them out of the
summary and tabulate them by kecamatan (a scenario has as many as it has sectors)."""
TERRAIN_ID = {"highland": "dataran tinggi", "lowland": "dataran rendah"}


def kecamatan_kpi(model: str, terrain: str, sector: str, kpi: str) -> str:
    """The family name of `<model>.<kpi>` in one sector of the given terrain."""
    return f"{model}.{KECAMATAN}.{terrain}.{sector}.{kpi}"


def split_kecamatan(name: str) -> tuple[str, str, str] | None:
    """(terrain, sector, the KPI broken down) of a per-kecamatan KPI, else None."""
    parts = name.split(".")
    if len(parts) != 5 or parts[1] != KECAMATAN:
        return None
    model, _, terrain, sector, kpi = parts
    return terrain, sector, f"{model}.{kpi}"


def describe(name: str) -> Kpi:
    """The registered KPI, a per-kecamatan one as its base KPI in that kecamatan, or a neutral
    description for an unregistered name."""
    if name in REGISTRY:
        return REGISTRY[name]
    split = split_kecamatan(name)
    if split is not None and split[2] in REGISTRY:
        terrain, sector, of = split
        base = REGISTRY[of]
        en = f"{base.en}, kecamatan {sector} ({terrain})"
        id_ = f"{base.id}, kecamatan {sector} ({TERRAIN_ID.get(terrain, terrain)})"
        return Kpi(name, base.unit, base.better, en, id_, part_of=of)
    return Kpi(name, "", "none", name, name)


COST_UNITS = ("officer-h", "person-h")
"""Units of the budget: a KPI in these is a cost, never a win."""


def is_cost(name: str) -> bool:
    """Whether a KPI is part of the budget (``cost.*``, or counted in officer- or
    person-hours): a comparison calls its difference higher or lower, never better or worse,
    though a plan search may still minimise it."""
    return name.startswith("cost.") or describe(name).unit in COST_UNITS


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
    family = f"`<model>.{KECAMATAN}.<terrain>.<sector>.<kpi>`"
    lines.append(
        f"| {family} | as `<model>.<kpi>` | as `<model>.<kpi>` | `<model>.<kpi>` in one "
        "kecamatan (sector) of that terrain | `<model>.<kpi>` di satu kecamatan |"
    )
    return "\n".join(lines) + "\n"
