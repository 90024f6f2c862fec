"""Whether a police formation line holds: the crowd's push against what its officers can hold.

Officers in a formation line are immovable bodies for the walking model, but a real line gives
way when too many people push it at once. The push is counted as *violent-person equivalents
within reach of a front-line officer*: a violent person counts one, an active (pushing,
chanting) person ``ACTIVE_PUSH``. What a line can hold is the sum over its officers of what one
officer of that kind holds, more with shields; the second line backs the front with a share of
its strength. When the push stays above the hold for ``BREACH_SUSTAIN_S`` the line is breached.

Every number below is an assumption for comparing strategies: no public calibration of how
many demonstrators a Dalmas or Brimob officer holds back exists.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from simulation.crowd.decisions import ACTIVE, VIOLENT
from simulation.geography.jit import numba

# assumption (uncalibrated): violent-person equivalents one officer holds back, by unit kind.
# Dalmas Awal carry no protective gear; Dalmas Lanjut are trained and equipped for pushing
# crowds; Brimob PHH are the riot companies. TNI only stand in the second line.
HOLD_PER_OFFICER = {"dalmas_awal": 1.0, "dalmas_lanjut": 1.5, "brimob_phh": 2.0, "tni": 1.0}
SHIELD_FACTOR = 1.5  # assumption (uncalibrated): a shield wall holds half as much again
SECOND_LINE_SHARE = 0.5  # assumption (uncalibrated): a second-line officer backs at half strength
ACTIVE_PUSH = 0.25  # assumption (uncalibrated): four pushing active people weigh one violent
BREACH_SUSTAIN_S = 30.0  # assumption (uncalibrated): seconds of overload before the line breaks


def line_hold(officers: Iterable[tuple[str, int, bool, bool]]) -> float:
    """What a formation holds: (kind, officers, shields, in front) per unit in line."""
    total = 0.0
    for kind, n, shields, front in officers:
        per = HOLD_PER_OFFICER[kind] * (SHIELD_FACTOR if shields else 1.0)
        total += n * per * (1.0 if front else SECOND_LINE_SHARE)
    return total


def line_push(states: np.ndarray, reach: np.ndarray | None = None) -> float:
    """The push of the people within reach of the front line (``reach``: a mask over
    ``states``; everyone by default), in violent-person equivalents."""
    violent, active = _pushers(states, np.ones(len(states), np.bool_) if reach is None else reach)
    return float(violent) + ACTIVE_PUSH * float(active)


@numba.njit(cache=True)
def _pushers(states: np.ndarray, reach: np.ndarray) -> tuple[int, int]:
    """How many of the people in ``reach`` are violent and how many active, in one pass (the
    tick asks every 2 s of some 2,000 people)."""
    violent = active = 0
    for k in range(len(states)):
        if reach[k]:
            violent += states[k] == VIOLENT
            active += states[k] == ACTIVE
    return violent, active


class LineWatch:
    """Tracks the overload of the line and whether it is broken (until a new line forms)."""

    def __init__(self) -> None:
        self.overloaded_since: float | None = None
        self.broken = False
        self.breaches = 0

    def gives_way(self, push: float, hold: float, t: float) -> bool:
        """Feed one reading at time ``t``; True when the line breaks now."""
        if push <= hold:
            self.overloaded_since = None
            return False
        if self.overloaded_since is None:
            self.overloaded_since = t
        if t - self.overloaded_since < BREACH_SUSTAIN_S:
            return False
        self.overloaded_since = None
        self.broken = True
        self.breaches += 1
        return True

    @property
    def overloaded(self) -> bool:
        return self.overloaded_since is not None

    def restored(self) -> None:
        """A fresh unit formed a new line."""
        self.broken = False
        self.overloaded_since = None


def within(pos: np.ndarray, officers: np.ndarray, reach: float) -> np.ndarray:
    """Who of the people at ``pos`` stands within ``reach`` of any of the ``officers``."""
    out = np.zeros(len(pos), np.bool_)
    if len(officers) and len(pos):
        _within(pos, np.ascontiguousarray(officers, float), reach, out)
    return out


@numba.njit(cache=True)
def _within(pos: np.ndarray, officers: np.ndarray, reach: float, out: np.ndarray) -> None:
    """One compiled pass: a box around the line, then the officers until one is in reach."""
    lo_x, lo_y = officers[:, 0].min() - reach, officers[:, 1].min() - reach
    hi_x, hi_y = officers[:, 0].max() + reach, officers[:, 1].max() + reach
    for k in range(len(pos)):
        x, y = pos[k, 0], pos[k, 1]
        if not (lo_x <= x <= hi_x and lo_y <= y <= hi_y):
            continue
        for o in range(len(officers)):
            if np.hypot(x - officers[o, 0], y - officers[o, 1]) <= reach:
                out[k] = True
                break
