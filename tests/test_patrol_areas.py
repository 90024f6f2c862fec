"""Response by area: per-terrain KPIs hand-computed, and a comparison that moves every car to
the highland shows the highland faster and the lowland slower in by_kecamatan.csv and in the
briefing (en and id)."""

from __future__ import annotations

import math
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from simulation.core.kpis import describe, kecamatan_kpi, split_kecamatan
from simulation.core.plugins import installed
from simulation.experiments.compare import compare
from simulation.patrol.areas import area_kpis
from simulation.reports.briefing import area_pages
from simulation.reports.inputs import ExperimentFolder
from simulation.reports.labels import Text
from simulation.reports.verdict import decide, role
from tests.test_reports_verdict import _story_text

HORIZON = 4 * 3600.0
TARGET = 15 * 60.0


def _incident(sector: str, response_min: float | None, t_report: float = 600.0):
    arrival = None if response_min is None else t_report + 60.0 * response_min
    return SimpleNamespace(sector=sector, t_report=t_report, t_arrival=arrival)


def _sector(id_: str, terrain: str):
    return SimpleNamespace(id=id_, terrain=terrain)


def test_terrain_and_kecamatan_kpis_by_hand():
    sectors = [_sector("hill", "highland"), _sector("town", "lowland")]
    incidents = [
        _incident("hill", 10.0),
        _incident("hill", 20.0),
        _incident("hill", None),  # never reached: counts in the share, not in the mean
        _incident("hill", 5.0, t_report=HORIZON - 60.0),  # reached after the end: not reached
        _incident("town", 2.0),
        _incident("town", 4.0),
    ]
    kpis = area_kpis(sectors, incidents, HORIZON, TARGET)
    assert kpis["patrol.response_mean_highland_min"] == pytest.approx(15.0)  # (10 + 20) / 2
    assert kpis["patrol.within_target_share_highland"] == pytest.approx(1 / 4)  # only 10 min
    assert kpis["patrol.response_mean_lowland_min"] == pytest.approx(3.0)
    assert kpis["patrol.within_target_share_lowland"] == 1.0
    assert kpis["patrol.kecamatan.highland.hill.response_mean_min"] == pytest.approx(15.0)
    assert kpis["patrol.kecamatan.lowland.town.response_mean_min"] == pytest.approx(3.0)


def test_no_highland_is_nan_never_zero():
    kpis = area_kpis([_sector("town", "lowland")], [_incident("town", 2.0)], HORIZON, TARGET)
    assert math.isnan(kpis["patrol.response_mean_highland_min"])
    assert math.isnan(kpis["patrol.within_target_share_highland"])
    assert [k for k in kpis if split_kecamatan(k)] == [
        "patrol.kecamatan.lowland.town.response_mean_min"
    ]


def test_kecamatan_family_reads_as_its_base_kpi():
    installed()
    name = kecamatan_kpi("patrol", "highland", "tosari", "response_mean_min")
    assert split_kecamatan(name) == ("highland", "tosari", "patrol.response_mean_min")
    kpi = describe(name)
    assert (kpi.unit, kpi.better, kpi.part_of) == ("min", "lower", "patrol.response_mean_min")
    assert "tosari" in kpi.en and "dataran tinggi" in kpi.id
    # A breakdown shows, but decides only when named: never counted twice.
    assert role("patrol.response_mean_highland_min") == "info"
    assert role("patrol.response_mean_highland_min", named=True) == "service"


