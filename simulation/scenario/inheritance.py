"""Strategies that `extends:` another: a deep merge in which the child wins.

Mappings merge key by key; lists and values are replaced whole. The merged strategy keeps the
locations of whichever file position supplied each value, so errors still point at real lines.
"""

from __future__ import annotations

from typing import Any

from simulation.scenario.errors import Locator, Path, Problem, did_you_mean


def merge(parent: Any, child: Any) -> Any:
    """Deep merge in which the child wins: mappings key by key, lists and values whole."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for key, value in child.items():
            out[key] = merge(parent[key], value) if key in parent else value
        return out
    return child


def _copy_locations(locator: Locator, src: Path, dst: Path) -> None:
    """Give ``dst`` the parent's positions (and files) for every path the child does not write."""
    written = set(locator.values) | set(locator.keys)
    for table in (locator.values, locator.keys):
        for path, mark in list(table.items()):
            target = dst + path[len(src) :]
            if path[: len(src)] != src or target in written:
                continue
            table[target] = mark
            if locator.file_of(path) != locator.file:  # written in a base scenario
                locator.files.setdefault(target, locator.file_of(path))


def resolve_extends(strategies: dict[str, Any], locator: Locator) -> tuple[dict, list[Problem]]:
    """Resolve every strategy's `extends:` chain; report unknown parents and cycles."""
    problems: list[Problem] = []
    resolved: dict[str, Any] = {}

    def resolve(name: str, chain: tuple[str, ...]) -> Any:
        if name in resolved:
            return resolved[name]
        raw = strategies[name]
        parent = raw.get("extends") if isinstance(raw, dict) else None
        if parent is None:
            resolved[name] = raw
            return raw
        here = ("strategies", name, "extends")
        if not isinstance(parent, str) or parent not in strategies:
            hint = did_you_mean(str(parent), strategies)
            problems.append(locator.problem(here, f"unknown strategy '{parent}'{hint}"))
            resolved[name] = raw
            return raw
        if parent in chain:
            cycle = " -> ".join((*chain, parent))
            problems.append(locator.problem(here, f"strategies extend in a circle: {cycle}"))
            resolved[name] = raw
            return raw
        base = resolve(parent, (*chain, parent))
        merged = merge(base, raw)
        _copy_locations(locator, ("strategies", parent), ("strategies", name))
        resolved[name] = merged
        return merged

    for name in strategies:
        resolve(name, (name,))
    return resolved, problems
