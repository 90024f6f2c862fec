"""The models a drill can hold, found at run time: the core imports none of them.

A model (patrol, crowd, logistics, information, ...) is a package beside the core that exposes
one :class:`ModelPlugin` and names it under the ``sispam.models`` entry-point group in its
distribution's metadata (``pyproject.toml`` here)::

    [project.entry-points."sispam.models"]
    patrol = "simulation.patrol.plugin:PLUGIN"

The drill asks :func:`installed` for every plugin and calls each one's ``build`` with itself;
``build`` returns the model's component, or None when the scenario has no section for it.
Adding a model is therefore adding a package and one entry-point line, never editing the core,
and a third-party package can add models to sispam the same way. Tests may pass their own
plugin list to the drill instead.

Entry points keep the import graph pointing one way: the core names models only as strings in
package metadata, and loads them lazily, so ``sispam --help`` imports no model at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from simulation.core.kpis import Kpi, register

if TYPE_CHECKING:
    from simulation.core.component import Component, Host

GROUP = "sispam.models"


class PluginError(RuntimeError):
    """An installed plugin is broken (missing, duplicated or with a circular ``after``)."""


PARAM_KINDS = (
    "unit",
    "place",
    "duration",
    "inject",
    "convoy",
    "hoax",
    "crowd",
    "exit",
    "scene",
    "text",
)
"""What an order's parameter names: a unit label, a sector or site id, a duration ("30 min"),
an MSEL number, a convoy id, a hoax id, a crowd scene id, a venue exit's name, an election
scene's id (a candidate convoy, a march), or free text."""


@dataclass(frozen=True)
class OrderSpec:
    """One order a player may give a model: its kind, a line of help, its parameters by kind.

    The component that declares it carries it out in ``order(kind, params)``, returning the
    reason it is refused (a unit busy elsewhere, an inject already delivered) or None. A
    ``facilitator`` order steers the exercise itself (the MSEL), so the players' join code
    cannot give it.
    """

    kind: str
    help: str
    params: dict[str, str] = field(default_factory=dict)
    facilitator: bool = False  # the exercise control's order (an inject), never a player's

    def __post_init__(self) -> None:
        unknown = sorted(set(self.params.values()) - set(PARAM_KINDS))
        if unknown:
            raise PluginError(f"order {self.kind}: unknown parameter kind {', '.join(unknown)}")


@dataclass(frozen=True)
class ModelPlugin:
    """What a model tells the engine about itself.

    ``name``: the component's name (also its random stream and the prefix of its KPIs).
    ``build``: drill -> component, or None when the scenario does not call for the model.
    ``section``: the scenario section the model reads (None: it always runs).
    ``kpis``: the KPIs it reports (unit, better direction, en/id labels), registered on load.
    ``orders``: the orders a player may give it in facilitated play.
    ``charts``: the catalogue charts that show its results.
    ``after``: plugins whose components must exist before this one is built (it looks them up).
    ``warnings``: scenario -> sentences a planner should read before running it (``sispam
    validate`` prints them; they never fail a file). It must stay light: validate loads no
    heavy library.
    """

    name: str
    build: Callable[[Host], Component | None]
    section: str | None = None
    kpis: tuple[Kpi, ...] = ()
    orders: tuple[OrderSpec, ...] = ()
    charts: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    warnings: Callable[[Any], list[str]] | None = None


def ordered(plugins: Iterable[ModelPlugin]) -> list[ModelPlugin]:
    """Plugins in build order: each after the ones it names in ``after``, otherwise by name.

    Sorting by name first makes the order independent of how the metadata lists them.
    """
    pending = {p.name: p for p in sorted(plugins, key=lambda p: p.name)}
    for plugin in pending.values():
        missing = [a for a in plugin.after if a not in pending]
        if missing:
            raise PluginError(f"plugin {plugin.name!r} needs {', '.join(missing)}, not installed")
    done: list[ModelPlugin] = []
    while pending:
        placed = {p.name for p in done}
        ready = next((p for p in pending.values() if placed.issuperset(p.after)), None)
        if ready is None:
            raise PluginError(f"plugins wait on each other: {', '.join(sorted(pending))}")
        done.append(ready)
        del pending[ready.name]
    return done


@cache
def installed() -> tuple[ModelPlugin, ...]:
    """Every plugin named under ``sispam.models``, loaded once, their KPIs registered."""
    found: dict[str, ModelPlugin] = {}
    for point in entry_points(group=GROUP):
        plugin = point.load()
        if not isinstance(plugin, ModelPlugin):
            raise PluginError(f"entry point {point.name} = {point.value} is not a ModelPlugin")
        if plugin.name in found:
            raise PluginError(f"two plugins are called {plugin.name!r}")
        found[plugin.name] = plugin
    plugins = tuple(ordered(found.values()))
    for plugin in plugins:
        register(*plugin.kpis)
    return plugins


def describe_plugins() -> list[dict[str, Any]]:
    """Name, section, KPIs, orders and charts of every installed model (for docs and `sispam`)."""
    return [
        {
            "name": p.name,
            "section": p.section or "",
            "kpis": [k.name for k in p.kpis],
            "orders": [o.kind for o in p.orders],
            "charts": list(p.charts),
        }
        for p in installed()
    ]
