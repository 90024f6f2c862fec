"""Propose deployments under a personnel budget: a multi-objective search over strategy levers.

Optuna's NSGA-II (constrained domination) proposes candidates generation by generation; each
distinct candidate is a design point whose drills (seed, r) are the same for every candidate
(common random numbers), run through the experiment executors into the durable store. The
sampler is seeded and is only told values read back from the store, so a resumed search asks
exactly the same candidates again and finds their drills stored: nothing is recomputed.

Noise is handled in two stages: the search ranks candidates on a few replications; the
non-dominated ones are then re-evaluated with more, and only those still non-dominated (and
within every constraint) are reported, each objective as a mean with its 95% interval.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from simulation.experiments.engine import SISPAM
from simulation.experiments.errors import ExperimentError
from simulation.experiments.inputs import check_kpis, check_strategies, file_sha256
from simulation.experiments.manifest import experiment_manifest, write_manifest
from simulation.experiments.progress import Progress
from simulation.experiments.runner import run_tasks, session
from simulation.experiments.searchfile import (
    ChoiceLever,
    Lever,
    Plan,
    lever_names,
    normal_path,
    parse_expr,
    read_search_file,
)
from simulation.experiments.statistics import mean_interval, paired_differences, summarise
from simulation.experiments.store import DrillStore
from simulation.experiments.tables import kpi_columns, runs_table, write_csv
from simulation.experiments.tasks import DrillEngine, DrillTask, overrides_to_json
from simulation.scenario import ScenarioError
from simulation.scenario.overrides import parse_path

REFERENCE_POINT = 0  # the bundled strategies' drills; plans are points 1, 2, ...
# The sampler may keep proposing plans already evaluated once the space is nearly exhausted;
# after this many asks per evaluation the search ends with what it has.
ASKS_PER_EVALUATION = 5
Officers = Callable[[Any, str], float]


@dataclass
class Candidate:
    """A proposed setting of every lever, and what the search learnt about it."""

    values: dict[str, Any]
    point: int = -1
    officers: float = math.nan
    violations: list[float] = field(default_factory=list)
    reason: str = ""
    means: list[float] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.reason and all(v <= 0 for v in self.violations)


@dataclass(frozen=True)
class Optimised:
    """Tables of a search (also written as CSV files), and how many drills ran in this call."""

    front: pd.DataFrame
    candidates: pd.DataFrame
    references: pd.DataFrame
    dropped: int
    trials: int
    drills_run: int
    folder: Path | None = None  # where the tables were written (None without `out`)


def strategy_officers(scenario: Any, strategy: str) -> float:
    """Officers a strategy deploys, counted as the `cost.officers` KPI counts them."""
    from simulation.scenario.deployment import officers_deployed

    return float(officers_deployed(scenario, scenario.strategies[strategy]))


# --- reading the search file against the scenario ------------------------------------------


def _plan(search_path: Path, engine: DrillEngine, officers: Officers | None) -> Plan:
    """Read the search file and check every part of it against the scenario before any drill."""
    spec, scenario_path, locator = read_search_file(search_path)

    def fail(where: tuple, message: str) -> ScenarioError:
        return ScenarioError([locator.problem(where, message)])

    loaded = engine.load(str(scenario_path), None)
    known = list(engine.strategies(loaded))
    named = {}
    levers = []
    for name, path in lever_names(spec).items():
        spec_lever = spec.levers[path]
        dotted = normal_path(path)
        try:
            parts = parse_path(dotted)
        except ValueError as exc:
            raise fail(("levers", path), str(exc)) from None
        if len(parts) < 3 or parts[0] != "strategies":
            raise fail(("levers", path), "a lever is a strategy's value: strategies.NAME.…")
        named[path] = str(parts[1])
        values = tuple(spec_lever.values())
        numeric = not isinstance(spec_lever, ChoiceLever)
        levers.append(Lever(name, dotted, values, numeric))
    strategy = spec.strategy or next(iter(named.values()))
    try:
        check_strategies(engine, loaded, [strategy], ("strategy",))
    except ExperimentError as exc:
        raise fail(exc.location, exc.message) from None
    for path, owner in named.items():
        if owner != strategy:
            raise fail(("levers", path), f"the levers must all be strategy {strategy!r}'s")
    references = spec.references if spec.references is not None else known
    try:
        check_strategies(engine, loaded, references, ("references",))
        check_kpis(engine, [o.kpi for o in spec.objectives], ("objectives",))
    except ExperimentError as exc:
        raise fail(exc.location, exc.message) from None
    idle = engine.idle(loaded, strategy) if engine.idle is not None else {}
    for i, objective in enumerate(spec.objectives):
        if objective.kpi in idle:
            raise fail(
                ("objectives", i),
                f"{objective.kpi} comes from the {idle[objective.kpi]} model, which this "
                "scenario does not run: it is the same for every plan, so it cannot be an "
                "objective",
            )
    directions = []
    for i, objective in enumerate(spec.objectives):
        direction = objective.direction or engine.better(objective.kpi)
        if direction not in ("lower", "higher"):
            raise fail(
                ("objectives", i),
                f"{objective.kpi} has no better direction; add direction: lower or higher",
            )
        directions.append(direction)
    costs: dict[str, dict[str, float]] = {}  # officers of each lever value tried alone
    for lever, path in zip(levers, spec.levers, strict=True):
        costs[lever.name] = {}
        for value in lever.values if not lever.numeric else (lever.values[0], lever.values[-1]):
            try:
                alone = engine.load(str(scenario_path), {lever.path: value})
            except ScenarioError as exc:
                # A value the language rejects, or a path that does not exist, is the search
                # file's error; a plan that fails elsewhere (more officers than a pool holds)
                # is merely infeasible, and the search steers away from it.
                own = [p for p in exc.problems if _about(p.path, lever.path)]
                if own:
                    found = "; ".join(f"{p.path}: {p.message}" for p in own)
                    raise fail(("levers", path), f"with {value!r}: {found}") from None
                continue
            if officers is not None:
                costs[lever.name][json.dumps(value)] = officers(alone, strategy)
    if spec.budget is not None and officers is None:
        raise fail(("budget",), "this engine cannot count officers")
    budget = officers(loaded, strategy) if spec.budget == "base" and officers else spec.budget
    if officers is not None:
        _check_officers(
            spec, engine, scenario_path, strategy, levers, costs, budget, officers, fail
        )
    raw = _raw_scenario(scenario_path)
    base_values = {lever.name: _raw_value(raw, parse_path(lever.path)) for lever in levers}
    return Plan(
        spec,
        scenario_path,
        strategy,
        list(references),
        levers,
        directions,
        None if budget is None else float(budget),
        base_values,
        raw,
    )


OFFICERS_KPI = "cost.officers"  # the KPI `officers` counts before any drill


def _check_officers(
    spec: Any,
    engine: DrillEngine,
    scenario_path: Path,
    strategy: str,
    levers: list[Lever],
    costs: dict[str, dict[str, float]],
    budget: float | None,
    officers: Officers,
    fail: Callable[[tuple, str], ScenarioError],
) -> None:
    """Before any drill: a budget no plan can meet, and an officers objective no lever moves.

    Officers add up over guard groups and mobile units, so the plan with every lever at the
    value that needs the fewest officers alone (integer levers at either end) needs the fewest
    of all; when even it is over budget, no plan fits.
    """
    cheapest = {
        lever.name: json.loads(min(costs[lever.name], key=costs[lever.name].__getitem__))
        for lever in levers
        if costs[lever.name]
    }
    if budget is not None and len(cheapest) == len(levers):
        overrides = {lever.path: cheapest[lever.name] for lever in levers}
        try:
            fewest = officers(engine.load(str(scenario_path), overrides), strategy)
        except ScenarioError:
            fewest = None  # over a pool's inventory: the search will say which plans fit
        if fewest is not None and fewest > budget:
            values = ", ".join(f"{name} = {value!r}" for name, value in cheapest.items())
            raise fail(
                ("budget",),
                f"no plan fits a budget of {_number(budget)} officers: the fewest any plan "
                f"deploys is {_number(fewest)} (every lever at its cheapest value: {values})",
            )
    spread = {v for found in costs.values() for v in found.values()}
    for i, objective in enumerate(spec.objectives):
        if objective.kpi == OFFICERS_KPI and len(spread) == 1:
            raise fail(
                ("objectives", i),
                f"{OFFICERS_KPI} is the same for every plan ({_number(spread.pop())}): no lever "
                "changes the officers deployed, so it cannot be an objective",
            )


def _number(value: float) -> str:
    """A number for a message: four significant figures in fixed point (never scientific
    notation), whole numbers whole."""
    value = float(value)
    if not math.isfinite(value) or value == round(value):
        return f"{value:.0f}" if math.isfinite(value) else str(value)
    decimals = max(0, 3 - math.floor(math.log10(abs(value))))
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def _about(problem_path: str, lever_path: str) -> bool:
    return (
        problem_path == "<override>"
        or (problem_path + ".").startswith(lever_path + ".")
        or (problem_path.startswith(lever_path + "["))
    )


def _raw_scenario(path: Path) -> dict[str, Any]:
    """The scenario as written (after `base:` layering), to read and write strategy sections."""
    from simulation.scenario.layering import apply_base
    from simulation.scenario.yamlsource import load_yaml, read_source

    data, locator = load_yaml(read_source(path), str(path))
    if isinstance(data, dict) and "base" in data:
        data, _ = apply_base(data, locator, path.parent)
    return data


def _strategy_section(raw: dict[str, Any], strategy: str, key: str) -> Any:
    """A strategy's section as it applies, following `extends:` to where it was written."""
    seen = set()
    name: Any = strategy
    while isinstance(name, str) and name not in seen:
        seen.add(name)
        entry = raw.get("strategies", {}).get(name, {})
        if key in entry:
            return copy.deepcopy(entry[key])
        name = entry.get("extends")
    return None


