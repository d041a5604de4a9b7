"""The package's tree shows the pipeline: imports point down it, never back, and never in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import psp_qa

PACKAGE = Path(psp_qa.__file__).parent
# Stages in pipeline order; the package's face (types, config, errors) sits below them all,
# and the front (engine, cli, evaluate, render) above.
ORDER = ["types", "errors", "config", "reading", "indexing", "answering", "engine", "evaluate", "render", "web", "cli"]


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> dict[str, set[str]]:
    """module name -> the psp_qa modules it imports, at any depth of the file (lazy imports count)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(("psp_qa", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("psp_qa"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names if (PACKAGE / a.name).exists())
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("psp_qa"))
        graph[name] = {m for m in found if m != name}
    return graph


def test_stages_are_folders():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == {"reading", "indexing", "answering", "web"}


def test_no_import_points_back_up_the_pipeline():
    backwards = [
        f"{module} imports {target}"
        for module, targets in _imports().items()
        for target in targets
        if target != "psp_qa" and _stage(module) in ORDER and ORDER.index(_stage(target)) > ORDER.index(_stage(module))
    ]
    assert backwards == []


def test_no_import_cycles():
    graph = _imports()
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target) :], target] if target in trail else [node, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_only_the_cli_prints():
    printing = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "cli.py"
        and any(
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
            for node in ast.walk(ast.parse(path.read_text()))
        )
    ]
    assert printing == []


def test_tests_and_benchmarks_import_public_names_only():
    root = PACKAGE.parent
    private = [
        f"{path.relative_to(root)}: {alias.name}"
        for folder in ("tests", "bench")
        for path in (root / folder).rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("psp_qa")
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []
