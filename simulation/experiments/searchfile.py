"""The search file of `sispam optimise`: levers, a personnel budget, limits and objectives.

```yaml
scenario: pasuruan_pilkada_2024     # a file beside this one, or a bundled name
strategy: statis                    # the planner's base strategy (default: the one the levers name)
seed: 1
evaluations: 60                     # candidates the sampler proposes (--budget-evals)
population: 12                      # candidates per generation
replications: 3                     # drills per candidate during the search
front_replications: 10              # drills per front point when it is re-evaluated
budget: base                        # officers deployed at most ("base": as the base strategy)
levers:                             # decision variables by dotted path, as --set writes them
  strategies.statis.mobile[0].count: {int: [1, 3], name: polsek}
  strategies.statis.tps_guard.kurang_rawan: {choice: ["2-8-16", "2-12-24", "2-16-32"]}
  strategies.statis.mobile[1].on_duty[0]: {time: ["H-1 12:00", "H 06:00"], step: 60}
limits:                             # linear limits on lever values, by lever name
  - {expr: "polsek + 2 * brimob", le: 8}
objectives:                         # direction defaults to the KPI registry's
  - patrol.serious_response_mean_min
  - {kpi: patrol.within_target_share, direction: higher}
```

It is read like the sweep file (composed YAML, every problem `file:line:col: path: message`).
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from simulation.experiments.sweepfile import _written, scenario_named
from simulation.scenario import ScenarioError
from simulation.scenario.errors import Locator, Problem, did_you_mean
from simulation.scenario.yamlsource import load_yaml, read_source

_TIME = re.compile(r"^\s*(?:H\s*([+-]\d+)?\s+)?(\d{1,2}):(\d{2})\s*$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(min|h|s)?\s*$")
_TERM = re.compile(r"\s*([+-])?\s*(?:(\d+(?:\.\d+)?)\s*\*\s*)?([A-Za-z_][\w.\[\]]*)\s*")


def clock_minutes(text: str) -> int:
    """Minutes from H 00:00 of a clock time "07:00", "H 07:00", "H-1 18:00"."""
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a clock time like '07:00' or 'H-1 18:00'")
    day = int(match.group(1) or 0)
    hours, minutes = int(match.group(2)), int(match.group(3))
    if hours > 23 or minutes > 59:
        raise ValueError(f"{text!r} is not a clock time")
    return day * 1440 + hours * 60 + minutes


def clock_text(minutes: int) -> str:
    """The clock time the scenario language reads back: "07:00" on hari H, "H-1 18:00" else."""
    day, rest = divmod(minutes, 1440)
    clock = f"{rest // 60:02d}:{rest % 60:02d}"
    return clock if day == 0 else f"H{day:+d} {clock}"


class IntLever(BaseModel):
    model_config = ConfigDict(extra="forbid")
    int: tuple[int, int]
    name: str | None = None

    @field_validator("int")
    @classmethod
    def _ordered(cls, bounds: tuple[int, int]) -> tuple[int, int]:
        if bounds[0] >= bounds[1]:
            raise ValueError(f"empty range: {bounds[0]} must be below {bounds[1]}")
        return bounds

    def values(self) -> list[Any]:
        return list(range(self.int[0], self.int[1] + 1))


class ChoiceLever(BaseModel):
    model_config = ConfigDict(extra="forbid")
    choice: list[Any] = Field(min_length=2)
    name: str | None = None

    def values(self) -> list[Any]:
        return list(self.choice)


class TimeLever(BaseModel):
    model_config = ConfigDict(extra="forbid")
    time: tuple[str, str]
    step: int | str = 30
    name: str | None = None

    @field_validator("time")
    @classmethod
    def _clock(cls, bounds: tuple[str, str]) -> tuple[str, str]:
        first, last = (clock_minutes(b) for b in bounds)
        if first >= last:
            raise ValueError(f"empty range: {bounds[0]} must be before {bounds[1]}")
        return bounds

    @field_validator("step")
    @classmethod
    def _duration(cls, step: int | str) -> int | str:
        if isinstance(step, str) and not _DURATION.match(step):
            raise ValueError(f"{step!r} is not a duration like '30 min' or '1 h'")
        if _step_minutes(step) <= 0:
            raise ValueError("the step must be positive")
        return step

    def values(self) -> list[Any]:
        first, last = (clock_minutes(b) for b in self.time)
        step = max(1, round(_step_minutes(self.step)))
        return [clock_text(m) for m in range(first, last + 1, step)]


def _step_minutes(step: int | str) -> float:
    if not isinstance(step, str):
        return float(step)
    match = _DURATION.match(step)
    assert match
    factor = {"min": 1.0, "h": 60.0, "s": 1 / 60, None: 1.0}[match.group(2)]
    return float(match.group(1)) * factor


def _lever_kind(value: Any) -> str:
    if isinstance(value, dict):
        for kind in ("int", "choice", "time"):
            if kind in value:
                return kind
    return "int"


LeverSpec = Annotated[
    Annotated[IntLever, Tag("int")]
    | Annotated[ChoiceLever, Tag("choice")]
    | Annotated[TimeLever, Tag("time")],
    Discriminator(_lever_kind),
]


class Limit(BaseModel):
    """A linear limit on lever values: `expr` ("a + 2 * b - c") at most `le` / at least `ge`."""

    model_config = ConfigDict(extra="forbid")
    expr: str
    le: float | None = None
    ge: float | None = None

    @model_validator(mode="after")
    def _bound(self) -> "Limit":
        if self.le is None and self.ge is None:
            raise ValueError("a limit needs `le` (at most) or `ge` (at least)")
        return self


class Objective(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kpi: str
    direction: Literal["lower", "higher"] | None = None


def _objective(value: Any) -> Any:
    return {"kpi": value} if isinstance(value, str) else value


class SearchFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario: str | None = None
    strategy: str | None = None
    references: list[str] | None = None
    seed: int = Field(default=1, ge=0)
    evaluations: int = Field(default=60, ge=1)
    population: int = Field(default=12, ge=2)
    replications: int = Field(default=3, ge=1)
    front_replications: int = Field(default=10, ge=2)
    front_max: int = Field(default=10, ge=1)
    budget: int | Literal["base"] | None = None
    levers: dict[str, LeverSpec] = Field(min_length=1)
    limits: list[Limit] = []
    objectives: list[Annotated[Objective, Field()]] = Field(min_length=1)

    @field_validator("objectives", mode="before")
    @classmethod
    def _short_objectives(cls, value: Any) -> Any:
        return [_objective(v) for v in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _replications(self) -> "SearchFile":
        if self.front_replications < self.replications:
            raise ValueError("front_replications must be at least replications")
        return self


def normal_path(path: str) -> str:
    """`mobile.0.count` as the scenario language writes it, `mobile[0].count`."""
    return re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", path)


def lever_names(spec: SearchFile) -> dict[str, str]:
    """Lever name -> dotted path (the name defaults to the path as written)."""
    return {(lever.name or path): path for path, lever in spec.levers.items()}


def parse_expr(expr: str) -> list[tuple[float, str]]:
    """Terms (coefficient, lever name) of a linear expression such as "a + 2 * b - c"."""
    terms: list[tuple[float, str]] = []
    pos = 0
    while pos < len(expr):
        match = _TERM.match(expr, pos)
        if not match or match.end() == pos or (terms and not match.group(1)):
            raise ValueError(f"cannot read {expr[pos:]!r}: write terms like 'a + 2 * b - c'")
        sign = -1.0 if match.group(1) == "-" else 1.0
        terms.append((sign * float(match.group(2) or 1.0), match.group(3)))
        pos = match.end()
    if not terms:
        raise ValueError("an empty expression")
    return terms


def read_search_file(path: Path) -> tuple[SearchFile, Path, Locator]:
    """Parse and check a search file; return it, its scenario's path and where keys were written.

    Problems raise ScenarioError, every one located; the checks against the scenario (paths,
    KPIs, strategies) are made by the optimiser, which knows the engine.
    """
    data, locator = load_yaml(read_source(path), str(path))
    try:
        spec = SearchFile.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError([_problem(error, data, locator) for error in exc.errors()]) from None
    problems: list[Problem] = []
    names = lever_names(spec)
    if len(names) < len(spec.levers):
        for path, lever in spec.levers.items():
            if lever.name and sum(1 for lv in spec.levers.values() if lv.name == lever.name) > 1:
                problems.append(
                    locator.problem(("levers", path, "name"), f"two levers are {lever.name!r}")
                )
    for i, limit in enumerate(spec.limits):
        try:
            terms = parse_expr(limit.expr)
        except ValueError as exc:
            problems.append(locator.problem(("limits", i, "expr"), str(exc)))
            continue
        for _, name in terms:
            if name not in names:
                problems.append(
                    locator.problem(
                        ("limits", i, "expr"),
                        f"no lever named {name!r}{did_you_mean(name, list(names))}",
                    )
                )
            elif isinstance(spec.levers[names[name]], ChoiceLever):
                problems.append(
                    locator.problem(("limits", i, "expr"), f"lever {name!r} is not a number")
                )
    if problems:
        raise ScenarioError(problems)
    return spec, scenario_named(path, spec.scenario, locator), locator


_KEYS = [
    *SearchFile.model_fields,
    *IntLever.model_fields,
    *ChoiceLever.model_fields,
    *TimeLever.model_fields,
    *Limit.model_fields,
    *Objective.model_fields,
]


def _problem(error: dict, data: Any, locator: Locator) -> Problem:
    """A pydantic error as a located problem; an unknown key is shown at the key itself."""
    loc = list(error["loc"])
    if len(loc) > 2 and loc[0] == "levers" and loc[2] in ("int", "choice", "time"):
        del loc[2]  # the union's tag, not a key the user wrote
    path = _written(tuple(loc), data)
    if error["type"] == "extra_forbidden":
        return locator.problem(path, f"unknown key{did_you_mean(str(path[-1]), _KEYS)}")
    return locator.problem(path, error["msg"].removeprefix("Value error, "))


@dataclass(frozen=True)
class Lever:
    """One decision variable: its name, dotted path and the values it may take (in order)."""

    name: str
    path: str
    values: tuple[Any, ...]
    numeric: bool


@dataclass(frozen=True)
class Plan:
    """The search file checked against the scenario: what every later step reads."""

    spec: SearchFile
    scenario: Path
    strategy: str
    references: list[str]
    levers: list[Lever]
    directions: list[str]
    budget: float | None
    base_values: dict[str, Any]
    raw: dict[str, Any]