def _raw_value(raw: dict[str, Any], parts: tuple) -> Any:
    node = _strategy_section(raw, str(parts[1]), str(parts[2]))
    for part in parts[3:]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


# --- the search -------------------------------------------------------------------------------


def _identity(plan: Plan, engine: DrillEngine) -> dict[str, Any]:
    """What the stored drills depend on; the evaluation budget is not part of it, so a resumed
    search may be given a larger budget and continues with the very same candidates."""
    design = plan.spec.model_dump(mode="json", exclude={"evaluations", "front_max", "levers"})
    design["levers"] = {p: lv.model_dump(mode="json") for p, lv in plan.spec.levers.items()}
    return {
        "kind": "optimise",
        "scenario_sha256": engine.digest(engine.load(str(plan.scenario), None)),
        "seed": plan.spec.seed,
        "design_sha256": hashlib.sha256(json.dumps(design, sort_keys=True).encode()).hexdigest(),
    }


def _overrides(plan: Plan, values: dict[str, Any]) -> dict[str, Any]:
    return {lever.path: values[lever.name] for lever in plan.levers}


def _check(
    plan: Plan, candidate: Candidate, engine: DrillEngine, officers: Officers | None
) -> None:
    """Limits and budget of a candidate, known before any drill (an over-budget plan costs none)."""
    for limit in plan.spec.limits:
        total = sum(c * float(candidate.values[n]) for c, n in parse_expr(limit.expr))
        if limit.le is not None:
            candidate.violations.append(total - limit.le)
        if limit.ge is not None:
            candidate.violations.append(limit.ge - total)
    try:
        scenario = engine.load(str(plan.scenario), _overrides(plan, candidate.values))
    except ScenarioError as exc:
        candidate.reason = "; ".join(f"{p.path}: {p.message}" for p in exc.problems)
        return
    if officers is not None:
        candidate.officers = officers(scenario, plan.strategy)
    if plan.budget is not None:
        candidate.violations.append(candidate.officers - plan.budget)


