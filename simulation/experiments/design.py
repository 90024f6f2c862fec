"""Sweep designs: which parameter values each design point gets.

Every sampler first draws points in the unit hypercube (scipy.stats.qmc for Latin hypercube and
Sobol, SALib for the Saltelli and Morris schemes its sensitivity analysers need), then one mapping
turns a unit coordinate into a parameter value, so every parameter kind works with every sampler
that can take it.
"""

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from scipy.stats import qmc

from simulation.experiments.errors import ExperimentError

SAMPLERS = ("grid", "random", "lhs", "sobol", "morris")
MORRIS_LEVELS = 4


@dataclass(frozen=True)
class Parameter:
    """A swept scenario value: listed `values` or a `low`..`high` range (`integer`, `steps`)."""

    path: str
    values: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    integer: bool = False
    steps: int | None = None

    @property
    def numeric(self) -> bool:
        return not self.values or all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in self.values
        )

    def grid(self) -> list[Any]:
        """The values a grid visits; a range needs `steps` (or is integer) to have a grid."""
        if self.values:
            return list(self.values)
        if self.integer and self.steps is None:
            return list(range(int(self.low), int(self.high) + 1))
        if self.steps is None:
            raise ExperimentError(
                "a grid needs `values` or `steps` for a continuous range", ("parameters", self.path)
            )
        points = np.linspace(self.low, self.high, self.steps)
        return [round(v) for v in points] if self.integer else [float(v) for v in points]

    def at(self, u: float) -> Any:
        """The value at unit coordinate `u` in [0, 1]: equal-width bins for values and integers."""
        if self.values:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        if self.integer:
            return min(int(self.low) + int(u * (self.high - self.low + 1)), int(self.high))
        return float(self.low + u * (self.high - self.low))

    def extremes(self) -> list[Any]:
        """Values to try before a sweep starts, so a bad path or type fails before any drill."""
        return list(dict.fromkeys(self.values)) if self.values else [self.at(0.0), self.at(1.0)]


@dataclass(frozen=True)
class Design:
    """The design points of a sweep and the unit coordinates SALib analyses them on."""

    points: list[dict[str, Any]]
    unit: np.ndarray | None


def salib_problem(parameters: list[Parameter]) -> dict:
    return {
        "num_vars": len(parameters),
        "names": [p.path for p in parameters],
        "bounds": [[0, 1]] * len(parameters),
    }


def build_design(
    parameters: list[Parameter], sampler: str, samples: int | None, seed: int, sensitivity: bool
) -> Design:
    """Design points for `sampler`; `sensitivity` asks sobol for the Saltelli scheme."""
    if sampler == "grid":
        grids = [p.grid() for p in parameters]
        points = [
            dict(zip([p.path for p in parameters], combo, strict=True))
            for combo in itertools.product(*grids)
        ]
        return Design(points, None)
    if samples is None or samples < 1:
        raise ExperimentError(f"sampler {sampler} needs `samples` of at least 1", ("samples",))
    d = len(parameters)
    rng = np.random.default_rng(seed)
    match sampler:
        case "random":
            unit = rng.random((samples, d))
        case "lhs":
            unit = qmc.LatinHypercube(d, rng=rng).random(samples)
        case "sobol":
            if samples & (samples - 1):
                raise ExperimentError(f"sobol needs a power of 2 (got {samples})", ("samples",))
            if sensitivity:
                unit = sobol_sample.sample(
                    salib_problem(parameters), samples, calc_second_order=False, seed=seed
                )
            else:
                unit = qmc.Sobol(d, rng=rng).random(samples)
        case "morris":
            for p in parameters:
                if not p.numeric:
                    raise ExperimentError(
                        "morris needs numeric parameters (ordered values)", ("parameters", p.path)
                    )
            unit = morris_sample.sample(
                salib_problem(parameters), samples, num_levels=MORRIS_LEVELS, seed=seed
            )
        case _:
            raise ExperimentError(
                f"unknown sampler {sampler!r}; choose one of {', '.join(SAMPLERS)}", ("sampler",)
            )
    points = [
        {p.path: p.at(float(u)) for p, u in zip(parameters, row, strict=True)} for row in unit
    ]
    return Design(points, unit)
