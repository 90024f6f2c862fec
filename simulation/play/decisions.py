"""The decision log: every order of a played drill, with its time and who gave it, as YAML.

A planner can read and edit it, so it loads like a scenario: composed node by node, every
problem located (``file:line:col: path: message``), all problems reported in one pass::

    scenario: pasuruan_pilkada_2024
    strategy: statis
    seed: 1
    decisions:
      - t: 12600.0            # drill seconds (exact: a replay must give the order at this time)
        clock: "09:30"        # for people; ignored on load
        by: Kabag Ops
        order: dispatch_unit
        unit: "dalmas#241@mapolres"
        to: bangil

Times are kept as drill seconds because a facilitator may pause anywhere (at the next incident,
say, 09:31:17.4); a clock label alone would move the order and break the bit-for-bit replay.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

import yaml

from simulation.core.plugins import OrderSpec
from simulation.scenario.errors import Problem, ScenarioError, did_you_mean
from simulation.scenario.units import format_clock, parse_duration
from simulation.scenario.yamlsource import load_yaml, read_source

HEADER = ("scenario", "strategy", "seed", "replication")
ENTRY = ("t", "clock", "by", "order", "refused")


@dataclass(frozen=True)
class Decision:
    """One order: drill time in seconds, who gave it, its kind and parameters as written."""

    t: float
    by: str
    order: str
    params: dict[str, Any]
    line: int = field(default=0, compare=False)  # where it was written, for located errors


@dataclass
class DecisionLog:
    """The orders of one played drill, in the order they were given."""

    decisions: list[Decision] = field(default_factory=list)
    scenario: str = ""
    strategy: str = ""
    seed: int = 0
    replication: int = 0
    file: str = "<decisions>"

    def branch(self, keep: int) -> DecisionLog:
        """The first ``keep`` decisions: a new game from there, on the same dice."""
        if not 0 <= keep <= len(self.decisions):
            raise ValueError(f"the log has {len(self.decisions)} decisions, cannot keep {keep}")
        return DecisionLog(
            self.decisions[:keep], self.scenario, self.strategy, self.seed, self.replication
        )

    def to_yaml(self, start_clock_s: float, refusals: dict[int, str] | None = None) -> str:
        """The log as a planner reads it; ``refusals`` notes which orders the drill refused."""
        entries = []
        for i, d in enumerate(self.decisions):
            entry: dict[str, Any] = {
                "t": d.t,
                "clock": format_clock(start_clock_s + d.t),
                "by": d.by,
                "order": d.order,
                **d.params,
            }
            if refusals and refusals.get(i):
                entry["refused"] = refusals[i]
            entries.append(entry)
        head = {
            "scenario": self.scenario,
            "strategy": self.strategy,
            "seed": self.seed,
            "replication": self.replication,
        }
        return "# sispam decision log\n" + yaml.safe_dump(
            {**head, "decisions": entries}, sort_keys=False, allow_unicode=True
        )


def load_decisions(path: FilePath | str) -> DecisionLog:
    """Read a decision log; raises ScenarioError listing every problem, located."""
    file = str(path)
    data, locator = load_yaml(read_source(FilePath(path), file), file)
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise ScenarioError([Problem(file, 1, 1, "<document>", "expected a mapping")])
    for key in data:
        if key not in (*HEADER, "decisions"):
            problems.append(locator.problem((key,), f"unknown key '{key}'"))
    header: dict[str, Any] = {}
    for key in HEADER:
        value = data.get(key, "" if key in ("scenario", "strategy") else 0)
        want = str if key in ("scenario", "strategy") else int
        if not isinstance(value, want) or isinstance(value, bool):
            problems.append(locator.problem((key,), f"must be a {want.__name__}"))
        elif want is int and value < 0:
            problems.append(locator.problem((key,), "must be 0 or more"))
        header[key] = value
    raw = data.get("decisions", [])
    if not isinstance(raw, list):
        problems.append(locator.problem(("decisions",), "must be a list"))
        raw = []
    decisions = []
    last = -math.inf
    for i, entry in enumerate(raw):
        where = ("decisions", i)
        if not isinstance(entry, dict):
            problems.append(locator.problem(where, "a decision is a mapping (t, by, order, ...)"))
            continue
        t, order, by = entry.get("t"), entry.get("order"), entry.get("by", "")
        if not isinstance(t, int | float) or isinstance(t, bool) or not math.isfinite(t) or t < 0:
            problems.append(locator.problem((*where, "t"), "t is the drill time in seconds, >= 0"))
            continue
        if t < last:
            problems.append(locator.problem((*where, "t"), "decisions must be in time order"))
        last = float(t)
        if not isinstance(order, str) or not order:
            problems.append(locator.problem((*where, "order"), "missing the order's kind"))
            continue
        if not isinstance(by, str):
            problems.append(locator.problem((*where, "by"), "must be text"))
        params = {k: v for k, v in entry.items() if k not in ENTRY}
        line = locator.where(where)[0]
        decisions.append(Decision(float(t), str(by), order, params, line))
    if problems:
        raise ScenarioError(problems)
    return DecisionLog(decisions, file=file, **header)


def check_params(
    spec: OrderSpec, params: dict[str, Any], choices: dict[str, list[str]]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Params converted for the drill (durations to seconds), and (param, problem) pairs.

    ``choices`` lists the valid values of each parameter kind in this drill (units, places,
    injects, convoys, hoaxes, crowds).
    """
    out: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for name in params:
        if name not in spec.params:
            expected = ", ".join(spec.params) or "none"
            problems.append((name, f"'{spec.kind}' takes no '{name}' (it takes: {expected})"))
    for name, kind in spec.params.items():
        if name not in params:
            problems.append((name, f"'{spec.kind}' needs '{name}' ({kind})"))
            continue
        value = params[name]
        if kind == "duration":
            try:
                seconds = parse_duration(value)
            except ValueError as exc:
                problems.append((name, str(exc)))
                continue
            if seconds < 0:
                problems.append((name, "a duration cannot be negative"))
                continue
            out[name] = seconds
        elif kind == "text":
            out[name] = str(value)
        else:
            value = str(value)
            valid = choices.get(kind, [])
            if value not in valid:
                hint = did_you_mean(value, valid)
                problems.append((name, f"no {kind} '{value}' in this drill{hint}"))
                continue
            out[name] = value
    return out, problems
