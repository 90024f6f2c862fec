"""Logistics benchmark: run times, and what each strategy buys and costs over several seeds.

Run: `/work/venv/bin/python benchmarks/logistics.py [--seeds N]`. Prints the wall time of one
voting-day drill (no logistics section) and of one H-3..H+1 logistics drill, then the mean of
key KPIs per strategy over seeds 1..N (common random numbers: every strategy meets the same
weather, breakdowns and ambush attempts on each seed).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from simulation.core.drill import run_drill
from simulation.geography import load_scenario

KPIS = (
    ("logistics.ready_on_time_share", "ready 07:00"),
    ("logistics.late_tps", "late TPS"),
    ("logistics.last_ready_vs_deadline_min", "last vs 07:00 min"),
    ("logistics.unescorted_kit_hours", "unescorted kit-h"),
    ("logistics.escort_officer_hours", "escort off-h"),
    ("logistics.boxes_lost", "boxes lost"),
    ("patrol.response_mean_min", "patrol resp min"),
    ("patrol.within_target_share", "patrol in 15 min"),
)


def timed(spec, strategy: str, seed: int, repeat: int = 3) -> float:
    """Best of `repeat` wall times of one drill run (scenario already loaded)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run_drill(spec, strategy, seed)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    base = load_scenario("pasuruan_pilkada_2024")
    logistics = load_scenario("pasuruan_logistik_2024")
    print(f"voting-day drill (24 h, no logistics): {timed(base, 'statis', 1):.3f} s")
    print(f"logistics drill (102 h, 2,338 TPS):    {timed(logistics, 'statis', 1):.3f} s")
    print(f"\nmeans over seeds 1..{args.seeds}")
    print(f"{'strategy':<24}" + "".join(f"{label:>19}" for _, label in KPIS))
    for strategy in logistics.strategies:
        runs = [run_drill(logistics, strategy, seed) for seed in range(1, args.seeds + 1)]
        means = [statistics.fmean(r.kpis[name] for r in runs) for name, _ in KPIS]
        print(f"{strategy:<24}" + "".join(f"{m:>19.3f}" for m in means))


if __name__ == "__main__":
    main()
