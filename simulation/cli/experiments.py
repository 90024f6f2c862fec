"""`sispam compare` and `sispam sweep`: the experiments on the command line.

Bad input exits 2 with a located message before anything is written; Ctrl-C exits 130 and says
how to resume, because every finished drill is already stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulation.cli.common import UserError, add_scenario_args, parse_sets

if TYPE_CHECKING:
    import pandas as pd

EXIT_INTERRUPTED = 130
# As simulation.experiments.executors.EXECUTORS (a test keeps them equal): written out so that
# building the parser does not import the experiments (pandas, scipy, dask).
EXECUTORS = ("serial", "processes", "dask")


def _default_out(kind: str, name: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("results") / f"{stamp}-{kind}-{name}"


def _interrupted(out: Path, argv: list[str]) -> int:
    """Say where the drills are and the exact command that continues them."""
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--out":
            skip = True
        elif arg != "--resume" and not arg.startswith("--out="):
            kept.append(arg)
    again = " ".join(kept)
    print(
        f"\ninterrupted: every finished drill is stored in {out}/\n"
        f"continue with: sispam {again} --out {out} --resume",
        file=sys.stderr,
    )
    return EXIT_INTERRUPTED


def _run(args: argparse.Namespace, kind: str, name: str, experiment: Callable[..., Any]) -> Any:
    """Run `experiment` with the shared run options; option errors exit 2, Ctrl-C exits 130."""
    from concurrent.futures.process import BrokenProcessPool

    from simulation.experiments.errors import ExperimentError
    from simulation.experiments.store import STORE_NAME

    out = Path(args.out) if args.out else _default_out(kind, name)
    try:
        return experiment(
            out=out,
            resume=args.resume,
            executor=args.executor,
            workers=args.workers,
            scheduler=args.scheduler,
        )
    except ExperimentError as exc:
        raise UserError(str(exc)) from None
    except KeyboardInterrupt:
        stored = (out / STORE_NAME).exists()
        sys.exit(_interrupted(out, sys.argv[1:]) if stored else EXIT_INTERRUPTED)
    except BrokenProcessPool:  # a worker was killed (out of memory?): what finished is stored
        print("sispam: error: a worker process died", file=sys.stderr)
        sys.exit(_interrupted(out, sys.argv[1:]))


def _print_differences(differences: pd.DataFrame) -> None:
    """One line per paired difference; a KPI no pair of drills reported says so, not NaN."""
    for row in differences.itertuples():
        pair = f"  {row.strategy} - {row.baseline}  {row.kpi:<36}"
        if math.isnan(row.mean):
            print(f"{pair} {'':>11} not reported by these drills")
            continue
        interval = (
            "(one pair)"
            if math.isnan(row.ci_low) or math.isnan(row.ci_high)
            else f"[{row.ci_low:+.3f}, {row.ci_high:+.3f}]"
        )
        print(f"{pair} {row.mean:>+11.3f} {interval}  {row.verdict}")


def cmd_compare(args: argparse.Namespace) -> int:
    from simulation.experiments.compare import compare

    strategies = [s.strip() for s in args.strategies.split(",")] if args.strategies else None
    precision_kpis = args.precision_kpis.split(",") if args.precision_kpis else None
    name = Path(args.file).stem if args.file else "default"
    result = _run(
        args,
        "compare",
        name,
        partial(
            compare,
            args.file,
            strategies,
            decisions=args.decisions,
            overrides=parse_sets(args.set) or None,
            replications=args.replications,
            seed=args.seed,
            baseline=args.baseline,
            precision=args.precision,
            precision_kpis=precision_kpis,
            max_replications=args.max_replications,
            command=args.argv,
        ),
    )
    runs = result.runs
    failed = int((runs["error"] != "").sum())
    print(
        f"{len(runs)} drills ({runs['replication'].nunique()} paired replications per strategy, "
        f"{failed} failed); differences with 95% confidence intervals:"
    )
    _print_differences(result.differences)
    return 0


def cmd_counterfactual(args: argparse.Namespace) -> int:
    """Branch a played game at one decision and compare it with the game on the same dice."""
    from simulation.experiments.counterfactual import counterfactual

    played = Path(args.played)
    result = _run(
        args,
        "counterfactual",
        played.name,
        partial(
            counterfactual,
            played,
            args.decision,
            args.at,
            args.drop,
            replications=args.replications,
            command=args.argv,
        ),
    )
    print(
        f"{len(result.runs)} drills ({result.runs['replication'].nunique()} paired replications); "
        "counterfactual - played, with 95% confidence intervals:"
    )
    _print_differences(result.differences)
    print("words per deciding KPI: sispam report OUT [--lang id]")
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from simulation.experiments.sweep import sweep

    result = _run(
        args, "sweep", Path(args.sweepfile).stem, partial(sweep, args.sweepfile, command=args.argv)
    )
    runs = result.runs
    failed = int((runs["error"] != "").sum())
    print(f"{len(runs)} drills at {runs['point'].nunique()} design points ({failed} failed)")
    return 0


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", help="output folder (default results/<time>-<kind>-<name>)")
    p.add_argument("--resume", action="store_true", help="continue an interrupted run in --out")
    p.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="processes",
        help="where drills run (default: local processes)",
    )
    p.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    p.add_argument("--scheduler", help="address of a running Dask scheduler, e.g. tcp://host:8786")


def register(sub: Any) -> None:
    """Add the compare and sweep subcommands to the `sispam` parser."""
    p = sub.add_parser(
        "compare", help="compare strategies over paired replications (common random numbers)"
    )
    add_scenario_args(p)
    p.add_argument("--strategies", metavar="A,B", help="strategies (default: all)")
    p.add_argument("--baseline", help="strategy the others are compared to (default: the first)")
    p.add_argument("--replications", type=int, default=30, help="per strategy (default 30)")
    p.add_argument(
        "--seed", type=int, default=1, help="replication r is the drill (seed, r) (default 1)"
    )
    p.add_argument(
        "--decisions",
        nargs="+",
        default=[],
        metavar="LOG.yaml",
        help="played games (decision logs) as variants, each named by its file, replayed on every "
        "replication's dice (with --strategies, beside those strategies)",
    )
    p.add_argument(
        "--precision",
        type=float,
        metavar="REL",
        help="add replications until every 95%% CI half-width is within REL of its mean",
    )
    p.add_argument("--precision-kpis", metavar="K1,K2", help="key KPIs the target applies to")
    p.add_argument(
        "--max-replications", type=int, default=1000, help="cap for --precision (default 1000)"
    )
    _add_run_options(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser(
        "counterfactual",
        help="a played game against itself with one decision dropped or moved, same dice",
        description="Branch the decision log of a played game (or of run --decisions) at "
        "decision K (numbered from 1 as in the AAR): the orders before it kept exactly, K "
        "dropped or given at another time; both replayed on common random numbers. "
        "'sispam report OUT' says per deciding KPI what would have changed.",
    )
    p.add_argument("played", metavar="PLAYED_DIR", help="result folder with decisions.yaml")
    p.add_argument("--decision", type=int, required=True, metavar="K", help="decision number")
    change = p.add_mutually_exclusive_group(required=True)
    change.add_argument("--at", metavar="CLOCK", help="give decision K at this time ('H 10:00')")
    change.add_argument("--drop", action="store_true", help="leave decision K out")
    p.add_argument("--replications", type=int, default=30, help="paired replications (30)")
    _add_run_options(p)
    p.set_defaults(func=cmd_counterfactual)

    p = sub.add_parser("sweep", help="run a sweep file: parameters by dotted path, sampled")
    p.add_argument("sweepfile", metavar="SWEEPFILE")
    _add_run_options(p)
    p.set_defaults(func=cmd_sweep)

    register_optimise(sub)


# --- sispam optimise ------------------------------------------------------------------------


def cmd_optimise(args: argparse.Namespace) -> int:
    """Run a search file; optuna is imported here only, so `sispam --help` stays fast."""
    from simulation.experiments.optimise import optimise

    result = _run(
        args,
        "optimise",
        Path(args.searchfile).stem,
        partial(optimise, args.searchfile, evaluations=args.budget_evals, command=args.argv),
    )
    print(
        f"{len(result.candidates)} plans evaluated ({int(result.candidates['feasible'].sum())} "
        f"feasible), {result.drills_run} drills run now; front of {len(result.front)} plans "
        f"({result.dropped} dropped after re-evaluation)"
    )
    if result.folder is not None and len(result.front):
        for path in _front_charts(result.folder):
            print(f"chart:   {path}")
        print(f"briefing: sispam report {result.folder} --lang id  (or --lang en)")
    return 0


def _front_charts(folder: Path) -> list[Path]:
    """pareto.png (and parallel.png for three objectives or more) beside the tables, drawn by
    the report layer from the folder, as `sispam chart` draws them."""
    from simulation.reports.catalogue import Inputs, available, draw
    from simulation.reports.style import save

    inputs = Inputs.collect([folder])
    return [
        path
        for name in ("pareto", "parallel")
        if name in available(inputs)
        for path in save(draw(name, inputs), folder / name, ("png",))
    ]


def register_optimise(sub: Any) -> None:
    """Add `sispam optimise SEARCH.yaml` (see simulation.experiments.searchfile)."""
    p = sub.add_parser(
        "optimise", help="propose deployments under a personnel budget (multi-objective search)"
    )
    p.add_argument("searchfile", metavar="SEARCH.yaml")
    p.add_argument(
        "--budget-evals",
        type=int,
        metavar="N",
        help="distinct plans to evaluate (default: the search file's `evaluations`)",
    )
    _add_run_options(p)
    p.set_defaults(func=cmd_optimise)
