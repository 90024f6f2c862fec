"""The drill's observable state: named quantities components publish and injects watch.

Contingency injects must fire at the very moment their condition turns true, not at the next
poll. So publishers call :meth:`StateBoard.publish` whenever a quantity changes, and the board
calls the watchers of that name synchronously, at the same clock time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from simulation.scenario.conditions import Value

Watcher = Callable[[], None]


class StateBoard:
    """Latest value of every published quantity (``namespace.object.attribute``)."""

    def __init__(self) -> None:
        self._values: dict[str, Value] = {}
        self._watchers: dict[str, list[Watcher]] = defaultdict(list)

    def publish(self, name: str, value: Value) -> None:
        """Set ``name``; watchers run only when the value actually changes."""
        if name in self._values and self._values[name] == value:
            return
        self._values[name] = value
        for watcher in list(self._watchers.get(name, ())):
            watcher()

    def get(self, name: str) -> Value | None:
        """The current value, or None while nothing has been published under ``name``."""
        return self._values.get(name)

    def watch(self, names: Iterable[str], watcher: Watcher) -> Callable[[], None]:
        """Call ``watcher`` after any of ``names`` changes; returns the function that stops it."""
        names = sorted(set(names))
        for name in names:
            self._watchers[name].append(watcher)

        def stop() -> None:
            for name in names:
                self._watchers[name].remove(watcher)

        return stop
