"""The command line answers at once: parsing and validating import no heavy library.

Wall times are machine-dependent (see benchmarks/bench_cli.py); what loads is not, so this
checks sys.modules in a fresh interpreter. Put a heavy import inside the command that needs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numba", "matplotlib", "mesa", "scipy", "pandas", "dask", "openpyxl", "reportlab")

PROBE = """
import contextlib, io, json, sys
from simulation.cli import main
argv = json.loads(sys.argv[1])
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(argv) if argv is not None else 0
    except SystemExit as exc:  # --help and --version exit through argparse
        code = exc.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[2])))
print(json.dumps({"code": code, "heavy": heavy}))
"""


def loaded(argv: list[str] | None, heavy: tuple[str, ...] = HEAVY) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv), json.dumps(heavy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    "argv",
    [
        None,  # import simulation.cli
        ["--help"],
        ["--version"],
        ["run", "--help"],
        ["validate", "pasuruan_pilkada_2024"],
        ["validate", "pasuruan_rekap_2024", "pasuruan_logistik_2024"],
    ],
)
def test_no_heavy_library_loads(argv):
    found = loaded(argv)
    assert found["code"] == 0
    assert found["heavy"] == []


def test_validating_bad_input_loads_nothing_heavy_either(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nmetadata: {}\n")
    found = loaded(["validate", str(bad)])
    assert found["code"] == 2
    assert found["heavy"] == []


def test_version_is_printed():
    done = subprocess.run(
        [sys.executable, "-m", "simulation.cli", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    import simulation

    assert done.returncode == 0
    assert done.stdout.strip() == f"sispam {simulation.__version__}"


def test_run_loads_only_what_a_drill_and_its_charts_need(tmp_path):
    """A drill of the default scenario needs no scipy (roads are pure Python), no mesa, numba
    or dask (no crowd scene, no executor) and no workbook or PDF writers; matplotlib and
    pandas draw its charts."""
    found = loaded(["run", "--out", str(tmp_path / "run")])
    assert found["code"] == 0
    assert found["heavy"] == ["matplotlib", "pandas"]


@pytest.mark.parametrize("extra", [[], ["--decisions", "played.yaml"]])
def test_run_refuses_a_taken_out_folder_before_loading_anything(tmp_path, extra):
    """A non-empty --out is refused before the scenario (pydantic), the drill (simpy, numpy)
    or the charts (matplotlib, pandas) load: a typo costs no wait, and nothing is written."""
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine\n")
    found = loaded(["run", "--out", str(taken), *extra], (*HEAVY, "pydantic", "simpy", "numpy"))
    assert found["code"] == 2
    assert found["heavy"] == []
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]
