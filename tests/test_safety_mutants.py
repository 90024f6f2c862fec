"""Tests written for mutants that survived benchmarks/mutation.py (see docs/mutation.md).

Each test pins a behaviour a surviving mutant changed: the layout of the experiment tables, the
edges of the verdict and precision rules, and the words of the report labels. Expected values
are worked out by hand.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from simulation.experiments.statistics import (
    paired_differences,
    precise_enough,
    replications_needed,
    summarise,
    verdict,
)
from simulation.reports.labels import Text

# --- experiment statistics -------------------------------------------------------------------


def _runs() -> pd.DataFrame:
    """Two replications of 'statis' and 'mobile' (listed in that order, not alphabetical)."""
    return pd.DataFrame(
        {
            "strategy": ["statis", "mobile", "statis", "mobile"],
            "replication": [0, 0, 1, 1],
            "error": ["", "", "", ""],
            "patrol.response_mean_min": [10.0, 7.0, 12.0, 8.0],
        }
    )


def test_summary_keeps_the_strategies_in_the_order_given_and_its_columns() -> None:
    summary = summarise(_runs(), ["strategy"], ["patrol.response_mean_min"])
    assert list(summary.columns) == [
        "strategy",
        "kpi",
        "n",
        "mean",
        "sd",
        "ci_low",
        "ci_high",
        "failed",
    ]
    assert list(summary["strategy"]) == ["statis", "mobile"]
    assert list(summary["mean"]) == [11.0, 7.5]
    # sd of (10, 12) is sqrt(2); half-width t(0.975, 1) x sqrt(2) / sqrt(2) = 12.706.
    assert summary["ci_high"].iloc[0] - 11.0 == pytest.approx(12.7062, abs=1e-4)


def test_an_empty_summary_and_empty_differences_still_have_their_columns() -> None:
    empty = _runs().iloc[0:0]
    assert list(summarise(empty, ["strategy"], ["k"]).columns) == [
        "strategy",
        "kpi",
        "n",
        "mean",
        "sd",
        "ci_low",
        "ci_high",
        "failed",
    ]
    only_baseline = _runs()[_runs()["strategy"] == "statis"]
    diffs = paired_differences(
        only_baseline, "statis", ["patrol.response_mean_min"], {"patrol.response_mean_min": "lower"}
    )
    assert len(diffs) == 0
    assert list(diffs.columns) == [
        "strategy",
        "baseline",
        "kpi",
        "n",
        "mean",
        "sd",
        "ci_low",
        "ci_high",
        "paired",
        "verdict",
    ]


def test_paired_differences_rows_name_strategy_baseline_and_kpi() -> None:
    kpi = "patrol.response_mean_min"
    diffs = paired_differences(_runs(), "statis", [kpi], {kpi: "lower"})
    assert list(diffs.columns) == [
        "strategy",
        "baseline",
        "kpi",
        "n",
        "mean",
        "sd",
        "ci_low",
        "ci_high",
        "paired",
        "verdict",
    ]
    [row] = diffs.to_dict("records")
    # Differences mobile - statis: -3 and -4; mean -3.5, sd sqrt(0.5), half 12.706 x 0.5.
    assert (row["strategy"], row["baseline"], row["kpi"], row["n"]) == ("mobile", "statis", kpi, 2)
    assert row["mean"] == -3.5
    assert row["sd"] == pytest.approx(math.sqrt(0.5))
    assert row["ci_low"] == pytest.approx(-3.5 - 6.3531, abs=1e-4)
    assert row["ci_high"] == pytest.approx(-3.5 + 6.3531, abs=1e-4)
    assert row["paired"] == 2
    assert row["verdict"] == "no significant difference"


@pytest.mark.parametrize(
    ("low", "high", "better", "expected"),
    [
        (0.0, 1.0, "lower", "no significant difference"),  # touching zero is not significant
        (-1.0, 0.0, "lower", "no significant difference"),
        (-0.5, 0.5, "higher", "no significant difference"),
        (-2.0, -0.5, "lower", "better"),
        (-2.0, -0.5, "higher", "worse"),
        (0.5, 2.0, "lower", "worse"),
        (0.5, 2.0, "higher", "better"),
        (0.5, 2.0, "none", "higher"),
        (-2.0, -0.5, "none", "lower"),
        (math.nan, math.nan, "lower", "no significant difference"),
    ],
)
def test_verdict_edges(low: float, high: float, better: str, expected: str) -> None:
    assert verdict(low, high, better) == expected


def _summary(mean: float, half: float, sd: float, n: int = 4) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "kpi": "k",
                "n": n,
                "mean": mean,
                "sd": sd,
                "ci_low": mean - half,
                "ci_high": mean + half,
            }
        ]
    )


def test_precision_rule_at_its_edges() -> None:
    # Half-width exactly 10% of the mean: precise enough at 10%.
    assert precise_enough(_summary(10.0, 1.0, 1.3), ["k"], 0.1)
    # Half-width 1.2 of a mean 10: not within 10% (a third of the width, 0.8, would be).
    assert not precise_enough(_summary(10.0, 1.2, 1.0), ["k"], 0.1)
    # No spread: exact, whatever the mean.
    assert precise_enough(_summary(0.0, 0.0, 0.0), ["k"], 0.1)
    assert not precise_enough(_summary(10.0, 1.2, 1.0), ["other"], 0.1)  # no such KPI


def test_replications_needed_by_hand() -> None:
    # n* = n (h / target)^2 = 4 x (2 / 1)^2 = 16.
    assert replications_needed(_summary(10.0, 2.0, 1.0), ["k"], 0.1) == 16
    # A mean of 0 with spread can never meet a relative target: ratio counts as 2 -> 4 x 4.
    assert replications_needed(_summary(0.0, 2.0, 1.0), ["k"], 0.1) == 16
    assert replications_needed(_summary(0.0, 2.0, 1.0, n=5), ["k"], 0.1) == 20


# --- report labels ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "kpi", "arrow", "words"),
    [
        ("en", "patrol.response_mean_min", "← better", "(lower is better)"),
        ("en", "patrol.within_target_share", "better →", "(higher is better)"),
        ("en", "patrol.incidents", "", ""),
        ("id", "patrol.response_mean_min", "← lebih baik", "(makin rendah makin baik)"),
        ("id", "patrol.within_target_share", "lebih baik →", "(makin tinggi makin baik)"),
        ("id", "patrol.incidents", "", ""),
    ],
)
def test_better_arrows_and_words(lang: str, kpi: str, arrow: str, words: str) -> None:
    text = Text(lang)  # type: ignore[arg-type]
    assert text.better(kpi) == arrow
    assert text.better_words(kpi) == words


def test_terms_fall_back_to_the_identifier() -> None:
    assert Text("id").term("leg", "truck") == "truk: gudang ke PPK"
    assert Text("en").term("leg", "truck") == "truck: warehouse to PPK"
    assert Text("id").term("leg", "helicopter") == "helicopter"


def test_strings_keep_their_punctuation_only_numbers_change_separators() -> None:
    text = Text("id")
    assert text("foot.strategies", strategies="statis, mobile") == "strategi: statis, mobile"
    assert (
        text("foot.replications", n=1250, seeds="1-40") == "1250 replikasi per strategi, seed 1-40"
    )
    assert text.number(1234.5) == "1.234,5"
    assert text.number(0.25) == "0,25"


def test_axis_and_value_of_a_kpi_without_a_unit_or_registration() -> None:
    text = Text("en")
    assert text.kpi_axis("not.registered") == "not.registered"
    assert text.value("not.registered", 2.5) == "2.5"
    assert text.value("patrol.response_mean_min", 12.345) == "12.3 min"
    assert text.value("patrol.response_mean_min", 12345.0) == "12,345 min"


def test_unknown_language_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match=r"^language must be one of en, id, got 'fr'$"):
        Text("fr")  # type: ignore[arg-type]


def test_nan_mean_of_no_values_is_nan_not_an_error() -> None:
    from simulation.experiments.statistics import mean_interval

    out = mean_interval(np.array([]))
    assert out["n"] == 0
    assert all(math.isnan(out[k]) for k in ("mean", "sd", "ci_low", "ci_high"))


# --- the dispatcher, driven directly on a clock ----------------------------------------------
# The four kecamatan of tests/test_safety_dispatch.py: a -30 min- b -15 min- c -30 min- d by road,
# village roads 20 km/h (3 min per km) everywhere.


class Pool:
    """A dispatcher over cars at the given stations (and duty windows), with its event log."""

    def __init__(self, stations: list[str], duty: tuple[float, float] = (-math.inf, math.inf)):
        import simpy

        from simulation.core.dispatcher import Dispatcher
        from simulation.core.unit import Unit
        from simulation.geography import parse_scenario
        from simulation.geography.roads import RoadNetwork
        from tests.test_safety_dispatch import LINE

        spec = parse_scenario(LINE, "line.yaml")
        self.env = simpy.Environment()
        self.log: list[tuple[float, str, dict]] = []
        car = spec.forces.unit_types[0]
        self.units = [Unit(k, car, s, duty) for k, s in enumerate(stations, start=1)]
        self.dispatcher = Dispatcher(
            self.env,
            RoadNetwork(spec.geography),
            spec.geography.roads.local,
            self.units,
            lambda kind, **f: self.log.append((self.env.now, kind, f)),
        )

    def kinds(self) -> list[tuple]:
        return [(t, kind, tuple(sorted(f.items()))) for t, kind, f in self.log]


def anyone(unit) -> bool:
    return True


def test_travel_time_by_hand_with_village_legs_and_a_faster_unit() -> None:
    pool = Pool(["a"])
    [car] = pool.units
    d = pool.dispatcher
    # a -> b by road 30 min, then 2 km of village road at 20 km/h: 6 min.
    assert d.travel_s(car, "b", 2.0) == pytest.approx(36 * 60)
    # Inside its own kecamatan, 1 km out, to a point 3 km out: 4 km at 20 km/h.
    car.local_km = 1.0
    assert d.travel_s(car, "a", 3.0) == pytest.approx(12 * 60)
    # From 1 km out of a to b's centre: 3 min + 30 min.
    assert d.travel_s(car, "b", 0.0) == pytest.approx(33 * 60)


def test_a_motorbike_twice_as_fast_takes_half_the_time() -> None:
    pool = Pool(["a"])
    [car] = pool.units
    car.unit_type = car.unit_type.model_copy(update={"speed_factor": 2.0})
    assert pool.dispatcher.travel_s(car, "b", 2.0) == pytest.approx(18 * 60)


def test_defaults_of_a_request_and_the_event_log_of_a_queue() -> None:
    """Defaults: the sector's centre, priority 0, no pre-emption either way, lent out."""
    pool = Pool(["c"])
    [car] = pool.units
    d = pool.dispatcher
    first = d.request(anyone, "b", who="escort")
    assert first.triggered and first.unit is car
    assert car.state == "detached" and car.holder is first
    assert d.travel_s(car, "b", 0.0) == pytest.approx(15 * 60)  # from c: the default 0 km
    # A second request with the default priority cannot take the car (no pre-emption by
    # default, and the first is not preemptible by default either).
    second = d.request(anyone, "b", who="reinforcement", priority=3, preempt=True)
    assert second.waiting and second.unit is None
    third = d.request(anyone, "a", who="late")
    assert pool.kinds() == [
        (0.0, "force.assign", (("unit", car.label), ("who", "escort"))),
        (0.0, "force.queue", (("waiting", 1), ("who", "reinforcement"))),
        (0.0, "force.queue", (("waiting", 2), ("who", "late"))),
    ]
    # Released 2 km into b at t = 0: the higher priority waiting request gets it at once.
    first.release("b", 2.0)
    assert second.unit is car and third.waiting
    assert car.state == "detached"
    assert pool.log[-2:] == [
        (0.0, "force.release", {"unit": car.label, "who": "escort", "node": "b"}),
        (0.0, "force.assign", {"unit": car.label, "who": "reinforcement"}),
    ]
    # A second release of the first request is a no-op: the car stays with 'reinforcement'.
    first.release("a")
    assert car.holder is second and car.node == "b" and car.local_km == 2.0


