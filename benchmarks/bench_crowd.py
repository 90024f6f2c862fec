"""Crowd model speed and memory: the vectorised step against a per-agent mesa reference.

    python benchmarks/bench_crowd.py [--sizes 1000 10000 50000] [--steps 100]

Three measurements, each on one core (CPU time of this process):

* ``walk``: the walking kernel (simulation.crowd.walking.walk) moving N people towards the
  middle of an open square where they start at 1.5 persons/m^2; person-steps per CPU second;
* ``reference``: the same rules written per agent in mesa (benchmarks/crowd_reference.py) on
  the same start, for a few steps; the ratio is the vectorisation speed-up;
* ``model``: the whole CrowdModel step (walking, behaviour every 2 s, density KPIs every 1 s)
  for N demonstrators gathered at a gate with a police line, in a fresh process: its peak
  resident memory, the part of it above the imported libraries (the model's own), and the
  resident memory while stepping (after the venue's route fields are built).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from crowd_reference import ReferenceCrowd

from simulation.crowd.walking import WalkParams, walk

DENSITY = 1.5  # persons/m^2 at the start


def square_start(n: int, seed: int = 0) -> tuple[np.ndarray, float]:
    """N people on a jittered grid at DENSITY in the middle of a square twice as wide."""
    rng = np.random.default_rng(seed)
    side = np.sqrt(n / DENSITY)
    cols = int(np.ceil(np.sqrt(n)))
    g = (np.arange(cols) + 0.5) * side / cols
    gx, gy = np.meshgrid(g, g)
    pos = np.column_stack([gx.ravel(), gy.ravel()])[:n] + rng.normal(0, 0.05, (n, 2))
    return pos + side / 2, 2 * side


def bench_walk(n: int, steps: int) -> float:
    pos, size = square_start(n)
    params = WalkParams()
    centre = np.array([size / 2, size / 2])
    v0 = np.full(n, 1.34)
    push = np.zeros(n, bool)
    rng = np.random.default_rng(1)
    walk(pos.copy(), np.zeros_like(pos), v0, push, None, params)  # load the compiled kernel
    start = time.process_time()
    for _ in range(steps):
        to = centre - pos
        desired = to / np.maximum(np.hypot(to[:, 0], to[:, 1]), 1e-9)[:, None]
        walk(pos, desired, v0, push, None, params, rng=rng)
    return n * steps / (time.process_time() - start)


def bench_reference(n: int, steps: int) -> float:
    pos, size = square_start(n)
    model = ReferenceCrowd(pos, size)
    start = time.process_time()
    for _ in range(steps):
        model.step()
    return n * steps / (time.process_time() - start)


def model_child(n: int, steps: int) -> None:
    """Run in a fresh process: build, settle and step the model; print rate and memory."""
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    model = demo_model(n)
    model.run(20.0)  # settle: first behaviour ticks and density samples done
    start = time.process_time()
    for _ in range(steps):
        model.step()
    rate = n * steps / (time.process_time() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    now = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    print(rate, peak / 1024, (peak - base) / 1024, now / 2**20)


def demo_model(n: int):
    """N demonstrators gathered at a gate, a Dalmas line in front of it, provocateurs active."""
    from simulation.crowd.model import CrowdModel
    from simulation.scenario.crowd import CrowdSpec, CrowdStrategySpec

    side = float(np.ceil(np.sqrt(n / 1.0)) * 1.5)
    scene = CrowdSpec.model_validate(
        dict(
            name="bench",
            sector="bangil",
            start="09:00",
            duration="1 h",
            legitimacy=0.88,
            venue=dict(
                size_m=(side, side),
                exits=[dict(name="jalan", at=(0, side / 2), width_m=side / 2)],
                gathering=dict(at=(side / 2, side - 2), radius_m=3),
                standing_density=2.0,
            ),
            groups=[
                dict(
                    name="massa",
                    size=n,
                    start="gathered",
                    provocateurs=n // 200,
                    provocation_start=0,
                )
            ],
        )
    )
    police = CrowdStrategySpec.model_validate(
        dict(
            front_line=((side / 2 - 10, side - 3), (side / 2 + 10, side - 3)),
            units=[dict(name="dalmas_awal", kind="dalmas_awal", officers=30)],
        )
    )
    return CrowdModel(scene, police, rng=1)


def bench_model(n: int, steps: int) -> tuple[float, float, float, float]:
    """Person-steps per CPU second; peak RSS, peak above the imports, RSS while stepping (MB)."""
    out = subprocess.run(
        [sys.executable, __file__, "--model-child", str(n), str(steps)],
        capture_output=True,
        text=True,
        check=True,
    )
    rate, peak, extra, now = (float(v) for v in out.stdout.split())
    return rate, peak, extra, now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--reference-steps", type=int, default=5)
    parser.add_argument("--model-child", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.model_child:
        model_child(*args.model_child)
        return
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; CPU time of one process"
    )
    print(
        f"{'people':>8} {'walk p-steps/s':>16} {'reference':>12} {'speed-up':>9} "
        f"{'model p-steps/s':>16} {'peak MB':>8} {'model MB':>9} {'stepping MB':>12}"
    )
    for n in args.sizes:
        fast = bench_walk(n, args.steps)
        ref = bench_reference(n, args.reference_steps) if n <= 10000 else float("nan")
        rate, peak, extra, now = bench_model(n, args.steps)
        print(
            f"{n:>8} {fast:>16,.0f} {ref:>12,.0f} {fast / ref:>8.0f}x {rate:>16,.0f} "
            f"{peak:>8.0f} {extra:>9.0f} {now:>12.0f}"
        )
    print(
        f"this process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
