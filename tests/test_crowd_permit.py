"""Perkap 7/2012 at a crowd scene: past its permitted hours (06:00-18:00 by default) the police
appeal to the crowd, then order it to disperse, and the crowd answers through its own model.

The scene: 60 calm people (hardship at most 0.2 at legitimacy 0.9: grievance at most 0.02,
below the 0.1 activation threshold, so nobody turns active) gathered 20 m from a 4 m exit, no
korlap (no negotiated boost to compliance), from 17:30 for 1 h at 0.25 s steps and 2 s
decisions, so 18:00 is scene second 1800, a decision instant. Every time below is computed
by hand from those numbers and the doctrine's delays.
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.permit import permit_warnings
from simulation.cli import main
from simulation.core.drill import run_drill
from simulation.crowd.model import COMPLY_RATE, CrowdModel
from simulation.geography import load_scenario, parse_scenario
from simulation.play.session import Session
from simulation.reports.aar import evaluate
from simulation.reports.inputs import DrillFolder
from simulation.reports.labels import Text
from simulation.results import write_run
from simulation.scenario import ScenarioError
from simulation.scenario.bundled import bundled_dir
from simulation.scenario.crowd import CrowdSpec, CrowdStrategySpec
from simulation.scenario.scenes import scenes

DEMO = bundled_dir() / "demo_kpu_bangil.yaml"
END_S = 1800.0  # 18:00 in scene seconds
GRACE_S = 600.0
AUTHORISATION_S = 90.0
PEOPLE = 60
LEGITIMACY = 0.9


def evening(start: str = "17:30", duration: str = "1 h") -> CrowdSpec:
    return CrowdSpec.model_validate(
        dict(
            name="warga",
            sector="bangil",
            start=start,
            duration=duration,
            legitimacy=LEGITIMACY,
            dt_s=0.25,
            venue=dict(
                size_m=(30, 20),
                exits=[dict(name="barat", at=(0, 10), width_m=4)],
                gathering=dict(at=(20, 10), radius_m=2),
            ),
            groups=[
                dict(name="warga", size=PEOPLE, start="gathered", hardship=(0, 0.2), leader=False)
            ],
        )
    )


def police(**doctrine: object) -> CrowdStrategySpec:
    return CrowdStrategySpec.model_validate(
        dict(
            front_line=((26, 6), (26, 14)),
            behind=(28, 10),
            units=[
                dict(name="negosiator", kind="negotiator", officers=3),
                dict(name="dalmas_awal", kind="dalmas_awal", officers=12),
            ],
            doctrine=doctrine,
        )
    )


LATE = dict(
    appeal_grace=f"{GRACE_S:g} s",
    command=dict(authorised_stage=3, authorisation=f"{AUTHORISATION_S:g} s"),
)


def at(events: list, kind: str, **fields: object) -> list[float]:
    return [t for t, k, f in events if k == kind and all(f[a] == v for a, v in fields.items())]


@pytest.fixture(scope="module")
def late() -> dict:
    """The evening scene, looked at just before 18:00, at the order and at its end."""
    model = CrowdModel(evening(), police(**LATE), rng=3)
    model.run(END_S - 2)
    before = dict(pos=model.pos.copy(), events=list(model.events))
    model.run(2 + GRACE_S)
    at_order = dict(present=int(model.present_mask().sum()), leaving=int(model.leaving.sum()))
    model.run(3600 - END_S - GRACE_S)
    return dict(model=model, before=before, at_order=at_order)


def test_the_appeal_comes_at_exactly_the_permitted_end(late):
    events = late["model"].events
    assert at(events, "crowd.permit_appeal") == [END_S]
    (appeal,) = [f for _, k, f in events if k == "crowd.permit_appeal"]
    assert appeal == {"by": "negotiator", "present": PEOPLE}  # the negotiators are on scene
    # The appeal is a verbal order: stage 2 then, nothing above presence before it.
    assert at(events, "crowd.force_stage", stage=2) == [END_S]
    assert not [t for t, k, _ in events if k == "crowd.force_stage" and t < END_S]


def test_the_dispersal_order_comes_after_the_grace_and_force_waits_for_its_order(late):
    events = late["model"].events
    assert at(events, "crowd.permit_dispersal") == [END_S + GRACE_S]
    asked = at(events, "crowd.authorisation_requested", measure="force_stage")
    assert asked == [END_S + GRACE_S]
    assert at(events, "crowd.authorised", measure="force_stage") == [
        END_S + GRACE_S + AUTHORISATION_S
    ]
    assert at(events, "crowd.force_stage", stage=3) == [END_S + GRACE_S + AUTHORISATION_S]


def test_without_an_authorisation_delay_force_comes_with_the_order():
    model = CrowdModel(evening(), police(appeal_grace=f"{GRACE_S:g} s"), rng=3)
    model.run(END_S + GRACE_S + 2)
    assert at(model.events, "crowd.force_stage", stage=3) == [END_S + GRACE_S]


def test_calm_people_leave_after_the_order_and_not_before(late):
    model, at_order = late["model"], late["at_order"]
    assert at_order == {"present": PEOPLE, "leaving": 0}  # the appeal alone moves nobody
    # From the order on each calm person decides to leave with probability
    # COMPLY_RATE x legitimacy x 2 s at each of the 601 decisions 2400 s .. 3600 s:
    # 60 x (1 - (1 - 0.006)^601) = 58.4 are expected to go (binomial sd 1.3).
    p_stay = (1 - COMPLY_RATE * LEGITIMACY * 2.0) ** 601
    assert PEOPLE * (1 - p_stay) == pytest.approx(58.4, abs=0.05)
    leaving = int(model.leaving.sum())
    assert 54 <= leaving <= PEOPLE
    present = int(model.present_mask().sum())
    assert present <= PEOPLE - leaving + 3  # those leaving walk out (20 m at about 1.3 m/s)
    kpis = model.permit.kpis()
    assert kpis["present_at_permit_end"] == PEOPLE
    # The crowd (30 people or more, the status's own rule) stays through the grace and until
    # about half have gone: 600 s + about ln 2 / 0.003 = 231 s and the walk out.
    assert 10 + 3 < kpis["past_permit_min"] < 10 + 8


def test_a_crowd_nobody_orders_away_stays_the_whole_remaining_half_hour():
    """Grace 1 h: the order would fall after the scene; 60 people stay 18:00-18:30."""
    model = CrowdModel(evening(), police(appeal_grace="1 h"), rng=3)
    model.run()
    assert at(model.events, "crowd.permit_appeal") == [END_S]
    assert at(model.events, "crowd.permit_dispersal") == []
    assert not model.leaving.any()
    assert model.permit.kpis() == {"past_permit_min": 30.0, "present_at_permit_end": PEOPLE}


def test_a_scene_inside_its_hours_is_untouched(late):
    """Until 18:00 the evening scene is, bit for bit, the same scene held at 10:00, which
    never meets the rule (10:00-11:00 is inside its hours: no decision is ever due)."""
    morning = CrowdModel(evening(start="10:00"), police(**LATE), rng=3)
    morning.run(END_S - 2)
    assert np.array_equal(morning.pos, late["before"]["pos"])
    assert morning.events == late["before"]["events"]
    assert not morning.permit.applies
    assert not any(morning.permit.due(t) for t in np.arange(0.0, 3602.0, 2.0))


@pytest.mark.parametrize(
    "start, window, end_s",
    [
        ("17:30", ("06:00", "18:00"), 1800.0),
        ("21:30", ("06:00", "22:00"), 1800.0),  # a closed place: Perkap 7/2012 Pasal 7(1)b
        ("05:30", ("06:00", "18:00"), 0.0),  # before the hours open: appealed at once
        ("10:00", ("06:00", "18:00"), None),
        ("H+1 17:00", ("06:00", "18:00"), 3600.0),  # any day
    ],
)
def test_the_permitted_end_in_scene_seconds(start, window, end_s):
    spec = evening(start=start, duration="2 h")
    model = CrowdModel(spec, police(window=list(window)), rng=3)
    assert model.permit.end_s == end_s


SMALL = {
    "metadata.start": "17:00",
    "metadata.horizon": "2 h",
    "crowd.groups[0].size": 120,
    "crowd.groups[0].provocateurs": 0,
    "crowd.groups[0].arrive_over": ["0 min", "5 min"],
    "crowd.groups[1].size": 30,
    "crowd.groups[1].arrive_over": ["0 min", "5 min"],
}
EVENING = {
    **SMALL,
    "crowd.start": "17:30",
    "crowd.duration": "1 h",
    "strategies.berlapis.crowd.doctrine.appeal_grace": "10 min",
}


@pytest.fixture(scope="module")
def evening_drill(tmp_path_factory):
    result = run_drill(load_scenario("demo_kpu_bangil", EVENING), "berlapis", 1)
    return result, write_run(result, tmp_path_factory.mktemp("permit") / "run")


def test_a_drill_past_the_permit_reports_it_and_one_inside_does_not(evening_drill):
    result, _ = evening_drill
    (row,) = result.tables["crowd_scenes"]
    assert result.kpis["crowd.present_at_permit_end"] == row["present_at_permit_end"] == 150
    assert result.kpis["crowd.past_permit_min"] == row["past_permit_min"] >= 10
    inside = run_drill(
        load_scenario(
            "demo_kpu_bangil", {**SMALL, "crowd.start": "17:00", "crowd.duration": "5 min"}
        ),
        "berlapis",
        1,
    )
    assert not [k for k in inside.kpis if "permit" in k]
    assert "past_permit_min" not in inside.tables["crowd_scenes"][0]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_aar_names_the_scene_its_crowd_and_the_order(evening_drill, lang):
    result, folder = evening_drill
    text = Text(lang)
    (finding,) = [f for f in evaluate(DrillFolder(folder), text) if f.objective.key == "permit"]
    assert not finding.met and finding.value == result.kpis["crowd.past_permit_min"]
    assert finding.evidence == text(
        "obj.evidence.permit",
        scene="Unjuk rasa tolak hasil rekapitulasi",
        present=150,
        end="18:00",
        order="18:10",
        minutes=result.kpis["crowd.past_permit_min"],
    )
    assert finding.action == text("act.permit")


def test_validate_warns_what_will_happen_and_passes(capsys):
    settings = (
        "crowd.start=17:30",  # unquoted, as a planner types it (not YAML's base-60 1050)
        "crowd.duration=1 h",
        "metadata.horizon=11 h",
        "strategies.reaktif.crowd.doctrine.appeal_grace=10 min",
        "strategies.reaktif.crowd.doctrine.command.authorised_stage=3",
        "strategies.reaktif.crowd.doctrine.command.authorisation=2 min",
    )
    assert main(["validate", "demo_kpu_bangil", *(a for s in settings for a in ("--set", s))]) == 0
    warnings = [w for w in capsys.readouterr().err.splitlines() if "Perkap 7/2012" in w]
    berlapis, reaktif = sorted(warnings, key=lambda w: "strategy reaktif" in w)
    for line in (berlapis, reaktif):
        assert line.startswith("warning: demo_kpu_bangil: crowd.duration: scene 'massa' runs ")
        assert "17:30-18:30" in line and "hours 06:00-18:00" in line
        assert "at 18:00 the negotiators (or the Kapolsek) appeal" in line
    assert "strategy berlapis, berlapis_siaga)" in berlapis
    assert "the order would come at 18:30, after the scene ends" in berlapis
    assert "at 18:10 they order it" in reaktif and "up to stage 3" in reaktif
    assert "from stage 3 only once authorised (2 min after it is asked for)" in reaktif


def test_no_bundled_scene_runs_past_its_hours():
    for path in sorted(bundled_dir().glob("*.yaml")):
        spec = load_scenario(path.stem)
        if scenes(spec):
            assert permit_warnings(spec) == [], path.stem


BAD_WINDOW = (
    "schema_version: 1\nbase: demo_kpu_bangil\nstrategies:\n  berlapis:\n    crowd:\n"
    "      doctrine:\n        window: ['{0}', '{1}']\n        appeal_grace: soon\n"
)


@pytest.mark.parametrize(
    "window, words",
    [
        (("18:00", "06:00"), "start before end"),
        (("06:00", "6pm"), "expected a clock time"),
        (("06:00", "H+1 02:00"), "within one day"),
    ],
)
def test_a_bad_window_is_located(window, words):
    with pytest.raises(ScenarioError) as err:
        parse_scenario(BAD_WINDOW.format(*window), "w.yaml", folder=bundled_dir())
    where = {p.path: (p.line, p.message) for p in err.value.problems}
    path = "strategies.berlapis.crowd.doctrine.window"
    found = {k: v for k, v in where.items() if k.startswith(path)}
    assert found and all(line == 7 for line, _ in found.values())
    assert any(words in message for _, message in found.values())
    assert where["strategies.berlapis.crowd.doctrine.appeal_grace"][0] == 8


def test_a_bad_window_exits_2_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "w.yaml"
    text = BAD_WINDOW.format("18:00", "06:00").replace("  appeal_grace: soon\n", "")
    bad.write_text(text.replace("base: demo_kpu_bangil", f"base: {DEMO}"))
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "w.yaml:7:" in err and "doctrine.window" in err and "Traceback" not in err
    assert not out.exists()


def test_with_two_scenes_the_one_inside_its_hours_reports_zero_and_the_drill_adds_up():
    """demo_rekap_dua_lokasi, small: KPU 17:50-18:10 runs past 18:00, Bawaslu 17:00-17:10
    does not."""
    small = {"metadata.start": "17:00", "metadata.horizon": "2 h"}
    for scene, start, minutes in (("crowd", "17:50", 20), ("crowds[0]", "17:00", 10)):
        small |= {f"{scene}.start": start, f"{scene}.duration": f"{minutes} min"}
        small |= {f"{scene}.groups[0].size": 40, f"{scene}.groups[0].provocateurs": 0}
        small |= {f"{scene}.groups[0].arrive_over": ["0 min", "2 min"]}
    small |= {"crowd.groups[1].size": 10, "crowd.groups[1].arrive_over": ["0 min", "2 min"]}
    result = run_drill(load_scenario("demo_rekap_dua_lokasi", small), "berlapis", 1)
    rows = {row["scene"]: row for row in result.tables["crowd_scenes"]}
    assert rows["bawaslu"]["past_permit_min"] == rows["bawaslu"]["present_at_permit_end"] == 0
    assert rows["kpu"]["present_at_permit_end"] == 50  # everyone arrived by 17:52
    assert rows["kpu"]["past_permit_min"] == 10.0  # nobody is ordered away before 18:10
    for name in ("past_permit_min", "present_at_permit_end"):
        assert result.kpis[f"crowd.{name}"] == rows["kpu"][name]


def test_after_the_dispersal_order_the_commander_may_order_soft_hands_at_hijau():
    """Before the order stage 3 against an orderly crowd is refused as always; after it, up to
    the doctrine's dispersal_stage (3) is the doctrine's own posture, and 4 is still refused."""
    spec = load_scenario("demo_kpu_bangil", EVENING)
    session = Session(spec, "berlapis", seed=1)
    order = session.drill.clock.at(spec.crowd.start) + END_S + GRACE_S
    session.advance(order - 60)
    early = session.order("limit_force", {"crowd": "massa", "stage": "3"}, by="Kapolres")
    assert not early.accepted and "verbal orders (stage 2)" in early.reason
    session.advance(order + 60)
    assert session.order("limit_force", {"crowd": "massa", "stage": "3"}, by="Kapolres").accepted
    hard = session.order("limit_force", {"crowd": "massa", "stage": "4"}, by="Kapolres")
    assert not hard.accepted and "above stage 3 (the dispersal" in hard.reason
