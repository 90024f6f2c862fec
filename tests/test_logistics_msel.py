"""MSEL injects on ballot-logistics convoys: holds by hand, contingencies at the exact instant,
located errors for bad convoy ids and names, and the bundled logistics scenario's MSEL."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.cli import main
from simulation.core.drill import Drill, DrillResult, run_drill
from simulation.geography import load_scenario
from simulation.logistics.weather import SpeedProfile
from simulation.scenario import ScenarioError
from simulation.scenario.bundled import bundled_dir
from simulation.scenario.units import parse_clock
from tests.logistics_cases import tiny

# The tiny case with a second kecamatan: gamma lies 30 km west of the warehouse as beta lies
# 30 km east, each with one PPS of 4 TPS. Two trucks, one dock: beta loads 08:00-08:08, leaves
# 08:08, arrives 08:38, unloads until 08:42; gamma loads 08:08-08:16, arrives 08:46, done 08:50.
EAST_WEST = (("beta", 0.3), ("gamma", -0.3))
TWO = {
    "geography.sectors": [
        {"id": "alpha", "name": "Alpha", "lat": 0.0, "lng": 0.0, "area_km2": 10}
        | {"police": "polres"},
        *(
            {"id": s, "name": s.title(), "lat": 0.0, "lng": lng, "area_km2": 10}
            | {"police": "polres", "tps": {"kurang_rawan": 4}}
            for s, lng in EAST_WEST
        ),
    ],
    "geography.roads.edges": [
        {"a": "alpha", "b": s, "km": 30, "road": "arterial"} for s, _ in EAST_WEST
    ],
    "logistics.legs.warehouse_ppk.fleet": 2,
    "logistics.waves": [{"sectors": ["beta", "gamma"], "window": ["H-1 08:00", "H-1 12:00"]}],
    "logistics.pps": [
        {"id": f"desa_{s}", "name": s, "sector": s, "lat": 0.0, "lng": lng}
        | {"tps": 4, "km": 5, "tps_km": 3}
        for s, lng in EAST_WEST
    ],
}


def _inject(number: str, time: str, **fields: Any) -> dict[str, Any]:
    return {"number": number, "time": time, "event": f"inject {number}", **fields}


def _hold(number: str, time: str, convoy: str, by: str) -> dict[str, Any]:
    return _inject(number, time, action={"delay_convoy": {"convoy": convoy, "by": by}})


def _drill(*injects: dict[str, Any], **overrides: Any) -> tuple[Drill, DrillResult]:
    drill = Drill(tiny({**TWO, **overrides, "msel": {"injects": list(injects)}}), "quiet", 0)
    return drill, drill.run()


def _at(drill: Drill, clock: str) -> float:
    return drill.clock.at(parse_clock(clock))


def _trucks(result: DrillResult) -> dict[str, dict[str, Any]]:
    return {t["convoy"]: t for t in result.tables["logistics_trips"] if t["leg"] == "truck"}


def _hours(clock: str) -> float:
    """Hours from 00:00 of hari H, as logistics_trips.csv writes them."""
    return round(parse_clock(clock) / 3600.0, 4)


@pytest.mark.parametrize(
    ("time", "by", "dispatch", "arrive", "response"),
    [
        # On the road 12 of 30 min: stands still 08:20-10:20, drives the other 18 min.
        ("H-1 08:20", "2 h", "H-1 08:08", "H-1 10:38", "all kits at PPK H-1 10:42"),
        # Still loading at 08:04 (done 08:08): leaves when the hold ends at 09:04.
        ("H-1 08:04", "1 h", "H-1 09:04", "H-1 09:34", "all kits at PPK H-1 09:38"),
        # Already unloaded at the PPK at 08:42: nothing changes.
        ("H-1 09:00", "3 h", "H-1 08:08", "H-1 08:38", "already at PPK (H-1 08:42): no effect"),
    ],
)
def test_a_hold_delays_exactly_that_convoy_by_hand(
    time: str, by: str, dispatch: str, arrive: str, response: str
) -> None:
    _, result = _drill(_hold("1", time, "beta", by))
    trucks = _trucks(result)
    assert trucks["beta"]["dispatch_h"] == _hours(dispatch)
    assert trucks["beta"]["arrive_h"] == _hours(arrive)
    assert trucks["gamma"]["dispatch_h"] == _hours("H-1 08:16")  # the other convoy is untouched
    assert trucks["gamma"]["arrive_h"] == _hours("H-1 08:46")
    (row,) = result.tables["msel"]
    assert row["fired_at"] == time and row["response"] == f"convoy beta {response}"
    pickups = [t for t in result.tables["logistics_trips"] if t["leg"] == "pickup"]
    assert {t["convoy"] for t in pickups} == {""}  # PPK pickups belong to no convoy


def test_unheld_run_matches_the_hand_computation() -> None:
    _, result = _drill()
    trucks = _trucks(result)
    assert (trucks["beta"]["dispatch_h"], trucks["beta"]["arrive_h"]) == (
        _hours("H-1 08:08"),
        _hours("H-1 08:38"),
    )


def _fired(drill: Drill, number: str) -> float | None:
    """When inject `number` fired, to the millisecond (travel times carry float dust)."""
    fired = drill.component("msel").runner.outcomes[number].fired_s  # type: ignore[union-attr]
    return None if fired is None else round(fired, 3)


def _when(number: str, condition: str, until: str | None = None) -> dict[str, Any]:
    fields = {"trigger": "contingency", "condition": condition}
    return _inject(number, "H-1 06:00", **fields, **({"until": until} if until else {}))


def test_contingencies_fire_at_the_instant_the_convoy_state_changes() -> None:
    conditions = [
        _when("left", "convoy.beta.dispatched"),
        _when("in", "convoy.beta.delivered == true"),
        _when("other", "convoy.gamma.delivered"),
        _when("late", "convoy.beta.overdue"),
        _when("half", "logistics.ready_share >= 0.5"),
        _when("tps", "convoy.beta.late_tps > 0 or logistics.late_tps > 0"),
    ]
    drill, _ = _drill(*conditions)
    fired = {c["number"]: _fired(drill, c["number"]) for c in conditions}
    assert fired == {
        "left": _at(drill, "H-1 08:08"),
        "in": _at(drill, "H-1 08:42"),
        "other": _at(drill, "H-1 08:50"),
        "late": None,  # in by 08:42, planned by 12:00
        # 8 TPS; at each PPS one desk from 13:00, 5 min a kit, 6 min to the TPS: the second
        # kit of each PPS is at its TPS at 13:16, making 4 of 8.
        "half": _at(drill, "H-1 13:16"),
        "tps": None,  # every TPS ready before 07:00
    }
    # Held 08:20 for 30 h: beta misses its planned 12:00 and all 4 TPS miss the 07:00 deadline.
    drill, result = _drill(_hold("h", "H-1 08:20", "beta", "30 h"), *conditions)
    assert _fired(drill, "in") == _at(drill, "H 14:42")
    assert _fired(drill, "other") == _at(drill, "H-1 08:50")
    assert _fired(drill, "late") == _at(drill, "H-1 12:00")
    assert _fired(drill, "tps") == _at(drill, "07:00")
    assert drill.state.get("convoy.beta.late_tps") == 4.0
    assert drill.state.get("logistics.late_tps") == 4.0
    assert result.kpis["logistics.late_tps"] == 4.0  # the published count is the KPI's


def test_a_stuck_convoy_fires_its_contingency_when_it_sticks() -> None:
    """Beta in the highlands under certain rain: its truck sticks on a slope, freed by hand."""
    drill, result = _drill(
        _when("stuck", "convoy.beta.stuck"),
        _when("free", "convoy.beta.stuck == false and convoy.beta.dispatched"),
        **{
            "geography.sectors[1].terrain": "highland",
            "logistics.rain": [
                {
                    "id": "storm",
                    "days": ["H-1"],
                    "probability": 1,
                    "intensity_mm_h": 50,
                    "window": ["20:00", "21:00"],
                    "slowdown_per_mm_h": 0,
                    "assumption": "rain that night; the slopes are wet all day",
                }
            ],
            "logistics.stuck": {
                "slopes": 1,
                "per_mm_h": 100,
                "pull_out": "30 min",
                "by_hand": "90 min",
            },
        },
    )
    legs = {t["trip"]: t["leg"] for t in result.tables["logistics_trips"]}
    stuck = [e for e in result.events if e.kind == "logistics.stuck"]
    assert [legs[e.fields["trip"]] for e in stuck] == ["truck", "pickup"]
    assert _fired(drill, "stuck") == round(stuck[0].t, 3)  # a pickup is no convoy
    assert _fired(drill, "free") == _at(drill, "H-1 08:08")  # dispatched, not stuck yet
    assert drill.state.get("convoy.beta.stuck") is False


def _scenario(tmp_path: Path, injects: list[str]) -> Path:
    path = tmp_path / "drill.yaml"
    path.write_text(
        f"schema_version: 1\nbase: {bundled_dir() / 'pasuruan_logistik_2024.yaml'}\n"
        "metadata:\n  name: test_logistics_msel\nmsel:\n  injects:\n" + "\n".join(injects) + "\n",
        encoding="utf-8",
    )
    return path


def test_bad_convoy_ids_and_names_are_located_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        "    - {number: X1, time: 'H-1 11:30', event: e,"
        " action: {delay_convoy: {convoy: puspoo, by: 1 h}}}",
        "    - number: X2",
        "      time: 'H-1 07:00'",
        "      event: e",
        "      trigger: contingency",
        "      condition: convoy.puspo.stuk or convoy.tosar.stuck or logistics.ready > 0.5",
    ]
    path = _scenario(tmp_path, lines)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    first = 7  # lines before the injects
    found = [str(p) for p in info.value.problems]
    assert len(found) == 2  # a condition reports its first unknown name
    condition = lines[5]
    convoy_at = f"{path}:{first}:{lines[0].index('convoy: puspoo') + 1}"
    assert found[0].startswith(f"{convoy_at}: msel.injects[0].action.delay_convoy.convoy:")
    assert "unknown convoy 'puspoo' (did you mean 'puspo'?)" in found[0]
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f":{first + 5}:{condition.index('stuk') + 1}: msel.injects[1].condition:" in err
    assert "'convoy.puspo' has no quantity 'stuk'" in err
    assert "Traceback" not in err and not out.exists()
    # fixed one by one, the next unknown names are located in turn
    for bad, good, message in (
        ("stuk", "stuck", "unknown object 'convoy.tosar' (did you mean 'convoy.tosari'?)"),
        (
            "tosar.",
            "tosari.",
            "'logistics' has no quantity 'ready' (it has: late_tps, ready_share)",
        ),
    ):
        lines[5] = lines[5].replace(bad, good)
        lines[0] = lines[0].replace("puspoo", "puspo")
        with pytest.raises(ScenarioError, match=re.escape(message)):
            load_scenario(_scenario(tmp_path, lines))


def test_bundled_logistics_scenario_runs_its_msel(tmp_path: Path) -> None:
    out = tmp_path / "run"
    dry = ["--set", "logistics.rain=[]"]  # the hold alone, not the afternoon rain it may meet
    assert main(["run", "pasuruan_logistik_2024", "--seed", "1", *dry, "--out", str(out)]) == 0
    with (out / "msel.csv").open(encoding="utf-8") as f:
        msel = {row["number"]: row for row in csv.DictReader(f)}
    assert {"L1", "L2", "L3", "L4", "L5", "L6"} <= set(msel) and "1" in msel  # + base MSEL
    assert (msel["L1"]["fired"], msel["L1"]["fired_at"]) == ("yes", "H-1 11:30")
    assert msel["L1"]["response"].startswith("convoy puspo all kits at PPK")
    # The held Puspo convoy is still out at 13:00, which starts the 'lost ballots' rumour then.
    assert (msel["L3"]["fired"], msel["L3"]["fired_at"]) == ("yes", "H-1 13:00")
    with (out / "logistics_trips.csv").open(encoding="utf-8") as f:
        held = [float(r["arrive_h"]) for r in csv.DictReader(f) if r["convoy"] == "puspo"]
    spec = load_scenario("pasuruan_logistik_2024", {"logistics.rain": []})
    free = spec.model_copy(update={"msel": None})
    free_trips = run_drill(free, "statis", 1).tables["logistics_trips"]
    unheld = [t["arrive_h"] for t in free_trips if t["convoy"] == "puspo"]
    # A 2 h hold on the road, and on a dry day nothing else changes the drive.
    assert [h - u for h, u in zip(held, unheld, strict=True)] == pytest.approx([2.0], abs=1e-3)


def test_condition_names_are_listed_for_scenario_writers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["msel", "names", "pasuruan_logistik_2024"]) == 0
    names = capsys.readouterr().out.splitlines()
    assert {"convoy.puspo.stuck", "convoy.purwodadi.late_tps", "logistics.ready_share"} <= set(
        names
    )
    assert len([n for n in names if n.startswith("convoy.")]) == 24 * 5


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 20000), st.floats(1, 5000), st.floats(0, 1)), max_size=5),
    st.floats(0, 20000),
    st.floats(0, 8000),
)
def test_covered_inverts_traverse(rain, t0, base) -> None:
    """A vehicle stopped mid-way resumes with exactly the dry-road seconds it had left."""
    profile = SpeedProfile()
    for start, length, speed in rain:
        profile.add(start, start + length, speed)
    assert profile.covered(t0, profile.traverse(t0, base)) == pytest.approx(base, abs=1e-6)
