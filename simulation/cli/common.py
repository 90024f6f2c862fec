"""What every command group shares: the bad-input error, `--set` pairs and scenario arguments.

Light on purpose: the parser is built for every command, so nothing here imports a model,
pydantic or YAML at import time.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulation.scenario.model import ScenarioSpec

EXIT_BAD_INPUT = 2


class UserError(Exception):
    """Bad input found by a command: printed as one line, exit code 2."""


@contextmanager
def long_lived_imports() -> Iterator[None]:
    """Import a command's heavy libraries without the cyclic garbage collector scanning them.

    pydantic's models, numpy, matplotlib and pandas leave some 100,000 objects that live as long
    as the process; every full collection walks them all again (`sispam run` did three, some
    0.3 s of CPU). Collection pauses while they load, then they are frozen out of later scans
    (`main` thaws them when the command ends); what the command makes afterwards is collected
    as usual.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def chart_formats(text: str) -> tuple[str, ...]:
    """argparse type of ``--formats``: checked before any chart library is loaded."""
    from simulation.reports.formats import parse_formats

    try:
        return parse_formats(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_sets(items: Sequence[str]) -> dict[str, Any]:
    """`--set path=value` pairs; values are read as YAML scalars so numbers stay numbers."""
    import yaml

    out: dict[str, Any] = {}
    for item in items:
        path, sep, value = item.partition("=")
        if not sep or not path:
            raise UserError(f"--set takes PATH=VALUE, got {item!r}")
        parsed = yaml.safe_load(value) if value.strip() else ""
        if isinstance(parsed, int | float) and not isinstance(parsed, bool) and ":" in value:
            parsed = value.strip()  # YAML 1.1 reads 17:30 as base-60 1050; a planner means 17:30
        out[path.strip()] = parsed
    return out


def load(source: str | None, sets: Sequence[str] = ()) -> ScenarioSpec:
    """The scenario a command names (None: the default), with its --set overrides."""
    from simulation.geography import load_scenario

    return load_scenario(source, parse_sets(sets) or None)


def refuse_taken_out(out: Path) -> None:
    """A non-empty --out folder is refused at once, before the scenario, the drill and the
    charts' libraries load (the result writer refuses it again, in case it filled since)."""
    from simulation.results import refuse_taken

    try:
        refuse_taken(out)
    except FileExistsError as exc:
        raise UserError(str(exc)) from None


def add_formats_arg(p: argparse.ArgumentParser) -> None:
    """``--formats`` of the charts a drill's folder gets (`run`, `run --decisions`, `play`)."""
    from simulation.reports.formats import RUN_FORMATS

    p.add_argument(
        "--formats",
        type=chart_formats,
        default=RUN_FORMATS,
        help="chart files, comma-separated from png,svg,pdf (default png)",
    )


def add_scenario_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="scenario file or bundled name (default: pasuruan_pilkada_2024)",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="override a scenario value by dotted path, e.g. "
        "strategies.mobile.dispatch.escalate_after='20 min'",
    )


def print_kpis(kpis: dict[str, float], lang: str, written: object) -> None:
    """A drill's KPIs, one per line with unit and label, then where the folder was written.

    The per-kecamatan breakdowns (one per sector) stay in kpis.json and the briefing: on the
    terminal they would bury the drill's own KPIs.
    """
    from simulation.core.kpis import describe, split_kecamatan

    shown = {k: v for k, v in kpis.items() if split_kecamatan(k) is None}
    width = max((len(k) for k in shown), default=0)
    for name, value in shown.items():
        kpi = describe(name)
        label = kpi.id if lang == "id" else kpi.en
        print(f"  {name:<{width}}  {value:>12.3f} {kpi.unit:<10} {label}")
    if hidden := len(kpis) - len(shown):
        words = "KPI per kecamatan di" if lang == "id" else "per-kecamatan KPIs in"
        print(f"  (+ {hidden} {words} kpis.json)")
    print(f"\nwritten: {written}/")
