"""Real drill output for the report tests, built once per session.

Drills, the comparison and the sweep are real runs of the bundled Pasuruan scenarios (voting
day, ballot logistics, recap day with its MSEL). The comparison and sweep tables are written in
the column layout of `sispam compare` / `sispam sweep` (issue 6) by a small stand-in here, until
that code is on main. Crowd status and density are not produced by any model on main yet: they
are *constructed* here (seeded, plausible shapes) in the crowd model's file layout (issue 3,
documented in simulation/reports/charts/crowd.py) and added to copies of real drill folders.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulation.core.drill import Drill, run_drill
from simulation.core.kpis import describe
from simulation.emergency.route import Spot
from simulation.geography import load_scenario
from simulation.play.session import Session
from simulation.results import write_run
from simulation.scenario.units import parse_clock

SCENARIO = "pasuruan_pilkada_2024"
LOGISTICS = "pasuruan_logistik_2024"  # ballot logistics (issue 4)
RECAP = "pasuruan_rekap_2024"  # recap day with an MSEL of injects (issue 5)
EMERGENCY = Path(__file__).parent / "data" / "emergency_line.yaml"  # red-phase services
STRATEGIES = ("statis", "mobile")
REPLICATIONS = 5
FIRST_SEED = 1
SWEEP = {
    "strategies.statis.mobile[3].count": [1, 2, 3],
    "incidents.generators[0].rate_per_hour": [0.0015, 0.0022, 0.0035],
}


def _interval(values: np.ndarray) -> dict[str, float]:
    values = values[np.isfinite(values)]
    n = len(values)
    mean = float(values.mean()) if n else np.nan
    sd = float(values.std(ddof=1)) if n > 1 else np.nan
    half = float(stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)) if n > 1 else np.nan
    return {"n": n, "mean": mean, "sd": sd, "ci_low": mean - half, "ci_high": mean + half}


def _summary(runs: pd.DataFrame, groups: list[str], kpis: list[str]) -> pd.DataFrame:
    rows = [
        {**dict(zip(groups, key, strict=True)), "kpi": kpi}
        | _interval(group[kpi].to_numpy(float))
        | {"failed": 0}
        for key, group in runs.groupby(groups, sort=False)
        for kpi in kpis
    ]
    return pd.DataFrame(rows)


def _differences(runs: pd.DataFrame, baseline: str, kpis: list[str]) -> pd.DataFrame:
    wide = runs.pivot(index="replication", columns="strategy", values=kpis)
    rows = []
    for strategy in runs["strategy"].unique():
        if strategy == baseline:
            continue
        for kpi in kpis:
            interval = _interval((wide[(kpi, strategy)] - wide[(kpi, baseline)]).to_numpy(float))
            lower = describe(kpi).better == "lower"
            lo, hi = interval["ci_low"], interval["ci_high"]
            if not (lo > 0 or hi < 0):
                verdict = "no significant difference"
            else:
                verdict = "better" if (hi < 0) == lower else "worse"
            rows.append(
                {"strategy": strategy, "baseline": baseline, "kpi": kpi}
                | interval
                | {"verdict": verdict}
            )
    return pd.DataFrame(rows)


def _crowd(folder: Path, rng: np.random.Generator, strength: float) -> None:
    """Constructed crowd output in the crowd model's layout (issue 3): a `crowd.status` series,
    `crowd.scene_start` and `crowd.unit_arrived` events, the density map at the densest moment
    (crowd_density.csv) and the venue outline (crowd_venue.csv)."""
    series = pd.read_csv(folder / "series.csv")
    events = pd.read_csv(folder / "events.csv")
    t = np.arange(12 * 3600, 20 * 3600 + 1, 300.0)
    hours = t / 3600
    pressure = strength * np.exp(-((hours - 16.5) ** 2) / 2.0) + rng.normal(0, 0.12, len(t))
    status = np.digitize(pressure, [0.45, 0.85])
    rows = [
        {"series": "crowd.status", "t_s": ti, "clock": "", "value": v}
        for ti, v in zip(t, status, strict=True)
    ]
    new_events = [
        {"t_s": t[0], "clock": "", "kind": "crowd.scene_start", "scene": "Unjuk rasa di KPU Bangil"}
    ]
    if (status >= 1).any():
        first = t[np.argmax(status >= 1)]
        new_events += [
            {
                "t_s": first + 1200 + 1500 * k,
                "clock": "",
                "kind": "crowd.unit_arrived",
                "unit": unit,
            }
            for k, unit in enumerate(("dalmas_awal", "brimob_phh"))
        ]
    pd.concat([series, pd.DataFrame(rows)]).to_csv(folder / "series.csv", index=False)
    pd.concat([events, pd.DataFrame(new_events)]).to_csv(folder / "events.csv", index=False)
    x, y = np.meshgrid(np.arange(20.25, 60, 0.5), np.arange(5.25, 40, 0.5))
    density = 6.0 * strength * np.exp(-((x - 40) ** 2 + (y - 30) ** 2) / 60.0)
    occupied = density > 0.2
    pd.DataFrame(
        {
            "t_s": 16.5 * 3600,
            "x_m": x[occupied],
            "y_m": y[occupied],
            "density_ppm2": density[occupied].round(3),
        }
    ).to_csv(folder / "crowd_density.csv", index=False)
    pd.DataFrame(
        [
            {"name": "gedung_kpu", "kind": "wall", "points": "30 42;50 42;50 50;30 50"},
            {
                "name": "barrier_gerbang",
                "kind": "barricade",
                "points": "35 40;45 40;45 40.5;35 40.5",
            },
            {"name": "jalan_keluar", "kind": "exit", "points": "0 5;0 15"},
            {"name": "front_line", "kind": "police", "points": "35 39;45 39"},
        ]
    ).to_csv(folder / "crowd_venue.csv", index=False)


def build(root: Path) -> dict[str, object]:
    spec = load_scenario(SCENARIO)
    drills: dict[str, list[Path]] = {s: [] for s in STRATEGIES}
    rows = []
    for r in range(REPLICATIONS):
        for strategy in STRATEGIES:
            seed = FIRST_SEED + r
            result = run_drill(spec, strategy, seed)
            folder = write_run(result, root / "drills" / f"{strategy}-s{seed}", command=["test"])
            drills[strategy].append(folder)
            rows.append(
                {
                    "scenario": SCENARIO,
                    "strategy": strategy,
                    "replication": r,
                    "seed": seed,
                    "error": "",
                }
                | result.kpis
            )
    runs = pd.DataFrame(rows)
    kpis = list(runs.columns[5:])
    comparison = root / "comparison"
    comparison.mkdir()
    runs.to_csv(comparison / "runs.csv", index=False)
    _summary(runs, ["strategy"], kpis).to_csv(comparison / "summary.csv", index=False)
    _differences(runs, "statis", kpis).to_csv(comparison / "differences.csv", index=False)
    (comparison / "manifest.json").write_text(
        json.dumps(
            {
                "scenario": SCENARIO,
                "scenario_sha256": spec.digest,
                "sispam_version": "0.1.0",
                "command": ["sispam", "compare", SCENARIO, "--replications", str(REPLICATIONS)],
                "seed": FIRST_SEED,
                "baseline": "statis",
            }
        )
    )

    sweep_rows = []
    (a, a_values), (b, b_values) = SWEEP.items()
    point = 0
    for va in a_values:
        for vb in b_values:
            point_spec = load_scenario(SCENARIO, {a: va, b: vb})
            for r in range(3):
                result = run_drill(point_spec, "statis", FIRST_SEED + r)
                sweep_rows.append(
                    {
                        "scenario": SCENARIO,
                        "point": point,
                        "strategy": "statis",
                        "replication": r,
                        "seed": FIRST_SEED + r,
                        a: va,
                        b: vb,
                        "error": "",
                    }
                    | result.kpis
                )
            point += 1
    sweep_runs = pd.DataFrame(sweep_rows)
    sweep = root / "sweep"
    sweep.mkdir()
    sweep_runs.to_csv(sweep / "runs.csv", index=False)
    summary = _summary(sweep_runs, ["point", "strategy"], kpis)
    summary.to_csv(sweep / "summary.csv", index=False)
    _sensitivity(summary, sweep_runs, a, b).to_csv(sweep / "sensitivity.csv", index=False)

    rng = np.random.default_rng(7)
    crowd_drills = []
    for k, folder in enumerate(drills["statis"]):
        copy = root / "crowd" / folder.name
        shutil.copytree(folder, copy)
        _crowd(copy, rng, strength=0.7 + 0.12 * k)
        crowd_drills.append(copy)
    logistics_spec = load_scenario(LOGISTICS)
    logistics = [
        write_run(
            run_drill(logistics_spec, None, seed), root / "logistics" / f"s{seed}", command=["test"]
        )
        for seed in (1, 2)
    ]
    recap = write_run(run_drill(load_scenario(RECAP), None, 1), root / "recap", command=["test"])
    return {
        "emergency": _emergency(root),
        "election": _election(root),
        "played": _played(root),
        "drills": drills,
        "comparison": comparison,
        "sweep": sweep,
        "crowd": crowd_drills,
        "logistics": logistics,
        "recap": recap,
        "search": constructed_search(root / "search", SEARCH_PLANS, SEARCH_VALUES),
    }


def _played(root: Path) -> Path:
    """A real played game: a dispatch the drill carries out, a recall it refuses (the unit is
    not held), written as `sispam play` writes it (the result folder plus decisions.yaml)."""
    session = Session(load_scenario(SCENARIO), "statis", 1)
    unit = session.choices()["unit"][0]
    session.advance(20000.0)
    session.order("dispatch_unit", {"unit": unit, "to": "puspo"}, by="Kabag Ops")
    session.advance(30000.0)
    other = session.choices()["unit"][1]
    session.order("recall_unit", {"unit": other}, by="Kapolres")
    result = session.finish()
    log = session.decisions_yaml()
    return write_run(
        result,
        root / "played",
        command=["test"],
        extra=[lambda d: (d / "decisions.yaml").write_text(log, encoding="utf-8")],
    )


ELECTION = "pasuruan_periode_pilkada_2024"  # the election period, H-4 to H+7


def _election(root: Path) -> Path:
    """A real played game of the election period: an escort added, a kecamatan's APK first, a
    PPK guarded, a dispersal refused before 18:00 and given at 18:10; with the scenario's MSEL
    (a rally clash, an APK dispute, boxes snatched on the way to the KPU)."""
    session = Session(load_scenario(ELECTION), "rotasi", 1)
    drill = session.drill

    def at(clock: str) -> None:
        session.advance(drill.clock.at(parse_clock(clock)))

    def free(prefix: str, home: str = "") -> str:
        now = drill.env.now
        return next(
            u.label
            for u in drill.dispatcher.units
            if u.label.startswith(prefix) and u.label.endswith(home) and u.available(now)
        )

    at("H-4 10:00")
    unit = free("quick_reaction#")
    session.order("escort_paslon", {"escort": "kawal_paslon_01", "unit": unit}, "Kabag Ops")
    at("H-3 05:00")
    session.order("prioritise_props", {"at": "pandaan"}, "Kabag Ops")
    at("H+1 10:00")
    unit = free("polsek#", "@gempol")
    session.order("guard_ppk", {"at": "gempol", "unit": unit}, "Kapolsek Gempol")
    for clock in ("H+7 17:00", "H+7 18:10"):
        at(clock)
        session.order("disperse_march", {"march": "aksi_kpu_bawaslu"}, "Kapolres")
    result = session.finish()
    log = session.decisions_yaml()
    return write_run(
        result,
        root / "election",
        command=["test"],
        extra=[lambda d: (d / "decisions.yaml").write_text(log, encoding="utf-8")],
    )


def _emergency(root: Path) -> Path:
    """A real run of the emergency model on the line scenario, its scenes started through the
    hooks injects use (a fire, a hostage taking, casualties, then a looting)."""
    drill = Drill(load_scenario(EMERGENCY), "with_brimob", 1)
    services = drill.component("emergency")
    drill.advance(1800.0)
    services.start_fire("p1")
    services.take_hostage("kantor")
    services.service.injured(3, Spot("a"), "test")
    drill.advance(3600.0)
    services.start_looting("p3")
    return write_run(drill.finish(), root / "emergency", command=["test"])


def _sensitivity(summary: pd.DataFrame, runs: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Sobol indices computed exactly on the full grid of point means (two independent factors):
    S1_i = Var(E[Y|X_i]) / Var(Y) and ST_i = 1 - S1_j; no bootstrap, so no confidence widths."""
    rows = []
    points = runs.groupby("point")[[a, b]].first()
    for kpi in ("patrol.response_mean_min", "patrol.within_target_share"):
        means = summary[summary["kpi"] == kpi].set_index("point")["mean"]
        table = points.join(means)
        total = table["mean"].var(ddof=0)
        first = {p: table.groupby(p)["mean"].mean().var(ddof=0) / total for p in (a, b)}
        for parameter, other in ((a, b), (b, a)):
            rows.append(
                {
                    "strategy": "statis",
                    "kpi": kpi,
                    "parameter": parameter,
                    "S1": first[parameter],
                    "S1_conf": np.nan,
                    "ST": 1 - first[other],
                    "ST_conf": np.nan,
                    "note": "",
                }
            )
    return pd.DataFrame(rows)


