"""Mutation testing of a bounded set of modules with mutmut, outside CI.

    pip install -e '.[test,mutation]'          # mutmut into your own venv only
    python benchmarks/mutation.py [--scope verdicts|models] [--workdir DIR] [--children N] [--fresh]

mutmut changes one thing at a time in the modules of a scope (an operator, a constant, a
comparison, a returned value, ...) and runs the scope's tests that reach the changed function; a
mutant the tests do not notice *survived*. Each scope is deliberately small (under an hour on two
shared cores): ``verdicts`` (the default) is the KPI and statistics code every verdict rests on,
the one dispatcher and the report unit words; ``models`` is the small science modules of the
models (Weidmann, injury hazards, rain, service points, hoax network, fire, seed streams).
See docs/mutation.md for the last scores and which survivors matter.

The checkout is never touched: the tracked files are copied to a scratch directory of the scope
(default ``$TMPDIR/sispam-mutation`` for verdicts, ``$TMPDIR/sispam-mutation-models`` for
models), mutmut's configuration is added to the copy's pyproject.toml, and mutmut runs there
(its ``mutants/`` folder and cache stay there, so ``--workdir`` reuses results of unchanged
code; ``--survivors`` tests only the last run's survivors again, after tests were added for
them). At the end the per-module counts are printed and written to ``mutation-results.json`` in
the scratch directory; ``cd DIR && mutmut show NAME`` shows a mutant's diff.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Scope:
    """What one mutation run covers: the modules mutated and the tests run against them."""

    modules: list[str]
    tests: list[str]
    pytest_args: list[str] = field(default_factory=list)


SCOPES = {
    # The KPI and statistics code every verdict rests on, the one dispatcher, the report words.
    # The Erlang C checks take minutes each (thousands of drill-hours): the exact FIFO recursion
    # test of the same module covers the queue discipline in a second.
    "verdicts": Scope(
        modules=[
            "simulation/patrol/kpis.py",
            "simulation/experiments/statistics.py",
            "simulation/core/dispatcher.py",
            "simulation/reports/labels.py",
        ],
        tests=[
            "tests/test_patrol_model.py",
            "tests/test_patrol_queueing.py",
            "tests/test_drill.py",
            "tests/test_experiment_statistics.py",
            "tests/test_safety_dispatch.py",
            "tests/test_safety_reports.py",
            "tests/test_safety_mutants.py",
        ],
        pytest_args=["-k", "not erlang_c"],
    ),
    # The small, arithmetic-heavy science of the models: Weidmann's diagram, injury hazards,
    # rain and travel, the plan-order service points, the hoax network, the t-squared fire and
    # the seed streams every model draws from.
    "models": Scope(
        modules=[
            "simulation/crowd/weidmann.py",
            "simulation/crowd/harm.py",
            "simulation/logistics/weather.py",
            "simulation/logistics/queues.py",
            "simulation/information/network.py",
            "simulation/emergency/fire.py",
            "simulation/core/randomness.py",
        ],
        tests=[
            "tests/test_safety_references.py",
            "tests/test_crowd_injuries.py",
            "tests/test_logistics_weather.py",
            "tests/test_logistics_model.py",
            "tests/test_information_network.py",
            "tests/test_emergency_model.py",
            "tests/test_drill.py",
            "tests/test_safety_models.py",
        ],
    ),
}

# mutmut's exit-code classes, as `mutmut results` names them.
KILLED = {"killed", "caught by type check"}


def copy_checkout(workdir: Path) -> None:
    """Copy the tracked files (as they are in the working tree) into `workdir`."""
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            target = workdir / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_bytes() != source.read_bytes():
                shutil.copy2(source, target)


def configure(workdir: Path, scope: Scope) -> None:
    """Add mutmut's settings to the copy's pyproject.toml (the checkout's stays as it is)."""
    pyproject = workdir / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text = text.split("\n[tool.mutmut]\n")[0]
    lists = {
        "source_paths": ["simulation"],
        "only_mutate": scope.modules,
        "also_copy": ["tests", "scenarios", "docs"],
        "pytest_add_cli_args_test_selection": scope.tests,
        # No xdist inside mutmut's workers; slow tests and the scope's exclusions left out.
        "pytest_add_cli_args": [
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            "-m",
            "not slow",
            *scope.pytest_args,
        ],
    }
    block = "\n[tool.mutmut]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in lists.items())
    pyproject.write_text(text + block, encoding="utf-8")


def results(workdir: Path) -> dict[str, Counter[str]]:
    """Status counts by module from `mutmut results --all true`."""
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    counts: dict[str, Counter[str]] = {}
    survivors: list[str] = []
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if not name:
            continue
        module = name.split(".x")[0].split(".xǁ")[0]
        counts.setdefault(module, Counter())[status] += 1
        if status not in KILLED:
            survivors.append(f"{name}: {status}")
    (workdir / "mutation-survivors.txt").write_text("\n".join(survivors) + "\n", encoding="utf-8")
    return counts


def default_workdir(scope: str) -> Path:
    """Each scope its own scratch copy and mutmut cache, so their results never mix."""
    suffix = "" if scope == "verdicts" else f"-{scope}"  # verdicts keeps its earlier folder
    return Path(tempfile.gettempdir()) / f"sispam-mutation{suffix}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scope", choices=sorted(SCOPES), default="verdicts", help="what to mutate and test"
    )
    parser.add_argument("--workdir", type=Path, help="default $TMPDIR/sispam-mutation[-SCOPE]")
    parser.add_argument("--children", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results")
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="test again only the mutants that survived the last run (after adding tests)",
    )
    args = parser.parse_args()
    if shutil.which("mutmut") is None and not _importable("mutmut"):
        print("mutmut is not installed: pip install -e '.[mutation]'", file=sys.stderr)
        return 2
    scope = SCOPES[args.scope]
    workdir = (args.workdir or default_workdir(args.scope)).resolve()
    if args.fresh and workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    copy_checkout(workdir)
    configure(workdir, scope)
    if (workdir / "mutants").exists():  # mutmut copies tests only when it creates mutants/
        for folder in ("tests", "scenarios", "docs"):
            shutil.copytree(workdir / folder, workdir / "mutants" / folder, dirs_exist_ok=True)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}
    names: list[str] = []
    if args.survivors:
        listed = workdir / "mutation-survivors.txt"
        names = [line.split(": ")[0] for line in listed.read_text().splitlines() if line]
    run = subprocess.run(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.children), *names],
        cwd=workdir,
        env=env,
    )
    minutes = (time.perf_counter() - started) / 60
    if run.returncode != 0:
        print(f"mutmut failed (exit {run.returncode}); earlier results kept", file=sys.stderr)
        return run.returncode
    counts = results(workdir)
    total: Counter[str] = Counter()
    print(f"\nmutmut over {len(scope.modules)} {args.scope} modules, {minutes:.1f} min, {workdir}")
    for module, c in sorted(counts.items()):
        total += c
        print(f"  {module:45s} " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    killed = sum(total[k] for k in KILLED)
    tested = sum(total.values()) - total["skipped"] - total["not checked"]
    print(f"  {'all':45s} " + ", ".join(f"{k} {v}" for k, v in sorted(total.items())))
    if tested:
        print(f"  killed {killed} of {tested} tested mutants ({100 * killed / tested:.1f}%)")
    summary = {
        "scope": args.scope,
        "modules": scope.modules,
        "tests": scope.tests,
        "minutes": round(minutes, 1),
        "by_module": {m: dict(c) for m, c in counts.items()},
        "total": dict(total),
    }
    (workdir / "mutation-results.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"survivors listed in {workdir / 'mutation-survivors.txt'}")
    return run.returncode


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    sys.exit(main())
