"""`sispam compare` and `sispam sweep` on the bundled Pasuruan scenario."""

import json

import pandas as pd
import pytest

import simulation
from simulation.cli import experiments as commands
from simulation.cli import main
from simulation.experiments import executors
from simulation.geography import load_scenario
from simulation.reports.inputs import open_results
from simulation.reports.labels import Text
from tests.conftest import mini_text


def test_compare_pairs_strategies_on_the_same_incidents(tmp_path, capsys):
    out = tmp_path / "cmp"
    argv = ["compare", "--strategies", "statis,mobile", "--replications", "3", "--out", str(out)]
    code = main([*argv, "--executor", "serial"])
    assert code == 0
    runs = pd.read_csv(out / "runs.csv", keep_default_na=False)
    assert len(runs) == 6 and set(runs["strategy"]) == {"statis", "mobile"}
    # common random numbers: both strategies face the very same incidents in each replication
    incidents = runs.pivot(index="replication", columns="strategy", values="patrol.incidents")
    assert (incidents["statis"] == incidents["mobile"]).all()
    differences = pd.read_csv(out / "differences.csv")
    assert set(differences["verdict"]) <= {
        "better",
        "worse",
        "higher",
        "lower",
        "no significant difference",
    }
    assert "patrol.response_mean_min" in capsys.readouterr().out
    # the outputs record what made them, and the report footnotes show it
    manifest = json.loads((out / "manifest.json").read_text())
    digest = load_scenario(None).digest
    assert manifest["scenario_sha256"] == digest
    assert manifest["command"] == ["sispam", *argv, "--executor", "serial"]
    footnote = open_results(out).provenance().footnote(Text("en"))
    assert digest[:12] in footnote and f"sispam {simulation.__version__}" in footnote
    assert "not recorded" not in footnote


def test_sweep_reaches_the_drill_through_dotted_paths(tmp_path):
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text(
        "scenario: pasuruan_pilkada_2024\n"
        "strategies: [mobile]\n"
        "replications: 1\n"
        "parameters:\n"
        "  incidents.generators[0].rate_per_hour: [0.0011, 0.0044]\n"
    )
    code = main(["sweep", str(sweep_file), "--executor", "serial", "--out", str(tmp_path / "sw")])
    assert code == 0
    runs = pd.read_csv(tmp_path / "sw" / "runs.csv")
    low, high = runs.sort_values("incidents.generators[0].rate_per_hour")["patrol.incidents"]
    assert high > low  # four times the TPS disturbance rate gives more incidents


def test_a_sweep_can_set_a_count_to_zero_and_its_summary_names_the_values(tmp_path):
    """No mobile cars at all is a plan a sweep must reach; summary.csv says which value of the
    swept count each row is about (one column per swept parameter)."""
    mini = tmp_path / "mini.yaml"
    mini.write_text(mini_text(), encoding="utf-8")
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text(
        "scenario: mini.yaml\nstrategies: [static]\nreplications: 1\n"
        "parameters:\n  strategies.static.mobile[0].count: [0, 1]\n"
    )
    code = main(["sweep", str(sweep_file), "--executor", "serial", "--out", str(tmp_path / "sw")])
    assert code == 0
    summary = pd.read_csv(tmp_path / "sw" / "summary.csv")
    assert list(summary.columns[:3]) == ["point", "strategies.static.mobile[0].count", "strategy"]
    officers = summary[summary["kpi"] == "cost.officers"].set_index(
        "strategies.static.mobile[0].count"
    )["mean"]
    # by hand: 54 TPS guards (alpha 10+8+4, bravo 8+6+8, charlie 6+4) + a 10-officer QRT,
    # plus one 4-officer car in each of the three sectors when the count is 1
    assert officers.to_dict() == {0: 64, 1: 76}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--strategies", "statis,brimob"], "unknown strategy 'brimob'"),
        (["--replications", "1"], "at least 2 replications"),
        (["--set", "strategies.mobile.dispatch.escalate_after=soon"], "escalate_after"),
        (["--precision-kpis", "patrol.respons"], "unknown KPI 'patrol.respons'"),
        (["--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"], "Dask scheduler"),
        (["--executor", "dask", "--scheduler", "localhost"], "missing port"),
        (["--scheduler", "tcp://127.0.0.1:9"], "--scheduler needs --executor dask"),
        (["--seed", "-1"], "--seed: must be 0 or more"),
        (["--precision", "0.05"], "--precision needs the key KPIs"),
        (["--executor", "processes", "--workers", "0"], "at least 1"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.setattr(executors, "SCHEDULER_TIMEOUT_S", 1)
    out = tmp_path / "out"
    assert main(["compare", "--executor", "serial", *argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_unknown_sweep_path_is_located_in_the_sweep_file(tmp_path, capsys):
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text("replications: 1\nparameters:\n  incidents.generators[0].rate: [1, 2]\n")
    assert main(["sweep", str(sweep_file), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{sweep_file}:3:3: parameters.incidents.generators[0].rate: ")
    assert "unknown key 'rate'" in err
    assert not (tmp_path / "out").exists()


def test_the_parser_offers_every_executor():
    assert commands.EXECUTORS == executors.EXECUTORS


def test_an_interrupted_run_says_how_to_resume(tmp_path, capsys):
    argv = ["compare", "--replications", "40", "--out", "old", "--resume", "--workers", "2"]
    assert commands._interrupted(tmp_path, argv) == 130
    err = capsys.readouterr().err
    assert f"sispam compare --replications 40 --workers 2 --out {tmp_path} --resume" in err


def test_compare_lines_say_when_a_kpi_was_not_reported_instead_of_printing_nan(capsys):
    import pandas as pd

    from simulation.cli.experiments import _print_differences

    nan = float("nan")
    rows = [
        ("b", "a", "patrol.response_mean_min", -1.5, -2.0, -1.0, "better"),
        ("b", "a", "msel.incident_response_mean_min", nan, nan, nan, "no significant difference"),
        ("b", "a", "emergency.care_red_mean_min", -2.0, nan, nan, "no significant difference"),
    ]
    columns = ["strategy", "baseline", "kpi", "mean", "ci_low", "ci_high", "verdict"]
    _print_differences(pd.DataFrame(rows, columns=columns))
    out = capsys.readouterr().out
    assert "nan" not in out.lower()
    lines = out.splitlines()
    assert "-1.500 [-2.000, -1.000]  better" in lines[0]
    assert lines[1].endswith("not reported by these drills")
    assert "-2.000 (one pair)" in lines[2]
