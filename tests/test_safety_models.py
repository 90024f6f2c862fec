"""The models' science modules against literature values and hand computations.

Written for the survivors of ``benchmarks/mutation.py --scope models`` (docs/mutation.md). As in
test_safety_references.py, the references are typed here, never read from the code's constants.
"""

from __future__ import annotations

import dataclasses
import math
import zlib

import numpy as np
import pytest
import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.core.randomness import DrillSeed, name_key
from simulation.crowd import harm
from simulation.crowd.weidmann import weidmann_speed
from simulation.emergency.fire import TSquaredFire
from simulation.information.network import Account, Community, build_network, gravity_mixing
from simulation.logistics.queues import Station
from simulation.logistics.weather import SpeedProfile, Weather
from tests.logistics_cases import tiny

# --- Weidmann (1993): v = v0 (1 - exp(-1.913 (1/rho - 1/5.4))) ----------------------------------


def test_weidmann_scales_with_the_free_speed_and_takes_arrays() -> None:
    """The shape factor does not depend on v0: a group walking at 1.0 m/s free slows by the
    same fraction, 1 - exp(-1.913 (1 - 1/5.4)) = 0.7896 at 1 person/m^2."""
    shape = 1 - math.exp(-1.913 * (1 / 1.0 - 1 / 5.4))
    assert float(weidmann_speed(1.0, v0=1.0)) == pytest.approx(shape, rel=1e-9)
    assert shape == pytest.approx(0.7896, abs=1e-4)
    speeds = weidmann_speed([1.0, 6.0])
    assert speeds.tolist() == pytest.approx([1.34 * shape, 0.0])


def test_weidmann_speed_of_an_empty_place_is_the_free_speed() -> None:
    with np.errstate(divide="raise", invalid="raise"):  # no division by zero at rho = 0
        assert float(weidmann_speed(0.0)) == pytest.approx(1.34)


# --- injury hazards (docs/crowd.md, "Injuries") --------------------------------------------------


def test_the_assumed_clash_and_crush_rates_are_the_documented_ones() -> None:
    """docs/crowd.md: clash 0.2 % a minute per violent person; crush 0.5 % a second per person/m^2
    above Fruin's 7 persons/m^2."""
    clash_per_minute = harm.CLASH_INJURY_RATE * 60
    assert clash_per_minute == pytest.approx(0.002, rel=1e-12)
    assert float(harm.crush_probability(np.array([2.0]), 10.0)[0]) == pytest.approx(0.1)


def test_force_injuries_are_whole_numbers_and_nobody_handled_nobody_hurt() -> None:
    rng = np.random.default_rng(5)
    civilians, officers = harm.force_injuries(rng, 40, 6, shields=True)
    assert type(civilians) is int and type(officers) is int  # written into JSON events
    assert harm.force_injuries(rng, 0, 6, shields=False) == (0, 0)
    # Soft hands (stage 3) is the first stage that hurts anybody.
    hurt = harm.force_injuries(np.random.default_rng(1), 1000, 3, shields=False)
    assert hurt[0] > 100 and hurt[1] > 100


# --- rain and travel ------------------------------------------------------------------------------

rain_windows = st.lists(
    st.tuples(st.floats(0, 20000), st.floats(1, 5000), st.floats(0.05, 1)), max_size=5
)


@settings(max_examples=150, deadline=None)
@given(rain_windows, st.floats(0, 20000), st.floats(0, 8000))
def test_covered_is_the_inverse_of_traverse(rain, t0, base) -> None:
    """Driving from t0 until the arrival time covers exactly the trip's dry-road seconds."""
    profile = SpeedProfile()
    for start, length, speed in rain:
        profile.add(start, start + length, speed)
    arrival = profile.traverse(t0, base)
    assert profile.covered(t0, arrival) == pytest.approx(base, abs=1e-6 * (1 + base))


def test_covered_by_hand() -> None:
    profile = SpeedProfile()
    profile.add(100.0, 200.0, 0.25)
    profile.add(300.0, 400.0, 0.0)
    assert profile.covered(0.0, 500.0) == pytest.approx(100 + 25 + 100 + 0 + 100)
    assert profile.covered(150.0, 350.0) == pytest.approx(12.5 + 100)
    assert profile.covered(50.0, 50.0) == 0.0
    # Overlapping rain: the slower wins, also where the second shower starts inside the first.
    profile.add(150.0, 250.0, 0.5)
    assert profile.covered(100.0, 300.0) == pytest.approx(25 + 25 + 50)
    profile.add(40.0, 40.0, 0.0)  # an empty window changes nothing
    assert profile.covered(0.0, 100.0) == pytest.approx(100.0)


