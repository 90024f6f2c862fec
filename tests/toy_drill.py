"""A toy drill engine with the real engine's shape, for testing experiments in isolation.

Its KPIs are known functions of the scenario and the seed: a noisy response time shared across
strategies through the seed (so common random numbers matter), the Ishigami function (analytic
Sobol indices) and a linear function (analytic Morris effects).
"""

import hashlib
import json
import math
import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from simulation.experiments.tasks import DrillEngine
from simulation.scenario import Problem, ScenarioError

TOY_SCENARIO = """\
strategies:
  statis: {speed: 1.0}
  mobile: {speed: 1.25}
  lambat: {speed: 0.8}
incidents: {rate: 2.0}
x: {x1: 0.0, x2: 0.0, x3: 0.0}
linear: {a: 0.0, b: 0.0}
label: merah
fail_replication: -1
die_replication: -1
spin_seconds: 0.0
gate: ""
gate_after: 0
"""

DIRECTIONS = {"response_min": "lower", "served": "higher", "ishigami": "none", "linear": "lower"}


def write_scenario(folder: Path, **changes: Any) -> Path:
    data = yaml.safe_load(TOY_SCENARIO) | changes
    path = folder / "toy.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def toy_load(path: str, overrides: dict[str, Any] | None) -> dict:
    data = yaml.safe_load(Path(path).read_text())
    for dotted, value in (overrides or {}).items():
        *parents, leaf = dotted.split(".")
        node = data
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if not isinstance(node, dict) or leaf not in node:
            raise ScenarioError([Problem("<override>", 1, 1, dotted, "unknown setting")])
        node[leaf] = value
    return data


def toy_run(
    scenario: dict, strategy: str, seed: int, replication: int, decisions: str = ""
) -> dict[str, float]:
    if replication == scenario["fail_replication"]:
        raise RuntimeError(f"toy failure at replication {replication}")
    if replication == scenario["die_replication"]:
        os._exit(70)  # the worker process dies, as in a crash in compiled code
    deadline = time.perf_counter() + scenario["spin_seconds"]
    while time.perf_counter() < deadline:  # stands in for a drill's CPU time (kill tests)
        pass
    if scenario["gate"]:
        _pass_gate(Path(scenario["gate"]), scenario["gate_after"])
    rng = np.random.default_rng([seed, replication])
    congestion = rng.gamma(4.0, 1.0, size=20).mean()
    x1, x2, x3 = (scenario["x"][k] for k in ("x1", "x2", "x3"))
    return {
        "response_min": scenario["incidents"]["rate"]
        * congestion
        / scenario["strategies"][strategy]["speed"],
        "served": float(rng.poisson(50)),
        "ishigami": math.sin(x1) + 7 * math.sin(x2) ** 2 + 0.1 * x3**4 * math.sin(x1),
        "linear": 3.0 * scenario["linear"]["a"] - 0.5 * scenario["linear"]["b"],
    }


def _pass_gate(gate: Path, after: int) -> None:
    """Let the first `after` drills through (and the few already started when the count is
    reached); hold the rest until the file `gate`/open exists. Interrupt tests then meet a
    sweep that is certainly unfinished, however fast or slow the machine is."""
    gate.mkdir(exist_ok=True)
    (gate / f"drill-{os.getpid()}-{time.perf_counter_ns()}").touch()
    if sum(1 for p in gate.iterdir() if p.name.startswith("drill-")) <= after:
        return
    while not (gate / "open").exists():
        time.sleep(0.01)


def toy_strategies(scenario: dict) -> list[str]:
    return list(scenario["strategies"])


def toy_better(kpi: str) -> str:
    return DIRECTIONS[kpi]


def toy_kpi_names() -> list[str]:
    return list(DIRECTIONS)


def toy_digest(scenario: dict) -> str:
    return hashlib.sha256(json.dumps(scenario, sort_keys=True).encode()).hexdigest()


TOY = DrillEngine(toy_load, toy_run, toy_strategies, toy_better, toy_kpi_names, toy_digest)


def write_sweep(folder: Path, text: str) -> Path:
    path = folder / "sweep.yaml"
    path.write_text("scenario: toy.yaml\n" + text)
    return path


if __name__ == "__main__":  # a toy sweep in its own process, for the kill and Ctrl-C tests
    import signal
    import sys

    # A shell starts background jobs with SIGINT ignored, and children inherit that: the
    # Ctrl-C test must see Python's own handler whoever launched the test run.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    from simulation.experiments import compare, sweep

    if sys.argv[1] == "compare":  # compare SCENARIO OUT EXECUTOR
        compare(
            sys.argv[2],
            ["statis", "mobile"],
            engine=TOY,
            replications=50,
            out=sys.argv[3],
            executor=sys.argv[4],
            workers=2,
        )
        sys.exit()
    sweep(
        sys.argv[1],
        engine=TOY,
        out=sys.argv[2],
        executor=sys.argv[3],
        workers=2,
        resume="--resume" in sys.argv,
    )
