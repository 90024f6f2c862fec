"""`sispam run` and `sispam msel`: one drill, its result folder, its MSEL."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulation.cli.common import (
    UserError,
    add_formats_arg,
    add_scenario_args,
    load,
    long_lived_imports,
    print_kpis,
    refuse_taken_out,
)


def cmd_run(args: argparse.Namespace) -> int:
    if args.decisions:
        from simulation.cli.play import replay_command

        return replay_command(args)
    if args.replication is not None and args.replication < 0:
        raise UserError("--replication: must be 0 or more")
    out = Path(args.out) if args.out else None
    if out is not None:
        refuse_taken_out(out)
    with long_lived_imports():
        from simulation.core.drill import run_drill
        from simulation.reports.catalogue import save_run_charts
        from simulation.results import default_out_dir, write_run

    spec = load(args.file, args.set)
    result = run_drill(
        spec, args.strategy, 1 if args.seed is None else args.seed, args.replication or 0
    )
    out = out or default_out_dir(result)
    try:
        written = write_run(
            result, out, extra=[lambda d: save_run_charts(d, args.lang, args.formats)]
        )
    except FileExistsError as exc:
        raise UserError(str(exc)) from None
    print(
        f"{result.title}\nstrategy {result.strategy}, seed {result.seed}"
        + (f", replication {result.replication}" if result.replication else "")
        + f", {len(result.events)} events, {result.wall_s:.2f} s\n"
    )
    print_kpis(result.kpis, args.lang, written)
    return 0


def cmd_msel_export(args: argparse.Namespace) -> int:
    """Run one drill and write its MSEL with what fired when and the response, as CSV."""
    import os

    from simulation.core.drill import run_drill
    from simulation.information.injects import EXPORT_COLUMNS
    from simulation.results import write_csv

    spec = load(args.file, args.set)
    if spec.msel is None:
        raise UserError(f"{spec.origin}: the scenario has no 'msel' section")
    result = run_drill(spec, args.strategy, args.seed)
    out = Path(args.out or f"{result.scenario}-msel-{result.strategy}-s{result.seed}.csv")
    partial = out.parent / f".{out.name}.partial-{os.getpid()}"
    try:
        write_csv(partial, result.tables["msel"], list(EXPORT_COLUMNS))
        partial.replace(out)  # complete or not at all
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    fired = sum(row["fired"] == "yes" for row in result.tables["msel"])
    print(f"{out}: {len(result.tables['msel'])} injects, {fired} fired (seed {result.seed})")
    return 0


def cmd_msel_names(args: argparse.Namespace) -> int:
    """Print every quantity a contingency condition may read (convoy ids, hoaxes, sectors...)."""
    from simulation.scenario.observables import observable_names

    spec = load(args.file, args.set)
    for name, attributes in sorted(observable_names(spec).items()):
        print("\n".join(f"{name}.{attribute}" for attribute in sorted(attributes)))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="run one drill and write its result folder")
    add_scenario_args(p)
    p.add_argument("--strategy", help="strategy name (default: the scenario's default)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default 1)")
    p.add_argument(
        "--replication",
        type=int,
        default=None,
        help="replication number (default 0): row (seed, replication) of a comparison",
    )
    p.add_argument(
        "--decisions",
        metavar="LOG.yaml",
        help="replay a played game's decision log headless (its scenario, strategy and seed "
        "unless given)",
    )
    p.add_argument(
        "--out", help="output folder (default results/<time>-<scenario>-<strategy>-s<seed>)"
    )
    p.add_argument("--lang", choices=("en", "id"), default="en", help="language of labels")
    add_formats_arg(p)
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("msel", help="exercise timeline (MSEL) tools")
    msel = p.add_subparsers(dest="msel_command", required=True, metavar="ACTION")
    p = msel.add_parser(
        "export", help="run a drill and write its MSEL with what fired when, as CSV"
    )
    add_scenario_args(p)
    p.add_argument("--strategy", help="strategy name (default: the scenario's default)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--out", help="CSV file (default <scenario>-msel-<strategy>-s<seed>.csv)")
    p.set_defaults(func=cmd_msel_export)
    p = msel.add_parser("names", help="list the quantities contingency conditions may read")
    add_scenario_args(p)
    p.set_defaults(func=cmd_msel_names)