def test_waiting_requests_of_equal_priority_are_served_first_come_first_served() -> None:
    pool = Pool(["c"])
    [car] = pool.units
    d = pool.dispatcher
    job = d.request(anyone, "c")
    late = d.request(anyone, "c", since=50.0, who="late")
    early = d.request(anyone, "c", since=10.0, who="early")
    same = d.request(anyone, "c", since=10.0, who="same time, asked later")
    job.release("c")
    assert early.unit is car and late.waiting and same.waiting
    early.release("c")
    assert same.unit is car and late.waiting
    # A request that was never served: releasing it does nothing.
    before = list(pool.log)
    late.cancel()
    late.release("a")
    assert pool.log == before and not late.waiting


def test_preemption_only_from_lower_priority_preemptible_holders_on_duty() -> None:
    pool = Pool(["c", "a"])
    near, far = pool.units
    d = pool.dispatcher
    taken: list = []
    low = d.request(anyone, "b", priority=1, preemptible=True, on_preempt=taken.append, who="low")
    assert low.unit is near  # c is 15 min from b, a 30 min
    fixed = d.request(anyone, "b", priority=1, who="fixed")  # not preemptible
    assert fixed.unit is far
    # Equal priority never pre-empts; a unit the request does not want is never taken.
    equal = d.request(anyone, "b", priority=1, preempt=True)
    assert equal.waiting
    equal.cancel()
    picky = d.request(lambda u: u is far, "b", priority=4, preempt=True)
    assert picky.waiting  # far is held by a request that is not preemptible
    picky.cancel()
    high = d.request(anyone, "b", priority=4, preempt=True, who="high")
    assert high.unit is near and taken == [near] and near.holder is high
    assert (0.0, "force.preempt", {"unit": near.label, "who": "low", "by": "high"}) in pool.log
    low.release("d")  # the loser's release must not free the unit it lost
    assert near.holder is high and near.node == "c"


