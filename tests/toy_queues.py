"""A toy with a known optimum for `sispam optimise`: servers for two M/M/c queues.

A strategy puts c_a and c_b officers on two independent M/M/c queues; the mean waits are exact
Erlang C values, so the best split under a budget c_a + c_b <= B is found by enumeration. Each
drill multiplies the waits by the same noise factor for every candidate (common random numbers:
the ranking of candidates on the same drills is exact, as with the real engine's shared dice).
"""

import math
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from simulation.experiments.tasks import DrillEngine
from tests.toy_drill import _pass_gate, toy_digest, toy_load

QUEUE_SCENARIO = """\
strategies:
  base:
    queues:
      a: {servers: 5}
      b: {servers: 5}
  heavy:
    queues:
      a: {servers: 8}
      b: {servers: 8}
arrivals: {a: 4.0, b: 6.0}      # per hour
service: {a: 1.0, b: 1.5}       # per hour per server
noise: 0.1
unstable_wait_min: 600.0        # a queue that never empties: a finite, very bad wait
gate: ""
gate_after: 0
"""

KPIS = {"wait_min": "lower", "servers": "lower", "wait_a_min": "lower", "wait_b_min": "lower"}


def erlang_c_wait_min(arrivals: float, service: float, servers: int, unstable: float) -> float:
    """Mean wait in queue of M/M/c in minutes (Erlang C); `unstable` when load >= servers."""
    load = arrivals / service
    if servers <= load:
        return unstable
    top = load**servers / math.factorial(servers) * servers / (servers - load)
    bottom = sum(load**k / math.factorial(k) for k in range(servers)) + top
    return 60.0 * (top / bottom) / (servers * service - arrivals)


def exact_waits(scenario: dict, servers: dict[str, int]) -> dict[str, float]:
    return {
        q: erlang_c_wait_min(
            scenario["arrivals"][q],
            scenario["service"][q],
            servers[q],
            scenario["unstable_wait_min"],
        )
        for q in ("a", "b")
    }


def queue_run(
    scenario: dict, strategy: str, seed: int, replication: int, decisions: str = ""
) -> dict[str, float]:
    if scenario["gate"]:
        _pass_gate(Path(scenario["gate"]), scenario["gate_after"])
    queues = scenario["strategies"][strategy]["queues"]
    servers = {q: int(queues[q]["servers"]) for q in ("a", "b")}
    waits = exact_waits(scenario, servers)
    factor = 1.0 + scenario["noise"] * np.random.default_rng([seed, replication]).standard_normal()
    return {
        "wait_min": (waits["a"] + waits["b"]) * factor,
        "wait_a_min": waits["a"] * factor,
        "wait_b_min": waits["b"] * factor,
        "servers": float(servers["a"] + servers["b"]),
    }


def queue_officers(scenario: dict, strategy: str) -> float:
    queues = scenario["strategies"][strategy]["queues"]
    return float(sum(int(q["servers"]) for q in queues.values()))


def queue_load(path: str, overrides: dict[str, Any] | None) -> dict:
    """As the toy loader; a strategy that `extends:` another (a front/pNN.yaml) takes its queues."""
    data = toy_load(path, overrides)
    for entry in data["strategies"].values():
        if "extends" in entry:
            entry.setdefault("queues", data["strategies"][entry["extends"]]["queues"])
    return data


def queue_strategies(scenario: dict) -> list[str]:
    return list(scenario["strategies"])


def queue_better(kpi: str) -> str:
    return KPIS[kpi]


def queue_kpi_names() -> list[str]:
    return list(KPIS)


TOY_QUEUES = DrillEngine(
    queue_load, queue_run, queue_strategies, queue_better, queue_kpi_names, toy_digest
)


def write_queue_scenario(folder: Path, **changes: Any) -> Path:
    data = yaml.safe_load(QUEUE_SCENARIO) | changes
    path = folder / "queues.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


if __name__ == "__main__":  # a search in its own process, for the kill test
    import sys

    from simulation.experiments.optimise import optimise

    optimise(
        sys.argv[1],
        engine=TOY_QUEUES,
        officers=queue_officers,
        out=sys.argv[2],
        executor=sys.argv[3],
        workers=2,
        resume="--resume" in sys.argv,
    )
