"""Compare deployment strategies on common random numbers.

Replication r of every strategy is the drill (seed, r), so strategies face the same incidents
and the paired differences carry only the effect of the strategy (Law, *Simulation Modeling and
Analysis*, 10.2). With a precision target, replications are added until every key KPI's 95%
interval is narrow enough, or the cap is reached; the stopping rule only looks at stored results,
so a resumed comparison stops at the same replication count.
"""

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from simulation.experiments.areas import by_kecamatan
from simulation.experiments.engine import SISPAM
from simulation.experiments.errors import ExperimentError
from simulation.experiments.inputs import check_kpis, check_strategies
from simulation.experiments.manifest import experiment_manifest, write_manifest
from simulation.experiments.runner import run_tasks, session
from simulation.experiments.statistics import (
    paired_differences,
    precise_enough,
    replications_needed,
    summarise,
)
from simulation.experiments.tables import kpi_columns, runs_table, write_csv
from simulation.experiments.tasks import DrillEngine, DrillTask, overrides_to_json
from simulation.scenario import resolve_scenario


@dataclass(frozen=True)
class Comparison:
    """The tables of a comparison (also written as CSV files with the same names);
    `by_kecamatan` is empty when the engine reports no per-kecamatan KPIs."""

    runs: pd.DataFrame
    summary: pd.DataFrame
    differences: pd.DataFrame
    by_kecamatan: pd.DataFrame


def _requested(strategies: list[str], replications: int, key: tuple[int, str, int]) -> bool:
    """Whether a stored drill belongs to this request (a store may hold more replications)."""
    return key[1] in strategies and key[2] < replications


def _played(
    engine: DrillEngine, scenario: Any, decisions: Sequence[str | Path], taken: list[str]
) -> dict[str, tuple[str, str]]:
    """Variant name -> (decision log path, its sha256), each log checked against the scenario."""
    if decisions and engine.plays is None:
        raise ExperimentError("this engine cannot replay played games", "--decisions")
    played: dict[str, tuple[str, str]] = {}
    for given in decisions:
        log = Path(given)
        if not log.is_file():
            raise ExperimentError(f"no decision log {given}", "--decisions")
        name = log.stem
        if name in played or name in taken:
            raise ExperimentError(f"two variants are called {name!r}; rename a log", "--decisions")
        assert engine.plays is not None
        engine.plays(scenario, str(log.resolve()))  # a located error for a bad log
        digest = hashlib.sha256(log.read_bytes()).hexdigest()
        played[name] = (str(log.resolve()), digest)
    return played


def compare(
    scenario: str | Path | None = None,
    strategies: Sequence[str] | None = None,
    *,
    decisions: Sequence[str | Path] = (),
    engine: DrillEngine = SISPAM,
    overrides: dict[str, Any] | None = None,
    replications: int = 30,
    seed: int = 1,
    baseline: str | None = None,
    precision: float | None = None,
    precision_kpis: Sequence[str] | None = None,
    max_replications: int = 1000,
    out: str | Path | None = None,
    resume: bool = False,
    executor: str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    command: list[str] | None = None,
) -> Comparison:
    """Run `replications` paired drills per strategy and summarise them.

    `scenario` is a file or a bundled scenario's name (default: the bundled default scenario);
    `overrides` set scenario values by dotted path (as `--set`) for every drill;
    `strategies` defaults to all of the scenario's, or to none when `decisions` are given:
    each decision log (a played game) is a variant named by its file name, replayed on every
    replication's dice. `baseline` (default: the first variant) is what the others are
    compared against.
    `precision` (e.g. 0.05) keeps adding replications until each of the key `precision_kpis`
    has a 95% CI half-width within that fraction of its mean, up to `max_replications`.
    With `out`, runs.csv, summary.csv, differences.csv (and by_kecamatan.csv when drills
    report per-kecamatan KPIs) are written there and every drill is
    stored durably as it finishes, so `resume=True` continues an interrupted comparison, and
    manifest.json records what made the tables (`command`: the CLI argv, if any).
    Bad input raises ScenarioError (located in the scenario file) or ExperimentError (options)
    before anything is written.
    """
    path = resolve_scenario(scenario).resolve()
    loaded = engine.load(str(path), overrides)
    chosen = (
        check_strategies(engine, loaded, strategies, "--strategies")
        if strategies or not decisions
        else []
    )
    played = _played(engine, loaded, decisions, chosen)
    chosen += list(played)
    baseline = baseline or chosen[0]
    if baseline not in chosen:
        raise ExperimentError(
            f"baseline {baseline!r} is not among the compared strategies", "--baseline"
        )
    if replications < 2:
        raise ExperimentError(
            f"needs at least 2 replications for a confidence interval, got {replications}",
            "--replications",
        )
    if seed < 0:
        raise ExperimentError(f"must be 0 or more, got {seed}", "--seed")
    if precision is not None and not 0 < precision < 1:
        raise ExperimentError(f"must be a fraction between 0 and 1, got {precision}", "--precision")
    if max_replications < replications:
        raise ExperimentError(
            f"must be at least --replications ({replications})", "--max-replications"
        )
    if precision is not None and not precision_kpis:
        raise ExperimentError("--precision needs the key KPIs it applies to", "--precision-kpis")
    check_kpis(engine, precision_kpis or (), "--precision-kpis")
    settings = overrides_to_json(overrides)
    identity = {
        "kind": "compare",
        # The loaded scenario's digest covers its base scenarios and MSEL tables too.
        "scenario_sha256": engine.digest(loaded),
        "overrides": settings,
        "seed": seed,
    }
    if played:  # a changed decision log is another experiment: --resume refuses it
        identity["decisions"] = {name: digest for name, (_, digest) in played.items()}

    def tasks(n: int) -> Iterator[DrillTask]:
        for r in range(n):
            for strategy in chosen:
                log = played[strategy][0] if strategy in played else ""
                yield DrillTask(0, strategy, r, seed, str(path), settings, engine, log)

    folder = Path(out) if out is not None else None
    with session(folder, identity, resume, engine, executor, workers, scheduler) as opened:
        folder, store, runner = opened
        n = replications
        while True:
            run_tasks(partial(tasks, n), store, runner, f"compare x{n}")
            runs = runs_table(store, path.stem, chosen, partial(_requested, chosen, n))
            kpis = kpi_columns(runs)
            summary = summarise(runs, ["strategy"], kpis)
            if (
                not kpis
                or precision is None
                or n >= max_replications
                or precise_enough(summary, list(precision_kpis), precision)
            ):
                break
            needed = replications_needed(summary, list(precision_kpis), precision)
            n = min(max_replications, max(n + 1, needed))
        differences = paired_differences(runs, baseline, kpis, {k: engine.better(k) for k in kpis})
        areas = by_kecamatan(runs, baseline, engine.better)
        runs = runs.drop(columns="point")
        if out is not None:
            tables = {"runs": runs, "summary": summary, "differences": differences}
            if len(areas):
                tables["by_kecamatan"] = areas
            for name, table in tables.items():
                write_csv(table, folder / f"{name}.csv")
            manifest = experiment_manifest(
                command,
                kind="compare",
                scenario=path.stem,
                scenario_file=str(path),
                scenario_sha256=engine.digest(loaded),
                overrides=json.loads(settings),
                strategies=chosen,
                baseline=baseline,
                replications=n,
                seed=seed,
                decisions={
                    name: {"file": log, "sha256": digest} for name, (log, digest) in played.items()
                },
            )
            write_manifest(manifest, folder)
    return Comparison(runs, summary, differences, areas)
