"""The import graph: no cycle between modules (imports inside functions and TYPE_CHECKING count).

The layers themselves (index <- assistant <- eval <- ui) are import-linter's contract, run by
`make lint`; this test covers what a layers contract does not: cycles inside one package.
"""

from __future__ import annotations

import grimp

PACKAGES = ("index", "assistant", "eval", "ui")


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in graph.find_modules_directly_imported_by(module):
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return found


def test_no_import_cycles() -> None:
    assert cycles(grimp.build_graph(*PACKAGES)) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for a, b in [("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")]:
        graph.add_import(importer=a, imported=b)
    assert cycles(graph) == [["p.a", "p.b", "p.c"]]


def test_no_test_module_imports_another() -> None:
    """Shared code lives in conftest fixtures and the `helpers` package, not in a test module."""
    import ast
    from pathlib import Path

    here = Path(__file__).parent
    tests = {p.stem for p in here.glob("test_*.py")}
    offenders = []
    for path in sorted(here.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name} imports {n}" for n in names if n.split(".")[0] in tests]
    assert offenders == []
