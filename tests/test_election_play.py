"""Orders and MSEL injects on the election-period scenes, on hand-computed cases.

The line drill (tests/test_election.py): hq sits at sector a; a-b is 10 km and b-c 20 km at
40 km/h (15 and 30 min by car); it starts at 08:00 (t = 0). One car, car#1@hq, in ``one_car``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulation.cli import main
from simulation.core.drill import Drill
from simulation.election.plugin import PLUGIN
from simulation.geography import load_scenario
from simulation.play.decisions import load_decisions
from simulation.play.session import Session, replay
from simulation.play.views import players_view
from simulation.reports.labels import Text
from tests.test_dispatcher import LINE
from tests.test_election import CALENDAR, PERKAP7, SITES, H, boxes, demo, escort, props

MIN = 60.0
CAR = "car#1@hq"
TPS = {  # b and c get TPS (and so APK): 12 and 6
    "geography.sectors[1].tps": {"kurang_rawan": 12, "rawan": 0, "sangat_rawan": 0},
    "geography.sectors[2].tps": {"kurang_rawan": 6, "rawan": 0, "sangat_rawan": 0},
}


def session(election: dict, strategy: str = "one_car", **more: object) -> Session:
    overrides = {"metadata.horizon": "40 h", "election": {"calendar": CALENDAR, **election}}
    overrides.update(more)  # type: ignore[arg-type]
    return Session(load_scenario(LINE, overrides), strategy, 0)


def at(s: Session, clock_h: float) -> None:
    """Advance to clock hour ``clock_h`` of hari H (08:00 is t = 0)."""
    s.advance((clock_h - 8.0) * H)


def events(s: Session, kind: str) -> list[float]:
    return [e.t for e in s.drill.events if e.kind == kind]


def replays_bit_for_bit(s: Session, folder: Path) -> None:
    """The session's decision log, saved and replayed headless, gives the same drill."""
    played = s.finish()
    (folder / "decisions.yaml").write_text(s.decisions_yaml())
    log = load_decisions(folder / "decisions.yaml")
    again = replay(Session(s.scenario, log.strategy, log.seed), log).finish()
    assert [(e.t, e.kind, e.fields) for e in again.events] == [
        (e.t, e.kind, e.fields) for e in played.events
    ]
    assert repr(again.kpis) == repr(played.kpis)  # nan included


# --- escort_paslon -------------------------------------------------------------------------------

NEVER_ESCORTED = {
    "probability": 1.0,
    "escorted_factor": 0.0,
    "incident_type": "minor",
    "hold": "20 min",
}


def test_a_named_escort_spares_the_convoy_its_block():
    # one_car has no Brimob: the planned escort never comes and the convoy is blocked
    bare = session({"escorts": [escort(threat=NEVER_ESCORTED)]})
    kpis = bare.finish().kpis
    assert (kpis["election.escorts_unescorted"], kpis["election.escorts_blocked"]) == (1.0, 1.0)
    s = session({"escorts": [escort(threat=NEVER_ESCORTED)]})
    at(s, 8.5)
    assert s.order("escort_paslon", {"escort": "kawal", "unit": CAR}, "Kabag Ops").accepted
    result = s.finish()
    k = result.kpis
    assert (k["election.escorts_unescorted"], k["election.escorts_blocked"]) == (0.0, 0.0)
    # the car is at hq, the start: departs 09:00, 30 km at half of 40 km/h = 90 min
    arrived = next(e.t for e in result.events if e.kind == "election.escort_arrived")
    assert arrived == pytest.approx(1 * H + 90 * MIN)
    assert k["election.escort_delay_mean_min"] == pytest.approx(0.0, abs=1e-9)


