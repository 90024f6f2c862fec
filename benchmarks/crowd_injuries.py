"""Injured civilians as a share of the crowd in the bundled crowd scenes, per seed.

    python benchmarks/crowd_injuries.py [--seeds 1 2] [--workers 2]
        [--case demo_kpu_bangil:berlapis] [--set crowd.legitimacy=0.8]

Each drill is ``run_drill`` on the bundled scenario (no charts). One line per drill: scene,
strategy, seed, the people who come (all groups of all scenes), injured civilians (crushed,
by force, in clashes), their share of those people, worst status, minutes merah. The shares
are what docs/crowd.md ("Injuries") compares with reported events;
``tests/test_crowd_injuries.py`` holds them inside that range.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor

CASES = (
    "demo_kpu_bangil:berlapis",
    "demo_kpu_bangil:reaktif",
    "demo_kpu_bangil:berlapis_siaga",
    "rally_concert_pandaan:terbuka",
    "rally_concert_pandaan:gas_air_mata",
)


def one(case: str, seed: int, sets: tuple[str, ...]) -> str:
    """Run one drill and describe its injuries in one line."""
    from simulation.cli import parse_sets
    from simulation.core.drill import run_drill
    from simulation.geography import load_scenario
    from simulation.scenario.scenes import scenes

    scenario, strategy = case.split(":")
    spec = load_scenario(scenario, parse_sets(list(sets)) or None)
    k = run_drill(spec, strategy, seed).kpis
    size = sum(g.size for scene in scenes(spec) for g in scene.spec.groups)
    hurt = k["crowd.injured_civilians"]
    parts = ", ".join(
        f"{name} {k.get(f'crowd.injured_{name}', 0.0):.0f}" for name in ("crush", "force", "clash")
    )
    return (
        f"{case} seed {seed}: {size:,.0f} people, {hurt:,.0f} injured ({parts}), "
        f"{100 * hurt / max(size, 1):.2f} %, worst status {k['crowd.worst_status']:.0f}, "
        f"merah {k['crowd.time_merah_min']:.1f} min"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", action="append", help="scenario:strategy (default: all bundled)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--set", action="append", default=[], help="override, as sispam run --set")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    jobs = [(c, s, tuple(args.set)) for c in args.case or CASES for s in args.seeds]
    with ProcessPoolExecutor(args.workers) as pool:
        for line in pool.map(one, *zip(*jobs, strict=True)):
            print(line, flush=True)


if __name__ == "__main__":
    main()
