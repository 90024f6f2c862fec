"""compare and sweep end to end on the toy engine: tables, common random numbers, executors,
failures, precision targets and bad input."""

import io
import json
import re
import shutil
import sqlite3
import sys
from functools import partial
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import simulation
from simulation.experiments import ExperimentError, compare, executors, sweep
from simulation.experiments.statistics import BETTER, NO_DIFFERENCE, precise_enough
from simulation.reports.catalogue import Inputs, draw
from simulation.reports.charts.sensitivity import sensitivity_chart
from simulation.reports.inputs import ExperimentFolder
from simulation.scenario import ScenarioError
from tests.toy_drill import TOY, toy_load, write_scenario, write_sweep

SWEEP = """\
strategies: [statis, mobile]
sampler: lhs
samples: 6
replications: 3
seed: 5
parameters:
  incidents.rate: {low: 1.0, high: 3.0}
  label: [hijau, kuning, merah]
"""


def test_compare_writes_paired_tables(tmp_path):
    scenario = write_scenario(tmp_path)
    result = compare(
        scenario,
        ["statis", "mobile"],
        engine=TOY,
        replications=8,
        seed=10,
        executor="serial",
        out=tmp_path / "out",
    )
    runs = pd.read_csv(tmp_path / "out" / "runs.csv", keep_default_na=False)
    assert len(runs) == 16
    assert list(runs.columns[:5]) == ["scenario", "strategy", "replication", "seed", "error"]
    # common random numbers: every strategy's replication r is drill (seed 10, replication r)
    assert (runs["seed"] == 10).all()
    assert sorted(runs["replication"].unique()) == list(range(8))
    summary = pd.read_csv(tmp_path / "out" / "summary.csv")
    assert set(summary.columns) >= {"strategy", "kpi", "n", "mean", "sd", "ci_low", "ci_high"}
    diff = result.differences.set_index("kpi")
    # mobile is 1.25x faster on identical incidents: response is exactly 0.8x, every replication
    statis = result.runs[result.runs.strategy == "statis"]["response_min"].to_numpy()
    assert diff.loc["response_min", "mean"] == pytest.approx(-0.2 * statis.mean())
    assert diff.loc["response_min", "verdict"] == BETTER
    assert diff.loc["served", "verdict"] == NO_DIFFERENCE
    assert (tmp_path / "out" / "differences.csv").exists()


def test_a_failing_drill_is_recorded_and_the_rest_runs(tmp_path):
    scenario = write_scenario(tmp_path, fail_replication=2)
    result = compare(
        scenario, engine=TOY, replications=4, seed=1, executor="serial", out=tmp_path / "out"
    )
    failed = result.runs[result.runs["error"] != ""]
    assert set(failed["replication"]) == {2}
    assert failed["error"].str.contains("RuntimeError: toy failure at replication 2").all()
    assert (result.summary["failed"] == 1).all() and (result.summary["n"] == 3).all()
    with sqlite3.connect(tmp_path / "out" / "drills.sqlite") as db:
        (trace,) = db.execute("SELECT trace FROM drills WHERE error != '' LIMIT 1").fetchone()
    assert "toy_run" in trace


def test_a_drill_that_kills_its_worker_is_recorded_and_the_rest_runs(tmp_path):
    """A crash that takes the worker process down (not an exception) costs one error row."""
    scenario = write_scenario(tmp_path, die_replication=2)
    result = compare(scenario, engine=TOY, replications=6, seed=1, executor="processes", workers=2)
    died = result.runs[result.runs["error"] != ""]
    assert set(died["replication"]) == {2}, "only replication 2, under every strategy"
    assert died["error"].str.startswith("WorkerDied").all()
    assert (result.summary["n"] == 5).all() and (result.summary["failed"] == 1).all()
    (tmp_path / "clean").mkdir()
    clean = compare(
        write_scenario(tmp_path / "clean"), engine=TOY, replications=6, seed=1, executor="serial"
    )
    fine = result.runs["error"] == ""
    pd.testing.assert_frame_equal(
        result.runs[fine].drop(columns="error").reset_index(drop=True),
        clean.runs[fine.to_numpy()].drop(columns="error").reset_index(drop=True),
    )


