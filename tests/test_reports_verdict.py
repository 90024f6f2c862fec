"""One verdict everywhere, harm never hidden, numbers for people (issue 14, items 1-3).

Comparison folders are constructed from stated per-replication values (tests/reports_data.py
`constructed_comparison`, written by the real compare statistics), so each test states the
situation - a trade-off, a harm, nothing, three strategies - and checks what the reader sees.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from pypdf import PdfReader
from reportlab.platypus import Paragraph, Table

from simulation.core.kpis import REGISTRY, describe
from simulation.experiments.statistics import FEW
from simulation.experiments.statistics import verdict as paired_verdict
from simulation.reports.briefing import (
    BETTER_SHADE,
    WORSE_SHADE,
    kpi_table,
    summary_lines,
    write_briefing,
)
from simulation.reports.catalogue import Inputs, draw
from simulation.reports.inputs import ExperimentFolder, ReportError
from simulation.reports.intervals import bootstrap_interval
from simulation.reports.labels import UNITS, Text, decimals_for
from simulation.reports.style import VERDICT
from simulation.reports.verdict import FEW_DRILLS, ROLES, decide, role
from tests.reports_data import constructed_comparison

N = 20
LANGS = ("en", "id")
STATIS_NAME = "Pengamanan statis TPS (static-heavy)"


def _situation(name: str) -> dict[str, dict[str, list[float]]]:
    """Per-replication KPI values of a named situation, on common random numbers (`shared`)."""
    rng = np.random.default_rng(11)
    shared = rng.normal(0, 1, N)

    def around(mean: float, sd: float, own: float = 0.0) -> list[float]:
        return list(mean + sd * shared + rng.normal(0, own, N) if own else mean + sd * shared)

    def counts(lam: float) -> list[float]:
        return [float(x) for x in rng.poisson(lam, N)]

    budget = {"cost.officer_hours": [5400.0] * N, "cost.officers": [468.0] * N}
    statis = {
        "patrol.response_mean_min": around(20, 2),
        "patrol.response_p50_min": around(9, 0.3),
        "patrol.response_p90_min": around(45, 4),
        "patrol.serious_response_mean_min": around(58, 5),
        "patrol.within_target_share": list(np.clip(around(0.7, 0.03), 0, 1)),
        "patrol.unanswered": counts(1.55),
        "patrol.escalated": [0.0] * N,
        "patrol.incidents": counts(100),
        **budget,
    }
    if name == "tradeoff":  # the default scenario: better on six, 0.9 min worse median
        mobile = {
            "patrol.response_mean_min": around(12, 2, 0.3),
            "patrol.response_p50_min": around(9.9, 0.3, 0.1),
            "patrol.response_p90_min": around(25, 4, 0.5),
            "patrol.serious_response_mean_min": around(12, 5, 0.5),
            "patrol.within_target_share": list(np.clip(around(0.9, 0.03, 0.005), 0, 1)),
            "patrol.unanswered": counts(0.15),
            "patrol.escalated": [0.0] * N,
            "patrol.incidents": statis["patrol.incidents"],
            **budget,
        }
        return {"statis": statis, "mobile": mobile}
    if name == "harm":  # faster, but ~44 more civilians injured per drill
        statis |= {"crowd.injured_civilians": counts(3), "crowd.injured_crush": [0.0] * N}
        mobile = {k: list(np.asarray(v) * 1.0) for k, v in statis.items()}
        mobile["patrol.response_mean_min"] = around(12, 2, 0.3)
        mobile["crowd.injured_civilians"] = list(np.asarray(counts(3)) + 44)
        return {"statis": statis, "mobile": mobile}
    if name == "nothing":  # two strategies that differ only by noise
        mobile = {k: list(np.asarray(v) + rng.normal(0, 0.5, N)) for k, v in statis.items()}
        mobile |= budget | {"patrol.unanswered": counts(1.55), "patrol.escalated": [0.0] * N}
        mobile["patrol.within_target_share"] = list(
            np.clip(mobile["patrol.within_target_share"], 0, 1)
        )
        return {"statis": statis, "mobile": mobile}
    if name == "three":  # one saves lives (harm), the other is faster on more service KPIs
        harm_first = dict(statis) | {"patrol.unanswered": [0.0] * N}
        faster = dict(statis) | {
            "patrol.response_mean_min": around(12, 2, 0.3),
            "patrol.response_p90_min": around(25, 4, 0.5),
            "patrol.serious_response_mean_min": around(12, 5, 0.5),
            "cost.officer_hours": [6000.0] * N,  # dearer: worse on cost, never a loss or win
        }
        return {"statis": statis, "mobile": faster, "statis_siber": harm_first}
    raise ValueError(name)


SITUATIONS = {"tradeoff": "mobile", "harm": None, "nothing": None, "three": "statis_siber"}


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("verdict")
    return {name: constructed_comparison(root / name, _situation(name)) for name in SITUATIONS}


def _expected_mark(row: pd.Series) -> str:
    """The colour a (strategy, KPI) must get, from differences.csv and the KPI's role alone."""
    if role(row["kpi"]) not in ("harm", "service"):
        return "none"
    return row["verdict"] if row["verdict"] in ("better", "worse") else "none"


