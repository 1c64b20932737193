"""The packages' structure: no import cycle, subpackages stacked with no import running back up,
and the sizes that keep the house easy to find one's way in."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _module_name(package_root: Path, path: Path) -> str:
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def module_imports(package: str, root: Path = None) -> dict[str, set[str]]:
    """For each module of ``package`` and of its subpackages (at any depth), the modules of the
    same package it imports, anywhere in it (an import inside a function is a cycle put off, not
    gone); imports under ``if TYPE_CHECKING:`` are left out, since they never run."""
    package_root = (root or ROOT) / package
    graph = {}
    for path in sorted(package_root.rglob("*.py")):
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
        graph[_module_name(package_root, path)] = found
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


def _without_package_inits(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph less the packages' ``__init__`` modules, which only re-export what their
    modules define (and which Python runs before any module of theirs), and ``__main__``,
    the entry point of ``python -m``."""
    inits = {m for m in graph
             if (ROOT / m.replace(".", "/") / "__init__.py").exists() or m.endswith(".__main__")}
    return {m: imports - inits for m, imports in graph.items() if m not in inits}


@pytest.mark.parametrize("package", ["autograd", "nn"])
def test_no_module_imports_itself_back(package):
    assert cycles(_without_package_inits(module_imports(package))) == []


def test_the_cycle_finder_finds_an_import_put_off_into_a_function(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("from pkg.b import f\n")
    (tmp_path / "pkg" / "b.py").write_text("def f():\n    from pkg import a\n")
    assert cycles(module_imports("pkg", tmp_path)) != []


def test_the_cycle_finder_reads_subpackages(tmp_path):
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("from pkg.sub.b import f\n")
    (tmp_path / "pkg" / "sub" / "b.py").write_text("def f():\n    import pkg.a\n")
    assert cycles(module_imports("pkg", tmp_path)) == [["pkg.a", "pkg.sub.b", "pkg.a"],
                                                       ["pkg.sub.b", "pkg.a", "pkg.sub.b"]]


# Each layer may import the ones below it, never one above. Within a layer, modules import
# each other freely (no cycles, as the test above says).
LAYERS = {
    "autograd": [["autograd"], ["autograd.replay", "autograd.views", "autograd.bridge"], ["autograd.tutor"]],
    "nn": [["nn.checks", "nn.seeding"], ["nn.data"], ["nn.modules"], ["nn.losses", "nn.optim"],
           ["nn.training"], ["nn.bridge"]],
}


def _layer(package: str, module: str) -> int:
    for level, prefixes in enumerate(LAYERS[package]):
        if any(module == p or module.startswith(p + ".") for p in prefixes if p != package):
            return level
    return 0 if package in LAYERS[package][0] else -1


@pytest.mark.parametrize("package", ["autograd", "nn"])
def test_no_import_runs_back_up_the_stack_of_subpackages(package):
    graph = _without_package_inits(module_imports(package))
    upward = [(m, i) for m, imports in graph.items() for i in imports
              if _layer(package, i) > _layer(package, m)]
    assert upward == []


@pytest.mark.parametrize("package", ["autograd", "nn"])
def test_every_module_belongs_to_a_layer(package):
    graph = _without_package_inits(module_imports(package))
    assert [m for m in graph if _layer(package, m) < 0] == []


def test_the_replay_and_the_views_do_not_lean_on_each_other():
    graph = _without_package_inits(module_imports("autograd"))
    leaning = [(m, i) for m, imports in graph.items() for i in imports
               if {m.split(".")[1], i.split(".")[1]} == {"replay", "views"}]
    assert leaning == []


@pytest.mark.parametrize("package, most_at_top", [("autograd", 16), ("nn", 6)])
def test_a_package_holds_few_modules_at_its_top(package, most_at_top):
    assert len(list((ROOT / package).glob("*.py"))) <= most_at_top


SUBPACKAGES = sorted(str(p.parent.relative_to(ROOT)) for package in ("autograd", "nn")
                     for p in (ROOT / package).glob("*/__init__.py"))


@pytest.mark.parametrize("folder", SUBPACKAGES)
def test_a_subpackage_holds_at_most_twelve_modules(folder):
    assert len(list((ROOT / folder).glob("*.py"))) <= 12


@pytest.mark.parametrize("path", sorted(str(p.relative_to(ROOT)) for package in ("autograd", "nn")
                                        for p in (ROOT / package).rglob("*.py")))
def test_a_module_is_at_most_350_lines(path):
    assert len((ROOT / path).read_text(encoding="utf-8").splitlines()) <= 350


def _private_imports(package: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == package:
                found += [(str(path.relative_to(ROOT)), a.name) for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    return found


@pytest.mark.parametrize("package", ["autograd", "nn"])
def test_no_private_name_is_imported_from_another_module(package):
    assert _private_imports(package) == []


def test_training_leans_on_the_replay_one_way():
    """The replay of a batch and the plain training step know nothing else of training; the
    compiled step builds on those two alone, never on inference."""
    graph = _without_package_inits(module_imports("nn"))
    training = {m for m in graph if m.startswith("nn.training.")}
    assert graph["nn.training.replay"] & training == set()
    assert graph["nn.training.step"] & training == set()
    assert graph["nn.training.replay_step"] & training == {"nn.training.replay", "nn.training.step"}


# The one function allowed past 60 lines: the backward pass's hot loop, kept whole so that
# it makes no Python call per node (its comment says so).
LONG_ON_PURPOSE = {"autograd/backward.py:backward"}


def _long_functions(folders: tuple[str, ...], most: int = 60) -> list[str]:
    found = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    where = f"{path.relative_to(ROOT).as_posix()}:{node.name}"
                    if node.end_lineno - node.lineno + 1 > most and where not in LONG_ON_PURPOSE:
                        found.append(where)
    return found


def test_no_function_is_over_60_lines_but_the_backward_loop():
    assert _long_functions(("autograd", "nn", "demos")) == []


def test_the_length_check_finds_a_long_function(tmp_path, monkeypatch):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "long.py").write_text("def f():\n" + "    x = 1\n" * 61)
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    assert _long_functions(("pkg",)) == ["pkg/long.py:f"]
