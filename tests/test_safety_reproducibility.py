"""Safety net: one seed gives the same drill in any process (issue 13).

The bit-for-bit test in test_drill.py runs both drills in one process, where Python's string
hash is the same for both; a stream keyed by ``hash(name)`` would pass it and still give other
numbers in the next process. Here the drills run in fresh interpreters with different
``PYTHONHASHSEED``s, and the experiment executors (serial in this process, local worker
processes) are compared through what they store.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Runs drills and writes, per drill, the result folder (without charts) and the full-precision
# event log (repr of every time and field): a difference in the last bit of a float shows.
DRILLS = """
import sys
from pathlib import Path
from simulation.core.drill import run_drill
from simulation.results import write_run
from simulation.geography import load_scenario

out = Path(sys.argv[1])
for item in sys.argv[2:]:
    name, strategy, seed, replication = item.split(":")
    result = run_drill(load_scenario(name), strategy, int(seed), int(replication))
    folder = write_run(result, out / f"{name}-{strategy}-{seed}-{replication}", command=["t"])
    with open(folder / "events.repr", "w", encoding="utf-8") as log:
        for e in result.events:
            log.write(f"{e.t!r} {e.kind} {sorted(e.fields.items())!r}\\n")
    with open(folder / "kpis.repr", "w", encoding="utf-8") as kpis:
        kpis.write(repr(sorted(result.kpis.items())))
"""

COMPARE = """
import sys
from simulation.experiments import compare

out, executor = sys.argv[1], sys.argv[2]
compare(
    "pasuruan_pilkada_2024",
    ["statis", "mobile"],
    replications=2,
    seed=5,
    out=out,
    executor=executor,
    workers=2,
)
"""


def _python(code: str, args: list[str], hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, manifests (which hold wall times) aside."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def _same_in_two_processes(tmp_path: Path, drills: list[str]) -> None:
    first, second = tmp_path / "hash0", tmp_path / "hash4242"
    _python(DRILLS, [str(first), *drills], "0")
    _python(DRILLS, [str(second), *drills], "4242")
    a, b = _files(first), _files(second)
    assert len(a) >= 5 * len(drills)  # kpis, events, series, tables, reprs of every drill
    assert a.keys() == b.keys()
    different = [name for name in a if a[name] != b[name]]
    assert not different, different


def test_same_drill_bit_for_bit_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    """Voting day (patrol, hoaxes, MSEL) and the ballot chain (rain, breakdowns, escorts)."""
    _same_in_two_processes(
        tmp_path,
        [
            "pasuruan_pilkada_2024:mobile:7:0",
            "pasuruan_pilkada_2024:statis_siber:7:3",
            "pasuruan_logistik_2024:statis:2:0",
        ],
    )


@pytest.mark.slow
def test_crowd_drill_bit_for_bit_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    """The crowd scene (mesa agents, compiled walking) too; about a minute per process."""
    _same_in_two_processes(tmp_path, ["demo_kpu_bangil:berlapis:3:0"])


def test_serial_and_process_pool_store_the_same_kpis(tmp_path: Path) -> None:
    """The same comparison run serially under one hash seed and by two worker processes under
    another: the stored tables (every KPI of every drill, summaries, paired differences) are
    the same bytes."""
    serial, pool = tmp_path / "serial", tmp_path / "processes"
    _python(COMPARE, [str(serial), "serial"], "1")
    _python(COMPARE, [str(pool), "processes"], "2")
    for table in ("runs.csv", "summary.csv", "differences.csv"):
        assert (serial / table).read_bytes() == (pool / table).read_bytes(), table
    runs = (serial / "runs.csv").read_text().splitlines()
    assert len(runs) == 1 + 2 * 2  # header, 2 strategies x 2 replications
    assert "patrol.response_mean_min" in runs[0]


# In a fresh interpreter nothing has built a drill yet: what experiments know of the KPIs must
# not depend on whether this process happened to run one (the parent of worker processes never
# does).
FRESH = """
from simulation.experiments.engine import SISPAM

print(SISPAM.better("patrol.response_mean_min"), SISPAM.better("patrol.within_target_share"),
      SISPAM.better("patrol.incidents"), "patrol.response_mean_min" in SISPAM.kpi_names())
"""


def test_a_fresh_process_knows_every_kpis_direction_before_any_drill() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FRESH], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["lower", "higher", "none", "True"]


def test_process_pool_comparison_gives_verdicts_by_the_kpis_direction(tmp_path: Path) -> None:
    """Mean response is lower-is-better: its verdict is better, worse or no difference, never
    the 'lower'/'higher' of a KPI without a direction."""
    out = tmp_path / "processes"
    _python(COMPARE, [str(out), "processes"], "3")
    rows = (out / "differences.csv").read_text().splitlines()
    header = rows[0].split(",")
    verdicts = {r.split(",")[header.index("kpi")]: r.split(",")[-1] for r in rows[1:]}
    allowed = {"better", "worse", "no significant difference"}
    for kpi in ("patrol.response_mean_min", "patrol.response_p90_min", "cost.officers"):
        assert verdicts[kpi] in allowed, (kpi, verdicts[kpi])
    assert verdicts["patrol.incidents"] in {"higher", "lower", "no significant difference"}
