"""Facilitated play: pausing changes nothing, orders are carried out or refused with a reason,
and a game replays bit for bit from its decision log (also after a round trip through YAML)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from simulation.core.drill import DrillResult, run_drill
from simulation.geography import load_scenario
from simulation.play import views
from simulation.play.decisions import load_decisions
from simulation.play.session import Session, replay, run_with_decisions
from simulation.scenario import ScenarioError

LINE = Path(__file__).parent / "data" / "line.yaml"
HOUR = 3600.0


@pytest.fixture(scope="module")
def pilkada():
    return load_scenario("pasuruan_pilkada_2024")


def same(a: DrillResult, b: DrillResult) -> None:
    """Bit for bit: KPIs (NaN equal to NaN), the event log, the series and the tables."""
    assert a.kpis.keys() == b.kpis.keys()
    for name, value in a.kpis.items():
        assert value == b.kpis[name] or (value != value and b.kpis[name] != b.kpis[name]), name
    assert a.events == b.events
    assert a.series == b.series
    assert a.tables == b.tables


def test_a_game_with_no_orders_is_sispam_run_even_when_paused(pilkada):
    session = Session(pilkada, "statis", seed=3)
    for k in range(1, 40):
        session.advance(k * 3271.3)  # pauses at odd times
    same(session.finish(), run_drill(pilkada, "statis", 3))


def play_a_game(spec, seed: int = 2) -> Session:
    session = Session(spec, "statis", seed=seed)
    units = session.choices()["unit"]
    session.advance(3000.0)  # drill seconds from the start (H-1 12:00)
    assert session.order("delay_inject", {"inject": "3", "delay": "2 h"}, by="Pengendali").accepted
    session.advance(20000.0)
    assert session.order("dispatch_unit", {"unit": units[0], "to": "puspo"}, by="Kabag Ops")
    session.advance(60000.0)
    busy = [u.label for u in session.drill.dispatcher.units if u.holder is not None]
    session.order("stage_unit", {"unit": busy[-1], "at": "bangil"}, by="Kapolres")
    session.order("cancel_inject", {"inject": "9"}, by="Pengendali")
    session.advance(70000.0)
    session.order("recall_unit", {"unit": units[0]}, by="Kabag Ops")
    session.order("deliver_inject", {"inject": "12"}, by="Pengendali")
    return session


def test_a_played_game_replays_bit_for_bit_from_its_yaml_log(pilkada, tmp_path):
    played = play_a_game(pilkada)
    result = played.finish()
    log_file = tmp_path / "log.yaml"
    log_file.write_text(played.decisions_yaml(), encoding="utf-8")
    log = load_decisions(log_file)
    assert [d.order for d in log.decisions] == [d.order for d in played.log.decisions]
    same(run_with_decisions(pilkada, "statis", 2, log), result)
    differs = run_drill(pilkada, "statis", 2)
    assert differs.events != result.events, "the orders changed the drill"


def test_the_facilitator_moves_cancels_and_delivers_injects(pilkada):
    result = play_a_game(pilkada).finish()
    msel = {row["number"]: row for row in result.tables["msel"]}
    clock = result.clock
    assert clock.at(pilkada.msel.injects[2].time) == 3 * HOUR  # due at H-1 15:00 ...
    assert msel["3"]["fired_t_s"] == pytest.approx(3000.0 + 2 * HOUR)  # ... delayed 2 h from t
    assert msel["9"]["fired"] == "no"
    assert clock.at(pilkada.msel.injects[11].time) > 70000.0  # due H 13:00 ...
    assert msel["12"]["fired_t_s"] == pytest.approx(70000.0)  # ... delivered at once


def test_a_busy_unit_is_refused_with_the_reason_and_the_drill_goes_on(pilkada):
    session = Session(pilkada, "statis", seed=2)
    unit = session.choices()["unit"][0]
    assert session.order("dispatch_unit", {"unit": unit, "to": "bangil"}, by="A").accepted
    again = session.order("stage_unit", {"unit": unit, "at": "bangil"}, by="B")
    assert again.accepted, "a unit the players hold is re-tasked"
    session.advance(3000.0)
    held = session.drill.dispatcher.request(lambda u: u.label != unit, "bangil", who="test")
    other = held.unit.label
    refused = session.order("dispatch_unit", {"unit": other, "to": "puspo"}, by="C")
    assert not refused.accepted and "busy (test)" in refused.reason
    assert session.log.decisions[-1].order == "dispatch_unit", "logged: a replay gives it too"
    bad = session.order("dispatch_unit", {"unit": "nobody", "to": "puspo"}, by="C")
    assert not bad.accepted and "no unit 'nobody'" in bad.reason
    assert len(session.log.decisions) == 3, "a malformed order never enters the log"
    session.finish()


def test_a_dispatched_unit_arrives_after_its_road_time_and_recall_frees_it():
    spec = load_scenario(LINE)
    session = Session(spec, "one_car", seed=0)
    (car,) = session.drill.dispatcher.units
    session.advance(100.0)  # the line scenario has no incidents: the car is free
    assert session.order("dispatch_unit", {"unit": car.label, "to": "c"}).accepted
    session.advance(100.0 + 45 * 60 - 1)
    assert car.node != "c"
    session.advance(100.0 + 45 * 60 + 1)
    assert car.node == "c" and car.state == "detached"
    assert session.order("recall_unit", {"unit": car.label}).accepted
    assert car.holder is None and car.state == "return" and car.return_s == pytest.approx(45 * 60)
    assert not session.order("recall_unit", {"unit": car.label}).accepted, "not held any more"


def test_a_staged_unit_is_free_at_its_new_post():
    spec = load_scenario(LINE)
    session = Session(spec, "one_car", seed=0)
    (car,) = session.drill.dispatcher.units
    assert session.order("stage_unit", {"unit": car.label, "at": "b"}).accepted
    session.advance(15 * 60 - 1)
    assert car.holder is not None and car.station == "hq", "still driving to b (15 min)"
    session.advance(15 * 60 + 1)
    assert car.holder is None and car.state == "idle" and (car.station, car.node) == ("b", "b")
    assert session.drill.dispatcher.travel_s(car, "c", 0.0) == pytest.approx(30 * 60)


def test_a_branch_keeps_the_orders_before_it_on_the_same_dice(pilkada):
    played = play_a_game(pilkada)
    full = played.finish()
    branch = replay(Session(pilkada, "statis", 2), played.log.branch(2)).finish()
    cut = played.log.decisions[2].t
    before = [e for e in full.events if e.t < cut]
    assert [e for e in branch.events if e.t < cut] == before
    assert branch.events != full.events


def test_decision_log_errors_are_located_and_all_reported(pilkada, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "scenario: x\nseed: -1\ndecisions:\n"
        "  - {t: 10, order: dispatch_unit, unit: nobody, to: puspo}\n"
        "  - {t: 5, order: fly, by: K}\n"
        "  - {t: ten, order: recall_unit}\n"
        "  - {t: 20, order: delay_inject, inject: '3', delay: soon}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        load_decisions(bad)
    text = str(caught.value)
    assert f"{bad}:2:1: seed: must be 0 or more" in text
    assert f"{bad}:5:" in text and "time order" in text
    assert f"{bad}:6:" in text and "t is the drill time" in text
    good = tmp_path / "good.yaml"
    good.write_text(
        "decisions:\n"
        "  - {t: 10, order: dispatch_unit, unit: nobody, to: puspo}\n"
        "  - {t: 11, order: fly, by: K}\n"
        "  - {t: 20, order: delay_inject, inject: '3', delay: soon}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        run_with_decisions(pilkada, "statis", 1, load_decisions(good))
    text = str(caught.value)
    assert f"{good}:2:1: decisions.0.unit: no unit 'nobody'" in text
    assert f"{good}:3:1: decisions.1.order: no order 'fly'" in text
    assert f"{good}:4:1: decisions.2.delay: expected a duration" in text


def test_results_record_nothing_of_the_session_that_a_run_lacks(pilkada):
    fields = {f.name for f in dataclasses.fields(DrillResult)}
    assert {"seed", "replication", "strategy", "digest"} <= fields


def test_played_games_compare_over_replications_on_common_dice(pilkada, tmp_path):
    from simulation.experiments import compare

    played = play_a_game(pilkada)
    played.finish()
    (tmp_path / "game.yaml").write_text(played.decisions_yaml(), encoding="utf-8")
    idle = played.log.branch(0)
    (tmp_path / "no_orders.yaml").write_text(
        idle.to_yaml(played.drill.clock.start), encoding="utf-8"
    )
    result = compare(
        "pasuruan_pilkada_2024",
        decisions=[tmp_path / "no_orders.yaml", tmp_path / "game.yaml"],
        replications=2,
        seed=2,
        executor="serial",
        out=tmp_path / "cmp",
    )
    runs = result.runs.set_index(["strategy", "replication"])
    # a log with no orders is the plain strategy, replication by replication
    for r in (0, 1):
        plain = run_drill(pilkada, "statis", 2, r).kpis
        row = runs.loc[("no_orders", r)]
        assert row["patrol.incidents"] == plain["patrol.incidents"]
        assert row["patrol.response_mean_min"] == pytest.approx(plain["patrol.response_mean_min"])
    # replication 0 of the game is the game as played (seed 2, replication 0)
    game = runs.loc[("game", 0)]
    assert game["patrol.response_mean_min"] == pytest.approx(
        played.result.kpis["patrol.response_mean_min"]
    )
    assert set(result.differences["strategy"]) == {"game"}


def test_a_bad_decision_log_is_a_located_error_before_anything_runs(tmp_path):
    from simulation.experiments import compare

    bad = tmp_path / "bad.yaml"
    bad.write_text("decisions:\n  - {t: 5, order: dispatch_unit, unit: x, to: y}\n")
    with pytest.raises(ScenarioError, match=r"bad.yaml:2:1: decisions.0.unit: no unit 'x'"):
        compare(decisions=[bad], replications=2, executor="serial", out=tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_the_cyber_team_and_officials_answer_a_hoax_when_ordered(pilkada):
    """Hoax 'logistik_hilang' is posted by inject 3 at H-1 15:00 (t = 3 h)."""
    session = Session(pilkada, "statis", seed=4)
    early = session.order("request_takedown", {"hoax": "logistik_hilang"}, by="Kasat Intelkam")
    assert not early.accepted and "not been posted" in early.reason
    session.advance(3 * HOUR + 60)
    assert session.order("request_takedown", {"hoax": "logistik_hilang"}, by="K").accepted
    again = session.order("request_takedown", {"hoax": "logistik_hilang"}, by="K")
    assert not again.accepted and "already asked" in again.reason
    wrong = session.order("clarify_hoax", {"hoax": "logistik_hilang", "official": "camat"})
    assert not wrong.accepted and "no clarification by camat" in wrong.reason
    result = session.finish()
    rows = {r["hoax"]: r for r in result.tables["hoaxes"]}
    plain = {r["hoax"]: r for r in run_drill(pilkada, "statis", 4).tables["hoaxes"]}
    assert rows["logistik_hilang"]["takedown_min"] < plain["logistik_hilang"]["takedown_min"]


def test_the_commander_limits_force_and_doctrine_refuses_gas_at_hijau():
    from tests.test_crowd_scenarios import short_demo

    spec = short_demo()
    start = Session(spec, "berlapis", seed=3).drill.clock.at(spec.crowd.start)
    plain = run_drill(spec, "berlapis", seed=3)
    stages = [e.fields["stage"] for e in plain.events if e.kind == "crowd.force_stage"]
    assert max(stages) >= 3, "left to its doctrine the scene climbs past verbal orders"
    session = Session(spec, "berlapis", seed=3)
    early = session.order("limit_force", {"crowd": "massa", "stage": "1"}, by="Kapolres")
    assert not early.accepted and "has not started" in early.reason
    session.advance(start + 5.0)
    gas = session.order("allow_means", {"crowd": "massa", "means": "tear_gas"}, by="Kapolres")
    assert not gas.accepted and "doctrine" in gas.reason
    assert session.order("limit_force", {"crowd": "massa", "stage": "1"}, by="Kapolres").accepted
    held = session.finish()
    assert not [e for e in held.events if e.kind == "crowd.force_stage"]
    assert held.events != plain.events


def test_compare_takes_decision_logs_on_the_command_line(tmp_path, capsys):
    from simulation.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("decisions:\n  - {t: 5, order: recall_unit, unit: nobody}\n")
    out = tmp_path / "cmp"
    args = ["compare", "--decisions", str(bad), "--replications", "2", "--out", str(out)]
    assert main([*args, "--executor", "serial"]) == 2
    assert "bad.yaml:2:1: decisions.0.unit: no unit 'nobody'" in capsys.readouterr().err
    assert not out.exists()
    good = tmp_path / "quiet.yaml"
    good.write_text("strategy: mobile\ndecisions: []\n")
    assert (
        main(
            [
                "compare",
                "--decisions",
                str(good),
                "--strategies",
                "statis",
                "--replications",
                "2",
                "--out",
                str(out),
                "--executor",
                "serial",
            ]
        )
        == 0
    )
    assert "quiet - statis" in capsys.readouterr().out


def test_an_escort_ordered_for_a_convoy_that_has_not_left_joins_it():
    """tests/logistics_cases.tiny: no escort policy under 'quiet'; the Polsek car at beta is
    30 min from the warehouse, so an escorted truck leaves at 08:38 (test_logistics_model)."""
    from tests.logistics_cases import tiny
    from tests.test_logistics_model import clock_h

    spec = tiny()
    plain = run_drill(spec, "quiet", 0).tables["logistics_trips"]
    session = Session(spec, "quiet", seed=0)
    (convoy,) = session.choices()["convoy"]
    assert session.order("escort_convoy", {"convoy": convoy}, by="Kabag Ops").accepted
    trips = session.finish().tables["logistics_trips"]
    truck = next(t for t in trips if t["leg"] == "truck")
    alone = next(t for t in plain if t["leg"] == "truck")
    assert alone["escort"] == "" and truck["escort"].startswith("polsek#")
    assert truck["dispatch_h"] == clock_h(8, 38, day=-1) > alone["dispatch_h"]
    late = Session(spec, "quiet", seed=0)
    late.advance(late.drill.horizon - 1)
    refused = late.order("escort_convoy", {"convoy": convoy})
    assert not refused.accepted and "already left" in refused.reason


def tni_called(result: DrillResult) -> float:
    return next(
        e.t for e in result.events if e.kind == "crowd.unit_requested" and e.fields["unit"] == "tni"
    )


def test_players_raise_the_command_and_ask_for_the_tni_early():
    """short_demo, berlapis, TNI 5 min after the request: left alone the Kapolda takes control
    at merah and the TNI platoon is called 5 min later; asked for 4 s into the scene (a
    decision instant: the scene decides every 2 s) it is called at 4 s + 5 min."""
    from tests.test_crowd_scenarios import short_demo

    spec = short_demo(**{"strategies.berlapis.crowd.doctrine.command.tni": "5 min"})
    start = Session(spec, "berlapis", seed=3).drill.clock.at(spec.crowd.start)
    plain = run_drill(spec, "berlapis", seed=3)
    kapolda = next(e.t for e in plain.events if e.kind == "crowd.command")
    assert tni_called(plain) == kapolda + 300.0, "Kapolda at merah, TNI 5 min later"
    session = Session(spec, "berlapis", seed=3)
    early = session.order("raise_command", {"crowd": "massa"}, by="Kapolres")
    assert not early.accepted and "has not started" in early.reason
    session.advance(start + 4.0)  # the scene decides every 2 s: 2 s, 4 s, ...
    assert session.order("request_tni", {"crowd": "massa"}, by="Kapolres").accepted
    again = session.order("request_tni", {"crowd": "massa"}, by="Kapolres")
    assert not again.accepted and "already requested" in again.reason
    assert session.order("raise_command", {"crowd": "massa"}, by="Kapolres").accepted
    session.advance(start + 10.0)
    twice = session.order("raise_command", {"crowd": "massa"}, by="Kapolres")
    assert not twice.accepted and "already commands" in twice.reason
    played = session.finish()
    # The scene's step ending at its clock's t s runs at drill time start + t - dt (dt 0.4 s):
    # the order at its 4 s, the TNI called at its 304 s, the Kapolda in control at its 6 s.
    assert tni_called(played) == start + 304.0 - 0.4 < tni_called(plain)
    assert next(e.t for e in played.events if e.kind == "crowd.command") == start + 6.0 - 0.4
    without = Session(spec, "reaktif", seed=3)
    without.advance(start + 4.0)
    refused = without.order("request_tni", {"crowd": "massa"}, by="Kapolres")
    assert not refused.accepted and "no TNI unit" in refused.reason


def test_players_close_and_open_a_venue_exit_and_the_log_replays_it():
    from tests.test_crowd_scenarios import short_demo

    spec = short_demo()
    session = Session(spec, "berlapis", seed=3)
    start = session.drill.clock.at(spec.crowd.start)
    shut = {"crowd": "massa", "exit": "gang_barat"}
    early = session.order("close_exit", shut, by="Kapolres")
    assert not early.accepted and "has not started" in early.reason
    unknown = session.order("close_exit", {"crowd": "massa", "exit": "pintu_belakang"})
    assert not unknown.accepted and "no exit 'pintu_belakang'" in unknown.reason
    session.advance(start + 30.0)
    assert session.order("close_exit", shut, by="Kapolres").accepted
    again = session.order("close_exit", shut, by="Kapolres")
    assert not again.accepted and "already closed" in again.reason
    for name in ("jl_pogar_barat", "jl_pogar_timur"):
        assert session.order("close_exit", {"crowd": "massa", "exit": name}).accepted
    last = session.order("close_exit", {"crowd": "massa", "exit": "gang_timur"})
    assert not last.accepted and "last open exit" in last.reason
    (scene,) = views.ground_truth(session)["crowds"]
    assert scene["closed_exits"] == ["gang_barat", "jl_pogar_barat", "jl_pogar_timur"]
    assert scene["command"] == "kapolres"
    session.advance(start + 60.0)
    assert session.order("open_exit", shut, by="Kapolres").accepted
    played = session.finish()
    closed = [e.fields["exit"] for e in played.events if e.kind == "crowd.exit_closed"]
    assert closed == ["gang_barat", "jl_pogar_barat", "jl_pogar_timur"]
    assert played.events != run_drill(spec, "berlapis", seed=3).events
    same(played, run_with_decisions(spec, "berlapis", 3, session.log))
    over = Session(spec, "berlapis", seed=3)
    over.advance(over.drill.horizon - 1)
    late = over.order("open_exit", shut)
    assert not late.accepted and "is over" in late.reason


def test_an_exit_of_another_scene_is_refused_with_the_scene_s_exits():
    spec = load_scenario("demo_rekap_dua_lokasi")
    session = Session(spec, "berlapis", seed=1)
    session.advance(session.drill.clock.at(spec.crowd.start) + 10.0)
    answer = session.order("close_exit", {"crowd": "kpu", "exit": "jalan_barat"})
    assert not answer.accepted and "has no exit jalan_barat" in answer.reason


def test_a_rerouted_convoy_arrives_later_by_the_longer_road():
    """tests/logistics_cases.tiny plus a kecamatan gamma 40 km from alpha and 20 km from beta
    on arterial roads (60 km/h): through gamma the truck drives 60 km instead of 30, so it
    reaches beta's PPK (30 km) / (60 km/h) = 30 min later; it leaves at the same time."""
    from simulation.geography import parse_scenario
    from tests.logistics_cases import TINY

    gamma = (
        "    - {id: gamma, name: Gamma, lat: 0.2, lng: 0.2, area_km2: 10, police: polres}\n"
        "  sites:\n"
    )
    roads = (
        "      - {a: alpha, b: beta, km: 30, road: arterial}\n"
        "      - {a: alpha, b: gamma, km: 40, road: arterial}\n"
        "      - {a: gamma, b: beta, km: 20, road: arterial}\n"
    )
    text = TINY.replace("  sites:\n", gamma, 1).replace(
        "      - {a: alpha, b: beta, km: 30, road: arterial}\n", roads
    )
    spec = parse_scenario(text, "tiny.yaml")
    plain = run_drill(spec, "quiet", 0).tables["logistics_trips"]
    session = Session(spec, "quiet", seed=0)
    unknown = session.order("reroute_convoy", {"convoy": "beta", "via": "delta"})
    assert not unknown.accepted and "no place 'delta'" in unknown.reason
    assert session.order("reroute_convoy", {"convoy": "beta", "via": "gamma"}).accepted
    played = session.finish()
    truck = next(t for t in played.tables["logistics_trips"] if t["leg"] == "truck")
    direct = next(t for t in plain if t["leg"] == "truck")
    assert truck["dispatch_h"] == direct["dispatch_h"]
    assert truck["arrive_h"] - direct["arrive_h"] == pytest.approx(0.5, abs=1e-4)
    same(played, run_with_decisions(spec, "quiet", 0, session.log))
    late = Session(spec, "quiet", seed=0)
    late.advance(late.drill.horizon - 1)
    arrived = late.order("reroute_convoy", {"convoy": "beta", "via": "gamma"})
    assert not arrived.accepted and "already arrived" in arrived.reason
    rolling = Session(spec, "quiet", seed=0)
    rolling.advance(rolling.drill.clock.at(direct["dispatch_h"] * 3600.0 + 60.0))
    on_road = rolling.order("reroute_convoy", {"convoy": "beta", "via": "gamma"})
    assert not on_road.accepted and "already on the road" in on_road.reason


