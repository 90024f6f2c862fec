"""Injuries against their sources (docs/crowd.md, "Injuries").

Police force hurts the people officers lay hands on at NIJ 2011's use-of-force shares (citizens
17-64 %, officers 10-20 %); crush follows Fruin's 7 persons/m^2. The bundled scenes must injure
no larger a share of their crowd than Kanjuruhan 2022 harmed: 583 injured and 135 dead among
about 42,000, 1.7 %, the worst reported Indonesian crowd disaster (a crush after tear gas).
"""

from __future__ import annotations

import numpy as np
import pytest

from simulation.core.drill import run_drill
from simulation.crowd.harm import (
    CRUSH_INJURY_RATE,
    INJURY_PER_FORCE,
    OFFICER_INJURY_PER_FORCE,
    crush_probability,
    force_injuries,
)
from simulation.geography import load_scenario

KANJURUHAN_SHARE = (583 + 135) / 42_000
NIJ_CITIZENS = (0.17, 0.64)
NIJ_OFFICERS = (0.10, 0.20)


def test_force_injures_at_the_reported_use_of_force_shares():
    rng = np.random.default_rng(1)
    handled = 20_000
    for stage in (3, 4, 5, 6):
        civilians, officers = force_injuries(rng, handled, stage, shields=False)
        assert NIJ_CITIZENS[0] <= INJURY_PER_FORCE[stage] <= NIJ_CITIZENS[1]
        assert civilians / handled == pytest.approx(INJURY_PER_FORCE[stage], abs=0.01)
        assert officers / handled == pytest.approx(OFFICER_INJURY_PER_FORCE, abs=0.01)
    assert NIJ_OFFICERS[0] <= OFFICER_INJURY_PER_FORCE <= NIJ_OFFICERS[1]
    shielded = force_injuries(rng, handled, 4, shields=True)[1] / handled
    assert shielded == pytest.approx(OFFICER_INJURY_PER_FORCE / 2, abs=0.01)
    assert force_injuries(rng, handled, 1, shields=False) == (0, 0), "presence lays no hands"
    assert force_injuries(rng, handled, 2, shields=False) == (0, 0), "nor does an order"


def test_crush_hazard_starts_at_the_crush_density():
    excess = np.array([0.0, 1.0, 2.0])
    np.testing.assert_allclose(
        crush_probability(excess, 0.8), [0.0, CRUSH_INJURY_RATE * 0.8, CRUSH_INJURY_RATE * 1.6]
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "scenario, strategy",
    [
        ("demo_kpu_bangil", "berlapis"),
        ("demo_kpu_bangil", "reaktif"),
        ("rally_concert_pandaan", "gas_air_mata"),
        ("rally_concert_pandaan", "terbuka"),
    ],
)
def test_bundled_scenes_injure_no_more_than_kanjuruhan(scenario, strategy):
    spec = load_scenario(scenario)
    crowd = sum(g.size for g in spec.crowd.groups)
    for seed in (1, 2):
        injured = run_drill(spec, strategy, seed).kpis["crowd.injured_civilians"]
        assert injured / crowd <= KANJURUHAN_SHARE, (seed, injured, crowd)