def test_a_trip_ending_on_a_change_of_speed() -> None:
    profile = SpeedProfile()
    profile.add(100.0, 200.0, 0.5)
    assert profile.traverse(0.0, 100.0) == pytest.approx(100.0)
    assert profile.traverse(0.0, 150.0) == pytest.approx(200.0)
    assert profile.traverse(200.0, 10.0) == pytest.approx(210.0)


# The tiny chain (tests/logistics_cases.py) starts at H-1 06:00; a rule raining on H-1 from
# 06:00 to 23:00 covers drill seconds [0, 61200).
WET = {
    "id": "hujan",
    "days": ["H-1"],
    "probability": 1.0,
    "intensity_mm_h": 10,
    "window": ["06:00", "23:00"],
    "slowdown_per_mm_h": 0.05,
}
CLOCK_START = -86400 + 6 * 3600


def _weather(rules: list[dict], seed: int = 1) -> Weather:
    spec = tiny({"logistics.rain": rules})
    return Weather(spec.logistics, spec.geography, DrillSeed(seed), CLOCK_START)


def _drawn(rule: str, day: int, seed: int = 1) -> tuple[float, float]:
    """The rule's (uniform, unit exponential) of that day: the documented draw order."""
    rng = DrillSeed(seed).stream("logistics", "weather", rule, day)
    return rng.uniform(), rng.exponential()


def test_rain_slows_its_kecamatan_by_one_plus_slowdown_times_intensity() -> None:
    weather = _weather([dict(WET, sectors=["beta"])])
    mm_h = 10 * _drawn("hujan", -1)[1]
    [shower] = weather.showers
    assert (shower.rule, shower.t0, shower.t1, shower.sectors) == ("hujan", 0, 61200, ("beta",))
    assert shower.mm_h == pytest.approx(mm_h) and not shower.shuts_roads
    assert weather.traverse("beta", 0.0, 1000.0) == pytest.approx(1000 * (1 + 0.05 * mm_h))
    assert weather.traverse("beta", 61200.0, 1000.0) == pytest.approx(62200.0)
    assert weather.traverse("alpha", 0.0, 1000.0) == pytest.approx(1000.0)
    assert weather.covered("beta", 0.0, 1000.0) == pytest.approx(1000 / (1 + 0.05 * mm_h))
    assert weather.day_intensity("beta", -1) == pytest.approx(mm_h)
    assert weather.day_intensity("alpha", -1) == 0.0
    assert weather.day_intensity("beta", 0) == 0.0


def test_rain_by_terrain_reaches_only_that_terrain() -> None:
    assert _weather([dict(WET, terrain="highland")]).day_intensity("beta", -1) == 0.0
    everywhere = _weather([dict(WET, terrain="lowland")])
    assert everywhere.showers[0].sectors == ("alpha", "beta")
    assert _weather([WET]).showers[0].sectors == ("alpha", "beta")


def test_heavy_rain_shuts_the_roads_until_after_it_stops() -> None:
    rule = dict(WET, sectors=["beta"], closure_above_mm_h=0.5, closure_after="1 h")
    weather = _weather([rule])
    assert weather.showers[0].shuts_roads
    assert weather.traverse("beta", 0.0, 10.0) == pytest.approx(61200 + 3600 + 10)
    light = _weather([dict(rule, closure_above_mm_h=1000)])
    assert not light.showers[0].shuts_roads


def test_the_heaviest_shower_of_the_day_counts_and_dry_days_are_dry() -> None:
    days = ["H-1", "H"]
    light = dict(WET, id="gerimis", days=days, intensity_mm_h=1, sectors=["beta"])
    heavy = dict(WET, id="deras", days=days, intensity_mm_h=30, sectors=["beta"])
    weather = _weather([heavy, light])
    expected = max(1 * _drawn("gerimis", -1)[1], 30 * _drawn("deras", -1)[1])
    assert weather.day_intensity("beta", -1) == pytest.approx(expected)
    assert len(weather.showers) == 4
    dry = _weather([dict(heavy, probability=0.0)])
    assert dry.showers == [] and dry.day_intensity("beta", 0) == 0.0


def test_a_drizzle_under_one_mm_an_hour_still_counts() -> None:
    mm_h = 0.2 * _drawn("gerimis", -1)[1]
    assert 0 < mm_h < 1
    weather = _weather([dict(WET, id="gerimis", intensity_mm_h=0.2, sectors=["beta"])])
    assert weather.day_intensity("beta", -1) == pytest.approx(mm_h)
    assert weather.traverse("beta", 0.0, 100.0) == pytest.approx(100 * (1 + 0.05 * mm_h))


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6, 7, 8])
def test_a_rule_rains_when_its_uniform_is_below_the_probability(seed: int) -> None:
    wet, size = _drawn("hujan", 0, seed)
    for probability in (0.3, 0.7):
        weather = _weather([dict(WET, days=["H"], probability=probability)], seed)
        expected = 10 * size if wet < probability else 0.0
        assert weather.day_intensity("alpha", 0) == pytest.approx(expected)