def _story_text(story: list) -> str:
    """The words of Platypus flowables: paragraphs and table cells."""
    parts = []
    for flowable in story:
        if isinstance(flowable, Paragraph):
            parts.append(flowable.getPlainText())
        elif isinstance(flowable, Table):
            parts += [c.getPlainText() for row in flowable._cellvalues for c in row]
    return " ".join(" ".join(parts).split())


def _mean_and_decimals(row: pd.Series) -> tuple[float, int]:
    """A paired difference and the decimals its triplet (mean, CI) is written with."""
    widest = max(abs(row["mean"]), abs(row["ci_low"]), abs(row["ci_high"]))
    return float(row["mean"]), decimals_for(widest)


def _flat(text: str) -> str:
    return " ".join(text.split())


# -- 1. one verdict, everywhere ---------------------------------------------------------------


def test_every_registered_kpi_has_a_role_and_harm_is_recognised():
    assert {role(k) for k in REGISTRY} <= set(ROLES)
    for kpi in (
        "crowd.injured_civilians",
        "crowd.injured_crush",
        "crowd.exit_crush_person_s",
        "crowd.person_s_above_5ppm2",
        "patrol.unanswered",
        "patrol.escalated",
        "logistics.late_tps",
        "logistics.boxes_lost",
    ):
        assert role(kpi) == "harm", kpi
    for kpi in ("cost.officer_hours", "cost.officers", "logistics.escort_officer_hours"):
        assert role(kpi) == "cost", kpi
    for kpi in ("patrol.response_p50_min", "patrol.within_target_share"):
        assert role(kpi) == "service", kpi
    assert role("patrol.incidents") == "info"


@pytest.mark.parametrize("name", list(SITUATIONS))
def test_recommendation_follows_the_rule(folders, name):
    assert decide(ExperimentFolder(folders[name])).recommended == SITUATIONS[name]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(SITUATIONS))
def test_summary_table_charts_and_cost_page_say_the_same(folders, name, lang):
    experiment = ExperimentFolder(folders[name])
    text = Text(lang)
    verdict = decide(experiment)
    headline = verdict.headline(text)
    summary = summary_lines(experiment, verdict, text)
    assert headline in _story_text(summary[:2])  # the summary's heading is the headline

    inputs = Inputs.collect([folders[name]])
    compare = draw("compare", inputs, lang)
    assert _flat(compare.get_suptitle()) == headline
    cost = draw("cost-risk", inputs, lang)
    assert _flat(cost.get_suptitle()).startswith(headline)

    differences = pd.read_csv(folders[name] / "differences.csv")
    expected = {(r["strategy"], r["kpi"]): _expected_mark(r) for _, r in differences.iterrows()}
    # the KPI table's shading
    (table,) = [f for f in kpi_table(experiment, verdict, text) if isinstance(f, Table)]
    shaded = {
        (verdict.strategies[c0 - 2], verdict.kpis[r0 - 1]): "#" + colour.hexval()[2:].upper()
        for name_, (c0, r0), _, colour in table._bkgrndcmds
        if name_ == "BACKGROUND"
    }
    colours = {"better": BETTER_SHADE.upper(), "worse": WORSE_SHADE.upper()}
    assert shaded == {k: colours[m] for k, m in expected.items() if m != "none"}
    # the compare chart's dots: filled in the verdict's colour where it says better or worse
    for ax in compare.axes:
        kpi = next(k for k in verdict.kpis if text.kpi(k) == _flat(ax.get_title(loc="left")))
        dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
        for dot, strategy in zip(dots, [s for s in verdict.strategies], strict=True):
            if strategy == verdict.baseline:
                continue
            mark = expected[(strategy, kpi)]
            assert to_hex(dot.get_color()) == to_hex(VERDICT[mark]), (strategy, kpi)
    plt.close(compare)
    plt.close(cost)


