"""The one dispatcher, on hand-computed cases, with a drill that holds no model at all.

The line scenario: hq sits at sector a; a-b is 10 km and b-c 20 km of arterial road at 40 km/h,
so a car from hq needs 15 min to b and 45 min to c.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import Path

import numpy as np
import pytest
import simpy

from simulation.core.dispatcher import Dispatcher, Request
from simulation.core.drill import Drill
from simulation.core.plugins import ModelPlugin, PluginError, installed, ordered
from simulation.core.unit import BUSY, DETACHED, IDLE, RETURN
from simulation.geography import load_scenario
from tests.siren.plugin import PLUGIN as SIREN

LINE = Path(__file__).parent / "data" / "line.yaml"
MIN = 60.0
ANY: Callable = lambda unit: True  # noqa: E731


def bare(strategy: str = "one_car", **overrides: object) -> Drill:
    """A line drill with no model: only the clock, the force pool and its dispatcher."""
    return Drill(load_scenario(LINE, dict(overrides) or None), strategy, seed=0, plugins=[])


def borrow(
    drill: Drill,
    at: float,
    hold: float,
    where: str = "a",
    log: list | None = None,
    **kwargs: object,
) -> Generator[simpy.Event, None, None]:
    """At ``at`` ask for a unit, note when it came, keep it ``hold`` s, give it back."""
    yield drill.env.timeout(at)
    req = drill.dispatcher.request(ANY, where, **kwargs)
    unit = yield req
    if log is not None:
        log.append((kwargs.get("who"), drill.env.now, unit.label))
    yield drill.env.timeout(hold)
    req.release(where)


def test_a_unit_freed_at_t_is_borrowed_at_t():
    drill = bare()
    got: list = []
    drill.env.process(borrow(drill, 0.0, 1000.0, who="first"))
    drill.env.process(borrow(drill, 10.0, 5.0, log=got, who="second"))
    drill.advance(5000.0)
    # the second request waited in the queue and was served the instant the car came free
    assert got == [("second", 1000.0, drill.dispatcher.units[0].label)]


def test_waiting_requests_are_served_by_priority_then_by_time():
    drill = bare()
    order: list = []
    drill.env.process(borrow(drill, 0.0, 100.0, who="holder"))
    for at, priority, who in [(10, 1, "p1"), (20, 3, "p3-late"), (15, 3, "p3"), (30, 2, "p2")]:
        drill.env.process(borrow(drill, at, 50.0, log=order, who=who, priority=priority))
    drill.advance(5000.0)
    assert [(who, t) for who, t, _ in order] == [
        ("p3", 100.0),
        ("p3-late", 150.0),
        ("p2", 200.0),
        ("p1", 250.0),
    ]


def test_the_nearest_free_unit_by_road_goes():
    drill = bare("with_brimob")
    car, brimob = drill.dispatcher.units
    brimob.node = "c"  # Brimob stands at c (0 km from c, 20 km from b); the car at hq (a)
    d = drill.dispatcher
    assert d.travel_s(car, "b", 0.0) == pytest.approx(15 * MIN)
    assert d.travel_s(brimob, "b", 0.0) == pytest.approx(30 * MIN)
    assert d.nearest(d.units, "b", 0.0) is car
    assert d.nearest(d.units, "c", 0.0) is brimob
    req = d.request(ANY, "c")
    assert req.triggered and req.unit is brimob and brimob.state == DETACHED


def test_preemption_takes_a_unit_from_a_lower_priority_preemptible_holder():
    drill = bare()
    d = drill.dispatcher
    lost: list = []
    low = d.request(ANY, "a", priority=1, preemptible=True, on_preempt=lost.append)
    high = d.request(ANY, "a", priority=3, preempt=True)
    assert high.unit is low.unit and lost == [low.unit]
    low.release("a")  # the old holder's late release does nothing
    assert high.unit.holder is high and high.unit.state == DETACHED
    kept = d.request(ANY, "a", priority=4, preempt=True)
    assert kept.waiting, "a holder that is not preemptible keeps its unit"


def test_equal_priority_never_preempts():
    d = bare().dispatcher
    first = d.request(ANY, "a", priority=3, preemptible=True)
    second = d.request(ANY, "a", priority=3, preempt=True)
    assert first.unit is not None and second.waiting


def test_a_cancelled_request_is_never_served_and_a_no_wait_request_is_dropped():
    drill = bare()
    d = drill.dispatcher
    held = d.request(ANY, "a")
    cancelled = d.request(ANY, "a")
    dropped = d.request(ANY, "a", wait=False)
    assert cancelled.waiting and not dropped.waiting and dropped.unit is None
    cancelled.cancel()
    held.release(held.unit.station)
    assert cancelled.unit is None and not d.waiting and held.unit.state == IDLE


def test_a_released_unit_drives_home_and_can_be_sent_again_on_the_way():
    drill = bare()
    d = drill.dispatcher
    (car,) = d.units
    req = d.request(ANY, "c")
    req.release("c")  # at t=0, 45 min from hq
    assert car.state == RETURN and car.return_s == pytest.approx(45 * MIN)
    drill.advance(10 * MIN)
    again = d.request(ANY, "b")
    assert again.unit is car
    assert (car.node, car.local_km) == ("c", 0.0), "before half the trip it is at the far end"


def test_units_come_on_duty_and_take_the_waiting_request():
    drill = bare(
        **{
            "strategies.one_car.mobile": [
                {"unit_type": "car", "count": 1, "stations": ["hq"], "on_duty": ["09:00", "20:00"]}
            ]
        }
    )
    got: list = []
    drill.env.process(borrow(drill, 0.0, 60.0, log=got, who="early"))
    drill.advance(3 * 3600.0)
    assert got and got[0][1] == pytest.approx(3600.0), "on duty at 09:00, one hour in"


def test_a_model_is_a_folder_and_a_plugin_not_an_edit_of_the_core():
    spec = load_scenario(LINE)
    result = Drill(spec, "one_car", 0, plugins=[*installed(), SIREN]).run()
    # the nearest free unit is the car at hq: 45 min to c, unless an incident holds it
    assert result.kpis["siren.response_min"] >= 45.0
    assert any(e.kind == "siren.arrived" for e in result.events)
    assert "patrol.incidents" in result.kpis, "the installed models run beside it"
    bare_run = Drill(spec, "one_car", 0, plugins=[SIREN]).run()
    assert bare_run.kpis == {"siren.response_min": pytest.approx(45.0)}


def test_the_bundled_models_are_found_by_entry_point_in_dependency_order():
    names = [p.name for p in installed()]
    assert set(names) == {
        "patrol",
        "crowd",
        "logistics",
        "information",
        "msel",
        "election",
        "emergency",
    }
    before = ("crowd", "logistics", "patrol", "emergency")
    assert names.index("msel") > max(names.index(n) for n in before)
    assert names.index("emergency") > max(names.index(n) for n in ("crowd", "patrol"))


def test_plugins_that_wait_on_each_other_or_on_a_missing_one_are_refused():
    a = ModelPlugin(name="a", build=lambda d: None, after=("b",))
    b = ModelPlugin(name="b", build=lambda d: None, after=("a",))
    with pytest.raises(PluginError, match="wait on each other"):
        ordered([a, b])
    with pytest.raises(PluginError, match="needs b"):
        ordered([a])


def test_request_is_a_simpy_event():
    assert issubclass(Request, simpy.Event) and Dispatcher.request.__doc__


def test_the_busy_count_is_a_recount_of_the_units_after_every_event():
    """``Dispatcher.busy`` is kept as units are assigned, pre-empted and freed; it must equal
    asking every unit, whatever the history (random requests, priorities, pre-emption,
    cancelled and dropped requests, units called back on their way home)."""
    drill = bare(
        **{"strategies.one_car.mobile": [{"unit_type": "car", "count": 3, "stations": ["hq"]}]}
    )
    d, rng = drill.dispatcher, np.random.default_rng(7)

    def history() -> Generator[simpy.Event, None, None]:
        for _ in range(120):
            yield drill.env.timeout(float(rng.exponential(5 * MIN)))
            priority = int(rng.integers(1, 5))
            where = str(rng.choice(["a", "b", "c"]))
            kind = rng.random()
            if kind < 0.1:
                d.request(ANY, where, wait=False)  # served at once or dropped
            elif kind < 0.2:
                req = d.request(ANY, where, priority=priority)
                if req.waiting:
                    req.cancel()
                else:
                    req.release(where)  # back at once: it drives home
            else:
                drill.env.process(
                    borrow(
                        drill,
                        0.0,
                        float(rng.exponential(20 * MIN)),
                        where,
                        priority=priority,
                        preempt=bool(rng.random() < 0.5),
                        preemptible=bool(rng.random() < 0.5),
                    )
                )

    drill.env.process(history())
    drill.advance(0.0)
    seen = set()
    while drill.env.peek() < drill.horizon:
        drill.env.step()
        busy = sum(1 for u in d.units if u.state in BUSY)
        assert d.busy == busy, f"at t={drill.env.now}"
        seen.add(busy)
    assert seen == {0, 1, 2, 3}, "the history keeps every count from idle to all busy"
    assert any(e.kind == "force.preempt" for e in drill.events), "and pre-empts units"
