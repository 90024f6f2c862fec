"""One verdict for a comparison, computed once and read by every page and chart.

The executive summary, the KPI table's colouring, the compare chart's headline and the cost-risk
page all read the same `Verdict`, so they cannot disagree. What decides, in priority:

1. **harm** - people hurt, crush exposure, incidents never reached or escalated, ballots late or
   lost, buildings seized, property damaged (`HARM_WORDS` in the KPI's name);
2. **service** - every other KPI with a better direction (response times, shares in target);
3. **cost** (`cost.*`, officer-hours, person-hours) is the budget: stated, never a win.

The rule (`RULE`, printed on the summary page): a strategy significantly worse than the baseline
on any harm KPI is never recommended; among the others the one better on the most harm KPIs,
then on the most service KPIs net of those it is worse on, is recommended if it improves on
anything; ties go to fewer officer-hours. Losses on service KPIs are stated with their sizes
beside the gains (a trade-off), not a veto. The scenario's `decide:` section may name the
deciding KPIs in priority (`harm:` then `service:`; a tie on the counts goes to the strategy
better on the KPI named first), as may a comparison's manifest (`"deciding_kpis": [...]`) or
write_briefing(deciding=...), which take precedence; the others are then shown only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulation.core.kpis import describe, is_cost
from simulation.reports.inputs import ExperimentFolder, ReportError, find_scenario
from simulation.reports.intervals import bootstrap_interval
from simulation.reports.labels import Text
from simulation.scenario.model import Decide

# differences.csv's verdict for a KPI fewer than half the paired drills report (written by
# experiments.statistics.FEW; reports read files, so the word is the format, not an import).
FEW_DRILLS = "too few drills"

HARM_WORDS = (
    "injur",
    "death",
    "dead",
    "killed",
    "crush",
    "above_5ppm2",
    "unanswered",
    "escalat",
    "lost",
    "undelivered",
    "late_tps",
    "seized",
    "damage",
    "fire",
    "breach",
    "ambush",
)
_HARM = re.compile("|".join(HARM_WORDS))
OFFICER_HOURS = "cost.officer_hours"
ROLES = ("harm", "service", "cost", "info")


def role(kpi: str, named: bool = False) -> str:
    """'harm', 'service', 'cost' or 'info' (no better direction) for a registered KPI; a
    breakdown of another KPI (by terrain) is info unless `named` as deciding."""
    described = describe(kpi)
    if described.better == "none" or (described.part_of and not named):
        return "info"
    if _HARM.search(kpi.split(".", 1)[-1]):
        return "harm"
    if is_cost(kpi):
        return "cost"
    return "service"


@dataclass(frozen=True)
class Difference:
    """Strategy minus baseline for one KPI, paired on the replication, and what it means."""

    kpi: str
    role: str
    mean: float
    ci_low: float
    ci_high: float
    # better / worse / none (not significant) / same (equal in every drill: by design) /
    # thin (too few drills report it to decide; experiments.statistics.FEW)
    key: str
    n: int = 0  # pairs of drills that both report the KPI
    paired: int = 0  # pairs of drills run without error


@dataclass
class Case:
    """One strategy against the baseline."""

    strategy: str
    differences: dict[str, Difference] = field(default_factory=dict)

    def keyed(self, key: str, roles: Sequence[str]) -> list[Difference]:
        return [d for d in self.differences.values() if d.key == key and d.role in roles]

    @property
    def better(self) -> list[Difference]:
        return self.keyed("better", ("harm", "service"))

    @property
    def worse(self) -> list[Difference]:
        return self.keyed("worse", ("harm", "service"))

    @property
    def score(self) -> tuple[int, int]:
        """(harm KPIs better, service KPIs better minus worse): compared in that order."""
        harm = len(self.keyed("better", ("harm",)))
        service = len(self.keyed("better", ("service",))) - len(self.keyed("worse", ("service",)))
        return harm, service

    @property
    def harms(self) -> bool:
        """Significantly worse on some harm KPI: never recommended."""
        return bool(self.keyed("worse", ("harm",)))


@dataclass
class Verdict:
    """Everything a briefing says about a comparison, decided once."""

    baseline: str
    strategies: list[str]
    kpis: list[str]
    roles: dict[str, str]
    cases: dict[str, Case]
    means: pd.DataFrame  # index (strategy, kpi): mean, ci_low, ci_high, constant
    names: dict[str, str]
    replications: int
    named: list[str] = field(default_factory=list)
    recommended: str | None = None

    # -- what every page reads -------------------------------------------------------------
    def mark(self, strategy: str, kpi: str) -> str:
        """better / worse / none / same / baseline: the colour of a cell or a dot. Costs are
        the budget and info KPIs have no better side, so they are never better or worse."""
        if strategy == self.baseline:
            return "baseline"
        case = self.cases.get(strategy)
        found = case.differences.get(kpi) if case else None
        if found is None:
            return "none"
        if found.role in ("cost", "info") and found.key in ("better", "worse"):
            return "none"
        return found.key

    def deciding(self) -> list[str]:
        return [k for k in self.kpis if self.roles[k] in ("harm", "service")]

    def focus(self) -> str | None:
        """The strategy the headline speaks of: the recommended one, else the best scored."""
        if self.recommended:
            return self.recommended
        if not self.cases:
            return None
        return max(self.cases.values(), key=lambda c: (c.score, -len(c.worse))).strategy

    def headline(self, text: Text) -> str:
        """The one sentence every page states: summary heading, chart titles, cost-risk page."""
        if self.recommended is None:
            return text("verdict.headline.none", baseline=self.baseline)
        case = self.cases[self.recommended]
        counted = [
            d
            for d in case.differences.values()
            if d.role in ("harm", "service") and d.key != "same"
        ]
        return text(
            "verdict.headline",
            strategy=self.recommended,
            baseline=self.baseline,
            n_better=len(case.better),
            n=len(counted),
            n_harm=len(case.keyed("better", ("harm",))),
            n_worse=len(case.worse),
        )

    def label(self, strategy: str) -> str:
        """'mobile (Patroli mobile)': the id the tables use, with the scenario's name."""
        name = self.names.get(strategy)
        return f"{strategy} ({name})" if name and name != strategy else strategy

    def mean(self, strategy: str, kpi: str) -> pd.Series | None:
        key = (strategy, kpi)
        return self.means.loc[key] if key in self.means.index else None

    def harm_rows(self) -> list[tuple[str, Difference]]:
        """(strategy, difference) of every harm KPI non-zero in any strategy: never hidden."""
        rows = []
        for kpi in self.kpis:
            if self.roles[kpi] != "harm":
                continue
            values = [self.mean(s, kpi) for s in self.strategies]
            if not any(v is not None and abs(float(v["mean"])) > 0 for v in values):
                continue
            for strategy, case in self.cases.items():
                if kpi in case.differences:
                    rows.append((strategy, case.differences[kpi]))
        return rows


