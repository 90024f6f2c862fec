"""The `sispam` command: the parser from every command group, and the answer to bad input.

Bad input is answered with located messages on stderr and exit code 2, never a traceback.
Each command group (scenario, run, experiments, reports) is a module that imports what its
commands need inside them, so `sispam --help` and `sispam validate` start at once.
"""

from __future__ import annotations

import argparse
import gc
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

from simulation.cli import experiments, play, reports, run, scenario
from simulation.cli.common import EXIT_BAD_INPUT, UserError, add_scenario_args, parse_sets

__all__ = [
    "EXIT_BAD_INPUT",
    "EXTRA_COMMANDS",
    "UserError",
    "add_scenario_args",
    "build_parser",
    "entry",
    "main",
    "parse_sets",
]

Command = Callable[[argparse.Namespace], int]

# The command groups in the order `sispam --help` lists them; a package of your own adds
# subcommands by appending a function that takes the subparsers object to EXTRA_COMMANDS.
GROUPS: list[Callable[[Any], None]] = [
    scenario.register,
    run.register,
    play.register,
    experiments.register,
    reports.register,
]
EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def build_parser() -> argparse.ArgumentParser:
    from simulation import __version__

    parser = argparse.ArgumentParser(
        prog="sispam",
        description="Tabletop simulation of SISPAMKOTA-style election security drills.",
    )
    parser.add_argument("--version", action="version", version=f"sispam {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in [*GROUPS, *EXTRA_COMMANDS]:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from simulation.scenario.errors import ScenarioError, UnknownStrategy

    args = build_parser().parse_args(argv)
    args.argv = ["sispam", *(sys.argv[1:] if argv is None else argv)]  # as typed, for manifests
    try:
        return args.func(args)
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
    except (UserError, UnknownStrategy) as exc:
        print(f"sispam: error: {exc}", file=sys.stderr)
    finally:
        gc.unfreeze()  # what long_lived_imports froze is the caller's to collect again
    return EXIT_BAD_INPUT


def entry() -> None:
    """The console script: like main(), and `sispam run | head` ends quietly as other tools do."""
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    code = main()
    gc.freeze()  # the process ends: spare the interpreter's full collection of every object
    sys.exit(code)