def test_escort_paslon_is_refused_when_it_cannot_be_done():
    s = session({"escorts": [escort(threat=NEVER_ESCORTED)], "marches": [], "perkap7": PERKAP7})
    at(s, 8.5)
    s.drill.order("dispatch_unit", {"unit": CAR, "to": "b"})
    busy = s.order("escort_paslon", {"escort": "kawal", "unit": CAR})
    assert not busy.accepted and busy.reason.startswith(f"{CAR} is busy (order: dispatch_unit")
    s.drill.order("recall_unit", {"unit": CAR})
    at(s, 9.5)
    late = s.order("escort_paslon", {"escort": "kawal", "unit": CAR})
    assert late.reason == "the convoy kawal has already formed its escort"
    assert s.drill.order("escort_paslon", {"escort": "aksi", "unit": CAR}) == (
        "aksi is not a candidate convoy"
    )
    assert s.refusals and len(s.log.decisions) == 2  # refusals are logged; drill.order is not


def test_an_escort_order_replays_bit_for_bit(tmp_path: Path):
    s = session({"escorts": [escort(threat=NEVER_ESCORTED)]})
    at(s, 8.5)
    s.order("escort_paslon", {"escort": "kawal", "unit": CAR}, "Kabag Ops")
    replays_bit_for_bit(s, tmp_path)


# --- guard_ppk -----------------------------------------------------------------------------------

SURE_THEFT = {"probability": 1.0, "escorted_factor": 0.0, "incident_type": "minor"}
NO_CAR = {"strategies.one_car.mobile": []}


def test_a_guarded_ppk_sends_its_boxes_up_unattacked(tmp_path: Path):
    theft = SURE_THEFT | {"recover_within": "30 min"}
    bare = session({"ballot_return": boxes(theft=theft)}, **SITES).finish().kpis
    assert bare["election.box_thefts"] == 1.0
    s = session({"ballot_return": boxes(theft=theft)}, **SITES)
    at(s, 12.0)
    assert s.order("guard_ppk", {"at": "a", "unit": CAR}).accepted
    k = s.finish().kpis
    # guarded: chance x 0; the pleno 20:00-23:00 and 45 min to the warehouse, as unguarded
    assert (k["election.box_thefts"], k["election.boxes_lost"]) == (0.0, 0.0)
    assert k["election.boxes_last_at_kpu_h"] == pytest.approx(3.75)
    heard = [r for r in players_view(s)["reports"] if r["kind"] == "election.ppk_guarded"]
    assert [(r["sector"], r["unit"]) for r in heard] == [("a", CAR)]  # the players hear it
    replays_bit_for_bit(s, tmp_path)


def test_the_boxes_wait_for_a_guard_still_on_its_way():
    # c: 6 TPS at 6 an hour, pleno 20:00-21:00; the car posted at 20:30 drives 30 km from hq
    # (45 min) and is there at 21:15: the boxes leave 15 min later than without a guard
    plan = {"ballot_return": boxes(sectors=["c"])}
    bare = session(plan, **SITES, **TPS)
    bare.finish()
    s = session(plan, **SITES, **TPS)
    at(s, 20.5)
    assert s.order("guard_ppk", {"at": "c", "unit": CAR}).accepted
    s.finish()
    (late,), (plan_t,) = events(s, "election.boxes_at_kpu"), events(bare, "election.boxes_at_kpu")
    assert late - plan_t == pytest.approx(15 * MIN)


def test_guard_ppk_is_refused_when_it_cannot_be_done():
    theft = SURE_THEFT | {"recover_within": "30 min"}
    s = session({"ballot_return": boxes(theft=theft)}, **SITES)
    at(s, 12.0)
    assert s.order("guard_ppk", {"at": "b", "unit": CAR}).reason == (
        "no ballot boxes go up from b in this drill"
    )
    assert s.order("guard_ppk", {"at": "a", "unit": CAR}).accepted
    assert s.order("guard_ppk", {"at": "a", "unit": CAR}).reason == (
        f"the PPK of a is already guarded by {CAR}"
    )
    late = session({"ballot_return": boxes(theft=theft)}, **SITES)
    at(late, 23.5)
    assert late.order("guard_ppk", {"at": "a", "unit": CAR}).reason == (
        "the boxes of a have already left the PPK"
    )
    none = session({}, **SITES)
    assert none.drill.order("guard_ppk", {"at": "a", "unit": CAR}) == (
        "no ballot boxes go up in this drill"
    )