def test_costs_equal_by_design_are_same_by_design_not_a_win(folders):
    verdict = decide(ExperimentFolder(folders["tradeoff"]))
    case = verdict.cases["mobile"]
    assert case.differences["cost.officer_hours"].key == "same"
    assert case.differences["cost.officers"].key == "same"
    assert "cost.officer_hours" not in {d.kpi for d in case.better + case.worse}
    words = _story_text(summary_lines(ExperimentFolder(folders["tradeoff"]), verdict, Text("en")))
    same = re.search(r"Same by design \(equal in every drill\): ([^.]*)Budget", words)
    assert same and "Officer-hours on duty" in same[1] and "Officers deployed" in same[1]
    assert "Officer-hours" not in words.split("No significant difference")[-1].split("Same")[0]


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_recommends_the_better_strategy_with_its_trade_off(folders, tmp_path, lang):
    folder = folders["tradeoff"]
    out = write_briefing(folder, lang, tmp_path / lang)
    reader = PdfReader(out / "briefing.pdf")
    summary = _flat(reader.pages[1].extract_text())
    text = Text(lang)
    verdict = decide(ExperimentFolder(folder))
    assert verdict.recommended == "mobile"
    assert _flat(verdict.headline(text)) in summary
    assert _flat(text("brief.rule", baseline="statis"))[:60] in summary  # the rule, printed
    # the trade-off, with its sizes: the median's loss beside the serious incidents' gain
    diff = pd.read_csv(folder / "differences.csv").set_index(["strategy", "kpi"])
    median, m_dec = _mean_and_decimals(diff.loc[("mobile", "patrol.response_p50_min")])
    serious, s_dec = _mean_and_decimals(diff.loc[("mobile", "patrol.serious_response_mean_min")])
    assert median > 0 and serious < -40
    median_words = text(
        "brief.size.higher",
        kpi=text.kpi("patrol.response_p50_min"),
        size=text.fmt(median, m_dec),
        unit=text.unit("min"),
    )
    serious_words = text(
        "brief.size.lower",
        kpi=text.kpi("patrol.serious_response_mean_min"),
        size=text.fmt(abs(serious), s_dec),
        unit=text.unit("min"),
    )
    assert median_words in summary and serious_words in summary
    assert text("verdict.headline.none", baseline="statis") not in summary


def test_deciding_kpis_can_be_named(folders, tmp_path):
    experiment = ExperimentFolder(folders["tradeoff"])
    only_median = decide(experiment, ["patrol.response_p50_min"])
    assert only_median.recommended is None  # mobile is worse on the one KPI that decides
    assert only_median.roles["patrol.serious_response_mean_min"] == "info"
    named = constructed_comparison(
        tmp_path / "named",
        _situation("tradeoff"),
        manifest={"deciding_kpis": ["patrol.response_p50_min"]},
    )
    assert decide(ExperimentFolder(named)).recommended is None
    with pytest.raises(ReportError, match=r"no\.such"):
        decide(ExperimentFolder(named), ["no.such"])


