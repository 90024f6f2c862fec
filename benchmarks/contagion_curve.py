"""The contagion curve: share of a crowd that riots against legitimacy, over seeds.

    python benchmarks/contagion_curve.py [--seeds 10] [--workers 2]
        [--figure docs/images/contagion_curve.png]

The scene of ``tests/test_crowd_contagion.py`` (300 people, hardship uniform in 0.2..1, two
provocateurs from 30 s, no police, 3 minutes), run at legitimacy 0.70..0.99 for each seed.
Prints one row per legitimacy: mean peak riot share, its 95 % interval over the seeds
(Student t on the mean, clipped to 0..1), the range, and the hand-computed share
``P(H > T / ((1 - L) + max agitation))``; draws them to ``--figure``.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from tests.test_crowd_contagion import expected_share, riot_share

LEGITIMACY = (0.70, 0.75, 0.80, 0.84, 0.86, 0.88, 0.90, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99)


def interval(values: np.ndarray) -> tuple[float, float]:
    """95 % Student-t interval of the mean, clipped to the 0..1 a share can take."""
    if len(values) < 2 or np.ptp(values) == 0:
        return float(values.mean()), float(values.mean())
    half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return max(0.0, values.mean() - half), min(1.0, values.mean() + half)


def draw(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lg = np.array([r["legitimacy"] for r in rows])
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.fill_between(lg, [r["lo"] for r in rows], [r["hi"] for r in rows], alpha=0.3, lw=0)
    ax.plot(lg, [r["mean"] for r in rows], "o-", label="model, mean of seeds (95 % interval)")
    fine = np.linspace(lg.min(), lg.max(), 200)
    ax.plot(fine, [expected_share(x) for x in fine], "k--", lw=1, label="hand-computed threshold")
    ax.set_xlabel("legitimacy (Epstein L)")
    ax.set_ylabel("peak share of the crowd active or violent")
    ax.set_ylim(0, 1)
    ax.set_title("Graded contagion: 300 people, two provocateurs, no police")
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--figure", type=Path, default=None)
    args = ap.parse_args()
    jobs = [(lg, s) for lg in LEGITIMACY for s in range(1, args.seeds + 1)]
    with ProcessPoolExecutor(args.workers) as pool:
        shares = list(pool.map(riot_share, *zip(*jobs, strict=True)))
    by = np.array(shares).reshape(len(LEGITIMACY), args.seeds)
    rows = []
    print("| legitimacy | riot share, mean | 95 % interval | range | hand-computed |")
    print("|---|---|---|---|---|")
    for lg, values in zip(LEGITIMACY, by, strict=True):
        lo, hi = interval(values)
        rows.append(dict(legitimacy=lg, mean=values.mean(), lo=lo, hi=hi))
        print(
            f"| {lg:.2f} | {values.mean():.3f} | {lo:.3f} - {hi:.3f} | "
            f"{values.min():.3f} - {values.max():.3f} | {expected_share(lg):.3f} |"
        )
    if args.figure:
        draw(rows, args.figure)
        print(f"figure: {args.figure}")


if __name__ == "__main__":
    main()