_BUILT: dict[str, dict[str, object]] = {}


@pytest.fixture(scope="session")
def report_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    # Imported into several test modules, each gets its own fixture definition: build once.
    if "data" not in _BUILT:
        _BUILT["data"] = build(tmp_path_factory.mktemp("reports"))
    return _BUILT["data"]


def constructed_comparison(
    folder: Path,
    values: dict[str, dict[str, list[float]]],
    baseline: str = "statis",
    manifest: dict[str, object] | None = None,
) -> Path:
    """A comparison folder from given per-replication KPI values, {strategy: {kpi: [...]}},
    written by the real statistics of `sispam compare` (summarise, paired_differences), so a
    test states the situation (a trade-off, a harm) and the report must read it right."""
    from simulation.experiments.statistics import paired_differences, summarise

    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for strategy, kpis in values.items():
        n = len(next(iter(kpis.values())))
        for r in range(n):
            rows.append(
                {
                    "scenario": SCENARIO,
                    "strategy": strategy,
                    "replication": r,
                    "seed": FIRST_SEED + r,
                    "error": "",
                }
                | {kpi: series[r] for kpi, series in kpis.items()}
            )
    runs = pd.DataFrame(rows)
    kpis = list(runs.columns[5:])
    better = {k: describe(k).better for k in kpis}
    runs.to_csv(folder / "runs.csv", index=False)
    summarise(runs, ["strategy"], kpis).to_csv(folder / "summary.csv", index=False)
    paired_differences(runs, baseline, kpis, better).to_csv(folder / "differences.csv", index=False)
    spec = load_scenario(SCENARIO)
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "scenario": SCENARIO,
                "scenario_sha256": spec.digest,
                "sispam_version": "0.1.0",
                "command": ["sispam", "compare", SCENARIO],
                "seed": FIRST_SEED,
                "baseline": baseline,
            }
            | (manifest or {})
        )
    )
    return folder


