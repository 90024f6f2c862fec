"""`sispam optimise`: the search finds known optima of a toy with exact Erlang C values, is
deterministic across executors, resumes after kill -9 without recomputing a drill, writes
strategy files the scenario accepts, and reports every search-file error located."""

import itertools
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from simulation.cli import main
from simulation.experiments.engine import SISPAM
from simulation.experiments.optimise import (
    _plan,
    front_strategy,
    non_dominated,
    optimise,
    strategy_officers,
)
from simulation.experiments.searchfile import TimeLever, normal_path, parse_expr
from simulation.experiments.store import STORE_NAME
from simulation.geography import load_scenario
from simulation.scenario import ScenarioError
from tests.toy_queues import (
    QUEUE_SCENARIO,
    TOY_QUEUES,
    exact_waits,
    queue_officers,
    write_queue_scenario,
)

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 16
SEARCH = f"""\
scenario: queues.yaml
strategy: base
seed: {{seed}}
population: 12
replications: 2
front_replications: 4
front_max: 20
budget: {BUDGET}
levers:
  strategies.base.queues.a.servers: {{{{int: [1, 20], name: ca}}}}
  strategies.base.queues.b.servers: {{{{int: [1, 20], name: cb}}}}
objectives: {{objectives}}
"""
SEEDS = [1, 2, 3, *(pytest.param(s, marks=pytest.mark.slow) for s in (4, 5))]
EVALUATIONS = 100  # distinct plans; the space has 400, of which 120 are within the budget


def _search(
    folder: Path, seed: int = 1, objectives: str = "[wait_min]", extra: str = "", **scenario
) -> Path:
    write_queue_scenario(folder, **scenario)
    path = folder / "search.yaml"
    path.write_text(SEARCH.format(seed=seed, objectives=objectives) + extra)
    return path


def _wait(a: int, b: int) -> float:
    waits = exact_waits(yaml.safe_load(QUEUE_SCENARIO), {"a": a, "b": b})
    return waits["a"] + waits["b"]


def _feasible() -> list[tuple[int, int]]:
    return [(a, b) for a, b in itertools.product(range(1, 21), repeat=2) if a + b <= BUDGET]


@pytest.mark.parametrize("seed", SEEDS)
def test_single_objective_search_finds_the_exact_optimum(tmp_path, seed):
    best = min(_feasible(), key=lambda s: _wait(*s))
    result = optimise(
        _search(tmp_path, seed),
        engine=TOY_QUEUES,
        officers=queue_officers,
        evaluations=EVALUATIONS,
        executor="serial",
    )
    assert len(result.candidates) <= EVALUATIONS
    assert [tuple(p) for p in result.front[["ca", "cb"]].values.tolist()] == [best]
    assert result.front["officers"].max() <= BUDGET


def _hypervolume(points: list[tuple[float, float]], ref: tuple[float, float]) -> float:
    inside = [p for p in points if p[0] < ref[0] and p[1] < ref[1]]
    front = sorted(
        {inside[i] for i in non_dominated([list(p) for p in inside])}, key=lambda p: p[1]
    )
    upper = [p[1] for p in front[1:]] + [ref[1]]
    return sum((ref[0] - x) * (top - y) for (x, y), top in zip(front, upper, strict=True))


@pytest.mark.parametrize("seed", SEEDS)
def test_two_objective_search_reaches_the_enumerated_front(tmp_path, seed):
    every = [(_wait(a, b), float(a + b)) for a, b in _feasible()]
    ref = (60.0, BUDGET + 1.0)  # waits above an hour are unstable queues: no credit
    result = optimise(
        _search(tmp_path, seed, "[wait_min, servers]"),
        engine=TOY_QUEUES,
        officers=queue_officers,
        evaluations=EVALUATIONS,
        executor="serial",
    )
    found = [(_wait(a, b), float(a + b)) for a, b in result.front[["ca", "cb"]].values.tolist()]
    assert _hypervolume(found, ref) >= 0.99 * _hypervolume(every, ref)


