"""The pure-Python road graph joins exactly the places qhull's Delaunay triangulation joins."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.spatial import Delaunay

from simulation.geography import load_scenario
from simulation.geography.links import RoadLinks, _bowyer_watson, delaunay_edges
from simulation.geography.roads import RoadNetwork
from simulation.scenario import bundled_scenarios


def qhull_edges(points):
    edges = set()
    for simplex in Delaunay(np.array(points)).simplices:
        for u, v in ((0, 1), (1, 2), (0, 2)):
            edges.add(tuple(sorted((int(simplex[u]), int(simplex[v])))))
    return edges


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_bundled_scenarios_have_the_same_roads(name):
    spec = load_scenario(name)
    links = RoadLinks(spec.geography)
    network = RoadNetwork(spec.geography)
    assert links.pairs == {frozenset((e.a, e.b)) for e in network.edges}
    for a in links.nodes:
        for b in links.nodes[:5]:
            assert links.reachable(a, b) == network.reachable(a, b)


def test_random_centres_triangulate_as_qhull():
    rnd = random.Random(7)
    pure = 0
    for _ in range(500):
        n = rnd.randint(3, 40)
        points = [(112.5 + rnd.random() * 0.6, -7.9 + rnd.random() * 0.5) for _ in range(n)]
        found = _bowyer_watson(points)
        pure += found is not None
        assert delaunay_edges(points) == qhull_edges(points)
        if found is not None:
            assert found == qhull_edges(points)
    assert pure > 450  # general position is the rule; qhull is the exception


@pytest.mark.parametrize(
    "points",
    [
        [(0, 0), (1, 0), (1, 1), (0, 1)],  # cocircular: two triangulations
        [(0, 0), (1, 0), (2, 0), (1, 1)],  # collinear on the hull
        [(x * 0.5, y * 0.5) for x in range(4) for y in range(4)],  # a grid
    ],
)
def test_degenerate_centres_are_left_to_qhull(points):
    assert _bowyer_watson(points) is None
    assert delaunay_edges(points) == qhull_edges(points)


def test_a_block_that_cuts_the_network_is_found():
    spec = load_scenario("pasuruan_pilkada_2024")
    links = RoadLinks(spec.geography)
    network = RoadNetwork(spec.geography)
    for pair in sorted(links.pairs, key=sorted)[:40]:
        a, b = sorted(pair)
        network.close(a, b)
        assert links.connected(closed=(a, b)) == network.connected()
        network.reopen(a, b)
