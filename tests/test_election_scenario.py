"""The bundled election-period scenario: valid, and every day of it has its scenes."""

from __future__ import annotations

import math

import pytest

from simulation.cli import main
from simulation.core.drill import DrillResult, run_drill
from simulation.election.days import DAY, day_label
from simulation.geography import load_scenario
from simulation.reports.aar import _day_rows
from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Text
from simulation.results import write_run

NAME = "pasuruan_periode_pilkada_2024"

# what must happen on each day of the calendar (event kinds of the drill's log)
SCENES = {
    "H-4": {"election.rally", "election.escort", "election.escort_arrived"},
    "H-3": {"election.props", "election.props_cleared"},
    "H-2": {"patrol.incident"},
    "H-1": {"patrol.incident", "msel.inject"},
    "H": {"patrol.guard", "msel.inject", "election.boxes_at_ppk"},
    "H+1": {"election.ppk_pleno_done", "election.boxes_at_kpu"},
    "H+7": {
        "election.recap_open",
        "election.recap_done",
        "election.march",
        "election.road_closed",
        "election.perkap7_warning",
        "election.perkap7_dispersal",
    },
}


@pytest.fixture(scope="module")
def drill() -> DrillResult:
    return run_drill(load_scenario(NAME), "rotasi", seed=1)


def test_the_scenario_validates():
    assert main(["validate", NAME]) == 0


def test_every_day_has_its_scenes(drill: DrillResult):
    start = drill.clock.start
    kinds: dict[str, set[str]] = {}
    for event in drill.events:
        day = day_label(math.floor((start + event.t) / DAY))
        kinds.setdefault(day, set()).add(event.kind)
    for day, wanted in SCENES.items():
        assert wanted <= kinds.get(day, set()), (day, wanted - kinds.get(day, set()))
    assert list(kinds) == ["H-4", "H-3", "H-2", "H-1", "H", *(f"H+{k}" for k in range(1, 8))]


def test_each_day_is_reported_with_its_phase_and_duty_hours(drill: DrillResult):
    days = drill.tables["election_days"]
    assert days[0]["day"] == "H-4" and days[-1]["day"] == "H+7"
    assert days[0]["date"] == "2024-11-23" and days[-1]["date"] == "2024-12-04"
    assert all(d["phase"] and d["officer_hours_on_shift"] > 0 for d in days)
    assert "Masa tenang" in days[1]["phase"] and "Rekapitulasi KPU" in days[-1]["phase"]


def test_every_scene_gives_its_kpis(drill: DrillResult):
    k = drill.kpis
    assert k["election.props_cleared_share"] == 1.0
    assert k["election.boxes_at_kpu_share"] + k["election.boxes_lost"] / 2338 == 1.0
    assert k["election.dispersal_orders"] == 1.0 and k["election.after_hours_min"] > 0
    assert not math.isnan(k["election.recap_h"]) and k["election.rally_cover_share"] > 0


@pytest.mark.parametrize(("lang", "scene"), [("en", "campaign rally"), ("id", "penurunan APK")])
def test_the_aar_reads_the_drill_day_by_day(drill: DrillResult, tmp_path, lang: str, scene: str):
    folder = write_run(drill, tmp_path / "run")
    rows = _day_rows(DrillFolder(folder), Text(lang))
    assert [r[0] for r in rows] == [d["day"] for d in drill.tables["election_days"]]
    assert any(scene in r[5] for r in rows)
    assert "long march" in rows[-1][5] or "march" in rows[-1][5]