def test_same_file_seed_and_budget_give_the_same_front_on_every_executor(tmp_path):
    search = _search(tmp_path, 4, "[wait_min, servers]")
    tables = {}
    for executor in ("serial", "processes"):
        out = tmp_path / executor
        optimise(
            search,
            engine=TOY_QUEUES,
            officers=queue_officers,
            evaluations=30,
            executor=executor,
            workers=2,
            out=out,
        )
        names = ("front.csv", "candidates.csv", "comparison/runs.csv", "comparison/differences.csv")
        tables[executor] = [(out / n).read_bytes() for n in names]
    assert tables["serial"] == tables["processes"]
    assert sorted(p.name for p in (tmp_path / "serial" / "front").iterdir())


def _stored(out: Path) -> dict[tuple, tuple]:
    with sqlite3.connect(f"file:{out / STORE_NAME}?mode=ro", uri=True) as db:
        return {row[:3]: row[3:] for row in db.execute("SELECT * FROM drills")}


def test_killed_search_resumes_to_the_same_front_without_recomputing(tmp_path):
    gate = tmp_path / "gate"
    search = _search(
        tmp_path, 5, "[wait_min, servers]", "evaluations: 30\n", gate=str(gate), gate_after=30
    )
    out = tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.toy_queues", str(search), str(out), "processes"],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 600  # a hang guard, generous for a loaded machine
    while len(list(gate.glob("drill-*"))) < 30 + 2:  # both workers now held at the gate
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the search never reached the gate"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # kill -9, workers and all
    proc.communicate(timeout=60)
    before = _stored(out)
    assert len(before) >= 24 and not (out / "front.csv").exists()

    (gate / "open").touch()
    resumed = optimise(
        search, engine=TOY_QUEUES, officers=queue_officers, out=out, resume=True, workers=2
    )
    after = _stored(out)
    assert {key: after[key] for key in before} == before  # stored drills untouched
    assert resumed.drills_run == len(after) - len(before)  # and none run twice

    whole = tmp_path / "whole"
    optimise(search, engine=TOY_QUEUES, officers=queue_officers, out=whole, workers=2)
    assert len(_stored(whole)) == len(after)
    for name in ("front.csv", "candidates.csv", "references.csv", "manifest.json"):
        assert (out / name).read_bytes() == (whole / name).read_bytes()


def test_front_strategy_files_load_as_strategies_of_the_scenario(tmp_path):
    """A front point's file, pasted under `strategies:` (here via --set), is the plan searched."""
    plan = _plan(ROOT / "scenarios" / "searches" / "search_pilkada.yaml", SISPAM, strategy_officers)
    values = {
        "guard_kurang_rawan": "2-12-24",
        "guard_rawan": "2-2-4",
        "cars_per_kecamatan": 1,
        "motors_per_kecamatan": 3,
    }
    entry = front_strategy(plan, values)
    assert entry["extends"] == "mobile"
    path = tmp_path / "p01.yaml"
    path.write_text(yaml.safe_dump(entry))
    loaded = load_scenario(
        "pasuruan_pilkada_2024", {"strategies.p01": yaml.safe_load(path.read_text())}
    )
    searched = load_scenario(
        "pasuruan_pilkada_2024", {lever.path: values[lever.name] for lever in plan.levers}
    )
    p01, base = loaded.strategies["p01"], searched.strategies["mobile"]
    assert p01.tps_guard.kurang_rawan == base.tps_guard.kurang_rawan
    assert p01.mobile == base.mobile
    assert strategy_officers(loaded, "p01") == strategy_officers(searched, "mobile")


def test_officers_are_counted_as_the_cost_kpi_counts_them():
    from simulation.core.drill import run_drill

    scenario = load_scenario("pasuruan_pilkada_2024")
    kpis = run_drill(scenario, "mobile", 1, 0).kpis
    assert strategy_officers(scenario, "mobile") == kpis["cost.officers"]


