"""Activation functions by name, and the :class:`Activation` module that applies one.

========== ============================ ==========================
name       f(z)                         default weight init
========== ============================ ==========================
relu       max(0, z)                    he
leaky_relu z if z > 0 else 0.01 z       he
tanh       tanh z                       xavier
sigmoid    1 / (1 + e^-z)               xavier
linear     z (no node is added)         xavier
========== ============================ ==========================

A :class:`~nn.Neuron` hands the name to :func:`autograd.dot`, which applies the
activation inside the neuron's single node. The :class:`Activation` module, for use
after a normalisation, calls the matching :class:`~autograd.Value` method instead:
one node per element (none for ``linear``).
"""

from __future__ import annotations

from typing import Callable, Optional

from autograd import Value
from nn.module import Module, as_list

ActivationFn = Optional[Callable[[Value], Value]]

ACTIVATIONS: dict[str, ActivationFn] = {
    "relu": Value.relu,
    "leaky_relu": Value.leaky_relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "linear": None,
}
"""Activation name -> the Value method it calls (``None`` for the identity)."""

DEFAULT_INIT: dict[str, str] = {
    "relu": "he",
    "leaky_relu": "he",
    "tanh": "xavier",
    "sigmoid": "xavier",
    "linear": "xavier",
}
"""Activation name -> the weight initialisation it gets when ``init`` is not given."""


def get_activation(name: str) -> ActivationFn:
    """The function for activation ``name`` (``None`` for ``"linear"``).

    Raises ValueError listing the known names when ``name`` is not one of them.
    """
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; known activations: {known}") from None


class Activation(Module):
    """Applies one activation to every element of a sample: ``Activation("tanh")``.

    Useful in :class:`~nn.Sequential` after a :class:`~nn.BatchNorm`, e.g.
    ``Layer(16, 16, activation="linear"), BatchNorm(16), Activation("sigmoid")``.
    """

    def __init__(self, name: str = "relu") -> None:
        self._fn = get_activation(name)
        self.name = name

    def forward(self, x):
        x = as_list(x)
        fn = self._fn
        return x if fn is None else [fn(v) for v in x]

    def describe(self) -> str:
        return self.name
