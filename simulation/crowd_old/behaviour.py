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

import numpy as np

from agents.state import State
from simulation.crowd_old.grid import box_sum
from simulation.geography.jit import numba


def arrest_probability(officers: np.ndarray, actives: np.ndarray, k: float) -> np.ndarray:
    """Epstein's estimated arrest probability; ``actives`` already counts the person."""
    return 1 - np.exp(-k * np.floor(officers / np.maximum(actives, 1)))


def arrest_table(k: float, ratios: int) -> np.ndarray:
    """:func:`arrest_probability` at 0, 1, ... ``ratios - 1`` officers per active person: it
    depends only on that whole number, so the compiled tick looks it up (numba's ``exp``
    differs from numpy's in the last bit for one argument in twenty)."""
    return arrest_probability(np.arange(ratios, dtype=np.float64), np.ones(ratios), k)


@numba.vectorize(["float64(float64, float64, float64, float64, float64, float64)"], cache=True)
def net_grievance(
    hardship: float,
    risk_aversion: float,
    legitimacy: float,
    relief: float,
    agitation: float,
    p_arrest: float,
) -> float:
    """Grievance minus the deterrence of arrest: the quantity compared with the thresholds.

    Agitation lowers the legitimacy a person perceives, so it counts in proportion to their
    own hardship (a person with no grievance is not carried along). A ufunc: it applies to
    arrays, and the compiled tick calls it per person.
    """
    grievance = hardship * ((1 - legitimacy) * (1 - relief) + agitation)
    return grievance - risk_aversion * p_arrest


@numba.vectorize(["int8(float64, float64, float64)"], cache=True)
def activation(net: float, threshold: float, violent_threshold: float) -> int:
    """The state a present, non-fleeing person chooses: CALM, ACTIVE or VIOLENT (a ufunc)."""
    if net > violent_threshold:
        return State.VIOLENT
    if net > threshold:
        return State.ACTIVE
    return State.CALM


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
        return vision_cells(np.asarray(pos, np.float64), self.cell, self.nx, self.ny)

    def window_sums(self, cells: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Per-cell totals of ``weights`` (default 1) summed over each cell's window."""
        grid = np.bincount(cells, weights, self.nx * self.ny).reshape(self.ny, self.nx)
        return box_sum(grid.astype(float), self.r).ravel()

    def seen(self, cells: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Window sums of several rows of ``weights`` (k, n), each read at the people's own
        ``cells``: row c is ``window_sums(cells, weights[c])[cells]``, in one compiled pass."""
        w = np.ascontiguousarray(np.atleast_2d(weights), dtype=np.float64)
        return count_seen(np.ascontiguousarray(cells, np.int64), w, self.nx, self.ny, self.r)


@numba.njit(cache=True)
def vision_cells(pos: np.ndarray, cell: float, nx: int, ny: int) -> np.ndarray:
    """The vision cell of each point."""
    out = np.empty(len(pos), np.int64)
    for k in range(len(pos)):
        out[k] = vision_cell(pos[k, 0], pos[k, 1], cell, nx, ny)
    return out


@numba.njit(cache=True)
def vision_cell(x: float, y: float, cell: float, nx: int, ny: int) -> int:
    """The vision cell of one point, clamped to the grid."""
    ix = min(max(int(x / cell), 0), nx - 1)
    iy = min(max(int(y / cell), 0), ny - 1)
    return iy * nx + ix


@numba.njit(cache=True)
def count_seen(cells: np.ndarray, weights: np.ndarray, nx: int, ny: int, r: int) -> np.ndarray:
    """Per row: sum the weights per cell, build the summed-area table (as ``box_sum``) and
    read four corners at each person's cell. A dozen people share a vision cell, so each
    occupied cell's window sums are read once for all rows and all its people."""
    k, n = weights.shape
    sat = np.zeros((ny + 1, nx + 1, k))  # the rows side by side: one cache line per corner
    for p in range(n):
        y, x = divmod(cells[p], nx)
        for c in range(k):
            sat[y + 1, x + 1, c] += weights[c, p]
    for y in range(1, ny + 1):
        for c in range(k):
            row = 0.0
            for x in range(1, nx + 1):
                row += sat[y, x, c]
                sat[y, x, c] = sat[y - 1, x, c] + row
    window = np.empty((ny * nx, k))
    done = np.zeros(ny * nx, np.bool_)
    out = np.empty((k, n))
    for p in range(n):
        cell = cells[p]
        if not done[cell]:
            done[cell] = True
            y, x = divmod(cell, nx)
            y0, y1 = max(y - r, 0), min(y + r + 1, ny)
            x0, x1 = max(x - r, 0), min(x + r + 1, nx)
            for c in range(k):
                window[cell, c] = sat[y1, x1, c] - sat[y0, x1, c] - sat[y1, x0, c] + sat[y0, x0, c]
        for c in range(k):
            out[c, p] = window[cell, c]
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
    rows = sighting_rows(np.asarray(group), n_groups, np.asarray(active), np.asarray(provocateur))
    return vision.seen(cells, rows)


@numba.njit(cache=True)
def sighting_rows(
    group: np.ndarray, n_groups: int, active: np.ndarray, provocateur: np.ndarray
) -> np.ndarray:
    """The weights :func:`sightings` counts: 1, provocateur, then active-and-in-group-g."""
    rows = np.zeros((2 + n_groups, len(group)))
    for k in range(len(group)):
        rows[0, k] = 1.0
        rows[1, k] = provocateur[k]
        rows[2 + group[k], k] = active[k]
    return rows


@numba.njit(cache=True)
def agitation_drive(
    group: np.ndarray, seen: np.ndarray, contagion: float, clash: float, provocation: float
) -> np.ndarray:
    """Agitation gained per second from what each person sees (:func:`sightings`):
    contagion (``contagion`` per minute per unit share of actives in sight), more for the
    other groups' actives (``clash``), and ``provocation`` per provocateur in sight."""
    drive = np.empty(seen.shape[1])
    for k in range(len(drive)):
        people = max(seen[0, k], 1.0)
        total = 0.0
        for g in range(seen.shape[0] - 2):
            weight = contagion if group[k] == g else contagion * (1 + clash)
            total += weight * seen[2 + g, k] / people
        total += provocation * seen[1, k]
        drive[k] = total / 60.0
    return drive


@numba.vectorize(["float64(float64, float64, float64, float64, float64)"], cache=True)
def relax_agitation(agitation: float, drive: float, dt: float, tau_s: float, cap: float) -> float:
    """One explicit step of d(agitation)/dt = drive - agitation / tau, capped (a ufunc)."""
    new = agitation + dt * (drive - agitation / tau_s)
    return min(max(new, 0.0), cap)