HILLS = """
schema_version: 1
metadata: {name: hills, title: Hills, region: test, date: 2024-11-27, horizon: 4 h}
geography:
  sectors:
    - {id: town, name: Town, lat: -7.6, lng: 112.7, area_km2: 4, police: p}
    - {id: hill, name: Hill, terrain: highland, lat: -7.8, lng: 112.7, area_km2: 4, police: p}
  sites:
    - {id: hq, name: HQ, kind: police_hq, sector: town, lat: -7.6, lng: 112.7}
    - {id: post, name: Post, kind: polsek, sector: hill, lat: -7.8, lng: 112.7}
  roads:
    speeds_kmh: {road: {lowland: 40, highland: 20}}
    local: {lowland: 30, highland: 15}
    edges: [{a: town, b: hill, km: 20, road: road}]
forces:
  commands: [{id: p, name: P, hq: hq, pool: p}]
  pools:
    - {id: p, name: P, kind: polri, officers: 100}
    - {id: l, name: L, kind: linmas, officers: 0}
  unit_types: [{id: car, name: Car, kind: sabhara_car, officers: 2, pool: p}]
incidents:
  types:
    - {id: call, name: Call, severity: 2, on_scene: {distribution: exponential, mean: 10 min}}
  generators: [{type: call, basis: sector, rate_per_hour: 0.5}]
strategies:
  town:
    name: All in town
    tps_guard: {kurang_rawan: 0-1-0, rawan: 0-1-0, sangat_rawan: 0-1-0, linmas_pool: l}
    mobile: [{unit_type: car, count: 5, stations: [hq]}]
  hill:
    name: All to the hill
    tps_guard: {kurang_rawan: 0-1-0, rawan: 0-1-0, sangat_rawan: 0-1-0, linmas_pool: l}
    mobile: [{unit_type: car, count: 5, stations: [post]}]
"""


@pytest.fixture(scope="module")
def hills(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hills")
    (folder / "hills.yaml").write_text(HILLS, encoding="utf-8")
    result = compare(folder / "hills.yaml", replications=5, executor="serial", out=folder / "out")
    return result, folder / "out"


def test_moving_cars_uphill_shows_in_the_kecamatan_table(hills):
    result, out = hills
    table = pd.read_csv(out / "by_kecamatan.csv", keep_default_na=True)
    written = table.assign(verdict=table["verdict"].fillna(""))
    pd.testing.assert_frame_equal(written, result.by_kecamatan)
    moved = table[table["strategy"] == "hill"].set_index("kecamatan")
    assert moved.loc["hill", "terrain"] == "highland"
    assert moved.loc["hill", "difference_ci_high"] < 0 and moved.loc["hill", "verdict"] == "better"
    assert moved.loc["town", "difference_ci_low"] > 0 and moved.loc["town", "verdict"] == "worse"
    # The paired difference is strategy minus baseline on the same replications.
    runs = result.runs.set_index(["strategy", "replication"])
    column = "patrol.kecamatan.highland.hill.response_mean_min"
    diff = (runs.loc["hill"][column] - runs.loc["town"][column]).mean()
    assert moved.loc["hill", "difference"] == pytest.approx(diff)
    # The summary keeps its KPIs; the family is tabulated by kecamatan only.
    assert not any(split_kecamatan(k) for k in result.summary["kpi"])
    assert "patrol.response_mean_highland_min" in set(result.summary["kpi"])


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("highland vs lowland", "by kecamatan", "hill (highland)", "lower", "higher")),
        ("id", ("dataran tinggi vs rendah", "per kecamatan", "hill (dataran tinggi)", "lebih")),
    ],
)
def test_briefing_says_highland_faster_lowland_slower(hills, lang, words):
    _, out = hills
    experiment = ExperimentFolder(out)
    verdict = decide(experiment)
    text = _story_text(area_pages(experiment, verdict, Text(lang)))
    for word in words:
        assert word in text
    side = {"en": ("lower", "higher"), "id": ("lebih rendah", "lebih tinggi")}[lang]
    hill_phrase = "hill (highland)" if lang == "en" else "hill (dataran tinggi)"
    town_phrase = "town (lowland)" if lang == "en" else "town (dataran rendah)"
    assert re.search(re.escape(hill_phrase) + r" [\d.,]+ (min|menit) " + side[0], text)
    assert re.search(re.escape(town_phrase) + r" [\d.,]+ (min|menit) " + side[1], text)
    assert not re.search(r"\de[+-]?\d", text)  # no scientific notation


def test_the_terminal_summarises_the_per_kecamatan_kpis_that_the_folder_keeps(tmp_path, capsys):
    import json

    from simulation.cli import main

    assert main(["run", "--out", str(tmp_path / "run")]) == 0
    out = capsys.readouterr().out
    kept = json.loads((tmp_path / "run" / "kpis.json").read_text())
    kept = kept.get("kpis", kept)
    family = [k for k in kept if split_kecamatan(k) is not None]
    assert family and "patrol.kecamatan." not in out
    assert f"(+ {len(family)} per-kecamatan KPIs in kpis.json)" in out
    assert "patrol.response_mean_highland_min" in out
