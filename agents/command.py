"""Escalation of command at a crowd scene: who commands, and which stronger measures they ordered.

DOMAIN.md (Perkap 16/2006 as publicly summarised): Dalmas Lanjut's water cannon and tear-gas
launchers are used only on the commander's order; at merah control passes up the chain from the
Kapolres to the Kapolda, and TNI support is requested through the Forkopimda. Each order takes
time (:class:`simulation.scenario.crowd.CommandSpec`): a measure the doctrine calls for waits
``authorisation`` for the Kapolres' order, or less if the Kapolda takes control first (the
higher level on the spot orders what is pending at once). Players can raise the level or ask
for the TNI early (play orders ``raise_command``, ``request_tni``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from agents.status import Status
from simulation.scenario.crowd import CommandSpec

#: The measures that need an order: the strong force stages, and Dalmas Lanjut's equipment.
FORCE = "force_stage"
MEASURES = (FORCE, "water_cannon", "tear_gas")
#: The scene's clock is a sum of walking steps (0.4 s is not exact in binary): a time due at
#: a decision instant is reached when the clock is within this of it.
DUE_TOLERANCE_S = 1e-6


class Command:
    """The command level of one scene, the orders asked for and given, the TNI request."""

    def __init__(self, spec: CommandSpec, log: Callable[..., None]) -> None:
        self.spec = spec
        self.level = "kapolres"
        self._log = log
        self._kapolda_at: float | None = None  # when the Kapolda takes control
        self._asked: dict[str, float] = {}  # measure -> when the doctrine first called for it
        self.granted: set[str] = set()
        self.tni_at: float | None = None  # when the TNI units are called
        self.tni_ordered = False  # the players asked for the TNI: called whatever the status

    def update(self, t: float, status: Status, wanted: Iterable[str]) -> None:
        """Advance to time ``t``: merah asks for the Kapolda, orders fall due."""
        if status == Status.MERAH and self._kapolda_at is None:
            self._kapolda_at = t + self.spec.kapolda
            self._log("crowd.command_requested", level="kapolda")
        if (
            self.level == "kapolres"
            and self._kapolda_at is not None
            and t >= self._kapolda_at - DUE_TOLERANCE_S
        ):
            self._take_control(t)
        for measure in wanted:
            if measure not in self.granted and measure not in self._asked:
                self._asked[measure] = t
                self._log("crowd.authorisation_requested", measure=measure, level=self.level)
        for measure, since in list(self._asked.items()):
            if self.level == "kapolda" or t >= since + self.spec.authorisation - DUE_TOLERANCE_S:
                del self._asked[measure]
                self.granted.add(measure)
                self._log("crowd.authorised", measure=measure, level=self.level)

    def raise_level(self, t: float) -> None:
        """A play order: the Kapolda takes control at the next decision (no waiting)."""
        self._kapolda_at = t

    def request_tni(self, t: float) -> None:
        """A play order: TNI support asked for now, called ``tni`` later whatever the status."""
        self.tni_ordered = True
        self._request_tni(t)

    @property
    def tni_requested(self) -> bool:
        return self.tni_at is not None

    def tni_ready(self, t: float) -> bool:
        return self.tni_at is not None and t >= self.tni_at - DUE_TOLERANCE_S

    def allows(self, measure: str) -> bool:
        return measure in self.granted

    def _take_control(self, t: float) -> None:
        self.level = "kapolda"
        self._log("crowd.command", level="kapolda")
        self._request_tni(t)

    def _request_tni(self, t: float) -> None:
        if self.tni_at is None:
            self.tni_at = t + self.spec.tni
            self._log("crowd.tni_requested", level=self.level)
