"""Epstein's civil-violence results, reproduced with the crowd model's activation rule.

The reduction keeps only what Epstein's (2002) Model I has: hardship, risk aversion, one
legitimacy, officers who arrest an active agent in vision and jail it for a random term, and
agents who relocate within their vision each step. No contagion, no walking.
"""

import numpy as np

from agents.state import State
from simulation.crowd.behaviour import (
    VisionGrid,
    activation,
    agitation_drive,
    arrest_probability,
    net_grievance,
    relax_agitation,
    sightings,
)
from simulation.crowd.params import BehaviourParams

SIZE = 40.0


def epstein_actives(
    legitimacy: float,
    cop_density: float,
    steps: int = 300,
    seed: int = 0,
    agent_density: float = 0.7,
    jail_max: int = 30,
) -> np.ndarray:
    """Number of active agents at each step of the reduced model."""
    rng = np.random.default_rng(seed)
    p = BehaviourParams()
    vision = VisionGrid(SIZE, SIZE, 1.0, p.vision_m)
    n = int(agent_density * SIZE**2)
    m = int(cop_density * SIZE**2)
    hardship, risk = rng.uniform(0, 1, n), rng.uniform(0, 1, n)
    pos = rng.uniform(0, SIZE, (n, 2))
    cops = rng.uniform(0, SIZE, (m, 2))
    jail = np.zeros(n, int)
    active = np.zeros(n, bool)
    out = []
    for _ in range(steps):
        free = jail == 0
        pos[free] = np.clip(
            pos[free] + rng.uniform(-p.vision_m, p.vision_m, (free.sum(), 2)), 0, SIZE - 1e-9
        )
        cops = np.clip(cops + rng.uniform(-p.vision_m, p.vision_m, cops.shape), 0, SIZE - 1e-9)
        cells = vision.cells(pos)
        seen_active = vision.window_sums(cells[free], active[free].astype(float))[cells]
        seen_cops = vision.window_sums(vision.cells(cops))[cells]
        p_arrest = arrest_probability(seen_cops, seen_active + ~active, p.arrest_k)
        net = net_grievance(hardship, risk, legitimacy, np.zeros(n), np.zeros(n), p_arrest)
        active = (activation(net, p.threshold, p.violent_threshold) >= State.ACTIVE) & free
        # Each officer arrests one active agent in vision: an active agent is taken with
        # probability (officers seeing it) / (actives those officers see), at most 1.
        seen_active = vision.window_sums(cells[active])[cells]
        taken = active & (rng.random(n) < np.minimum(1.0, seen_cops / np.maximum(seen_active, 1)))
        jail[taken] = rng.integers(1, jail_max + 1, taken.sum())
        active &= ~taken
        jail[~taken & (jail > 0)] -= 1
        out.append(int(active.sum()))
    return np.array(out)


def test_lower_legitimacy_means_more_active():
    means = [epstein_actives(legit, 0.04)[50:].mean() for legit in (0.9, 0.8, 0.7)]
    assert means[0] < means[1] < means[2], means


def test_more_officers_means_fewer_active():
    means = [epstein_actives(0.8, cops)[50:].mean() for cops in (0.02, 0.04, 0.08)]
    assert means[0] > means[1] > means[2], means


def test_punctuated_equilibrium_bursts():
    """Epstein's Run 2: long calm spells broken by outbursts of rebellion."""
    series = epstein_actives(0.82, 0.04, steps=400, seed=2)[50:]
    calm = np.median(series)
    burst = series > max(5 * calm, 20)
    starts = np.flatnonzero(burst[1:] & ~burst[:-1])
    assert series.max() > 5 * max(calm, 1), (series.max(), calm)
    assert len(starts) >= 2, "bursts must recur, not be a single transition"


def test_contagion_spreads_only_with_actives_in_sight():
    p = BehaviourParams()
    vision = VisionGrid(60, 20, p.cell_m, p.vision_m)
    pos = np.array([[5.0, 10.0], [8.0, 10.0], [50.0, 10.0]])
    cells = vision.cells(pos)
    active = np.array([True, False, False])
    one, two = np.zeros(3, int), np.array([1, 0, 0])
    rates = (p.contagion, p.clash, p.provocation)
    seen = sightings(one, 1, cells, active, np.zeros(3, bool), vision)
    drive = agitation_drive(one, seen, *rates)
    assert drive[1] > 0 and drive[2] == 0
    seen = sightings(two, 2, cells, active, np.zeros(3, bool), vision)
    rival = agitation_drive(two, seen, *rates)
    assert rival[1] > drive[1], "the other group's actives agitate more (clash)"
    relax = (60.0, p.agitation_tau_s, p.max_agitation)
    agit = relax_agitation(np.zeros(3), drive, *relax)
    assert 0 < agit[1] <= p.max_agitation and agit[2] == 0
    assert relax_agitation(agit, np.zeros(3), *relax)[1] < agit[1], "agitation relaxes"
