"""A scenario written as another scenario plus changes: ``base: <scenario>``.

The recap day (or a what-if) shares the regency's geography, forces and strategies with the
voting day; copying 700 lines would let them drift apart. A scenario with ``base:`` is the base
scenario deep-merged with its own sections (the same rule as strategy ``extends:``: mappings
merge key by key, lists and values are replaced whole), and every value keeps the file and
position it was written at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulation.scenario.bundled import resolve_scenario
from simulation.scenario.errors import Locator, ScenarioError
from simulation.scenario.inheritance import merge
from simulation.scenario.yamlsource import load_yaml


def apply_base(data: dict[str, Any], locator: Locator, folder: Path) -> tuple[dict, list[str]]:
    """Resolve ``base:`` chains; returns the merged data and the base files' texts."""
    texts: list[str] = []
    seen = {locator.file}
    while "base" in data:
        name = data.pop("base")
        where = ("base",)
        if not isinstance(name, str):
            raise ScenarioError([locator.problem(where, "base names a scenario file or name")])
        candidate = folder / name
        path = candidate if candidate.is_file() else resolve_scenario(name)
        if not path.is_file():
            raise ScenarioError([locator.problem(where, f"unknown base scenario '{name}'")])
        if str(path.resolve()) in seen:
            raise ScenarioError(
                [locator.problem(where, f"scenarios are based in a circle at '{name}'")]
            )
        seen.add(str(path.resolve()))
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        base, base_locator = load_yaml(text, str(path))
        if not isinstance(base, dict):
            raise ScenarioError([base_locator.problem((), "a scenario is a mapping of sections")])
        _graft(data, base_locator, locator)
        data = merge(base, data)
        folder = path.parent
    return data, texts


def _graft(child: dict[str, Any], base: Locator, locator: Locator) -> None:
    """Give ``locator`` the base's positions for every path only the base writes."""
    for table, base_table in ((locator.values, base.values), (locator.keys, base.keys)):
        for path, mark in base_table.items():
            if path == ("base",) or not _only_in_base(child, path):
                continue
            table.setdefault(path, mark)
            locator.files.setdefault(path, base.file_of(path))


def _only_in_base(child: Any, path: tuple) -> bool:
    """True when the child does not write ``path`` nor replace one of its ancestors whole."""
    node = child
    for part in path:
        if not isinstance(node, dict):
            return False  # the child replaced this list or value whole
        if part not in node:
            return True
        node = node[part]
    return False