TWO_POSTS = """
  two_posts:
    extends: one_car
    name: One car at HQ, one at C
    mobile:
      - {unit_type: car, count: 1, stations: [hq]}
      - {unit_type: car, count: 1, stations: [c]}
"""
SERIOUS_AT_A = """
msel:
  injects:
    - number: '1'
      time: '08:40'
      event: a fight at A
      action: {incident: {type: serious, sector: a}}
"""


def relief_game(relieve: bool) -> Session:
    """The line (hq=a --15 min-- b --30 min-- c, the drill from 08:00): the hq car holds post b
    from 08:00 (there at 08:15); at 08:40 a serious incident is reported at a. Relieved at
    08:30 by the car from c (there at 09:00), the hq car is free at b at 09:00 and answers at
    once: at a at 09:15, 35 min after the report. Not relieved, the c car answers it: 45 min."""
    from simulation.geography import parse_scenario

    text = LINE.read_text().replace("  with_brimob:\n", TWO_POSTS + "  with_brimob:\n", 1)
    session = Session(parse_scenario(text + SERIOUS_AT_A, str(LINE)), "two_posts", seed=0)
    hq_car, c_car = (u.label for u in session.drill.dispatcher.units)
    assert session.order("dispatch_unit", {"unit": hq_car, "to": "b"}).accepted
    session.advance(30 * 60)
    if relieve:
        assert session.order("relieve_unit", {"unit": hq_car, "with": c_car}).accepted
    session.finish()
    return session


