"""The hoax spread model against the SIR final-size relation, its takedown coupling, and a
person-by-person reference of the same model (the vectorised step must reach the same people)."""

from bisect import bisect_right

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from simulation.information.spread import (
    CHUNK,
    HoaxSpread,
    SpreadBatch,
    SpreadNetwork,
    sir_final_size,
)


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


def _reference_run(
    net: SpreadNetwork,
    seed: int,
    seeds: dict[int, int],
    steps: int,
    hours: float,
    damping: list[tuple[int, int, float]],
) -> tuple[list[list[int]], list[list[int]]]:
    """The model written the plain way, person by person: per step, people reached and sharing.

    Same streams as the module (node k: resistances from child 2k, sharing periods from child
    2k + 1, drawn CHUNK at a time; resistances sorted by the Renyi sums, chunk by chunk), but
    every sharer is a tuple visited every step and every node is searched. Slow; small networks.
    """
    n = len(net.names)
    streams = np.random.default_rng(seed).spawn(2 * n)
    seeded = [min(seeds.get(k, 0), int(net.populations[k])) for k in range(n)]
    resistances, periods = [], []
    for k in range(n):
        pool, values, last = int(net.populations[k]) - seeded[k], [], 0.0
        while len(values) < pool:
            start, count = len(values), min(CHUNK, pool - len(values))
            gaps = streams[2 * k].standard_exponential(CHUNK)[:count]
            chunk = last + np.cumsum(gaps / (pool - start - np.arange(count)))
            values += chunk.tolist()
            last = chunk[-1]
        resistances.append(values)
        # periods for everyone who may share: the seeded people and the pool
        every = int(net.populations[k])
        draws = [streams[2 * k + 1].standard_exponential(CHUNK) for _ in range(every // CHUNK + 1)]
        periods.append(np.concatenate(draws).tolist())
    now, used, reached = 0.0, [0] * n, [0] * n
    factor, pressure = [1.0] * n, np.zeros(n)
    sharers: list[tuple[int, float]] = []

    def start_sharing(k: int, people: int) -> None:
        for _ in range(people):
            sharers.append((k, now + periods[k][used[k]] * float(net.mean_sharing_hours[k])))
            used[k] += 1

    for k in range(n):
        start_sharing(k, seeded[k])
    reach_history, sharing_history = [], []
    for step in range(steps):
        for at, node, f in damping:
            if at == step:
                factor[node] *= f
        end = now + hours
        sharer_hours = [0.0] * n
        for k, stop in sharers:
            sharer_hours[k] += max(0.0, min(stop, end) - now)
        pressure += net.transmission @ (np.multiply(factor, sharer_hours) / net.populations)
        now = end
        sharers = [(k, stop) for k, stop in sharers if stop > now]
        for k in range(n):
            new = bisect_right(resistances[k], pressure[k]) - reached[k]
            reached[k] += new
            start_sharing(k, new)
        reach_history.append([seeded[k] + reached[k] for k in range(n)])
        sharing_history.append([sum(1 for j, _ in sharers if j == k) for k in range(n)])
    return reach_history, sharing_history


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    populations=st.lists(
        st.sampled_from([1, 2, 63, 64, 65, 700, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2500]),
        min_size=1,
        max_size=4,
    ),
    strength=st.sampled_from([0.05, 0.5, 5.0]),
    hours=st.sampled_from([0.1, 0.5, 3.0]),
    damping=st.lists(
        st.tuples(st.integers(0, 20), st.integers(0, 3), st.floats(0.0, 1.0)), max_size=3
    ),
)
@example(seed=1, populations=[2500, CHUNK, 65, 1], strength=5.0, hours=0.5, damping=[(6, 0, 0.3)])
@example(seed=2, populations=[2 * CHUNK, 700], strength=0.05, hours=3.0, damping=[])
@example(seed=12669276, populations=[CHUNK + 1, 1], strength=5.0, hours=0.1, damping=[])
def test_vectorised_step_reaches_the_same_people_as_the_plain_reference(
    seed: int,
    populations: list[int],
    strength: float,
    hours: float,
    damping: list[tuple[int, int, float]],
) -> None:
    # Populations at and around the window (64) and chunk (1024) edges; strong transmission
    # makes nodes pass whole windows and chunks in one step, weak keeps them a few at a time.
    rng = np.random.default_rng(seed)
    n = len(populations)
    transmission = strength * rng.uniform(0.0, 1.0, (n, n)) * rng.integers(0, 2, (n, n))
    np.fill_diagonal(transmission, strength * rng.uniform(0.2, 1.0, n))
    net = SpreadNetwork(
        tuple(f"n{i}" for i in range(n)),
        np.array(populations),
        transmission,
        rng.uniform(0.5, 8.0, n),
    )
    seeds = {0: 3, n - 1: 1}
    damping = [(at, node % n, f) for at, node, f in damping]
    spread = HoaxSpread(net, np.random.default_rng(seed), seeds)
    reach, sharing, before = [], [], spread.reached.tolist()
    for step in range(20):
        for at, node, f in damping:
            if at == step:
                spread.damp_sharing(node, f)
        new = spread.step(hours).tolist()
        reach.append(spread.reached.tolist())
        sharing.append(spread.sharing.tolist())
        assert new == [now - then for now, then in zip(reach[-1], before, strict=True)]
        before = reach[-1]
    expected_reach, expected_sharing = _reference_run(net, seed, seeds, 20, hours, damping)
    assert reach == expected_reach
    assert sharing == expected_sharing


@pytest.mark.parametrize("room", [0, 6, 11, 50])
def test_hoaxes_stepped_together_spread_as_each_stepped_alone(room: int) -> None:
    # Three hoaxes over networks of different sizes, posted at different hours, damped at
    # different steps; the third is posted late and not stepped (0 hours) until then. A batch
    # must give every hoax exactly what stepping it alone gives: same people, same step,
    # whatever room for nodes it was given (none, too little, the 11 needed, more).
    rng = np.random.default_rng(5)
    nets = [_network(rng, nodes) for nodes in (4, 2, 5)]
    starts = [0.0, 0.3, 1.7]
    seeds = [{0: 5, 3: 1}, {1: 40}, {0: 2, 4: 1}]
    alone = [
        HoaxSpread(net, np.random.default_rng(10 + h), seeds[h], starts[h])
        for h, net in enumerate(nets)
    ]
    batch = SpreadBatch(room)
    for h, net in enumerate(nets):
        assert batch.add(net, np.random.default_rng(10 + h), seeds[h], starts[h]) == h
    for step in range(40):
        hours = [1 / 6, 1 / 6 if step else 0.4, 0.0 if step < 8 else 0.25]
        if step == 12:
            alone[0].damp_sharing(1, 0.3)
            batch.damp_sharing(0, 1, 0.3)
        new = batch.step(np.array(hours))
        for h, spread in enumerate(alone):
            nodes = batch.nodes(h)
            expected = spread.step(hours[h]) if hours[h] > 0 else np.zeros(len(nets[h].names))
            assert new[nodes].tolist() == expected.tolist()
            assert batch.reached[nodes].tolist() == spread.reached.tolist()
            assert batch.sharing[nodes].tolist() == spread.sharing.tolist()
    assert all(spread.reached.sum() > 10 for spread in alone)  # all of them spread
