"""Every chart of the catalogue, drawn from real drill output in both languages, and the
helpers behind them checked against hand-computed or published values."""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colorbar import Colorbar
from matplotlib.image import imread
from matplotlib.text import Text as MplText
from pypdf import PdfReader

from simulation.core.kpis import REGISTRY
from simulation.reports.catalogue import (
    CHARTS,
    RUN_CHARTS,
    Inputs,
    available,
    draw,
    save_run_charts,
)
from simulation.reports.charts.cost import pareto_front
from simulation.reports.charts.crowd import density_grid, los_class, wilson
from simulation.reports.charts.logistics import ready_shares
from simulation.reports.inputs import DrillFolder, ExperimentFolder, ReportError
from simulation.reports.labels import CATALOGUE, Text
from simulation.reports.style import (
    Provenance,
    clock_axis,
    finish,
    house_style,
    new_figure,
    percent_axis,
    save,
)
from simulation.reports.verdict import decide, role
from tests.reports_data import REPLICATIONS, report_data  # noqa: F401 (fixture)

LANGS = ("en", "id")


def _inputs(data: dict, chart: str) -> Inputs:
    kind = CHARTS[chart].takes
    if kind == "optimise":
        return Inputs.collect([data["search"]])
    if kind == "comparison":
        return Inputs.collect([data["comparison"], data["comparison"].parent / "drills"])
    if kind in ("sweep", "experiment") and chart != "cost-risk":
        return Inputs.collect([data["sweep"]])
    if chart == "cost-risk":
        return Inputs.collect([data["comparison"]])
    if chart.startswith("crowd"):
        return Inputs.collect(data["crowd"])
    if chart.startswith("logistics"):
        return Inputs.collect(data["logistics"])
    if chart.startswith("emergency"):
        return Inputs.collect([data["emergency"]])
    if chart.startswith("election"):
        return Inputs.collect([data["election"]])
    if chart == "decisions":
        return Inputs.collect([data["played"]])
    return Inputs.collect(data["drills"]["statis"][:1] + data["drills"]["mobile"][:1])


def _words(texts: list[str]) -> set[str]:
    words = set()
    for t in texts:
        t = re.sub(r"\{[^}]*\}", " ", t)
        t = re.sub(r"\S*[._\[]\S*", " ", t)  # identifiers (scenario paths, ids) are no language
        t = re.sub(r"“[^”]*”?", " ", t)  # quoted scenario text (a hoax as it circulated)
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{5,}", t)}
    return words


def _distinctive() -> dict[str, set[str]]:
    """Words found only in one language's labels (catalogue and KPI registry)."""
    en = _words(list(CATALOGUE["en"].values()) + [k.en for k in REGISTRY.values()])
    id_ = _words(list(CATALOGUE["id"].values()) + [k.id for k in REGISTRY.values()])
    return {"en": en - id_, "id": id_ - en}


DISTINCTIVE = _distinctive()


def _texts(fig: plt.Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(MplText) if t.get_visible() and t.get_text()]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_renders_from_real_output(report_data, name, lang, tmp_path):  # noqa: F811
    inputs = _inputs(report_data, name)
    assert name in available(inputs)
    fig = draw(name, inputs, lang)
    texts = _texts(fig)
    title = fig.get_suptitle()
    assert title and not title.startswith(("{", "None")), title
    assert not any("{" in t and "}" in t for t in texts), "unformatted label"
    foot = [t for t in fig.findobj(MplText) if t.get_gid() == "footnote"]
    assert len(foot) == 1
    note = foot[0].get_text().replace("\n", " ")
    scenario = inputs.experiment.scenario if inputs.experiment else inputs.drills[0].scenario
    assert f"Scenario {scenario} " in note or f"Skenario {scenario} " in note
    assert "sha256" in note and "sispam" in note
    assert ("seed" in note) and ("Asia/Jakarta" in note)
    other = "id" if lang == "en" else "en"
    found = _words(texts) & DISTINCTIVE[other]
    assert not found, f"{other} words on an {lang} chart: {found}"
    colorbar_axes = {a for a in fig.axes if isinstance(getattr(a, "_colorbar", None), Colorbar)}
    for ax in fig.axes:
        if ax in colorbar_axes:
            continue
        drawn = ax.lines or ax.collections or ax.patches or ax.images
        assert drawn, f"empty axes in {name}"
        labelled = ax.get_xlabel() or ax.get_ylabel() or ax.get_title() or not ax.get_xticks().size
        assert labelled, f"unlabelled axes in {name}"
    if lang == "en":  # one file per chart is enough to check the export
        (png,) = save(fig, tmp_path / name, ("png",))
        height, width = imread(png).shape[:2]
        assert width == 2000  # 10 in at 200 dpi, 6 in high or taller when panels need it
        assert height == 1200 or (name == "compare" and height > 1200)
    else:
        fig.canvas.draw()  # layout and every artist render without error
        plt.close(fig)