def _results(store: DrillStore, points: set[int]) -> dict[int, list[dict[str, float]]]:
    """Stored KPIs per point (failed drills as empty dicts), replication order."""
    found: dict[int, list[dict[str, float]]] = {}
    for outcome in store.outcomes():
        if outcome.point in points:
            found.setdefault(outcome.point, []).append({} if outcome.error else outcome.kpis)
    return found


def _means(rows: list[dict[str, float]], kpis: list[str], n: int) -> list[float]:
    """Mean of each KPI over the first `n` replications; NaN if a drill failed or lacks it."""
    chosen = rows[:n]
    if len(chosen) < n:
        return [math.nan] * len(kpis)
    return [
        float(np.mean([row.get(k, math.nan) for row in chosen]))
        if all(math.isfinite(row.get(k, math.nan)) for row in chosen)
        else math.nan
        for k in kpis
    ]


def _minimised(values: list[float], directions: list[str]) -> list[float]:
    return [v if d == "lower" else -v for v, d in zip(values, directions, strict=True)]


def non_dominated(scores: list[list[float]]) -> list[int]:
    """Indices of the points no other point dominates (all objectives minimised)."""
    keep = []
    for i, a in enumerate(scores):
        dominated = any(
            all(x <= y for x, y in zip(b, a, strict=True))
            and any(x < y for x, y in zip(b, a, strict=True))
            for j, b in enumerate(scores)
            if j != i
        )
        if not dominated:
            keep.append(i)
    return keep


