"""The paired counterfactual of one decision of a played game, on a hand-computed drill.

The relief game of test_play: on the line (hq=a --15 min-- b --30 min-- c, from 08:00) the
players send the hq car to hold post b (decision 1, 08:00) and relieve it with the car from c
at 08:30 (decision 2); a serious incident is reported at a at 08:40. Relieved, the hq car is
free at b at 09:00 and reaches a at 09:15: 35 min. Without the relief, or with it at 09:00 (after
the report), the c car answers at once: 45 min. The drill has no random incidents, so every
replication gives the same +10 min.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from simulation.cli import main
from simulation.experiments.counterfactual import branch_log
from simulation.experiments.errors import ExperimentError
from simulation.geography import load_scenario
from simulation.play.decisions import load_decisions
from simulation.play.session import Session
from simulation.reports.labels import Text
from tests.test_play import LINE, SERIOUS_AT_A, TWO_POSTS

RESPONSE = "patrol.response_mean_min"


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    root = tmp_path_factory.mktemp("cf")
    scenario = root / "relief.yaml"
    text = LINE.read_text().replace("  with_brimob:\n", TWO_POSTS + "  with_brimob:\n", 1)
    scenario.write_text(text + SERIOUS_AT_A)
    session = Session(load_scenario(scenario), "two_posts", seed=0)
    hq_car, c_car = (u.label for u in session.drill.dispatcher.units)
    assert session.order("dispatch_unit", {"unit": hq_car, "to": "b"}, by="Kabag Ops").accepted
    session.advance(30 * 60)
    assert session.order("relieve_unit", {"unit": hq_car, "with": c_car}, by="Kapolres").accepted
    log = root / "game.yaml"
    log.write_text(session.decisions_yaml())
    folder = root / "played"
    assert main(["run", str(scenario), "--decisions", str(log), "--out", str(folder)]) == 0
    return folder


def _cf(played, out, *change: str) -> int:
    args = ["counterfactual", str(played), *change, "--replications", "3", "--out", str(out)]
    return main([*args, "--executor", "serial"])


def _difference(out) -> pd.Series:
    table = pd.read_csv(out / "differences.csv")
    return table[table["kpi"] == RESPONSE].iloc[0]


def test_dropping_the_relief_makes_the_serious_response_ten_minutes_longer(played, tmp_path):
    out = tmp_path / "drop"
    assert _cf(played, out, "--decision", "2", "--drop") == 0
    row = _difference(out)
    assert (row["mean"], row["ci_low"], row["ci_high"]) == (10.0, 10.0, 10.0)
    assert row["verdict"] == "worse"
    branch = load_decisions(out / "counterfactual.yaml")
    assert [d.order for d in branch.decisions] == ["dispatch_unit"]
    for lang, words in (
        (
            "en",
            "Without decision 2 (Relieve in place (lintas ganti), 08:30), mean response "
            "time would have been 45 min instead of 35 min (paired difference +10 min",
        ),
        (
            "id",
            "Tanpa keputusan 2 (Lintas ganti unit, 08:30), rata-rata waktu tanggap akan "
            "menjadi 45 menit, bukan 35 menit (selisih berpasangan +10 menit",
        ),
    ):
        assert main(["report", str(out), "--lang", lang]) == 0
        report = (out / f"counterfactual-{lang}" / "counterfactual.md").read_text()
        assert words in report
        assert Text(lang)("cf.verdict.worse") + ")." in report


def test_the_relief_moved_after_the_report_is_as_late_as_none(played, tmp_path):
    out = tmp_path / "move"
    assert _cf(played, out, "--decision", "2", "--at", "09:00") == 0
    assert _difference(out)["mean"] == 10.0
    original = load_decisions(played / "decisions.yaml")
    branch = load_decisions(out / "counterfactual.yaml")
    assert branch.decisions[0] == original.decisions[0], "the order before is kept exactly"
    assert (branch.decisions[1].order, branch.decisions[1].t) == ("relieve_unit", 3600.0)
    about = json.loads((out / "counterfactual.json").read_text())
    assert (about["change"], about["at_clock"], about["clock"]) == ("move", "09:00", "08:30")
    assert main(["report", str(out)]) == 0
    report = (out / "counterfactual-en" / "counterfactual.md").read_text()
    assert (
        "Had decision 2 (Relieve in place (lintas ganti)) been given at 09:00 instead of 08:30"
        in report
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ["--decision", "3", "--drop"],
            "--decision: the log has 2 decisions (1 to 2), no decision 3",
        ),
        (["--decision", "0", "--drop"], "no decision 0"),
        (["--decision", "2", "--at", "25:99"], "--at: '25:99' is not a time of day"),
        (["--decision", "2", "--at", "H-1 07:00"], "--at: H-1 07:00 is outside the drill"),
    ],
)
def test_a_bad_decision_or_time_is_a_located_error_and_nothing_is_written(
    played, tmp_path, capsys, change, message
):
    out = tmp_path / "cf"
    assert _cf(played, out, *change) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_folder_without_a_decision_log_is_refused(played, tmp_path, capsys):
    plain = tmp_path / "plain"
    scenario = played.parent / "relief.yaml"
    assert main(["run", str(scenario), "--strategy", "two_posts", "--out", str(plain)]) == 0
    capsys.readouterr()
    out = tmp_path / "cf"
    assert _cf(plain, out, "--decision", "1", "--drop") == 2
    assert "holds no decision log (decisions.yaml)" in capsys.readouterr().err
    assert not out.exists()


def test_a_branch_keeps_the_orders_before_it_and_refuses_to_move_before_them(played):
    log = load_decisions(played / "decisions.yaml")
    moved = branch_log(log, 2, 7200.0)
    assert moved.decisions[:1] == log.decisions[:1] and moved.decisions[1].t == 7200.0
    assert [d.t for d in branch_log(log, 1, 5000.0).decisions] == [1800.0, 5000.0]
    with pytest.raises(ExperimentError, match="the orders before decision 2 are kept"):
        branch_log(log, 2, -1.0)
