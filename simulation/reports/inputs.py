"""Reading result folders for reports: one drill, a comparison, or a sweep.

Reports read files only, never a running drill, so a chart can be redrawn years later from the
folder alone. The three kinds of folder:

* **drill** (`sispam run`): manifest.json, kpis.json, events.csv, series.csv and one CSV per
  component table (incidents.csv, ...); see simulation/results.py.
* **comparison** (`sispam compare`, issue 6): runs.csv (scenario, strategy, replication, seed,
  error, one column per KPI), summary.csv (strategy, kpi, n, mean, sd, ci_low, ci_high, failed),
  differences.csv (strategy, baseline, kpi, n, mean, sd, ci_low, ci_high, paired, verdict;
  `paired` is missing in folders written before it existed), and
  manifest.json (scenario, scenario_sha256, sispam_version, command, strategies, baseline,
  seeds, ...; see docs/experiments.md). Folders written before manifests existed lack it: the
  footnote then says "not recorded" rather than guessing.
* **sweep** (`sispam sweep`): runs.csv with a `point` column and one column per swept parameter
  between `seed` and `error`, summary.csv (point, strategy, kpi, n, mean, ...), and optionally
  sensitivity.csv (strategy, kpi, parameter, S1, S1_conf, ST, ST_conf | mu, mu_star,
  mu_star_conf, sigma, note) and the sweep's manifest.json.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from simulation.geography import load_scenario
from simulation.reports.style import Provenance
from simulation.scenario import ScenarioError
from simulation.scenario.model import ScenarioSpec
from simulation.scenario.units import parse_clock


class ReportError(Exception):
    """A result folder that cannot be reported on: `path: what is wrong`."""


def _csv(path: Path, required: bool = True) -> pd.DataFrame | None:
    if not path.exists():
        if required:
            raise ReportError(f"{path}: missing (is this a sispam result folder?)")
        return None
    try:
        return pd.read_csv(path, keep_default_na=True)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: not a readable CSV table ({exc})") from None
    except pd.errors.EmptyDataError:
        return pd.DataFrame()


def _json(path: Path, required: bool = True) -> dict[str, Any]:
    if not path.exists():
        if required:
            raise ReportError(f"{path}: missing (is this a sispam result folder?)")
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None


def _need(table: pd.DataFrame, columns: list[str], path: Path) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ReportError(f"{path}: missing column(s) {', '.join(missing)}")


class DrillFolder:
    """One drill's result folder."""

    kind = "drill"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.manifest = _json(self.folder / "manifest.json")
        self.kpis: dict[str, float | None] = _json(self.folder / "kpis.json")
        for key in ("scenario", "strategy", "seed", "start_clock"):
            if key not in self.manifest:
                raise ReportError(f"{self.folder / 'manifest.json'}: missing key '{key}'")

    @property
    def scenario(self) -> str:
        return self.manifest["scenario"]

    @property
    def strategy(self) -> str:
        return self.manifest["strategy"]

    @property
    def seed(self) -> int:
        return int(self.manifest["seed"])

    @property
    def zone(self) -> str:
        return self.manifest.get("timezone", "Asia/Jakarta")

    @cached_property
    def start_s(self) -> float:
        """Clock seconds from midnight of hari H at drill time 0."""
        return parse_clock(self.manifest["start_clock"])

    @property
    def target_min(self) -> float | None:
        value = self.manifest.get("targets", {}).get("response_min")
        return None if value is None else float(value)

    @cached_property
    def events(self) -> pd.DataFrame:
        return _csv(self.folder / "events.csv")  # type: ignore[return-value]

    @cached_property
    def series(self) -> pd.DataFrame:
        return _csv(self.folder / "series.csv")  # type: ignore[return-value]

    def table(self, name: str, required: bool = True) -> pd.DataFrame | None:
        """A component table (`incidents`, `logistics`, ...) or None when absent."""
        return _csv(self.folder / f"{name}.csv", required)

    def provenance(self) -> Provenance:
        return Provenance(
            scenario=self.scenario,
            sha256=self.manifest.get("scenario_sha256"),
            strategies=[self.strategy],
            replications=1,
            seeds=(self.seed, self.seed),
            ci="none",
            version=self.manifest.get("sispam_version"),
            timezone=self.zone,
        )