def _spread(indices: list[int], key: list[float], most: int) -> list[int]:
    """At most `most` of `indices`, evenly spread along `key` (always both ends)."""
    ordered = sorted(indices, key=lambda i: (key[i], i))
    if len(ordered) <= most:
        return ordered
    picks = np.linspace(0, len(ordered) - 1, most).round().astype(int)
    return [ordered[p] for p in dict.fromkeys(picks.tolist())]


def optimise(
    search_file: str | Path,
    *,
    engine: DrillEngine = SISPAM,
    officers: Officers | None = strategy_officers,
    evaluations: int | None = None,
    out: str | Path | None = None,
    resume: bool = False,
    executor: str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    command: list[str] | None = None,
) -> Optimised:
    """Run the search described by `search_file` (see simulation.experiments.searchfile).

    `evaluations` overrides the file's number of candidates. `officers` counts a strategy's
    officers for the budget (the real engine's count by default). With `out`, front.csv,
    candidates.csv, references.csv, front/pNN.yaml strategy files, comparison/ (the front and
    the bundled strategies as a paired comparison on the same drills, which `sispam report`
    reads) and manifest.json are written there, and every drill is stored as it finishes,
    so `resume=True` continues an interrupted search. Bad input raises ScenarioError (located in
    the search or scenario file) or ExperimentError (options) before anything is written.
    """
    import optuna
    from optuna.trial import TrialState

    search_path = Path(search_file)
    plan = _plan(search_path, engine, officers)
    spec = plan.spec
    total = evaluations if evaluations is not None else spec.evaluations
    if total < 1:
        raise ExperimentError(f"must be at least 1, got {total}", "--budget-evals")
    kpis = [o.kpi for o in spec.objectives]
    identity = _identity(plan, engine)
    scenario = str(plan.scenario)
    folder = Path(out) if out is not None else None
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    distributions = {
        lever.name: optuna.distributions.IntDistribution(0, len(lever.values) - 1)
        if lever.numeric
        else optuna.distributions.CategoricalDistribution(list(range(len(lever.values))))
        for lever in plan.levers
    }
    # Polynomial mutation moves an integer lever near its parent's value, where the default
    # redraws it anywhere: on levers with a dozen values the search then converges (tests).
    sampler = optuna.samplers.NSGAIISampler(
        population_size=spec.population,
        seed=spec.seed,
        mutation=_mutation(),
    )
    study = optuna.create_study(
        directions=["minimize" if d == "lower" else "maximize" for d in plan.directions],
        sampler=sampler,
    )
    candidates: dict[tuple, Candidate] = {}
    trials = 0
    warned = False
    drills_run = 0

    def tasks_for(points: list[Candidate], replications: int) -> Callable[[], Iterator[DrillTask]]:
        def tasks() -> Iterator[DrillTask]:
            for candidate in points:
                settings = overrides_to_json(_overrides(plan, candidate.values))
                for r in range(replications):
                    yield DrillTask(
                        candidate.point, plan.strategy, r, spec.seed, scenario, settings, engine
                    )

        return tasks

    with session(folder, identity, resume, engine, executor, workers, scheduler) as opened:
        folder, store, runner = opened
        progress = Progress("optimise", _planned_drills(plan, total))
        while len(candidates) < total and trials < ASKS_PER_EVALUATION * total:
            asked: list[tuple[Any, Candidate]] = []
            while len(asked) < spec.population and len(candidates) < total:
                if trials >= ASKS_PER_EVALUATION * total:
                    break
                trial = study.ask(distributions)
                trials += 1
                values = {
                    lever.name: lever.values[trial.params[lever.name]] for lever in plan.levers
                }
                key = tuple(json.dumps(values[lv.name]) for lv in plan.levers)
                if key in candidates:
                    # A plan already evaluated costs no drill, but told again its copies would
                    # crowd the population and stall the search: it is skipped (pymoo's
                    # duplicate elimination), and the budget counts distinct plans.
                    study.tell(trial, state=TrialState.FAIL)
                    continue
                candidate = Candidate(values, point=len(candidates) + 1)
                _check(plan, candidate, engine, officers)
                candidates[key] = candidate
                asked.append((trial, candidate))
            runnable = [c for _, c in asked if c.feasible]
            # A plan known infeasible before its drills costs none: the ETA counts only drills.
            progress.retotal(progress.total - (len(asked) - len(runnable)) * spec.replications)
            progress.describe(f"optimise: {len(candidates)}/{total} plans")
            drills_run += run_tasks(
                tasks_for(runnable, spec.replications), store, runner, "", progress=progress
            )
            stored = _results(store, {c.point for c in runnable})
            for candidate in runnable:
                candidate.means = _means(stored.get(candidate.point, []), kpis, spec.replications)
                if not all(math.isfinite(m) for m in candidate.means):
                    candidate.reason = "a drill failed or an objective is undefined"
            if not warned:
                warned = _warn_constant(search_path, plan, candidates.values(), kpis)
            for trial, candidate in asked:
                # Constrained domination: any feasible plan beats any infeasible one, and among
                # infeasible ones the smaller violation wins, so their values are never read.
                for i, violation in enumerate(candidate.violations):
                    trial.set_constraint(f"limit{i}", violation)
                trial.set_constraint("evaluated", 1.0 if candidate.reason else 0.0)
                values = candidate.means if candidate.feasible else [0.0] * len(kpis)
                study.tell(trial, values)
        evaluated = [c for c in candidates.values() if c.feasible]
        scores = [_minimised(c.means, plan.directions) for c in evaluated]
        front = _spread(non_dominated(scores), [s[0] for s in scores], spec.front_max)
        front_points = [evaluated[i] for i in front]

        def reference_tasks() -> Iterator[DrillTask]:
            settings = overrides_to_json(None)
            for name in compared(plan):
                for r in range(spec.front_replications):
                    yield DrillTask(REFERENCE_POINT, name, r, spec.seed, scenario, settings, engine)

        again = tasks_for(front_points, spec.front_replications)

        def final_tasks() -> Iterator[DrillTask]:
            yield from again()
            yield from reference_tasks()

        progress.retotal(progress.done + sum(1 for _ in final_tasks()))
        progress.describe("optimise: re-evaluating the front")
        drills_run += run_tasks(final_tasks, store, runner, "", progress=progress)
        progress.close()
        front_table, dropped = _front_table(plan, store, front_points, kpis)
        reference_table = _reference_table(plan, store, kpis, engine, officers)
        candidate_table = _candidate_table(plan, candidates.values(), kpis)
        if out is not None:
            write_csv(front_table, folder / "front.csv")
            write_csv(candidate_table, folder / "candidates.csv")
            write_csv(reference_table, folder / "references.csv")
            _write_strategies(plan, front_table, folder)
            _write_comparison(plan, store, front_table, engine, identity, command, folder)
            manifest = experiment_manifest(
                command,
                kind="optimise",
                scenario=plan.scenario.stem,
                scenario_file=str(plan.scenario),
                scenario_sha256=identity["scenario_sha256"],
                search_file=str(search_path.resolve()),
                search_sha256=file_sha256(search_path),
                strategy=plan.strategy,
                references=plan.references,
                levers={lever.name: lever.path for lever in plan.levers},
                base_values=plan.base_values,
                objectives=dict(zip(kpis, plan.directions, strict=True)),
                budget=plan.budget,
                seed=spec.seed,
                evaluations=total,
                population=spec.population,
                replications=spec.replications,
                front_replications=spec.front_replications,
                distinct_candidates=len(candidates),
                feasible_candidates=len(evaluated),
                proposed=trials,
                front_before_reevaluation=len(front_points),
                dropped_after_reevaluation=dropped,
                drills=store.count(),
            )
            write_manifest(manifest, folder)
    return Optimised(
        front_table,
        candidate_table,
        reference_table,
        dropped,
        trials,
        drills_run,
        Path(out) if out is not None else None,
    )


