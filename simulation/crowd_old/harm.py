"""Injury hazards of a crowd scene, each with its source (docs/crowd.md, "Injuries").

Until 6 Dec 2026 every hazard was a per-second rate applied to everybody in reach, so the
injured grew with the crowd pressing on the line rather than with the force used: the bundled
KPU demonstration injured 13-27 % of its crowd in two hours, ten times the share of Kanjuruhan
(2022). Now police force hurts only the people officers lay hands on, at the injury shares of
reported use-of-force events, and the officers' own handling time bounds how many that is.

Sources (full references in docs/crowd.md):

* NIJ 2011: Alpert, Smith, Kaminski, Fridell, MacDonald, Kubu, *Police Use of Force, Tasers
  and Other Less-Lethal Weapons*, NIJ Research in Brief NCJ 232215: in use-of-force events
  citizens were injured in 17-64 % (by agency), officers in 10-20 %; most injuries minor.
* Fruin 1993, *The causes and prevention of crowd disasters*: crowd forces become dangerous
  above about 7 persons/m^2 (the scenario's ``crush_density``).
* Kanjuruhan 2022 (583 injured and 135 dead among about 42,000) for the crush hazard, checked
  on the bundled rally gassed inside its fence; Haar et al. 2017 (BMC Public Health) for why
  tear gas itself counts no injury here.
"""

from __future__ import annotations

import numpy as np

from simulation.crowd_old.behaviour import count_seen, vision_cells
from simulation.geography.jit import numba

#: The first use-of-force stage that lays hands on anyone (Perkap 1/2009: soft hands); at
#: presence and verbal orders nobody is handled, so nobody is hurt by force.
HANDS_ON_STAGE = 3

#: Share of the people officers use force on who are injured, per use-of-force stage
#: (Perkap 1/2009). NIJ 2011 reports 17-64 % across
#: agencies; the lowest share for soft hands and the highest for firearms, with hard hands
#: and baton in between, is an assumption.
INJURY_PER_FORCE = {1: 0.0, 2: 0.0, 3: 0.17, 4: 0.30, 5: 0.40, 6: 0.64}

#: Share of use-of-force events in which an officer is injured: NIJ 2011, 10-20 %.
OFFICER_INJURY_PER_FORCE = 0.15

#: Shields halve the officers' share (assumption: no public figure).
SHIELD_FACTOR = 0.5

#: Injuries per violent person who sees the other supporter group's violent, per second:
#: assumption, set so that a clash of a few dozen violent people for half an hour injures a
#: few of them (0.2 % a minute), not most of them as the earlier 3 % a minute did.
CLASH_INJURY_RATE = 0.2 / 100 / 60

#: Crush injuries per person per second per person/m^2 above ``crush_density`` (Fruin's
#: 7 persons/m^2). The rate is an assumption checked against Kanjuruhan's 1.7 % harmed: when
#: the whole bundled rally was gassed inside its fence (seeds 1-2, before graded contagion)
#: 56-75 of its 3,680 people (1.5-2.0 %) were crushed.
CRUSH_INJURY_RATE = 0.005


def force_injuries(
    rng: np.random.Generator, handled: int, stage: int, shields: bool
) -> tuple[int, int]:
    """(civilians, officers) injured when officers use force on ``handled`` people."""
    if stage < HANDS_ON_STAGE:
        return 0, 0
    civilians = rng.binomial(handled, INJURY_PER_FORCE[stage])
    share = OFFICER_INJURY_PER_FORCE * (SHIELD_FACTOR if shields else 1.0)
    return int(civilians), int(rng.binomial(handled, share))


@numba.njit(cache=True)
def clash_injuries(
    group: np.ndarray, pos: np.ndarray, vision: tuple, u: np.ndarray, p: float
) -> np.ndarray:
    """Which of the violent people (their ``group`` and ``pos``) are hurt in a clash: those who
    see a violent person of another group on the vision grid (``vision``: cell, nx, ny, r),
    each with chance ``p`` against their uniform random number ``u[own group]``. Returns
    positions into ``group``."""
    cell, nx, ny, r = vision
    n_groups, n = u.shape
    cells = vision_cells(pos, cell, nx, ny)
    rows = np.zeros((n_groups, n))  # row g: the violent people of the other groups
    for k in range(n):
        for g in range(n_groups):
            rows[g, k] = group[k] != g
    seen = count_seen(cells, rows, nx, ny, r)
    out = np.empty(n, np.int64)
    m = 0
    for k in range(n):
        out[m] = k
        m += seen[group[k], k] > 0 and u[group[k], k] < p
    return out[:m]


@numba.vectorize(["float64(float64, float64)"], cache=True)
def crush_probability(excess_ppm2: float, dt: float) -> float:
    """Chance of a crush injury in ``dt`` at ``excess_ppm2`` above the crush density (a ufunc:
    :func:`crushed` calls it per person)."""
    return CRUSH_INJURY_RATE * excess_ppm2 * dt


@numba.njit(cache=True)
def crushed(rho: np.ndarray, crush_density: float, dt: float, u: np.ndarray) -> np.ndarray:
    """Which of the people at local density ``rho`` are crushed in ``dt``, given one uniform
    random number each (``u``): positions into ``rho``, in one pass."""
    out = np.empty(len(rho), np.int64)
    n = 0
    for k in range(len(rho)):
        out[n] = k
        n += u[k] < crush_probability(max(rho[k] - crush_density, 0.0), dt)
    return out[:n]
