"""Print the crowd model's validation figures (the numbers quoted in docs/crowd.md).

    python benchmarks/validate_crowd.py [--dt 0.4]

Runs the same experiments as tests/test_crowd_*.py, with more seeds where it is cheap, and
prints the measured values next to their references. ``--dt`` is the walking step (s) of the
walking and tear-gas experiments; by default the step the bundled scenarios ship.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from simulation.crowd.walking import weidmann_speed
from tests.test_crowd_behaviour import epstein_actives
from tests.test_crowd_doors import evacuation_flow
from tests.test_crowd_model import ENCLOSED, OPEN_SQUARE, gassed
from tests.test_crowd_walking import corridor_speed

#: The walking step of the bundled scenarios (scenarios/*.yaml, ``crowd.dt_s``).
SHIPPED_DT_S = 0.4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dt", type=float, default=SHIPPED_DT_S, help="walking step (s)")
    dt = parser.parse_args().dt
    print(f"Walking step dt = {dt} s\n")
    print("Speed-density, periodic corridor 30 m x 4 m (Weidmann 1993)")
    print(f"{'rho p/m2':>9} {'model m/s':>10} {'Weidmann':>9} {'diff':>6}")
    errors = []
    for rho in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0):
        v = np.mean([corridor_speed(rho, seed, dt_s=dt) for seed in (1, 2)])
        w = float(weidmann_speed(rho))
        errors.append(v - w)
        print(f"{rho:>9.1f} {v:>10.3f} {w:>9.3f} {v - w:>+6.3f}")
    err = np.abs(errors)
    print(f"  max |error| {err.max():.3f} m/s, mean |error| {err.mean():.3f} m/s")
    print("\nBottleneck: 220 people leave a 10 m x 10 m room through one door (3 seeds)")
    print("  reference: specific flow 1.6-2.0 persons/(m s), total flow about linear in width")
    print("  (Seyfried et al. 2009; Kretz et al. 2006, openings 0.4-1.6 m)")
    print(f"{'width m':>8} {'flow p/s':>9} {'specific p/(m s)':>17} {'reference p/s':>14}")
    widths = (0.6, 0.8, 0.9, 1.0, 1.2, 1.6, 2.0, 2.4)
    flows = []
    for w in widths:
        flows.append(np.mean([evacuation_flow(w, seed, dt_s=dt) for seed in (1, 2, 3)]))
        j = flows[-1]
        print(f"{w:>8.1f} {j:>9.2f} {j / w:>17.2f} {1.6 * w:>7.2f}-{2.0 * w:.2f}")
    slope, intercept = np.polyfit(widths, flows, 1)
    rising = bool(np.all(np.diff(flows) > 0))
    print(f"  least squares: flow = {slope:.2f} x width {intercept:+.2f}; rising: {rising}")
    print("\nEpstein (2002) reduction, 40 x 40, agent density 0.7, vision 7, jail <= 30")
    for legit in (0.9, 0.8, 0.7):
        print(f"  legitimacy {legit}: mean active {epstein_actives(legit, 0.04)[50:].mean():7.1f}")
    for cops in (0.02, 0.04, 0.08):
        print(f"  cop density {cops}: mean active {epstein_actives(0.8, cops)[50:].mean():7.1f}")
    s = epstein_actives(0.82, 0.04, steps=400, seed=2)[50:]
    high = s > 5 * max(np.median(s), 4)
    bursts = int(np.sum(high[1:] & ~high[:-1]))
    print(f"  legitimacy 0.82: median {np.median(s):.0f}, max {s.max()}, bursts {bursts}")
    print("\nTear gas at the centre of 1,500 people, 180 s (Kanjuruhan)")
    for name, exits in (("enclosed, two 1.5 m exits", ENCLOSED), ("open square", OPEN_SQUARE)):
        k = gassed(exits, dt_s=dt)
        print(
            f"  {name:<26} exit crush {k['exit_crush_person_s']:>9.0f} person-s, "
            f"peak exit density {k['peak_exit_density_ppm2']:.1f} p/m2, "
            f"crush injuries {k['injured_crush']:.0f}"
        )


if __name__ == "__main__":
    main()
