"""The JSON Schema of the scenario language, for editors (`sispam schema`).

pydantic describes a finished strategy; in a file, a strategy that `extends:` another writes
only what it changes. The schema therefore offers, for each strategy, either a complete one or a
"partial" one (every field optional, at any depth) that names its parent. Likewise a whole
scenario is either complete or an "overlay" that names its `base:` scenario.
"""

from __future__ import annotations

import copy
from typing import Any

from simulation.scenario.model import ScenarioSpec
from simulation.scenario.units import (
    CLOCK_PATTERN,
    DURATION_PATTERN,
    format_clock,
    format_duration,
)

PARTIAL = "Partial"
OVERLAY = "Overlay"


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if "$ref" in node else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def _partial(node: Any, suffix: str = PARTIAL) -> Any:
    """A copy with nothing required and every reference pointing at `suffix` definitions."""
    if isinstance(node, dict):
        out = {k: _partial(v, suffix) for k, v in node.items() if k != "required"}
        if "$ref" in out:
            out["$ref"] = f"{out['$ref']}{suffix}"
        return out
    if isinstance(node, list):
        return [_partial(v, suffix) for v in node]
    return node


def _overlay(schema: dict[str, Any]) -> dict[str, Any]:
    """The root of a scenario with `base:`: it writes only what differs from its base."""
    defs = schema["$defs"]
    for name in [n for n in defs if not n.endswith(PARTIAL)]:
        defs[f"{name}{OVERLAY}"] = _partial(copy.deepcopy(defs[name]), OVERLAY)
    properties = _partial(copy.deepcopy(schema["properties"]), OVERLAY)
    properties["base"] = {
        "type": "string",
        "description": "Scenario (file or bundled name) this one changes; see docs/information.md.",
    }
    return {
        "type": "object",
        "properties": properties,
        "required": ["schema_version", "base"],
        "additionalProperties": False,
    }


def _written_defaults(node: Any) -> None:
    """Defaults of durations and clock times as a user writes them, not as internal seconds: a
    bare number in a file means minutes, so a default of 900.0 would read as 900 minutes."""
    if isinstance(node, dict):
        default = node.get("default")
        numeric = isinstance(default, int | float) and not isinstance(default, bool)
        patterns = {n.get("pattern") for n in node.get("anyOf", [node]) if isinstance(n, dict)}
        if numeric and DURATION_PATTERN in patterns:
            node["default"] = format_duration(float(default))
        elif numeric and CLOCK_PATTERN in patterns:
            node["default"] = format_clock(float(default))
        for value in node.values():
            _written_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _written_defaults(value)


def scenario_json_schema() -> dict[str, Any]:
    schema = ScenarioSpec.model_json_schema()
    _written_defaults(schema)
    layered = _overlay(schema)
    defs = schema["$defs"]
    reachable, todo = set(), ["Strategy"]
    while todo:
        name = todo.pop()
        if name not in reachable:
            reachable.add(name)
            todo.extend(_refs(defs[name]))
    for name in sorted(reachable):  # a set: sorted, so the schema is the same in every run
        defs[f"{name}{PARTIAL}"] = _partial(copy.deepcopy(defs[name]))
    extension = defs[f"Strategy{PARTIAL}"]
    extension["required"] = ["extends"]
    extension["description"] = "A strategy that extends another and writes only what it changes."
    strategies = schema["properties"]["strategies"]
    pattern_props = strategies["patternProperties"]
    for key in pattern_props:
        pattern_props[key] = {
            "anyOf": [{"$ref": "#/$defs/Strategy"}, {"$ref": f"#/$defs/Strategy{PARTIAL}"}]
        }
    full = {k: schema.pop(k) for k in ("type", "properties", "required", "additionalProperties")}
    schema["anyOf"] = [full, layered]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "sispam scenario"
    return schema
