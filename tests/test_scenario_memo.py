"""What drills derive from a scenario once (scenario/memo.py) is derived per spec and per what,
and leaves with its spec; the patrol's shared guard groups are each strategy's own."""

import gc

from simulation.core.drill import Drill
from simulation.geography import load_scenario
from simulation.scenario import DEFAULT_SCENARIO, memo
from simulation.scenario.deployment import guard_groups
from simulation.scenario.memo import per_scenario


class Spec:
    """A stand-in for a frozen spec: anything that can be weakly referenced."""


def test_derived_once_per_spec_and_what_and_dropped_with_the_spec():
    calls = []

    def derive(label):
        calls.append(label)
        return [label]

    a, b = Spec(), Spec()
    first = per_scenario(a, "x", lambda: derive("a x"))
    assert per_scenario(a, "x", lambda: derive("again")) is first
    assert per_scenario(a, "y", lambda: derive("a y")) == ["a y"]
    assert per_scenario(b, "x", lambda: derive("b x")) == ["b x"]
    assert calls == ["a x", "a y", "b x"]
    keys = {(id(a), "x"), (id(a), "y")}
    assert keys <= memo._DERIVED.keys()
    del a, first
    gc.collect()
    assert not keys & memo._DERIVED.keys()  # gone before another object can take the id
    assert (id(b), "x") in memo._DERIVED


def test_each_strategy_guards_with_its_own_groups():
    # The strategies split the TPS into guard groups of different sizes; drills of one
    # strategy share its groups, never another strategy's, whichever runs first.
    spec = load_scenario(DEFAULT_SCENARIO)
    for order in (list(spec.strategies), list(spec.strategies)[::-1]):
        for name in order:
            guards = Drill(spec, name, 0).component("patrol").guards
            groups = guard_groups(spec, spec.strategies[name])
            assert guards == {(g.sector, g.tps_class, g.index): g for g in groups}
        spec = load_scenario(DEFAULT_SCENARIO)  # a fresh spec: derived anew