def one_strategy(drills: Sequence[DrillFolder], strategy: str | None) -> list[DrillFolder]:
    """The replications of one strategy (default: the first drill's), so charts never pool
    different strategies into one share."""
    drills = list(drills)
    strategy = strategy or drills[0].strategy
    chosen = [d for d in drills if d.strategy == strategy]
    if not chosen:
        found = ", ".join(dict.fromkeys(d.strategy for d in drills))
        raise ReportError(f"no drill of strategy '{strategy}' among the inputs; found {found}")
    return chosen


def replicated_provenance(drills: list[DrillFolder], ci: str) -> Provenance:
    """Footnote facts for several drills (replications of one or more strategies)."""
    first = drills[0]
    strategies = list(dict.fromkeys(d.strategy for d in drills))
    per = max(sum(d.strategy == s for d in drills) for s in strategies)
    seeds = [d.seed for d in drills]
    return Provenance(
        scenario=first.scenario,
        sha256=first.manifest.get("scenario_sha256"),
        strategies=strategies,
        replications=per,
        seeds=(min(seeds), max(seeds)),
        ci=ci,  # type: ignore[arg-type]
        version=first.manifest.get("sispam_version"),
        timezone=first.zone,
    )


class ExperimentFolder:
    """A comparison or sweep folder: runs.csv, summary.csv and optional extras."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.runs: pd.DataFrame = _csv(self.folder / "runs.csv")  # type: ignore[assignment]
        self.summary: pd.DataFrame = _csv(self.folder / "summary.csv")  # type: ignore[assignment]
        _need(self.runs, ["scenario", "strategy", "replication", "seed", "error"], self.folder)
        _need(self.summary, ["strategy", "kpi", "n", "mean", "ci_low", "ci_high"], self.folder)
        self.runs["error"] = self.runs["error"].map(lambda v: "" if pd.isna(v) else str(v))
        self.manifest = _json(self.folder / "manifest.json", required=False)
        self.kind = "sweep" if "point" in self.summary.columns else "comparison"

    @cached_property
    def differences(self) -> pd.DataFrame | None:
        table = _csv(self.folder / "differences.csv", required=False)
        if table is not None:
            _need(
                table,
                ["strategy", "baseline", "kpi", "mean", "ci_low", "ci_high", "verdict"],
                self.folder / "differences.csv",
            )
        return table

    @cached_property
    def by_kecamatan(self) -> pd.DataFrame | None:
        """Compare's per-kecamatan table (simulation/experiments/areas.py), if it wrote one."""
        table = _csv(self.folder / "by_kecamatan.csv", required=False)
        if table is not None:
            _need(
                table,
                ["strategy", "kecamatan", "terrain", "kpi", "difference", "verdict"],
                self.folder / "by_kecamatan.csv",
            )
            table["verdict"] = table["verdict"].fillna("")
        return table

    @cached_property
    def sensitivity(self) -> pd.DataFrame | None:
        return _csv(self.folder / "sensitivity.csv", required=False)

    @property
    def scenario(self) -> str:
        return str(self.manifest.get("scenario") or self.runs["scenario"].iloc[0])

    @property
    def strategies(self) -> list[str]:
        return list(dict.fromkeys(self.summary["strategy"]))

    @property
    def baseline(self) -> str:
        diffs = self.differences
        if diffs is not None and len(diffs):
            return str(diffs["baseline"].iloc[0])
        return str(self.manifest.get("baseline") or self.strategies[0])

    @property
    def kpis(self) -> list[str]:
        return list(dict.fromkeys(self.summary["kpi"]))

    @property
    def replications(self) -> int:
        return int(self.runs.groupby(["strategy", *self.parameters])["replication"].nunique().max())

    @property
    def parameters(self) -> list[str]:
        """Swept parameter columns of runs.csv (between `seed` and `error`)."""
        columns = list(self.runs.columns)
        return columns[columns.index("seed") + 1 : columns.index("error")]

    def point_values(self) -> pd.DataFrame:
        """One row per sweep point with its parameter values."""
        return self.runs.groupby("point")[self.parameters].first().reset_index()

    def provenance(self, ci: str = "t") -> Provenance:
        seeds = self.runs["seed"]
        return Provenance(
            scenario=self.scenario,
            sha256=self.manifest.get("scenario_sha256"),
            strategies=self.strategies,
            replications=self.replications,
            seeds=(int(seeds.min()), int(seeds.max())) if len(seeds) else None,
            ci=ci,  # type: ignore[arg-type]
            version=self.manifest.get("sispam_version"),
            timezone=self.manifest.get("timezone", "Asia/Jakarta"),
        )


