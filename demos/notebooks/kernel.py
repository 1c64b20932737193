"""Running the notebooks in a real Jupyter kernel, and checking that their stored outputs are current.

:func:`execute` runs a notebook top to bottom with nbclient in a fresh IPython kernel
(ipykernel) and fails on the first cell that raises. The kernel runs *this* Python (the
virtual environment's), whatever kernels the machine has installed: its kernel spec is
written into a private temporary folder for the run, so a fresh machine needs nothing
but ``pip install -e '.[all]'``. The kernel works in a temporary folder too, so a run
leaves nothing behind in the clone.

A notebook is stored with its outputs (it reads well on a code host), and those must
stay honest. Code cells tagged ``checked`` print numbers that matter (losses,
gradients, accuracies; never timings): :func:`differences` compares what a fresh run
prints there with what is stored, the words exactly and the numbers within
:data:`REL_TOL`, and lists every difference. ``python -m demos.notebooks`` refreshes the
stored outputs; ``--check`` only compares.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Optional, Union

from autograd.files import atomic_write

FOLDER = Path(__file__).resolve().parent
NOTEBOOKS = ["chain_rule.ipynb", "train_a_classifier.ipynb", "curriculum.ipynb", "graduate_to_pytorch.ipynb"]
"""The notebooks, in the order of the course."""

CHECKED = "checked"
"""The tag of the cells whose printed numbers a fresh run must reproduce."""

REL_TOL = 2e-3
"""How far a checked number may move, relative to it: numbers are printed to about 4
significant digits, so a last digit that rounds the other way stays within this."""
ABS_TOL = 1e-9
"""... and absolutely, for numbers that are (nearly) 0."""

TIMEOUT = 600
"""Seconds one cell may run before the run fails."""

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
"""Where an object lives in memory (``<... at 0x7f...>``): different in every run, never a result."""


def _kernel_manager(folder: Path) -> Any:
    """A kernel manager whose only kernel runs this Python, its spec written under ``folder``."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "chainrule (this Python)", "language": "python"}
    kernels = folder / "kernels"
    (kernels / "chainrule").mkdir(parents=True)
    atomic_write(kernels / "chainrule" / "kernel.json", json.dumps(spec, indent=1))
    specs = KernelSpecManager(kernel_dirs=[str(kernels)])
    return KernelManager(kernel_name="chainrule", kernel_spec_manager=specs)


def read(path: Union[str, Path]) -> Any:
    """The notebook at ``path`` (an ``nbformat`` node)."""
    import nbformat

    return nbformat.read(str(path), as_version=4)


def execute(notebook: Any, timeout: int = TIMEOUT) -> Any:
    """Run every cell of ``notebook`` (in place) in a fresh kernel; returns it.

    Raises nbclient's ``CellExecutionError`` (naming the cell and the error) if a cell
    fails. Widgets' state is kept in the notebook's metadata (a progress bar's is a few kB),
    so Jupyter can show them again when the notebook is opened. What a cell prints comes
    out as one output per stream, however the kernel happened to split it.
    """
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="chainrule-notebook-") as folder:
        work = Path(folder) / "work"
        work.mkdir()
        env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel's inline backend
        client = NotebookClient(notebook, km=_kernel_manager(Path(folder)), timeout=timeout,
                                store_widget_state=True, coalesce_streams=True,
                                resources={"metadata": {"path": str(work)}})
        client.execute(env=env)
    return notebook


def refresh(path: Union[str, Path], timeout: int = TIMEOUT) -> Any:
    """Run the notebook at ``path`` and store its new outputs there (written atomically)."""
    import nbformat

    notebook = execute(read(path), timeout)
    atomic_write(path, nbformat.writes(notebook) + "\n")
    return notebook


def _joined(text: Any) -> str:
    """A notebook's text, which a stored file may split into a list of lines."""
    return "".join(text) if isinstance(text, list) else text


def _text(output: Any) -> str:
    """What an output shows as text: a stream's stdout, or a display's plain text (stderr, where
    progress bars and warnings go, is left out)."""
    if output.get("output_type") == "stream":
        return _joined(output.get("text", "")) if output.get("name") == "stdout" else ""
    return _joined(output.get("data", {}).get("text/plain", ""))


def printed(notebook: Any) -> list[tuple[int, str]]:
    """``(cell number, text)`` for every code cell tagged :data:`CHECKED`, numbered from 1."""
    found = []
    for number, cell in enumerate(notebook["cells"], 1):
        if cell["cell_type"] == "code" and CHECKED in cell.get("metadata", {}).get("tags", []):
            found.append((number, "".join(_text(o) for o in cell.get("outputs", []))))
    return found


def _split(text: str) -> tuple[str, list[float]]:
    """``text`` with each number replaced by ``#`` (and memory addresses left out), and the numbers."""
    text = ADDRESS.sub("", text)
    return NUMBER.sub("#", text), [float(n) for n in NUMBER.findall(text)]


def differences(stored: Any, fresh: Any) -> list[str]:
    """Where the checked cells of ``fresh`` print something else than ``stored`` holds: words
    that differ, or numbers further apart than :data:`REL_TOL`. Empty when they agree."""
    problems = []
    old, new = printed(stored), printed(fresh)
    if [n for n, _ in old] != [n for n, _ in new]:
        return [f"the checked cells moved: stored {[n for n, _ in old]}, now {[n for n, _ in new]}"]
    for (number, before), (_, after) in zip(old, new):
        words_before, numbers_before = _split(before)
        words_after, numbers_after = _split(after)
        if words_before != words_after:
            problems.append(f"cell {number} prints other text:\n--- stored\n{before}\n--- now\n{after}")
            continue
        for a, b in zip(numbers_before, numbers_after):
            if not math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL):
                problems.append(f"cell {number}: stored {a!r}, now {b!r}")
    return problems


def unexecuted(notebook: Any) -> Optional[str]:
    """Why ``notebook`` was not stored as one run from top to bottom (a code cell without
    outputs' execution count, or counts out of order), or None if it was."""
    counts = [cell.get("execution_count") for cell in notebook["cells"] if cell["cell_type"] == "code"]
    if counts != list(range(1, len(counts) + 1)):
        return f"its code cells' execution counts are {counts}, not 1 to {len(counts)} in order"
    return None