# -- 2. harm is never hidden ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_non_zero_harm_kpi_is_on_the_summary_with_its_difference(folders, lang):
    experiment = ExperimentFolder(folders["harm"])
    text = Text(lang)
    verdict = decide(experiment)
    assert verdict.recommended is None  # faster, but it injures people
    words = _story_text(summary_lines(experiment, verdict, text))
    diffs = pd.read_csv(folders["harm"] / "differences.csv").set_index("kpi")
    for kpi in ("crowd.injured_civilians", "patrol.unanswered"):
        row = diffs.loc[kpi]
        assert text.kpi(kpi) in words
        _, decimals = _mean_and_decimals(row)
        mean = text.fmt(row["mean"], decimals, signed=True)
        low = text.fmt(row["ci_low"], decimals, signed=True)
        high = text.fmt(row["ci_high"], decimals, signed=True)
        unit = text.unit(describe(kpi).unit)
        shown = f"{mean} {unit}" if low == high else f"{mean} ({low} – {high}) {unit}"
        assert f"{text.kpi(kpi)} mobile" in words and shown in words, kpi
    vetoed = text("brief.vetoed", strategy=verdict.label("mobile"), baseline="statis", items="")[
        :40
    ]
    assert _flat(vetoed) in words and words.index(_flat(vetoed)) < words.index(
        text("brief.why", baseline="statis", n=N)[:20]
    )
    injured = diffs.loc["crowd.injured_civilians"]
    assert injured["mean"] == pytest.approx(44, abs=3) and injured["verdict"] == "worse"
    # zero in every strategy: not harm anyone needs to read about
    harm = words.split(text("brief.harm"))[1].split(text("brief.method")[:20])[0]
    assert text.kpi("crowd.injured_civilians") in harm
    assert text.kpi("crowd.injured_crush") not in harm
    assert text.kpi("patrol.escalated") not in harm


# -- 3. numbers for people --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "en", "id"),
    [
        (3.77e-18, "0", "0"),
        (-3300.0, "-3,300", "-3.300"),
        (0.0215, "0.0215", "0,0215"),
        (58.04, "58.0", "58,0"),
        (1234567.0, "1,234,567", "1.234.567"),
        (-0.00001, "0", "0"),
    ],
)
def test_one_number_format_no_scientific_notation(value, en, id):
    assert Text("en").fmt(value) == en
    assert Text("id").fmt(value) == id
    assert "e" not in Text("en").number(value).lower()  # 'g' specs are fixed point too


def test_zero_variance_has_no_interval_and_intervals_keep_their_bounds():
    text = Text("en")
    assert text.interval(0.9, 0.9, 0.9) == "0.900"
    counts = np.array([0, 0, 0, 0, 0, 0, 0, 0, 1, 2.0])  # t interval: 0.3 (-0.17 - 0.77)
    low = bootstrap_interval(counts)["ci_low"]
    assert 0 <= low <= 0.3
    yes_no = np.array([1, 1, 1, 1, 1, 1, 1, 1, 1, 0.0])  # t interval reaches 1.13
    interval = bootstrap_interval(yes_no)
    assert 0 <= interval["ci_low"] <= interval["mean"] <= interval["ci_high"] <= 1
    same = bootstrap_interval(np.full(5, 7.0))
    assert same["ci_low"] == same["ci_high"] == 7.0


