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
