"""Shared test helpers: what some tests need (matplotlib, Graphviz, Chromium, a Jupyter kernel),
and the lecture neuron.

A test that needs matplotlib, PyTorch, the graphviz package, the Graphviz ``dot`` program or Chromium
(with the playwright package) uses the ``requires_matplotlib``, ``requires_torch``, ``requires_graphviz`` or
``requires_dot`` fixture or the ``browser`` fixture (a fixture of its own calls ``require_...``).
Where the thing is missing the test is skipped, saying what is missing and how to install it,
except under ``CI=true``, where it fails: CI must never pass by skipping the picture and
browser tests. So no test uses ``pytest.importorskip`` for these (it skips under CI too). A
package counts as missing when it does not import: not installed, or installed broken.
"""

import gc
import importlib
import os
import shutil

import pytest

import autograd
from autograd import Value
from autograd.graph import all_nodes
from demos import chain_rule

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require(available: bool, what: str, install: str) -> None:
    """Skip the running test when ``what`` is missing, or fail it under CI=true."""
    if available:
        return
    message = f"{what} is missing ({install})"
    if under_ci():
        pytest.fail(f"{message}; under CI=true this test must run, not skip", pytrace=False)
    pytest.skip(message)


def importable(*names: str) -> bool:
    """Whether every module of ``names`` imports: False when one is not installed or is broken."""
    try:
        for name in names:
            importlib.import_module(name)
    except ImportError:
        return False
    return True


def require_matplotlib() -> None:
    require(importable("matplotlib"), "matplotlib", "pip install 'chainrule[plot]'")


def require_kernel() -> None:
    require(importable("nbclient", "nbformat", "ipykernel"), "nbclient, nbformat and ipykernel (a Jupyter "
            "kernel)", "pip install -e '.[dev]'")


def require_torch() -> None:
    require(importable("torch"), "PyTorch", "pip install 'chainrule[torch]'")


def require_graphviz_package() -> None:
    require(importable("graphviz"), "the graphviz Python package", "pip install 'chainrule[viz]'")


def require_dot() -> None:
    require_graphviz_package()
    require(shutil.which("dot") is not None, "the Graphviz dot program", "apt-get install graphviz")


def require_chromium() -> str:
    """Chromium, the playwright package and dot (the pages hold rendered SVG); Chromium's path."""
    require_dot()
    require(importable("playwright"), "the playwright Python package", "pip install playwright")
    found = os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)
    require(found, f"Chromium at {CHROMIUM}", "apt-get install chromium, or set CHROMIUM to its path")
    return CHROMIUM


@pytest.fixture
def pythons_own_collector():
    """The test starts from Python's default collector thresholds with chainrule's policy on, and
    leaves the thresholds as it found them."""
    saved = gc.get_threshold()
    autograd.set_collector_policy(False)
    gc.set_threshold(700, 10, 10)
    autograd.set_collector_policy(True)
    yield
    autograd.set_collector_policy(False)
    gc.set_threshold(*saved)
    autograd.set_collector_policy(True)


@pytest.fixture(scope="session")  # session: module-scoped fixtures may need it too
def requires_matplotlib() -> None:
    """matplotlib (the demos' and ``History.plot``'s pictures)."""
    require_matplotlib()


@pytest.fixture(scope="session")
def requires_torch() -> None:
    """PyTorch (the bridges of autograd.bridge and nn.bridge, and what they are checked against)."""
    require_torch()


@pytest.fixture(scope="session")
def requires_graphviz() -> None:
    """The graphviz Python package (enough to build DOT source, not to render it)."""
    require_graphviz_package()


@pytest.fixture(scope="session")
def requires_dot() -> None:
    """The Graphviz ``dot`` program and the graphviz Python package."""
    require_dot()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven by Playwright, shared by a test module (skips or fails as above)."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def lecture_neuron() -> dict:
    """micrograd's lecture neuron ``o = tanh(x1*w1 + x2*w2 + b)``, its Values by label (not run backward)."""
    o = chain_rule.neuron(**{name: Value(x, label=name) for name, x in chain_rule.POINT.items()})
    return {v.label: v for v in all_nodes(o)}


@pytest.fixture
def neuron() -> dict:
    """The lecture neuron, fresh, before backward."""
    return lecture_neuron()


def learner_cube(x: Value) -> Value:
    """x³ written by a learner, the lecture's way: its own ``_backward`` adds 3x² times upstream."""
    out = Value(x.data ** 3, (x,), "cube")

    def _backward():
        x.grad += 3 * x.data ** 2 * out.grad

    out._backward = _backward
    return out