def test_export_writes_png_svg_pdf_with_the_title_as_text(report_data, tmp_path):  # noqa: F811
    fig = draw("timeline", _inputs(report_data, "timeline"), "id")
    title = fig.get_suptitle()
    paths = save(fig, tmp_path / "timeline")
    assert [p.suffix for p in paths] == [".png", ".svg", ".pdf"]
    assert title.split("\n")[0] in paths[1].read_text(encoding="utf-8")
    assert PdfReader(paths[2]).pages[0].extract_text().count("kejadian") >= 1


def test_slide_size_is_16_9(report_data):  # noqa: F811
    fig = draw("compare", _inputs(report_data, "compare"), "id", "slide")
    width, height = fig.get_size_inches()
    assert width / height == pytest.approx(16 / 9, rel=1e-3)
    plt.close(fig)


def test_catalogue_has_the_same_keys_and_placeholders_in_both_languages():
    en, id_ = CATALOGUE["en"], CATALOGUE["id"]
    assert en.keys() == id_.keys()
    fields = string.Formatter()
    for key in en:
        names = {f[1] for f in fields.parse(en[key]) if f[1]}
        assert names == {f[1] for f in fields.parse(id_[key]) if f[1]}, key


def test_every_registered_kpi_has_both_labels():
    for kpi in REGISTRY.values():
        assert kpi.en and kpi.id and kpi.en != kpi.name


def test_response_chart_title_matches_the_incidents(report_data):  # noqa: F811
    drill = DrillFolder(report_data["drills"]["statis"][0])
    incidents = drill.table("incidents")
    share = (incidents["response_min"] <= drill.target_min).sum() / len(incidents)
    fig = draw("response", Inputs([drill], None), "en")
    assert fig.get_suptitle().startswith(f"{share:.0%} of incidents")
    plt.close(fig)


def test_comparison_title_is_the_verdicts_headline(report_data):  # noqa: F811
    fig = draw("compare", _inputs(report_data, "compare"), "en")
    verdict = decide(ExperimentFolder(report_data["comparison"]))
    assert " ".join(fig.get_suptitle().split()) == verdict.headline(Text("en"))
    plt.close(fig)


def test_a_chart_refuses_inputs_without_its_data(report_data):  # noqa: F811
    drills = Inputs.collect(report_data["drills"]["statis"][:1])
    with pytest.raises(ReportError, match="needs sweep input"):
        draw("sweep-heatmap", drills, "en")
    with pytest.raises(ReportError, match="takes no --kpi"):
        draw("map", drills, "en", kpi="patrol.incidents")


def test_pareto_front_by_hand():
    cost = np.array([10.0, 20.0, 30.0, 25.0, 10.0])
    risk = np.array([9.0, 5.0, 1.0, 6.0, 9.0])  # lower is better; (25, 6) is dominated by (20, 5)
    assert pareto_front(cost, risk, True).tolist() == [True, True, True, False, True]
    assert pareto_front(cost, -risk, False).tolist() == [True, True, True, False, True]


def test_wilson_interval_matches_published_values():
    # Wilson (1927) score interval, z = 1.96: 0 of 5 -> [0, 0.4345]; 5 of 10 -> [0.2366, 0.7634]
    lo, hi = wilson(np.array([0, 5]), 5)
    assert lo[0] == pytest.approx(0.0) and hi[0] == pytest.approx(0.4345, abs=1e-4)
    lo, hi = wilson(np.array([5]), 10)
    assert (lo[0], hi[0]) == pytest.approx((0.2366, 0.7634), abs=1e-4)


def test_level_of_service_follows_fruin():
    queuing = los_class(np.array([0.5, 0.83, 0.84, 1.43, 3.0, 5.0, 6.0]), "queuing")
    assert "".join("ABCDEF"[i] for i in queuing) == "AABCDEF"
    walkway = los_class(np.array([0.31, 0.4, 1.0, 2.17, 2.2]), "walkway")
    assert "".join("ABCDEF"[i] for i in walkway) == "ABDEF"


