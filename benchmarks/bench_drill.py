"""Time full drills of a scenario: every strategy, several seeds, one process (one core).

    python benchmarks/bench_drill.py [SCENARIO] [--seeds N]
    python benchmarks/bench_drill.py [SCENARIO] --against CHECKOUT [--seeds N] [--rounds R]

Prints the wall time per drill (median and spread) with the machine it ran on. The scenario is
loaded once; each drill builds its own clock, agents and streams, as a real run does.

With ``--against``, compares this checkout with another one (e.g. ``git worktree add
/tmp/before 9962a62``): one process per checkout (same Python, same libraries), taking turns
drill by drill on the scenario's default strategy, so both see the same machine load; prints
both medians and their ratio. Each process imports only from its checkout (PYTHONPATH, with the
editable install's finders dropped); both use this environment's libraries and entry points.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from checkout import ISOLATE  # sibling module: benchmarks are run as scripts

from simulation import __version__
from simulation.core.drill import run_drill
from simulation.geography import load_scenario
from simulation.scenario import DEFAULT_SCENARIO

_WORKER = (
    ISOLATE
    + """
import time
try:
    from simulation.core.drill import run_drill
except ImportError:
    from simulation.drill import run_drill
try:
    from simulation.geography import load_scenario
except ImportError:  # a checkout from before the loader moved to the geography layer
    from simulation.scenario import load_scenario
spec = load_scenario(sys.argv[1])
run_drill(spec, None, 0)
print("ready", flush=True)
for line in sys.stdin:
    start, cpu = time.perf_counter(), time.process_time()
    run_drill(spec, None, int(line))
    print(time.perf_counter() - start, time.process_time() - cpu, flush=True)
"""
)


def against(scenario: str, checkout: Path, seeds: int, rounds: int = 1) -> None:
    """Median wall time per drill here and in ``checkout``, drills taking turns; with several
    ``rounds`` also each seed's fastest CPU time, averaged (a busy machine only ever slows a
    drill down, so the fastest of several tries is the steadiest figure)."""
    here = Path(__file__).resolve().parents[1]
    workers = {
        name: subprocess.Popen(
            [sys.executable, "-c", _WORKER, scenario],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={"PYTHONPATH": str(root), "PATH": ""},
            cwd=root,
        )
        for name, root in (("other", checkout.resolve()), ("this", here))
    }
    times: dict[str, list[tuple[float, ...]]] = {name: [] for name in workers}
    fastest: dict[str, dict[int, float]] = {name: {} for name in workers}
    for worker in workers.values():
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    for r in range(rounds):
        for seed in range(seeds):
            turn = list(workers.items())
            for name, worker in turn if (r + seed) % 2 == 0 else turn[::-1]:  # who goes first
                assert worker.stdin is not None and worker.stdout is not None
                worker.stdin.write(f"{seed}\n")
                worker.stdin.flush()
                took = tuple(map(float, worker.stdout.readline().split()))
                times[name].append(took)
                fastest[name][seed] = min(fastest[name].get(seed, took[1]), took[1])
    for worker in workers.values():
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    for i, what in enumerate(("wall", "CPU")):  # CPU time moves less on a busy machine
        other = statistics.median(t[i] for t in times["other"])
        this = statistics.median(t[i] for t in times["this"])
        print(
            f"  {what:>4} {checkout}: median {other * 1000:.1f} ms/drill; this checkout: "
            f"{this * 1000:.1f} ms/drill ({seeds} seeds x {rounds} rounds in turns): "
            f"{other / this:.2f}x"
        )
    if rounds > 1:
        other, this = (statistics.fmean(fastest[name].values()) for name in ("other", "this"))
        print(
            f"  fastest CPU of each seed, mean: {checkout}: {other * 1000:.1f} ms/drill; this "
            f"checkout: {this * 1000:.1f} ms/drill: {other / this:.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument(
        "--rounds", type=int, default=1, help="with --against: tries of every seed (default 1)"
    )
    args = parser.parse_args()
    spec = load_scenario(args.scenario)
    run_drill(spec, None, 0)  # warm imports and caches once
    print(
        f"sispam {__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, {platform.processor() or platform.platform()}"
    )
    print(f"scenario {spec.metadata.name}: horizon {spec.metadata.horizon / 3600:g} h")
    if args.against is not None:
        against(args.scenario, args.against, args.seeds, args.rounds)
        return
    for strategy in spec.strategies:
        times, events = [], 0
        for seed in range(args.seeds):
            start = time.perf_counter()
            result = run_drill(spec, strategy, seed)
            times.append(time.perf_counter() - start)
            events += len(result.events)
        q = statistics.quantiles(times, n=10)
        print(
            f"  {strategy:<14} median {statistics.median(times) * 1000:7.1f} ms/drill "
            f"(p10 {q[0] * 1000:.1f}, p90 {q[-1] * 1000:.1f}), "
            f"{events / args.seeds:.0f} events/drill, {args.seeds} seeds"
        )


if __name__ == "__main__":
    main()
