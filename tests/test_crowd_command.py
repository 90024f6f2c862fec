"""Escalation of command at a crowd scene: the stronger measures wait for an order from above,
at merah control passes to the Kapolda, and the TNI come once asked for (DOMAIN.md, Perkap
16/2006). On the small demo scene of tests/test_crowd_model.py, seed 5, every expected time is
the moment the commander reads merah (his first decision after the status turns, decisions
every 2 s) plus the delays set, computed by hand from that moment."""

from __future__ import annotations

import pytest

from simulation.crowd.model import CrowdModel
from simulation.geography import parse_scenario
from simulation.scenario import ScenarioError
from simulation.scenario.bundled import bundled_dir
from simulation.scenario.crowd import CrowdStrategySpec
from tests.test_crowd_model import demo_scene

DEMO = bundled_dir() / "demo_kpu_bangil.yaml"


def scene_run(seconds: float = 240, **command: object) -> list[tuple[float, str, dict]]:
    """The demo scene's police plus a TNI platoon, force up to stage 5 and gas at merah."""
    units = [
        dict(name="dalmas_awal", kind="dalmas_awal", officers=30),
        dict(name="negosiator", kind="negotiator", officers=3),
        dict(name="dalmas_lanjut", kind="dalmas_lanjut", officers=38, eta=2, shields=True),
        dict(name="brimob", kind="brimob_phh", officers=100, eta=4, tear_gas=True),
        dict(name="tni", kind="tni", officers=30, eta=1),  # on scene 1 min after the call
    ]
    doctrine = dict(
        kuning=dict(units=["negotiator", "dalmas_awal", "dalmas_lanjut"], force_stage=4),
        merah=dict(
            units=["dalmas_lanjut", "brimob_phh", "tni"],
            force_stage=5,
            tear_gas=True,
            handover="lintas_ganti",
        ),
        stage_step="2 s",
        command=command,
    )
    strategy = CrowdStrategySpec.model_validate(
        dict(front_line=((30, 38), (50, 38)), units=units, doctrine=doctrine)
    )
    model = CrowdModel(demo_scene(), strategy, rng=5)
    model.run(seconds)
    return model.events


def first(events: list, kind: str, **fields: object) -> float:
    return next(t for t, k, f in events if k == kind and all(f[a] == v for a, v in fields.items()))


@pytest.fixture(scope="module")
def no_delays() -> list[tuple[float, str, dict]]:
    return scene_run()


@pytest.fixture(scope="module")
def merah_seen(no_delays) -> float:
    """When the commander reads merah: his first decision (every 2 s) after the status turns."""
    turned = first(no_delays, "crowd.status", status="merah")
    return 2.0 * (turned // 2.0 + 1)


@pytest.mark.parametrize("delay_s", [60, 90])
def test_an_authorisation_delay_shifts_the_first_use_of_force_by_exactly_that_delay(
    delay_s, merah_seen
):
    at_once = scene_run(authorisation="0 s", kapolda="1 h")
    later = scene_run(authorisation=f"{delay_s} s", kapolda="1 h")
    assert first(at_once, "crowd.force_stage", stage=5) == merah_seen
    assert first(later, "crowd.force_stage", stage=5) == merah_seen + delay_s
    assert first(later, "crowd.authorised", measure="tear_gas") == merah_seen + delay_s
    assert (
        max(
            f["stage"] for t, k, f in later if k == "crowd.force_stage" and t < merah_seen + delay_s
        )
        == 4
    )


def test_the_kapolda_taking_control_gives_the_pending_orders_and_asks_for_the_tni(merah_seen):
    """Kapolda 40 s after merah is read: stage 5 then although the Kapolres would take an hour;
    TNI asked then, called 30 s later, on scene 1 min after that."""
    events = scene_run(authorisation="1 h", kapolda="40 s", tni="30 s")
    assert first(events, "crowd.command", level="kapolda") == merah_seen + 40
    assert first(events, "crowd.force_stage", stage=5) == merah_seen + 40
    assert first(events, "crowd.unit_requested", unit="tni") == merah_seen + 40 + 30
    assert first(events, "crowd.unit_arrived", unit="tni") == merah_seen + 40 + 30 + 60


def test_with_no_delays_the_ladder_acts_at_once_as_before(no_delays, merah_seen):
    events = no_delays
    assert first(events, "crowd.force_stage", stage=5) == merah_seen
    assert first(events, "crowd.unit_requested", unit="tni") == merah_seen


BAD_COMMAND = (
    "schema_version: 1\nbase: demo_kpu_bangil\nstrategies:\n  berlapis:\n    crowd:\n"
    "      doctrine:\n        command: {kapolda: soon, authorised_stage: 9}\n"
)


def test_bad_command_delays_are_located():
    with pytest.raises(ScenarioError) as err:
        parse_scenario(BAD_COMMAND, "cmd.yaml", folder=bundled_dir())
    where = {p.path: (p.line, p.message) for p in err.value.problems}
    assert where["strategies.berlapis.crowd.doctrine.command.kapolda"][0] == 7
    assert "duration" in where["strategies.berlapis.crowd.doctrine.command.kapolda"][1]
    assert "strategies.berlapis.crowd.doctrine.command.authorised_stage" in where


def test_a_bad_command_block_exits_2_and_writes_nothing(tmp_path, capsys):
    from simulation.cli import main

    bad = tmp_path / "cmd.yaml"
    bad.write_text(BAD_COMMAND.replace("base: demo_kpu_bangil", f"base: {DEMO}"))
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "cmd.yaml:7:" in err and "command.kapolda" in err and "Traceback" not in err
    assert not out.exists()