# --- service points in plan order -----------------------------------------------------------------


def _serve(servers: int, jobs: list[tuple[float, float]], until: float | None = None):
    """Run jobs (ready time, duration) through a station in plan order; their start times."""
    env = simpy.Environment()
    station = Station(env, servers)
    places = [station.slot() for _ in jobs]
    starts: list[float] = []

    def job(place, ready: float, duration: float):
        yield env.timeout(ready)
        starts.append((yield from station.serve(place, duration)))

    for place, (ready, duration) in zip(places, jobs, strict=True):
        env.process(job(place, ready, duration))
    env.run(until=until)
    return station, starts


def test_jobs_go_to_server_k_mod_c_in_plan_order_and_littles_law_holds() -> None:
    """Two docks, four trucks ready at 0 taking 10, 20, 5, 5 min: truck 2 waits for dock 0 (free
    at 10), truck 3 for dock 1 (free at 20) although dock 0 is free at 15 - the loading list.
    Waiting: two trucks over [0, 10), one over [10, 20): area 30 over the busy window 0-20."""
    station, starts = _serve(2, [(0, 10), (0, 20), (0, 5), (0, 5)])
    assert sorted(starts) == [0, 0, 10, 20]
    assert station.waits == [0, 0, 10, 20]
    queue_length, rate, wait = station.little()
    assert (queue_length, rate, wait) == pytest.approx((30 / 20, 4 / 20, 30 / 4))
    assert queue_length == pytest.approx(rate * wait)


def test_little_counts_from_the_first_arrival_and_while_jobs_still_wait() -> None:
    # One desk; jobs ready at 5 and 6 taking 4 each: the second waits 3 (6 to 9).
    station, _ = _serve(1, [(5, 4), (6, 4)])
    assert station.first_arrival == 5 and station.last_departure == 9
    assert station.little() == pytest.approx((3 / 4, 2 / 4, 3 / 2))
    # Three jobs ready at 0, 1, 2 taking 4 each, stopped at 6: the second waited 1-4, the third
    # still waits since 2. Queue length 1 over [1, 2), 2 over [2, 4), 1 over [4, 6): area 7.
    early, _ = _serve(1, [(0, 4), (1, 4), (2, 4)], until=6)
    assert early.waiting == 1 and early.waits == [0, 3]
    assert early.little() == pytest.approx((7 / 4, 2 / 4, 3 / 2))


def test_little_of_an_idle_or_instant_station_is_zero() -> None:
    assert _serve(1, [])[0].little() == (0.0, 0.0, 0.0)
    assert _serve(1, [(5, 1)])[0].little() == (0.0, 0.0, 0.0)  # busy window of length 0
    # Half a second of busy window is still a window: 2 jobs at 0 taking 0.5 s on one desk.
    station, _ = _serve(1, [(0, 0.5), (0, 0.5)])
    assert station.little() == pytest.approx((0.5 / 0.5, 2 / 0.5, 0.5 / 2))


# --- the hoax network --------------------------------------------------------------------------


