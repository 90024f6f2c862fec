"""The briefing pack and the after-action report, rendered from real drills and read back."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from pypdf import PdfReader

from simulation.cli import main
from simulation.reports.aar import OBJECTIVES, evaluate, parse_targets, write_aar
from simulation.reports.briefing import recommend, write_briefing
from simulation.reports.catalogue import Inputs, available
from simulation.reports.inputs import DrillFolder, ExperimentFolder, ReportError
from simulation.reports.labels import Text
from simulation.reports.verdict import role
from tests.reports_data import REPLICATIONS, SCENARIO, report_data  # noqa: F401 (fixture)
from tests.test_reports_charts import DISTINCTIVE, _words


def _pdf_text(path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


@pytest.fixture(scope="module")
def briefings(report_data, tmp_path_factory):  # noqa: F811
    root = tmp_path_factory.mktemp("briefing")
    drills = report_data["comparison"].parent / "drills"
    # English here; the Indonesian pack is rendered by test_briefing_of_a_single_drill.
    return {"en": write_briefing(report_data["comparison"], "en", root / "en", [drills])}


@pytest.mark.parametrize("lang", ["en"])
def test_briefing_pack_pages_and_text(report_data, briefings, lang):  # noqa: F811
    folder = briefings[lang]
    text = Text(lang)
    inputs = Inputs.collect(
        [report_data["comparison"], report_data["comparison"].parent / "drills"]
    )
    charts = available(inputs)
    pages, content = _pdf_text(folder / "briefing.pdf")
    flat = " ".join(content.split())
    # title, summary, KPI table, one page per chart, assumptions (1+), reproducibility
    assert pages >= 4 + len(charts) + 1
    for key in (
        "brief.title",
        "brief.summary",
        "brief.kpi_table",
        "brief.assumptions",
        "brief.repro",
    ):
        assert text(key) in flat, key
    manifest = json.loads((report_data["comparison"] / "manifest.json").read_text())
    assert manifest["scenario_sha256"] in flat
    assert f"1–{REPLICATIONS}" in flat
    # the scenario's own provenance notes appear
    assert "about 100 disturbances regency-wide on voting day" in flat
    assert "Rakor Lintas Sektoral Pilkada Kabupaten Pasuruan" in flat
    for name in charts:
        for ext in ("png", "svg", "pdf"):
            assert (folder / "charts" / f"{name}.{ext}").stat().st_size > 0
    assert not list(folder.parent.glob(".*partial*"))


def test_recommendation_follows_the_verdicts(report_data, briefings):  # noqa: F811
    experiment = ExperimentFolder(report_data["comparison"])
    verdict = recommend(experiment)
    diffs = pd.read_csv(report_data["comparison"] / "differences.csv")
    deciding = diffs[[role(k) in ("harm", "service") for k in diffs["kpi"]]]
    better = set(deciding.query("verdict == 'better'")["kpi"])
    worse = set(deciding.query("verdict == 'worse'")["kpi"])
    case = verdict.cases["mobile"]
    assert {d.kpi for d in case.better} == better
    assert {d.kpi for d in case.worse} == worse
    harm_worse = any(role(k) == "harm" for k in worse)
    harm_better = sum(role(k) == "harm" for k in better)
    service_net = sum(role(k) == "service" for k in better) - sum(
        role(k) == "service" for k in worse
    )
    expected = not harm_worse and (harm_better, service_net) > (0, 0)
    assert (verdict.recommended == "mobile") == expected
    _, content = _pdf_text(briefings["en"] / "briefing.pdf")
    flat = " ".join(content.split())
    assert " ".join(verdict.headline(Text("en")).split()) in flat


# The deciding KPIs: one harm KPI (unanswered) and two service KPIs.
BY_HAND_KPIS = ["patrol.unanswered", "patrol.response_mean_min", "patrol.within_target_share"]


@pytest.mark.parametrize(
    ("verdicts", "hours", "expected"),
    [
        ({"a": ["none", "better", "none"], "b": ["none", "better", "better"]}, {}, "b"),
        ({"a": ["none", "better", "worse"], "b": ["none", "none", "none"]}, {}, None),
        ({"a": ["none", "none", "none"]}, {}, None),
        ({"a": ["none", "better", "none"], "b": ["none", "better", "worse"]}, {}, "a"),
        # harm first: fewer unanswered incidents outweigh two slower service KPIs (a trade-off)
        ({"a": ["better", "worse", "worse"]}, {}, "a"),
        # more harm is never recommended, however fast
        ({"a": ["worse", "better", "better"]}, {}, None),
        ({"a": ["better", "none", "none"], "b": ["none", "better", "better"]}, {}, "a"),
        # a tie goes to fewer officer-hours
        ({"a": ["none", "better", "none"], "b": ["none", "better", "none"]}, {"a": 2.0}, "b"),
    ],
)
def test_recommend_by_hand(tmp_path, verdicts, hours, expected):
    rows = [
        {
            "strategy": s,
            "baseline": "base",
            "kpi": k,
            "n": 5,
            "mean": 0,
            "sd": 0,
            "ci_low": 0,
            "ci_high": 0,
            "verdict": v,
        }
        for s, vs in verdicts.items()
        for k, v in zip(BY_HAND_KPIS, vs, strict=True)
    ]
    pd.DataFrame(rows).to_csv(tmp_path / "differences.csv", index=False)
    strategies = ["base", *verdicts]
    pd.DataFrame(
        [
            {"scenario": "x", "strategy": s, "replication": 0, "seed": 1, "error": ""}
            for s in strategies
        ]
    ).to_csv(tmp_path / "runs.csv", index=False)
    pd.DataFrame(
        [
            {
                "strategy": s,
                "kpi": "cost.officer_hours",
                "n": 1,
                "mean": hours.get(s, 1.0),
                "ci_low": hours.get(s, 1.0),
                "ci_high": hours.get(s, 1.0),
            }
            for s in strategies
        ]
    ).to_csv(tmp_path / "summary.csv", index=False)
    assert recommend(ExperimentFolder(tmp_path)).recommended == expected


def test_briefing_of_a_single_drill(report_data, tmp_path):  # noqa: F811
    folder = write_briefing(report_data["drills"]["mobile"][0], "id", tmp_path / "b")
    pages, content = _pdf_text(folder / "briefing.pdf")
    assert "Hanya satu latihan" in " ".join(content.split())
    assert (folder / "charts" / "map.png").exists() and pages >= 6


@pytest.mark.parametrize("lang", ["en", "id"])
def test_after_action_report(report_data, tmp_path, lang):  # noqa: F811
    run = report_data["drills"]["statis"][1]
    drill = DrillFolder(run)
    text = Text(lang)
    out = write_aar(run, lang, tmp_path / "aar")
    markdown = (out / "aar.md").read_text(encoding="utf-8")
    _, content = _pdf_text(out / "aar.pdf")
    flat = " ".join(content.split())
    findings = evaluate(drill, text)
    assert [f.objective for f in findings] == [o for o in OBJECTIVES if o.kpi in drill.kpis]
    assert not any(f.objective.kpi.startswith("emergency.") for f in findings)  # no red phase
    incidents = pd.read_csv(run / "incidents.csv")
    unanswered = next(f for f in findings if f.objective.key == "unanswered")
    assert unanswered.value == incidents["response_min"].isna().sum()
    assert unanswered.met == (unanswered.value == 0)
    share = next(f for f in findings if f.objective.key == "response")
    assert share.value == pytest.approx((incidents["response_min"] <= 15).sum() / len(incidents))
    for doc_text in (markdown, flat):
        assert text("aar.objectives") in doc_text and text("aar.plan") in doc_text
        for f in findings:
            assert text(f"obj.{f.objective.key}") in doc_text
    missed = [f for f in findings if not f.met]
    if missed:
        plan = markdown[markdown.index(text("aar.plan")) :]
        assert plan.count(text("aar.to_assign")) == 2 * len(missed)
    else:
        assert text("aar.no_issues") in markdown
    serious = incidents[incidents["severity"] >= 3]
    assert markdown.count("\n| ") - 1 >= len(serious)  # every serious incident in the timeline
    for chart in ("timeline", "response", "map"):
        assert f"({chart}.png)" in markdown and (out / f"{chart}.svg").exists()


def test_after_action_report_judges_the_red_phase(report_data, tmp_path):  # noqa: F811
    run = report_data["emergency"]
    drill = DrillFolder(run)
    out = write_aar(run, "id", tmp_path / "aar")
    markdown = (out / "aar.md").read_text(encoding="utf-8")
    findings = {f.objective.key: f for f in evaluate(drill, Text("id"))}
    burned = findings["burned"]
    assert burned.value == drill.kpis["emergency.premises_burned"] == 3
    assert not burned.met
    for name in ("Toko 1", "Toko 2", "Toko 3"):  # the evidence names every shop lost
        assert name in burned.evidence
    assert findings["pemulihan"].value == drill.kpis["emergency.restored"]
    assert Text("id")("obj.burned") in markdown and Text("id")("act.burned") in markdown
    assert "(emergency-phases.png)" in markdown


def test_after_action_report_lists_the_msel_injects(report_data, tmp_path):  # noqa: F811
    run = report_data["recap"]
    out = write_aar(run, "en", tmp_path / "aar")
    markdown = (out / "aar.md").read_text(encoding="utf-8")
    msel = pd.read_csv(run / "msel.csv")
    section = markdown[markdown.index("## Inject and response timeline") :]
    for row in msel.itertuples():
        assert f"| {row.number} | " in section and str(row.expected_action) in section
    flat = " ".join(_pdf_text(out / "aar.pdf")[1].split())
    assert "Expected action" in flat and str(msel["event"].iloc[0]) in flat


def test_indonesian_aar_words_every_inject_response_in_indonesian(report_data, tmp_path):  # noqa: F811
    run = report_data["recap"]
    msel = pd.read_csv(run / "msel.csv")
    kinds = {json.loads(f)["kind"] for f in msel["response_facts"].dropna()}
    assert {"incidents", "hoax", "road_closed"} <= kinds  # the recap MSEL covers them
    markdown = (write_aar(run, "id", tmp_path / "aar") / "aar.md").read_text(encoding="utf-8")
    section = markdown[markdown.index("MSEL") :]
    english = _words([markdown]) & DISTINCTIVE["en"]
    assert not english, f"English words in the Indonesian AAR: {english}"
    hoax = json.loads(
        msel.loc[msel["response_facts"].str.contains('"hoax"', na=False)].iloc[0]["response_facts"]
    )
    text = Text("id")
    assert text("msel.response.reach", reach_pct=hoax["reach_pct"]) in section
    assert "jalan ditutup sampai" in section and "rata-rata waktu tanggap" in section
    # The CSV keeps the engine's English wording of the same facts for readers of the table.
    assert msel["response"].str.contains("road closed until").any()


def test_aar_targets_change_the_rating(report_data, tmp_path):  # noqa: F811
    drill = DrillFolder(report_data["drills"]["statis"][0])
    strict = evaluate(drill, Text("en"), parse_targets(["patrol.within_target_share=1.0"]))
    lenient = evaluate(drill, Text("en"), parse_targets(["patrol.within_target_share=0.0"]))
    assert not strict[0].met and lenient[0].met
    with pytest.raises(ReportError, match="not a number"):
        parse_targets(["patrol.unanswered=lots"])


def test_cli_commands_and_bad_input(report_data, tmp_path, capsys):  # noqa: F811
    assert main(["chart", "list"]) == 0
    out = tmp_path / "c"
    assert (
        main(
            [
                "chart",
                "compare",
                str(report_data["comparison"]),
                "--lang",
                "id",
                "--size",
                "slide",
                "--out",
                str(out),
                "--formats",
                "png",
            ]
        )
        == 0
    )
    assert (out / "compare-id.png").exists()
    assert main(["chart", "sensitivity", str(report_data["comparison"]), "--out", str(out)]) == 2
    assert "needs sweep input" in capsys.readouterr().err
    assert main(["report", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert (
        main(
            [
                "aar",
                str(report_data["drills"]["statis"][0]),
                "--out",
                str(tmp_path / "a"),
                "--target",
                "nope=1",
            ]
        )
        == 2
    )
    assert not (tmp_path / "a").exists() and not list(tmp_path.glob(".a.partial*"))
    assert main(["report", str(report_data["sweep"]), "--out", str(tmp_path / "s")]) == 0
    assert (tmp_path / "s" / "charts" / "sweep-heatmap.png").exists()
    assert "briefing.pdf" in capsys.readouterr().out