BAD = [
    ("levers:\n  strategies.base.queues.a.servers: {int: [5, 2]}\n", "10:38", "empty range"),
    ("levers:\n  strategies.base.queues.a.servrs: {int: [1, 5]}\n", "10:3", "unknown setting"),
    (
        "levers:\n  strategies.base.queues.a.servers: {int: [1, 5], nmae: x}\n",
        "10:51",
        "unknown key",
    ),
    (
        "levers:\n  strategies.base.queues.a.servers: {int: [1, 5], name: ca}\n"
        "limits:\n  - {expr: 'ca + cc', le: 4}\n",
        "12:6",
        "no lever named 'cc'",
    ),
    ("levers:\n  queues.a.servers: {int: [1, 5]}\n", "10:3", "a lever is a strategy's value"),
    (
        "levers:\n  strategies.base.queues.a.servers: {time: ['08:00', '06:00']}\n",
        "10:38",
        "empty range: 08:00 must be before 06:00",
    ),
    (
        "levers:\n  strategies.base.queues.a.servers: {choice: [3]}\n",
        "10:38",
        "at least 2 items",
    ),
]


@pytest.mark.parametrize(("levers", "where", "message"), BAD)
def test_search_file_errors_are_located(tmp_path, levers, where, message):
    write_queue_scenario(tmp_path)
    text = SEARCH.format(seed=1, objectives="[wait_min]").split("levers:")[0] + levers
    text += "objectives: [wait_min]\n"
    path = tmp_path / "search.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as caught:
        optimise(path, engine=TOY_QUEUES, officers=queue_officers, executor="serial")
    assert f"{path}:{where}" in str(caught.value) and message in str(caught.value)


def test_a_budget_no_plan_can_meet_is_located_before_any_drill(tmp_path):
    search = _search(tmp_path)
    search.write_text(search.read_text().replace(f"budget: {BUDGET}", "budget: 1"))
    out = tmp_path / "out"
    with pytest.raises(ScenarioError) as caught:
        optimise(search, engine=TOY_QUEUES, officers=queue_officers, executor="serial", out=out)
    assert str(caught.value) == (
        f"{search}:8:1: budget: no plan fits a budget of 1 officers: the fewest any plan deploys "
        "is 2 (every lever at its cheapest value: ca = 1, cb = 1)"
    )
    assert not out.exists()
    search.write_text(search.read_text().replace("budget: 1", "budget: 2"))
    assert _plan(search, TOY_QUEUES, queue_officers).budget == 2  # the cheapest plan fits


def test_an_officers_objective_no_lever_moves_is_located_before_any_drill(tmp_path):
    search = tmp_path / "search.yaml"
    search.write_text(
        "scenario: pasuruan_logistik_2024\nlevers:\n"
        "  strategies.statis.logistics.depart_at: {time: ['04:00', '08:00'], step: 2 h}\n"
        "objectives: [logistics.ready_on_time_share, cost.officers]\n"
    )
    with pytest.raises(
        ScenarioError,
        match=r"search.yaml:4:\d+: objectives\[1\]: cost.officers "
        r"is the same for every plan \(\d+\): no lever changes",
    ):
        _plan(search, SISPAM, strategy_officers)


def test_an_objective_no_lever_moves_is_warned_at_its_line(tmp_path, capsys):
    """Any other KPI is known constant only once plans ran on the same drills: after the
    first generation, a warning located at the objective (the search goes on)."""
    search = _search(tmp_path, objectives="[wait_a_min, wait_b_min]")
    text = search.read_text().replace(
        "  strategies.base.queues.a.servers: {int: [1, 20], name: ca}\n", ""
    )
    search.write_text(text.replace(f"budget: {BUDGET}\n", ""))
    optimise(search, engine=TOY_QUEUES, officers=queue_officers, evaluations=8, executor="serial")
    warnings = [x for x in capsys.readouterr().err.splitlines() if "warning" in x]
    assert len(warnings) == 1, warnings
    assert re.fullmatch(
        rf"{re.escape(str(search))}:10:\d+: objectives\[0\]: warning: wait_a_min is [\d.]+ for all "
        r"\d+ plans run so far, on the same drills; does any lever change it\?",
        warnings[0],
    )