def test_report_intervals_stay_within_each_kpis_bounds(tmp_path):
    """Five replications of rare counts and a 0/1 KPI: where a t interval reads
    '0.2 (-0.36 - 0.76)' incidents or '0.8 (0.24 - 1.36)', the report's stays in bounds."""
    few = {
        "statis": {
            "patrol.unanswered": [0.0, 0.0, 0.0, 0.0, 1.0],
            "crowd.hijau_restored": [1.0, 1.0, 1.0, 1.0, 0.0],
            "patrol.within_target_share": [0.99, 1.0, 1.0, 0.95, 1.0],
            "cost.officer_hours": [5400.0] * 5,
        },
        "mobile": {
            "patrol.unanswered": [0.0, 2.0, 0.0, 0.0, 0.0],
            "crowd.hijau_restored": [1.0, 0.0, 1.0, 1.0, 1.0],
            "patrol.within_target_share": [1.0, 0.9, 1.0, 1.0, 1.0],
            "cost.officer_hours": [5400.0] * 5,
        },
    }
    experiment = ExperimentFolder(constructed_comparison(tmp_path / "few", few))
    summary = experiment.summary.set_index(["strategy", "kpi"])
    assert summary.loc[("statis", "patrol.unanswered"), "ci_low"] < 0  # the t interval does not
    assert summary.loc[("statis", "crowd.hijau_restored"), "ci_high"] > 1
    verdict = decide(experiment)
    bounds = {"patrol.unanswered": (0, np.inf), "cost.officer_hours": (0, np.inf)}
    for (strategy, kpi), row in verdict.means.iterrows():
        low, high = bounds.get(kpi, (0, 1))
        assert low <= row["ci_low"] <= row["mean"] <= row["ci_high"] <= high, (strategy, kpi)
    table = _story_text(kpi_table(experiment, verdict, Text("en")))
    assert "5,400 (" not in table and "5,400" in table  # the same in every drill: no interval
    assert not re.search(r"\d[eE][+-]?\d", table)
    assert not re.search(r"\(-", table)  # no count below zero
    assert "percentile bootstrap" in table  # the method is said
    fig = draw("compare", Inputs.collect([experiment.folder]), "en")
    for ax in fig.axes:
        assert ax.get_xlim()[0] >= 0, ax.get_title()  # no axis below zero for a count or share
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_no_scientific_notation_on_chart_ticks_or_titles(tmp_path, lang):
    tiny = _situation("tradeoff")
    tiny["mobile"]["patrol.response_p50_min"] = list(
        np.asarray(tiny["statis"]["patrol.response_p50_min"]) + 3.77e-18
    )
    tiny["mobile"]["cost.officer_hours"] = [2100.0] * N  # -3,300 officer-hours
    # a large mean with a tiny spread: matplotlib's default writes '+2e1' offsets or '1e-5' ticks
    tiny["mobile"]["patrol.response_mean_min"] = list(20 + 1e-5 * np.arange(N))
    tiny["statis"]["patrol.response_mean_min"] = list(20.00002 + 1e-5 * np.arange(N))
    folder = constructed_comparison(tmp_path / "tiny", tiny)
    for chart in ("compare", "cost-risk"):
        fig = draw(chart, Inputs.collect([folder]), lang)
        fig.canvas.draw()
        words = [fig.get_suptitle()] + [t.get_text() for t in fig.texts]
        for ax in fig.axes:
            words += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
            words += [ax.xaxis.get_offset_text().get_text(), ax.yaxis.get_offset_text().get_text()]
        found = [w for w in words if re.search(r"\d[eE][+-]?\d|×10", w)]
        assert found == [], found
        plt.close(fig)


def test_every_registered_unit_is_translated():
    units = {describe(k).unit for k in REGISTRY} - {""}
    assert units <= set(UNITS["en"]) and units <= set(UNITS["id"])
    english = {"people", "hoaxes", "injects", "person-s", "events", "boxes", "trips", "fires"}
    assert not english & {Text("id").unit(u) for u in units}


def test_strategy_names_from_the_scenario_beside_their_ids(folders):
    experiment = ExperimentFolder(folders["tradeoff"])
    verdict = decide(experiment)
    assert verdict.label("statis") == f"statis ({STATIS_NAME})"
    (table,) = [f for f in kpi_table(experiment, verdict, Text("id")) if isinstance(f, Table)]
    assert f"statis ({STATIS_NAME})" in [c.getPlainText() for c in table._cellvalues[0]]
    fig = draw("compare", Inputs.collect([folders["tradeoff"]]), "en")
    note = " ".join(t.get_text() for t in fig.texts if t.get_gid() == "footnote")
    assert STATIS_NAME in _flat(note)
    plt.close(fig)


def test_report_decide_names_the_deciding_kpis_and_an_unknown_one_exits_2(
    folders, tmp_path, capsys
):
    from simulation.cli import main

    cmp = next(iter(folders.values()))
    out = tmp_path / "brief"
    assert main(["report", str(cmp), "--decide", "nope.kpi", "--out", str(out)]) == 2
    assert "deciding KPI(s) nope.kpi" in capsys.readouterr().err
    assert not out.exists()


def _with_decide(tmp_path: Path, decide: str) -> Path:
    """The bundled scenario of the constructed folders with a `decide:` section added."""
    from tests.reports_data import SCENARIO

    path = tmp_path / "decided.yaml"
    path.write_text(f"schema_version: 1\nbase: {SCENARIO}\ndecide:\n{decide}", encoding="utf-8")
    return path