def compared(plan: Plan) -> list[str]:
    """The strategies re-run beside the front: the base first (every front plan is measured
    against it), then the other references."""
    return list(dict.fromkeys([plan.strategy, *plan.references]))


def _write_comparison(
    plan: Plan,
    store: DrillStore,
    front: pd.DataFrame,
    engine: DrillEngine,
    identity: dict[str, Any],
    command: list[str] | None,
    folder: Path,
) -> None:
    """comparison/: the front plans (as p01, ...) and the bundled strategies on the same
    front_replications drills, as `sispam compare` writes them, with the base as baseline and
    the objectives as the deciding KPIs; the objectives' directions are the search's."""
    n = plan.spec.front_replications
    names = dict(zip(front["point"], front["id"], strict=True))
    strategies = compared(plan)

    def wanted(key: tuple[int, str, int]) -> bool:
        point, strategy, r = key
        return r < n and (point in names or (point == REFERENCE_POINT and strategy in strategies))

    runs = runs_table(store, plan.scenario.stem, strategies, wanted)
    runs["strategy"] = [
        names.get(p, s) for p, s in zip(runs["point"], runs["strategy"], strict=True)
    ]
    order = {name: i for i, name in enumerate([plan.strategy, *names.values(), *strategies])}
    runs = runs.sort_values(
        ["strategy", "replication"], key=lambda c: c.map(order) if c.name == "strategy" else c
    )
    runs = runs.drop(columns="point").reset_index(drop=True)
    kpis = kpi_columns(runs)
    better = {k: engine.better(k) for k in kpis}
    better.update(zip([o.kpi for o in plan.spec.objectives], plan.directions, strict=True))
    target = folder / "comparison"
    target.mkdir(exist_ok=True)
    write_csv(runs, target / "runs.csv")
    write_csv(summarise(runs, ["strategy"], kpis), target / "summary.csv")
    write_csv(paired_differences(runs, plan.strategy, kpis, better), target / "differences.csv")
    manifest = experiment_manifest(
        command,
        kind="compare",
        scenario=plan.scenario.stem,
        scenario_file=str(plan.scenario),
        scenario_sha256=identity["scenario_sha256"],
        strategies=list(dict.fromkeys(runs["strategy"])),
        baseline=plan.strategy,
        replications=n,
        seed=plan.spec.seed,
        deciding_kpis=[o.kpi for o in plan.spec.objectives],
        made_by="sispam optimise: front plans as p01, ...; their strategy files are in ../front/",
    )
    write_manifest(manifest, target)