def _deciding(
    experiment: ExperimentFolder, named: Sequence[str] | None, decide: Decide | None
) -> tuple[list[str], dict[str, str]]:
    """The deciding KPIs in priority, and the roles the scenario gives them: `--decide` first,
    then the manifest's `deciding_kpis`, then the scenario's `decide:` section."""
    chosen = list(named or experiment.manifest.get("deciding_kpis") or [])
    roles: dict[str, str] = {}
    if not chosen and decide is not None:
        chosen = decide.ordered()
        roles = dict.fromkeys(decide.harm, "harm") | dict.fromkeys(decide.service, "service")
    unknown = [k for k in chosen if k not in experiment.kpis]
    if unknown:
        raise ReportError(
            f"{experiment.folder}: deciding KPI(s) {', '.join(unknown)} not in summary.csv"
        )
    return chosen, roles


def _means(experiment: ExperimentFolder) -> pd.DataFrame:
    """Mean and a bounded 95% interval (percentile bootstrap) per strategy and KPI from
    runs.csv; summary.csv's t interval where runs.csv lacks the KPI."""
    runs = experiment.runs[experiment.runs["error"] == ""]
    rows = []
    for strategy in experiment.strategies:
        mine = runs[runs["strategy"] == strategy]
        for kpi in experiment.kpis:
            if kpi in mine.columns and len(mine):
                values = pd.to_numeric(mine[kpi], errors="coerce").to_numpy(float)
                interval = bootstrap_interval(values)
                finite = values[np.isfinite(values)]
                constant = len(finite) > 0 and bool(np.ptp(finite) == 0)
            else:
                found = experiment.summary.query("strategy == @strategy and kpi == @kpi")
                if found.empty:
                    continue
                interval = found.iloc[0][["mean", "ci_low", "ci_high"]].to_dict()
                constant = bool(found.iloc[0].get("sd", math.nan) == 0)
            rows.append(
                {
                    "strategy": strategy,
                    "kpi": kpi,
                    "mean": interval["mean"],
                    "ci_low": interval["ci_low"],
                    "ci_high": interval["ci_high"],
                    "constant": constant,
                }
            )
    return pd.DataFrame(rows).set_index(["strategy", "kpi"])


