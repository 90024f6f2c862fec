"""Time the reports: every chart of the catalogue and the briefing pack, from real drills.

    python benchmarks/bench_reports.py

Builds the report tests' data (5 paired voting-day drills of two strategies, a 3 x 3 sweep, two
ballot-logistics drills, constructed crowd tables), then draws each chart once per language and
size, writes PNG, SVG and PDF, and builds one briefing pack. Prints the wall time of each step with
the machine it ran on (one process, one core).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import matplotlib.pyplot as plt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from simulation import __version__
from simulation.reports.briefing import write_briefing
from simulation.reports.catalogue import CHARTS, Inputs, draw
from simulation.reports.style import save
from tests.reports_data import build


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--replications", type=int, default=5, help="unused: fixed at 5 by the report test data"
    )
    parser.parse_args()
    print(
        f"sispam {__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        data = build(root / "data")
        print(f"  test data (drills, comparison, sweep)  {time.perf_counter() - start:6.2f} s")
        sources = {
            "comparison": Inputs.collect([data["comparison"]]),
            "sweep": Inputs.collect([data["sweep"]]),
            "drills": Inputs.collect(data["drills"]["statis"][:1] + data["drills"]["mobile"][:1]),
            "crowd": Inputs.collect(data["crowd"]),
            "logistics": Inputs.collect(data["logistics"]),
        }
        skipped = []
        for name, chart in CHARTS.items():
            # The first of the benchmark's inputs that has this chart's data.
            inputs = next((i for i in sources.values() if i.argument(chart) is not None), None)
            if inputs is None:
                skipped.append(name)
                continue
            draw_s, save_s = [], []
            for lang in ("en", "id"):
                for size in ("page", "slide"):
                    t0 = time.perf_counter()
                    fig = draw(name, inputs, lang, size)
                    t1 = time.perf_counter()
                    save(fig, root / "charts" / f"{name}-{lang}-{size}")
                    draw_s.append(t1 - t0)
                    save_s.append(time.perf_counter() - t1)
            plt.close("all")
            print(
                f"  {name:<20} draw {statistics.median(draw_s) * 1000:7.0f} ms, "
                f"png+svg+pdf {statistics.median(save_s) * 1000:7.0f} ms (median of 4)"
            )
        if skipped:
            print(f"  not timed (no input here has their data): {', '.join(skipped)}")
        start = time.perf_counter()
        write_briefing(
            data["comparison"], "en", root / "briefing", [data["comparison"].parent / "drills"]
        )
        print(f"  briefing pack (comparison + drills)    {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()