def test_precision_target_adds_replications_until_met(tmp_path):
    scenario = write_scenario(tmp_path)
    result = compare(
        scenario,
        engine=TOY,
        replications=3,
        precision=0.02,
        precision_kpis=["response_min"],
        executor="serial",
    )
    assert result.runs["replication"].max() + 1 > 3
    assert precise_enough(result.summary, ["response_min"], 0.02)
    capped = compare(
        scenario,
        engine=TOY,
        replications=3,
        precision=0.001,
        precision_kpis=["response_min", "served"],
        max_replications=7,
        executor="serial",
    )
    assert capped.runs["replication"].max() == 6


@pytest.mark.parametrize("executor", ["processes", "dask"])
def test_every_executor_gives_the_same_bytes(tmp_path, executor):
    write_scenario(tmp_path)
    sweep_file = write_sweep(tmp_path, SWEEP)
    sweep(sweep_file, engine=TOY, out=tmp_path / "serial", executor="serial")
    sweep(sweep_file, engine=TOY, out=tmp_path / executor, executor=executor, workers=2)
    for name in ("runs.csv", "summary.csv"):
        assert (tmp_path / executor / name).read_bytes() == (
            tmp_path / "serial" / name
        ).read_bytes()


def test_sweep_runs_every_point_strategy_and_replication(tmp_path):
    write_scenario(tmp_path)
    result = sweep(write_sweep(tmp_path, SWEEP), engine=TOY, executor="serial")
    assert len(result.runs) == 6 * 2 * 3
    assert {"incidents.rate", "label"} <= set(result.runs.columns)
    # one Latin hypercube point per third of the label values
    assert (
        sorted(result.runs.groupby("point")["label"].first())
        == ["hijau"] * 2 + ["kuning"] * 2 + ["merah"] * 2
    )
    # the swept rate reaches the drill: response is proportional to it at fixed seed and strategy
    first = result.runs[(result.runs.replication == 0) & (result.runs.strategy == "statis")]
    ratio = first["response_min"] / first["incidents.rate"]
    assert ratio.max() == pytest.approx(ratio.min())
    assert len(result.summary) == 6 * 2 * 4


def test_sweep_summary_has_the_swept_values_and_a_heatmap_takes_words(tmp_path):
    write_scenario(tmp_path)
    text = "strategies: [statis]\nreplications: 2\nparameters:\n"
    text += "  incidents.rate: [1.0, 2.5]\n  label: [hijau, kuning, merah]\n"
    out = tmp_path / "out"
    sweep(write_sweep(tmp_path, text), engine=TOY, executor="serial", out=out)
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns[:4]) == ["point", "incidents.rate", "label", "strategy"]
    runs = pd.read_csv(out / "runs.csv")
    written = runs.groupby("point")[["incidents.rate", "label"]].first()
    joined = summary.merge(written, left_on="point", right_index=True, suffixes=("", "_runs"))
    assert (joined["label"] == joined["label_runs"]).all()
    assert (joined["incidents.rate"] == joined["incidents.rate_runs"]).all()
    inputs = Inputs.collect([out])
    options = {"kpi": "response_min", "x": "label", "y": "incidents.rate"}
    figure = draw("sweep-heatmap", inputs, "id", **options)
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_xticklabels()] == ["hijau", "kuning", "merah"]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["1", "2,5"]
    lines = draw("sweep-lines", inputs, "en", kpi="response_min", x="incidents.rate")
    assert {t.get_text() for t in lines.axes[0].get_legend().get_texts()} == {
        "label=hijau",
        "label=kuning",
        "label=merah",
    }
    plt.close("all")


def test_sweep_sensitivity_recovers_morris_effects(tmp_path):
    write_scenario(tmp_path)
    text = "strategies: [statis]\nsampler: morris\nsamples: 5\nreplications: 2\nparameters:\n"
    text += "  linear.a: {low: 0, high: 1}\n  linear.b: {low: 0, high: 4}\nsensitivity: [linear]\n"
    result = sweep(write_sweep(tmp_path, text), engine=TOY, executor="serial", out=tmp_path / "out")
    si = pd.read_csv(tmp_path / "out" / "sensitivity.csv").set_index("parameter")
    assert si.loc["linear.a", "mu_star"] == pytest.approx(3.0)
    assert si.loc["linear.b", "mu_star"] == pytest.approx(2.0)
    assert len(result.runs) == 5 * 3 * 2


