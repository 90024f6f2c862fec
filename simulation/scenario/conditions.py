"""Conditions of contingency injects: a tiny, safe expression language over drill quantities.

Exercise controllers write ``crowd.kpu_bangil.status >= merah and crowd.kpu_bangil.size > 500``;
the inject's window says from when and until when the condition is watched. The text is
tokenised and parsed into an AST of comparisons joined by ``and``/``or``/``not``; nothing is ever
handed to ``eval``. Names are dotted paths to quantities the drill publishes
(``namespace.object.attribute``), checked against what the scenario declares before the drill
runs, so a typo is a located load error rather than an inject that silently never fires.

Grammar::

    expr       := conj ("or" conj)*
    conj       := unary ("and" unary)*
    unary      := "not" unary | "(" expr ")" | comparison
    comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand)?
    operand    := NAME | NUMBER | hijau | kuning | merah | true | false | 'text'

Crowd statuses are ordered hijau < kuning < merah, so ``>= kuning`` reads as the users say it."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from simulation.scenario.errors import did_you_mean

STATUS_LEVELS = {"hijau": 0, "kuning": 1, "merah": 2}
_COMPARATORS: dict[str, Callable[[object, object], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
}
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>\d+(?:\.\d+)?)(?![\w.])
      | (?P<text>'[^']*')
      | (?P<op>==|!=|<=|>=|<|>|\(|\))
      | (?P<name>[A-Za-z_][\w-]*(?:\.[\w-]+)*)
    )""",
    re.VERBOSE,
)

Value = float | str | bool
Lookup = Callable[[str], Value | None]
"""Reads a quantity; None means not published yet, and every comparison with it is false."""


class ConditionError(ValueError):
    """A condition that cannot be parsed or names something unknown; ``offset`` is 0-based."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Quantity:
    name: str
    offset: int


@dataclass(frozen=True)
class Literal:
    value: Value


@dataclass(frozen=True)
class Compare:
    op: str
    left: Quantity | Literal
    right: Quantity | Literal


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    operands: tuple[Node, ...]


Node = Compare | Not | BoolOp | Quantity | Literal


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    offset: int


def _tokenise(text: str) -> list[_Token]:
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None:
            start = len(text) - len(text[pos:].lstrip())
            raise ConditionError(f"unexpected character {text[start]!r}", start)
        kind = match.lastgroup or ""
        value = match.group(kind)
        tokens.append(_Token(kind, value, match.start(kind)))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenise(text)
        self.pos = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def accept(self, word: str) -> bool:
        token = self.peek()
        if token is not None and token.text == word and token.kind in ("name", "op"):
            self.pos += 1
            return True
        return False

    def fail(self, expected: str) -> ConditionError:
        token = self.peek()
        if token is None:
            return ConditionError(f"expected {expected} at the end", len(self.text))
        return ConditionError(f"expected {expected}, found {token.text!r}", token.offset)

    def parse(self) -> Node:
        if not self.tokens:
            raise ConditionError("empty condition", 0)
        node = self.disjunction()
        if self.peek() is not None:
            raise self.fail("'and', 'or' or the end")
        return node

    def disjunction(self) -> Node:
        return self._joined("or", self.conjunction)

    def conjunction(self) -> Node:
        return self._joined("and", self.unary)

    def _joined(self, word: str, part: Callable[[], Node]) -> Node:
        operands = [part()]
        while self.accept(word):
            operands.append(part())
        return operands[0] if len(operands) == 1 else BoolOp(word, tuple(operands))

    def unary(self) -> Node:
        if self.accept("not"):
            return Not(self.unary())
        if self.accept("("):
            node = self.disjunction()
            if not self.accept(")"):
                raise self.fail("')'")
            return node
        left = self.operand()
        token = self.peek()
        if token is not None and token.text in _COMPARATORS:
            self.pos += 1
            return Compare(token.text, left, self.operand())
        return left

    def operand(self) -> Quantity | Literal:
        token = self.peek()
        if token is None or token.kind == "op" or token.text in ("and", "or", "not"):
            raise self.fail("a quantity or a value")
        self.pos += 1
        if token.kind == "number":
            return Literal(float(token.text))
        if token.kind == "text":
            return Literal(token.text[1:-1])
        if token.text in STATUS_LEVELS:
            return Literal(float(STATUS_LEVELS[token.text]))
        if token.text in ("true", "false"):
            return Literal(token.text == "true")
        return Quantity(token.text, token.offset)


def parse_condition(text: str) -> Node:
    """Parse ``text`` into an AST; raises :class:`ConditionError` with the offending offset."""
    return _Parser(text).parse()


def quantities(node: Node) -> list[Quantity]:
    """Every quantity the condition reads, in text order (what a watcher subscribes to)."""
    match node:
        case Quantity():
            return [node]
        case Literal():
            return []
        case Compare(left=left, right=right):
            return quantities(left) + quantities(right)
        case Not(operand=operand):
            return quantities(operand)
        case BoolOp(operands=operands):
            return [q for part in operands for q in quantities(part)]
    raise TypeError(node)


def check_names(node: Node, known: Mapping[str, set[str]]) -> None:
    """Reject names the drill will not publish.

    ``known`` maps ``namespace.object`` (or a bare name such as ``time``) to the attributes it
    has; the error points at the first unknown part of the first unknown name.
    """
    for quantity in quantities(node):
        if quantity.name in known:
            continue
        head, _, attribute = quantity.name.rpartition(".")
        if head in known:
            if attribute not in known[head]:
                raise ConditionError(
                    f"{head!r} has no quantity {attribute!r} "
                    f"(it has: {', '.join(sorted(known[head]))})",
                    quantity.offset + len(head) + 1,
                )
            continue
        objects = sorted(k for k in known if k.split(".")[0] == quantity.name.split(".")[0])
        name = head or quantity.name
        hint = did_you_mean(name, objects or known)
        if objects:
            hint += f" (known: {', '.join(objects)})"
        raise ConditionError(f"unknown object {name!r}{hint}", quantity.offset)


def evaluate(node: Node, lookup: Lookup) -> bool:
    """Truth of the condition in the state ``lookup`` reads (status words as 0/1/2).

    A quantity not published yet makes its comparisons false, so a contingency on a crowd
    that has not formed simply waits.
    """
    return bool(_value(node, lookup))


def _value(node: Node, lookup: Lookup) -> Value | None:
    match node:
        case Quantity(name=name):
            value = lookup(name)
            return float(STATUS_LEVELS[value]) if value in STATUS_LEVELS else value
        case Literal(value=value):
            return value
        case Compare(op=op, left=left, right=right):
            a, b = _value(left, lookup), _value(right, lookup)
            return a is not None and b is not None and _COMPARATORS[op](a, b)
        case Not(operand=operand):
            return not _value(operand, lookup)
        case BoolOp(op="and", operands=operands):
            return all(_value(part, lookup) for part in operands)
        case BoolOp(operands=operands):
            return any(_value(part, lookup) for part in operands)
    raise TypeError(node)
