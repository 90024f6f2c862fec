"""The hoax spread model against the SIR final-size relation and its takedown coupling."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.information.spread import HoaxSpread, SpreadNetwork, sir_final_size


def _well_mixed(population: int, r0: float, hours: float = 6.0) -> SpreadNetwork:
    return SpreadNetwork(
        ("all",), np.array([population]), np.array([[r0 / hours]]), np.array([hours])
    )


def _run_out(spread: HoaxSpread, step_hours: float = 0.25) -> None:
    while spread.sharing.sum() > 0:
        spread.step(step_hours)


def _mean_final_share(population: int, r0: float, initial: int, runs: int) -> float:
    finals = []
    for seed in range(runs):
        spread = HoaxSpread(_well_mixed(population, r0), np.random.default_rng(seed), {0: initial})
        _run_out(spread, 0.5)
        finals.append(spread.reached[0] / population)
    return float(np.mean(finals))


def test_analytic_final_size_solves_its_equation() -> None:
    # Kermack-McKendrick: R0 = 2 from a vanishing seed leaves 20.32 % unreached (textbook value).
    assert sir_final_size(2.0) == pytest.approx(0.7968, abs=1e-4)
    assert sir_final_size(0.9) == 0.0
    z = sir_final_size(1.5, initial_share=0.01)
    assert z == pytest.approx(1 - 0.99 * np.exp(-1.5 * z), abs=1e-12)


@pytest.mark.parametrize("r0", [0.8, 1.5, 3.0])
def test_well_mixed_reduction_matches_sir_final_size(r0: float) -> None:
    expected = sir_final_size(r0, initial_share=200 / 20_000)
    # Stochastic final sizes scatter ~ 1/sqrt(N) around the deterministic limit.
    assert _mean_final_share(20_000, r0, 200, runs=4) == pytest.approx(expected, abs=0.01)


def test_step_length_changes_timing_not_final_size() -> None:
    net = _well_mixed(5_000, 2.0)
    coarse = HoaxSpread(net, np.random.default_rng(7), {0: 50})
    fine = HoaxSpread(net, np.random.default_rng(7), {0: 50})
    _run_out(coarse, 2.0)
    _run_out(fine, 0.1)
    # Same resistances and periods, exact pressure integrals: only rounding of reach times
    # differs, which moves sharing windows and hence the final count a little at most.
    assert abs(int(coarse.reached[0]) - int(fine.reached[0])) < 0.03 * 5_000


def test_isolated_community_is_never_reached() -> None:
    net = SpreadNetwork(
        ("a", "b"), np.array([1000, 1000]), np.diag([0.5, 0.5]), np.array([6.0, 6.0])
    )
    spread = HoaxSpread(net, np.random.default_rng(1), {0: 10})
    _run_out(spread)
    assert spread.reached[1] == 0
    assert spread.reached[0] > 10


def test_sharing_factor_may_only_fall() -> None:
    spread = HoaxSpread(_well_mixed(100, 2.0), np.random.default_rng(0), {0: 1})
    spread.damp_sharing(0, 0.5)
    spread.damp_sharing(0, 0.8)
    assert spread.sharing_factor[0] == pytest.approx(0.4)  # independent measures multiply
    with pytest.raises(ValueError, match=r"lies in \[0, 1\]"):
        spread.damp_sharing(0, 1.2)


def _network(rng: np.random.Generator, nodes: int) -> SpreadNetwork:
    populations = rng.integers(500, 3000, nodes)
    populations[-1] = 1  # an influential account
    transmission = rng.uniform(0.02, 0.15, (nodes, nodes))
    np.fill_diagonal(transmission, rng.uniform(0.2, 0.5, nodes))
    transmission[:, -1] *= 50.0  # its posts reach many people per hour
    return SpreadNetwork(
        tuple(f"n{i}" for i in range(nodes)),
        populations,
        transmission,
        rng.uniform(3.0, 10.0, nodes),
    )


def _reach_history(
    net: SpreadNetwork, seed: int, takedown_step: int, clarified: dict[int, tuple[int, float]]
) -> np.ndarray:
    spread = HoaxSpread(net, np.random.default_rng(seed), {0: 5, len(net.names) - 1: 1})
    history = []
    for step in range(60):
        if step == takedown_step:
            for node in range(len(net.names)):
                spread.damp_sharing(node, 0.3)
        for node, (at, factor) in clarified.items():
            if step == at:
                spread.damp_sharing(node, factor)
        spread.step(0.5)
        history.append(spread.reached.copy())
    return np.array(history)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    early=st.integers(2, 15),
    delay=st.integers(1, 3),
    clarify_at=st.integers(0, 59),
)
def test_earlier_takedown_never_reaches_more_people(
    seed: int, early: int, delay: int, clarify_at: int
) -> None:
    # Takedowns a step or two apart while the hoax is still spreading: where a model without
    # the coupling (e.g. a chain binomial) shows violations in about 8 % of such cases.
    net = _network(np.random.default_rng(seed), 4)
    clarified = {1: (clarify_at, 0.5)}
    sooner = _reach_history(net, seed, early, clarified)
    later = _reach_history(net, seed, early + delay, clarified)
    # Pathwise, at every step and in every community, not only on average.
    assert (sooner <= later).all()


@pytest.mark.slow
@pytest.mark.parametrize("r0", [1.2, 2.0, 4.0])
def test_large_population_final_size_is_tight(r0: float) -> None:
    # N = 200,000: the scatter of the final share shrinks to ~ 0.002; the mean must follow.
    expected = sir_final_size(r0, initial_share=200 / 200_000)
    assert _mean_final_share(200_000, r0, 200, runs=6) == pytest.approx(expected, abs=0.004)