# --- prioritise_props ----------------------------------------------------------------------------


def cleared(s: Session) -> dict[str, float]:
    return {
        e.fields["sector"]: e.t / H + 8
        for e in s.drill.events
        if e.kind == "election.props_cleared"
    }


def test_the_teams_take_a_prioritised_kecamatan_next(tmp_path: Path):
    # one team from 09:00, 60 props an hour: a 180 props (3 h), b 120 (2 h), c 60 (1 h)
    plan = {"props": props(sectors=["a", "b", "c"])}
    s = session(plan, **TPS)
    s.finish()
    assert cleared(s) == {"a": 12.0, "b": 14.0, "c": 15.0}
    waiting = session(plan, **TPS)
    at(waiting, 9.5)  # a at work, b and c waiting: c goes before b
    assert waiting.order("prioritise_props", {"at": "c"}).accepted
    waiting.finish()
    assert cleared(waiting) == {"a": 12.0, "c": 13.0, "b": 15.0}
    early = session(plan, **TPS)
    at(early, 8.5)  # before the start: c first of all
    assert early.order("prioritise_props", {"at": "c"}).accepted
    early.finish()
    assert cleared(early) == {"c": 10.0, "a": 13.0, "b": 15.0}
    replays_bit_for_bit(early, tmp_path)


def test_prioritise_props_is_refused_when_it_cannot_be_done():
    s = session({"props": props(sectors=["a", "b"])}, **TPS)
    at(s, 9.5)
    assert s.order("prioritise_props", {"at": "a"}).reason == "a team is already at work in a"
    for _ in range(2):  # twice in one instant: b still waits its turn, nothing breaks
        assert s.order("prioritise_props", {"at": "b"}).accepted
    assert s.order("prioritise_props", {"at": "c"}).reason == "no APK removal is planned in c"
    at(s, 12.5)
    assert s.order("prioritise_props", {"at": "a"}).reason == "the APK in a are already removed"
    assert session({}).drill.order("prioritise_props", {"at": "a"}) == (
        "no APK removal in this drill"
    )


# --- disperse_march ------------------------------------------------------------------------------


def test_an_early_dispersal_order_shortens_the_stay_after_hours(tmp_path: Path):
    s = session(demo("17:00", "3 h"), strategy="with_brimob")
    at(s, 18 + 10 / 60)
    assert s.order("disperse_march", {"march": "aksi"}, "Kapolres").accepted
    again = s.order("disperse_march", {"march": "aksi"}, "Kapolres")  # the same instant
    assert again.reason == "the dispersal was ordered at 18:10"
    k = s.finish().kpis
    # warned 18:00, ordered 18:10 (not 18:30); 400 stay, two units clear 400 an hour: 19:10
    assert k["election.after_hours_min"] == pytest.approx(70.0)
    assert events(s, "election.perkap7_dispersal") == [pytest.approx((18 + 10 / 60 - 8) * H)]
    replays_bit_for_bit(s, tmp_path)


def test_disperse_march_is_refused_when_it_is_not_lawful_or_too_late():
    s = session(demo("17:00", "3 h"), strategy="with_brimob")
    at(s, 17.5)
    assert s.order("disperse_march", {"march": "aksi"}).reason == (
        "no warning yet: a demonstration is allowed 06:00-18:00 (Perkap 7/2012)"
    )
    at(s, 18.75)
    assert s.order("disperse_march", {"march": "aksi"}).reason == (
        "the dispersal was ordered at 18:30"
    )
    at(s, 19.75)
    assert s.order("disperse_march", {"march": "aksi"}).reason == "the crowd of march:aksi has gone"
    assert s.drill.order("disperse_march", {"march": "kawal"}) == "kawal is not a march"


