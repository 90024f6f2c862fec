"""MSEL timing: scripted, probabilistic and contingency injects on constructed states."""

import numpy as np
import pytest
import simpy

from simulation.core.state import StateBoard
from simulation.information.msel import MselRunner, Timing, Trigger
from simulation.scenario.conditions import parse_condition


def _runner() -> tuple[simpy.Environment, StateBoard, MselRunner, list[tuple[str, float]]]:
    env, board, fired = simpy.Environment(), StateBoard(), []
    runner = MselRunner(env, board, lambda number: fired.append((number, env.now)))
    return env, board, runner, fired


def _publish_at(
    env: simpy.Environment, board: StateBoard, changes: list[tuple[float, str, object]]
):
    def process():
        for at, name, value in changes:
            yield env.timeout(at - env.now)
            board.publish(name, value)

    env.process(process())


def test_scripted_injects_fire_at_their_time() -> None:
    env, _, runner, fired = _runner()
    runner.schedule("2", Timing(Trigger.SCRIPTED, 600.0), np.random.default_rng(0))
    runner.schedule("1", Timing(Trigger.SCRIPTED, 60.0), np.random.default_rng(0))
    env.run(until=1000)
    assert fired == [("1", 60.0), ("2", 600.0)]


def test_contingency_fires_at_the_instant_its_condition_becomes_true() -> None:
    env, board, runner, fired = _runner()
    condition = parse_condition("crowd.kpu.status >= merah and crowd.kpu.size > 300")
    runner.schedule("9", Timing(Trigger.CONTINGENCY, 100.0, 5000.0, condition=condition), None)
    _publish_at(
        env,
        board,
        [
            (50.0, "crowd.kpu.status", "merah"),  # true before the window opens: not yet
            (50.0, "crowd.kpu.size", 400.0),
            (60.0, "crowd.kpu.status", "kuning"),
            (1234.5, "crowd.kpu.size", 250.0),
            (2000.25, "crowd.kpu.status", "merah"),  # status right, size not
            (3141.5, "crowd.kpu.size", 301.0),  # both hold from here on
            (3500.0, "crowd.kpu.size", 900.0),
        ],
    )
    env.run(until=6000)
    assert fired == [("9", 3141.5)]
    assert runner.outcomes["9"].fired_s == 3141.5


def test_contingency_already_true_fires_when_its_window_opens() -> None:
    env, board, runner, fired = _runner()
    board.publish("hoax.h.reach", 0.4)
    condition = parse_condition("hoax.h.reach > 0.3")
    runner.schedule("3", Timing(Trigger.CONTINGENCY, 720.0, None, condition=condition), None)
    env.run(until=1000)
    assert fired == [("3", 720.0)]


def test_contingency_that_never_holds_in_its_window_does_not_fire() -> None:
    env, board, runner, fired = _runner()
    condition = parse_condition("crowd.kpu.status == merah")
    runner.schedule("4", Timing(Trigger.CONTINGENCY, 0.0, 500.0, condition=condition), None)
    _publish_at(
        env, board, [(100.0, "crowd.kpu.status", "kuning"), (501.0, "crowd.kpu.status", "merah")]
    )
    env.run(until=1000)
    assert fired == []
    assert runner.outcomes["4"].note == "condition not met"


def test_injects_chain_through_their_fired_flag() -> None:
    env, _, runner, fired = _runner()
    runner.schedule("1", Timing(Trigger.SCRIPTED, 300.0), None)
    follow = parse_condition("inject.1.fired == true")
    runner.schedule("2", Timing(Trigger.CONTINGENCY, 0.0, None, condition=follow), None)
    env.run(until=400)
    assert fired == [("1", 300.0), ("2", 300.0)]


def test_probabilistic_injects_fire_with_their_probability_inside_the_window() -> None:
    times = []
    for seed in range(1000):
        env, _, runner, fired = _runner()
        timing = Timing(Trigger.PROBABILISTIC, 1000.0, 4000.0, probability=0.3)
        runner.schedule("5", timing, np.random.default_rng(seed))
        env.run(until=5000)
        times += [t for _, t in fired]
    # Binomial(1000, 0.3): sd ~ 14.5, so +-3.5 sd.
    assert len(times) == pytest.approx(300, abs=51)
    assert min(times) >= 1000.0 and max(times) <= 4000.0
    # Uniform on the window: mean 2500, sd of the mean ~ 866 / sqrt(300) ~ 50.
    assert np.mean(times) == pytest.approx(2500.0, abs=200)


def test_the_msel_export_writes_durations_as_planners_write_them():
    from simulation.core.drill import run_drill
    from simulation.geography import load_scenario
    from simulation.scenario.units import format_duration, parse_duration

    rows = {r["number"]: r for r in run_drill(load_scenario(None), None, 1).tables["msel"]}
    assert rows["4"]["action"] == "block_road: a=pasrepan, b=puspo, for=8 h"
    for seconds in (18000.0, 5400.0, 90.0, 45.0, 0.5):
        assert parse_duration(format_duration(seconds)) == seconds
    assert [format_duration(s) for s in (18000.0, 5400.0, 90.0)] == ["5 h", "90 min", "90 s"]


def test_publishing_known_changes_sets_the_same_values_and_calls_the_same_watchers() -> None:
    calls: dict[str, list[tuple[str, object]]] = {"many": [], "changed": []}
    boards = {way: StateBoard() for way in calls}
    for way, board in boards.items():
        board.publish("a", 1.0)
        board.watch(["b"], lambda way=way, board=board: calls[way].append(("b", board.get("c"))))
    names, values = ["a", "b", "c"], [2.0, 5.0, 7.0]
    boards["many"].publish_many(names, values)
    boards["changed"].publish_changed(names, values)
    assert calls["changed"] == calls["many"] == [("b", None)], "watched: in turn, c not yet set"
    unwatched = ["a", "c"]
    for board in boards.values():
        board.publish_changed(unwatched, [3.0, 4.0])  # no watcher: one update
    assert [boards["changed"].get(n) for n in names] == [3.0, 5.0, 4.0]
    assert all(board._values == boards["many"]._values for board in boards.values())