def test_a_relief_in_place_frees_the_relieved_unit_to_answer_an_incident_sooner():
    relieved, without = relief_game(True), relief_game(False)
    hq_car, c_car = (u.label for u in relieved.drill.dispatcher.units)
    assert relieved.result.kpis["patrol.response_mean_min"] == pytest.approx(35.0)
    assert without.result.kpis["patrol.response_mean_min"] == pytest.approx(45.0)
    arrive = [e for e in relieved.result.events if e.kind == "patrol.arrive"]
    assert [(e.t, e.fields["unit"]) for e in arrive] == [(75 * 60.0, hq_car)]
    handover = next(e for e in relieved.result.events if e.kind == "play.relieved")
    assert (handover.t, handover.fields["relief"], handover.fields["at"]) == (3600.0, c_car, "b")
    assert relieved.drill.dispatcher.units[1].node == "b", "the relief holds the post"
    assert c_car in relieved.drill.forces.held


def test_a_relief_is_refused_with_the_reason(tmp_path):
    spec = load_scenario(LINE, {"strategies.one_car.mobile[0].count": 3})
    session = Session(spec, "one_car", seed=0)
    one, two, three = (u.label for u in session.drill.dispatcher.units)

    def refused(unit: str, fresh: str, why: str) -> None:
        answer = session.order("relieve_unit", {"unit": unit, "with": fresh})
        assert not answer.accepted and why in answer.reason, answer.reason

    refused(one, two, "not on a post the players hold")
    assert session.order("dispatch_unit", {"unit": one, "to": "c"}).accepted
    refused(one, two, "has not reached its post yet")
    session.advance(46 * 60)
    refused(one, one, "cannot relieve itself")
    assert session.order("dispatch_unit", {"unit": three, "to": "b"}).accepted
    refused(one, three, f"{three} is busy")
    assert session.order("relieve_unit", {"unit": one, "with": two}).accepted
    refused(one, three, f"{two} is already on its way")
    assert len(session.log.decisions) == 8 and len(session.refusals) == 5
    saved = tmp_path / "relief.yaml"
    saved.write_text(session.decisions_yaml())
    played = session.finish()
    assert [e.fields["relief"] for e in played.events if e.kind == "play.relieved"] == [two]
    same(played, run_with_decisions(spec, "one_car", 0, load_decisions(saved)))
