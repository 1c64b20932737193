"""Karpathy's microgpt, run as it is written, on its own ``Value`` class or on chainrule's.

microgpt is one script: it reads ``input.txt`` (a list of names), defines a scalar ``Value``
class, builds a GPT from it and trains it, printing each step's loss, then samples names.
chainrule does not ship it; give the path of your copy. :func:`training` runs that file
with two changes only, made to its syntax tree: the number of steps (``num_steps = ...``)
is the one asked for, and what follows the training loop (sampling) is left out. With
``value`` given, the script's ``class Value`` is also left out and ``Value`` is that class
instead, which is exactly "delete the class, import chainrule's". The script runs in a
temporary folder whose ``input.txt`` is the names list chainrule ships in ``demos/``, so
nothing is downloaded.
"""

from __future__ import annotations

import ast
import gzip
import os
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple, Optional

NAMES = Path(__file__).resolve().parent.parent / "demos" / "gpt-data" / "names.txt.gz"


class Run(NamedTuple):
    """One training run: its seconds, the lines it printed, its final loss and weights."""

    seconds: float
    printed: list[str]
    loss: float
    weights: list[float]


def script(path: Path, steps: int, drop_value_class: bool) -> Any:
    """microgpt's code, compiled, with ``steps`` training steps and nothing after the training loop."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    kept: list[ast.stmt] = []
    for statement in tree.body:
        if drop_value_class and isinstance(statement, ast.ClassDef) and statement.name == "Value":
            continue
        if isinstance(statement, ast.Assign) and [ast.unparse(t) for t in statement.targets] == ["num_steps"]:
            statement.value = ast.Constant(steps)
        kept.append(statement)
        if isinstance(statement, ast.For) and ast.unparse(statement.target) == "step":
            break
    else:
        raise ValueError(f"{path}: no training loop 'for step in ...' found; is this microgpt.py?")
    tree.body = kept
    return compile(ast.fix_missing_locations(tree), str(path), "exec")


def training(path: Path, steps: int, value: Optional[type] = None) -> Run:
    """Run microgpt's training for ``steps`` steps on its own class, or on ``value`` if given."""
    code = script(path, steps, drop_value_class=value is not None)
    printed: list[str] = []
    def keep(*words: Any, **_: Any) -> None:
        printed.append(" ".join(map(str, words)))

    namespace: dict[str, Any] = {"__name__": "microgpt", "print": keep}
    if value is not None:
        namespace["Value"] = value
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "input.txt").write_bytes(gzip.decompress(NAMES.read_bytes()))
        os.chdir(folder)
        try:
            start = time.perf_counter()
            exec(code, namespace)
            seconds = time.perf_counter() - start
        finally:
            os.chdir(here)
    weights = [float(p.data) for p in namespace["params"]]
    return Run(seconds, printed, float(namespace["loss"].data), weights)


def same_losses(a: Run, b: Run) -> bool:
    """Whether two runs printed the same losses at every step and ended with the very same loss."""
    return a.printed == b.printed and a.loss == b.loss


def weights_apart(a: Run, b: Run) -> float:
    """How far apart (relative, at most) the two runs' final weights are: gradients add up the same
    contributions in another order on each engine, so their last bits may differ."""
    pairs = zip(a.weights, b.weights)
    return max((abs(x - y) / max(abs(x), abs(y)) for x, y in pairs if x != y), default=0.0)
