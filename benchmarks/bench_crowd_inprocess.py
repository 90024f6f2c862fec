"""CPU time of one crowd scene under this checkout's crowd code and another revision's, in one
process, taking turns every couple of simulated minutes.

    python benchmarks/bench_crowd_inprocess.py --baseline REV [--scenario demo_kpu_bangil]
        [--strategy berlapis] [--seed 7] [--chunk 120] [--rounds 2]

Why: on a shared VM a drill's CPU time drifts by 10-25 % over minutes, so two processes timed
one after the other (benchmarks/bench_crowd_scene.py) need many repeats to show a 5 % change.
Here both versions of ``simulation/crowd`` run the same scene side by side in one process,
each for ``--chunk`` simulated seconds in turn, so both see the same machine; the ratio of
their CPU times holds to about 1 % between runs.

The revision's ``simulation/crowd`` is extracted with ``git archive`` into a package
``crowd_base`` in the temporary directory (its imports of itself rewritten; kept per
commit); everything else (agents,
geography, scenario loading) is this checkout's. So it compares changes inside
``simulation/crowd`` only, and the revision's crowd code must still run on this checkout's
other modules. The scene runs standalone (no drill: requested units come by their ETA), one
round being a warm-up that compiles or loads both versions' kernels; the two must end in
the same state (positions, states, KPIs), or the script says so and exits 1.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1]


def base_package(rev: str) -> Path:
    """A folder holding ``simulation/crowd`` of ``rev`` as the package ``crowd_base``, kept
    between runs (one per commit: numba's cache of its kernels is keyed by their path)."""
    sha = subprocess.run(
        ["git", "rev-parse", rev], cwd=HERE, capture_output=True, text=True, check=True
    ).stdout.strip()
    into = Path(tempfile.gettempdir()) / f"sispam-crowd-base-{sha[:12]}"
    if (into / "crowd_base").exists():
        return into
    data = subprocess.run(
        ["git", "archive", sha, "simulation/crowd"], cwd=HERE, capture_output=True, check=True
    ).stdout
    target = into / "crowd_base.partial"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.endswith(".py"):
                text = tar.extractfile(member).read().decode()
                text = re.sub(r"\bsimulation\.crowd\.", "crowd_base.", text)
                text = re.sub(r"\bfrom simulation\.crowd import\b", "from crowd_base import", text)
                (target / Path(member.name).name).write_text(text)
    target.rename(into / "crowd_base")  # whole or not at all
    return into


def digest(model: object) -> str:
    """Positions, states and KPIs of a scene, hashed."""
    kpis = repr(sorted(model.kpis().items())).encode()
    return hashlib.sha256(model.pos.tobytes() + model.state.tobytes() + kpis).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="git revision to compare with")
    parser.add_argument("--scenario", default="demo_kpu_bangil")
    parser.add_argument("--strategy", default="berlapis")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--chunk", type=float, default=120.0, help="simulated s per turn")
    parser.add_argument("--rounds", type=int, default=2, help="timed rounds after the warm-up")
    args = parser.parse_args()
    sys.path.insert(0, str(base_package(args.baseline)))

    from crowd_base.model import CrowdModel as Base

    from simulation.crowd.model import CrowdModel as Now
    from simulation.geography import load_scenario

    spec = load_scenario(args.scenario)
    scene = spec.crowd
    if scene is None or spec.strategies[args.strategy].crowd is None:
        sys.exit(f"{args.scenario}: no crowd scene under strategy {args.strategy}")
    police = spec.strategies[args.strategy].crowd
    sizes = {t.id: t.officers for t in spec.forces.unit_types}
    print(
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}; {args.scenario} --strategy {args.strategy} "
        f"--seed {args.seed}, {scene.duration / 60:.0f} min scene, turns of {args.chunk:.0f} s"
    )
    versions = {f"baseline {args.baseline}": Base, "this checkout": Now}
    for round_ in range(args.rounds + 1):
        models = {
            name: cls(scene, police, rng=np.random.default_rng(args.seed), unit_sizes=sizes)
            for name, cls in versions.items()
        }
        cpu = dict.fromkeys(models, 0.0)
        done, turn = 0.0, 0
        while done < scene.duration - 1e-9:
            step = min(args.chunk, scene.duration - done)
            names = list(models) if turn % 2 == 0 else list(models)[::-1]
            for name in names:
                start = time.process_time()
                models[name].run(step)
                cpu[name] += time.process_time() - start
            done, turn = done + step, turn + 1
        hashes = {name: digest(m) for name, m in models.items()}
        if len(set(hashes.values())) > 1:
            print(f"  the two versions end in different states: {hashes}")
            sys.exit(1)
        label = "warm-up (kernels compiled or loaded)" if round_ == 0 else f"round {round_}"
        base, now = cpu.values()
        print(
            f"  {label:<38} baseline {base:.2f} s, this checkout {now:.2f} s CPU: {base / now:.3f}x"
        )


if __name__ == "__main__":
    main()
