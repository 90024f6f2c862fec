"""Dotted-path edits of a raw scenario, applied before validation so errors stay located.

`incidents.generators[0].rate_per_hour` or `strategies.mobile.dispatch.escalate_after`: the
language of sweeps and of `--set` on the command line.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from simulation.scenario.errors import Path, dotted

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(text: str) -> Path:
    """Split "a.b[2].c" into ("a", "b", 2, "c"); raise ValueError on malformed text."""
    parts: list[str | int] = []
    pos = 0
    for match in _PART.finditer(text):
        if match.start() != pos and text[pos : match.start()] != ".":
            raise ValueError(f"malformed path {text!r}")
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        pos = match.end()
    if pos != len(text) or not parts:
        raise ValueError(f"malformed path {text!r}")
    return tuple(parts)


def apply_overrides(data: Any, overrides: dict[str, Any]) -> Any:
    """A deep copy of `data` with each dotted path set to its value.

    A list index must exist; a mapping key may be new (a strategy that inherits a section can
    be given it), and validation then rejects keys the language does not know.
    """
    data = copy.deepcopy(data)
    for text, value in overrides.items():
        path = parse_path(text)
        node = data
        for depth, part in enumerate(path[:-1]):
            node = _child(node, part, path[: depth + 1], create=True)
        last = path[-1]
        if isinstance(node, list):
            _child(node, last, path, create=False)
        elif not isinstance(node, dict):
            raise KeyError(f"{dotted(path[:-1])} is a value, not a section")
        node[last] = value
    return data


def _child(node: Any, part: str | int, path: Path, create: bool) -> Any:
    if isinstance(node, list):
        if not isinstance(part, int) or not -len(node) <= part < len(node):
            raise KeyError(f"{dotted(path)}: no such list item (the list has {len(node)})")
        return node[part]
    if isinstance(node, dict) and isinstance(part, str):
        if part not in node:
            if not create:
                raise KeyError(f"{dotted(path)}: no such key")
            node[part] = {}
        return node[part]
    raise KeyError(f"{dotted(path)}: cannot step into a {type(node).__name__}")
