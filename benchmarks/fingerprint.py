"""Fingerprint drills bit for bit, to show a speed-up changed no result.

    python benchmarks/fingerprint.py [SCENARIO ...] [--seeds N] [--against CHECKOUT]

For every strategy of each scenario (default: the bundled ones without a crowd scene, which
take long) and seeds 0..N-1, hashes the drill's KPIs, event log, series and tables (floats by
their repr, so one bit changes the hash) and prints one line per drill. With ``--against``, runs
the same in another checkout (``git worktree add /tmp/before main``; PYTHONPATH, the editable
install's finders dropped, as benchmarks/bench_drill.py does) and reports every drill that
differs; exit status 1 if any does.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

SCENARIOS = ("pasuruan_pilkada_2024", "pasuruan_logistik_2024", "pasuruan_rekap_2024")

_RUN_HERE = """
import runpy
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def fingerprints(scenarios: list[str], seeds: int) -> None:
    """Print `scenario strategy seed digest` for every drill."""
    import hashlib

    from simulation.core.drill import run_drill
    from simulation.geography import load_scenario

    for name in scenarios:
        spec = load_scenario(name)
        for strategy in spec.strategies:
            for seed in range(seeds):
                r = run_drill(spec, strategy, seed)
                parts = (
                    sorted(r.kpis.items()),
                    [(e.t, e.kind, sorted(e.fields.items())) for e in r.events],
                    sorted(r.series.items()),
                    sorted(r.tables.items()),
                )
                digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
                print(name, strategy, seed, digest, flush=True)


def run(checkout: Path, scenarios: list[str], seeds: int) -> list[str]:
    # Imported here: the child runs this file too, without the benchmarks folder on its path.
    from checkout import ISOLATE

    args = [*scenarios, "--seeds", str(seeds), "--here"]
    done = subprocess.run(
        [sys.executable, "-c", ISOLATE + _RUN_HERE, __file__, *args],
        env={"PYTHONPATH": str(checkout), "PATH": ""},
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", default=list(SCENARIOS))
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.here:  # the worker, inside the checkout to fingerprint
        fingerprints(args.scenarios, args.seeds)
        return
    here = run(Path(__file__).resolve().parents[1], args.scenarios, args.seeds)
    print("\n".join(here))
    if args.against is None:
        return
    there = run(args.against.resolve(), args.scenarios, args.seeds)
    differ, unpaired = compare(here, there)
    shared = len(here) - sum(line.endswith("(only here)") for line in unpaired)
    print(f"{shared - len(differ)} of {shared} drills identical to {args.against}")
    print("\n".join(differ + unpaired))
    sys.exit(1 if differ else 0)


def compare(here: list[str], there: list[str]) -> tuple[list[str], list[str]]:
    """The drills that differ, paired by (scenario, strategy, seed), and those only one
    checkout ran (a strategy added or renamed since): listed, not counted as differences."""
    theirs = {tuple(line.split()[:3]): line.split()[3] for line in there}
    mine = {tuple(line.split()[:3]) for line in here}
    differ, unpaired = [], []
    for line in here:
        *key, digest = line.split()
        other = theirs.get(tuple(key))
        if other is None:
            unpaired.append(f"{line}  (only here)")
        elif other != digest:
            differ.append(f"{line}  !=  {other}")
    unpaired += [f"{' '.join(k)} {d}  (only there)" for k, d in theirs.items() if k not in mine]
    return differ, unpaired


if __name__ == "__main__":
    main()
