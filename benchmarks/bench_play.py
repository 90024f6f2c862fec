"""Speed of facilitated play on the default scenario, in one process (one core).

    python benchmarks/bench_play.py [--seeds N]

1. Playing: a Session advanced one simulated hour at a time over the whole drill, as the
   console's clock does; prints the median and the slowest wall time per simulated hour
   (target: under 1 s).
2. Replaying: a played game with a handful of orders (a delayed and a delivered inject, a
   dispatch, a staging, a recall) replayed headless (``sispam run --decisions``) against the
   same drill without orders (``sispam run``), taking turns seed by seed so both see the same
   machine load; prints both medians and their ratio (target: the replay no slower, ratio
   about 1). Both time the drill only: loading the scenario and writing the folder are the same
   for both commands.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

from simulation.core.drill import run_drill
from simulation.geography import load_scenario
from simulation.play.decisions import DecisionLog
from simulation.play.session import Session, run_with_decisions
from simulation.scenario import DEFAULT_SCENARIO

HOUR = 3600.0


def played_log(spec, strategy: str, seed: int) -> DecisionLog:
    """A game with five orders at odd moments, as a facilitator would pause."""
    session = Session(spec, strategy, seed)
    units = session.choices()["unit"]
    session.advance(3000.0)
    session.order("delay_inject", {"inject": "3", "delay": "2 h"}, by="Pengendali")
    session.advance(20000.0)
    session.order("dispatch_unit", {"unit": units[0], "to": "puspo"}, by="Kabag Ops")
    session.advance(41234.5)
    session.order("stage_unit", {"unit": units[1], "at": "bangil"}, by="Kapolres")
    session.advance(70000.0)
    session.order("recall_unit", {"unit": units[0]}, by="Kabag Ops")
    session.order("deliver_inject", {"inject": "12"}, by="Pengendali")
    return session.log


def hour_by_hour(spec, strategy: str, seed: int) -> list[float]:
    """Wall seconds of each one-hour advance of a played drill."""
    session = Session(spec, strategy, seed)
    times = []
    t = 0.0
    while not session.over:
        t += HOUR
        start = time.perf_counter()
        session.advance(t)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds for each measure (5)")
    args = parser.parse_args()
    spec = load_scenario(DEFAULT_SCENARIO)
    strategy = spec.default_strategy
    run_drill(spec, strategy, 0)  # warm imports and caches
    print(
        f"{DEFAULT_SCENARIO} ({strategy}), python {platform.python_version()}, "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    hours = [h for seed in range(args.seeds) for h in hour_by_hour(spec, strategy, seed)]
    print(
        f"playing: one simulated hour takes median {statistics.median(hours) * 1000:.0f} ms, "
        f"slowest {max(hours) * 1000:.0f} ms ({len(hours)} hours over {args.seeds} drills)"
    )
    run_s, replay_s = [], []
    orders = 0
    for seed in range(args.seeds):
        log = played_log(spec, strategy, seed)
        orders = len(log.decisions)
        start = time.perf_counter()
        run_drill(spec, strategy, seed)
        run_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        run_with_decisions(spec, strategy, seed, log)
        replay_s.append(time.perf_counter() - start)
    run_m, replay_m = statistics.median(run_s), statistics.median(replay_s)
    print(
        f"replay of a played game ({orders} orders): median {replay_m * 1000:.0f} ms against "
        f"{run_m * 1000:.0f} ms for the drill without orders: {replay_m / run_m:.2f}x "
        f"({args.seeds} seeds in turns); load now {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
