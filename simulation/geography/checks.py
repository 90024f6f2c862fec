"""The scenario checks that need roads or venue geometry, and the loader that runs every check.

A scenario is loaded here, one layer above the scenario language, because its last checks
build the road graph and each crowd venue's floor; `simulation.scenario` reads and checks
everything else and imports nothing above it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulation.geography.links import RoadLinks
from simulation.scenario.checker import Checker
from simulation.scenario.crowd import CrowdStrategySpec
from simulation.scenario.errors import Path as ScenarioPath
from simulation.scenario.loader import load_spec, parse_spec
from simulation.scenario.model import ScenarioSpec
from simulation.scenario.scenes import Scene


class GroundChecks:
    """simulation.scenario.checks.Ground for one scenario: its roads and its venues."""

    def __init__(self, spec: ScenarioSpec) -> None:
        self.spec = spec
        self._links: RoadLinks | None = None
        self._floors: set[str] = set()

    @property
    def links(self) -> RoadLinks:
        if self._links is None:
            self._links = RoadLinks(self.spec.geography)
        return self._links

    def reachable(self, c: Checker) -> None:
        geo = self.spec.geography
        anchor = self.spec.forces.commands[0].hq
        for i, sector in enumerate(geo.sectors):
            if not self.links.reachable(anchor, sector.id):
                c.fail(
                    ("geography", "sectors", i),
                    f"sector '{sector.id}' cannot be reached by road from '{anchor}'",
                )

    def road(self, a: str, b: str) -> bool:
        return self.links.reachable(a, b)

    def block(self, c: Checker, path: ScenarioPath, a: str, b: str) -> None:
        if not self.links.joins(a, b):
            c.fail(path, f"there is no road between '{a}' and '{b}' to block")
        elif not self.links.connected(closed=(a, b)):
            c.fail(path, f"blocking '{a}'-'{b}' would cut the road network in two")

    def venue(
        self, c: Checker, scene: Scene, police: CrowdStrategySpec, path: ScenarioPath
    ) -> None:
        key = f"{scene.id}\0{police.model_dump_json(include={'barricades', 'behind'})}"
        if key in self._floors:  # same scene, barricades and protected side: same checks
            return
        self._floors.add(key)
        from simulation.geography.venue import VenueError, scene_floor

        try:
            scene_floor(scene.spec, police, scene.path, path)
        except VenueError as exc:
            c.fail(exc.path, exc.message)


def load_scenario(
    source: str | Path | None, overrides: dict[str, Any] | None = None
) -> ScenarioSpec:
    """Read, validate and cross-check a scenario file (a bundled scenario's name; None: default).

    `overrides` maps dotted paths to values (see `simulation.scenario.overrides`). Raises
    ScenarioError listing every problem as `file:line:col: dotted.path: message`.
    """
    return load_spec(source, overrides, ground=GroundChecks)


def parse_scenario(
    text: str, file: str, overrides: dict[str, Any] | None = None, folder: Path | None = None
) -> ScenarioSpec:
    """As load_scenario, for text already in hand (`file` names it in messages).

    `folder` is where `base:` scenarios and MSEL tables are looked up (default: beside `file`).
    """
    return parse_spec(text, file, overrides, folder, ground=GroundChecks)
