"""Throughput and overhead of experiment executors on the bundled default scenario.

Every executor runs the same N drills (the same strategies, replications and seeds) after it
has started and warmed up on other drills, each outcome written to a durable store as
`sispam compare` does: serially in this process (measured first and again last, so drift of the
machine shows), in 1 and 2 local worker processes, and in a 2-worker Dask LocalCluster.
Per executor with k workers it prints:

* drills/s and the mean drill run time inside the workers;
* overhead in workers: k / (drills/s x mean drill time) - 1, the time workers spend outside
  the drills (waiting for tasks, pickling, store writes in the parent excluded);
* **overhead vs serial wall**: (k x wall_k - wall_serial) / wall_serial, wall_serial being the
  mean of the two serial runs of the same drills: what a user waits beyond a perfect k-way split
  of the serial run. Only meaningful on an idle machine: k workers need k free cores;
* **overhead in CPU**: (cpu_k - cpu_serial) / cpu_serial, CPU seconds (user + system) of this
  process and every process it started (workers, forkserver) while the drills ran: the
  work the executor adds (process start, pickling, transfer, scheduling). A busy machine
  stretches wall times far more than CPU seconds, so this one still says something under load
  (two busy workers' CPU seconds swell somewhat there too: a bound, not a measurement);

then the speed-up of 2 workers over 1 next to a control, the speed-up of a pure-Python CPU loop
from 1 to 2 processes, which bounds what any executor can reach at that moment; and the wall
time of a full 1,000-drill `compare` (500 paired replications x 2 strategies) with start-up.

    .venv/bin/python benchmarks/experiments.py [--drills 200] [--skip-compare]

The load average is printed with every measurement: others' work on the machine shows there.
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

import psutil  # installed with dask.distributed

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


def tree_cpu() -> float:
    """CPU seconds (user + system) so far of this process and every process it started."""
    me = psutil.Process()
    total = 0.0
    for process in (me, *me.children(recursive=True)):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:  # ended between listing and reading
            continue
        total += times.user + times.system
    return total


def throughput(executor_name: str, workers: int, path: str, count: int) -> dict[str, float]:
    """An executor on drills 0..count-1 after warm-up on others, every outcome written to a
    durable store: drills/s, mean drill time in the workers, wall and process-tree CPU time."""
    with tempfile.TemporaryDirectory() as folder:
        runner = make_executor(executor_name, workers, None, engine_modules(SISPAM))
        try:
            with DrillStore.open(Path(folder), {"bench": executor_name}, resume=False) as store:
                warm = 4 * workers  # replications after the measured ones: fresh seeds
                run_tasks(lambda: tasks(path, count, warm), store, runner, "warm-up")
                cpu, start = tree_cpu(), time.perf_counter()
                run_tasks(lambda: tasks(path, 0, count), store, runner, executor_name)
                wall, cpu = time.perf_counter() - start, tree_cpu() - cpu
                seconds = [o.seconds for o in store.outcomes() if o.replication < count // 2]
        finally:
            runner.close()
    return {
        "drills_per_s": count / wall,
        "mean_drill_s": statistics.mean(seconds),
        "wall": wall,
        "cpu": cpu,
        "load": os.getloadavg()[0],
    }


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
    again = throughput("serial", 1, path, args.drills)
    # The reference: the same drills run serially, before and after the others.
    wall_serial = (serial["wall"] + again["wall"]) / 2
    cpu_serial = (serial["cpu"] + again["cpu"]) / 2
    print(
        f"\n{'executor':<22}{'drills/s':>10}{'drill ms':>10}{'in workers':>12}"
        f"{'vs serial wall':>16}{'in CPU':>9}{'load':>7}"
    )
    for name, workers, m in (
        ("serial", 1, serial),
        ("processes, 1 worker", 1, one),
        ("processes, 2 workers", 2, two),
        ("dask, 2 workers", 2, dask),
        ("serial again", 1, again),
    ):
        inside = workers / (m["drills_per_s"] * m["mean_drill_s"]) - 1
        against_serial = (workers * m["wall"] - wall_serial) / wall_serial
        in_cpu = (m["cpu"] - cpu_serial) / cpu_serial
        rate, ms = m["drills_per_s"], m["mean_drill_s"] * 1000
        print(
            f"{name:<22}{rate:>10.1f}{ms:>10.1f}{inside:>12.1%}{against_serial:>16.1%}"
            f"{in_cpu:>9.1%}{m['load']:>7.2f}"
        )
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
