"""The crowd's decisions of one behaviour tick, for every present person in one compiled pass.

Each tick every present person counts what they see, gains or loses agitation, and may choose
calm, active or violent by Epstein's rule (:mod:`simulation.crowd_old.behaviour`); a fleeing
person stops fleeing when their time is up, and after a dispersal order calm people start to
leave. Written as some thirty numpy operations over ~2,000 people this cost three quarters of
a millisecond per tick, mostly in Python; here it is one loop. The random numbers are drawn by
the caller, in the order the numpy version drew them, so a drill stays the same bit for bit.
"""

from __future__ import annotations

import numpy as np

from agents.state import State
from simulation.crowd_old.behaviour import (
    activation,
    agitation_drive,
    count_seen,
    net_grievance,
    relax_agitation,
    sighting_rows,
    vision_cell,
)
from simulation.geography.jit import numba

FLEEING, CALM, ACTIVE, VIOLENT = (
    int(s) for s in (State.FLEEING, State.CALM, State.ACTIVE, State.VIOLENT)
)


@numba.njit(cache=True)
def decide(
    idx: np.ndarray,
    pos: np.ndarray,
    people: tuple,
    vision: tuple,
    police: tuple,
    rule: tuple,
    u_decide: np.ndarray,
    u_comply: np.ndarray,
    smoke: np.ndarray,
) -> None:
    """Update ``state``, ``agitation``, ``pushing`` and ``leaving`` of the people ``idx`` (of
    the crowd at ``pos``) in place.

    ``people``: the model's per-person arrays and per-group ``relief`` and ``comply_boost``;
    ``vision``: (nx, ny, r, cell) of the vision grid and the number of groups; ``police``:
    officers in sight per vision cell (empty: no line), their deterrence and the arrest
    probability per whole number of officers per active (``behaviour.arrest_table``);
    ``rule``: the activation thresholds, the share deciding per tick, contagion, clash,
    provocation, agitation time constant and cap, perceived legitimacy, the compliance rate
    (per second at group boost 1; ``u_comply`` empty: no dispersal order), now and the tick.
    ``smoke``: agitation per second from fires (empty: none burning).
    """
    state, group, provoking, leaving, pushing, flee_until, hardship, risk, agitation = people[:9]
    relief, comply_boost = people[9:]
    nx, ny, r, cell, n_groups = vision
    officers_seen, deterrence, arrest = police
    threshold, violent, update_prob, contagion, clash, provocation, tau_s, cap = rule[:8]
    legitimacy, comply_rate, now, dt = rule[8:]
    n = len(idx)
    cells = np.empty(n, np.int64)
    g = np.empty(n, np.int64)
    active = np.empty(n, np.bool_)
    provocateur = np.empty(n, np.bool_)
    for a in range(n):
        k = idx[a]
        cells[a] = vision_cell(pos[k, 0], pos[k, 1], cell, nx, ny)
        g[a] = group[k]
        active[a] = state[k] == ACTIVE or state[k] == VIOLENT
        provocateur[a] = provoking[k]
    # A name for the rows, not a call inside count_seen's arguments: numba 0.68 then leaves
    # sighting_rows unable to return its array to Python (RuntimeError, 'descr' is NULL).
    rows = sighting_rows(g, n_groups, active, provocateur)
    seen = count_seen(cells, rows, nx, ny, r)
    drive = agitation_drive(g, seen, contagion, clash, provocation)
    for a in range(n):
        k = idx[a]
        d = drive[a] + smoke[a] if len(smoke) else drive[a]
        agitation[k] = relax_agitation(agitation[k], d, dt, tau_s, cap)
        cops = officers_seen[cells[a]] * deterrence if len(officers_seen) else 0.0
        actives = 0.0
        for row in range(2, 2 + n_groups):
            actives += seen[row, a]
        actives += not active[a]
        p_arrest = arrest[int(np.floor(cops / max(actives, 1.0)))]  # at most the most cops
        net = net_grievance(hardship[k], risk[k], legitimacy, relief[g[a]], agitation[k], p_arrest)
        s = state[k]
        if s != FLEEING and not leaving[k] and u_decide[a] < update_prob and not provoking[k]:
            s = activation(net, threshold, violent)
        if s == FLEEING and flee_until[k] <= now:
            s = CALM
            pushing[k] = False
        if len(u_comply) and s == CALM and u_comply[a] < comply_rate * comply_boost[g[a]] * dt:
            leaving[k] = True
        state[k] = s
