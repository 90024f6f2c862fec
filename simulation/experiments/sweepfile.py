"""The sweep file: a small YAML naming a scenario, the parameters to vary and how to sample them.

```yaml
scenario: pasuruan_pilkada_2024                      # a file beside this one, or a bundled name
strategies: [statis, mobile]                         # default: every strategy of the scenario
sampler: lhs                                         # grid | random | lhs | sobol | morris
samples: 32                                          # points (sobol: base N, morris: trajectories)
replications: 5
seed: 1
parameters:
  strategies.mobile.dispatch.escalate_after: [5, 10, 20]           # listed values
  incidents.generators[0].rate_per_hour: {low: 0.001, high: 0.004} # continuous range
  strategies.mobile.mobile[7].count: {low: 2, high: 8, integer: true}  # integer range
sensitivity: [patrol.response_mean_min]             # KPIs to analyse (not with grid)
```
"""

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

from simulation.experiments.design import Parameter
from simulation.scenario import ScenarioError, resolve_scenario
from simulation.scenario.errors import Locator, Problem, did_you_mean
from simulation.scenario.yamlsource import load_yaml, read_source


class RangeSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    low: float
    high: float
    integer: bool = False
    steps: int | None = Field(default=None, ge=2)

    @model_validator(mode="after")
    def _ordered(self) -> "RangeSpec":
        if not self.low < self.high:
            raise ValueError(f"empty range: low ({self.low}) must be below high ({self.high})")
        if self.integer and (self.low != int(self.low) or self.high != int(self.high)):
            raise ValueError("an integer range needs whole-number low and high")
        return self


def _kind(value: Any) -> str:
    return "values" if isinstance(value, list) else "range"


# A list means listed values, a mapping a range; the tag keeps error messages about the one meant.
ParameterSpec = Annotated[
    Annotated[list[Any], Field(min_length=1), Tag("values")] | Annotated[RangeSpec, Tag("range")],
    Discriminator(_kind),
]


class SweepFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario: str | None = None
    strategies: list[str] | None = None
    sampler: Literal["grid", "random", "lhs", "sobol", "morris"] = "grid"
    samples: int | None = Field(default=None, ge=1)
    replications: int = Field(default=10, ge=1)
    seed: int = Field(default=1, ge=0)
    parameters: dict[str, ParameterSpec] = Field(min_length=1)
    sensitivity: list[str] = []

    @model_validator(mode="after")
    def _sensitivity_sampler(self) -> "SweepFile":
        if self.sensitivity and self.sampler not in ("sobol", "morris", "lhs", "random"):
            raise ValueError(
                "sensitivity needs sampler sobol (Sobol indices), morris (Morris indices), "
                f"lhs or random (RBD-FAST first-order indices), not {self.sampler}"
            )
        return self

    def parameter_list(self) -> list[Parameter]:
        return [
            Parameter(path, values=tuple(spec))
            if isinstance(spec, list)
            else Parameter(
                path, low=spec.low, high=spec.high, integer=spec.integer, steps=spec.steps
            )
            for path, spec in self.parameters.items()
        ]


def read_sweep_file(path: Path) -> tuple[SweepFile, Path, Locator]:
    """Parse and validate a sweep file; return it, its scenario's path and where keys were written.

    The scenario is found beside the sweep file, else among the bundled scenarios by name.
    Problems raise ScenarioError as `file:line:col: dotted.path: message`, like scenario files.
    """
    data, locator = load_yaml(read_source(path), str(path))
    try:
        spec = SweepFile.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError([_problem(error, data, locator) for error in exc.errors()]) from None
    return spec, scenario_named(path, spec.scenario, locator), locator


def scenario_named(path: Path, name: str | None, locator: Locator) -> Path:
    """The scenario a sweep or search file names: a file beside it, else a bundled one (None:
    the default); a located error at `scenario:` when there is neither."""
    beside = path.parent / name if name else None
    scenario = beside if beside is not None and beside.exists() else resolve_scenario(name)
    if not scenario.exists():
        raise ScenarioError(
            [locator.problem(("scenario",), f"no scenario file or bundled scenario {name!r}")]
        )
    return scenario.resolve()


def _written(loc: tuple, data: Any) -> tuple:
    """The part of a pydantic error location the user wrote (drops union tags like 'range')."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int)
        ):
            path.append(part)
            node = node[part]
        elif part not in ("values", "range"):
            path.append(part)
            node = None
    return tuple(path)


def _problem(error: dict, data: Any, locator: Locator) -> Problem:
    """A pydantic error as a located problem; an unknown key is shown at the key itself."""
    path = _written(error["loc"], data)
    if error["type"] == "extra_forbidden":
        keys = [*SweepFile.model_fields, *RangeSpec.model_fields]
        return locator.problem(path, f"unknown key{did_you_mean(str(path[-1]), keys)}")
    return locator.problem(path, error["msg"].removeprefix("Value error, "))
