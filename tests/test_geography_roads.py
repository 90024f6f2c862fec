"""Travel times on the road network are scipy's csgraph shortest paths, bit for bit.

The network was built on scipy (csgraph Dijkstra and connected components); it now solves
the graph in pure Python to spare the import. Drills must not move by a single bit, so this
rebuilds scipy's answer from the same edges and compares every entry exactly, also with
roads closed the way a block_road inject closes them.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, shortest_path

from simulation.geography import load_scenario
from simulation.geography.roads import TINY_HOURS, ZERO_HOURS, RoadNetwork, open_roads
from simulation.scenario import bundled_scenarios


def scipy_solution(network: RoadNetwork, closed: set[frozenset[str]]):
    """The former RoadNetwork._solve: a dense weight matrix through csgraph."""
    n = len(network.nodes)
    weights = np.zeros((n, n))
    for e in network.edges:
        if frozenset((e.a, e.b)) not in closed:
            a, b = network.index[e.a], network.index[e.b]
            weights[a, b] = weights[b, a] = max(e.hours, TINY_HOURS)
    graph = csr_matrix(weights)
    hours = shortest_path(graph, method="D", directed=False)
    hours[hours < ZERO_HOURS] = 0.0
    return hours, connected_components(graph, directed=False)[1]


def same_as_scipy(network: RoadNetwork, closed: set[frozenset[str]]) -> None:
    hours, component = scipy_solution(network, closed)
    assert network.hours.tobytes() == hours.tobytes()  # every bit, inf included
    assert network.into == hours.T.tolist()  # the dispatcher's floats, solution by solution
    n = len(network.nodes)
    for a in range(n):
        for b in range(n):
            same = bool(component[a] == component[b])
            assert network.reachable(network.nodes[a], network.nodes[b]) == same
    assert network.connected() == (len(set(component.tolist())) == 1)


@pytest.mark.parametrize("name", sorted(bundled_scenarios()))
def test_bundled_travel_times_are_scipys_bit_for_bit(name):
    same_as_scipy(RoadNetwork(load_scenario(name).geography), set())


def test_closures_reroute_as_scipy_does_and_reopen_restores():
    network = RoadNetwork(load_scenario("pasuruan_pilkada_2024").geography)
    before = network.hours.copy()
    closed: set[frozenset[str]] = set()
    # Close roads one after another until the network splits, checking each step.
    for edge in sorted(network.edges, key=lambda e: (e.a, e.b))[::3]:
        network.close(edge.a, edge.b)
        closed.add(frozenset((edge.a, edge.b)))
        same_as_scipy(network, closed)
    assert not network.connected(), "enough closures cut a site off"
    for pair in closed:
        network.reopen(*sorted(pair))
    assert network.hours.tobytes() == before.tobytes()


def test_a_drill_s_closures_leave_the_other_drills_roads_open():
    # The drills of a scenario share one solved network (open_roads); a road one drill
    # closes must not close it for another, nor for the drills that come after.
    geography = load_scenario("pasuruan_pilkada_2024").geography
    first, second = open_roads(geography), open_roads(geography)
    assert first.hours is second.hours and not first.hours.flags.writeable
    open_hours = first.hours.copy()
    edge = sorted(first.edges, key=lambda e: (e.a, e.b))[0]
    first.close(edge.a, edge.b)
    assert first.hours.tobytes() != open_hours.tobytes()
    same_as_scipy(first, {frozenset((edge.a, edge.b))})
    for network in (second, open_roads(geography)):
        assert network.hours.tobytes() == open_hours.tobytes()
        same_as_scipy(network, set())
    other = sorted(first.edges, key=lambda e: (e.a, e.b))[1]
    second.close(other.a, other.b)  # the second drill's own closures, not the first's
    same_as_scipy(second, {frozenset((other.a, other.b))})
    first.reopen(edge.a, edge.b)
    assert first.hours.tobytes() == open_hours.tobytes()


def test_a_closure_solved_in_one_drill_is_looked_up_in_the_next():
    # Solved travel times are kept by the set of roads closed, for every drill of the
    # scenario: the same closures give the very same (read-only) arrays, still scipy's.
    geography = load_scenario("pasuruan_pilkada_2024").geography
    first, second = open_roads(geography), open_roads(geography)
    a, b = sorted(first.edges, key=lambda e: (e.a, e.b))[:2]
    first.close(a.a, a.b)
    first.close(b.a, b.b)
    second.close(b.a, b.b)
    assert second.hours is not first.hours
    second.close(a.a, a.b)  # the same two roads, closed in the other order
    assert second.hours is first.hours and not second.hours.flags.writeable
    same_as_scipy(second, {frozenset((a.a, a.b)), frozenset((b.a, b.b))})
