"""The facilitator console's API: a game played over HTTP replays headless bit for bit, bad
requests get 4xx with a message, the join code guards a console open to the network, and the
players never see what they have not been told."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from simulation.cli import main
from simulation.geography import load_scenario
from simulation.play import views
from simulation.play.decisions import load_decisions
from simulation.play.server import Game, create_app, is_loopback
from simulation.play.session import Session, run_with_decisions
from tests.test_play import same


@pytest.fixture(scope="module")
def pilkada():
    return load_scenario("pasuruan_pilkada_2024")


@pytest.fixture
def game(pilkada) -> Game:
    return Game(Session(pilkada, "statis", seed=2))


@pytest.fixture
def client(game: Game):
    with TestClient(create_app(game, wall_clock=False)) as c:
        yield c


def ok(response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()


def test_a_game_played_over_http_replays_headless_bit_for_bit(game, client, tmp_path):
    ok(client.post("/api/advance", json={"to": "next-inject"}))
    state = ok(client.get("/api/state"))
    due = [i for i in state["injects"] if i["status"] == "due"]
    answer = ok(
        client.post(
            "/api/order",
            json={"kind": "delay_inject", "params": {"inject": due[0]["number"], "delay": "1 h"}},
        )
    )
    assert answer["accepted"]
    ok(client.post("/api/advance", json={"by": "3 h"}))
    unit = ok(client.get("/api/orders"))["choices"]["unit"][0]
    sent = {"kind": "dispatch_unit", "params": {"unit": unit, "to": "puspo"}, "by": "Kabag Ops"}
    assert ok(client.post("/api/order", json=sent))["accepted"]
    for _ in range(5):
        ok(client.post("/api/advance", json={"to": "next-event"}))
    ok(client.post("/api/advance", json={"until": "H 08:00"}))
    assert ok(client.get("/api/state"))["clock"]["label"] == "08:00"
    other = ok(client.get("/api/orders"))["choices"]["unit"][1]
    refused = ok(client.post("/api/order", json={"kind": "recall_unit", "params": {"unit": other}}))
    assert not refused["accepted"] and "not held by the players" in refused["reason"]
    log = ok(client.get("/api/state"))["decisions"]
    assert [d["order"] for d in log] == ["delay_inject", "dispatch_unit", "recall_unit"]
    assert log[-1]["refused"] and not log[0]["refused"]
    text = client.get("/api/decisions")
    assert text.status_code == 200 and "yaml" in text.headers["content-type"]
    assert "refused:" in text.text
    file = tmp_path / "game.yaml"
    file.write_text(text.text, encoding="utf-8")
    finished = ok(client.post("/api/finish"))
    assert finished["events"] == len(game.session.result.events)
    replayed = run_with_decisions(game.session.scenario, "statis", 2, load_decisions(file))
    same(replayed, game.session.result)
    assert ok(client.get("/api/state"))["result"] is not None
    assert client.post("/api/advance", json={"by": 60}).status_code == 409  # finished


def test_bad_requests_get_4xx_with_a_message_not_a_traceback(client):
    bad_json = client.post(
        "/api/order", content=b"{kind: ", headers={"content-type": "application/json"}
    )
    assert bad_json.status_code == 422 and "not valid JSON" in bad_json.json()["error"]
    unknown = client.post("/api/order", json={"kind": "fly_helicopter", "params": {}})
    assert unknown.status_code == 422 and "no order 'fly_helicopter'" in unknown.json()["error"]
    nobody = client.post(
        "/api/order", json={"kind": "dispatch_unit", "params": {"unit": "nobody", "to": "puspo"}}
    )
    assert nobody.status_code == 422 and "no unit 'nobody'" in nobody.json()["error"]
    ok(client.post("/api/advance", json={"by": "1 h"}))
    back = client.post("/api/advance", json={"until": 10.0})
    assert back.status_code == 409 and "cannot go back" in back.json()["error"]
    assert client.post("/api/advance", json={"by": -5}).status_code == 409
    both = client.post("/api/advance", json={"by": 5, "to": "next-event"})
    assert both.status_code == 422 and "exactly one" in both.json()["error"]
    label = client.post("/api/advance", json={"until": "tomorrow"})
    assert label.status_code == 422 and "clock time" in label.json()["error"]
    assert client.post("/api/clock", json={"speed": 5000}).status_code == 422
    assert client.get("/api/nothing").status_code == 404
    for r in (bad_json, unknown, nobody, back, both, label):
        assert "Traceback" not in r.text
    assert ok(client.get("/api/state"))["decisions"] == [], "malformed orders are not logged"


def test_the_clock_runs_server_side_at_the_chosen_speed(game, client):
    ok(client.post("/api/clock", json={"speed": 600}))
    game.tick(1.0)
    assert game.session.now == 0.0, "paused: the clock does not move"
    assert ok(client.post("/api/clock", json={"playing": True}))["playing"]
    game.tick(0.5)
    assert game.session.now == pytest.approx(300.0)
    ok(client.post("/api/clock", json={"playing": False}))
    game.tick(1.0)
    assert game.session.now == pytest.approx(300.0)


def test_players_see_only_what_they_were_told(game, client):
    state = ok(client.get("/api/state"))
    coming = {i["number"] for i in state["injects"] if i["status"] == "due"}
    assert len(coming) > 5
    view = ok(client.get("/api/players"))
    assert view["injects"] == [] and "kpis" not in view and "units" not in view
    ok(client.post("/api/advance", json={"until": "H-1 15:30"}))
    view = ok(client.get("/api/players"))
    told = {i["number"] for i in view["injects"]}
    state = ok(client.get("/api/state"))
    delivered = {i["number"] for i in state["injects"] if i["status"] == "delivered"}
    still_due = {i["number"] for i in state["injects"] if i["status"] == "due"}
    assert told == delivered and told and still_due
    assert not told & still_due
    text = json.dumps(view)
    for inject in state["injects"]:
        if inject["status"] != "delivered":
            assert inject["event"] not in text, "an undelivered inject leaked to the players"
    assert all(r["kind"] != "force.assign" for r in view["reports"])


def test_the_join_code_guards_a_console_open_to_the_network(game):
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    with TestClient(create_app(game, join_code="s3cret")) as c:
        assert c.get("/api/state").status_code == 401
        assert "join code" in c.get("/api/players").json()["error"]
        assert c.get("/api/state", headers={"X-Join-Code": "guess"}).status_code == 403
        assert c.post("/api/advance", json={"by": 60}).status_code == 401
        assert c.get("/api/state", headers={"X-Join-Code": "s3cret"}).status_code == 200
        assert c.get("/api/players?code=s3cret").status_code == 200
        assert c.get("/").status_code == 200, "the page itself holds nothing secret"
    assert game.session.now == 0.0


def test_the_players_code_opens_their_page_and_their_orders_only(game):
    """Separate codes on the network: the players may read their view and the map and give
    unit orders, never the facilitator's ground truth, clock or inject orders."""
    with TestClient(create_app(game, join_code="kendali", player_code="pemain")) as c:
        player = {"X-Join-Code": "pemain"}
        assert c.get("/api/players", headers=player).status_code == 200
        assert c.get("/api/geography", headers=player).status_code == 200
        for method, path in (("get", "/api/state"), ("get", "/api/decisions")):
            answer = getattr(c, method)(path, headers=player)
            assert answer.status_code == 403 and "players' page" in answer.json()["error"]
        for path, body in (("/api/advance", {"by": 60}), ("/api/clock", {"playing": True})):
            assert c.post(path, json=body, headers=player).status_code == 403
        assert c.post("/api/finish", headers=player).status_code == 403
        kinds = {o["kind"] for o in ok(c.get("/api/orders", headers=player))["orders"]}
        assert "dispatch_unit" in kinds and not kinds & {"deliver_inject", "cancel_inject"}
        inject = ok(c.get("/api/orders", headers={"X-Join-Code": "kendali"}))["choices"]["inject"]
        for kind, params in (
            ("deliver_inject", {"inject": inject[0]}),
            ("delay_inject", {"inject": inject[0], "delay": "1 h"}),
            ("cancel_inject", {"inject": inject[0]}),
        ):
            refused = c.post("/api/order", json={"kind": kind, "params": params}, headers=player)
            assert refused.status_code == 403 and "only the facilitator" in refused.json()["error"]
        units = ok(c.get("/api/orders", headers=player))["choices"]["unit"]
        sent = {"kind": "dispatch_unit", "params": {"unit": units[0], "to": "bangil"}, "by": "P"}
        assert ok(c.post("/api/order", json=sent, headers=player))["accepted"]
        assert c.post("/api/order", json=sent, headers={"X-Join-Code": "guess"}).status_code == 403
    assert [d.order for d in game.session.log.decisions] == ["dispatch_unit"]