def test_an_off_duty_unit_is_not_taken_by_preemption() -> None:
    pool = Pool(["c"], duty=(0.0, 100.0))
    [car] = pool.units
    d = pool.dispatcher
    low = d.request(anyone, "b", priority=1, preemptible=True, on_preempt=lambda u: None)
    pool.env.run(until=200.0)
    high = d.request(anyone, "b", priority=4, preempt=True)
    assert high.waiting and car.holder is low


def test_a_unit_released_away_from_home_drives_back_and_is_idle_there() -> None:
    pool = Pool(["a"])
    [car] = pool.units
    job = pool.dispatcher.request(anyone, "a", 1.0)
    job.release("a", 1.0)  # 1 km out in its own kecamatan: 3 min home
    assert car.state == "return"
    pool.env.run(until=179.0)
    assert car.state == "return"
    pool.env.run(until=181.0)
    assert (car.state, car.node, car.local_km) == ("idle", "a", 0.0)
    again = pool.dispatcher.request(anyone, "a")
    again.release("a")  # at its station: nothing to drive
    assert (car.state, car.node, car.local_km) == ("idle", "a", 0.0)


def test_a_unit_released_after_its_duty_ends_goes_home_and_serves_nobody() -> None:
    pool = Pool(["a"], duty=(0.0, 100.0))
    [car] = pool.units
    d = pool.dispatcher
    job = d.request(anyone, "b")
    waiting = d.request(anyone, "b")
    pool.env.run(until=200.0)
    job.release("b")
    assert waiting.waiting and car.state == "return"


