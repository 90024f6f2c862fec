"""The layers point one way: no module imports a higher layer, and no imports go in a circle.

Read from the source (ast), so an import inside a function counts as much as one at the top;
only imports under `if TYPE_CHECKING:` (annotations) are left out. See docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Longest prefix wins; the order is the layering, lowest first.
LAYERS = {
    "simulation.scenario": 0,
    "simulation.geography": 1,
    "simulation": 0,  # the package itself: only its version, which any layer may read
    "simulation.core": 2,
    "simulation.results": 2,
    "simulation.patrol": 3,
    "simulation.crowd": 3,
    "agents": 3,  # the mesa agents the crowd model steps (top-level package, models layer)
    "simulation.logistics": 3,
    "simulation.information": 3,
    "simulation.election": 3,
    "simulation.emergency": 3,
    "simulation.experiments": 4,
    "simulation.play": 4,  # facilitated play drives drills, as experiments do
    "simulation.reports": 5,
    "simulation.cli": 6,
}
NAMES = ["scenario", "geography", "core", "models", "experiments/play", "reports", "command line"]
# Reports read result folders: they may use the layers below models, never a model.
READS_RESULTS_ONLY = {"simulation.reports": {0, 1, 2, 5}}


def layer(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(f"{p}.")), key=len)
    return LAYERS[best]


def modules(root: Path = ROOT) -> dict[str, Path]:
    found = {}
    for package in ("simulation", "agents"):
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(
    name: str, path: Path, known: dict[str, Path], annotations: bool = False
) -> list[tuple[str, int]]:
    """(module of ours imported, line) for every import outside `if TYPE_CHECKING:` (and
    inside it too with `annotations`)."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in [*child.body, *child.orelse] if annotations else child.orelse:
                    visit_node(other)
            else:
                visit_node(child)

    def visit_node(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.append((full if full in known else base, node.lineno))
        visit(node)

    visit(ast.parse(path.read_text(), str(path)))
    out = []
    for target, line in found:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            out.append((target, line))
    return out


def graph(root: Path = ROOT, annotations: bool = False) -> tuple[dict[str, set[str]], list[str]]:
    """Import graph of our modules, and every import that points the wrong way."""
    known = modules(root)
    edges: dict[str, set[str]] = {}
    wrong = []
    for name, path in known.items():
        edges[name] = set()
        for target, line in imports(name, path, known, annotations):
            edges[name].add(target)
            allowed = next(
                (layers for p, layers in READS_RESULTS_ONLY.items() if name.startswith(f"{p}.")),
                None,
            )
            if layer(target) > layer(name) or (
                allowed is not None and layer(target) not in allowed
            ):
                where = path.relative_to(root)
                wrong.append(
                    f"{where}:{line}: {name} ({NAMES[layer(name)]}) imports {target} "
                    f"({NAMES[layer(target)]})"
                )
    return edges, wrong


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_every_module_has_a_layer():
    """A new top-level module or package is given its layer here, not left to the default."""
    named = [p for p in LAYERS if p != "simulation"]
    loose = [
        name
        for name in modules()
        if name != "simulation" and not any(name == p or name.startswith(f"{p}.") for p in named)
    ]
    assert not loose


def test_no_module_imports_a_higher_layer():
    _, wrong = graph()
    assert not wrong, "\n".join(wrong)


def test_no_import_circles():
    edges, _ = graph()
    assert not cycles(edges)


def test_no_circles_even_through_annotations():
    """Two modules that need each other's types are one module, or share a lower one (the
    logistics KPIs read records.py, not the model that imports them)."""
    edges, _ = graph(annotations=True)
    assert not cycles(edges)


@pytest.mark.parametrize(
    ("module", "line", "expect"),
    [
        ("simulation/scenario/units.py", "from simulation.geography import load_scenario", "up"),
        ("simulation/core/clock.py", "    from simulation.patrol import plugin", "up"),
        ("simulation/reports/folder.py", "from simulation.information import injects", "up"),
        ("simulation/geography/links.py", "import simulation.geography.checks", "circle"),
    ],
)
def test_a_planted_import_is_caught(tmp_path, module, line, expect):
    """The checks see a wrong import at the top or inside a function, and a circle."""
    for package in ("simulation", "agents"):
        for path in (ROOT / package).rglob("*.py"):
            copy = tmp_path / path.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(path.read_text())
    planted = tmp_path / module
    text = planted.read_text()
    if line.startswith(" "):  # inside a function
        text += f"\n\ndef _planted() -> None:\n{line}\n"
    else:
        text += f"\n{line}\n"
    planted.write_text(text)
    edges, wrong = graph(tmp_path)
    if expect == "up":
        assert any(w.startswith(module) for w in wrong), wrong
    else:
        assert not wrong
        assert any("simulation.geography.links" in c for c in cycles(edges))
