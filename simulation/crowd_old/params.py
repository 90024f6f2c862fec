"""The constants of the crowd's activation rule, apart from the numba-compiled counts so that
``sispam validate`` can read them (its early-riot warning) without loading numba."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BehaviourParams:
    """Constants of the activation rule; Epstein (2002) values where they exist."""

    threshold: float = 0.1  # Epstein T
    violent_threshold: float = 0.25  # net grievance above which an active person turns violent
    arrest_k: float = 2.3  # Epstein k: P(arrest) = 0.9 at one officer per active
    vision_m: float = 7.0
    cell_m: float = 2.0
    contagion: float = 0.2  # agitation gained per unit share of actives in vision, per minute
    clash: float = 1.2  # extra weight of the other group's actives
    provocation: float = 0.1  # agitation per provocateur in vision, per minute
    agitation_tau_s: float = 300.0  # agitation relaxes with this time constant
    max_agitation: float = 0.08  # at most lowers perceived legitimacy by 0.08
    update_prob: float = 0.5  # share re-evaluating per tick (asynchronous update)
