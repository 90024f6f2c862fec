"""Salvage a scenario with schema errors, so the cross-checks still run in the same pass.

A user who fixes a schema error and then meets an MSEL error, and then a force-pool error, has
validated three times for one file. Instead, the items pydantic rejects are taken out (a list
item, a strategy, an optional section) until the rest validates; the cross-checks then run on
what is left, with every path mapped back to where it was written. The ids of items taken out
stay known, so no check complains about a reference to them: that would echo the schema error.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from simulation.scenario.errors import Locator, Path
from simulation.scenario.model import ScenarioSpec

REAL_PATH = Callable[[tuple, Any], tuple]


@dataclasses.dataclass
class Salvaged:
    """What validates of a scenario, how its paths map back, and the ids that were taken out."""

    spec: ScenarioSpec
    locator: Locator
    cut_ids: set[str]
    cut_sections: set[str]


def salvage(data: dict, locator: Locator, real_path: REAL_PATH) -> Salvaged | None:
    """The scenario without the items pydantic rejects, or None when a required part is bad.

    `real_path` turns a pydantic error location into the keys and indexes written in `data`.
    """
    data = copy.deepcopy(data)
    removed: list[tuple[Path, int]] = []
    cut_ids: set[str] = set()
    sections: set[str] = set()
    for _ in range(100):  # each round removes at least one item, so this ends
        try:
            spec = ScenarioSpec.model_validate(data)
        except ValidationError as exc:
            cuts = {_cut(real_path(e["loc"], data), data) for e in exc.errors()}
            if None in cuts:
                return None
            for cut in _outermost(cuts):  # type: ignore[arg-type]
                sections.add(str(cut[0]))
                item = _remove(data, cut)
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    cut_ids.add(item["id"])
                if isinstance(cut[-1], int):
                    removed.append((cut[:-1], cut[-1]))
            continue
        moved = dataclasses.replace(locator, removed=locator.removed + tuple(removed))
        return Salvaged(spec, moved, cut_ids, sections)
    return None


def _cut(path: tuple, data: dict) -> Path | None:
    """The innermost list item, strategy or optional section holding `path`."""
    for n in range(len(path), 0, -1):
        head = path[:n]
        parent = _get(data, head[:-1])
        if isinstance(parent, list) and isinstance(head[-1], int) and head[-1] < len(parent):
            return head
        if head[:-1] == ("strategies",) and isinstance(parent, dict) and head[-1] in parent:
            return head
        if n == 1 and head[0] in data and _optional(head[0]):
            return head
    return None


def _optional(section: object) -> bool:
    field = ScenarioSpec.model_fields.get(str(section))
    return field is not None and not field.is_required() and section != "schema_version"


def _outermost(cuts: set[Path]) -> list[Path]:
    """Cuts not inside another cut, later list items first so earlier indexes stay valid."""
    kept = [c for c in cuts if not any(o != c and c[: len(o)] == o for o in cuts)]
    return sorted(kept, key=lambda c: [(isinstance(p, int), p) for p in c], reverse=True)


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _remove(data: dict, cut: Path) -> Any:
    parent = _get(data, cut[:-1])
    return parent.pop(cut[-1])
