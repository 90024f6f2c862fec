"""Who in the crowd is calm, active or violent: Epstein's civil-violence rule, extended.

Epstein (PNAS 2002, "Modeling civil violence") makes a person *active* when

    grievance - risk_aversion * P(arrest) > threshold,
    grievance = hardship * (1 - legitimacy),
    P(arrest) = 1 - exp(-k * floor(officers_in_vision / (actives_in_vision + 1))).

A demonstration adds what the 2002 lattice leaves out, each as one more term of the same
inequality so the original model stays a special case (set them to zero):

* **agitation**, a per-person level raised by active and violent people nearby (contagion),
  more by the other supporter group's actives (clashes) and most by provocateurs, and relaxing
  back with a time constant. It lowers the legitimacy a person *perceives*, so it multiplies
  their own hardship: ``grievance = hardship * ((1 - legitimacy) * (1 - relief) + agitation)``.
  A crowd carried along by its most aggrieved members therefore recruits only those whose
  hardship is high enough, and the share that riots falls smoothly as legitimacy rises
  (docs/crowd.md, "Graded contagion"). Until 6 Dec 2026 agitation was added to grievance and
  could reach 0.3, three times the threshold: once anyone rioted, everyone did, whatever
  their hardship, and legitimacy 0.88 against 0.90 switched the whole outcome;
* **relief** from negotiation, which scales grievance down for the group being negotiated with;
* a second, higher threshold above which an active person turns **violent**.

Vision counts come from a coarse grid and a box sum, so a tick costs a few array passes
whatever the crowd size.
"""

from __future__ import annotations

import numba
import numpy as np

from agents.state import State
from simulation.crowd.grid import box_sum
from simulation.crowd.params import BehaviourParams


def arrest_probability(officers: np.ndarray, actives: np.ndarray, k: float) -> np.ndarray:
    """Epstein's estimated arrest probability; ``actives`` already counts the person."""
    return 1 - np.exp(-k * np.floor(officers / np.maximum(actives, 1)))


def net_grievance(
    hardship: np.ndarray,
    risk_aversion: np.ndarray,
    legitimacy: float | np.ndarray,
    relief: np.ndarray,
    agitation: np.ndarray,
    p_arrest: np.ndarray,
) -> np.ndarray:
    """Grievance minus the deterrence of arrest: the quantity compared with the thresholds.

    Agitation lowers the legitimacy a person perceives, so it counts in proportion to their
    own hardship (a person with no grievance is not carried along).
    """
    grievance = hardship * ((1 - legitimacy) * (1 - relief) + agitation)
    return grievance - risk_aversion * p_arrest


def activation(net: np.ndarray, params: BehaviourParams) -> np.ndarray:
    """The state a present, non-fleeing person chooses: CALM, ACTIVE or VIOLENT."""
    out = np.full(net.shape, State.CALM, dtype=np.int8)
    out[net > params.threshold] = State.ACTIVE
    out[net > params.violent_threshold] = State.VIOLENT
    return out


class VisionGrid:
    """Counts of things within a square window of half-side ``vision`` around each point.

    The window is square (Moore neighbourhood, as in the mesa/NetLogo versions of Epstein's
    model) and quantised to grid cells; the sum uses a summed-area table.
    """

    def __init__(self, width: float, height: float, cell: float, vision: float) -> None:
        self.cell = cell
        self.nx = int(np.ceil(width / cell)) + 1
        self.ny = int(np.ceil(height / cell)) + 1
        self.r = max(1, round(vision / cell))

    def cells(self, pos: np.ndarray) -> np.ndarray:
        """The grid cell of each point (clamped to the grid), in one compiled pass."""
        return _vision_cells(np.asarray(pos, np.float64), self.cell, self.nx, self.ny)

    def window_sums(self, cells: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Per-cell totals of ``weights`` (default 1) summed over each cell's window."""
        grid = np.bincount(cells, weights, self.nx * self.ny).reshape(self.ny, self.nx)
        return box_sum(grid.astype(float), self.r).ravel()

    def seen(self, cells: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Window sums of several rows of ``weights`` (k, n), each read at the people's own
        ``cells``: row c is ``window_sums(cells, weights[c])[cells]``, in one compiled pass."""
        w = np.ascontiguousarray(np.atleast_2d(weights), dtype=np.float64)
        return _seen(np.ascontiguousarray(cells, np.int64), w, self.nx, self.ny, self.r)


@numba.njit(cache=True)
def _vision_cells(pos: np.ndarray, cell: float, nx: int, ny: int) -> np.ndarray:
    out = np.empty(len(pos), np.int64)
    for k in range(len(pos)):
        ix = min(max(int(pos[k, 0] / cell), 0), nx - 1)
        iy = min(max(int(pos[k, 1] / cell), 0), ny - 1)
        out[k] = iy * nx + ix
    return out


@numba.njit(cache=True)
def _seen(cells: np.ndarray, weights: np.ndarray, nx: int, ny: int, r: int) -> np.ndarray:
    """Per row: sum the weights per cell, build the summed-area table (as ``box_sum``) and
    read four corners at each person's cell."""
    k, n = weights.shape
    out = np.empty((k, n))
    grid = np.empty((ny, nx))
    sat = np.zeros((ny + 1, nx + 1))
    for c in range(k):
        grid[:] = 0.0
        for p in range(n):
            grid[cells[p] // nx, cells[p] % nx] += weights[c, p]
        for y in range(ny):
            row = 0.0
            for x in range(nx):
                row += grid[y, x]
                sat[y + 1, x + 1] = sat[y, x + 1] + row
        for p in range(n):
            y, x = cells[p] // nx, cells[p] % nx
            y0, y1 = max(y - r, 0), min(y + r + 1, ny)
            x0, x1 = max(x - r, 0), min(x + r + 1, nx)
            out[c, p] = sat[y1, x1] - sat[y0, x1] - sat[y1, x0] + sat[y0, x0]
    return out


def sightings(
    group: np.ndarray,
    n_groups: int,
    cells: np.ndarray,
    active: np.ndarray,
    provocateur: np.ndarray,
    vision: VisionGrid,
) -> np.ndarray:
    """What each person sees, one row each: people, provocateurs, then the actives of each
    group (so the actives in sight are the sum of the rows from 2 on, exactly: counts)."""
    rows = [np.ones(len(cells)), provocateur]
    rows += [active & (group == g) for g in range(n_groups)]
    return vision.seen(cells, np.array(rows, dtype=np.float64))


def agitation_drive(
    group: np.ndarray, n_groups: int, seen: np.ndarray, params: BehaviourParams
) -> np.ndarray:
    """Agitation gained per second from what each person sees (:func:`sightings`):
    contagion, clash, provocation."""
    people = np.maximum(seen[0], 1.0)
    drive = np.zeros(seen.shape[1])
    for g in range(n_groups):
        weight = np.where(group == g, params.contagion, params.contagion * (1 + params.clash))
        drive += weight * seen[2 + g] / people
    drive += params.provocation * seen[1]
    return drive / 60.0


def relax_agitation(
    agitation: np.ndarray, drive: np.ndarray, dt: float, params: BehaviourParams
) -> np.ndarray:
    """One explicit step of d(agitation)/dt = drive - agitation / tau, capped."""
    new = agitation + dt * (drive - agitation / params.agitation_tau_s)
    return np.clip(new, 0.0, params.max_agitation)
