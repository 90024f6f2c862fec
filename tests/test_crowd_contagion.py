"""Graded contagion: the share of a crowd that riots falls smoothly as legitimacy rises.

Epstein (2002) and the NetLogo Rebellion model produce outbursts of every size because each
person compares their own grievance (heterogeneous hardship) with their own risk; a contagion
term that any rioter could push past the threshold whatever their hardship made the crowd model
a switch (everyone riots or nobody does; legitimacy 0.88 against 0.90 flipped the scene). Here
agitation lowers the legitimacy a person perceives, so who joins depends on their hardship.

Scene: 300 people gathered at 1.5 persons/m^2, hardship uniform in 0.2..1, two provocateurs
from 30 s, no police (so Epstein's arrest estimate is 0 for everyone) and force at stage 1
(no legitimacy cost), 3 minutes. With agitation saturated at its cap ``a``, person i is active
when ``H_i ((1 - L) + a) > T``: the hand-computed riot share is
``P(H > T / ((1 - L) + a))``, which the model must follow.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from agents.state import State
from simulation.crowd.model import CrowdModel
from simulation.crowd.params import BehaviourParams
from simulation.scenario.crowd import CrowdStrategySpec
from tests.test_crowd_model import scene

HARDSHIP = (0.2, 1.0)
LEGITIMACY = (0.80, 0.84, 0.88, 0.90, 0.92, 0.94, 0.96, 0.98)
CALM = dict(units=[], force_stage=1)
NOBODY = CrowdStrategySpec.model_validate(
    dict(front_line=((0, 39), (1, 39)), doctrine=dict(hijau=CALM, kuning=CALM, merah=CALM))
)


@cache
def riot_share(legitimacy: float, seed: int, size: int = 300, seconds: int = 180) -> float:
    """Peak share of the people present who are active or violent (10 s samples)."""
    venue = dict(
        size_m=(40, 40),
        exits=[
            dict(name="barat", at=(0, 20), width_m=40),
            dict(name="timur", at=(40, 20), width_m=40),
        ],
        gathering=dict(at=(20, 20), radius_m=2),
        standing_density=1.5,
    )
    group = dict(
        name="massa", size=size, hardship=HARDSHIP, provocateurs=2, provocation_start="30 s"
    )
    model = CrowdModel(scene(venue, group, legitimacy, dt_s=0.4), NOBODY, rng=seed)
    peak = 0.0
    for _ in range(seconds // 10):
        model.run(10)
        present = model.present_mask().sum()
        rioting = ((model.state == State.ACTIVE) | (model.state == State.VIOLENT)).sum()
        peak = max(peak, rioting / max(present, 1))
    return float(peak)


def expected_share(legitimacy: float) -> float:
    """The hand-computed share: hardship above T / ((1 - L) + max agitation)."""
    p = BehaviourParams()
    lo, hi = HARDSHIP
    cut = p.threshold / ((1 - legitimacy) + p.max_agitation)
    return float(np.clip((hi - cut) / (hi - lo), 0.0, 1.0))


def test_riot_share_falls_smoothly_with_legitimacy():
    shares = np.array([riot_share(lg, seed=1) for lg in LEGITIMACY])
    assert np.all(np.diff(shares) <= 0.02), f"not monotone: {shares}"
    total = shares[0] - shares[-1]
    assert total > 0.5, shares
    assert np.max(-np.diff(shares)) <= 0.35 * total, f"one step carries the change: {shares}"
    between = (shares > 0.05) & (shares < 0.95)
    assert between.sum() >= 5, f"too few partial outbursts: {shares}"


def test_riot_share_follows_the_hand_computed_threshold():
    for legitimacy in LEGITIMACY:
        got, want = riot_share(legitimacy, seed=1), expected_share(legitimacy)
        assert abs(got - want) < 0.08, (legitimacy, got, want)
