"""Values derived from a scenario once and shared by every drill of it.

Why: a comparison or a search runs hundreds of drills of one scenario, and what a drill derives
from the scenario alone (the roads' travel times, the guard groups, the surge tables) is the
same in each; deriving it anew was about 4 % of a default drill. A scenario spec is frozen, so
what is derived from it stays true for as long as it lives. What is shared must not be changed:
callers hand it out read-only, or copy what a drill changes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

_DERIVED: dict[tuple[int, str], Any] = {}
"""(id of the spec, what) -> the value; an entry leaves when its spec is collected, before its
id can be reused."""


def per_scenario[T](spec: object, what: str, derive: Callable[[], T]) -> T:
    """``derive()`` the first time ``what`` is asked of ``spec``; the same value after that."""
    key = (id(spec), what)
    if key not in _DERIVED:
        _DERIVED[key] = derive()
        weakref.finalize(spec, _DERIVED.pop, key, None)
    return _DERIVED[key]
