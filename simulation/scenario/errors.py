"""Located problems: every complaint about input names its file, line, column and dotted path."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Path = tuple[str | int, ...]
OVERRIDE = "<override>"  # the "file" of values set by dotted-path overrides; line = their number


def dotted(path: Path) -> str:
    """Render ("geography", "sectors", 3, "terrain") as "geography.sectors[3].terrain"."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "<document>"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" hint, or an empty string when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.path}: {self.message}"


@dataclass
class ScenarioError(Exception):
    """Raised with every problem found, sorted by position, so a user fixes them in one pass."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.problems = sorted(set(self.problems))
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass
class Locator:
    """Maps paths in a loaded document back to where they were written."""

    file: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # Paths written in another file (a base scenario, an MSEL table) and that file's name.
    files: dict[Path, str] = field(default_factory=dict)
    # Values that are whole workbook cells: an error inside their text points at the cell.
    cells: set[Path] = field(default_factory=set)
    # List items taken out of the document (list path, index), in order: the paths of a
    # salvaged document (simulation.scenario.salvage) are mapped back to what the user wrote.
    removed: tuple[tuple[Path, int], ...] = ()

    def original(self, path: Sequence[str | int]) -> Path:
        """`path` in the document as written, before any list items were removed."""
        out = list(path)
        for where, index in reversed(self.removed):
            n = len(where)
            if tuple(out[:n]) == where and len(out) > n and isinstance(out[n], int):
                out[n] += out[n] >= index
        return tuple(out)

    def text_at(self, path: Sequence[str | int]) -> tuple[int, int] | None:
        """Where the text of the value at `path` starts; None for a whole workbook cell."""
        written = self.original(path)
        return None if written in self.cells else self.values.get(written) or self.where(path)

    def file_of(self, path: Sequence[str | int]) -> str:
        """The file `path` (or its nearest written ancestor) was written in."""
        path = self.original(path)
        while path:
            if path in self.files:
                return self.files[path]
            path = path[:-1]
        return self.file

    def where(self, path: Sequence[str | int]) -> tuple[int, int]:
        """Line and column of `path` (its key if it has one), or of its nearest written ancestor."""
        path = self.original(path)
        while path:
            for table in (self.keys, self.values):
                if path in table:
                    return table[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def problem(self, path: Sequence[str | int], message: str) -> Problem:
        line, col = self.where(path)
        written = dotted(self.original(path))
        if line == 0:  # written by the col-th override (see loader), not by the file
            return Problem(OVERRIDE, col, 1, written, message)
        return Problem(self.file_of(path), line, col, written, message)


class UnknownStrategy(KeyError):
    """A strategy name the scenario does not have (raised by drills; the CLI answers exit 2)."""

    def __init__(self, name: str, choices: list[str]) -> None:
        super().__init__(name)
        self.message = (
            f"unknown strategy '{name}'{did_you_mean(name, choices)}; "
            f"choose from: {', '.join(choices)}"
        )

    def __str__(self) -> str:
        return self.message
