"""CPU time of one crowd drill, this checkout against another revision, in one run.

    python benchmarks/bench_crowd_scene.py [--baseline REV] [--scenario demo_kpu_bangil]
        [--strategy berlapis] [--seed 1] [--repeats 3] [--set crowd.duration="90 min"]

Each measurement is a fresh process that loads the scenario, runs a one-minute scene first
(numba kernels compiled or loaded from their cache, imports done), then times ``run_drill``
alone (CPU time of the process: no charts, no result files), as one replication of
``sispam compare`` costs. With ``--baseline`` the revision is extracted with ``git archive``
into a temporary directory and measured the same way, alternating with this checkout; the
ratio of the fastest runs is the speed-up, and so is the median of the ratios of each pair of
runs taken one after the other (steadier on a shared machine, whose speed drifts over
minutes). Both run their own scenario file, so a changed ``dt_s`` counts as part of the
change.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def child(scenario: str, strategy: str, seed: int, sets: list[str]) -> None:
    """In a fresh process whose path starts at the tree to measure: time one drill."""
    try:  # the engine core may live in simulation.core after a restructuring
        from simulation.core.drill import run_drill
    except ImportError:
        from simulation.drill import run_drill
    import simulation
    from simulation.cli import parse_sets

    try:  # the full loader lives in simulation.geography after the layering
        from simulation.geography import load_scenario
    except ImportError:
        from simulation.scenario import load_scenario

    overrides = parse_sets(sets)
    warm = load_scenario(scenario, {**overrides, "crowd.duration": "1 min"})
    run_drill(warm, strategy, seed)
    spec = load_scenario(scenario, overrides or None)
    start = time.process_time()
    result = run_drill(spec, strategy, seed)
    cpu = time.process_time() - start
    crowd = {k: v for k, v in result.kpis.items() if k.startswith("crowd.")}
    out = {"cpu_s": cpu, "source": str(Path(simulation.__file__).parents[1]), "kpis": crowd}
    print(json.dumps(out))


def measure(tree: Path, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", args.scenario]
    cmd += ["--strategy", args.strategy, "--seed", str(args.seed)]
    for s in args.set:
        cmd += ["--set", s]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert Path(found["source"]) == tree, f"measured {found['source']}, not {tree}"
    return found


def extract(rev: str) -> Path:
    """The tree of ``rev`` in a directory kept between runs (its numba cache too)."""
    sha = subprocess.run(
        ["git", "rev-parse", rev], cwd=HERE, capture_output=True, text=True, check=True
    ).stdout.strip()
    where = Path(tempfile.gettempdir()) / f"sispam-bench-{sha[:12]}"
    if not where.exists():
        tmp = Path(tempfile.mkdtemp(prefix="sispam-bench-"))
        data = subprocess.run(["git", "archive", sha], cwd=HERE, capture_output=True, check=True)
        archive = tmp / "tree.tar"
        archive.write_bytes(data.stdout)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp / "tree", filter=_source_only)
        (tmp / "tree").rename(where)
        shutil.rmtree(tmp)  # the archive
    return where


def _source_only(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """tarfile's ``data`` filter, leaving out links that point outside the tree (a committed
    ``.venv`` link made the whole extraction fail)."""
    try:
        return tarfile.data_filter(member, dest)
    except (tarfile.AbsoluteLinkError, tarfile.LinkOutsideDestinationError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="demo_kpu_bangil")
    parser.add_argument("--strategy", default="berlapis")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], help="PATH=VALUE override")
    parser.add_argument("--baseline", help="git revision to compare with (e.g. main)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.scenario, args.strategy, args.seed, args.set)
        return
    trees = {"this checkout": HERE}
    if args.baseline:
        trees = {f"baseline {args.baseline}": extract(args.baseline), **trees}
    print(
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}; {args.scenario} --strategy {args.strategy} "
        f"--seed {args.seed} {' '.join('--set ' + s for s in args.set)}"
    )
    times: dict[str, list[float]] = {name: [] for name in trees}
    kpis: dict[str, dict] = {}
    for _ in range(args.repeats):
        for name, tree in trees.items():
            found = measure(tree, args)
            times[name].append(found["cpu_s"])
            kpis[name] = found["kpis"]
    for name, t in times.items():
        print(f"  {name:<24} drill CPU s: {' '.join(f'{v:.2f}' for v in t)} (best {min(t):.2f})")
    if args.baseline:
        base, now = (min(t) for t in times.values())
        paired = sorted(b / n for b, n in zip(*times.values(), strict=True))
        print(
            f"  speed-up: best/best {base / now:.2f}x; median of the {len(paired)} paired "
            f"ratios {statistics.median(paired):.2f}x (range {paired[0]:.2f}-{paired[-1]:.2f})"
        )
        names = list(kpis)
        print(f"  {'KPI':<34} {names[0]:>24} {names[1]:>24}")
        for k in sorted(set(kpis[names[0]]) | set(kpis[names[1]])):
            a, b = kpis[names[0]].get(k, float("nan")), kpis[names[1]].get(k, float("nan"))
            print(f"  {k:<34} {a:>24.3f} {b:>24.3f}")


if __name__ == "__main__":
    main()
