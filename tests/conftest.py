"""Shared test helpers: programs some tests need (Graphviz, Chromium), and the lecture neuron.

A test that needs the Graphviz ``dot`` program or Chromium (with the playwright package)
uses the ``requires_dot`` or ``requires_chromium`` fixture. Where the program is missing
the test is skipped, except under ``CI=true``, where it fails: CI must never pass by
skipping the picture and browser tests.
"""

import importlib.util
import os
import shutil

import pytest

from autograd import Value

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


def require_graphviz_package() -> None:
    require(importlib.util.find_spec("graphviz") is not None, "the graphviz Python package",
            "pip install 'chainrule[viz]'")


def require_dot() -> None:
    require_graphviz_package()
    require(shutil.which("dot") is not None, "the Graphviz dot program", "apt-get install graphviz")


def require_chromium() -> str:
    """Chromium, the playwright package and dot (the pages hold rendered SVG); Chromium's path."""
    require_dot()
    require(importlib.util.find_spec("playwright") is not None, "the playwright Python package",
            "pip install playwright")
    found = os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)
    require(found, f"Chromium at {CHROMIUM}", "apt-get install chromium, or set CHROMIUM to its path")
    return CHROMIUM


@pytest.fixture
def requires_graphviz() -> None:
    """The graphviz Python package (enough to build DOT source, not to render it)."""
    require_graphviz_package()


@pytest.fixture
def requires_dot() -> None:
    """The Graphviz ``dot`` program and the graphviz Python package."""
    require_dot()


def lecture_neuron() -> dict:
    """micrograd's lecture neuron ``o = tanh(x1*w1 + x2*w2 + b)``, its Values by label (not run backward)."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x2w2 = x2 * w2
    x1w1x2w2 = x1w1 + x2w2
    n = x1w1x2w2 + b
    o = n.tanh()
    values = dict(x1=x1, x2=x2, w1=w1, w2=w2, b=b, x1w1=x1w1, x2w2=x2w2, x1w1x2w2=x1w1x2w2, n=n, o=o)
    for label, v in values.items():
        v.label = label
    return values


@pytest.fixture
def neuron() -> dict:
    """The lecture neuron, fresh, before backward."""
    return lecture_neuron()