def test_latin_hypercube_sweep_ranks_parameters_by_rbd_fast(tmp_path):
    write_scenario(tmp_path)
    text = "strategies: [statis]\nsampler: lhs\nsamples: 600\nreplications: 1\nparameters:\n"
    text += "".join(f"  x.{x}: {{low: -3.14159, high: 3.14159}}\n" for x in ("x1", "x2", "x3"))
    sweep(
        write_sweep(tmp_path, text + "sensitivity: [ishigami]\n"),
        engine=TOY,
        executor="serial",
        out=tmp_path / "out",
    )
    s1 = pd.read_csv(tmp_path / "out" / "sensitivity.csv").set_index("parameter")["S1"]
    assert s1["x.x2"] > s1["x.x1"] > 0.2 > 0.1 > abs(s1["x.x3"]), s1.to_dict()
    fig = sensitivity_chart(ExperimentFolder(tmp_path / "out"), "en")
    bars = fig.axes[0].patches
    assert len(bars) == 3 and bars[-1].get_width() == pytest.approx(s1["x.x2"]), "top: x2"
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["first order (alone)"]
    plt.close(fig)


RATE_RANGE = "parameters:\n  incidents.rate: {low: 1, high: 2}\n"
BAD_SWEEPS = {  # what is wrong -> (sweep file text, line:col and dotted path of the message)
    "unknown setting": ("parameters:\n  incidents.rte: [1, 2]\n", "3:3: parameters.incidents.rte"),
    "empty range": (
        "parameters:\n  incidents.rate: {low: 2, high: 2}\n",
        "3:3: parameters.incidents.rate",
    ),
    "at least 1 item": ("parameters:\n  incidents.rate: []\n", "3:3: parameters.incidents.rate"),
    "steps": (RATE_RANGE, "3:3: parameters.incidents.rate"),
    "numeric": (
        "sampler: morris\nsamples: 4\nparameters:\n  label: [hijau, merah]\n",
        "5:3: parameters.label",
    ),
    "sensitivity needs": (
        "sampler: grid\nsensitivity: [served]\nparameters:\n  incidents.rate: [1, 2]\n",
        "1:1: <document>",
    ),
    "unknown KPI 'serve'": (
        "sampler: sobol\nsamples: 4\nsensitivity: [serve]\n" + RATE_RANGE,
        "4:1: sensitivity",
    ),
    "power of 2": ("sampler: sobol\nsamples: 6\n" + RATE_RANGE, "3:1: samples"),
    "unknown strategy": ("strategies: [brimob]\n" + RATE_RANGE, "2:1: strategies"),
    "unknown key": ("samplr: lhs\n" + RATE_RANGE, "2:1: samplr"),
}


