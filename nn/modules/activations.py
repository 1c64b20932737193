"""Activation functions by name, and the :class:`Activation` module that applies one.

========== ============================
name       f(z)
========== ============================
relu       max(0, z)
leaky_relu z if z > 0 else 0.01 z
tanh       tanh z
sigmoid    1 / (1 + e^-z)
linear     z (no node is added)
========== ============================

A :class:`~nn.Neuron` hands the name to :func:`autograd.dot`, which applies the
activation inside the neuron's single node. The :class:`Activation` module, for use
after a normalisation, calls the matching :class:`~autograd.Value` method instead:
one node per element (none for ``linear``).

micrograd's neurons say ``nonlin=True`` (ReLU) or ``nonlin=False`` (linear) instead of
naming an activation; :func:`resolve_activation` turns either spelling into a name.
"""

from __future__ import annotations

from typing import Callable, Optional

from autograd import Value, ops
from nn.checks import check_choice, must, quoted
from nn.data.batches import as_list
from nn.modules.module import Module

ActivationFn = Optional[Callable[[Value], Value]]

ACTIVATION_METHODS: dict[str, ActivationFn] = {
    **{name: getattr(Value, name) for name in ops.ACTIVATIONS},
    "linear": None,
}
"""Activation name -> the Value method it calls (``None`` for the identity): the op table's
activations (:data:`autograd.ops.ACTIVATIONS`, the ones a neuron's dot node can apply
itself), and ``linear``. Adding an activation to the table adds it here."""

ACTIVATION_NAMES: tuple[str, ...] = tuple(ACTIVATION_METHODS)
"""The activation names ``nn`` accepts."""


def get_activation(name: str, owner: str = "get_activation", argument: str = "name") -> ActivationFn:
    """The function for activation ``name`` (``None`` for ``"linear"``).

    Raises ValueError listing the known names when ``name`` is not one of them, naming the
    caller ``owner`` and its ``argument`` (``MLP: activation must be 'relu', ... or 'linear',
    got 'swish'``).
    """
    return ACTIVATION_METHODS[check_choice(name, argument, owner, ACTIVATION_NAMES)]


def _nonlin_name(nonlin: object, owner: str) -> str:
    """micrograd's ``nonlin`` flag as an activation name: True is ``"relu"``, False ``"linear"``."""
    if isinstance(nonlin, bool) or nonlin in (0, 1):
        return "relu" if nonlin else "linear"
    raise TypeError(must(owner, "nonlin", "be True (ReLU) or False (linear), as in micrograd", quoted(nonlin),
                         "to choose another activation pass activation='tanh' (or another name)"))


def resolve_activation(activation: object = None, nonlin: object = None, owner: str = "Neuron") -> str:
    """The activation name meant by ``activation`` and micrograd's ``nonlin``, checked.

    * neither given: ``"relu"`` (micrograd's default, ``nonlin=True``);
    * ``nonlin=True`` / ``nonlin=False``: ``"relu"`` / ``"linear"``;
    * ``activation`` a name: that name (a ValueError lists the known ones otherwise);
    * ``activation`` a bool: micrograd's ``nonlin`` passed by position, as in ``Neuron(2, False)``.

    Both given and meaning different activations (``activation="tanh", nonlin=True``)
    is a ValueError naming both; ``owner`` (``"Neuron"``, ``"Layer"``) starts the message.
    """
    from_nonlin = None if nonlin is None else _nonlin_name(nonlin, owner)
    name = _nonlin_name(activation, owner) if isinstance(activation, bool) else activation
    if name is None:
        return from_nonlin or "relu"
    get_activation(name, owner, "activation")
    if from_nonlin is not None and from_nonlin != name:
        raise ValueError(must(
            owner, "activation and nonlin", "agree",
            f"activation={quoted(activation)}{'' if name == activation else f' ({name})'} and "
            f"nonlin={quoted(nonlin)} ({from_nonlin})",
            "pass only one of them: activation='relu', 'tanh', ..., or micrograd's nonlin=True (relu) "
            "or nonlin=False (linear)",
        ))
    return name


class Activation(Module):
    """Applies one activation to every element of a sample: ``Activation("tanh")``.

    Useful in :class:`~nn.Sequential` after a :class:`~nn.BatchNorm`, e.g.
    ``Layer(16, 16, activation="linear"), BatchNorm(16), Activation("sigmoid")``.
    """

    def __init__(self, name: str = "relu") -> None:
        self._fn = get_activation(name, "Activation")
        self.name = name

    def forward(self, x):
        x = as_list(x)
        fn = self._fn
        return x if fn is None else [fn(v) for v in x]

    def describe(self) -> str:
        return self.name
