"""Load a scenario: YAML with positions -> overrides -> `extends:` -> typed models -> checks.

Every stage reports located problems. Schema errors and the cross-checks come in one pass (the
cross-checks run on what validates, `simulation.scenario.salvage`); a file that cannot be read,
a missing base or an `extends:` loop stops the load, so a user never sees errors that are only
echoes of an earlier one. The checks of roads and venue
geometry come in as `ground`; callers use `simulation.geography.load_scenario`, which passes
them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from simulation.scenario.bundled import resolve_scenario
from simulation.scenario.checks import Ground, check_references
from simulation.scenario.errors import OVERRIDE, Locator, Problem, ScenarioError, did_you_mean
from simulation.scenario.inheritance import resolve_extends
from simulation.scenario.layering import apply_base
from simulation.scenario.model import SCHEMA_VERSION, ScenarioSpec
from simulation.scenario.modelpath import fields_at, written_path
from simulation.scenario.msel_table import attach_tables
from simulation.scenario.overrides import apply_overrides, parse_path
from simulation.scenario.salvage import salvage
from simulation.scenario.yamlsource import load_yaml, read_source


def load_spec(
    source: str | Path | None,
    overrides: dict[str, Any] | None = None,
    ground: Callable[[ScenarioSpec], Ground] | None = None,
) -> ScenarioSpec:
    """Read, validate and cross-check a scenario file (a bundled scenario's name; None: default).

    `overrides` maps dotted paths to values (see `simulation.scenario.overrides`). Raises
    ScenarioError listing every problem as `file:line:col: dotted.path: message`.
    """
    path = resolve_scenario(source)
    name = str(path) if source is None else str(source)
    text = read_source(path, name)
    return parse_spec(text, name, overrides, folder=path.parent, ground=ground)


def parse_spec(
    text: str,
    file: str,
    overrides: dict[str, Any] | None = None,
    folder: Path | None = None,
    ground: Callable[[ScenarioSpec], Ground] | None = None,
) -> ScenarioSpec:
    """As load_spec, for text already in hand (`file` names it in messages).

    `folder` is where `base:` scenarios and MSEL tables are looked up (default: beside `file`).
    """
    folder = Path(file).parent if folder is None else folder
    data, locator = load_yaml(text, file)
    if not isinstance(data, dict):
        raise ScenarioError([locator.problem((), "a scenario is a mapping of sections")])
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ScenarioError(
            [
                locator.problem(
                    ("schema_version",),
                    f"this sispam reads schema_version {SCHEMA_VERSION}, the file says {version!r}",
                )
            ]
        )
    data, included = apply_base(data, locator, folder)
    included += attach_tables(data, locator, folder)
    if overrides:
        data = _overridden(data, overrides, locator)
    strategies = data.get("strategies")
    if isinstance(strategies, dict) and all(isinstance(v, dict) for v in strategies.values()):
        data["strategies"], problems = resolve_extends(strategies, locator)
        if problems:
            raise ScenarioError(problems)
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        problems = _located(exc, data, locator)
        rest = salvage(data, locator)
        if rest is not None:  # the cross-checks of what validates, in the same pass
            problems += check_references(
                rest.spec, rest.locator, ground, rest.cut_ids, rest.cut_sections
            )
        raise ScenarioError(problems) from None
    problems = check_references(spec, locator, ground)
    if problems:
        raise ScenarioError(problems)
    canonical = json.dumps(overrides or {}, sort_keys=True, default=str)
    spec._origin = file
    spec._locator = locator
    spec._overrides = dict(overrides or {})
    digest = hashlib.sha256(f"{text}\0{canonical}".encode())
    for extra in included:  # base scenarios and MSEL tables are part of what was run
        digest.update(f"\0{extra}".encode())
    spec._digest = digest.hexdigest()
    return spec


def _overridden(data: dict, overrides: dict[str, Any], locator: Locator) -> dict:
    try:
        data = apply_overrides(data, overrides)
    except (KeyError, ValueError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        raise ScenarioError([Problem(OVERRIDE, 1, 1, "<override>", message)]) from None
    for number, text in enumerate(overrides, start=1):
        path = parse_path(text)
        for table in (locator.values, locator.keys):
            for known in [k for k in table if k[: len(path)] == path]:
                del table[known]
        # Line 0 marks "written by an override"; the column says which one.
        locator.values[path] = (0, number)
    return data


# --- pydantic errors -> located problems ---------------------------------------------------


def _located(exc: ValidationError, data: Any, locator: Locator) -> list[Problem]:
    merged: dict[tuple, list[str]] = {}
    for error in exc.errors(include_url=False):
        loc = written_path(error["loc"], data)
        kind = error["type"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            hint = did_you_mean(key, fields_at(loc[:-1]))
            merged.setdefault(loc, []).append(f"unknown key '{key}'{hint}")
        elif kind == "missing":
            merged.setdefault(loc[:-1], []).append(f"missing required key '{loc[-1]}'")
        else:
            message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
            merged.setdefault(loc, []).append(message)
    problems = []
    for loc, messages in merged.items():
        unique = list(dict.fromkeys(messages))
        problems.append(locator.problem(loc, "; or ".join(unique)))
    return problems
