"""Time the multi-day election-period drill against the one-day voting-day drill, one core.

    python benchmarks/bench_election.py [--seeds N]

Runs the 12-day scenario (pasuruan_periode_pilkada_2024, strategy rotasi) and the 36-hour
voting-day scenario (pasuruan_pilkada_2024, statis) in turns, seed by seed, in this one process,
so both see the same machine load. Prints each one's median CPU seconds (process time) and wall
seconds per drill and the ratio of the medians; the budget is 10 s a drill on one core. Wall
times on a shared machine are noisy: read the CPU seconds and the ratio.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from simulation.core.drill import run_drill
from simulation.geography import load_scenario

CASES = (("pasuruan_periode_pilkada_2024", "rotasi"), ("pasuruan_pilkada_2024", "statis"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    specs = {name: load_scenario(name) for name, _ in CASES}
    for name, strategy in CASES:  # warm imports and caches once
        run_drill(specs[name], strategy, 0)
    cpu: dict[str, list[float]] = {name: [] for name, _ in CASES}
    wall: dict[str, list[float]] = {name: [] for name, _ in CASES}
    for seed in range(1, args.seeds + 1):
        for name, strategy in CASES:
            c0, w0 = time.process_time(), time.perf_counter()
            run_drill(specs[name], strategy, seed)
            cpu[name].append(time.process_time() - c0)
            wall[name].append(time.perf_counter() - w0)
    print(f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    for name, strategy in CASES:
        print(
            f"{name} ({strategy}): median {statistics.median(cpu[name]):.2f} s CPU, "
            f"{statistics.median(wall[name]):.2f} s wall per drill over {args.seeds} seeds"
        )
    long, short = (statistics.median(cpu[name]) for name, _ in CASES)
    print(f"12-day drill / 36-hour drill, CPU: {long / short:.2f}")


if __name__ == "__main__":
    main()
