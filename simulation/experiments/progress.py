"""Progress of an experiment's drills with an ETA: a bar on a terminal, plain lines elsewhere.

One `Progress` may span several batches of drills (a search's generations and its
re-evaluation), so the ETA is for the whole experiment, not for the batch at hand. Its total
may change as the experiment learns how many drills it needs (a plan over budget costs none);
drills found already stored count as done but not towards the rate, so a resumed run's ETA is
not fooled by them. The clock is injected, so tests need no sleeping.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from tqdm import tqdm

PROGRESS_EVERY_S = 10.0
"""How often the plain progress line is printed when the stream is not a terminal."""


class Progress:
    """Drills done of `total`, failed, and the ETA of those left at the rate of this run."""

    def __init__(
        self,
        label: str,
        total: int,
        *,
        every_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        stream: TextIO | None = None,
        terminal: bool | None = None,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.label, self.total = label, total
        self.every_s = PROGRESS_EVERY_S if every_s is None else every_s
        self.clock = clock
        self.done = self.ran = self.failed = 0
        self.started = self.last = clock()
        self.bar = (
            tqdm(total=total, desc=label, unit="drill", file=self.stream, smoothing=0.05)
            if self.terminal
            else None
        )

    def retotal(self, total: int) -> None:
        """The experiment now knows it needs `total` drills in all (never below those done)."""
        self.total = max(total, self.done)
        if self.bar is not None:
            self.bar.total = self.total
            self.bar.refresh()

    def describe(self, label: str) -> None:
        """Name the stage now running (a generation, the re-evaluation)."""
        self.label = label
        if self.bar is not None:
            self.bar.set_description(label)

    def skip(self, stored: int) -> None:
        """Drills found in the store: done, but run before, so not part of the rate."""
        self.done += stored
        if self.bar is not None and stored:
            self.bar.n += stored
            self.bar.last_print_n = self.bar.n  # not counted in tqdm's rate either
            self.bar.refresh()

    def advance(self, failed: bool) -> None:
        """One drill run now."""
        self.done += 1
        self.ran += 1
        self.failed += failed
        if self.bar is not None:
            if failed:
                self.bar.set_postfix(failed=self.failed)
            self.bar.update()
        elif self.clock() - self.last >= self.every_s:
            self.show()

    def eta_s(self) -> float | None:
        """Seconds left at this run's rate; None before any drill ran."""
        if not self.ran:
            return None
        return (self.total - self.done) * (self.clock() - self.started) / self.ran

    def line(self) -> str:
        left = self.total - self.done
        eta = self.eta_s()
        when = "done" if left <= 0 else ("ETA ?" if eta is None else f"ETA {duration(eta)}")
        return f"{self.label}: {self.done}/{self.total} drills, {self.failed} failed, {when}"

    def show(self) -> None:
        self.last = self.clock()
        print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        """The bar closed, or the final plain line (when any drill ran now)."""
        if self.bar is not None:
            self.bar.close()
        elif self.ran:
            self.show()


def duration(seconds: float) -> str:
    """ "45 s", "3 min 20 s", "1 h 05 min": an ETA a person reads at a glance."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"