def _key(verdict: str, same: bool) -> str:
    if same:
        return "same"
    if verdict == FEW_DRILLS:
        return "thin"
    return verdict if verdict in ("better", "worse") else "none"


def decide(experiment: ExperimentFolder, deciding: Sequence[str] | None = None) -> Verdict:
    """The verdict of a comparison folder, computed once per folder object and deciding KPIs
    so every page reads the same one; `deciding` (or the manifest's `deciding_kpis`) restricts
    the KPIs that decide, which keep their harm or service priority."""
    cache: dict[tuple[str, ...], Verdict] = experiment.__dict__.setdefault("_verdicts", {})
    key = tuple(deciding or ())
    if key not in cache:
        cache[key] = _decide(experiment, deciding)
    return cache[key]


def _decide(experiment: ExperimentFolder, deciding: Sequence[str] | None) -> Verdict:
    found = find_scenario(experiment.manifest, experiment.scenario)
    chosen, given = _deciding(experiment, deciding, found.spec.decide if found else None)
    roles = {}
    for kpi in experiment.kpis:
        kind = given.get(kpi) or role(kpi, named=kpi in chosen)
        if chosen and kind in ("harm", "service") and kpi not in chosen:
            kind = "info"
        roles[kpi] = kind
    means = _means(experiment)
    names = {}
    if found is not None:
        names = {k: s.name for k, s in found.spec.strategies.items()}
    verdict = Verdict(
        baseline=experiment.baseline,
        strategies=experiment.strategies,
        kpis=experiment.kpis,
        roles=roles,
        cases={},
        means=means,
        names=names,
        replications=experiment.replications,
        named=chosen,
    )
    diffs = experiment.differences
    if diffs is None:
        return verdict
    for row in diffs.itertuples():
        if row.strategy == verdict.baseline:
            continue
        case = verdict.cases.setdefault(row.strategy, Case(row.strategy))
        mine, base = verdict.mean(row.strategy, row.kpi), verdict.mean(verdict.baseline, row.kpi)
        same = (
            mine is not None
            and base is not None
            and bool(mine["constant"])
            and bool(base["constant"])
            and mine["mean"] == base["mean"]
        )
        case.differences[row.kpi] = Difference(
            row.kpi,
            roles.get(row.kpi, role(row.kpi)),
            float(row.mean),
            float(row.ci_low),
            float(row.ci_high),
            _key(str(row.verdict), same),
            _count(getattr(row, "n", 0)),
            _count(getattr(row, "paired", 0)),
        )
    hours = means["mean"].xs(OFFICER_HOURS, level="kpi") if OFFICER_HOURS in experiment.kpis else {}
    candidates = [c for c in verdict.cases.values() if not c.harms and c.score > (0, 0)]
    if candidates:
        best = max(
            candidates,
            key=lambda c: (
                c.score,
                _priority(c, chosen),
                -float(hours.get(c.strategy, 0.0)),
                c.strategy,
            ),
        )
        verdict.recommended = best.strategy
    return verdict


def _count(value: object) -> int:
    """A count from differences.csv; 0 where an older folder lacks the column."""
    number = pd.to_numeric(value, errors="coerce")
    return int(number) if pd.notna(number) else 0


def _priority(case: Case, chosen: list[str]) -> tuple[int, ...]:
    """Better (1), not different (0) or worse (-1) on each named KPI in priority order: a
    tie on the counts goes to the strategy better on the KPI named first."""
    marks = {"better": 1, "worse": -1}
    return tuple(
        marks.get(case.differences[k].key, 0) if k in case.differences else 0 for k in chosen
    )
