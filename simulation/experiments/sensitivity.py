"""Global sensitivity of KPIs to swept parameters, with SALib.

Sobol indices (Saltelli scheme, sampler `sobol`) say which share of a KPI's variance each
parameter explains alone (S1) and with its interactions (ST); Morris elementary effects (sampler
`morris`) screen many parameters cheaply (mu_star: mean absolute effect over the full range).
Latin-hypercube and random designs (samplers `lhs`, `random`) get first-order indices by
RBD-FAST (Tarantola et al. 2006; Plischke 2010), which works on any sample: S1 only, no
interactions, and it needs a few hundred points to settle.
Each design point's KPI is its mean over replications, which keeps drill noise out of the indices.
"""

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import rbd_fast
from SALib.analyze import sobol as sobol_analyze

from simulation.experiments.design import MORRIS_LEVELS, Design, Parameter, salib_problem

RESAMPLES = 200


def analyse(
    parameters: list[Parameter],
    design: Design,
    point_means: pd.DataFrame,
    kpis: list[str],
    sampler: str,
    seed: int,
) -> pd.DataFrame:
    """Indices per strategy, KPI and parameter; `point_means` has one row per strategy and point."""
    problem = salib_problem(parameters)
    rows = []
    for strategy, group in point_means.groupby("strategy", sort=False):
        group = group.set_index("point").reindex(range(len(design.points)))
        for kpi in kpis:
            y = group[kpi].to_numpy(float) if kpi in group else np.full(len(group), np.nan)
            base = {"strategy": strategy, "kpi": kpi}
            if not np.isfinite(y).all():
                rows.extend(
                    base
                    | {"parameter": p.path, "note": "some design points have no successful drill"}
                    for p in parameters
                )
                continue
            if sampler == "sobol":
                si = sobol_analyze.analyze(
                    problem, y, calc_second_order=False, num_resamples=RESAMPLES, seed=seed
                )
                names = ("S1", "S1_conf", "ST", "ST_conf")
            elif sampler in ("lhs", "random"):
                si = rbd_fast.analyze(problem, design.unit, y, num_resamples=RESAMPLES, seed=seed)
                names = ("S1", "S1_conf")
            else:
                si = morris_analyze.analyze(
                    problem,
                    design.unit,
                    y,
                    num_resamples=RESAMPLES,
                    num_levels=MORRIS_LEVELS,
                    seed=seed,
                )
                names = ("mu", "mu_star", "mu_star_conf", "sigma")
            for i, p in enumerate(parameters):
                rows.append(
                    base
                    | {"parameter": p.path}
                    | {name: float(si[name][i]) for name in names}
                    | {"note": ""}
                )
    return pd.DataFrame(rows)
