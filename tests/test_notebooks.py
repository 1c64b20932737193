"""The notebooks under demos/notebooks: stored with honest outputs, small, and runnable.

Each notebook runs top to bottom in a fresh Jupyter kernel without an error, and the
cells tagged ``checked`` print what the stored notebook shows: the same words, and
numbers within demos.notebooks.kernel.REL_TOL. After a change that moves them, refresh
the stored outputs with ``python -m demos.notebooks``. The kernel tests skip when
nbclient, nbformat or ipykernel (or, for graduate_to_pytorch, PyTorch) are missing, and fail
instead under CI=true.
"""

import json

import pytest

from demos.notebooks import kernel
from tests.conftest import require_dot, require_kernel, require_matplotlib, require_torch

NOTEBOOKS = kernel.NOTEBOOKS
NEED_TORCH = {"graduate_to_pytorch.ipynb"}
"""The notebooks that run PyTorch beside chainrule."""
MAX_BYTES = 1_000_000
"""A stored notebook stays under this: pictures modest, no widget state beyond a progress bar."""


def stored(name: str) -> dict:
    """The notebook as stored, read as plain JSON (no nbformat needed)."""
    return json.loads((kernel.FOLDER / name).read_text(encoding="utf-8"))


def cell(source: str, text: str, checked: bool = True) -> dict:
    """A code cell printing ``text``, as nbformat stores one."""
    return {"cell_type": "code", "source": source, "execution_count": 1,
            "metadata": {"tags": ["checked"] if checked else []},
            "outputs": [{"output_type": "stream", "name": "stdout", "text": text}]}


def notebook(*cells: dict) -> dict:
    return {"cells": list(cells)}


@pytest.fixture(scope="module", params=NOTEBOOKS)
def fresh(request):
    """Each notebook run afresh in a kernel: (name, stored, fresh)."""
    require_kernel()
    require_dot()
    require_matplotlib()
    name = request.param
    if name in NEED_TORCH:
        require_torch()
    return name, kernel.read(kernel.FOLDER / name), kernel.execute(kernel.read(kernel.FOLDER / name))


# as stored ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_is_stored_as_one_run_from_top_to_bottom(name):
    assert kernel.unexecuted(stored(name)) is None


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_is_stored_without_errors(name):
    outputs = [o for c in stored(name)["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert "Traceback" not in json.dumps(outputs)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_has_checked_cells_that_all_print_and_mostly_print_numbers(name):
    printed = kernel.printed(stored(name))
    assert all(text.strip() for _, text in printed)
    assert sum(bool(kernel.NUMBER.search(text)) for _, text in printed) >= 3


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_stays_small(name):
    assert (kernel.FOLDER / name).stat().st_size < MAX_BYTES


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_tells_its_story_in_prose_between_the_code(name):
    kinds = [c["cell_type"] for c in stored(name)["cells"]]
    assert kinds[0] == "markdown" and kinds.count("markdown") >= kinds.count("code") // 2


# the check itself -------------------------------------------------------------------------------
def test_the_check_accepts_numbers_within_the_tolerance():
    before = notebook(cell("print(loss)", "loss 0.5000\n"))
    after = notebook(cell("print(loss)", "loss 0.5001\n"))
    assert kernel.differences(before, after) == []


def test_the_check_reports_a_number_that_moved():
    before = notebook(cell("print(loss)", "loss 0.5\n"))
    after = notebook(cell("print(loss)", "loss 0.6\n"))
    assert kernel.differences(before, after) == ["cell 1: stored 0.5, now 0.6"]


def test_the_check_reports_other_words():
    before = notebook(cell("print(ok)", "gradcheck agrees\n"))
    after = notebook(cell("print(ok)", "gradcheck disagrees\n"))
    assert kernel.differences(before, after)[0].startswith("cell 1 prints other text")


def test_the_check_ignores_cells_that_are_not_tagged():
    before = notebook(cell("print(seconds)", "took 1.2 s\n", checked=False))
    after = notebook(cell("print(seconds)", "took 3.4 s\n", checked=False))
    assert kernel.differences(before, after) == []


def test_the_check_reports_a_notebook_stored_out_of_order():
    run_twice = {**cell("b", ""), "execution_count": 5}
    assert "not 1 to 2 in order" in kernel.unexecuted(notebook(cell("a", ""), run_twice))


# run afresh in a kernel ---------------------------------------------------------------------------
def test_a_notebook_runs_in_a_fresh_kernel_and_prints_its_stored_numbers(fresh):
    name, before, after = fresh
    assert kernel.differences(before, after) == [], f"{name} is stale: refresh it: python -m demos.notebooks"


def kinds_of_output(notebook) -> list:
    """For each cell, the kinds of its outputs: their formats, or stream / error."""
    return [[sorted(o.get("data", {})) or o["output_type"] for o in c.get("outputs", [])]
            for c in notebook.cells]


def test_a_notebook_run_shows_what_it_stores(fresh):
    _, before, after = fresh
    assert kinds_of_output(before) == kinds_of_output(after)