SEARCH_LEVERS = {
    "guard_kurang_rawan": "strategies.mobile.tps_guard.kurang_rawan",
    "cars_per_kecamatan": "strategies.mobile.mobile[5].count",
    "motors_per_kecamatan": "strategies.mobile.mobile[7].count",
}
SEARCH_OBJECTIVES = {
    "patrol.serious_response_mean_min": "lower",
    "patrol.within_target_share": "higher",
    "cost.officers": "lower",
}


# A search whose front moves officers from motorbike pairs to TPS guards or cars: p01 reaches
# serious incidents far sooner than the base 'mobile' (58 -> 14 min); 'statis' keeps the best
# share within target, so no front plan dominates it.
SEARCH_PLANS = {
    "p01": {"guard_kurang_rawan": "2-12-24", "cars_per_kecamatan": 2, "motors_per_kecamatan": 1},
    "p02": {"guard_kurang_rawan": "2-16-32", "cars_per_kecamatan": 1, "motors_per_kecamatan": 3},
}
SERIOUS, SHARE = "patrol.serious_response_mean_min", "patrol.within_target_share"
SEARCH_VALUES = {
    "mobile": {
        SERIOUS: [58, 61, 55, 60, 57, 57],
        SHARE: [0.90, 0.92, 0.91, 0.89, 0.93, 0.91],
    },
    "statis": {
        SERIOUS: [20, 22, 19, 21, 20, 18],
        SHARE: [0.99, 1.0, 1.0, 0.99, 1.0, 1.0],
    },
    "p01": {
        SERIOUS: [14, 15, 13, 14, 15, 13],
        SHARE: [0.95, 0.96, 0.95, 0.97, 0.96, 0.95],
    },
    "p02": {
        SERIOUS: [30, 31, 29, 30, 30, 30],
        SHARE: [0.99, 0.99, 0.98, 0.99, 1.0, 0.99],
    },
}


