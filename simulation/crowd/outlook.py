"""Early-riot warning: a crowd that riots the moment it arrives, whatever the police do.

A planner comparing deployments learns nothing from a scene whose crowd is kuning or merah
before any officer can matter. Epstein's rule says so without running anything: with no
officer in sight (the arrest estimate is 0) and no agitation yet, a person of hardship ``H`` is
active when ``H (1 - L) > T`` and violent when ``H (1 - L) > T_violent``. With hardship uniform
in ``[lo, hi]`` the share of a group that is active on arrival is the share of that range above
``T / (1 - L)``. ``sispam validate`` prints the warning; it never fails a file, and it imports
neither numba nor the crowd model.
"""

from __future__ import annotations

from collections.abc import Iterable

from simulation.crowd.params import BehaviourParams
from simulation.scenario.crowd import CrowdSpec, GroupSpec


def share_above(hardship: tuple[float, float], legitimacy: float, threshold: float) -> float:
    """Share of a group, hardship uniform in ``hardship``, with ``H (1 - L) > threshold``."""
    lo, hi = hardship
    if legitimacy >= 1.0:
        return 0.0
    cut = threshold / (1.0 - legitimacy)
    if hi <= lo:
        return float(lo > cut)
    return min(1.0, max(0.0, (hi - max(cut, lo)) / (hi - lo)))


def crowd_share(groups: Iterable[GroupSpec], legitimacy: float, threshold: float) -> float:
    """The share of the whole crowd above ``threshold`` on arrival (groups by size)."""
    groups = list(groups)
    total = sum(g.size for g in groups)
    above = sum(g.size * share_above(g.hardship, legitimacy, threshold) for g in groups)
    return above / total


def early_riot(crowd: CrowdSpec) -> str | None:
    """A sentence for the planner when the crowd is kuning or merah on arrival, else None."""
    params = BehaviourParams()
    status = crowd.status
    active = crowd_share(crowd.groups, crowd.legitimacy, params.threshold)
    violent = crowd_share(crowd.groups, crowd.legitimacy, params.violent_threshold)
    if violent >= status.merah_violent_share:
        level, share, limit, what = "merah", violent, status.merah_violent_share, "violent"
    elif active >= status.kuning_active_share:
        level, share, limit, what = "kuning", active, status.kuning_active_share, "active"
    else:
        return None
    return (
        f"crowd '{crowd.id}': at legitimacy {crowd.legitimacy:g} about {share:.0%} of the crowd "
        f"is {what} as soon as it arrives, with no officer in sight ({level} from "
        f"{limit:.0%}): the scene is {level} within its first minutes whatever the plan does"
    )