def test_ready_share_by_hand(tmp_path, report_data):  # noqa: F811
    folder = tmp_path / "drill"
    folder.mkdir()
    source = report_data["drills"]["statis"][0]
    for name in ("manifest.json", "kpis.json", "events.csv", "series.csv"):
        (folder / name).write_bytes((source / name).read_bytes())
    pd.DataFrame(
        [
            {"tps": "a1", "sector": "a", "ready_h": -3.0},
            {"tps": "a2", "sector": "a", "ready_h": 7.0},  # exactly on time
            {"tps": "a3", "sector": "a", "ready_h": 7.02},
            {"tps": "a4", "sector": "a", "ready_h": None},  # never delivered
            {"tps": "b1", "sector": "b", "ready_h": 6.5},
        ]
    ).to_csv(folder / "logistics_tps.csv", index=False)
    pd.DataFrame(
        [
            {"sector": "a", "name": "A", "deadline_h": 7.0},
            {"sector": "b", "name": "B", "deadline_h": 7.0},
        ]
    ).to_csv(folder / "logistics_kecamatan.csv", index=False)
    drill = DrillFolder(folder)
    assert ready_shares([drill], None).to_dict() == {"b": 1.0, "a": 0.5}
    assert ready_shares([drill], "06:00").to_dict() == {"b": 0.0, "a": 0.25}


def test_density_grid_puts_each_cell_back_in_place():
    table = pd.DataFrame(
        {
            "t_s": 0,
            "x_m": [0.25, 0.75, 1.75],
            "y_m": [0.25, 0.25, 0.75],
            "density_ppm2": [1.0, 2.0, 3.0],
        }
    )
    x_edges, y_edges, grid = density_grid(table)
    assert x_edges.tolist() == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert y_edges.tolist() == [0.0, 0.5, 1.0]
    assert grid[0, 0] == 1.0 and grid[0, 1] == 2.0 and grid[1, 3] == 3.0
    assert np.isnan(grid).sum() == 5


def test_clock_axis_shows_local_times_across_days():
    text = Text("en")
    with house_style("page"):
        fig, ax = new_figure("page")
        ax.plot([0, 12 * 3600], [0, 1])
        ax.set_xlim(0, 12 * 3600)
        clock_axis(ax, -6 * 3600.0, "Asia/Jakarta", text)  # drill starts H-1 18:00
        fig.canvas.draw()
        lo, hi = ax.get_xlim()
        labels = [t.get_text() for t in ax.get_xticklabels() if lo <= t.get_position()[0] <= hi]
    assert labels[0] == "H-1 18:00" and "00:00" in labels and labels[-1] == "06:00"
    assert ax.get_xlabel() == "Local time (Asia/Jakarta)"
    plt.close(fig)


def test_footnote_names_everything_a_reader_needs():
    p = Provenance("pasuruan", "abcdef0123456789", ["statis", "mobile"], 30, (1, 30), "t", "0.1.0")
    note = p.footnote(Text("en"))
    for part in (
        "pasuruan",
        "abcdef012345",
        "statis, mobile",
        "30 replication(s)",
        "1–30",
        "Student t",
        "sispam 0.1.0",
    ):
        assert part in note
    assert "replikasi" in p.footnote(Text("id"))


def test_inputs_accept_a_folder_of_drills(report_data):  # noqa: F811
    inputs = Inputs.collect([report_data["comparison"].parent / "drills"])
    assert len(inputs.drills) == 2 * REPLICATIONS and inputs.experiment is None


def test_not_a_result_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ReportError, match=r"not a sispam result folder"):
        Inputs.collect([tmp_path])
    (tmp_path / "kpis.json").write_text("{", encoding="utf-8")
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ReportError, match=r"kpis.json:1:2: not valid JSON"):
        Inputs.collect([tmp_path])


def test_same_inputs_give_the_same_svg_and_pdf(report_data, tmp_path):  # noqa: F811
    inputs = Inputs.collect(report_data["drills"]["statis"][:1])
    first = save(draw("response", inputs, "en"), tmp_path / "a", ("svg", "pdf"))
    second = save(draw("response", inputs, "en"), tmp_path / "b", ("svg", "pdf"))
    for a, b in zip(first, second, strict=True):
        assert Path(a).read_bytes() == Path(b).read_bytes()