def test_openapi_lists_the_endpoints(client):
    paths = ok(client.get("/openapi.json"))["paths"]
    for path in ("/api/state", "/api/players", "/api/orders", "/api/advance", "/api/order"):
        assert path in paths
    assert {"/api/decisions", "/api/finish", "/api/clock"} <= set(paths)


def test_sispam_run_replays_a_decision_log_into_a_result_folder(pilkada, tmp_path, capsys):
    session = Session(pilkada, "statis", seed=2)
    session.advance(7200.0)
    session.order("cancel_inject", {"inject": "3"}, by="Pengendali")
    log = tmp_path / "log.yaml"
    log.write_text(session.decisions_yaml(), encoding="utf-8")
    out = tmp_path / "replayed"
    assert main(["run", "--decisions", str(log), "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 2 and manifest["strategy"] == "statis"
    assert manifest["decisions_file"] == str(log) and len(manifest["decisions_sha256"]) == 64
    assert (out / "decisions.yaml").exists() and (out / "kpis.json").exists()
    kpis = json.loads((out / "kpis.json").read_text())
    assert kpis["msel.fired"] == session.finish().kpis["msel.fired"]
    assert "1 decisions (0 refused)" in capsys.readouterr().out


def test_sispam_play_branches_from_a_log_and_saves_its_log_on_exit(
    pilkada, tmp_path, monkeypatch, capsys
):
    import uvicorn

    session = Session(pilkada, "statis", seed=2)
    session.advance(3600.0)
    session.order("cancel_inject", {"inject": "3"}, by="Pengendali")
    session.advance(7200.0)
    session.order("cancel_inject", {"inject": "4"}, by="Pengendali")
    log = tmp_path / "log.yaml"
    log.write_text(session.decisions_yaml(), encoding="utf-8")
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: None)  # Ctrl-C at once
    out = tmp_path / "branch"
    args = ["play", "--from", str(log), "--keep", "1", "--out", str(out), "--port", "0"]
    assert main(args) == 0
    saved = load_decisions(out / "decisions.yaml")
    assert [d.params["inject"] for d in saved.decisions] == ["3"]
    assert saved.seed == 2 and saved.strategy == "statis"
    printed = capsys.readouterr().out
    assert "branch: the first 1 of 2 decisions" in printed and "join code" not in printed
    assert main(["play", "--keep", "1", "--port", "0"]) == 2


def test_sispam_help_does_not_import_the_web_stack():
    code = "import sys; from simulation.cli import build_parser; build_parser(); "
    code += "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fastapi', 'uvicorn')))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert done.stdout.strip() == "[]"


def strict_json(value: object) -> str:
    """As the server sends it: JSON without NaN or infinity."""
    return json.dumps(value, allow_nan=False)


def test_views_show_crowd_scenes_with_their_status_and_size():
    from simulation.scenario.bundled import bundled_dir
    from tests.test_crowd_scenes import SMALL

    spec = load_scenario(bundled_dir() / "demo_rekap_dua_lokasi.yaml", SMALL)
    session = Session(spec, "berlapis", seed=4)
    session.advance(session.drill.clock.at(9 * 3600) + 150.0)
    truth = views.ground_truth(session)
    scenes = {c["id"]: c for c in truth["crowds"]}
    assert set(scenes) == {"kpu", "bawaslu"}
    assert scenes["kpu"]["started"] and scenes["kpu"]["status"] in ("hijau", "kuning", "merah")
    assert scenes["kpu"]["size"] > 0
    assert truth["kpis"]["crowd_status"]["kpu"] == scenes["kpu"]["status"]
    strict_json(truth)
    strict_json(views.players_view(session))


def test_views_show_convoys_on_the_road_and_late_ballots():
    spec = load_scenario("pasuruan_logistik_2024")
    session = Session(spec, None, seed=1)
    session.advance(9000.0)  # H-3: trucks leave the warehouse for the PPK
    truth = views.ground_truth(session)
    logistics = truth["logistics"]
    assert logistics["on_road"], "trucks on their way to the PPK"
    lats = [p["lat"] for p in views.places(session).values()]
    for trip in logistics["on_road"]:
        assert min(lats) <= trip["lat"] <= max(lats)
    assert {c["id"] for c in logistics["convoys"]} == set(session.choices()["convoy"])
    assert "ballots_late_tps" in truth["kpis"]
    assert "hold_convoy" in session.drill.orders
    strict_json(truth)
