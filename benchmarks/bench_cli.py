"""Time the command line as a user meets it: whole processes, start-up included.

    python benchmarks/bench_cli.py [--runs N] [--against CHECKOUT]

Runs `sispam --help`, `sispam validate <default scenario>` and `sispam run` (default scenario,
into a temporary folder) N times each, and `python -c pass` as the floor, and prints the
median wall time of each and its ratio to the floor. Ratios travel between machines better
than seconds; the load average printed with them says how busy the machine was.

With ``--against`` (e.g. ``git worktree add /tmp/before main``), runs each command in this
checkout and in the other one in turns, both from PYTHONPATH with the editable install's
finders dropped (as benchmarks/bench_drill.py does), and prints the median wall and CPU time
(user + system) of each and their ratio: CPU time moves less than wall time on a busy machine.
The first run of each command writes bytecode caches and is not counted.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from checkout import ISOLATE  # sibling module: benchmarks are run as scripts

from simulation import __version__
from simulation.scenario import DEFAULT_SCENARIO

# The console script beside this Python, as a user types it; else the module.
_SCRIPT = Path(sys.executable).with_name("sispam")
SISPAM = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "simulation.cli"]


# The console script's own entry point (sys.argv[1:] are the arguments after `-c CODE`).
_CHECKOUT_CLI = (
    ISOLATE
    + """
from simulation.cli import entry
entry()
"""
)


def timed(argv: list[str], root: Path | None = None) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one whole process (run from checkout `root`).

    Bytecode caches are written and read as by a user's Python (an install compiles them),
    even where PYTHONDONTWRITEBYTECODE is set: else every run compiles sispam's modules anew.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if root is not None:
        env["PYTHONPATH"] = str(root)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=root
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, cpu


def against(checkout: Path, runs: int, out: Path) -> None:
    """Each command here and in `checkout`, in turns: medians and ratios of wall and CPU."""
    roots = {"other": checkout.resolve(), "this": Path(__file__).resolve().parents[1]}
    commands = {
        "sispam --help": ["--help"],
        f"sispam validate {DEFAULT_SCENARIO}": ["validate", DEFAULT_SCENARIO],
        "sispam run --out TMP": ["run", "--out", str(out)],
    }
    print(f"{roots['other']} (other) against this checkout, median of {runs} runs each in turns")
    for name, args in commands.items():
        times: dict[str, list[tuple[float, float]]] = {"other": [], "this": []}
        for run in range(runs + 1):  # the first round compiles caches and is not counted
            for who, root in roots.items():
                shutil.rmtree(out, ignore_errors=True)
                took = timed([sys.executable, "-c", _CHECKOUT_CLI, *args], root)
                if run:
                    times[who].append(took)
        (ow, oc), (tw, tc) = (
            tuple(statistics.median(t[i] for t in times[who]) for i in (0, 1))
            for who in ("other", "this")
        )
        print(
            f"  {name:<40} wall {ow:6.2f} -> {tw:6.2f} s ({ow / tw:4.2f}x), "
            f"CPU {oc:6.2f} -> {tc:6.2f} s ({oc / tc:4.2f}x)"
        )


def wall(argv: list[str], runs: int, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        times.append(timed(argv)[0])
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (default 7)")
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-cli-")) / "run"
    if args.against is not None:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"sispam {__version__}, {os.cpu_count()} cores, load average {load:.1f} at start")
        against(args.against, args.runs, out)
        shutil.rmtree(out.parent, ignore_errors=True)
        return

    def clear() -> None:
        shutil.rmtree(out, ignore_errors=True)

    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "sispam --help": [*SISPAM, "--help"],
        f"sispam validate {DEFAULT_SCENARIO}": [*SISPAM, "validate", DEFAULT_SCENARIO],
        "sispam run --out TMP": [*SISPAM, "run", "--out", str(out)],
    }
    wall(commands["sispam run --out TMP"], 1, clear)  # compile caches (numba, pyc) once
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"sispam {__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, {platform.processor() or platform.platform()}, "
        f"load average {load:.1f} at start; median of {args.runs} runs"
    )
    floor = None
    for name, argv in commands.items():
        times = wall(argv, args.runs, clear if "run" in argv else None)
        median = statistics.median(times)
        floor = floor or median
        print(
            f"  {name:<40} {median * 1000:7.0f} ms  ({min(times) * 1000:.0f}-"
            f"{max(times) * 1000:.0f})  {median / floor:5.1f}x python -c pass"
        )
    shutil.rmtree(out.parent, ignore_errors=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} at the end")


if __name__ == "__main__":
    main()
