"""Window sums against summing each window by hand."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulation.crowd.grid import box_sum


@settings(max_examples=40, deadline=None)
@given(
    ny=st.integers(1, 30),
    nx=st.integers(1, 30),
    r=st.integers(1, 6),
    seed=st.integers(0, 2**16),
)
def test_box_sum_equals_each_window_summed(ny, nx, r, seed):
    grid = np.random.default_rng(seed).poisson(2.0, (ny, nx)).astype(float)
    want = np.array(
        [
            [grid[max(y - r, 0) : y + r + 1, max(x - r, 0) : x + r + 1].sum() for x in range(nx)]
            for y in range(ny)
        ]
    )
    np.testing.assert_array_equal(box_sum(grid, r), want)