def test_a_march_on_its_way_cannot_be_dispersed_at_its_destination():
    long = demo("17:00", "3 h")
    long["marches"][0] |= {"route": ["a", "c"], "start": "09:00"}
    s = session(
        long,
        **{
            "geography.roads.edges": [
                {"a": "a", "b": "b", "km": 10, "road": "arterial"},
                {"a": "b", "b": "c", "km": 20, "road": "arterial"},
                {"a": "a", "b": "c", "km": 30, "road": "arterial"},
            ]
        },
    )
    at(s, 10.0)
    assert s.order("disperse_march", {"march": "aksi"}).reason == (
        "the march aksi has not reached c yet"
    )


# --- MSEL injects --------------------------------------------------------------------------------


def inject(time: str, action: dict) -> dict:
    return {"msel": {"injects": [{"number": "1", "time": time, "event": "test", "action": action}]}}


def run(election: dict, time: str, action: dict, **more: object) -> Drill:
    overrides = {
        "metadata.horizon": "40 h",
        "election": {"calendar": CALENDAR, **election},
        **inject(time, action),
    }
    overrides.update(more)  # type: ignore[arg-type]
    d = Drill(load_scenario(LINE, overrides), "one_car", 0)
    d.run()
    return d


NO_THEFT = {
    "probability": 0.0,
    "escorted_factor": 1.0,
    "incident_type": "minor",
    "recover_within": "30 min",
}


def test_an_injected_theft_strikes_boxes_on_the_road_at_once():
    # pleno 20:00-23:00, on the road 23:00-23:45; snatched at 23:20, nobody can come: lost 23:50
    d = run(
        {"ballot_return": boxes(theft=NO_THEFT)},
        "23:20",
        {"steal_box": {"sector": "a"}},
        **SITES,
        **NO_CAR,
    )
    kinds = {e.kind: e.t for e in d.events if e.kind.startswith("election.box")}
    assert kinds["election.box_theft"] == pytest.approx((23 + 20 / 60 - 8) * H)
    assert kinds["election.boxes_lost"] == pytest.approx((23 + 50 / 60 - 8) * H)
    (row,) = d.component("msel").rows()  # type: ignore[union-attr]
    assert row["response"] == "boxes of a lost: 18 boxes"


def test_an_injected_theft_before_the_road_strikes_at_the_drawn_point():
    d = run(
        {"ballot_return": boxes(theft=NO_THEFT)}, "21:00", {"steal_box": {"sector": "a"}}, **SITES
    )
    (theft,) = [e.t for e in d.events if e.kind == "election.box_theft"]
    assert 15 * H < theft < 15.75 * H  # on the way, 23:00-23:45
    # the car at hq (in a) is there at once: recovered, and at the KPU at 23:45 as planned
    (kpu,) = [e.t for e in d.events if e.kind == "election.boxes_at_kpu"]
    assert kpu == pytest.approx(15.75 * H)


def test_an_injected_theft_after_the_boxes_are_in_does_nothing():
    d = run(
        {"ballot_return": boxes(theft=NO_THEFT)},
        "H+1 01:00",
        {"steal_box": {"sector": "a"}},
        **SITES,
    )
    assert not [e for e in d.events if e.kind == "election.box_theft"]
    (row,) = d.component("msel").rows()  # type: ignore[union-attr]
    assert row["response"] == "boxes of a already at the KPU (23:45): no effect"


