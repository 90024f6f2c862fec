"""Safety net for reports: the sweep heatmap shows the better end as best, and the Indonesian
words for units are the right ones (issue 13).

The sweep folder is written here with known means, so the best cell is known without a run.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from simulation.reports.charts.sweep import sweep_heatmap_chart
from simulation.reports.inputs import ExperimentFolder
from simulation.reports.labels import Text

X = "strategies.statis.mobile[3].count"
Y = "incidents.generators[0].rate_per_hour"
XS = [1, 2, 3]
YS = [0.5, 1.0]
# Mean response (min, lower is better) and share within target (higher is better) at each
# (x, y): more units and fewer incidents are better. The best response, 4 min, is at x = 3,
# y = 0.5; the worst, 20 min, at x = 1, y = 1.0. The best share, 0.95, is at x = 3, y = 0.5.
RESPONSE = {
    (1, 0.5): 12.0,
    (2, 0.5): 8.0,
    (3, 0.5): 4.0,
    (1, 1.0): 20.0,
    (2, 1.0): 14.0,
    (3, 1.0): 9.0,
}
SHARE = {(1, 0.5): 0.7, (2, 0.5): 0.85, (3, 0.5): 0.95, (1, 1.0): 0.4, (2, 1.0): 0.6, (3, 1.0): 0.8}
KPIS = {"patrol.response_mean_min": RESPONSE, "patrol.within_target_share": SHARE}


def _sweep_folder(folder: Path) -> Path:
    runs, summary = [], []
    for point, (x, y) in enumerate((x, y) for y in YS for x in XS):
        for r in range(2):
            runs.append(
                {"scenario": "s", "point": point, "strategy": "statis", "replication": r}
                | {"seed": 1 + r, X: x, Y: y, "error": ""}
                | {k: v[x, y] for k, v in KPIS.items()}
            )
        for kpi, means in KPIS.items():
            m = means[x, y]
            summary.append(
                {"point": point, "strategy": "statis", "kpi": kpi, "n": 2, "mean": m}
                | {"sd": 0.0, "ci_low": m, "ci_high": m, "failed": 0}
            )
    folder.mkdir()
    pd.DataFrame(runs).to_csv(folder / "runs.csv", index=False)
    pd.DataFrame(summary).to_csv(folder / "summary.csv", index=False)
    return folder


def _cell_colours(fig: Figure) -> dict[float, tuple[float, float, float]]:
    """The colour each drawn mean is painted with, read from the image's own mapping."""
    [image] = fig.axes[0].images
    values = image.get_array()
    return {float(v): tuple(image.cmap(image.norm(v))[:3]) for v in values.ravel()}


def _blue(rgb: tuple[float, float, float]) -> bool:
    return rgb[2] > rgb[0] + 0.3


def _red(rgb: tuple[float, float, float]) -> bool:
    return rgb[0] > rgb[2] + 0.3


@pytest.mark.parametrize(
    ("kpi", "best", "worst", "best_words"),
    [
        (
            "patrol.response_mean_min",
            4.0,
            20.0,
            "best 4 min at mobile[3].count = 3 and generators[0].rate_per_hour = 0.5",
        ),
        (
            "patrol.within_target_share",
            0.95,
            0.4,
            "best 95% at mobile[3].count = 3 and generators[0].rate_per_hour = 0.5",
        ),
    ],
)
def test_heatmap_paints_the_better_end_blue_and_names_the_best_cell(
    tmp_path: Path, kpi: str, best: float, worst: float, best_words: str
) -> None:
    fig = sweep_heatmap_chart(ExperimentFolder(_sweep_folder(tmp_path / "sweep")), kpi=kpi, x=X)
    colours = _cell_colours(fig)
    assert sorted(colours) == pytest.approx(sorted(KPIS[kpi].values()))
    assert _blue(colours[best]), colours[best]
    assert _red(colours[worst]), colours[worst]
    # The colour runs from worst to best: ranking cells by blueness ranks them by the KPI.
    better_first = sorted(KPIS[kpi].values(), reverse=kpi.endswith("share"))
    blueness = [colours[v][2] - colours[v][0] for v in better_first]
    assert blueness == sorted(blueness, reverse=True)
    assert best_words in fig._suptitle.get_text().replace("\n", " ")


# --- unit words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "en", "id"),
    [
        ("min", "min", "menit"),
        ("share", "share", "porsi"),
        ("incidents", "incidents", "kejadian"),
        ("officer-h", "officer-h", "jam-personel"),
        ("person-h", "person-h", "jam-orang"),
        ("officers", "officers", "personel"),
        ("orders", "orders", "perintah"),
    ],
)
def test_unit_words_in_english_and_bahasa_indonesia(unit: str, en: str, id: str) -> None:
    assert Text("en").unit(unit) == en
    assert Text("id").unit(unit) == id


def test_minutes_are_menit_and_hours_are_jam_in_labels() -> None:
    en, id_ = Text("en"), Text("id")
    assert id_.kpi_axis("patrol.response_mean_min") == "Rata-rata waktu tanggap (menit)"
    assert en.kpi_axis("patrol.response_mean_min") == "Mean response time (min)"
    assert id_.kpi_axis("cost.officer_hours") == (
        "Jam-personel bertugas (Polri, Brimob, TNI) (jam-personel)"
    )
    assert id_.kpi_axis("patrol.within_target_share") == (
        "Porsi kejadian terjangkau dalam target (%)"
    )
    # Values in prose: decimal comma and the Indonesian unit word.
    assert id_.value("patrol.response_mean_min", 5.47) == "5,47 menit"
    assert en.value("patrol.response_mean_min", 5.47) == "5.47 min"
    assert id_.value("cost.officer_hours", 12.5) == "12,5 jam-personel"
    assert id_.value("patrol.within_target_share", 0.92) == "92%"
    assert id_("response.target", target=15) == "Target 15 menit"
    assert id_.number(1234.5, ",.1f") == "1.234,5"