@pytest.mark.parametrize("message", BAD_SWEEPS)
def test_bad_sweep_input_is_located_and_leaves_no_output(tmp_path, message):
    write_scenario(tmp_path)
    text, where = BAD_SWEEPS[message]
    sweep_file = write_sweep(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        sweep(sweep_file, engine=TOY, executor="serial", out=tmp_path / "out")
    assert str(caught.value).startswith(f"{sweep_file}:{where}: ")
    assert message in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_unreachable_scheduler_fails_before_any_output(tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "SCHEDULER_TIMEOUT_S", 1)
    scenario = write_scenario(tmp_path)
    with pytest.raises(ExperimentError, match="cannot reach the Dask scheduler"):
        compare(
            scenario,
            engine=TOY,
            executor="dask",
            scheduler="tcp://127.0.0.1:9",
            out=tmp_path / "out",
        )
    assert not (tmp_path / "out").exists()


def test_results_are_never_overwritten_or_mixed(tmp_path):
    run = partial(compare, write_scenario(tmp_path), engine=TOY, replications=2, executor="serial")
    run(out=tmp_path / "out")
    with pytest.raises(ExperimentError, match="--resume"):
        run(out=tmp_path / "out")
    write_scenario(tmp_path, incidents={"rate": 9.0})
    with pytest.raises(ExperimentError, match="different experiment"):
        run(out=tmp_path / "out", resume=True)
    with pytest.raises(ExperimentError, match="no stored"):
        run(out=tmp_path / "new", resume=True)


def test_an_existing_dask_scheduler_is_used_by_address(tmp_path):
    from distributed import LocalCluster

    scenario = write_scenario(tmp_path)
    reference = compare(scenario, engine=TOY, replications=4, executor="serial")
    # a scheduler reached over TCP, with one in-process worker so the test starts quickly
    with LocalCluster(n_workers=1, processes=False, protocol="tcp", dashboard_address=None) as c:
        remote = compare(
            scenario, engine=TOY, replications=4, executor="dask", scheduler=c.scheduler_address
        )
    pd.testing.assert_frame_equal(remote.runs, reference.runs, check_exact=True)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stderr", [_Terminal, io.StringIO])
def test_a_progress_bar_on_a_terminal_and_plain_lines_elsewhere(tmp_path, monkeypatch, stderr):
    scenario = write_scenario(tmp_path)
    monkeypatch.setattr(sys, "stderr", stderr())
    compare(scenario, engine=TOY, replications=3, executor="serial")
    shown = sys.stderr.getvalue()
    if stderr is _Terminal:
        assert "9/9" in shown and "<00:00" in shown  # count and remaining time (ETA)
    else:  # a log file or a batch job: plain lines, no bar, ending with the final count
        assert "<00:00" not in shown and "\r" not in shown
        assert shown.strip().splitlines()[-1] == "compare x3: 9/9 drills, 0 failed, done"


def test_a_comparison_resumes_into_more_replications(tmp_path):
    run = partial(compare, write_scenario(tmp_path), engine=TOY, executor="serial")
    run(replications=3, out=tmp_path / "out")
    extended = run(replications=6, out=tmp_path / "out", resume=True)
    pd.testing.assert_frame_equal(extended.runs, run(replications=6).runs, check_exact=True)


def test_a_comparison_records_what_made_it_and_a_resume_keeps_it(tmp_path):
    scenario = write_scenario(tmp_path)
    run = partial(
        compare,
        scenario,
        ["mobile", "statis"],
        engine=TOY,
        overrides={"incidents.rate": 3.0},
        seed=4,
        executor="serial",
    )
    run(replications=3, out=tmp_path / "out", command=["sispam", "compare", "x", "--resume"])
    run(replications=3, out=tmp_path / "whole", command=["sispam", "compare", "x"])
    written = (tmp_path / "out" / "manifest.json").read_text()
    assert written == (tmp_path / "whole" / "manifest.json").read_text()
    manifest = json.loads(written)
    loaded = toy_load(str(scenario), {"incidents.rate": 3.0})
    assert manifest["scenario_sha256"] == TOY.digest(loaded) != TOY.digest(toy_load(scenario, None))
    assert manifest["sispam_version"] == simulation.__version__
    assert manifest["command"] == ["sispam", "compare", "x"]  # --resume is the same experiment
    assert manifest["overrides"] == {"incidents.rate": 3.0}
    assert manifest["strategies"] == ["mobile", "statis"] and manifest["baseline"] == "mobile"
    assert (manifest["replications"], manifest["seed"]) == (3, 4)
    assert not list((tmp_path / "out").glob(".*partial"))


def test_a_sweep_records_what_made_it(tmp_path):
    scenario = write_scenario(tmp_path)
    sweep(write_sweep(tmp_path, SWEEP), engine=TOY, executor="serial", out=tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["scenario_sha256"] == TOY.digest(toy_load(str(scenario), None))
    assert manifest["sispam_version"] == simulation.__version__
    assert manifest["parameters"] == ["incidents.rate", "label"]
    assert (manifest["sampler"], manifest["points"], manifest["seed"]) == ("lhs", 6, 5)
    assert manifest["strategies"] == ["statis", "mobile"]


def test_resume_notices_a_changed_msel_table(tmp_path):
    """The store's identity is the loaded scenario's digest, which covers the data files it
    reads (MSEL tables, base scenarios), not only the scenario file itself."""
    bundled = Path(simulation.__file__).parents[1] / "scenarios"
    shutil.copytree(bundled / "msel", tmp_path / "msel")
    scenario = tmp_path / "drill.yaml"
    shutil.copy(bundled / "pasuruan_pilkada_2024.yaml", scenario)
    run = partial(
        compare,
        scenario,
        ["statis", "mobile"],
        replications=2,
        executor="serial",
        out=tmp_path / "o",
    )
    run()
    table = tmp_path / "msel" / "pasuruan_hari_h.csv"
    lines = table.read_text().splitlines(keepends=True)
    table.write_text("".join(lines[:-1]))  # the last inject is struck from the MSEL
    with pytest.raises(ExperimentError, match="different experiment"):
        run(resume=True)


def test_without_a_terminal_progress_is_a_plain_line_with_failures_and_eta(tmp_path, capsys):
    from simulation.experiments.executors import make_executor
    from simulation.experiments.runner import run_tasks
    from simulation.experiments.store import DrillStore
    from simulation.experiments.tasks import DrillTask, engine_modules

    scenario = write_scenario(tmp_path, fail_replication=1)
    tasks = lambda: (  # noqa: E731
        DrillTask(0, s, r, 1, str(scenario), "{}", TOY)
        for r in range(3)
        for s in ("statis", "mobile")
    )
    runner = make_executor("serial", 1, None, engine_modules(TOY))
    with DrillStore.open(tmp_path / "out", {"t": 1}, resume=False) as store:
        ran = run_tasks(tasks, store, runner, "compare x3", every_s=0.0)
    runner.close()
    lines = capsys.readouterr().err.strip().splitlines()
    assert ran == 6 and len(lines) == 7  # after every drill (every 0 s), then the final line
    assert re.fullmatch(r"compare x3: 1/6 drills, [01] failed, ETA \d+ s", lines[0]), lines[0]
    assert lines[-1] == "compare x3: 6/6 drills, 2 failed, done"


def test_a_pool_found_broken_when_submitting_loses_no_drill(tmp_path, monkeypatch):
    """A worker may die between two waits, so the next submit finds the pool broken: the
    drills in flight and the one being submitted are run again, none lost or repeated."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from simulation.experiments.executors import ProcessExecutor
    from simulation.experiments.tasks import DrillTask, execute

    class Pool:
        """Runs tasks at once; the first pool breaks at its third submit."""

        made = 0

        def __init__(self, *args, **kwargs) -> None:
            Pool.made += 1
            self.breaks_at = 3 if Pool.made == 1 else None
            self.submitted = 0

        def submit(self, fn, task):
            self.submitted += 1
            if self.submitted == self.breaks_at:
                raise BrokenProcessPool("a worker died")
            future: Future = Future()
            future.set_result(fn(task))
            return future

        def shutdown(self, wait=True, cancel_futures=False) -> None:
            """Nothing runs in the background: every task finished in submit."""

    monkeypatch.setattr("simulation.experiments.executors.ProcessPoolExecutor", Pool)
    scenario = write_scenario(tmp_path)
    tasks = [DrillTask(0, "statis", r, 1, str(scenario), "{}", TOY) for r in range(6)]
    outcomes = list(ProcessExecutor(workers=2).run(iter(tasks)))
    assert sorted(o.key for o in outcomes) == sorted(t.key for t in tasks)
    assert all(not o.error for o in outcomes) and Pool.made == 2
    assert [o.kpis for o in sorted(outcomes, key=lambda o: o.key)] == [
        execute(t).kpis for t in tasks
    ]


def _worker_setup() -> tuple:
    import os

    import dask

    return (
        dask.config.get("distributed.worker.profile.enabled"),
        dask.config.get("distributed.admin.tick.interval"),
        dask.config.get("distributed.worker.memory.monitor-interval"),
        os.environ.get("MALLOC_TRIM_THRESHOLD_"),
        os.environ.get("OMP_NUM_THREADS"),
        "tests.toy_drill" in sys.modules,
    )


def test_local_dask_workers_start_ready_for_drills():
    """Engine imported before the first drill, no stack profiler, event loop and memory checked
    once a second, glibc's own mmap threshold (benchmarks/experiments.py measures what these
    cost); one BLAS thread per worker."""
    runner = executors.make_executor("dask", 1, None, ("tests.toy_drill",))
    try:
        setups = runner._client.run(_worker_setup)
    finally:
        runner.close()
    assert list(setups.values()) == [(False, "1s", "1s", None, "1", True)]
