"""After the game: the AAR of a played game sets every order (who, what, in the players' words,
carried out or refused with the reason) against the drill's own events, as a table and as the
`decisions` chart, whose drawn data is checked against the log and the incidents."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D

from simulation.reports.aar import write_aar
from simulation.reports.catalogue import Inputs, available, draw
from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Text
from simulation.reports.style import INK, TARGET
from tests.reports_data import _crowd, report_data  # noqa: F401


def _vertical(ax, colour: str) -> list[float]:
    """x of the dotted vertical lines of one colour (the orders' markers)."""
    return [
        float(line.get_xdata()[0])
        for line in ax.get_lines()
        if line.get_linestyle() == ":" and line.get_color() == colour
    ]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_aar_of_a_played_game_sets_the_orders_against_the_drill(report_data, tmp_path, lang):  # noqa: F811
    text = Text(lang)
    markdown = (write_aar(report_data["played"], lang, tmp_path / "aar") / "aar.md").read_text()
    section = markdown[markdown.index(text("aar.decisions")) : markdown.index(text("aar.timeline"))]
    assert text("aar.decisions.note", n=2, n_refused=1) in section
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    dispatch = next(r for r in rows if text("order.dispatch_unit") in r)
    assert "| 1 | H-1 17:33 | Kabag Ops |" in dispatch  # 12:00 + 20000 s
    assert f"{text('order.param.to')}: Puspo" in dispatch, "the place by its name"
    assert text("orders.done") in dispatch
    recall = next(r for r in rows if text("order.recall_unit") in r)
    assert "| 2 | H-1 20:20 | Kapolres |" in recall  # 12:00 + 30000 s
    assert text("orders.refused", reason="polsek#2@tutur is not held by the players") in recall
    assert rows.index(dispatch) < rows.index(recall)
    assert any(text("orders.drill") in r for r in rows[: rows.index(dispatch)]), "events before"
    plain = write_aar(report_data["drills"]["statis"][0], lang, tmp_path / "b") / "aar.md"
    assert text("aar.decisions") not in plain.read_text(), "an unplayed drill has no orders"


def test_the_decisions_chart_draws_each_order_at_its_time_over_the_incidents(
    report_data,  # noqa: F811
    tmp_path,
):
    played = DrillFolder(report_data["played"])
    inputs = Inputs([played], None)
    assert "decisions" in available(inputs)
    assert "decisions" not in available(
        Inputs([DrillFolder(report_data["drills"]["statis"][0])], None)
    )
    fig = draw("decisions", inputs, "en")
    ax = fig.axes[0]
    assert _vertical(ax, INK) == [20000.0], "the dispatch, carried out"
    assert _vertical(ax, TARGET) == [30000.0], "the recall, refused"
    incidents = played.table("incidents")
    reached = incidents.dropna(subset=["response_min"])
    drawn = np.vstack([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)])
    shown = drawn[drawn[:, 1] < ax.get_ylim()[1] / 1.05 / 1.1 + 1e-9]
    assert sorted(map(tuple, shown)) == sorted(
        zip(reached["t_report_s"], reached["response_min"], strict=True)
    )
    crowd = tmp_path / "crowd"
    shutil.copytree(report_data["played"], crowd)
    _crowd(crowd, np.random.default_rng(1), strength=0.9)
    withcrowd = DrillFolder(crowd)
    fig = draw("decisions", Inputs([withcrowd], None), "id")
    (step,) = [ln for ln in fig.axes[1].get_lines() if isinstance(ln, Line2D)]
    series = withcrowd.series[withcrowd.series["series"] == "crowd.status"].sort_values("t_s")
    assert list(step.get_xdata()) == list(series["t_s"])
    assert list(step.get_ydata()) == list(series["value"])


def test_the_briefing_of_a_played_game_carries_its_decisions(report_data, tmp_path):  # noqa: F811
    from pypdf import PdfReader

    from simulation.reports.briefing import write_briefing

    text = Text("id")
    out = write_briefing(report_data["played"], "id", tmp_path / "brief")
    pdf = " ".join(p.extract_text() for p in PdfReader(out / "briefing.pdf").pages)
    assert text("aar.decisions") in " ".join(pdf.split())
    assert (out / "charts" / "decisions.png").is_file()


def test_a_broken_decision_log_is_a_one_line_error_and_no_aar(report_data, tmp_path, capsys):  # noqa: F811
    from simulation.cli import main

    folder = tmp_path / "played"
    shutil.copytree(report_data["played"], folder)
    (folder / "decisions.yaml").write_text("decisions:\n  - {t: 5, by: Kapolres}\n")
    assert main(["aar", str(folder)]) == 2
    assert "decisions.yaml: decisions.0: expected t (drill seconds) and order" in (
        capsys.readouterr().err
    )
    assert not (folder / "aar-en").exists()
