"""Batch parameter sweeps: every design point x strategy x replication, stored as it finishes.

Replication r is the drill (seed, r) at every design point (common random numbers across points),
so differences between points come from the parameters, not from luck of the draw.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulation.experiments.design import Design, build_design
from simulation.experiments.engine import SISPAM
from simulation.experiments.errors import ExperimentError
from simulation.experiments.inputs import check_kpis, check_strategies, file_sha256
from simulation.experiments.manifest import experiment_manifest, write_manifest
from simulation.experiments.runner import run_tasks, session
from simulation.experiments.sensitivity import analyse
from simulation.experiments.statistics import summarise
from simulation.experiments.sweepfile import SweepFile, read_sweep_file
from simulation.experiments.tables import kpi_columns, runs_table, write_csv
from simulation.experiments.tasks import DrillEngine, DrillTask, overrides_to_json
from simulation.scenario import ScenarioError


@dataclass(frozen=True)
class Sweep:
    """The tables of a sweep (also written as CSV files with the same names)."""

    runs: pd.DataFrame
    summary: pd.DataFrame
    sensitivity: pd.DataFrame


def _planned(sweep_path: Path, engine: DrillEngine) -> tuple[SweepFile, Path, list[str], Design]:
    """Read the sweep file, check it against the scenario and build the design.

    Each parameter's path and extreme values are tried alone on the scenario before the first
    drill, so a typo or an impossible value fails at once, reported at its line in the sweep file.
    A combination that only fails together (say, more officers than the pool) is recorded as
    the error of those drills.
    """
    spec, scenario_path, locator = read_sweep_file(sweep_path)
    parameters = spec.parameter_list()
    try:
        chosen = check_strategies(
            engine, engine.load(str(scenario_path), None), spec.strategies, ("strategies",)
        )
        check_kpis(engine, spec.sensitivity, ("sensitivity",))
        design = build_design(
            parameters, spec.sampler, spec.samples, spec.seed, bool(spec.sensitivity)
        )
    except ExperimentError as exc:
        raise ScenarioError([locator.problem(exc.location, exc.message)]) from None
    for parameter in parameters:
        for value in parameter.extremes():
            try:
                engine.load(str(scenario_path), {parameter.path: value})
            except ScenarioError as exc:
                found = "; ".join(f"{p.path}: {p.message}" for p in exc.problems)
                where = ("parameters", parameter.path)
                problem = locator.problem(where, f"with {value!r}: {found}")
                raise ScenarioError([problem]) from None
    return spec, scenario_path, chosen, design


def sweep(
    sweep_file: str | Path,
    *,
    engine: DrillEngine = SISPAM,
    out: str | Path | None = None,
    resume: bool = False,
    executor: str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    command: list[str] | None = None,
) -> Sweep:
    """Run the sweep described by `sweep_file` (see simulation.experiments.sweepfile).

    With `out`, runs.csv, summary.csv (per point, strategy and KPI) and sensitivity.csv are
    written there and every drill is stored as it finishes, so `resume=True` continues an
    interrupted sweep; manifest.json records what made the tables (`command`: the CLI argv, if
    any). Bad input raises ScenarioError (located in the sweep or scenario file)
    or ExperimentError (options) before anything is written.
    """
    sweep_path = Path(sweep_file)
    spec, scenario_path, chosen, design = _planned(sweep_path, engine)
    parameters = spec.parameter_list()
    point_overrides = [overrides_to_json(point) for point in design.points]
    identity = {
        "kind": "sweep",
        "scenario_sha256": engine.digest(engine.load(str(scenario_path), None)),
        "seed": spec.seed,
        "design_sha256": hashlib.sha256(json.dumps(point_overrides).encode()).hexdigest(),
    }

    def tasks() -> Iterator[DrillTask]:
        for point, overrides in enumerate(point_overrides):
            for r in range(spec.replications):
                for strategy in chosen:
                    yield DrillTask(
                        point, strategy, r, spec.seed, str(scenario_path), overrides, engine
                    )

    folder = Path(out) if out is not None else None
    with session(folder, identity, resume, engine, executor, workers, scheduler) as opened:
        folder, store, runner = opened
        run_tasks(tasks, store, runner, f"sweep {sweep_path.name}")
        runs = runs_table(
            store,
            scenario_path.stem,
            chosen,
            lambda key: key[1] in chosen and key[2] < spec.replications,
            design.points,
        )
        kpis = kpi_columns(runs)
        summary = _with_parameters(summarise(runs, ["point", "strategy"], kpis), design)
        means = summary.pivot_table(
            index=["strategy", "point"], columns="kpi", values="mean", dropna=False
        )
        sensitivity = (
            analyse(
                parameters, design, means.reset_index(), spec.sensitivity, spec.sampler, spec.seed
            )
            if spec.sensitivity
            else pd.DataFrame()
        )
        if out is not None:
            write_csv(runs, folder / "runs.csv")
            write_csv(summary, folder / "summary.csv")
            if spec.sensitivity:
                write_csv(sensitivity, folder / "sensitivity.csv")
            manifest = experiment_manifest(
                command,
                kind="sweep",
                scenario=scenario_path.stem,
                scenario_file=str(scenario_path),
                scenario_sha256=engine.digest(engine.load(str(scenario_path), None)),
                sweep_file=str(sweep_path.resolve()),
                sweep_sha256=file_sha256(sweep_path),
                parameters=[p.path for p in parameters],
                sampler=spec.sampler,
                points=len(design.points),
                strategies=chosen,
                replications=spec.replications,
                seed=spec.seed,
            )
            write_manifest(manifest, folder)
    return Sweep(runs, summary, sensitivity)


def _with_parameters(summary: pd.DataFrame, design: Design) -> pd.DataFrame:
    """summary.csv with one column per swept parameter after `point`, so a reader sees which
    values each row is about without joining runs.csv."""
    values = pd.DataFrame(design.points)
    values.insert(0, "point", range(len(design.points)))
    table = summary.merge(values, on="point", how="left")
    rest = [c for c in summary.columns if c != "point"]
    return table[["point", *values.columns[1:], *rest]]
