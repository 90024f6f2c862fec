"""The social network a hoax spreads over: kecamatan communities plus influential accounts.

Why a metapopulation. Rumours in a regency travel mostly through WhatsApp family, village and
mosque groups, which stay inside a kecamatan, with a smaller share crossing to neighbours (kin,
markets, work); a few local news and gossip pages reach followers all over the regency. So each
kecamatan is one well-mixed community, communities exchange a ``1 - local_share`` part of their
contacts with others by a gravity law (population / distance^2), and each influential account is
a node of population 1: it picks the hoax up from its home community's chatter and, while its
post is up, reaches its followers in every kecamatan at ``reach_per_hour``. A cyber-patrol
takedown removes account posts outright and only damps community forwarding (forwards cannot be
recalled). Individual people stay implicit (Sellke resistances in :mod:`.spread`), which keeps a
1.2-million-voter regency fast and makes the SIR final-size check exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.information.spread import SpreadNetwork

EARTH_RADIUS_KM = 6371.0
MIN_DISTANCE_KM = 1.0


@dataclass(frozen=True)
class Community:
    """The online population of one kecamatan."""

    name: str
    people: int
    lat: float
    lng: float


@dataclass(frozen=True)
class Account:
    """An influential account (local news page, gossip group admin, buzzer)."""

    name: str
    home: str
    followers: dict[str, float]  # kecamatan -> share of its online people following
    reach_per_hour: float  # chance per hour a follower is reached while a post is up
    attention: float  # how much closer than an average member it watches home chatter
    post_hours: float  # mean time a post stays up and is seen, absent a takedown


def gravity_mixing(communities: list[Community], local_share: float) -> np.ndarray:
    """Row-stochastic contact matrix W[k, j]: share of k's contacts that are people in j."""
    lat = np.radians([c.lat for c in communities])
    lng = np.radians([c.lng for c in communities])
    dlat, dlng = lat[:, None] - lat[None, :], lng[:, None] - lng[None, :]
    hav = (
        np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlng / 2) ** 2
    )
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(hav))
    pull = (
        np.array([c.people for c in communities], dtype=float)[None, :]
        / np.maximum(distance, MIN_DISTANCE_KM) ** 2
    )
    np.fill_diagonal(pull, 0.0)
    totals = pull.sum(axis=1, keepdims=True)
    away = np.divide(pull, totals, out=np.zeros_like(pull), where=totals > 0)
    outside = (1.0 - local_share) if len(communities) > 1 else 0.0
    return outside * away + (1.0 - outside) * np.eye(len(communities))


def build_network(
    communities: list[Community],
    accounts: list[Account],
    local_share: float,
    r0: float,
    sharing_hours: float,
) -> SpreadNetwork:
    """The spread network of one hoax with reproduction number ``r0`` inside a community.

    Community k feels ``beta * W[k, j]`` per sharer-share of j with ``beta = r0 / sharing_hours``;
    an account feels its home row times ``attention``; community k feels an account's post at
    ``followers[k] * reach_per_hour``.
    """
    index = {c.name: i for i, c in enumerate(communities)}
    n_comm, n = len(communities), len(communities) + len(accounts)
    beta = r0 / sharing_hours
    mixing = gravity_mixing(communities, local_share)
    transmission = np.zeros((n, n))
    transmission[:n_comm, :n_comm] = beta * mixing
    for a, account in enumerate(accounts, start=n_comm):
        transmission[a, :n_comm] = beta * account.attention * mixing[index[account.home]]
        for name, share in account.followers.items():
            transmission[index[name], a] = share * account.reach_per_hour
    return SpreadNetwork(
        names=tuple(c.name for c in communities) + tuple(a.name for a in accounts),
        populations=np.array([c.people for c in communities] + [1] * len(accounts)),
        transmission=transmission,
        mean_sharing_hours=np.array(
            [sharing_hours] * n_comm + [a.post_hours for a in accounts], dtype=float
        ),
    )