class OptimiseFolder:
    """A plan search folder (`sispam optimise`): the front, every candidate, the bundled
    strategies, and comparison/, the front and the bundled strategies paired on the same
    drills, in the layout of a comparison (so its verdict is the one every report reads)."""

    kind = "optimise"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.manifest = _json(self.folder / "manifest.json")
        for key in ("strategy", "objectives", "levers", "base_values"):
            if key not in self.manifest:
                raise ReportError(f"{self.folder / 'manifest.json'}: missing key '{key}'")
        self.front: pd.DataFrame = _csv(self.folder / "front.csv")  # type: ignore[assignment]
        self.candidates: pd.DataFrame = _csv(self.folder / "candidates.csv")  # type: ignore[assignment]
        _need(self.front, ["id", "point", "officers", *self.levers], self.folder / "front.csv")
        self.bundled: pd.DataFrame = _csv(self.folder / "references.csv")  # type: ignore[assignment]
        _need(self.candidates, ["point", "feasible"], self.folder / "candidates.csv")
        _need(self.bundled, ["strategy", "officers"], self.folder / "references.csv")
        self.comparison = ExperimentFolder(self.folder / "comparison")

    @property
    def scenario(self) -> str:
        return str(self.manifest.get("scenario") or self.comparison.scenario)

    @property
    def base(self) -> str:
        """The planner's own strategy the search started from: every plan is measured on it."""
        return str(self.manifest["strategy"])

    @property
    def objectives(self) -> dict[str, str]:
        """Objective KPI -> the direction the search pursued ('lower' or 'higher')."""
        return dict(self.manifest["objectives"])

    @property
    def levers(self) -> dict[str, str]:
        """Lever name -> dotted path in the scenario."""
        return dict(self.manifest["levers"])

    @property
    def references(self) -> list[str]:
        """The bundled strategies re-run beside the front (the base first)."""
        found = set(self.comparison.strategies)
        return [
            s
            for s in dict.fromkeys([self.base, *self.manifest.get("references", [])])
            if s in found
        ]

    @property
    def budget(self) -> float | None:
        value = self.manifest.get("budget")
        return None if value is None else float(value)

    def provenance(self) -> Provenance:
        return self.comparison.provenance("percentile")


def open_results(folder: Path) -> DrillFolder | ExperimentFolder | OptimiseFolder:
    """The drill, comparison, sweep or plan search in `folder`, told apart by its files."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such folder")
    if (folder / "front.csv").exists():
        return OptimiseFolder(folder)
    if (folder / "kpis.json").exists():
        return DrillFolder(folder)
    if (folder / "summary.csv").exists():
        return ExperimentFolder(folder)
    raise ReportError(
        f"{folder}: not a sispam result folder (expected kpis.json of a drill, or runs.csv and "
        "summary.csv of a comparison or sweep, or front.csv of a plan search)"
    )


@dataclass(frozen=True)
class ScenarioFound:
    """The scenario a result was made from, as found now, and whether it is the same file."""

    spec: ScenarioSpec
    same: bool
    digest_now: str


def find_scenario(manifest: dict[str, Any], name: str) -> ScenarioFound | None:
    """Load the scenario named by a manifest (its file, else the bundled one of that name).

    The hash tells whether the file found is the one the results came from; overrides given
    with --set also change the hash, so a mismatch is reported, not fatal.
    """
    candidates = [manifest.get("scenario_file"), name]
    for source in candidates:
        if not source or source == "None":
            continue
        try:
            spec = load_scenario(str(source))
        except ScenarioError:
            continue
        then = manifest.get("scenario_sha256")
        return ScenarioFound(spec, then is None or then == spec.digest, spec.digest)
    return None
