"""Whole-drill crowd KPIs from the scenes of one drill.

The registry's ``crowd.*`` names are the whole drill's figures; with several scenes each is
folded from the per-scene figures (written one row per scene to ``crowd_scenes.csv``) by the
rule that keeps its meaning for a commander watching the whole regency:

* counts and exposures add up: injuries, arrests, damage events, line breaches, tyre fires,
  person-seconds above 5 p/m², the people present at their scenes' permitted end, and the
  status, seizure and past-permit times, which are therefore *scene-minutes* (two scenes in
  merah for 10 minutes at once count 20 minutes);
* worst cases take the maximum: worst status, whether any building was seized, peak
  densities, the largest single crowd, the longest time to restore hijau and the longest wait
  for a reinforcement;
* ``hijau_restored`` is 1 only if every scene ended hijau (the minimum).

With one scene every rule returns that scene's figure unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping

Rule = Callable[[Iterable[float]], float]

RULES: dict[str, Rule] = {
    "time_hijau_min": math.fsum,
    "time_kuning_min": math.fsum,
    "time_merah_min": math.fsum,
    "worst_status": max,
    "time_to_restore_hijau_min": max,
    "hijau_restored": min,
    "peak_density_ppm2": max,
    "person_s_above_5ppm2": math.fsum,
    "exit_crush_person_s": math.fsum,
    "peak_exit_density_ppm2": max,
    "injured_civilians": math.fsum,
    "injured_crush": math.fsum,
    "injured_force": math.fsum,
    "injured_clash": math.fsum,
    "injured_officers": math.fsum,
    "arrests": math.fsum,
    "property_damage_events": math.fsum,
    "peak_crowd_size": max,
    "reinforcement_wait_max_min": max,
    "line_breaches": math.fsum,
    "building_seized": max,
    "seized_min": math.fsum,
    "tyre_fires": math.fsum,
    "past_permit_min": math.fsum,
    "present_at_permit_end": math.fsum,
}
"""How each crowd KPI (name without ``crowd.``) folds over scenes."""


class UnknownAggregation(KeyError):
    """A crowd KPI without a rule: say how it folds over scenes in RULES."""


def whole_drill(per_scene: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """``scene id -> {kpi: value}`` -> ``{kpi: whole-drill value}`` (names as given)."""
    names = list(dict.fromkeys(k for kpis in per_scene.values() for k in kpis))
    missing = [k for k in names if k not in RULES]
    if missing:
        raise UnknownAggregation(f"no rule to fold crowd KPIs over scenes: {', '.join(missing)}")
    return {k: float(RULES[k](kpis[k] for kpis in per_scene.values())) for k in names}
