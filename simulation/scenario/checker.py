"""The checker every cross-reference check writes to, and the port through which checks that
need roads or venue geometry (:mod:`simulation.geography.checks`) come in.

It stands apart from :mod:`simulation.scenario.checks` so that the checks of each section
(e.g. :mod:`simulation.scenario.election_checks`) can take it without a circle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from simulation.scenario.crowd import CrowdStrategySpec
from simulation.scenario.errors import Locator, Path, Problem, did_you_mean
from simulation.scenario.model import ScenarioSpec
from simulation.scenario.scenes import Scene


class Ground(Protocol):
    """The checks that need roads or venue geometry, called where their answers matter."""

    def reachable(self, c: Checker) -> None:
        """Fail every sector that no road reaches from the first command's HQ."""

    def road(self, a: str, b: str) -> bool:
        """Some road route joins a and b."""
        ...

    def block(self, c: Checker, path: Path, a: str, b: str) -> None:
        """Fail a road block of a-b that names no road or cuts the network in two."""

    def venue(self, c: Checker, scene: Scene, police: CrowdStrategySpec, path: Path) -> None:
        """Fail a scene's venue geometry with this police side's barricades."""


class Checker:
    def __init__(
        self,
        spec: ScenarioSpec,
        locator: Locator,
        ground: Ground | None = None,
        cut_ids: Iterable[str] = (),
    ) -> None:
        self.spec = spec
        self.locator = locator
        self.ground = ground
        self.problems: list[Problem] = []
        # Ids of items taken out for schema errors (simulation.scenario.salvage): a reference
        # to one is not reported again, and checks that need the item are skipped.
        self.cut_ids = set(cut_ids)

    def fail(self, path: Path, message: str) -> None:
        self.problems.append(self.locator.problem(path, message))

    def unique(self, section: Path, items: Sequence[object], kind: str) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            ident = item.id  # type: ignore[attr-defined]
            if ident in seen:
                self.fail((*section, i, "id"), f"{kind} id '{ident}' is used twice")
            seen.add(ident)
        return seen

    def known(self, path: Path, value: str, choices: Iterable[str], kind: str) -> bool:
        choices = set(choices)
        if value in choices:
            return True
        if value in self.cut_ids:
            return False
        self.fail(path, f"unknown {kind} '{value}'{did_you_mean(value, choices)}")
        return False