def _great_circle_km(a: Community, b: Community) -> float:
    """The spherical law of cosines on a 6371 km Earth (IUGG mean radius): an independent
    formula for the distance the haversine gives."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dl = math.radians(b.lng - a.lng)
    cos_c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(min(1.0, cos_c))


def test_gravity_mixing_off_the_equator_by_the_law_of_cosines() -> None:
    """Pasuruan lies at 7.6 degrees south: a neighbour due north, one due east (closer, as
    meridians converge), one 0.5 km away (counted at the 1 km floor)."""
    home = Community("home", 100, -7.6, 112.9)
    places = [
        home,
        Community("north", 3000, -7.3, 112.9),
        Community("east", 2000, -7.6, 113.3),
        Community("next_door", 10, -7.6, 112.9 + 0.5 / (6371 * math.cos(math.radians(7.6)))),
    ]
    pull = [p.people / max(_great_circle_km(home, p), 1.0) ** 2 for p in places[1:]]
    assert _great_circle_km(home, places[3]) < 1.0
    row = gravity_mixing(places, local_share=0.6)[0]
    assert row[0] == pytest.approx(0.6)
    assert row[1:].tolist() == pytest.approx([0.4 * p / sum(pull) for p in pull], rel=1e-6)


def test_two_communities_share_the_outside_part() -> None:
    pair = [Community("a", 10, 0.0, 0.0), Community("b", 20, 0.0, 0.5)]
    np.testing.assert_allclose(gravity_mixing(pair, local_share=0.8), [[0.8, 0.2], [0.2, 0.8]])


def test_build_network_by_hand() -> None:
    """r0 = 1.5 over 6 h of sharing: beta = 0.25 per hour. The page at a watches its home chatter
    ten times as closely, and reaches 30 % of b's people at 0.1 per hour."""
    pair = [Community("a", 1000, 0.0, 0.0), Community("b", 3000, 0.0, 1.0)]
    page = Account("page", "a", {"b": 0.3}, 0.1, attention=10.0, post_hours=12.0)
    net = build_network(pair, [page], local_share=0.9, r0=1.5, sharing_hours=6.0)
    assert net.names == ("a", "b", "page")
    assert net.populations.tolist() == [1000, 3000, 1]
    assert net.mean_sharing_hours.tolist() == [6.0, 6.0, 12.0]
    expected = [
        [0.25 * 0.9, 0.25 * 0.1, 0.0],
        [0.25 * 0.1, 0.25 * 0.9, 0.3 * 0.1],
        [2.5 * 0.9, 2.5 * 0.1, 0.0],
    ]
    np.testing.assert_allclose(net.transmission, expected, rtol=1e-12)


# --- the t-squared fire (NFPA 72 Annex B; SFPE Handbook) ----------------------------------------


@pytest.mark.parametrize("alpha", [0.00293, 0.01172, 0.0469, 0.1876])
def test_t_squared_fire_by_hand(alpha: float) -> None:
    """Q = alpha t^2 from ignition at 60 s: at 60 + 100 s it gives 10,000 alpha kW; 1055 kW is
    reached sqrt(1055 / alpha) s after ignition; nothing burns before it."""
    fire = TSquaredFire(alpha, ignition_s=60.0)
    assert fire.heat_kw(160.0) == pytest.approx(alpha * 100**2)
    assert fire.heat_kw(60.0) == 0.0 and fire.heat_kw(59.5) == 0.0
    assert fire.reaches_s(1055.0) == pytest.approx(60.0 + math.sqrt(1055.0 / alpha))
    assert fire.reaches_s(0.0) == 60.0


# --- one seed, many independent streams -----------------------------------------------------


def test_stream_names_hash_with_crc_32() -> None:
    """CRC-32's published check value: crc32("123456789") = 0xCBF43926."""
    assert name_key("123456789") == (0xCBF43926,)
    assert name_key(123456789) == (0xCBF43926,)  # numbers hash as their text
    assert name_key("patrol", "bangil") == (zlib.crc32(b"patrol"), zlib.crc32(b"bangil"))
    assert name_key() == ()


def test_a_stream_is_the_seed_sequence_of_seed_replication_and_names() -> None:
    expected = np.random.SeedSequence(entropy=11, spawn_key=(3, 0xCBF43926))
    seq = DrillSeed(11, 3).sequence("123456789")
    assert seq.entropy == 11 and seq.spawn_key == (3, 0xCBF43926)
    assert (seq.generate_state(4) == expected.generate_state(4)).all()
    drawn = DrillSeed(11, 3).stream("123456789").integers(0, 2**32, 4)
    assert (drawn == np.random.default_rng(expected).integers(0, 2**32, 4)).all()
    assert DrillSeed(11).sequence().spawn_key == (0,)  # a single run is replication 0


def test_seeds_replications_and_names_never_share_a_stream() -> None:
    draws = {
        (seed, rep, name): tuple(DrillSeed(seed, rep).stream(name).integers(0, 2**62, 3))
        for seed in (0, 1, 2)
        for rep in (0, 1)
        for name in ("patrol", "crowd")
    }
    assert len(set(draws.values())) == len(draws)
    assert DrillSeed(1, 0).stream("patrol").random() == DrillSeed(1).stream("patrol").random()


@pytest.mark.parametrize(("seed", "replication"), [(-1, 0), (0, -1), (-5, -5)])
def test_negative_seeds_and_replications_are_refused(seed: int, replication: int) -> None:
    with pytest.raises(ValueError, match=r"^seed and replication must be 0 or more$"):
        DrillSeed(seed, replication)


def test_seed_zero_is_a_seed_and_the_root_cannot_change() -> None:
    root = DrillSeed(0, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        root.seed = 1  # type: ignore[misc]
    assert {root: 1}[DrillSeed(0)] == 1
