"""A scenario's crowd scenes and each strategy's police side for them.

Apart from scenario/crowd.py (the crowd section's specs, which scenario/model.py includes) so
that reading scenes from a whole scenario imports the model without a circle.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulation.scenario.crowd import CrowdSpec, CrowdStrategySpec
from simulation.scenario.errors import Path
from simulation.scenario.model import ScenarioSpec, Strategy


@dataclass(frozen=True)
class Scene:
    """One crowd scene of a scenario and where it is written.

    A scenario's scenes are its ``crowd:`` (if any) followed by its ``crowds:`` list. The first
    scene keeps what a one-scene scenario always had: the random stream ``crowd`` (so existing
    seeds give the same crowd) and a strategy's ``crowd:`` as its police side; every other scene
    draws from ``crowd/<id>`` and is policed through ``crowds.<id>``.
    """

    spec: CrowdSpec
    path: Path
    first: bool

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def stream(self) -> tuple[str, ...]:
        """Name of the scene's random stream (adding a scene never changes another's)."""
        return ("crowd",) if self.first else ("crowd", self.spec.id)


def scenes(spec: ScenarioSpec) -> list[Scene]:
    """Every crowd scene of the scenario, the ``crowd:`` one first."""
    written: list[tuple[Path, CrowdSpec]] = [(("crowd",), spec.crowd)] if spec.crowd else []
    written += [(("crowds", i), scene) for i, scene in enumerate(spec.crowds)]
    return [Scene(scene, path, k == 0) for k, (path, scene) in enumerate(written)]


def police_side(strategy: Strategy, scene: Scene) -> tuple[Path, CrowdStrategySpec] | None:
    """The strategy's police side for ``scene`` and its path inside the strategy (None: not
    given)."""
    if scene.id in strategy.crowds:
        return ("crowds", scene.id), strategy.crowds[scene.id]
    if scene.first and strategy.crowd is not None:
        return ("crowd",), strategy.crowd
    return None