def test_sispam_run_draws_only_catalogue_charts(report_data, tmp_path):  # noqa: F811
    # So every chart in a result folder passes test_every_chart_renders_from_real_output.
    assert set(RUN_CHARTS) <= set(CHARTS)
    drawn = set()
    sources = ("emergency", "election")
    for source in (
        report_data["logistics"][0],
        report_data["crowd"][0],
        *map(report_data.get, sources),
    ):
        folder = tmp_path / source.name
        shutil.copytree(source, folder)
        can = available(Inputs([DrillFolder(folder)], None))
        names = sorted(p.name for p in save_run_charts(folder, "id"))
        stems = [stem for name, stem in RUN_CHARTS.items() if name in can]
        assert names == sorted(f"{stem}.png" for stem in stems)  # PNG unless asked (RUN_FORMATS)
        drawn |= set(stems)
    assert drawn == set(RUN_CHARTS.values())  # between them the drills have every run chart


def _many_kpi_comparison(folder: Path) -> Path:
    """A comparison with every directed KPI of the registry (36, more than the real scenario's
    25), three strategies, and a significant verdict on most KPIs: the worst case for layout."""
    kpis = [k for k, v in REGISTRY.items() if v.better != "none"]
    strategies = ["statis", "mobile", "statis_siber"]
    rng = np.random.default_rng(3)
    summary, differences = [], []
    for i, kpi in enumerate(kpis):
        for j, strategy in enumerate(strategies):
            mean = (0.5 if REGISTRY[kpi].unit == "share" else 40.0) * (1 + 0.2 * j * (-1) ** i)
            half = abs(mean) * rng.uniform(0.02, 0.1)
            summary.append([strategy, kpi, 40, mean, half, mean - half, mean + half, 0])
            if j:
                verdict = ("better", "worse", "no significant difference")[(i + j) % 3]
                differences.append([strategy, "statis", kpi, 40, 0.1, 0.05, 0.0, 0.2, verdict])
    folder.mkdir()
    pd.DataFrame(
        [["pasuruan_pilkada_2024", s, r, 1 + r, ""] for s in strategies for r in range(40)],
        columns=["scenario", "strategy", "replication", "seed", "error"],
    ).to_csv(folder / "runs.csv", index=False)
    columns = ["strategy", "kpi", "n", "mean", "sd", "ci_low", "ci_high", "failed"]
    pd.DataFrame(summary, columns=columns).to_csv(folder / "summary.csv", index=False)
    columns = ["strategy", "baseline", "kpi", "n", "mean", "sd", "ci_low", "ci_high", "verdict"]
    pd.DataFrame(differences, columns=columns).to_csv(folder / "differences.csv", index=False)
    return folder


