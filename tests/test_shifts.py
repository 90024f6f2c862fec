"""Shifts, rest and stand-downs across days, on hand-computed cases (the line scenario).

The line drill starts at 08:00 (t = 0). The car at hq is on a 12 h shift 08:00-20:00, so it is on
duty for t in [0, 12 h), [24 h, 36 h), [48 h, 60 h), ... and off duty in between.
"""

from __future__ import annotations

import pytest

from simulation.core.drill import Drill, run_drill
from simulation.core.shift import Shifts
from simulation.geography import load_scenario
from simulation.scenario import ScenarioError
from tests.test_dispatcher import LINE, borrow

H = 3600.0


def shifted(horizon: str = "72 h", rest: str = "0 h", plugins: list | None = None) -> Drill:
    mobile = [
        {
            "unit_type": "car",
            "count": 1,
            "stations": ["hq"],
            "shift": {"start": "08:00", "length": "12 h", "rest": rest},
        }
    ]
    overrides = {"metadata.horizon": horizon, "strategies.one_car.mobile": mobile}
    return Drill(load_scenario(LINE, overrides), "one_car", seed=0, plugins=plugins)


def test_repeating_windows_cover_the_whole_drill_and_only_it():
    # a 06:00 shift seen from a drill starting at 08:00: the first window started 2 h before t=0
    s = Shifts.repeating(-2 * H, 12 * H, 24 * H, (0.0, 48 * H), rest=0.0)
    assert s.windows == ((-2 * H, 10 * H), (22 * H, 34 * H), (46 * H, 58 * H))
    assert s.covers(0.0) and s.covers(9.9 * H) and not s.covers(10 * H) and s.covers(22 * H)
    assert s.within(0.0, 48 * H) == 10 * H + 12 * H + 2 * H  # the last window is cut at 48 h


def test_a_unit_off_shift_is_lent_to_no_one_until_its_next_shift():
    drill = shifted(plugins=[])
    got: list = []
    drill.env.process(borrow(drill, 13 * H, 60.0, log=got, who="night job"))  # 21:00
    drill.advance(30 * H)
    assert [t for _, t, _ in got] == [24 * H]  # served at 08:00 the next day, not before


def test_hours_on_duty_accumulate_across_days_and_match_a_hand_count():
    drill = shifted(plugins=None)
    result = drill.run()
    car = drill.dispatcher.units[0]
    assert car.worked_s(drill.horizon) == 3 * 12 * H
    # officer-hours: the car's 4 officers x 36 h, plus the TPS guards' police all 72 h:
    # sector a has 16 kurang rawan TPS (2-8-16: 2 groups of 2 police) and 2 sangat rawan TPS
    # (2-1-2: 2 groups of 2 police), so 8 police x 72 h.
    assert result.kpis["cost.officer_hours"] == 4 * 36 + 8 * 72


def test_working_late_costs_rest_and_the_next_day_starts_late():
    drill = shifted(horizon="48 h", rest="12 h", plugins=[])
    got: list = []
    # 19:00 a job of 3 h: 1 h in shift, 2 h overtime; released 22:00, rests until 10:00
    drill.env.process(borrow(drill, 11 * H, 3 * H, who="late job"))
    drill.env.process(borrow(drill, 24 * H + 60.0, 60.0, log=got, who="morning job"))
    drill.advance(drill.horizon)
    car = drill.dispatcher.units[0]
    assert [t for _, t, _ in got] == [26 * H]
    assert car.overtime_s == 2 * H
    # scheduled 2 x 12 h, 2 h lost to the late start, 2 h of overtime
    assert car.worked_s(drill.horizon) == 24 * H
    downs = [e.fields for e in drill.events if e.kind == "force.stand_down"]
    assert downs == [{"unit": car.label, "why": "rest", "until": 26 * H}]


def test_enough_rest_between_shifts_costs_nothing():
    drill = shifted(horizon="48 h", rest="10 h", plugins=[])
    got: list = []
    drill.env.process(borrow(drill, 11 * H, 3 * H, who="late job"))  # rests 22:00 to 08:00
    drill.env.process(borrow(drill, 24 * H, 60.0, log=got, who="morning job"))
    drill.advance(drill.horizon)
    assert [t for _, t, _ in got] == [24 * H]
    assert drill.dispatcher.units[0].worked_s(drill.horizon) == 26 * H


def test_a_unit_hurt_one_day_is_not_fresh_the_next():
    drill = shifted(horizon="48 h", plugins=[])
    got: list = []
    car = drill.dispatcher.units[0]

    def hurt():
        yield drill.env.timeout(5 * H)
        drill.dispatcher.stand_down(car, 30 * H, "hurt")

    drill.env.process(hurt())
    drill.env.process(borrow(drill, 24 * H, 60.0, log=got, who="next day"))
    drill.advance(drill.horizon)
    assert [t for _, t, _ in got] == [30 * H]  # back at 14:00 the next day
    # on duty 5 h of day 1 and 6 h of day 2
    assert car.worked_s(drill.horizon) == 11 * H


def test_a_drill_without_shifts_is_unchanged_by_them():
    plain = run_drill(load_scenario(LINE), "one_car", seed=4)
    assert plain.kpis["cost.officer_hours"] == 4 * 12 + 8 * 12


@pytest.mark.parametrize(
    ("shift", "path", "words"),
    [
        ({"start": "08:00", "length": "25 h"}, "mobile[0].shift", "at most 'every'"),
        ({"start": "25:00", "length": "8 h"}, "mobile[0].shift.start", "not a time of day"),
        ({"start": "08:00", "length": "8 h", "rest": "-1 h"}, "shift.rest", "duration"),
    ],
)
def test_bad_shifts_are_located(shift: dict, path: str, words: str):
    mobile = [{"unit_type": "car", "count": 1, "stations": ["hq"], "shift": shift}]
    with pytest.raises(ScenarioError) as err:
        load_scenario(LINE, {"strategies.one_car.mobile": mobile})
    text = str(err.value)
    assert path in text and words in text, text


def test_a_shift_round_the_clock_changes_nothing_bit_for_bit():
    # every group of the voting-day scenario on a 24 h shift every 24 h: always on duty, so the
    # drill must be the drill without shifts, event for event
    spec = load_scenario("pasuruan_pilkada_2024")
    mobile = [
        g.model_dump(exclude_none=True, exclude_defaults=True)
        for g in spec.strategies["statis"].mobile
    ]
    shifted = [g | {"shift": {"start": "00:00", "length": "24 h"}} for g in mobile]
    base = run_drill(spec, "statis", seed=2)
    again = run_drill(
        load_scenario("pasuruan_pilkada_2024", {"strategies.statis.mobile": shifted}), "statis", 2
    )
    assert again.kpis == base.kpis
    assert again.events == base.events
