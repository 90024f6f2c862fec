"""Information threats inside a drill: counter-measure coupling, grievance and its incidents."""

import pytest

from simulation.core.drill import Drill, run_drill
from simulation.geography import load_scenario

DETECTION = "strategies.statis.information.cyber_patrol.detection_delay"


@pytest.fixture(scope="module")
def voting_day():
    return load_scenario("pasuruan_pilkada_2024")


def _reach(detection: str, seed: int) -> dict[str, float]:
    spec = load_scenario("pasuruan_pilkada_2024", {DETECTION: detection})
    drill = Drill(spec, "statis", seed)
    drill.run()
    threats = drill.component("information")
    n, reached = len(threats.sector_ids), threats.spreads.reached
    return {
        f"{hoax}.{sector}": float(count)
        for hoax, run in threats.running.items()
        for sector, count in zip(threats.sector_ids, reached[run.nodes][:n], strict=True)
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_earlier_detection_and_takedown_never_reach_more_people(seed: int) -> None:
    early, late = _reach("20 min", seed), _reach("3 h", seed)
    assert early.keys() == late.keys()
    assert all(early[k] <= late[k] for k in early)  # every hoax, every kecamatan
    assert sum(early.values()) < sum(late.values())  # and it matters


def test_hoax_kpis_and_timeline(voting_day) -> None:
    result = run_drill(voting_day, "statis", 1)
    rows = {r["hoax"]: r for r in result.tables["hoaxes"]}
    assert set(rows) == {
        "logistik_hilang",
        "surat_suara_tercoblos",
        "kampanye_hitam_sara",
        "kpu_curang",
    }
    patrol = voting_day.strategies["statis"].information.cyber_patrol
    for row in rows.values():
        # One team, hoaxes hours apart: detection, then the request, then removal.
        assert row["detection_min"] == patrol.detection_delay / 60
        assert row["takedown_min"] == (patrol.detection_delay + patrol.takedown_time) / 60
        assert row["clarification_min"] == row["detection_min"] + 120  # KPU, 2 h after
        assert 0 < row["reach_share"] <= 1
    assert result.kpis["information.reach_share_max"] == max(
        r["reach_share"] for r in rows.values()
    )
    series = result.series["information.kpu_curang.reach"]
    assert [v for _, v in series] == sorted(v for _, v in series)  # reach never falls


def test_grievance_adds_attributable_incidents() -> None:
    quiet = load_scenario("pasuruan_pilkada_2024", {"information.incident_gain": 0})
    calm = run_drill(quiet, "statis", 3)
    assert calm.kpis["information.incidents"] == 0
    loud = load_scenario("pasuruan_pilkada_2024", {"information.incident_gain": 200})
    result = run_drill(loud, "statis", 3)
    caused = [r for r in result.tables["incidents"] if r["cause"] == "information"]
    assert len(caused) == result.kpis["information.incidents"] > 0
    assert {r["type"] for r in caused} <= {"hoax_gathering", "supporter_clash"}
    base = [r for r in result.tables["incidents"] if r["cause"] == "base"]
    calm_base = [r for r in calm.tables["incidents"] if r["cause"] == "base"]
    assert len(base) == len(calm_base)  # base incidents are common random numbers


def test_standing_grievance_is_published_from_the_start(voting_day) -> None:
    drill = Drill(voting_day, "statis", 1)
    for component in drill.components:
        component.start(drill)
    assert drill.state.get("sector.gempol.grievance") == pytest.approx(0.05)
    assert drill.state.get("sector.bangil.grievance") == pytest.approx(0.03)
    assert drill.state.get("sector.tosari.grievance") == 0.0
    threats = drill.component("information")
    assert threats.turnout_factor("gempol") == pytest.approx(1 + 0.5 * 0.05)


def test_run_folder_gets_a_hoax_chart_only_when_hoaxes_spread(tmp_path) -> None:
    from simulation.reports.catalogue import save_run_charts
    from simulation.results import write_run

    spec = load_scenario("pasuruan_rekap_2024")
    charts = [lambda d: save_run_charts(d, "en", ("png", "svg"))]
    folder = write_run(run_drill(spec, "statis", 1), tmp_path / "rekap", extra=charts)
    assert (folder / "hoaxes.png").stat().st_size > 0
    assert (folder / "hoaxes.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    quiet = spec.model_copy(update={"msel": None})
    folder = write_run(run_drill(quiet, "statis", 1), tmp_path / "quiet", extra=[save_run_charts])
    assert not (folder / "hoaxes.png").exists()


def test_the_reach_a_step_publishes_is_the_batch_s_count_of_the_kecamatan(voting_day) -> None:
    # The component keeps each hoax's people reached as steps add them; at every step it must
    # be what counting the batch's kecamatan nodes gives (accounts left out), to the bit.
    drill = Drill(voting_day, "statis", 2)
    threats = drill.component("information")
    counted: list[tuple[float, float]] = []
    step = threats._spread

    def checked(now: float) -> None:
        step(now)
        n, reached = len(threats.sector_ids), threats.spreads.reached
        for hoax, run in threats.running.items():
            if run.started < now:  # stepped (a hoax posted now publishes from its next step)
                published = drill.state.get(f"hoax.{hoax}.reach")
                counted.append((published, float(reached[run.nodes][:n].sum() / threats._online)))

    threats._spread = checked
    drill.run()
    assert len(counted) > 100 and all(mine == count for mine, count in counted)


def test_belief_fades_after_a_clarification_and_only_then(voting_day) -> None:
    drill = Drill(voting_day, "statis", 1)
    drill.run()
    threats = drill.component("information")
    n, reached = len(threats.sector_ids), threats.spreads.reached
    for run in threats.running.values():
        believing, reach = threats._believers[run.index].sum(), reached[run.nodes][:n].sum()
        assert believing < reach if run.clarified else believing == reach, run.hoax.id
    assert any(run.clarified for run in threats.running.values())
