"""The packages' structure: no module imports another that imports it back."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def module_imports(package: str) -> dict[str, set[str]]:
    """For each module of ``package``, the modules of the same package it imports, anywhere in it
    (an import inside a function is a cycle put off, not gone); imports under
    ``if TYPE_CHECKING:`` are left out, since they never run."""
    graph = {}
    for path in sorted((ROOT / package).glob("*.py")):
        name = f"{package}.{path.stem}" if path.stem != "__init__" else package
        found = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for block in ast.walk(tree):
            if isinstance(block, ast.If) and getattr(block.test, "id", "") == "TYPE_CHECKING":
                block.body = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.split(".")[0] == package:
                    found.add(node.module)
                    found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == package)
        graph[name] = found
    return {m: {i for i in imports if i in graph and i != m} for m, imports in graph.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every module that can reach itself, with the path that does it."""
    found = []
    for start in graph:
        stack = [(start, [start])]
        seen = set()
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    found.append(path + [start])
                elif nxt not in seen and nxt != path[0]:
                    seen.add(nxt)
                    stack.append((nxt, path + [nxt]))
    return found


@pytest.mark.parametrize("package", ["autograd", "nn"])
def test_no_module_imports_itself_back(package):
    graph = module_imports(package)
    graph.pop(package, None)  # the package's __init__ re-exports; its modules do not import it
    for module in graph.values():
        module.discard(package)
    assert cycles(graph) == []


def test_the_cycle_finder_finds_an_import_put_off_into_a_function(tmp_path, monkeypatch):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("from pkg.b import f\n")
    (tmp_path / "pkg" / "b.py").write_text("def f():\n    from pkg import a\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    assert cycles(module_imports("pkg")) != []
