"""The sweep file: a small YAML naming a scenario, the parameters to vary and how to sample them.

```yaml
scenario: ../scenarios/pasuruan_pilkada_2024.yaml   # relative to this file
strategies: [statis, mobile]                         # default: every strategy of the scenario
sampler: lhs                                         # grid | random | lhs | sobol | morris
samples: 32                                          # points (sobol: base N, morris: trajectories)
replications: 5
seed: 1
parameters:
  strategies.mobile.dispatch.escalate_after: [5, 10, 20]           # listed values
  incidents.generators[0].rate_per_hour: {low: 0.5, high: 2.0}     # continuous range
  strategies.mobile.patrols: {low: 2, high: 8, integer: true}      # integer range
sensitivity: [patrol.response_mean_min]             # KPIs to analyse (sobol or morris sampler)
```
"""

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
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
from simulation.experiments.errors import ExperimentError


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
    scenario: str
    strategies: list[str] | None = None
    sampler: Literal["grid", "random", "lhs", "sobol", "morris"] = "grid"
    samples: int | None = Field(default=None, ge=1)
    replications: int = Field(default=10, ge=1)
    seed: int = Field(default=1, ge=0)
    parameters: dict[str, ParameterSpec] = Field(min_length=1)
    sensitivity: list[str] = []

    @model_validator(mode="after")
    def _sensitivity_sampler(self) -> "SweepFile":
        if self.sensitivity and self.sampler not in ("sobol", "morris"):
            raise ValueError(
                f"sensitivity needs sampler sobol (Sobol indices) or morris (Morris indices), "
                f"not {self.sampler}"
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


def read_sweep_file(path: Path) -> tuple[SweepFile, Path]:
    """Parse and validate a sweep file; return it with the scenario path resolved beside it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExperimentError(f"cannot read sweep file: {exc.strerror}", str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise ExperimentError(f"not valid YAML: {getattr(exc, 'problem', exc)}", where) from exc
    try:
        spec = SweepFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        dotted = ".".join(str(part) for part in first["loc"] if part not in ("values", "range"))
        raise ExperimentError(
            first["msg"].removeprefix("Value error, "), f"{path}: {dotted}" if dotted else str(path)
        ) from exc
    return spec, (path.parent / spec.scenario).resolve()
