"""The election period in the reports: the `election-period` chart's drawn data against the result
files, and the AAR's objectives, evidence and decision lines of a played twelve-day game."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.collections import PolyCollection

from simulation.reports.aar import display_names, evaluate, parse_targets, write_aar
from simulation.reports.catalogue import Inputs, available, draw
from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Text
from simulation.scenario.units import format_clock
from tests.reports_data import report_data  # noqa: F401 (fixture)


def test_the_period_chart_draws_each_scene_and_the_boxes_from_the_result_files(report_data):  # noqa: F811
    folder = report_data["election"]
    drill = DrillFolder(folder)
    inputs = Inputs([drill], None)
    assert "election-period" in available(inputs)
    assert "election-period" not in available(Inputs([DrillFolder(report_data["emergency"])], None))
    fig = draw("election-period", inputs, "en")
    bars, boxes = fig.axes[0], fig.axes[1]
    # every bar spans its scene as election_scenes.csv (written by the model) gives it
    drawn = set()
    for bar in bars.collections:
        if isinstance(bar, PolyCollection):
            xs = bar.get_paths()[0].vertices[:, 0]
            drawn.add(
                (format_clock(drill.start_s + xs.min()), format_clock(drill.start_s + xs.max()))
            )
    scenes = pd.read_csv(folder / "election_scenes.csv").fillna("")
    assert drawn == {(r.start, r.end) for r in scenes.itertuples()}
    # the boxes at the KPU: one step per kecamatan at its event time, ending at the KPI's share
    events = drill.events
    at_kpu = events[events["kind"] == "election.boxes_at_kpu"].sort_values("t_s")
    label = Text("en")("election.boxes.at_kpu")
    (line,) = [ln for ln in boxes.get_lines() if ln.get_label() == label]
    xs, ys = line.get_xdata(), line.get_ydata()
    assert list(xs[1:-1]) == list(at_kpu["t_s"])
    total = events[events["kind"] == "election.boxes_at_ppk"]["boxes"].sum()
    assert ys[-1] == pytest.approx(at_kpu["boxes"].sum() / total)
    assert ys[-1] == pytest.approx(drill.kpis["election.boxes_at_kpu_share"])
    # the theft the MSEL ordered is marked on the boxes' bar, at its time
    theft = events[events["kind"] == "election.box_theft"]["t_s"].tolist()
    marks = [ln for ln in bars.get_lines() if ln.get_marker() == "X"]
    assert theft and [float(x) for ln in marks for x in ln.get_xdata()] == theft
    incidents = len(pd.read_csv(folder / "election_incidents.csv"))
    assert f"{incidents} scene incidents" in fig.get_suptitle()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_aar_reads_the_played_period_in_the_users_words(report_data, tmp_path, lang):  # noqa: F811
    text = Text(lang)
    folder = report_data["election"]
    markdown = (write_aar(folder, lang, tmp_path / "aar") / "aar.md").read_text()
    section = markdown[markdown.index(text("aar.decisions")) : markdown.index(text("aar.timeline"))]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    refused, given = [r for r in rows if text("order.disperse_march") in r]
    assert "| 4 | H+7 17:00 | Kapolres |" in refused
    assert "no warning yet" in refused  # the drill's reason, as it gave it
    assert "| 5 | H+7 18:10 | Kapolres |" in given and text("orders.done") in given
    for order in ("escort_paslon", "prioritise_props", "guard_ppk"):
        assert any(text(f"order.{order}") in r for r in rows), order
    dispersal = text("orders.election.perkap7_dispersal", march="aksi_kpu_bawaslu")
    (line,) = [r for r in rows if dispersal in r]
    assert "| H+7 18:10 |" in line  # the order's effect, at the order's time
    theft = text("orders.election.box_theft", kecamatan="Gempol")
    assert any(theft in r for r in rows), "the MSEL's box theft, by the kecamatan's name"
    assert "(election-period.png)" in markdown


def test_election_objectives_are_judged_with_their_evidence(report_data):  # noqa: F811
    drill = DrillFolder(report_data["election"])
    text = Text("en")
    found = {f.objective.key: f for f in evaluate(drill, text)}
    for key, kpi in (
        ("escorts", "election.escorts_unescorted"),
        ("props", "election.props_cleared_share"),
        ("boxes", "election.boxes_lost"),
        ("perkap7", "election.after_hours_min"),
    ):
        assert found[key].value == drill.kpis[kpi]
    # 18:00 warning, order at 18:10 (the players'), cleared 70 min after 18:00: missed
    perkap7 = found["perkap7"]
    assert perkap7.value == 70.0 and not perkap7.met
    events = drill.events
    gone = events[events["kind"] == "election.perkap7_cleared"]["t_s"].iloc[0]
    item = text(
        "obj.evidence.perkap7_item",
        march="aksi_kpu_bawaslu",
        warned="H+7 18:00",
        gone=format_clock(drill.start_s + gone),
    )
    assert perkap7.evidence == text("obj.evidence.perkap7", items=item)
    assert perkap7.action == text("act.perkap7")
    # a stricter target than the drill met: the last kecamatan cleared is the evidence
    targets = parse_targets(["election.props_cleared_share=1.1"])
    props = next(f for f in evaluate(drill, text, targets) if f.objective.key == "props")
    last = events[events["kind"] == "election.props_cleared"].sort_values("t_s").iloc[-1]
    assert not props.met
    assert props.evidence == text(
        "obj.evidence.props",
        kecamatan=display_names(drill)[last["sector"]],
        clock=format_clock(drill.start_s + last["t_s"]),
        disputes=drill.kpis["election.props_disputes"],
        hours=drill.kpis["election.props_team_stopped_h"],
    )
