"""Nothing lost: a sweep killed with SIGKILL or interrupted with Ctrl-C resumes, recomputes no
stored drill, and ends with the bytes of an uninterrupted run; memory stays flat with drills."""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from simulation.experiments import sweep
from simulation.experiments.executors import SerialExecutor
from simulation.experiments.runner import run_tasks
from simulation.experiments.store import STORE_NAME, DrillStore
from simulation.experiments.tasks import DrillTask, overrides_to_json
from tests.toy_drill import TOY, write_scenario, write_sweep

ROOT = Path(__file__).resolve().parents[1]
SWEEP = """\
sampler: random
samples: 20
replications: 2
seed: 3
parameters:
  incidents.rate: {low: 1.0, high: 3.0}
"""  # 20 points x 3 strategies x 2 replications = 120 drills of 20 ms CPU each


def _stored(out: Path) -> dict[tuple, tuple]:
    with sqlite3.connect(f"file:{out / STORE_NAME}?mode=ro", uri=True) as db:  # never creates it
        return {row[:3]: row[3:] for row in db.execute("SELECT * FROM drills")}


def _wait_for_drills(proc: subprocess.Popen, out: Path, count: int) -> None:
    """Poll the store (readers never block a WAL writer) until `count` drills are committed."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            if len(_stored(out)) >= count:
                return
        except sqlite3.OperationalError:  # the store file or its table is not created yet
            pass
        time.sleep(0.02)
    raise AssertionError("the sweep stored no drills in time")


def _wait_for_gate(proc: subprocess.Popen, gate: Path, started: int) -> None:
    """Poll until `started` drills have reached the toy's gate (see toy_drill._pass_gate)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        if sum(1 for p in gate.iterdir() if p.name.startswith("drill-")) >= started:
            return
        time.sleep(0.02)
    raise AssertionError("the workers never reached the gate")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_sweep_resumes_to_the_uninterrupted_table(tmp_path, sig):
    gate = tmp_path / "gate"
    write_scenario(tmp_path, fail_replication=1, spin_seconds=0.02, gate=str(gate), gate_after=30)
    sweep_file = write_sweep(tmp_path, SWEEP)
    out = tmp_path / "interrupted"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.toy_drill", str(sweep_file), str(out), "processes"],
        cwd=ROOT,
        start_new_session=True,  # its own process group: the signal reaches it and its workers
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_for_drills(proc, out, 20)
    _wait_for_gate(proc, gate, 30 + 2)  # both workers are now held in a drill that never ends
    os.killpg(proc.pid, sig)  # kill -9, or Ctrl-C as a terminal sends it
    proc.communicate(timeout=60)  # Ctrl-C stops the drills in flight instead of waiting for them
    before = _stored(out)
    assert 20 <= len(before) < 120
    assert not (out / "runs.csv").exists()

    (gate / "open").touch()
    sweep(sweep_file, engine=TOY, out=out, resume=True, executor="processes", workers=2)
    after = _stored(out)
    assert len(after) == 120
    # stored drills were not recomputed: their rows, down to the measured seconds, are untouched
    assert {key: after[key] for key in before} == before

    sweep(sweep_file, engine=TOY, out=tmp_path / "whole", executor="processes", workers=2)
    for name in ("runs.csv", "summary.csv", "manifest.json"):
        assert (out / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    assert "RuntimeError" in (out / "runs.csv").read_text()  # the failing drill is a row too


def _peak_bytes_of_run_loop(folder: Path, scenario: Path, drills: int) -> int:
    overrides = overrides_to_json(None)

    def tasks():
        return (DrillTask(0, "statis", r, r, str(scenario), overrides, TOY) for r in range(drills))

    with DrillStore.open(folder / str(drills), {"n": drills}, resume=False) as store:
        tracemalloc.start()
        run_tasks(tasks, store, SerialExecutor(), "memory")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert store.count() == drills
    return peak


def test_memory_stays_flat_over_ten_thousand_drills(tmp_path):
    scenario = write_scenario(tmp_path)
    small = _peak_bytes_of_run_loop(tmp_path, scenario, 1_000)
    large = _peak_bytes_of_run_loop(tmp_path, scenario, 10_000)
    # holding 9,000 more outcomes would take megabytes; a streaming loop stays within noise
    assert large - small < 100_000, (small, large)


def _group(pgid: int) -> set[int]:
    """Processes whose process group is `pgid` (read from /proc: no psutil needed)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # it ended while we looked
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[2]) == pgid:  # state, ppid, pgrp
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_killed_compare_leaves_no_worker_or_forkserver_behind(tmp_path, sig):
    """SIGTERM (a batch system's time limit, `kill`) or SIGINT sent to the parent alone: the
    workers held in a drill and the forkserver end with it, instead of running on as orphans."""
    gate = tmp_path / "gate"
    gate.mkdir()
    scenario = write_scenario(tmp_path, gate=str(gate), gate_after=0)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.toy_drill", "compare", str(scenario), str(out), "processes"],
        cwd=ROOT,
        start_new_session=True,  # its process group holds it, the forkserver and the workers
        stdout=subprocess.DEVNULL,  # no pipes: an orphan holding one would hang the test
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_gate(proc, gate, 2)  # both workers are held inside a drill
        assert len(_group(proc.pid)) >= 4  # parent, forkserver (and its tracker), 2 workers
        os.kill(proc.pid, sig)  # the parent only, as `kill PID` does
        assert proc.wait(timeout=60) != 0
        deadline = time.monotonic() + 30
        while _group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _group(proc.pid), "processes left behind by the killed compare"
    finally:
        (gate / "open").touch()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
