"""Information threats: spread speed, SIR final-size agreement, and reach vs detection delay.

    python benchmarks/bench_information.py [--seeds N] [--out DIR] [--speed-only]

0. Speed-up of the vectorised spread over the pre-vectorising one (benchmarks/spread_reference.py),
   as ratios measured in this run, the two taking turns: (a) the hoax workload of the default
   drill (every construction, counter-measure and step of its four hoaxes, recorded once, then
   replayed by each implementation; both must reach the same people); (b) the whole default drill
   with either spread, and the share of its time spent stepping hoaxes.
1. Times one hoax spreading over the full Pasuruan network (24 kecamatan, ~1.1 million online
   residents, 3 accounts) for 36 h with no counter-measure, in 10-minute steps.
2. Compares the well-mixed reduction with the analytic SIR final size z = 1 - s0 exp(-R0 z)
   (N = 100,000, several seeds per R0).
3. Runs the voting-day drill for a range of cyber-patrol detection delays and charts the
   regency share reached by the KPU hoax (mean and range over seeds): PNG and SVG in --out.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from simulation import __version__
from simulation.core.drill import Drill
from simulation.geography import load_scenario
from simulation.information.spread import (
    HoaxSpread,
    SpreadBatch,
    SpreadNetwork,
    sir_final_size,
)

sys.path.insert(0, str(Path(__file__).parent))
import spread_reference  # beside this file, not part of the package

DETECTION = "strategies.statis.information.cyber_patrol.detection_delay"
HOAX = "kpu_curang"


class _Recorder(SpreadBatch):
    """The package's batch of hoaxes, noting every call a drill makes so it can be replayed."""

    calls: ClassVar[list[tuple]] = []

    def add(
        self,
        network: SpreadNetwork,
        rng: np.random.Generator,
        seeds: dict[int, int],
        start_hours: float = 0.0,
    ) -> int:
        self.calls.append(("add", network, copy.deepcopy(rng), dict(seeds), start_hours))
        return super().add(network, rng, seeds, start_hours)

    def damp_sharing(self, hoax: int, node: int, factor: float) -> None:
        self.calls.append(("damp", hoax, node, factor))
        super().damp_sharing(hoax, node, factor)

    def step(self, hours: Sequence[float]) -> np.ndarray:
        self.calls.append(("step", [float(h) for h in hours]))
        return super().step(hours)


class _ReferenceBatch:
    """The pre-vectorising spread (benchmarks/spread_reference.py), one object per hoax stepped
    one after the other, behind the batch's interface, so that a drill can run on it."""

    def __init__(self, nodes: int = 0) -> None:  # room for nodes: the package's concern only
        self.hoaxes: list[spread_reference.HoaxSpread] = []
        self._first = [0]

    def add(
        self,
        network: SpreadNetwork,
        rng: np.random.Generator,
        seeds: dict[int, int],
        start_hours: float = 0.0,
    ) -> int:
        self.hoaxes.append(spread_reference.HoaxSpread(network, rng, seeds, start_hours))
        self._first.append(self._first[-1] + len(network.names))
        return len(self.hoaxes) - 1

    def nodes(self, hoax: int) -> slice:
        return slice(self._first[hoax], self._first[hoax + 1])

    @property
    def reached(self) -> np.ndarray:
        return np.concatenate([spread.reached for spread in self.hoaxes])

    def damp_sharing(self, hoax: int, node: int, factor: float) -> None:
        self.hoaxes[hoax].damp_sharing(node, factor)

    def step(self, hours: Sequence[float]) -> np.ndarray:
        return np.concatenate(
            [
                spread.step(h) if h > 0 else np.zeros(len(spread.network.names), dtype=np.int64)
                for spread, h in zip(self.hoaxes, [float(h) for h in hours], strict=True)
            ]
        )


def _replay(batch_class: type, calls: list[tuple]) -> tuple[float, np.ndarray]:
    """CPU seconds of a drill's recorded hoaxes replayed with ``batch_class``, and whom they
    reached."""
    clock = time.process_time()
    batch = batch_class()
    for call in calls:
        if call[0] == "add":
            batch.add(call[1], copy.deepcopy(call[2]), call[3], call[4])
        elif call[0] == "damp":
            batch.damp_sharing(*call[1:])
        else:
            batch.step(call[1])
    return time.process_time() - clock, batch.reached


def _timed_steps(batch_class: type, spent: list[float]) -> type:
    """``batch_class`` with its step time added to ``spent[0]`` (wall seconds)."""

    class Timed(batch_class):
        def step(self, hours: Sequence[float]) -> np.ndarray:
            start = time.perf_counter()
            try:
                return super().step(hours)
            finally:
                spent[0] += time.perf_counter() - start

    return Timed


