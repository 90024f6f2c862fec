"""The kecamatan network: gravity mixing by hand, and an account's reach against its formula."""

import numpy as np
import pytest

from simulation.information.network import Account, Community, build_network, gravity_mixing
from simulation.information.spread import HoaxSpread

# Three communities on the equator, 1 and 2 degrees of longitude apart (111.19 km each).
LINE = [
    Community("a", 1000, 0.0, 0.0),
    Community("b", 1000, 0.0, 1.0),
    Community("c", 4000, 0.0, 2.0),
]


def test_gravity_mixing_by_hand() -> None:
    mixing = gravity_mixing(LINE, local_share=0.8)
    assert np.allclose(mixing.sum(axis=1), 1.0)
    assert np.allclose(np.diag(mixing), 0.8)
    # From a: pull of b = 1000 / d^2, of c = 4000 / (2d)^2 = 1000 / d^2: an even split.
    assert mixing[0, 1] == pytest.approx(0.1)
    assert mixing[0, 2] == pytest.approx(0.1)
    # From b: a and c are both at d; c is four times as populous.
    assert mixing[1, 2] == pytest.approx(0.2 * 4 / 5)


def test_single_community_keeps_all_contacts_at_home() -> None:
    assert gravity_mixing(LINE[:1], local_share=0.3).tolist() == [[1.0]]


def test_account_post_reach_matches_exponential_exposure() -> None:
    # No person-to-person spread (r0 = 0): only the account's post reaches people. A post up for
    # T hours reaches 1 - exp(-share * rate * T) of a kecamatan; T ~ Exp(mean m) averages that to
    # 1 - 1 / (1 + share * rate * m).
    share, rate, mean_hours = 0.3, 0.05, 24.0
    account = Account("info_page", "a", {"a": share}, rate, attention=1.0, post_hours=mean_hours)
    net = build_network(LINE[:1], [account], local_share=1.0, r0=0.0, sharing_hours=6.0)
    reached = []
    for seed in range(300):
        spread = HoaxSpread(net, np.random.default_rng(seed), {1: 1})
        while spread.sharing.sum() > 0:
            spread.step(2.0)
        reached.append(spread.reached[0] / 1000)
    expected = 1 - 1 / (1 + share * rate * mean_hours)
    assert np.mean(reached) == pytest.approx(expected, abs=0.02)


def test_accounts_pick_up_home_chatter_and_reach_followers_elsewhere() -> None:
    account = Account("page", "a", {"c": 0.5}, 0.2, attention=50.0, post_hours=48.0)
    net = build_network(LINE, [account], local_share=1.0, r0=1.5, sharing_hours=6.0)
    spread = HoaxSpread(net, np.random.default_rng(3), {0: 20})
    for _ in range(100):
        spread.step(1.0)
    reached = dict(zip(net.names, spread.reached, strict=True))
    assert reached["page"] == 1
    assert reached["c"] > 0  # only through the account: communities do not mix
    assert reached["b"] == 0
