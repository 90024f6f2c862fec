"""Read YAML while keeping where each value was written.

Plain ``yaml.safe_load`` forgets line numbers and silently keeps the last of two duplicate keys;
composing the node graph ourselves keeps both the positions (for located errors) and the rule
that a key may be written once.
"""

from __future__ import annotations

import pathlib
from typing import Any

import yaml

from simulation.scenario.errors import Locator, Path, Problem, ScenarioError, dotted


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, locator: Locator) -> None:
        self.loader = loader
        self.locator = locator
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.locator.values.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        value = self.loader.construct_object(node, deep=True)
        if isinstance(value, int | float) and not isinstance(value, bool) and ":" in node.value:
            # YAML 1.1 reads 07:30 as the base-60 integer 450; a planner means a clock time.
            return node.value
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                sources = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                for source in sources:
                    merged.update(self.build(source, path))
                continue
            key = self.loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                line, col = _mark(key_node)
                first = self.locator.keys[(*path, key)][0]
                self.problems.append(
                    Problem(
                        self.locator.file,
                        line,
                        col,
                        dotted((*path, key)),
                        f"duplicate key (first written at line {first})",
                    )
                )
                continue
            self.locator.keys[(*path, key)] = _mark(key_node)
            out[key] = self.build(value_node, (*path, key))
        return {**merged, **out}


def read_source(path: pathlib.Path, name: str | None = None) -> str:
    """The text of an input file, or a located problem saying why it cannot be read: missing,
    unreadable, binary, or not UTF-8 (located at the first bad byte)."""
    file = name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(file, 1, 1, "<file>", exc.strerror or str(exc))]) from None
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        line, col = _line_col(raw, at)
        message = "a binary file, not YAML text"
        raise ScenarioError([Problem(file, line, col, "<file>", message)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw, exc.start)
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}): save the file as UTF-8"
        raise ScenarioError([Problem(file, line, col, "<file>", message)]) from None


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a byte offset."""
    line = raw.count(b"\n", 0, offset) + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


# libyaml's parser (when PyYAML was built with it) composes the same nodes with the same marks
# about five times faster than the pure-Python one; the latter reads a faulty file again, so
# syntax errors keep one wording whichever parser PyYAML has.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, file: str) -> tuple[Any, Locator]:
    """Parse one YAML document; return the data and a Locator for its paths.

    Raises ScenarioError for syntax errors and duplicate keys.
    """
    try:
        return _load(text, file, _FAST_LOADER)
    except yaml.YAMLError:
        pass  # read again below: the pure-Python parser words the error
    try:
        return _load(text, file, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = exc.problem or str(exc)
        if exc.context:
            message = f"{message} ({exc.context})"
        raise ScenarioError([Problem(file, line, col, "<syntax>", message)]) from None


def _load(text: str, file: str, loader_class: type) -> tuple[Any, Locator]:
    locator = Locator(file)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError([Problem(file, 1, 1, "<document>", "the file is empty")])
        builder = _Builder(loader, locator)
        data = builder.build(node, ())
    finally:
        loader.dispose()
    if builder.problems:
        raise ScenarioError(builder.problems)
    return data, locator