def _warn_constant(search_path: Path, plan: Plan, candidates: Any, kpis: list[str]) -> bool:
    """Once the first plans have run (on the same drills), warn at each objective that has
    the same mean for all of them: it probably does not depend on the levers (a model the
    scenario does not run, a KPI no lever reaches). True once said (or found varying)."""
    evaluated = [c for c in candidates if c.feasible and c.means]
    if len(evaluated) < 2:
        return False
    _, _, locator = read_search_file(search_path)
    for i, kpi in enumerate(kpis):
        if len({c.means[i] for c in evaluated}) == 1:
            value = _number(evaluated[0].means[i])
            problem = locator.problem(
                ("objectives", i),
                f"warning: {kpi} is {value} for all {len(evaluated)} plans run so far, on the "
                "same drills; does any lever change it?",
            )
            print(problem, file=sys.stderr, flush=True)
    return True


def _planned_drills(plan: Plan, evaluations: int) -> int:
    """Drills of the whole search at most: every plan on the search's replications, then the
    largest front and every reference on the front's (the progress total, cut as plans turn
    out infeasible and set exactly once the front is known)."""
    spec = plan.spec
    front = min(spec.front_max, evaluations) + len(plan.references)
    return evaluations * spec.replications + front * spec.front_replications


def _front_table(
    plan: Plan, store: DrillStore, points: list[Candidate], kpis: list[str]
) -> tuple[pd.DataFrame, int]:
    """Front points re-evaluated: means and 95% intervals; the ones now dominated are dropped."""
    n = plan.spec.front_replications
    stored = _results(store, {c.point for c in points})
    rows = []
    for candidate in points:
        results = stored.get(candidate.point, [])[:n]
        ok = len(results) == n and all(results)
        row: dict[str, Any] = {"point": candidate.point, **candidate.values}
        row["officers"] = candidate.officers
        for kpi in kpis:
            interval = mean_interval(np.array([r.get(kpi, math.nan) for r in results], float))
            ok = ok and interval["n"] == n
            row |= {
                f"{kpi}.mean": interval["mean"],
                f"{kpi}.ci_low": interval["ci_low"],
                f"{kpi}.ci_high": interval["ci_high"],
            }
        row["n"] = n
        rows.append((row, ok))
    kept = [row for row, ok in rows if ok]
    scores = [_minimised([row[f"{k}.mean"] for k in kpis], plan.directions) for row in kept]
    survivors = [kept[i] for i in non_dominated(scores)]
    survivors.sort(key=lambda row: (row[f"{kpis[0]}.mean"], row["point"]))
    for i, row in enumerate(survivors, start=1):
        row["id"] = f"p{i:02d}"
    columns = ["id", "point", *[lv.name for lv in plan.levers], "officers"]
    columns += [f"{k}.{s}" for k in kpis for s in ("mean", "ci_low", "ci_high")] + ["n"]
    return pd.DataFrame(survivors, columns=columns), len(points) - len(survivors)


