"""Where a path in a scenario document lands in the pydantic models that read it.

pydantic's error locations carry union-branch labels the user never wrote; hints ("did you mean")
and salvage (taking out what fails) need the model a path points into.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from simulation.scenario.model import ScenarioSpec


def written_path(loc: tuple, data: Any) -> tuple:
    """Drop pydantic's union-branch labels, keeping the keys and indexes the user wrote."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(part, str) and any(ch in part for ch in "[]()-"):
            continue
        else:
            path.append(part)
            node = None
    return tuple(path)


def model_at(path: tuple) -> type[BaseModel] | None:
    """The model of the mapping found at `path` (None for a list, a value or an unknown key)."""
    annotation: Any = ScenarioSpec
    for part in path:
        model = _model_in(annotation)
        if isinstance(part, str) and model is not None and part in model.model_fields:
            annotation = model.model_fields[part].annotation
        else:
            annotation = _element(annotation)
    return _model_in(annotation)


def fields_at(path: tuple) -> list[str]:
    """Field names of the model found at `path`, for "did you mean" hints."""
    model = model_at(path)
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _element(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        return next((_element(a) for a in args if _model_in(_element(a)) is not None), annotation)
    return annotation
