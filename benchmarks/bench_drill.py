"""Time full drills of a scenario: every strategy, several seeds, one process (one core).

    python benchmarks/bench_drill.py [SCENARIO] [--seeds N]

Prints the wall time per drill (median and spread) with the machine it ran on. The scenario is
loaded once; each drill builds its own clock, agents and streams, as a real run does.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

from simulation import __version__
from simulation.core.drill import run_drill
from simulation.scenario import DEFAULT_SCENARIO, load_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    spec = load_scenario(args.scenario)
    run_drill(spec, None, 0)  # warm imports and caches once
    print(
        f"sispam {__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, {platform.processor() or platform.platform()}"
    )
    print(f"scenario {spec.metadata.name}: horizon {spec.metadata.horizon / 3600:g} h")
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