def _collisions(fig: plt.Figure) -> list[str]:
    """Panels whose boxes (ticks, labels, title) touch another panel, a title over another
    panel, a panel without its own x ticks and unit, and legend or footnote over a panel,
    measured on the renderer's bounding boxes after layout."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    panels = {ax: ax.get_tightbbox(renderer) for ax in fig.axes}
    problems = []
    for k, (ax, box) in enumerate(panels.items()):
        ticks = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        if not ticks or not ax.get_xlabel():
            problems.append(f"panel {k} has no x ticks or unit")
        if not fig.bbox.contains(box.x0 + 1, box.y0 + 1) or not fig.bbox.contains(
            box.x1 - 1, box.y1 - 1
        ):
            problems.append(f"panel {k} runs off the figure")
        for m, (other, other_box) in enumerate(panels.items()):
            if other is not ax and m > k and box.overlaps(other_box):
                problems.append(f"panels {k} and {m} overlap")
            if other is not ax and ax.title.get_window_extent(renderer).overlaps(other_box):
                problems.append(f"title of panel {k} over panel {m}")
    (foot,) = [t for t in fig.texts if t.get_gid() == "footnote"]
    below = [("footnote", foot.get_window_extent(renderer))]
    below += [("legend", legend.get_window_extent(renderer)) for legend in fig.legends]
    for name, extent in below:
        problems += [
            f"{name} over panel {k}" for k, b in enumerate(panels.values()) if extent.overlaps(b)
        ]
    if len(below) == 2 and below[0][1].overlaps(below[1][1]):
        problems.append("legend over footnote")
    return problems


@pytest.mark.parametrize("size", ["page", "slide"])
@pytest.mark.parametrize("lang", LANGS)
def test_comparison_of_many_kpis_stays_readable(tmp_path, lang, size):
    experiment = Inputs.collect([_many_kpi_comparison(tmp_path / "many")])
    fig = draw("compare", experiment, lang, size)
    assert len(fig.axes) == 8  # the key KPIs, not all 36
    assert _collisions(fig) == []
    note = next(t for t in fig.texts if t.get_gid() == "footnote").get_text().replace("\n", " ")
    left_out = experiment.experiment.summary["kpi"].nunique() - 8
    assert f"{left_out} " in note and "--kpi" in note  # how many are left out, how to get them
    if size == "slide":
        width, height = fig.get_size_inches()
        assert width / height == pytest.approx(16 / 9, rel=1e-3)
    plt.close(fig)


def test_comparison_shows_significant_kpis_first_and_any_chosen_ones(tmp_path):
    folder = _many_kpi_comparison(tmp_path / "many")
    experiment = Inputs.collect([folder])
    differences = pd.read_csv(folder / "differences.csv")
    significant = set(differences.loc[differences["verdict"] != "no significant difference", "kpi"])
    significant = {k for k in significant if role(k) in ("harm", "service")}  # costs never win
    fig = draw("compare", experiment, "en")
    titles = [ax.get_title(loc="left").replace("\n", " ") for ax in fig.axes]
    expected = [k for k in dict.fromkeys(differences["kpi"]) if k in significant][:8]
    assert titles == [Text("en").kpi(k) for k in expected]
    plt.close(fig)
    chosen = list(dict.fromkeys(differences["kpi"]))[:12]  # more than the default, as asked
    fig = draw("compare", experiment, "id", kpi=chosen)
    assert len(fig.axes) == 12 and _collisions(fig) == []
    plt.close(fig)


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_of_the_real_scenario_stays_readable(report_data, lang):  # noqa: F811
    fig = draw("compare", _inputs(report_data, "compare"), lang)
    assert 1 <= len(fig.axes) <= 8 and _collisions(fig) == []
    plt.close(fig)


@pytest.mark.parametrize(
    ("low", "high", "first"), [(0.0, 1.0, "0%"), (0.84, 1.0, "84%"), (0.226, 0.23, "22.60%")]
)
def test_percent_ticks_stay_distinct_on_a_narrow_range(low, high, first):
    with house_style():
        fig, ax = new_figure("page")
        ax.set_xlim(low, high)
        percent_axis(ax)
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == first and len(set(labels)) == len(labels)
    plt.close(fig)


@pytest.mark.parametrize("lang, tick, words", [("en", "0.5", "1,250.5"), ("id", "0,5", "1.250,5")])
def test_numbers_follow_the_language(lang, tick, words):
    """Bahasa Indonesia writes a decimal comma and thousands points, on axes and in text."""
    text = Text(lang)
    assert text.number(1250.5, ",.1f") == words
    assert text.value("crowd.peak_density_ppm2", 0.5).startswith(tick)
    title = text("crowd.density.title", peak=0.5, los="A", zone="x.y", clock="09:30")
    assert f" {tick} " in title and "x.y" in title, "only numbers change their separators"
    with house_style("page"):
        fig, ax = new_figure("page")
        ax.plot([0, 1], [0, 2.5])
        p = Provenance("x", None, ["a"], 1, (1, 1), "none", None)
        finish(fig, "title", p, text)
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_yticklabels()]
    assert tick in labels, labels
    other = "." if lang == "id" else ","
    assert not any(other in label for label in labels), labels
    plt.close(fig)


def test_status_band_marks_breach_seizure_and_retake(report_data, tmp_path):  # noqa: F811
    """Riot moments of the first drill sit on its status band at their times, with a legend."""
    folder = tmp_path / "drill"
    shutil.copytree(report_data["crowd"][0], folder)
    events = pd.read_csv(folder / "events.csv")
    moments = {"crowd.line_broken": 15 * 3600.0, "crowd.building_seized": 15 * 3600.0}
    moments["crowd.building_retaken"] = 15.5 * 3600.0
    riot = pd.DataFrame([{"t_s": t, "clock": "", "kind": k} for k, t in moments.items()])
    pd.concat([events, riot]).to_csv(folder / "events.csv", index=False)
    fig = draw("crowd-status", Inputs.collect([folder]), "id", "page")
    band = fig.axes[0]
    for kind, t in moments.items():
        (marks,) = [c for c in band.collections if c.get_gid() == kind]
        assert marks.get_offsets()[:, 0].tolist() == [t]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert {"barisan jebol", "gedung diduduki", "gedung direbut kembali"} <= set(labels)
    plt.close(fig)
