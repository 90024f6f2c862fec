"""`sispam play` and `sispam run --decisions`: a drill played together, and its replay.

The console (FastAPI + uvicorn) is imported inside the command, so `sispam --help` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from simulation.cli.common import (
    UserError,
    add_formats_arg,
    add_scenario_args,
    load,
    print_kpis,
    refuse_taken_out,
)


def _out_dir(args: argparse.Namespace, scenario: str, strategy: str, seed: int, kind: str) -> Path:
    import datetime as dt

    if args.out:
        return Path(args.out)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    rep = f"r{args.replication}" if getattr(args, "replication", 0) else ""
    return Path("results") / f"{stamp}-{scenario}-{strategy}-s{seed}{rep}-{kind}"


def _write_played(session: Any, out: Path, log_file: str, args: Any) -> Path:
    """The result folder of a finished game: as `sispam run` writes it, plus the decision log
    (decisions.yaml) and, in the manifest, the log file and its sha256."""
    import hashlib

    from simulation.reports.catalogue import save_run_charts
    from simulation.results import write_run

    text = session.decisions_yaml()

    def add_log(folder: Path) -> None:
        (folder / "decisions.yaml").write_text(text, encoding="utf-8")

    source = Path(log_file)
    data = source.read_bytes() if source.is_file() else text.encode("utf-8")
    meta = {
        "decisions_file": log_file,
        "decisions_sha256": hashlib.sha256(data).hexdigest(),
        "decisions": len(session.log.decisions),
    }
    try:
        return write_run(
            session.result,
            out,
            extra=[add_log, lambda d: save_run_charts(d, args.lang, args.formats)],
            command=args.argv,
            extra_manifest=meta,
        )
    except FileExistsError as exc:
        raise UserError(str(exc)) from None


def _session_from(args: argparse.Namespace, log_file: str | None) -> tuple[Any, Any]:
    """The session a play or replay starts from, and its decision log (or None): the log's
    header fills in what the command line leaves out."""
    from simulation.play.decisions import load_decisions
    from simulation.play.session import Session

    log = load_decisions(log_file) if log_file else None
    file = args.file or (log.scenario if log and log.scenario else None)
    spec = load(file, args.set)
    strategy = args.strategy or (log.strategy if log and log.strategy else None)
    seed = args.seed if args.seed is not None else (log.seed if log else 1)
    rep = args.replication if args.replication is not None else (log.replication if log else 0)
    return Session(spec, strategy, seed, rep), log


def replay_command(args: argparse.Namespace) -> int:
    """`sispam run --decisions LOG.yaml`: the played game, headless, to its result folder."""
    if args.out:
        refuse_taken_out(Path(args.out))
    from simulation.play.session import replay

    session, log = _session_from(args, args.decisions)
    replay(session, log)
    result = session.finish()
    out = _out_dir(args, result.scenario, result.strategy, result.seed, "replay")
    written = _write_played(session, out, str(args.decisions), args)
    print(
        f"{result.title}\nstrategy {result.strategy}, seed {result.seed}, "
        f"{len(log.decisions)} decisions ({len(session.refusals)} refused), "
        f"{len(result.events)} events\n"
    )
    print_kpis(result.kpis, args.lang, written)
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    """Serve the facilitator console for one game until Ctrl-C; save its decision log."""
    import uvicorn

    from simulation.play.server import Game, create_app, is_loopback, new_join_code
    from simulation.play.session import replay

    session, log = _session_from(args, args.from_log)
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
    out = _out_dir(args, session.scenario.metadata.name, drill.strategy_name, drill.seed, "play")

    def on_finish(game: Game) -> Path:
        return _write_played(game.session, out, str(out / "decisions.yaml"), args)

    game = Game(session, on_finish=on_finish)
    local = is_loopback(args.host)
    code, players = (None, None) if local else (new_join_code(), new_join_code())
    app = create_app(game, code, players)
    url = f"http://{args.host}:{args.port}/"
    print(f"{session.scenario.metadata.title}\nstrategy {drill.strategy_name}, seed {drill.seed}")
    query, player_query = (f"?code={code}", f"?code={players}") if code else ("", "")
    print(f"console: {url}{query}\nplayers: {url}players{player_query}")
    if code:
        print(f"facilitator code: {code}  (open to the network: keep it to exercise control)")
        print(f"players' code: {players}  (their page, the map and their own orders only)")
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


def register(sub: Any) -> None:
    p = sub.add_parser("play", help="play a drill together: the facilitator console in a browser")
    add_scenario_args(p)
    p.add_argument("--strategy", help="strategy name (default: the scenario's default)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default 1)")
    p.add_argument("--replication", type=int, default=None, help="replication number (default 0)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; any other needs the join code printed "
        "at start)",
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
    add_formats_arg(p)
    p.set_defaults(func=cmd_play)
