"""Sweep designs and sensitivity indices, checked against their defining properties and
analytic results (Ishigami Sobol indices; Morris effects of a linear function)."""

import math

import numpy as np
import pandas as pd
import pytest

from simulation.experiments.design import Parameter, build_design
from simulation.experiments.errors import ExperimentError
from simulation.experiments.sensitivity import analyse


def test_grid_is_the_cartesian_product():
    params = [Parameter("a", values=("x", "y")), Parameter("b", low=0, high=1, steps=3)]
    design = build_design(params, "grid", None, 1, False)
    assert design.points == [{"a": a, "b": b} for a in ("x", "y") for b in (0.0, 0.5, 1.0)]


def test_integer_range_grid_visits_every_integer():
    design = build_design([Parameter("n", low=2, high=5, integer=True)], "grid", None, 1, False)
    assert [p["n"] for p in design.points] == [2, 3, 4, 5]


def test_grid_refuses_a_continuous_range_without_steps():
    with pytest.raises(ExperimentError, match="steps"):
        build_design([Parameter("rate", low=0.5, high=2.0)], "grid", None, 1, False)


def test_latin_hypercube_puts_one_point_in_every_stratum():
    n = 16
    params = [Parameter("a", low=0, high=1), Parameter("b", low=10, high=20)]
    design = build_design(params, "lhs", n, 4, False)
    for p, (low, high) in zip(params, [(0, 1), (10, 20)], strict=True):
        strata = sorted(int((pt[p.path] - low) / (high - low) * n) for pt in design.points)
        assert strata == list(range(n))


def test_value_and_integer_mapping_use_equal_bins():
    values = Parameter("v", values=("hijau", "kuning", "merah"))
    assert [values.at(u) for u in (0.0, 0.34, 0.67, 1.0)] == ["hijau", "kuning", "merah", "merah"]
    ints = Parameter("n", low=1, high=3, integer=True)
    assert [ints.at(u) for u in (0.0, 0.33, 0.34, 0.99, 1.0)] == [1, 1, 2, 3, 3]


def test_samplers_are_reproducible_from_the_seed():
    params = [Parameter("a", low=0, high=1), Parameter("b", values=(1, 2, 3))]
    for sampler in ("random", "lhs", "sobol"):
        first = build_design(params, sampler, 8, 11, False).points
        assert first == build_design(params, sampler, 8, 11, False).points
        assert first != build_design(params, sampler, 8, 12, False).points


def test_sobol_needs_a_power_of_two_and_morris_needs_numbers():
    with pytest.raises(ExperimentError, match="power of 2"):
        build_design([Parameter("a", low=0, high=1)], "sobol", 10, 1, False)
    with pytest.raises(ExperimentError, match="numeric"):
        build_design([Parameter("s", values=("hijau", "merah"))], "morris", 4, 1, False)


def _indices(params, sampler, samples, model):
    design = build_design(params, sampler, samples, 5, True)
    y = [model(**{p.path: pt[p.path] for p in params}) for pt in design.points]
    means = pd.DataFrame({"strategy": "s", "point": range(len(y)), "y": y})
    return analyse(params, design, means, ["y"], sampler, 5).set_index("parameter")


def test_sobol_indices_of_the_ishigami_function():
    # Ishigami (a=7, b=0.1) on [-pi, pi]^3: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)
    def ishigami(x1, x2, x3):
        return math.sin(x1) + 7 * math.sin(x2) ** 2 + 0.1 * x3**4 * math.sin(x1)

    params = [Parameter(name, low=-math.pi, high=math.pi) for name in ("x1", "x2", "x3")]
    si = _indices(params, "sobol", 1024, ishigami)
    np.testing.assert_allclose(si["S1"], [0.3139, 0.4424, 0.0], atol=0.06)
    np.testing.assert_allclose(si["ST"], [0.5576, 0.4424, 0.2437], atol=0.06)


def test_morris_effects_of_a_linear_function_are_its_slopes_times_ranges():
    params = [
        Parameter("a", low=0, high=2),
        Parameter("b", low=-1, high=1),
        Parameter("c", low=5, high=6),
    ]
    si = _indices(params, "morris", 10, lambda a, b, c: 3 * a - 0.5 * b + 0 * c)
    np.testing.assert_allclose(si["mu_star"], [6.0, 1.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(si["sigma"], [0.0, 0.0, 0.0], atol=1e-9)


def test_points_without_results_are_reported_not_analysed():
    params = [Parameter("a", low=0, high=1), Parameter("b", low=0, high=1)]
    design = build_design(params, "morris", 4, 1, True)
    means = pd.DataFrame({"strategy": "s", "point": range(len(design.points)), "y": 1.0})
    means.loc[2, "y"] = np.nan
    result = analyse(params, design, means, ["y"], "morris", 1)
    assert (result["note"] != "").all() and len(result) == 2


@pytest.mark.parametrize("sampler", ["lhs", "random"])
def test_rbd_fast_first_order_indices_of_the_ishigami_function(sampler):
    """Latin-hypercube and random designs: RBD-FAST recovers Ishigami's analytic S1."""

    def ishigami(x1, x2, x3):
        return math.sin(x1) + 7 * math.sin(x2) ** 2 + 0.1 * x3**4 * math.sin(x1)

    params = [Parameter(name, low=-math.pi, high=math.pi) for name in ("x1", "x2", "x3")]
    si = _indices(params, sampler, 2000, ishigami)
    np.testing.assert_allclose(si["S1"], [0.3139, 0.4424, 0.0], atol=0.06)
    assert "ST" not in si.columns, "RBD-FAST gives no total-order index"
