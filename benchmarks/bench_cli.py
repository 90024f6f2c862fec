"""Time the command line as a user meets it: whole processes, start-up included.

    python benchmarks/bench_cli.py [--runs N]

Runs `sispam --help`, `sispam validate <default scenario>` and `sispam run` (default scenario,
into a temporary folder) N times each, and `python -c pass` as the floor, and prints the
median wall time of each and its ratio to the floor. Ratios travel between machines better
than seconds; the load average printed with them says how busy the machine was.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from simulation import __version__
from simulation.scenario import DEFAULT_SCENARIO

# The console script beside this Python, as a user types it; else the module.
_SCRIPT = Path(sys.executable).with_name("sispam")
SISPAM = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "simulation.cli"]


def wall(argv: list[str], runs: int, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (default 7)")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="bench-cli-")) / "run"

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