def _reference_table(
    plan: Plan,
    store: DrillStore,
    kpis: list[str],
    engine: DrillEngine,
    officers: Officers | None,
) -> pd.DataFrame:
    """The bundled strategies on the same drills, for the chart and the summary."""
    n = plan.spec.front_replications
    found: dict[str, list[dict[str, float]]] = {}
    for outcome in store.outcomes():
        if outcome.point == REFERENCE_POINT and outcome.replication < n:
            found.setdefault(outcome.strategy, []).append({} if outcome.error else outcome.kpis)
    loaded = engine.load(str(plan.scenario), None)
    rows = []
    for name in compared(plan):
        results = found.get(name, [])
        row: dict[str, Any] = {"strategy": name}
        row["officers"] = officers(loaded, name) if officers else math.nan
        for kpi in kpis:
            interval = mean_interval(np.array([r.get(kpi, math.nan) for r in results], float))
            row |= {
                f"{kpi}.mean": interval["mean"],
                f"{kpi}.ci_low": interval["ci_low"],
                f"{kpi}.ci_high": interval["ci_high"],
            }
        row["n"] = len(results)
        rows.append(row)
    return pd.DataFrame(rows)


def _candidate_table(plan: Plan, candidates: Any, kpis: list[str]) -> pd.DataFrame:
    rows = []
    for c in candidates:
        rows.append(
            {
                "point": c.point,
                **c.values,
                "officers": c.officers,
                "feasible": c.feasible,
                **{
                    f"{k}.mean": m
                    for k, m in zip(kpis, c.means or [math.nan] * len(kpis), strict=True)
                },
                "reason": c.reason
                or ("; ".join(f"violates a limit by {v:g}" for v in c.violations if v > 0)),
            }
        )
    return pd.DataFrame(rows)


