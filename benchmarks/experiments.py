"""Throughput of experiment executors on the bundled default scenario.

Measures, after each executor has started and warmed up: drills per second with 1 and 2 local
worker processes and with a 2-worker Dask LocalCluster; the executor overhead, both inside the
workers (wall time per drill over the drill's own run time, store writes included) and against
the serial wall time of the same drills (k x wall with k workers / serial wall - 1: what a user
waits for beyond a perfect split); and the wall time of a
full 1,000-drill `compare` (500 paired replications x 2 strategies) including start-up.

    /work/venv/bin/python benchmarks/experiments.py [--drills 200] [--skip-compare]

Figures depend on what else the machine is running: the script prints the load average and a
control, the speed-up of a pure-Python CPU loop from 1 to 2 processes, which bounds what any
executor can reach at that moment.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed

from simulation.experiments import compare
from simulation.experiments.engine import SISPAM
from simulation.experiments.executors import make_executor
from simulation.experiments.runner import run_tasks
from simulation.experiments.store import DrillStore
from simulation.experiments.tasks import DrillTask, engine_modules, execute, overrides_to_json
from simulation.scenario import resolve_scenario

STRATEGIES = ("statis", "mobile")


def tasks(path: str, first: int, count: int) -> Iterator[DrillTask]:
    """`count` drills alternating strategies, replications from `first` (fresh seeds)."""
    settings = overrides_to_json(None)
    for i in range(first, first + count):
        yield DrillTask(0, STRATEGIES[i % 2], i // 2, 1, path, settings, SISPAM)


def drill_seconds(path: str, count: int) -> float:
    """Mean run time of one drill in this process, scenario already loaded (the pure drill cost)."""
    execute(next(tasks(path, 0, 1)))  # load and cache the scenario
    return statistics.mean(execute(t).seconds for t in tasks(path, 0, count))


def burn(n: int) -> int:
    """A pure-Python CPU loop: the machine's own parallel speed-up, with no drill or executor."""
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_speedup(tasks: int = 8, n: int = 2_000_000) -> float:
    """Wall time of `tasks` loops in 1 process over that in 2: what 2 cores give right now.

    On a machine shared with other work this is well below 2, and no executor can beat it.
    """
    walls = []
    for workers in (1, 2):
        with ProcessPoolExecutor(workers, mp_context=get_context("forkserver")) as pool:
            list(pool.map(burn, [1] * workers))  # start the workers first
            start = time.perf_counter()
            list(pool.map(burn, [n] * tasks))
            walls.append(time.perf_counter() - start)
    return walls[0] / walls[1]


def throughput(executor_name: str, workers: int, path: str, count: int) -> dict[str, float]:
    """Drills/s of an executor after warm-up, with every outcome written to a durable store."""
    with tempfile.TemporaryDirectory() as folder:
        runner = make_executor(executor_name, workers, None, engine_modules(SISPAM))
        try:
            with DrillStore.open(Path(folder), {"bench": executor_name}, resume=False) as store:
                warm = 4 * workers
                run_tasks(lambda: tasks(path, 0, warm), store, runner, "warm-up")
                start = time.perf_counter()
                run_tasks(lambda: tasks(path, warm, count), store, runner, executor_name)
                wall = time.perf_counter() - start
                seconds = [o.seconds for o in store.outcomes() if o.replication >= warm // 2]
        finally:
            runner.close()
    return {"drills_per_s": count / wall, "mean_drill_s": statistics.mean(seconds), "wall": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--drills", type=int, default=200, help="drills per measurement")
    parser.add_argument("--skip-compare", action="store_true", help="skip the 1,000-drill compare")
    args = parser.parse_args()
    path = str(resolve_scenario(None).resolve())
    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")

    pure = drill_seconds(path, args.drills // 2)
    print(f"drill run time in-process (no executor): {pure * 1000:.1f} ms")
    serial = throughput("serial", 1, path, args.drills)
    one = throughput("processes", 1, path, args.drills)
    two = throughput("processes", 2, path, args.drills)
    dask = throughput("dask", 2, path, args.drills)
    # Two overheads: beyond the drills' own run time inside the workers, and (what a user
    # waits for) the executor's wall time against the serial wall time of the same drills.
    print(
        f"\n{'executor':<22}{'drills/s':>10}{'drill ms':>10}{'in workers':>12}"
        f"{'vs serial wall':>16}"
    )
    for name, m in (
        ("serial", serial),
        ("processes, 1 worker", one),
        ("processes, 2 workers", two),
        ("dask, 2 workers", dask),
    ):
        workers = 2 if "2" in name else 1
        inside = workers / (m["drills_per_s"] * m["mean_drill_s"]) - 1
        against_serial = workers * m["wall"] / serial["wall"] - 1
        rate, ms = m["drills_per_s"], m["mean_drill_s"] * 1000
        print(f"{name:<22}{rate:>10.1f}{ms:>10.1f}{inside:>12.1%}{against_serial:>16.1%}")
    print(f"\nspeed-up 2 workers / 1 worker: {two['drills_per_s'] / one['drills_per_s']:.2f}x")
    print(f"machine control (pure CPU loop, 2 processes / 1): {machine_speedup():.2f}x")
    print(f"speed-up dask 2 / processes 1: {dask['drills_per_s'] / one['drills_per_s']:.2f}x")

    if not args.skip_compare:
        start = time.perf_counter()
        result = compare(path, STRATEGIES, replications=500, executor="processes", workers=2)
        wall = time.perf_counter() - start
        print(
            f"\n1,000-drill compare (500 paired replications x 2 strategies, 2 workers, "
            f"start-up included): {wall:.1f} s ({len(result.runs)} drills)"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
