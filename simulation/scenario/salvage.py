"""Salvage a scenario with schema errors, so the cross-checks still run in the same pass.

A user who fixes a schema error and then meets an MSEL error, and then a force-pool error, has
validated three times for one file. Instead, what pydantic rejects is taken out until the rest
validates: the bad key when its field has a default, else the list item or strategy holding it.
The cross-checks then run on what is left, with every path mapped back to where it was written.
The ids of items taken out stay known, so no check complains about a reference to them: that
would echo the schema error. When a whole section would have to go, nothing is salvaged.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import ValidationError

from simulation.scenario.errors import Locator, Path
from simulation.scenario.model import ScenarioSpec
from simulation.scenario.modelpath import model_at, written_path


@dataclasses.dataclass
class Salvaged:
    """What validates of a scenario, how its paths map back, and what was taken out."""

    spec: ScenarioSpec
    locator: Locator
    cut_ids: set[str]
    cut_sections: set[str]


def salvage(data: dict, locator: Locator) -> Salvaged | None:
    """The scenario without what pydantic rejects, or None when a whole section is bad."""
    data = _fresh(data)
    removed: list[tuple[Path, int]] = []
    cut_ids: set[str] = set()
    sections: set[str] = set()
    for _ in range(100):  # each round removes at least one key or item, so this ends
        try:
            spec = ScenarioSpec.model_validate(data)
        except ValidationError as exc:
            cuts = {_cut(written_path(e["loc"], data), data) for e in exc.errors()}
            if None in cuts:
                return None
            for cut in _outermost(cuts):  # type: ignore[arg-type]
                sections.add(str(cut[0]))
                item = _get(data, cut[:-1]).pop(cut[-1])
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    cut_ids.add(item["id"])
                if cut[:-1] == ("strategies",):
                    cut_ids.add(str(cut[-1]))
                if isinstance(cut[-1], int):
                    removed.append((cut[:-1], cut[-1]))
            continue
        moved = dataclasses.replace(locator, removed=locator.removed + tuple(removed))
        return Salvaged(spec, moved, cut_ids, sections)
    return None


def _cut(path: tuple, data: dict) -> Path | None:
    """The innermost key with a default, list item or strategy holding `path`."""
    for n in range(len(path), 1, -1):
        head = path[:n]
        parent = _get(data, head[:-1])
        key = head[-1]
        if isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            return head
        if not isinstance(parent, dict) or key not in parent:
            continue
        if head[:-1] == ("strategies",):
            return head
        model = model_at(head[:-1])
        field = model.model_fields.get(str(key)) if model is not None else None
        if field is not None and not field.is_required():
            return head
    return None


def _outermost(cuts: set[Path]) -> list[Path]:
    """Cuts not inside another cut, later list items first so earlier indexes stay valid."""
    kept = [c for c in cuts if not any(o != c and c[: len(o)] == o for o in cuts)]
    return sorted(kept, key=lambda c: [(isinstance(p, int), p) for p in c], reverse=True)


def _fresh(node: Any) -> Any:
    """A copy sharing nothing: strategies that extend one another may share sub-documents, and
    what is taken out of one must not vanish from another (deepcopy would keep them shared)."""
    if isinstance(node, dict):
        return {key: _fresh(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_fresh(value) for value in node]
    return node


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
