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
        self.publish_many((name,), (value,))

    def publish_many(self, names: Iterable[str], values: Iterable[Value]) -> None:
        """Set each of ``names`` in turn, as many :meth:`publish` calls would: a model that
        publishes a value per sector every step pays one call, not one per sector."""
        known, watchers = self._values, self._watchers
        for name, value in zip(names, values, strict=True):
            if name in known and known[name] == value:
                continue
            known[name] = value
            if name in watchers:  # `in` adds no empty list to the defaultdict
                for watcher in list(watchers[name]):
                    watcher()

    def publish_changed(self, names: list[str], values: list[Value]) -> None:
        """:meth:`publish_many` for values the publisher knows differ from those held (it keeps
        what it last published): when no watcher listens to any of the names, one dict update
        sets them all (a model publishing every sector every step paid a lookup per name)."""
        if self._watchers.keys().isdisjoint(names):
            self._values.update(zip(names, values, strict=True))
        else:
            self.publish_many(names, values)

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