# --- patrol KPIs: costs, duty windows, the target's edge, a drill without incidents ----------

STAFFED = {
    # Three rawan TPS in b guarded 2-2-4 from 07:00 to 11:00: two groups (2 and 1 TPS), two
    # police each, Linmas 4 and ceil(4 x 1/2) = 2.
    "geography.sectors[1].tps": {"rawan": 3},
    "strategies.line.tps_guard": {
        "kurang_rawan": "0-1-0",
        "rawan": "2-2-4",
        "sangat_rawan": "0-1-0",
        "linmas_pool": "l",
        "on_duty": ["07:00", "11:00"],
    },
    # Besides one car in a, c and d all day: a car in d on duty 06:00-06:30 only, and one
    # whose duty (13:00-14:00) lies after the drill (06:00-12:00).
    "strategies.line.mobile": [
        {"unit_type": "car", "count": 1, "stations": ["a", "c", "d"]},
        {"unit_type": "car", "count": 1, "stations": ["d"], "on_duty": ["06:00", "06:30"]},
        {"unit_type": "car", "count": 1, "stations": ["d"], "on_duty": ["13:00", "14:00"]},
    ],
    "targets.response": "15 min",
    "forces.pools[1].officers": 6,  # the Linmas pool
}


def test_costs_utilisation_and_target_edge_by_hand() -> None:
    from simulation.core.drill import run_drill
    from simulation.geography import parse_scenario
    from tests.test_safety_dispatch import LINE

    k = run_drill(parse_scenario(LINE, "line.yaml", STAFFED), "line", seed=1).kpis
    # Cars: 3 x 2 officers x 6 h + 2 x 0.5 h + 2 x 0 h; guards 2 groups x 2 police x 4 h.
    assert k["cost.officer_hours"] == pytest.approx(36 + 1 + 0 + 16, rel=1e-12)
    assert k["cost.linmas_hours"] == pytest.approx((4 + 2) * 4, rel=1e-12)
    assert k["cost.officers"] == 5 * 2 + 2 * 2
    # Busy shares of the units on duty at some time: c 75 of 360 min, a 90 of 360, d 0,
    # the half-hour car 0; the car never on duty is left out.
    assert k["patrol.unit_utilisation"] == pytest.approx((75 / 360 + 90 / 360) / 4, rel=1e-12)
    # Responses 15 and 30 min against a 15-min target: the one on the target counts.
    assert k["patrol.within_target_share"] == 0.5
    assert k["patrol.escalated"] == 0.0
    assert k["patrol.preemptions"] == 0.0