def test_the_scenario_names_the_kpis_that_decide_in_priority(tmp_path):
    """`decide:` in the scenario restricts what decides and gives each KPI its priority:
    a KPI listed under harm counts as harm whatever its name."""
    service_only = _with_decide(tmp_path, "  service: [patrol.response_p50_min]\n")
    folder = constructed_comparison(
        tmp_path / "median",
        _situation("tradeoff"),
        manifest={"scenario_file": str(service_only)},
    )
    verdict = decide(ExperimentFolder(folder))
    assert verdict.recommended is None  # mobile is 0.9 min slower on the one KPI that decides
    assert verdict.named == ["patrol.response_p50_min"]
    assert verdict.roles["patrol.unanswered"] == "info"  # shown, not deciding
    (tmp_path / "b").mkdir()
    harm_first = _with_decide(
        tmp_path / "b",
        "  harm: [patrol.serious_response_mean_min]\n  service: [patrol.response_p50_min]\n",
    )
    folder = constructed_comparison(
        tmp_path / "serious",
        _situation("tradeoff"),
        manifest={"scenario_file": str(harm_first)},
    )
    verdict = decide(ExperimentFolder(folder))
    assert verdict.roles["patrol.serious_response_mean_min"] == "harm"
    assert verdict.recommended == "mobile"  # better on the harm KPI, worse on one service KPI
    lines = _story_text(summary_lines(ExperimentFolder(folder), verdict, Text("en")))
    assert lines.index(describe("patrol.serious_response_mean_min").en) < lines.index(
        describe("patrol.response_p50_min").en
    )


@pytest.mark.parametrize(
    ("decide", "path", "message"),
    [
        ("  harm: [patrol.unanswerd]\n", "decide.harm[0]", "did you mean 'patrol.unanswered'"),
        ("  service: [cost.officer_hours]\n", "decide.service[0]", "costs are the budget"),
        ("  service: [patrol.incidents]\n", "decide.service[0]", "no better direction"),
        (
            "  harm: [patrol.unanswered]\n  service: [patrol.unanswered]\n",
            "decide.service[0]",
            "named twice",
        ),
        ("  source: none\n", "decide", "name at least one KPI"),
    ],
)
def test_a_bad_decide_section_is_located_and_exits_2(tmp_path, capsys, decide, path, message):
    from simulation.cli import main

    scenario = _with_decide(tmp_path, decide)
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err
    lines = scenario.read_text(encoding="utf-8").splitlines()
    [found] = [e for e in err.splitlines() if f": {path}: " in e]
    assert message in found and "Traceback" not in err
    line = int(found.split(":")[1])
    assert lines[line - 1].strip().startswith(("harm", "service", "decide", "source"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_kpi_few_drills_report_is_shown_but_never_decides(tmp_path, lang):
    # The serious incidents' response: mobile is 40 min faster in the 3 of 20 drills that had
    # one. On its own interval that is "better"; on 3 of 20 drills it must not recommend.
    situation = _situation("nothing")
    serious = np.full(N, np.nan)
    serious[:3] = [50.0, 55.0, 60.0]
    situation["statis"]["patrol.serious_response_mean_min"] = list(serious)
    situation["mobile"]["patrol.serious_response_mean_min"] = list(serious - 40.0)
    folder = constructed_comparison(tmp_path / "thin", situation)
    experiment = ExperimentFolder(folder)
    verdict = decide(experiment)
    found = verdict.cases["mobile"].differences["patrol.serious_response_mean_min"]
    assert FEW_DRILLS == FEW  # the word compare writes is the word the reports read
    assert (found.key, found.n, found.paired) == ("thin", 3, N)
    assert verdict.mark("mobile", found.kpi) == "thin"
    assert verdict.recommended is None
    text = Text(lang)
    words = _story_text(summary_lines(experiment, verdict, text))
    assert text("brief.thin", items=f"{text.kpi(found.kpi)} (3/{N})") in words


def test_less_kuning_is_no_win_when_it_is_more_merah():
    """Hijau, kuning and merah minutes add up to the scene: a plan that turns kuning into merah
    (the 3 x 40 comparison of demo_kpu_bangil: reaktif -29 min kuning, +23 min merah) must not
    be credited with the kuning minutes; more hijau and less merah are always better."""
    kpi = {
        name: describe(f"crowd.{name}").better
        for name in ("time_hijau_min", "time_kuning_min", "time_merah_min")
    }
    assert paired_verdict(-38.0, -20.6, kpi["time_kuning_min"]) == "lower"
    assert paired_verdict(+19.0, +27.2, kpi["time_merah_min"]) == "worse"
    assert paired_verdict(+0.5, +12.0, kpi["time_hijau_min"]) == "better"
    assert role("crowd.time_kuning_min") == "info"
