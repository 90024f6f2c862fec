"""Window sums on regular grids, shared by vision counts and density measurement."""

from __future__ import annotations

import numpy as np


def box_sum(grid: np.ndarray, r: int = 1) -> np.ndarray:
    """Sum over the (2r+1) x (2r+1) window around each cell (clipped at the edges).

    A summed-area table makes the cost independent of the window size.
    """
    ny, nx = grid.shape
    sat = np.zeros((ny + 1, nx + 1))
    sat[1:, 1:] = grid.cumsum(0).cumsum(1)
    y0, y1 = np.clip(np.arange(ny) - r, 0, ny), np.clip(np.arange(ny) + r + 1, 0, ny)
    x0, x1 = np.clip(np.arange(nx) - r, 0, nx), np.clip(np.arange(nx) + r + 1, 0, nx)
    return sat[y1][:, x1] - sat[y0][:, x1] - sat[y1][:, x0] + sat[y0][:, x0]