def test_an_injected_prop_dispute_stops_the_team_until_the_police_come():
    # c: 60 props from 09:00 (1 h); a dispute at 09:30 waits for the car from hq, 30 km: 45 min
    plan = {"props": props(sectors=["c"])}
    d = run(plan, "09:30", {"prop_dispute": {"sector": "c"}}, **TPS)
    (done,) = [e.t for e in d.events if e.kind == "election.props_cleared"]
    assert done == pytest.approx(2.75 * H)  # 10:45 = 10:00 + 45 min
    before = run(plan, "08:30", {"prop_dispute": {"sector": "c"}}, **TPS)
    (early,) = [e.t for e in before.events if e.kind == "election.props_cleared"]
    assert early == pytest.approx(2.75 * H)  # the dispute meets the team at 09:00
    after = run(plan, "11:00", {"prop_dispute": {"sector": "c"}}, **TPS)
    assert not [e for e in after.events if e.kind == "election.incident"]


RALLY = {
    "id": "kampanye",
    "sector": "a",
    "start": "10:00",
    "duration": "2 h",
    "attendance": 1000,
    "incident_type": "minor",
    "incidents_per_10k_hour": 0,
    "police": {"unit_types": ["car"], "count": 1},
}


def test_an_injected_clash_is_a_disturbance_while_the_rally_is_on():
    d = run({"rallies": [RALLY]}, "11:00", {"rally_clash": {"rally": "kampanye"}})
    assert [e.t for e in d.events if e.kind == "election.incident"] == [3 * H]
    quiet = run({"rallies": [RALLY]}, "13:00", {"rally_clash": {"rally": "kampanye"}})
    assert not [e for e in quiet.events if e.kind == "election.incident"]


# --- bad injects ---------------------------------------------------------------------------------

BASE = """
election:
  calendar: [{id: hari_h, name: Hari H, from: "08:00"}]
  props:
    start: "09:00"
    within: 3 h
    teams: 1
    props_per_tps: 10
    per_team_hour: 60
    sectors: [a]
    dispute: {per_1000_props: 0, incident_type: minor}
msel:
  injects:
    - number: "1"
      time: "10:00"
      event: Bentrok pendukung
      action: {prop_dispute: {sector: a}}
"""

BAD = [
    (
        "{prop_dispute: {sector: a}}",
        "{prop_dispute: {sector: z}}",
        "prop_dispute.sector",
        "unknown sector 'z'",
    ),
    (
        "{prop_dispute: {sector: a}}",
        "{prop_dispute: {sector: b}}",
        "prop_dispute.sector",
        "no APK are removed in 'b'",
    ),
    (
        "{prop_dispute: {sector: a}}",
        "{steal_box: {sector: a}}",
        "steal_box",
        "needs 'election.ballot_return'",
    ),
    (
        "{prop_dispute: {sector: a}}",
        "{rally_clash: {rally: x}}",
        "rally_clash.rally",
        "unknown rally 'x'",
    ),
]


@pytest.mark.parametrize(("old", "new", "path", "words"), BAD)
def test_bad_election_injects_are_located_and_nothing_is_written(
    old: str, new: str, path: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture
):
    text = LINE.read_text() + BASE
    assert main(["validate", _write(tmp_path / "good.yaml", text)]) == 0
    bad = text.replace(old, new)
    scenario = _write(tmp_path / "bad.yaml", bad)
    out = tmp_path / "out"
    assert main(["run", scenario, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    line = bad.splitlines().index(next(x for x in bad.splitlines() if new in x)) + 1
    assert f"bad.yaml:{line}:" in err and f"msel.injects[0].action.{path}: " in err, err
    assert words in err and "Traceback" not in err and not out.exists()


def _write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


# --- the console ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_console_offers_the_election_orders_in_words(lang: str):
    s = session({"escorts": [escort()], **demo("17:00", "3 h")})
    assert s.choices()["scene"] == ["kawal", "aksi"]  # the form's choices for escort / march
    text = Text(lang)
    for spec in PLUGIN.orders:
        assert spec.kind in s.drill.orders
        assert text.term("order", spec.kind) != spec.kind
        for name in spec.params:
            assert f"order.param.{name}" in text.words
