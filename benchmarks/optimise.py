"""Plan search on the bundled voting day: evaluations per minute, and the wall time until the
front weakly dominates every bundled strategy.

The search is run in steps of its evaluation budget (--steps 32,64,96), each step resuming the
previous one (the sampler is seeded, so a larger budget continues the same search and no stored
drill is run again). After each step the re-evaluated front is checked against the bundled
strategies on the same drills: a bundled strategy is weakly dominated when some front plan is at
least as good on every objective's mean. The wall time to a dominating front is the time summed
over the steps up to the first one whose front dominates them all; it includes each step's
re-evaluation, so it overstates what one search of that budget takes.

    .venv/bin/python benchmarks/optimise.py [--search scenarios/searches/search_pilkada_wide.yaml]
        [--steps 32,64,96] [--workers 2] [--out /tmp/optimise-bench]

The machine is shared: the script prints the load average beside the figures.
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from simulation.experiments.optimise import optimise

ROOT = Path(__file__).resolve().parents[1]


def dominated(front, references, objectives: dict[str, str]) -> list[str]:
    """The bundled strategies some front plan weakly dominates (means, every objective)."""
    found = []
    for ref in references.to_dict("records"):
        for plan in front.to_dict("records"):
            if all(
                plan[f"{k}.mean"] <= ref[f"{k}.mean"]
                if d == "lower"
                else plan[f"{k}.mean"] >= ref[f"{k}.mean"]
                for k, d in objectives.items()
            ):
                found.append(ref["strategy"])
                break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--search", default=str(ROOT / "scenarios/searches/search_pilkada_wide.yaml")
    )
    parser.add_argument("--steps", default="32,64,96")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="/tmp/optimise-bench")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at start (shared with other work)"
    )
    total_s = drills = 0.0
    reached = None
    for i, budget in enumerate(int(s) for s in args.steps.split(",")):
        started = time.perf_counter()
        result = optimise(
            args.search, evaluations=budget, out=args.out, resume=i > 0, workers=args.workers
        )
        wall = time.perf_counter() - started
        total_s += wall
        drills += result.drills_run
        objectives = json.loads((Path(args.out) / "manifest.json").read_text())["objectives"]
        beaten = dominated(result.front, result.references, objectives)
        everything = len(beaten) == len(result.references)
        if everything and reached is None:
            reached = total_s
        feasible = int(result.candidates["feasible"].sum())
        print(
            f"budget {budget:>3} plans: {len(result.candidates)} distinct, "
            f"{feasible} feasible (run), {result.drills_run} drills "
            f"in {wall:.0f} s ({60 * result.drills_run / wall:.0f} drills/min); front "
            f"{len(result.front)} plans; weakly dominates: {', '.join(beaten) or 'none'}; "
            f"load {os.getloadavg()[0]:.1f}"
        )
    print(
        f"in all: {drills:.0f} drills in {total_s:.0f} s = {60 * drills / total_s:.0f} "
        f"drills/min on {args.workers} workers"
    )
    print(
        "wall time to a front dominating every bundled strategy: "
        + (f"{reached:.0f} s" if reached is not None else "not reached")
    )


if __name__ == "__main__":
    main()
