"""The JSON Schema of the scenario language, for editors (`sispam schema`).

pydantic describes a finished strategy; in a file, a strategy that `extends:` another writes
only what it changes. The schema therefore offers, for each strategy, either a complete one or a
"partial" one (every field optional, at any depth) that names its parent. Likewise a scenario
`based_on:` another writes only what it changes.
"""

from __future__ import annotations

import copy
from typing import Any

from simulation.scenario.model import ScenarioSpec

PARTIAL = "Partial"


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].rsplit("/", 1)[-1]} if "$ref" in node else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node)) if node else set()
    return set()


def _partial(node: Any) -> Any:
    """A copy with nothing required and every reference pointing at partial definitions."""
    if isinstance(node, dict):
        out = {k: _partial(v) for k, v in node.items() if k != "required"}
        if "$ref" in out:
            out["$ref"] = f"{out['$ref']}{PARTIAL}"
        return out
    if isinstance(node, list):
        return [_partial(v) for v in node]
    return node


def scenario_json_schema() -> dict[str, Any]:
    schema = ScenarioSpec.model_json_schema()
    defs = schema["$defs"]
    reachable, todo = set(), sorted(_refs(schema["properties"]))
    while todo:
        name = todo.pop()
        if name not in reachable:
            reachable.add(name)
            todo.extend(_refs(defs[name]))
    for name in reachable:
        defs[f"{name}{PARTIAL}"] = _partial(copy.deepcopy(defs[name]))
    defs["StrategyPatch"] = copy.deepcopy(defs[f"Strategy{PARTIAL}"])
    extension = defs[f"Strategy{PARTIAL}"]
    extension["required"] = ["extends"]
    extension["description"] = "A strategy that extends another and writes only what it changes."
    strategies = schema["properties"]["strategies"]
    pattern_props = strategies["patternProperties"]
    for key in pattern_props:
        pattern_props[key] = {
            "anyOf": [{"$ref": "#/$defs/Strategy"}, {"$ref": f"#/$defs/Strategy{PARTIAL}"}]
        }
    _allow_based_on(schema, list(pattern_props))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "sispam scenario"
    return schema


def _allow_based_on(schema: dict[str, Any], strategy_keys: list[str]) -> None:
    """A document is a complete scenario, or one `based_on:` another that writes only what it
    changes (every section optional; a strategy may add to the base's strategy of that name)."""
    defs = schema["$defs"]
    root_keys = ("type", "properties", "required", "additionalProperties", "description")
    whole = {k: schema.pop(k) for k in root_keys if k in schema}
    patch = _partial({k: v for k, v in whole.items() if k != "properties"})
    patch["properties"] = {
        name: _partial(value) for name, value in whole["properties"].items() if name != "strategies"
    }
    strategies = copy.deepcopy(whole["properties"]["strategies"])
    strategies["patternProperties"] = {
        key: {"anyOf": [{"$ref": "#/$defs/Strategy"}, {"$ref": "#/$defs/StrategyPatch"}]}
        for key in strategy_keys
    }
    patch["properties"]["strategies"] = strategies
    patch["properties"]["based_on"] = {
        "type": "string",
        "description": "Bundled scenario name or file (beside this one) this scenario changes.",
    }
    patch["required"] = ["schema_version", "based_on"]
    defs["ScenarioComplete"] = whole
    defs["ScenarioBasedOn"] = patch
    schema["anyOf"] = [{"$ref": "#/$defs/ScenarioComplete"}, {"$ref": "#/$defs/ScenarioBasedOn"}]
