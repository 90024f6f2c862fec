"""Safety net: model relations against references typed from the papers and by hand (issue 13).

The references here are written out, never read from the code's own constants, so a constant
that drifts (a typo in a calibration value) makes these tests fail.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulation.core.drill import run_drill
from simulation.crowd.walking import weidmann_speed
from tests.logistics_cases import tiny

# --- Weidmann (1993), Transporttechnik der Fussgaenger, Schriftenreihe IVT Nr. 90, ETH Zurich ---
# v(rho) = v0 * (1 - exp(-gamma * (1/rho - 1/rho_max)))
V0 = 1.34  # m/s, free walking speed on the level
GAMMA = 1.913  # m^-2
RHO_MAX = 5.4  # persons/m^2, jam density


@pytest.mark.parametrize(
    ("rho", "speed"),
    [
        # Worked out by hand from the three values above, to 4 decimals.
        (0.5, 1.2984),
        (1.0, 1.0581),
        (2.0, 0.6062),
        (3.0, 0.3307),
        (4.0, 0.1563),
        (5.4, 0.0),
    ],
)
def test_weidmann_speed_matches_the_paper(rho: float, speed: float) -> None:
    paper = V0 * (1 - math.exp(-GAMMA * (1 / rho - 1 / RHO_MAX)))
    assert paper == pytest.approx(speed, abs=5e-5)  # the typed table is the formula
    assert float(weidmann_speed(rho)) == pytest.approx(speed, abs=2e-4)


def test_weidmann_capacity_is_the_papers_1_225_per_metre_second_at_1_75() -> None:
    """Weidmann's fundamental diagram peaks at a specific flow of about 1.225 persons/(m s)
    at a density of about 1.75 persons/m^2."""
    rho = np.linspace(0.2, 5.4, 52001)
    flow = rho * np.asarray(weidmann_speed(rho))
    assert flow.max() == pytest.approx(1.225, abs=0.002)
    assert rho[flow.argmax()] == pytest.approx(1.75, abs=0.01)


def test_weidmann_speed_is_zero_at_and_beyond_jam_density() -> None:
    assert float(weidmann_speed(5.4)) == pytest.approx(0.0, abs=1e-12)
    assert float(weidmann_speed(7.0)) == 0.0
    assert float(weidmann_speed(0.01)) == pytest.approx(V0, abs=1e-6)


# --- rain slows convoys: travel time x (1 + slowdown_per_mm_h x intensity) ---------------------

SLOWDOWN = 0.05  # per mm/h
RAIN = [
    {
        "id": "hujan",
        "days": ["H-1"],
        "sectors": ["beta"],
        "probability": 1.0,  # it rains on H-1, whatever the seed
        "intensity_mm_h": 10,
        "window": ["06:00", "23:00"],  # over every outbound trip of the tiny chain
        "slowdown_per_mm_h": SLOWDOWN,
    }
]


def _hours(day: int, hh: int, mm: float) -> float:
    return day * 24 + hh + mm / 60.0


@pytest.mark.parametrize("seed", [1, 2])
def test_rain_slows_the_convoy_by_the_hand_computed_factor(seed: int) -> None:
    """The tiny chain (tests/logistics_cases.py): on dry roads the truck leaves the warehouse
    at H-1 08:08 and drives 30 min to beta, unloads 4 kits x 1 min, the pickup loads 4 x 1 min
    and drives 10 min to the PPS. Under rain of I mm/h over beta every drive takes
    f = 1 + 0.05 I times as long; loading and unloading do not change."""
    result = run_drill(tiny({"logistics.rain": RAIN}), "quiet", seed)
    [shower] = [e for e in result.events if e.kind == "logistics.rain"]
    mm_h = shower.fields["mm_h"]  # drawn by the weather (logged to 0.1 mm/h)
    assert mm_h > 1.0  # a real shower, so the factor below is well away from 1
    f = 1 + SLOWDOWN * mm_h
    trips = {t["leg"]: t for t in result.tables["logistics_trips"]}
    truck, pickup = trips["truck"], trips["pickup"]
    tol = 30 * SLOWDOWN * 0.05 / 60 + 1e-4  # the logged intensity's rounding, in hours
    assert truck["dispatch_h"] == pytest.approx(_hours(-1, 8, 8), abs=1e-4)
    assert truck["arrive_h"] == pytest.approx(_hours(-1, 8, 8 + 30 * f), abs=tol)
    assert pickup["dispatch_h"] == pytest.approx(_hours(-1, 8, 8 + 30 * f + 4 + 4), abs=tol)
    assert pickup["arrive_h"] == pytest.approx(_hours(-1, 8, 8 + 40 * f + 8), abs=tol)


def test_no_rain_no_slow_down() -> None:
    """The same rule with probability 0 leaves the dry-road times of the hand computation."""
    dry = [dict(RAIN[0], probability=0.0)]
    result = run_drill(tiny({"logistics.rain": dry}), "quiet", 1)
    assert not [e for e in result.events if e.kind == "logistics.rain"]
    trips = {t["leg"]: t for t in result.tables["logistics_trips"]}
    assert trips["truck"]["arrive_h"] == pytest.approx(_hours(-1, 8, 38), abs=1e-4)
    assert trips["pickup"]["arrive_h"] == pytest.approx(_hours(-1, 8, 56), abs=1e-4)
