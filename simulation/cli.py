"""The `sispam` command: validate, list, run and schema (other commands register here too).

Bad input is answered with located messages on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from simulation.reports.commands import add_report_commands
from simulation.scenario import ScenarioError, bundled_scenarios, load_scenario
from simulation.scenario.model import ScenarioSpec
from simulation.scenario.schema import scenario_json_schema

EXIT_BAD_INPUT = 2


class UserError(Exception):
    """Bad input found by a command: printed as one line, exit code 2."""


def parse_sets(items: Sequence[str]) -> dict[str, Any]:
    """`--set path=value` pairs; values are read as YAML scalars so numbers stay numbers."""
    out: dict[str, Any] = {}
    for item in items:
        path, sep, value = item.partition("=")
        if not sep or not path:
            raise UserError(f"--set takes PATH=VALUE, got {item!r}")
        out[path.strip()] = yaml.safe_load(value) if value.strip() else ""
    return out


def load(source: str | None, sets: Sequence[str] = ()) -> ScenarioSpec:
    """The scenario a command names (None: the default), with its --set overrides."""
    return load_scenario(source, parse_sets(sets) or None)


# --- commands -----------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for file in args.files:
        try:
            spec = load_scenario(file)
        except ScenarioError as exc:
            print(exc, file=sys.stderr)
            failed = True
            continue
        geo = spec.geography
        tps = sum(s.tps.total for s in geo.sectors)
        print(
            f"ok: {file}: {len(geo.sectors)} sectors, {tps} TPS, "
            f"strategies: {', '.join(spec.strategies)}"
        )
    return EXIT_BAD_INPUT if failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    for name, path in bundled_scenarios().items():
        try:
            spec = load_scenario(path)
        except ScenarioError as exc:  # a broken bundled file is a bug worth showing plainly
            print(f"{name}: INVALID\n{exc}", file=sys.stderr)
            continue
        print(f"{name}: {spec.metadata.title}")
        for key, strategy in spec.strategies.items():
            mark = "*" if key == spec.default_strategy else " "
            print(f"  {mark} {key}: {strategy.name}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(scenario_json_schema(), indent=2))
    return 0


def cmd_kpis(args: argparse.Namespace) -> int:
    from simulation.core.kpis import markdown_table
    from simulation.core.plugins import installed

    installed()  # the installed models declare their KPIs

    print(markdown_table(), end="")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from simulation.core.drill import run_drill
    from simulation.core.kpis import describe
    from simulation.reports.catalogue import save_run_charts
    from simulation.results import default_out_dir, write_run

    spec = load(args.file, args.set)
    result = run_drill(spec, args.strategy, args.seed)
    out = Path(args.out) if args.out else default_out_dir(result)
    try:
        written = write_run(result, out, extra=[lambda d: save_run_charts(d, args.lang)])
    except FileExistsError as exc:
        raise UserError(str(exc)) from None
    print(
        f"{result.title}\nstrategy {result.strategy}, seed {result.seed}, "
        f"{len(result.events)} events, {result.wall_s:.2f} s\n"
    )
    width = max(len(k) for k in result.kpis)
    for name, value in result.kpis.items():
        kpi = describe(name)
        label = kpi.id if args.lang == "id" else kpi.en
        print(f"  {name:<{width}}  {value:>12.3f} {kpi.unit:<10} {label}")
    print(f"\nwritten: {written}/")
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


# --- wiring -------------------------------------------------------------------------------------

Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sispam",
        description="Tabletop simulation of SISPAMKOTA-style election security drills.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check scenario files and report every problem")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="bundled scenarios and their strategies (* = default)")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario language")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("kpis", help="every KPI: unit, better direction, meaning (Markdown)")
    p.set_defaults(func=cmd_kpis)

    p = sub.add_parser("run", help="run one drill and write its result folder")
    add_scenario_args(p)
    p.add_argument("--strategy", help="strategy name (default: the scenario's default)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument(
        "--out", help="output folder (default results/<time>-<scenario>-<strategy>-s<seed>)"
    )
    p.add_argument("--lang", choices=("en", "id"), default="en", help="language of labels")
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

    from simulation.experiments.commands import register as register_experiments

    register_experiments(sub)
    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


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


# Other modules add subcommands by appending a function that takes the subparsers object.
EXTRA_COMMANDS: list[Callable[[Any], None]] = [add_report_commands]


# --- facilitated play: `sispam play` and `sispam run --decisions` (one block, see issue 15) ------


def _play_out_dir(
    args: argparse.Namespace, scenario: str, strategy: str, seed: int, kind: str = "play"
) -> Path:
    import datetime as dt

    if args.out:
        return Path(args.out)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    rep = f"r{args.replication}" if getattr(args, "replication", 0) else ""
    return Path("results") / f"{stamp}-{scenario}-{strategy}-s{seed}{rep}-{kind}"


def _write_played(session: Any, out: Path, log_file: str, argv: list[str], lang: str) -> Path:
    """The result folder of a finished game: as `sispam run` writes it, plus the decision log
    (decisions.yaml) and, in the manifest, the log file and its sha256."""
    import hashlib

    from simulation.reports.catalogue import save_run_charts
    from simulation.results import write_run

    text = session.decisions_yaml()

    def add_log(folder: Path) -> None:
        (folder / "decisions.yaml").write_text(text, encoding="utf-8")

    meta = {
        "decisions_file": log_file,
        "decisions_sha256": hashlib.sha256(Path(log_file).read_bytes()).hexdigest()
        if Path(log_file).is_file()
        else hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "decisions": len(session.log.decisions),
    }
    try:
        return write_run(
            session.result,
            out,
            extra=[add_log, lambda d: save_run_charts(d, lang)],
            command=argv,
            extra_manifest=meta,
        )
    except FileExistsError as exc:
        raise UserError(str(exc)) from None


def _session_from(args: argparse.Namespace) -> tuple[Any, Any]:
    """The session a play or replay starts from, and the decision log (or None): header values
    of the log fill in what the command line leaves out."""
    from simulation.play.decisions import load_decisions
    from simulation.play.session import Session

    log = load_decisions(args.decisions) if args.decisions else None
    file = args.file or (log.scenario if log and log.scenario else None)
    spec = load(file, args.set)
    strategy = args.strategy or (log.strategy if log and log.strategy else None)
    seed = args.seed if args.seed is not None else (log.seed if log else 1)
    replication = (
        args.replication if args.replication is not None else (log.replication if log else 0)
    )
    return Session(spec, strategy, seed, replication), log


def cmd_run_decisions(args: argparse.Namespace) -> int:
    """`sispam run`, or with --decisions the played game replayed headless."""
    if not args.decisions:
        args.seed = 1 if args.seed is None else args.seed
        return cmd_run(args)
    from simulation.core.kpis import describe
    from simulation.play.session import replay

    session, log = _session_from(args)
    replay(session, log)
    result = session.finish()
    refused = len(session.refusals)
    out = _play_out_dir(args, result.scenario, result.strategy, result.seed, "replay")
    written = _write_played(session, out, str(args.decisions), args.argv, args.lang)
    print(
        f"{result.title}\nstrategy {result.strategy}, seed {result.seed}, "
        f"{len(log.decisions)} decisions ({refused} refused), {len(result.events)} events\n"
    )
    for name, value in result.kpis.items():
        kpi = describe(name)
        print(
            f"  {name:<40}  {value:>12.3f} {kpi.unit:<10} {kpi.id if args.lang == 'id' else kpi.en}"
        )
    print(f"\nwritten: {written}/")
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    """Serve the facilitator console for one game until Ctrl-C; save its decision log."""
    import uvicorn  # imported here: `sispam --help` must stay fast

    from simulation.play.server import Game, create_app, is_loopback, new_join_code
    from simulation.play.session import replay

    args.decisions = args.from_log
    session, log = _session_from(args)
    if log is not None:
        keep = len(log.decisions) if args.keep is None else args.keep
        try:
            replay(session, log.branch(keep))
        except ValueError as exc:
            raise UserError(str(exc)) from None
        print(f"branch: the first {keep} of {len(log.decisions)} decisions of {args.from_log}")
    elif args.keep is not None:
        raise UserError("--keep needs --from LOG.yaml")
    drill = session.drill
    out = _play_out_dir(args, session.scenario.metadata.name, drill.strategy_name, drill.seed)

    def on_finish(game: Game) -> Path:
        return _write_played(game.session, out, str(out / "decisions.yaml"), args.argv, args.lang)

    game = Game(session, on_finish=on_finish)
    code = None if is_loopback(args.host) else new_join_code()
    app = create_app(game, code)
    url = f"http://{args.host}:{args.port}/"
    print(f"{session.scenario.metadata.title}\nstrategy {drill.strategy_name}, seed {drill.seed}")
    query = f"?code={code}" if code else ""
    print(f"console: {url}{query}\nplayers: {url}players{query}")
    if code:
        print(f"join code: {code}  (open to the network: share it only with the players)")
    print("Ctrl-C ends the game and saves the decision log.")
    server = uvicorn.Server(
        uvicorn.Config(app, host=args.host, port=args.port, log_level="warning")
    )
    try:
        server.run()
    finally:
        with game.lock:
            game.playing = False
            if game.written is None:
                out.mkdir(parents=True, exist_ok=True)
                (out / "decisions.yaml").write_text(session.decisions_yaml(), encoding="utf-8")
                print(
                    f"\ndecision log: {out / 'decisions.yaml'} ({len(session.log.decisions)} "
                    f"decisions; the drill was at {drill.clock.label(session.now)})"
                )
            else:
                print(f"\nwritten: {game.written}/")
    return 0


def add_play_commands(sub: Any) -> None:
    """`sispam play`, and --decisions on `sispam run` (added to the existing parser)."""
    run = sub.choices["run"]
    run.add_argument(
        "--decisions",
        metavar="LOG.yaml",
        help="replay a played game's decision log headless (its scenario, strategy and seed "
        "unless given)",
    )
    run.add_argument("--replication", type=int, default=None, help=argparse.SUPPRESS)
    run.set_defaults(func=cmd_run_decisions, seed=None)

    p = sub.add_parser("play", help="play a drill together: the facilitator console in a browser")
    add_scenario_args(p)
    p.add_argument("--strategy", help="strategy name (default: the scenario's default)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default 1)")
    p.add_argument("--replication", type=int, default=None, help="replication number (default 0)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1;"
        " any other needs the join code printed at start)",
    )
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument(
        "--from",
        dest="from_log",
        metavar="LOG.yaml",
        help="start from a saved decision log (a branch, with --keep)",
    )
    p.add_argument("--keep", type=int, metavar="K", help="keep the first K decisions of --from")
    p.add_argument("--out", help="result folder (default results/<time>-...-play)")
    p.add_argument("--lang", choices=("en", "id"), default="id", help="language of chart labels")
    p.set_defaults(func=cmd_play)


EXTRA_COMMANDS.append(add_play_commands)

# --- end of facilitated play ---------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    from simulation.core.drill import UnknownStrategy

    args = build_parser().parse_args(argv)
    args.argv = ["sispam", *(sys.argv[1:] if argv is None else argv)]  # as typed, for manifests
    try:
        return args.func(args)
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
    except (UserError, UnknownStrategy) as exc:
        print(f"sispam: error: {exc}", file=sys.stderr)
    return EXIT_BAD_INPUT


def entry() -> None:
    """The console script: like main(), and `sispam run | head` ends quietly as other tools do."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())


if __name__ == "__main__":
    entry()