def test_a_drill_without_incidents_has_no_response_numbers() -> None:
    from simulation.core.drill import run_drill
    from simulation.geography import parse_scenario
    from tests.test_safety_dispatch import LINE

    k = run_drill(parse_scenario(LINE, "line.yaml", {"msel.injects": []}), "line", 1).kpis
    assert k["patrol.incidents"] == 0.0
    for name in (
        "patrol.response_mean_min",
        "patrol.response_p50_min",
        "patrol.response_p90_min",
        "patrol.within_target_share",
        "patrol.wait_mean_min",
    ):
        assert math.isnan(k[name]), name
    assert k["patrol.unit_utilisation"] == 0.0
    assert k["cost.officer_hours"] == pytest.approx(3 * 2 * 6)


def test_a_unit_coming_on_duty_serves_the_queue_at_once() -> None:
    pool = Pool(["c"], duty=(1.0, math.inf))
    [car] = pool.units
    job = pool.dispatcher.request(anyone, "b", who="early")
    assert job.waiting
    pool.env.run(until=0.999)
    assert job.waiting
    pool.env.run(until=1.001)
    assert job.unit is car and pool.log[-1] == (
        1.0,
        "force.assign",
        {"unit": car.label, "who": "early"},
    )


@pytest.mark.parametrize("speed_factor", [1.0, 2.0])
def test_the_drive_home_takes_the_hand_computed_time(speed_factor: float) -> None:
    """Released 2 km into b, the car from a drives 6 min of village road and 30 min of road."""
    pool = Pool(["a"])
    [car] = pool.units
    car.unit_type = car.unit_type.model_copy(update={"speed_factor": speed_factor})
    home = 36 * 60 / speed_factor
    pool.dispatcher.request(anyone, "b").release("b", 2.0)
    pool.env.run(until=home - 1)
    assert car.state == "return"
    pool.env.run(until=home + 1)
    assert (car.state, car.node, car.local_km) == ("idle", "a", 0.0)


@pytest.mark.parametrize(
    ("called_min", "where", "to_c_min"),
    [
        (10.0, ("b", 2.0), 6 + 15),  # less than half of the 36-min trip: still near b
        (15.0, ("b", 2.0), 6 + 15),
        (18.0, ("a", 0.0), 30 + 15),  # half way or more: counted as home
        (20.0, ("a", 0.0), 30 + 15),
    ],
)
def test_a_unit_called_back_on_its_way_home_starts_from_the_nearer_end(
    called_min: float, where: tuple[str, float], to_c_min: float
) -> None:
    pool = Pool(["a"])
    [car] = pool.units
    d = pool.dispatcher
    d.request(anyone, "b").release("b", 2.0)
    pool.env.run(until=called_min * 60)
    assert car.state == "return"
    job = d.request(anyone, "c", who="next")
    assert job.unit is car and (car.node, car.local_km) == where
    assert d.travel_s(car, "c", 0.0) == pytest.approx(to_c_min * 60)
    pool.env.run(until=40 * 60)  # the interrupted drive home must not make it idle at a
    assert car.state == "detached" and car.holder is job
