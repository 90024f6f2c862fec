"""Early-riot warning: a crowd that riots the moment it arrives, whatever the police do.

A planner comparing deployments learns nothing from a scene whose crowd is kuning or merah
before any officer can matter. Epstein's rule says so without running anything: with no
officer in sight (the arrest estimate is 0) and no agitation yet, a person of hardship ``H`` is
active when ``H (1 - L) > T`` and violent when ``H (1 - L) > T_violent``. With hardship uniform
in ``[lo, hi]`` the share of a group that is active on arrival is the share of that range above
``T / (1 - L)``. Provocateurs who start within the first minutes raise everyone's agitation
to its cap ``a`` soon after, and the share becomes that above ``T / ((1 - L) + a)``.
``sispam validate`` prints the warning; it never fails a file, and it imports neither numba
nor the crowd model.
"""

from __future__ import annotations

from collections.abc import Iterable

from simulation.crowd_old.params import BehaviourParams
from simulation.scenario.crowd import CrowdSpec, GroupSpec

EARLY_S = 300.0  # "the first minutes" of a scene


def share_above(
    hardship: tuple[float, float], legitimacy: float, threshold: float, agitation: float = 0.0
) -> float:
    """Share of a group, hardship uniform in ``hardship``, with
    ``H ((1 - L) + agitation) > threshold``."""
    lo, hi = hardship
    felt = 1.0 - legitimacy + agitation
    if felt <= 0.0:
        return 0.0
    cut = threshold / felt
    if hi <= lo:
        return float(lo > cut)
    return min(1.0, max(0.0, (hi - max(cut, lo)) / (hi - lo)))


def crowd_share(
    groups: Iterable[GroupSpec], legitimacy: float, threshold: float, agitation: float = 0.0
) -> float:
    """The share of the whole crowd above ``threshold`` (groups weighed by size)."""
    groups = list(groups)
    total = sum(g.size for g in groups)
    above = sum(g.size * share_above(g.hardship, legitimacy, threshold, agitation) for g in groups)
    return above / total


def early_riot(crowd: CrowdSpec) -> str | None:
    """A sentence for the planner when the crowd is kuning or merah within its first minutes
    with no officer in sight (on arrival, or once early provocateurs stir it), else None."""
    params = BehaviourParams()
    early = [
        g.provocation_start
        for g in crowd.groups
        if g.provocateurs and g.provocation_start <= EARLY_S
    ]
    cases = [(0.0, "as soon as it arrives")]
    if early:
        cases.append(
            (params.max_agitation, f"once its provocateurs start at {min(early) / 60:g} min")
        )
    for agitation, when in cases:
        found = _level(crowd, params, agitation)
        if found is not None:
            level, share, limit, what = found
            return (
                f"crowd '{crowd.id}': at legitimacy {crowd.legitimacy:g} about {share:.0%} of the "
                f"crowd is {what} {when}, with no officer in sight ({level} from {limit:.0%}): "
                f"the scene is {level} within its first minutes whatever the plan does"
            )
    return None


def _level(
    crowd: CrowdSpec, params: BehaviourParams, agitation: float
) -> tuple[str, float, float, str] | None:
    """(status, share, its threshold, what) the crowd reaches at ``agitation``, or None."""
    status = crowd.status
    active = crowd_share(crowd.groups, crowd.legitimacy, params.threshold, agitation)
    violent = crowd_share(crowd.groups, crowd.legitimacy, params.violent_threshold, agitation)
    if violent >= status.merah_violent_share:
        return "merah", violent, status.merah_violent_share, "violent"
    if active >= status.kuning_active_share:
        return "kuning", active, status.kuning_active_share, "active"
    return None