def constructed_search(
    folder: Path,
    plans: dict[str, dict[str, object]],
    values: dict[str, dict[str, list[float]]],
    dropped: int = 0,
) -> Path:
    """A plan search folder in the layout `sispam optimise` writes: front plans `plans`
    ({id: lever values}) of base strategy 'mobile' on the voting day, with per-replication
    values of the objectives for the plans and the bundled strategies ({name: {kpi: [...]}});
    officers are counted for real (the `cost.officers` column is filled in from them)."""
    from simulation.experiments.optimise import strategy_officers

    folder.mkdir(parents=True, exist_ok=True)
    officers = {}
    for name, levers in plans.items():
        loaded = load_scenario(SCENARIO, {SEARCH_LEVERS[k]: v for k, v in levers.items()})
        officers[name] = strategy_officers(loaded, "mobile")
    bundled = load_scenario(SCENARIO)
    references = [s for s in values if s not in plans]
    for name in references:
        officers[name] = strategy_officers(bundled, name)
    n = len(next(iter(values["mobile"].values())))
    filled = {
        name: {**kpis, "cost.officers": [officers[name]] * n} for name, kpis in values.items()
    }
    constructed_comparison(
        folder / "comparison",
        filled,
        baseline="mobile",
        manifest={"deciding_kpis": list(SEARCH_OBJECTIVES), "strategies": list(filled)},
    )
    base = {
        "guard_kurang_rawan": "2-16-32",
        "cars_per_kecamatan": 2,
        "motors_per_kecamatan": 5,
    }
    means = {name: {k: float(np.mean(v)) for k, v in kpis.items()} for name, kpis in filled.items()}
    front = pd.DataFrame(
        [
            {"id": name, "point": i + 1, **levers, "officers": officers[name]}
            | {f"{k}.mean": means[name][k] for k in SEARCH_OBJECTIVES}
            for i, (name, levers) in enumerate(plans.items())
        ]
    )
    front.to_csv(folder / "front.csv", index=False)
    candidates = front.drop(columns="id").assign(feasible=True, reason="")
    candidates.to_csv(folder / "candidates.csv", index=False)
    pd.DataFrame([{"strategy": s, "officers": officers[s]} for s in references]).to_csv(
        folder / "references.csv", index=False
    )
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "kind": "optimise",
                "scenario": SCENARIO,
                "scenario_sha256": bundled.digest,
                "strategy": "mobile",
                "references": references,
                "levers": SEARCH_LEVERS,
                "base_values": base,
                "objectives": SEARCH_OBJECTIVES,
                "budget": officers["mobile"],
                "seed": FIRST_SEED,
                "replications": 2,
                "front_replications": n,
                "distinct_candidates": 40,
                "feasible_candidates": 25,
                "front_before_reevaluation": len(plans) + dropped,
                "dropped_after_reevaluation": dropped,
                "sispam_version": "0.1.0",
                "command": ["sispam", "optimise", "search.yaml"],
            }
        )
    )
    return folder
