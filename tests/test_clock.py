"""The drill clock's periodic steps."""

import datetime as dt

import simpy

from simulation.core.clock import Clock


def test_periodic_steps_fall_exactly_on_their_grid():
    """The k-th step is at first + k * interval, however many came before (no drift)."""
    env = simpy.Environment()
    clock = Clock(env, dt.date(2024, 11, 27), 0.0, "Asia/Jakarta")
    times: list[float] = []

    def step() -> None:
        times.append(env.now)

    clock.every(0.1, step, first=7.3)
    env.run(until=7.3 + 36_000 * 0.1 + 0.05)
    assert len(times) == 36_001
    assert times == [7.3 + k * 0.1 for k in range(36_001)]
    # Adding 0.1 each time, as the clock once did, ends microseconds away from the grid.
    added = 7.3
    for _ in range(36_000):
        added += 0.1
    assert added != times[-1]


def test_periodic_steps_stop_after_their_count():
    """``times`` steps, on the same grid, and no clock event after the last (a crowd scene
    that ends before the drill costs nothing more)."""
    env = simpy.Environment()
    clock = Clock(env, dt.date(2024, 11, 27), 0.0, "Asia/Jakarta")
    times: list[float] = []
    clock.every(0.5, lambda: times.append(env.now), first=2.0, times=3)
    env.run()  # returns only once no event is left
    assert times == [2.0, 2.5, 3.0]
    assert env.now == 3.0
    clock.every(0.5, lambda: times.append(env.now), times=0)
    env.run()
    assert times == [2.0, 2.5, 3.0], "zero times: never called"
