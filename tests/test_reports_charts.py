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

from simulation.kpis import REGISTRY
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
from simulation.reports.inputs import DrillFolder, ReportError
from simulation.reports.labels import CATALOGUE, Text
from simulation.reports.style import Provenance, clock_axis, house_style, new_figure, save
from tests.reports_data import REPLICATIONS, report_data  # noqa: F401 (fixture)

LANGS = ("en", "id")


def _inputs(data: dict, chart: str) -> Inputs:
    kind = CHARTS[chart].takes
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
        assert imread(png).shape[:2] == (1200, 2000)  # 10 x 6 in at 200 dpi
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


def test_comparison_title_counts_the_verdicts(report_data):  # noqa: F811
    diffs = pd.read_csv(report_data["comparison"] / "differences.csv")
    fig = draw("compare", _inputs(report_data, "compare"), "en")
    shown = len(fig.axes)
    rows = diffs[diffs["kpi"].isin([k for k in diffs["kpi"] if REGISTRY[k].better != "none"])]
    better = (rows["verdict"] == "better").sum()
    assert f"on {better} of {shown} KPIs" in fig.get_suptitle()
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
    for source in (report_data["logistics"][0], report_data["crowd"][0]):
        folder = tmp_path / source.name
        shutil.copytree(source, folder)
        can = available(Inputs([DrillFolder(folder)], None))
        names = sorted(p.name for p in save_run_charts(folder, "id"))
        stems = [stem for name, stem in RUN_CHARTS.items() if name in can]
        assert names == sorted(f"{stem}.{ext}" for stem in stems for ext in ("png", "svg"))
        drawn |= set(stems)
    assert drawn == set(RUN_CHARTS.values())  # between them the two drills have every run chart
