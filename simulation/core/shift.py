"""A unit's shifts: the daily windows in which it is on duty, and what working late costs.

A multi-day drill (campaign, quiet period, voting day, recap) cannot keep every unit on duty
for days: units rotate. A shift is a window repeated every ``every`` seconds; between its
windows the unit is off duty and the dispatcher lends it to no one. A unit held past the end of
its window (a job that ran late) must still rest ``rest`` seconds before it works again, so a
late night shows up as a late start the next day.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence


def overlap(a: float, b: float, c: float, d: float) -> float:
    """Length of the intersection of [a, b) and [c, d)."""
    return max(0.0, min(b, d) - max(a, c))


class Shifts:
    """Sorted, disjoint on-duty windows (drill seconds) and the rest owed after overtime."""

    def __init__(self, windows: Sequence[tuple[float, float]], rest: float = 0.0) -> None:
        self.windows = tuple(sorted(windows))
        for (_, end), (start, _) in zip(self.windows, self.windows[1:], strict=False):
            if start < end:
                raise ValueError("shift windows overlap")
        self.rest = rest
        self._starts = [w[0] for w in self.windows]

    @classmethod
    def repeating(
        cls, first: float, length: float, every: float, span: tuple[float, float], rest: float
    ) -> Shifts:
        """Windows [first + k every, first + k every + length) for every k touching ``span``."""
        if not 0 < length <= every:
            raise ValueError("a shift lasts more than zero and at most its period")
        k = math.floor((span[0] - first) / every)
        windows = []
        while first + k * every < span[1]:
            start = first + k * every
            if start + length > span[0]:
                windows.append((start, start + length))
            k += 1
        return cls(windows, rest)

    def covers(self, t: float) -> bool:
        i = bisect.bisect_right(self._starts, t) - 1
        return i >= 0 and t < self.windows[i][1]

    def within(self, a: float, b: float) -> float:
        """Seconds of [a, b) that fall inside a window."""
        return math.fsum(overlap(a, b, s, e) for s, e in self.windows)

    def starts_after(self, t: float) -> list[float]:
        """Window starts later than ``t`` (when the unit comes on duty again)."""
        return self._starts[bisect.bisect_right(self._starts, t) :]
