"""MSEL escalation of a crowd through its own rule: a rumour lowering perceived legitimacy
(``agitate``) and more provocateurs (``provoke``).

Hand-computed on a gathered crowd with no police (Epstein's arrest estimate is 0) and no
contagion: person i is active exactly when ``H_i (1 - L + drop) > T`` and violent above
``T_violent``, so a drop moves the threshold on hardship from ``T / (1 - L)`` to
``T / (1 - L + drop)`` and nothing else.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from agents.crowd import Provocateur
from agents.state import State
from simulation.cli import main
from simulation.core.drill import Drill
from simulation.crowd.model import CrowdModel
from simulation.crowd.params import BehaviourParams
from simulation.geography import parse_scenario
from simulation.scenario import ScenarioError
from simulation.scenario.bundled import bundled_dir
from tests.test_crowd_contagion import NOBODY
from tests.test_crowd_model import scene

VENUE = dict(
    size_m=(40, 40),
    exits=[dict(name="barat", at=(0, 20), width_m=40), dict(name="timur", at=(40, 20), width_m=40)],
    gathering=dict(at=(20, 20), radius_m=2),
    standing_density=1.5,
)


def crowd(legitimacy: float, provocateurs: int = 0, contagion: bool = False) -> CrowdModel:
    group = dict(name="massa", size=300, hardship=(0.0, 1.0), provocateurs=provocateurs)
    model = CrowdModel(scene(VENUE, group, legitimacy, dt_s=0.4), NOBODY, rng=3)
    if not contagion:
        model.behaviour = dataclasses.replace(BehaviourParams(), contagion=0.0, clash=0.0)
    return model


def rioting(model: CrowdModel) -> np.ndarray:
    return (model.state == State.ACTIVE) | (model.state == State.VIOLENT)


def test_a_legitimacy_drop_moves_the_activation_threshold_exactly():
    model = crowd(legitimacy=0.9)
    model.run(60)
    assert not rioting(model).any(), "H (1 - 0.9) > 0.1 needs H > 1: nobody"
    model.lower_legitimacy(0.1)
    model.run(120)  # 60 decisions at update probability 0.5: everyone has re-decided
    threshold = BehaviourParams().threshold / (1 - 0.9 + 0.1)  # = 0.5
    np.testing.assert_array_equal(rioting(model), model.hardship > threshold)
    assert not (model.state == State.VIOLENT).any(), "H 0.2 > 0.25 needs H > 1.25: nobody"
    assert model._legitimacy() == pytest.approx(0.8)


def test_a_drop_at_the_start_is_a_scene_at_the_lower_legitimacy_bit_for_bit():
    dropped, lower = crowd(0.92, 2, contagion=True), crowd(0.82, 2, contagion=True)
    dropped.lower_legitimacy(0.1)
    dropped.run(90)
    lower.run(90)
    np.testing.assert_array_equal(dropped.state, lower.state)
    np.testing.assert_array_equal(dropped.agitation, lower.agitation)


def test_added_provocateurs_turn_violent_at_once_and_are_new_members():
    model = crowd(legitimacy=1.0, provocateurs=3)
    model.run(10)
    before = {a.person for a in model.agents_by_type[Provocateur]}
    assert model.add_provocateurs(0, 20) == 20
    model.run(2)  # one decision tick
    after = {a.person for a in model.agents_by_type[Provocateur]}
    assert before < after and len(after) == 23
    violent = set(np.flatnonzero(model.state == State.VIOLENT).tolist())
    assert after - before <= violent, "the new ones provoke from the inject's time"
    assert before.isdisjoint(violent), "the scene's own provocateurs start at 30 min"
    assert model.add_provocateurs(0, 1000) == 300 - 23, "only members not yet provoking"


# --- through the MSEL, in a drill -----------------------------------------------------------

SMALL = {
    "crowd.duration": "4 min",
    "crowd.groups[0].size": 200,
    "crowd.groups[0].arrive_over": ["0 min", "1 min"],
}


def demo(injects: str, overrides: dict | None = None):
    text = f"schema_version: 1\nbase: demo_kpu_bangil\nmsel:\n  injects:\n{injects}"
    return parse_scenario(text, "demo.yaml", overrides, folder=bundled_dir())


INJECTS = (
    "    - {number: A, time: '09:01', event: Isu kecurangan,"
    " action: {agitate: {crowd: massa, legitimacy_drop: 0.05}}}\n"
    "    - {number: P, time: '09:02', event: Provokator menyusup,"
    " action: {provoke: {crowd: massa, group: pendukung_01, provocateurs: 20}}}\n"
)


def test_msel_injects_escalate_the_scene_and_the_export_says_how():

    drill = Drill(demo(INJECTS, SMALL), "berlapis", seed=2)
    result = drill.run()
    at = {e.kind: e.t for e in result.events if e.kind in ("crowd.agitated", "crowd.provoked")}
    assert at == {
        "crowd.agitated": drill.clock.at(9 * 3600 + 60),
        "crowd.provoked": drill.clock.at(9 * 3600 + 120),
    }
    model = drill.component("crowd").scenes["massa"].model
    assert model.legitimacy_drop == pytest.approx(0.05)
    assert len(model.agents_by_type[Provocateur]) == 12 + 20
    rows = {r["number"]: r for r in result.tables["msel"]}
    assert rows["A"]["response"] == "perceived legitimacy 0.92 -> 0.87"
    assert rows["P"]["response"] == "20 more provocateurs in pendukung_01"


def test_an_escalation_after_the_scene_changes_nothing():
    late = INJECTS.replace("'09:02'", "'09:30'")

    result = Drill(demo(late, SMALL), "berlapis", seed=2).run()
    rows = {r["number"]: r for r in result.tables["msel"]}
    assert rows["P"]["response"] == "scene massa already over: no effect"


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("group: pendukung_01", "group: pendukung_9", "provoke.group", "unknown group"),
        ("provocateurs: 20", "provocateurs: 2001", "provoke.provocateurs", "of only 2000"),
        ("provocateurs: 20", "provocateurs: 0", "provoke.provocateurs", "greater than or equal"),
        ("crowd: massa, group", "crowd: masa, group", "provoke.crowd", "unknown crowd scene"),
        ("legitimacy_drop: 0.05", "legitimacy_drop: 0.95", "agitate.legitimacy_drop", "below"),
        ("legitimacy_drop: 0.05", "legitimacy_drop: 0", "agitate.legitimacy_drop", "greater than"),
    ],
)
def test_bad_escalation_values_are_located(old, new, path, words):
    injects = INJECTS.replace(old, new, 1)
    with pytest.raises(ScenarioError) as info:
        demo(injects)
    (problem,) = info.value.problems
    index = 0 if path.startswith("agitate") else 1
    assert problem.path == f"msel.injects[{index}].action.{path}"
    assert words in problem.message
    assert problem.file == "demo.yaml" and problem.line == 5 + index


def test_cli_exits_2_on_a_bad_escalation_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    text = f"schema_version: 1\nbase: {bundled_dir()}/demo_kpu_bangil.yaml\nmsel:\n  injects:\n"
    bad.write_text(text + INJECTS.replace("provocateurs: 20", "provocateurs: 2001"))
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:6:" in err and "msel.injects[1].action.provoke.provocateurs" in err
    assert "Traceback" not in err and not out.exists()
