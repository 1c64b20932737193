"""The notebooks: run them in a Jupyter kernel and store their outputs (--check only compares).

Four notebooks tell the course's story in Jupyter, with their outputs stored so that
they read well on a code host:

* ``chain_rule.ipynb``: a neuron by hand, from the forward pass to practice mode and an
  op of your own;
* ``train_a_classifier.ipynb``: the moons with ``nn.fit``, and a film of training;
* ``curriculum.ipynb``: vanishing gradients, overfitting, optimizers and batch size in
  small runs;
* ``graduate_to_pytorch.ipynb``: the same numbers in chainrule and PyTorch, then a wider
  model on the digits in PyTorch, and the way back.

``python -m demos.notebooks`` runs each one in a fresh kernel (of this Python, see
:mod:`demos.notebooks.kernel`) and stores the new outputs; ``--check`` runs them and
fails if a cell raises or a cell tagged ``checked`` prints other numbers than the stored
ones. Both need the ``dev`` extra (nbclient, nbformat, ipykernel).
"""

from __future__ import annotations

import argparse
import importlib.util
from typing import Optional, Sequence

from demos.notebooks import kernel
from demos.notebooks.kernel import FOLDER, NOTEBOOKS


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Refresh (or, with ``--check``, check) the named notebooks, all by default; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m demos.notebooks", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"notebooks to run (default: all of {', '.join(NOTEBOOKS)})")
    parser.add_argument("--check", action="store_true",
                        help="do not store anything: fail if the stored outputs are not what a run prints")
    options = parser.parse_args(argv)
    names = [name if name.endswith(".ipynb") else f"{name}.ipynb" for name in options.names]
    unknown = [name for name in names if name not in NOTEBOOKS]
    if unknown:
        parser.error(f"no notebook {unknown[0]!r}; the notebooks are {', '.join(NOTEBOOKS)}")
    missing = [name for name in ("nbclient", "nbformat", "ipykernel") if not importlib.util.find_spec(name)]
    if missing:
        parser.error(f"running notebooks needs {', '.join(missing)}: pip install -e '.[dev]'")
    failed = 0
    for name in names or NOTEBOOKS:
        path = FOLDER / name
        if not options.check:
            kernel.refresh(path)
            print(f"ran {path} and stored its outputs ({path.stat().st_size / 1e3:.0f} kB)")
            continue
        stored = kernel.read(path)
        problems = [p for p in [kernel.unexecuted(stored)] if p]
        problems += kernel.differences(stored, kernel.execute(kernel.read(path)))
        failed += bool(problems)
        print(f"{name}: " + ("\n  ".join(["stale", *problems]) if problems else "current"))
    return 1 if failed else 0
