"""Firing MSEL injects on the drill clock: scripted, probabilistic and contingency injects.

The runner only decides *when* an inject fires; what it does (start a hoax, raise incident
rates, block a road...) is the caller's ``on_fire`` callback, so this module knows nothing of
the models it drives and can be tested on constructed states.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import simpy

from simulation.core.state import StateBoard
from simulation.scenario.conditions import Node, evaluate, quantities


class Trigger(StrEnum):
    SCRIPTED = "scripted"  # fires at its time
    PROBABILISTIC = "probabilistic"  # fires with a probability, at a uniform time in its window
    CONTINGENCY = "contingency"  # fires the moment its condition holds inside its window


@dataclass(frozen=True)
class Timing:
    """When an inject may fire; times in seconds from scenario start."""

    trigger: Trigger
    start_s: float
    end_s: float | None = None  # window end; None = to the end of the drill
    probability: float = 1.0
    condition: Node | None = None


@dataclass
class Outcome:
    """What became of one inject in one drill (the MSEL export's right-hand columns)."""

    number: str
    fired_s: float | None = None
    note: str = ""
    cancelled: bool = False


class MselRunner:
    """Schedules injects as simpy processes and records their outcomes."""

    def __init__(
        self, env: simpy.Environment, board: StateBoard, on_fire: Callable[[str], None]
    ) -> None:
        self.env = env
        self.board = board
        self.on_fire = on_fire
        self.outcomes: dict[str, Outcome] = {}
        self._version: dict[str, int] = {}  # bumped when the facilitator re-times an inject

    def schedule(self, number: str, timing: Timing, rng: np.random.Generator | None) -> None:
        """Register one inject; ``rng`` is the inject's own stream (draws never shift others).

        Only probabilistic injects draw from it; the others may pass None.
        """
        outcome = self.outcomes[number] = Outcome(number)
        match timing.trigger:
            case Trigger.SCRIPTED:
                self.env.process(self._at(outcome, timing.start_s))
            case Trigger.PROBABILISTIC:
                assert rng is not None, "a probabilistic inject needs its random stream"
                # Both draws always happen, so changing p never moves the firing time.
                happens, where = rng.random(), rng.random()
                if happens < timing.probability:
                    end = timing.start_s if timing.end_s is None else timing.end_s
                    at = timing.start_s + where * (end - timing.start_s)
                    self.env.process(self._at(outcome, at))
                else:
                    outcome.note = f"not drawn (p = {timing.probability:g})"
            case Trigger.CONTINGENCY:
                self.env.process(self._contingency(outcome, timing))

    # --- the facilitator's hand (facilitated play) ------------------------------------------------

    def pending(self, number: str) -> str | None:
        """Why ``number`` cannot be delivered, delayed or cancelled now; None if it can."""
        outcome = self.outcomes.get(number)
        if outcome is None:
            return f"no inject {number} in the MSEL"
        if outcome.fired_s is not None:
            return f"inject {number} was already delivered"
        if outcome.cancelled:
            return f"inject {number} was cancelled"
        return None

    def deliver(self, number: str) -> None:
        """Deliver a pending inject now, whatever its trigger said."""
        self._version[number] = self._version.get(number, 0) + 1
        self._fire(self.outcomes[number])

    def delay(self, number: str, seconds: float) -> None:
        """Deliver a pending inject ``seconds`` from now instead of when it was due."""
        version = self._version[number] = self._version.get(number, 0) + 1
        self.outcomes[number].note = "delayed by the facilitator"
        self.env.process(self._at(self.outcomes[number], self.env.now + seconds, version))

    def cancel(self, number: str) -> None:
        """Withdraw a pending inject: it never fires."""
        self._version[number] = self._version.get(number, 0) + 1
        outcome = self.outcomes[number]
        outcome.cancelled = True
        outcome.note = "cancelled by the facilitator"

    def _current(self, outcome: Outcome, version: int) -> bool:
        return self._version.get(outcome.number, 0) == version and not outcome.cancelled

    def _fire(self, outcome: Outcome) -> None:
        outcome.fired_s = self.env.now
        outcome.note = ""
        self.on_fire(outcome.number)
        self.board.publish(f"inject.{outcome.number}.fired", True)

    def _at(self, outcome: Outcome, at_s: float, version: int = 0):
        yield self.env.timeout(max(0.0, at_s - self.env.now))
        if self._current(outcome, version):
            self._fire(outcome)

    def _contingency(self, outcome: Outcome, timing: Timing):
        assert timing.condition is not None
        condition = timing.condition
        yield self.env.timeout(max(0.0, timing.start_s - self.env.now))
        if not self._current(outcome, 0):
            return
        if evaluate(condition, self.board.get):
            self._fire(outcome)
            return
        outcome.note = "condition not met"

        watching = True

        def stop() -> None:
            nonlocal watching
            if watching:
                watching = False
                unwatch()

        def check() -> None:
            if not self._current(outcome, 0):
                stop()
            elif outcome.fired_s is None and evaluate(condition, self.board.get):
                stop()
                self._fire(outcome)

        unwatch = self.board.watch([q.name for q in quantities(condition)], check)
        if timing.end_s is not None:
            yield self.env.timeout(timing.end_s - self.env.now)
            stop()
