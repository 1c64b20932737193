"""Mutation testing: break one rule at a time and see whether the tests notice.

A developer script, not a test (pytest collects only ``test_*.py``; CI never runs it). It makes
mutants of the files in :data:`TESTS` with :mod:`ast`: an operator swapped (``+ -``, ``* /``,
``> >=``, ``< <=``, ``== !=``, ``is``/``is not``, ``and``/``or``), a constant changed (0/1, 1.0
to 2.0, 0.5 to 1.0, True/False), a ``not`` or a minus removed, a conditional's branches swapped,
``return None`` at the top of a small function; never in annotations (not run) or message text
(f-strings, ``raise``). Each runs in a copy of the tree against its file's tests (``-x``; a
timeout counts as killed). Score = killed / (all - equivalent), where :data:`EQUIVALENT` names
the mutants no test could tell from the original, with the reason. Seeded per file: a run is
reproducible, and editing one file leaves the others' mutants alone. ``--list`` lists them;
``--ref HEAD --overlay tests/x.py`` mutates the last commit with the work tree's ``tests/x.py``.
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_ENGINE = """edge_rules rules ops grad value gradcheck errors nonfinite properties modes backward steps
    lecture practice ops_on_arrays compile compile_nonfinite compile_structure compile_properties
    compile_nn""".split()
_TRAINING = "state_checks fit_arguments nonfinite train train_interrupts".split()
TESTS = {  # the tests (tests/test_*.py) of each file, fast and pointed first: -x stops at the first failure
    **dict.fromkeys(["autograd/ops/arithmetic.py", "autograd/ops/functions.py", "autograd/ops/many.py",
                     "autograd/backward.py"], [*_ENGINE, "micrograd_compat"]),
    "autograd/graph.py": [*_ENGINE, "layers", "micrograd_compat"],
    "autograd/op_entry.py": ["ops_on_arrays", *_ENGINE],  # where, log, exp, sigmoid, floats
    **dict.fromkeys(["nn/optim/sgd.py", "nn/optim/rmsprop.py", "nn/optim/adam.py"],
                    ["optim", *_TRAINING, "micrograd_compat"]),
    "nn/losses/functions.py": ["losses", "layers", *_TRAINING, "micrograd_compat"],
    "nn/optim/schedulers.py": ["schedulers", *_TRAINING],
    "nn/losses/targets.py": ["losses", "fit_compile", *_TRAINING],
    **dict.fromkeys(["nn/losses/record.py", "nn/losses/table.py"],
                    ["loss_table", "losses", "fit_compile", *_TRAINING]),
    **dict.fromkeys(["nn/training/replay.py", "nn/training/replay_step.py"], ["fit_compile", "train"]),
}
FIRST = ["mutants_pinned"]  # run first for every file

EQUIVALENT = {  # the mutants no test can tell from the original, by key (as --list prints it): why
    "backward: elif n == 1: -> elif n == 0: #2": "a one-input node then adds its gradient in the general "
    "loop, with the same arithmetic (n is never 0: the order holds only nodes with inputs)",
    "power_rule: if type(k) is float or type(k) is int: -> if type(k) is float and type(k) is int:":
    "numbers then take the general path, whose where() picks the same value, computed the same way",
    "_dot_text: zip(args[:n], args[n : 2 * n])] + args[2 * n -> zip(args[:n], args[n : 3 * n])] + args[2 * n":
    "zip stops after the n weights either way",
    "stable_sigmoid: if x >= 0: -> if x > 0:": "at x = 0 both formulas give exactly 0.5",
    "stable_sigmoid_on_arrays: return np.where(x >= 0, 1.0 / (1.0 + e), -> "
    "return np.where(x > 0, 1.0 / (1.0 + e),": "at x = 0 both formulas give exactly 0.5",
    "CompiledStep.replay: check_finite_loss(float(numbers[0])) -> "
    "check_finite_loss(float(numbers[1]))": "the total (data loss + penalties) is infinite or NaN only "
    "when the data loss is, or through an overflow, which the replay raises itself (the parameters "
    "are finite: fit and the optimizers refuse any other)",
    "CompiledEvaluation.__call__: return float(numbers[1]), right -> return float(numbers[0]), right":
    "without penalties the first two outputs are the same Value, the data loss",
}

BINOPS = {ast.Add: ("+", "-"), ast.Sub: ("-", "+"), ast.Mult: ("*", "/"), ast.Div: ("/", "*"),
          ast.FloorDiv: ("//", "/")}
CMPOPS = {ast.Gt: (">", ">="), ast.GtE: (">=", ">"), ast.Lt: ("<", "<="), ast.LtE: ("<=", "<"),
          ast.Eq: ("==", "!="), ast.NotEq: ("!=", "=="), ast.Is: ("is", "is not"),
          ast.IsNot: ("is not", "is"), ast.In: ("in", "not in"), ast.NotIn: ("not in", "in")}
BOOLOPS = {ast.And: ("and", "or"), ast.Or: ("or", "and")}
UNARY = {ast.Not: (rb"not\s*", "not removed"), ast.USub: (rb"-\s*", "minus removed")}
CONSTANTS = {(bool, True): False, (bool, False): True, (int, 0): 1, (int, 1): 0, (float, 0.0): 1.0,
             (float, 1.0): 2.0, (float, 0.5): 1.0, (float, 2.0): 1.0,
             **{(int, n): n + 1 for n in range(2, 10)}}  # what a constant becomes, by (type, value)


@dataclass
class Mutant:
    """One change to one file: the bytes ``start:end`` of ``file`` replaced by ``text``."""

    file: str
    line: int
    kind: str
    key: str  # where (``_sigmoid``), then what: ``_sigmoid: if x >= 0: -> if x > 0:``
    start: int
    end: int
    text: bytes
    ident: int = 0
    result: str = ""  # killed, survived, timeout or equivalent

    def apply(self, data: bytes) -> bytes:
        return data[: self.start] + self.text + data[self.end :]


class Finder(ast.NodeVisitor):
    """Every place in one file where a mutant can be made, as a byte splice (so the rest
    of the file, its comments and its line numbers stay as they are)."""

    def __init__(self, file: str, data: bytes) -> None:
        self.file, self.data, self.scope, self.found = file, data, [], []
        self.starts = [0, *accumulate(len(line) for line in data.splitlines(keepends=True))]
        self.visit(ast.parse(data))

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (self.starts[node.lineno - 1] + node.col_offset,
                self.starts[node.end_lineno - 1] + node.end_col_offset)

    def add(self, kind: str, node: ast.AST, start: int, end: int, text: str) -> None:
        scope = ".".join(self.scope) or "<module>"
        self.found.append(Mutant(self.file, node.lineno, kind, scope, start, end, text.encode()))

    def swap(self, kind: str, node: ast.AST, left: ast.AST, right: ast.AST, old: str, new: str) -> None:
        """Replace the operator ``old`` written between the operands ``left`` and ``right``."""
        a, b = self.span(left)[1], self.span(right)[0]
        m = re.fullmatch(rb"([\s)\\]*)(.+?)([\s(\\]*)", self.data[a:b], re.S)
        if m and b" ".join(m[2].split()) == old.encode():
            self.add(kind, node, a + len(m[1]), a + len(m[1]) + len(m[2]), new)

    def visit_ClassDef(self, node: ast.ClassDef | ast.FunctionDef) -> None:
        self.scope.append(node.name)
        for statement in node.body:
            self.visit(statement)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.scope.append(node.name)
        for expr in [*node.decorator_list, *node.args.defaults, *filter(None, node.args.kw_defaults)]:
            self.visit(expr)  # but not the annotations, never evaluated here
        body = node.body[1:] if ast.get_docstring(node) is not None else node.body
        if body and body[0].lineno > node.lineno and node.end_lineno - node.lineno <= 25:  # a small one
            at = self.starts[body[0].lineno - 1]
            self.add("return None", body[0], at, at, " " * body[0].col_offset + "return None\n")
        self.scope.pop()
        self.visit_ClassDef(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        name = node.targets[0].id if not self.scope and isinstance(node.targets[0], ast.Name) else None
        self.scope += [name] if name else []  # where a table entry's lambdas are: ``RELU``
        self.generic_visit(node)
        if name:
            self.scope.pop()

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)

    def skip(self, node: ast.AST) -> None:
        """Message text (an f-string, an error raised with its message): left alone."""

    visit_JoinedStr = visit_Raise = skip

    def visit_BinOp(self, node: ast.BinOp) -> None:
        strings = [s for s in (node.left, node.right) if isinstance(getattr(s, "value", None), str)]
        if type(node.op) in BINOPS and not strings and not isinstance(node.left, ast.JoinedStr):
            self.swap("operator", node, node.left, node.right, *BINOPS[type(node.op)])
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if type(node.op) in BINOPS:
            old, new = BINOPS[type(node.op)]
            self.swap("operator", node, node.target, node.value, old + "=", new + "=")
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:]):
            self.swap("comparison", node, left, right, *CMPOPS[type(op)])
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        for left, right in zip(node.values, node.values[1:]):
            self.swap("boolean", node, left, right, *BOOLOPS[type(node.op)])
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        pattern, kind = UNARY.get(type(node.op), (None, ""))
        start, end = self.span(node)[0], self.span(node.operand)[0]
        if pattern and (m := re.match(pattern, self.data[start:end])):
            self.add(kind, node, start, start + m.end(), "")
        self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        body, test, orelse = (self.data[slice(*self.span(n))].decode()
                              for n in (node.body, node.test, node.orelse))
        self.add("branches swapped", node, *self.span(node), f"(({orelse}) if ({test}) else ({body}))")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = CONSTANTS.get((type(node.value), node.value))  # (type, value): 1 is 1.0 is True
        if value is not None:
            self.add("constant", node, *self.span(node), repr(value))


def describe(old: str, new: str) -> str:
    """The change in short, ``before -> after``: the words around it, on its line."""
    p = len(os.path.commonprefix([old, new]))
    s = len(os.path.commonprefix([old[p:][::-1], new[p:][::-1]]))

    def around(text: str, end: int) -> str:
        first, last = text.rfind("\n", 0, p) + 1, text.find("\n", end) % (len(text) + 1)
        first = max(first, text.rfind(" ", first, max(first, p - 20)) + 1)
        last = min(last, text.find(" ", end + 20, last) % (last + 1))
        return " ".join(text[first:last].split())

    return f"{around(old, len(old) - s)} -> {around(new, len(new) - s)}"


def mutants_of(tree: Path, file: str) -> list[Mutant]:
    """Every mutant of ``file`` that parses and differs from it, each with its key."""
    data = (tree / file).read_bytes()
    original = ast.dump(ast.parse(data))
    found, seen = [], {}
    for m in Finder(file, data).found:
        try:
            if ast.dump(ast.parse(m.apply(data))) == original:
                continue
        except SyntaxError:
            continue
        change = "return None at the top" if m.kind == "return None" else describe(
            data.decode(), m.apply(data).decode())
        m.key = f"{m.key}: {change}"
        seen[m.key] = seen.get(m.key, 0) + 1
        m.key += f" #{seen[m.key]}" if seen[m.key] > 1 else ""
        found.append(m)
    return found


def choose(tree: Path, cap: int, seed: int) -> list[Mutant]:
    """Up to ``cap`` mutants spread evenly over the files (a small file's unused share goes
    to the others), taken in turn from each kind of mutation, each kind in a seeded shuffle."""
    every = {file: mutants_of(tree, file) for file in TESTS}
    chosen, left = [], cap
    for i, file in enumerate(sorted(every, key=lambda f: len(every[f]))):
        share = min(left // (len(every) - i), len(every[file]))
        left -= share
        rng = random.Random(f"{seed}:{file}")
        kinds = sorted({m.kind for m in every[file]})
        pools = [rng.sample(pool, len(pool))
                 for pool in ([m for m in every[file] if m.kind == k] for k in kinds)]
        picked: list[Mutant] = []
        while len(picked) < share:
            picked += [pool.pop() for pool in pools if pool][: share - len(picked)]
        chosen += sorted(picked, key=lambda m: (m.line, m.start))
    chosen.sort(key=lambda m: list(TESTS).index(m.file))
    for ident, m in enumerate(chosen, 1):
        m.ident = ident
        m.result = "equivalent" if m.key in EQUIVALENT else ""
    return chosen


def copy_tree(dest: Path, ref: str | None, overlay: list[str]) -> Path:
    """A copy of the project: the commit ``ref`` (``git archive``) or the work tree's files
    (tracked and untracked, not ignored), with the ``overlay`` files taken from the work tree."""
    git = ["git", "-C", str(ROOT)]
    if ref:
        archive = subprocess.run([*git, "archive", ref], check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(dest, filter="data")
    else:
        listed = subprocess.run([*git, "ls-files", "-co", "--exclude-standard", "-z"],
                                check=True, capture_output=True).stdout.decode().split("\0")
        overlay = [name for name in listed if name] + overlay
    for name in overlay:
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def run_tests(tree: Path, files: list[str], timeout: float) -> str:
    """Run ``tests/test_{name}.py`` for each name in ``files`` that ``tree`` has (an older commit lacks
    some), in ``tree``, not the installed project: "survived" when they pass, "killed" when one
    fails, "timeout" after ``timeout`` seconds."""
    tests = dict.fromkeys(f"tests/test_{name}.py" for name in files)
    tests = [name for name in tests if (tree / name).exists()]
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    process = subprocess.Popen(command, cwd=tree, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return "survived" if process.wait(timeout) == 0 else "killed"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "timeout"


def check_baseline(tree: Path, timeout: float) -> None:
    """Stop unless the copy is what gets imported and its tests pass unmutated."""
    show = "import autograd, nn; print(autograd.__file__, nn.__file__)"
    where = subprocess.run([sys.executable, "-c", show], cwd=tree, env=dict(os.environ, PYTHONPATH=str(tree)),
                           capture_output=True, text=True).stdout.split()
    if len(where) != 2 or not all(Path(p).resolve().is_relative_to(tree.resolve()) for p in where):
        sys.exit(f"the copy is not what is imported: {where}")
    if run_tests(tree, FIRST + sum(TESTS.values(), []), timeout * 4) != "survived":
        sys.exit("the tests fail (or hang) without any mutant: fix that first")


def run(mutants: list[Mutant], tree: Path, timeout: float) -> None:
    """Run each mutant not known to be equivalent: its file changed, its tests run, the file put back."""
    for m in (m for m in mutants if not m.result):
        path, began = tree / m.file, time.monotonic()
        data = path.read_bytes()
        try:
            path.write_bytes(m.apply(data))
            m.result = run_tests(tree, FIRST + TESTS[m.file], timeout)
        finally:
            path.write_bytes(data)
        seconds = time.monotonic() - began
        print(f"{m.ident:>4}  {m.file}:{m.line:<4} {m.result:<9} {seconds:5.1f}s  {m.key}", flush=True)


def report(mutants: list[Mutant], seconds: float) -> None:
    """The counts by file, the survivors and the equivalents with their keys, and the score."""
    print(f"\n{'file':<24} {'mutants':>7} {'equivalent':>10} {'killed':>6} {'timeout':>7} {'survived':>8}")
    for file in [*TESTS, "all"]:
        ms = [m for m in mutants if file in ("all", m.file)]
        counts = [sum(m.result == r for m in ms) for r in ("equivalent", "killed", "timeout", "survived")]
        print(f"{file:<24} {len(ms):>7} {counts[0]:>10} {counts[1]:>6} {counts[2]:>7} {counts[3]:>8}")
    for m in sorted((m for m in mutants if m.result in ("equivalent", "survived")), key=lambda m: m.result):
        print(f"{m.result}: {m.ident} {m.file}:{m.line}  {m.key}  {EQUIVALENT.get(m.key, '')}")
    counted = [m for m in mutants if m.result != "equivalent"]
    killed = sum(m.result in ("killed", "timeout") for m in counted)
    print(f"\nscore: {killed}/{len(counted)} = {killed / max(len(counted), 1):.1%}  ({seconds / 60:.1f} min)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", help="mutate this commit (git archive) instead of the work tree")
    parser.add_argument("--overlay", nargs="*", default=[], help="work-tree files put over --ref's")
    parser.add_argument("--cap", type=int, default=100, help="at most this many mutants (default 100)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per mutant (default 60)")
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument("--only", help="run only these ids (comma-separated)")
    args = parser.parse_args()
    began = time.monotonic()
    signal.signal(signal.SIGINT, signal.default_int_handler)  # tests of Ctrl-C, even if started with &
    with tempfile.TemporaryDirectory(prefix="mutate-") as scratch:
        tree = copy_tree(Path(scratch) / "tree", args.ref, args.overlay)
        mutants = choose(tree, args.cap, args.seed)
        if args.only:
            mutants = [m for m in mutants if str(m.ident) in args.only.split(",")]
        if args.list:
            for m in mutants:
                print(f"{m.ident:>4}  {m.file}:{m.line:<4} {m.result or m.kind:<16} {m.key}")
            return
        check_baseline(tree, args.timeout)
        run(mutants, tree, args.timeout)
    report(mutants, time.monotonic() - began)


if __name__ == "__main__":
    main()
