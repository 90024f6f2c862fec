"""Window sums on regular grids, shared by vision counts and density measurement."""

from __future__ import annotations

import numpy as np


def box_sum(grid: np.ndarray, r: int = 1) -> np.ndarray:
    """Sum over the (2r+1) x (2r+1) window around each cell (clipped at the edges).

    A summed-area table makes the cost independent of the window size. The table is padded
    by ``r`` on each side (zeros before, the last row and column repeated after), so the
    clipped window corners are four plain slices instead of four fancy-index gathers.
    """
    ny, nx = grid.shape
    w = 2 * r + 1
    sat = np.zeros((ny + w, nx + w))
    sat[r + 1 : r + 1 + ny, r + 1 : r + 1 + nx] = grid.cumsum(0).cumsum(1)
    sat[r + 1 + ny :, :] = sat[r + ny]
    sat[:, r + 1 + nx :] = sat[:, r + nx : r + nx + 1]
    return sat[w:, w:] - sat[:ny, w:] - sat[w:, :nx] + sat[:ny, :nx]