def test_unknown_objective_and_missing_direction_are_located(tmp_path):
    search = _search(tmp_path, objectives="[wait_mn]")
    with pytest.raises(ScenarioError, match=r"search.yaml:12:\d+: objectives: unknown KPI"):
        optimise(search, engine=TOY_QUEUES, officers=queue_officers, executor="serial")


def test_cli_reports_a_bad_search_file_with_exit_2_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "search.yaml"
    path.write_text(
        "scenario: pasuruan_pilkada_2024\nlevers:\n"
        "  strategies.mobile.tps_guard.kurang_rawan: {choice: ['2-8-16', '2-x-16']}\n"
        "objectives: [patrol.serious_response_mean_min, patrol.within_targt_share]\n"
    )
    out = tmp_path / "out"
    assert main(["optimise", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:4:" in err and "did you mean 'patrol.within_target_share'" in err
    assert not out.exists()


def test_an_objective_from_a_model_the_scenario_does_not_run_is_refused_before_any_drill(
    tmp_path, capsys
):
    path = tmp_path / "search.yaml"
    path.write_text(
        "scenario: pasuruan_pilkada_2024\nlevers:\n"
        "  strategies.mobile.tps_guard.kurang_rawan: {choice: ['2-8-16', '2-4-8']}\n"
        "objectives: [patrol.serious_response_mean_min, crowd.injured_civilians]\n"
    )
    out = tmp_path / "out"
    assert main(["optimise", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:4:" in err
    assert "crowd.injured_civilians comes from the crowd model" in err
    assert "Traceback" not in err and not out.exists()


def test_time_levers_step_over_days_and_paths_take_list_indices_either_way():
    lever = TimeLever(time=("H-1 22:00", "H 02:00"), step="1 h")
    assert lever.values() == ["H-1 22:00", "H-1 23:00", "00:00", "01:00", "02:00"]
    assert normal_path("strategies.statis.mobile.0.count") == "strategies.statis.mobile[0].count"
    assert parse_expr("a + 2 * b - c") == [(1.0, "a"), (2.0, "b"), (-1.0, "c")]


def test_a_linear_limit_moves_the_optimum_to_the_enumerated_one(tmp_path):
    limited = [(a, b) for a, b in _feasible() if a + 2 * b <= 20]
    best = min(limited, key=lambda s: _wait(*s))
    search = _search(tmp_path, 1, extra="limits:\n  - {expr: 'ca + 2 * cb', le: 20}\n")
    result = optimise(
        search, engine=TOY_QUEUES, officers=queue_officers, evaluations=100, executor="serial"
    )
    assert [tuple(p) for p in result.front[["ca", "cb"]].values.tolist()] == [best]
    assert not result.candidates.query("ca + 2 * cb > 20")["feasible"].any()


def test_a_time_lever_on_the_logistics_scenario_writes_a_loadable_strategy(tmp_path):
    search = tmp_path / "search.yaml"
    search.write_text(
        "scenario: pasuruan_logistik_2024\nlevers:\n"
        "  strategies.statis.logistics.depart_at: {time: ['04:00', '08:00'], step: 2 h}\n"
        "  strategies.statis.logistics.convoy_size: {int: [1, 4]}\n"
        "objectives: [logistics.ready_on_time_share, patrol.response_mean_min]\n"
    )
    plan = _plan(search, SISPAM, strategy_officers)
    assert plan.levers[0].values == ("04:00", "06:00", "08:00")
    entry = front_strategy(plan, {plan.levers[0].name: "06:00", plan.levers[1].name: 2})
    loaded = load_scenario("pasuruan_logistik_2024", {"strategies.p01": entry})
    assert loaded.strategies["p01"].logistics.convoy_size == 2
    assert loaded.strategies["p01"].logistics.depart_at is not None


@pytest.mark.parametrize("name", ["search_pilkada.yaml", "search_pilkada_wide.yaml"])
def test_the_bundled_search_files_are_valid(name):
    plan = _plan(ROOT / "scenarios" / "searches" / name, SISPAM, strategy_officers)
    assert plan.strategy == "mobile" and plan.budget == 1220