def front_strategy(plan: Plan, values: dict[str, Any]) -> dict[str, Any]:
    """A strategy entry that `extends:` the base and writes each section a lever changes whole
    (lists such as `mobile` are replaced, not merged, by `extends:`)."""
    sections: dict[str, Any] = {}
    for lever in plan.levers:
        parts = parse_path(lever.path)
        key = str(parts[2])
        if key not in sections:
            sections[key] = _strategy_section(plan.raw, plan.strategy, key)
        if len(parts) == 3:
            sections[key] = values[lever.name]
            continue
        node = sections[key]
        for part in parts[3:-1]:
            node = node[part]
        node[parts[-1]] = values[lever.name]
    for section in sections.values():
        if isinstance(section, dict) and "source" in section:  # the base's citation no longer fits
            del section["source"]
            section["assumption"] = "lever values chosen by sispam optimise (front point)"
    return {"extends": plan.strategy, **sections}


def _write_strategies(plan: Plan, front: pd.DataFrame, folder: Path) -> None:
    target = folder / "front"
    target.mkdir(exist_ok=True)
    for row in front.to_dict("records"):
        values = {lever.name: _plain(row[lever.name]) for lever in plan.levers}
        entry = front_strategy(plan, values)
        header = (
            f"# Front point {row['id']} of `sispam optimise` on {plan.scenario.stem}: "
            f"strategy {plan.strategy!r} with\n"
            + "".join(f"#   {lever.path} = {values[lever.name]!r}\n" for lever in plan.levers)
            + f"# Paste under the scenario's `strategies:` as `{row['id']}:`, or run it with\n"
            f"#   sispam run {plan.scenario.stem} --strategy {row['id']} "
            f'--set "strategies.{row["id"]}=$(cat front/{row["id"]}.yaml)"\n'
        )
        text = header + yaml.safe_dump(entry, sort_keys=False, allow_unicode=True)
        (target / f"{row['id']}.yaml").write_text(text, encoding="utf-8")


def _plain(value: Any) -> Any:
    """numpy scalars from a DataFrame as plain Python values for YAML."""
    return value.item() if isinstance(value, np.generic) else value


def _mutation() -> Any:
    import optuna

    with warnings.catch_warnings():  # experimental since optuna 5.0; pinned by the tests
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        return optuna.samplers.nsgaii.PolynomialMutation()