def speed_up(rounds: int) -> None:
    from simulation.information import threats  # the module whose SpreadBatch the drill uses

    spec = load_scenario("pasuruan_pilkada_2024")
    strategy = spec.default_strategy
    packaged = threats.SpreadBatch
    try:
        threats.SpreadBatch = _Recorder
        Drill(spec, strategy, 1).run()
        calls = _Recorder.calls
        cpu: dict[str, list[float]] = {"reference": [], "vectorised": []}
        for _ in range(rounds):
            for name, cls in (("reference", _ReferenceBatch), ("vectorised", packaged)):
                spent, reached = _replay(cls, calls)
                cpu[name].append(spent)
                if name == "reference":
                    expected = reached
                elif not np.array_equal(expected, reached):
                    raise SystemExit(
                        "the vectorised spread reached other people than the reference"
                    )
        ref, vec = statistics.median(cpu["reference"]), statistics.median(cpu["vectorised"])
        hoaxes = sum(1 for c in calls if c[0] == "add")
        steps = sum(sum(h > 0 for h in c[1]) for c in calls if c[0] == "step")
        print(
            f"0a. hoax workload of the default drill ({hoaxes} hoaxes, {steps} hoax steps): "
            f"reference {ref * 1000:.1f} ms, vectorised {vec * 1000:.1f} ms CPU "
            f"(medians of {rounds}): {ref / vec:.2f}x, same people reached"
        )
        wall: dict[str, list[float]] = {"reference": [], "vectorised": []}
        share: dict[str, list[float]] = {"reference": [], "vectorised": []}
        for _ in range(rounds):
            for name, cls in (("reference", _ReferenceBatch), ("vectorised", packaged)):
                spent = [0.0]
                threats.SpreadBatch = _timed_steps(cls, spent)
                start = time.perf_counter()
                Drill(spec, strategy, 1).run()
                wall[name].append(time.perf_counter() - start)
                share[name].append(spent[0] / wall[name][-1])
        ref, vec = statistics.median(wall["reference"]), statistics.median(wall["vectorised"])
        print(
            f"0b. default drill ({spec.metadata.name}, {strategy}, seed 1): with the reference "
            f"spread {ref * 1000:.0f} ms, vectorised {vec * 1000:.0f} ms wall "
            f"(medians of {rounds}): {ref / vec:.2f}x; hoax steps "
            f"{statistics.median(share['reference']):.0%} -> "
            f"{statistics.median(share['vectorised']):.0%} of the drill"
        )
    finally:
        threats.SpreadBatch = packaged


def time_full_network(seeds: int) -> None:
    drill = Drill(load_scenario("pasuruan_pilkada_2024"), "statis", 0)
    threats = drill.component("information")
    network = threats.network_for(threats.hoaxes[HOAX])
    index = {name: i for i, name in enumerate(network.names)}
    times, reach = [], []
    for seed in range(seeds):
        start = time.perf_counter()
        spread = HoaxSpread(network, np.random.default_rng(seed), {index["bangil"]: 30})
        for _ in range(216):
            spread.step(1 / 6)
        times.append(time.perf_counter() - start)
        reach.append(spread.reached[:24].sum() / network.populations[:24].sum())
    print(
        f"1. full network, {int(network.populations[:24].sum()):,} people, 36 h in 216 steps: "
        f"median {statistics.median(times) * 1000:.0f} ms per hoax "
        f"(reach {np.mean(reach):.1%} without counter-measures, {seeds} seeds)"
    )


def final_size_table(seeds: int) -> None:
    print("2. well-mixed reduction vs analytic SIR final size (N = 100,000, 100 initial sharers)")
    print("   R0    analytic   simulated mean   min      max")
    population, initial = 100_000, 100
    for r0 in (1.2, 1.5, 2.0, 3.0, 4.0):
        net = SpreadNetwork(("all",), np.array([population]), np.array([[r0 / 6]]), np.array([6.0]))
        finals = []
        for seed in range(seeds):
            spread = HoaxSpread(net, np.random.default_rng(seed), {0: initial})
            while spread.sharing.sum() > 0:
                spread.step(0.5)
            finals.append(spread.reached[0] / population)
        z = sir_final_size(r0, initial / population)
        print(
            f"   {r0:<5} {z:8.4f}   {np.mean(finals):14.4f}   {min(finals):.4f}   {max(finals):.4f}"
        )


def reach_vs_detection(seeds: int, out: Path) -> None:
    delays = [15, 30, 60, 90, 120, 180, 240]
    means, lows, highs = [], [], []
    for minutes in delays:
        spec = load_scenario("pasuruan_pilkada_2024", {DETECTION: f"{minutes} min"})
        reach = []
        for seed in range(seeds):
            drill = Drill(spec, "statis", seed)
            result = drill.run()
            row = next(r for r in result.tables["hoaxes"] if r["hoax"] == HOAX)
            reach.append(100 * row["reach_share"])
        means.append(np.mean(reach))
        lows.append(min(reach))
        highs.append(max(reach))
        print(
            f"3. detection {minutes:>3} min: {HOAX} reach {np.mean(reach):5.1f} % "
            f"(min {min(reach):.1f}, max {max(reach):.1f}, {seeds} seeds)"
        )
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.fill_between(delays, lows, highs, alpha=0.25, label="range over seeds")
    ax.plot(delays, means, marker="o", label="mean")
    ax.set_title("Earlier detection and takedown keep the KPU hoax smaller")
    ax.set_xlabel("Cyber-patrol detection delay (min); takedown 60 min later")
    ax.set_ylabel("Online residents reached (% of regency)")
    ax.set_ylim(bottom=0)
    ax.legend()
    fig.text(
        0.01,
        0.01,
        f"Scenario pasuruan_pilkada_2024 (illustrative hoax parameters), strategy statis, "
        f"hoax '{HOAX}' posted at 19:00 on hari H.\n{seeds} seeds per delay; "
        f"python benchmarks/bench_information.py; sispam {__version__}",
        fontsize=7,
    )
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    out.mkdir(parents=True, exist_ok=True)
    for ext in ("png", "svg"):
        fig.savefig(out / f"hoax_reach_vs_detection.{ext}", dpi=150)
    print(f"   chart: {out / 'hoax_reach_vs_detection.png'} (+ .svg)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path("docs/images"))
    parser.add_argument("--rounds", type=int, default=10, help="turns of each spread in 0.")
    parser.add_argument("--speed-only", action="store_true", help="run 0. and 1. only")
    args = parser.parse_args()
    print(
        f"sispam {__version__}, Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores"
    )
    speed_up(args.rounds)
    time_full_network(args.seeds)
    if args.speed_only:
        return
    final_size_table(args.seeds)
    reach_vs_detection(args.seeds, args.out)


if __name__ == "__main__":
    main()
