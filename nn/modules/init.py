"""Weight initialisation: how a neuron's first weights are drawn.

A neuron with ``fan_in`` inputs, in a layer of ``fan_out`` neurons, draws its weights
independently from

* ``"he"`` (Kaiming He et al., 2015): a normal distribution N(0, 2 / fan_in), i.e. standard
  deviation sqrt(2 / fan_in). ReLU zeroes about half of its inputs; doubling the variance
  makes up for that, so activations keep their scale from layer to layer.
* ``"xavier"`` (Glorot and Bengio, 2010): a uniform distribution U(-a, a) with
  a = sqrt(6 / (fan_in + fan_out)), whose variance is 2 / (fan_in + fan_out). It keeps
  both the forward signal and the backward gradient at about unit scale through
  activations that are roughly linear around 0 (tanh, sigmoid, linear).
* ``"uniform"`` (the default): U(-1, 1) whatever the sizes, micrograd's initialisation.
  Simple, and what code written for micrograd expects; but with many inputs the
  pre-activations get large and tanh/sigmoid saturate, and in deep nets the signal grows
  or shrinks from layer to layer. Pass ``init="he"`` (ReLU) or ``init="xavier"`` (tanh,
  sigmoid, linear) for the scaled schemes.
* ``"auto"``: the scaled scheme that suits each layer's activation, He for ``relu`` and
  ``leaky_relu``, Xavier for ``tanh``, ``sigmoid`` and ``linear`` (see :data:`AUTO_INIT`).
  This was chainrule's default before it took micrograd's; the demos use it.

Biases start at 0 in every scheme. ``init=None`` means :data:`DEFAULT_INIT`,
``"uniform"``, whatever the activation. With ``random_state=None`` the weights come from
Python's global generator in micrograd's order (layer by layer, neuron by neuron, each
neuron's ``fan_in`` weights; a bias draws nothing), so ``random.seed(1337)`` then
``MLP(2, [16, 16, 1])`` gives micrograd's weights exactly.

``init`` may also be a function ``init(fan_in, fan_out, rng) -> list of fan_in floats``,
where ``rng`` is a :class:`random.Random`; a weight that is not a finite number is refused,
naming the function.
"""

from __future__ import annotations

import math
import random
from typing import Callable, Optional, Union

from nn.checks import check_choice, check_number, must
from nn.modules.activations import ACTIVATION_NAMES, get_activation

Initializer = Callable[[int, int, random.Random], list]
Init = Optional[Union[str, Initializer]]


def he(fan_in: int, fan_out: int, rng: random.Random) -> list[float]:
    """``fan_in`` draws from N(0, 2 / fan_in)."""
    std = math.sqrt(2.0 / fan_in)
    return [rng.gauss(0.0, std) for _ in range(fan_in)]


def xavier(fan_in: int, fan_out: int, rng: random.Random) -> list[float]:
    """``fan_in`` draws from U(-a, a), a = sqrt(6 / (fan_in + fan_out))."""
    a = math.sqrt(6.0 / (fan_in + fan_out))
    return [rng.uniform(-a, a) for _ in range(fan_in)]


def uniform(fan_in: int, fan_out: int, rng: random.Random) -> list[float]:
    """``fan_in`` draws from U(-1, 1) (micrograd's initialisation)."""
    return [rng.uniform(-1.0, 1.0) for _ in range(fan_in)]


INITIALIZERS: dict[str, Initializer] = {"he": he, "xavier": xavier, "uniform": uniform}
"""Initialisation name -> function."""

DEFAULT_INIT = "uniform"
"""What ``init=None`` means, for every activation: micrograd's U(-1, 1)."""

AUTO_INIT: dict[str, str] = {name: "he" if name.endswith("relu") else "xavier" for name in ACTIVATION_NAMES}
"""Activation name -> the scheme ``init="auto"`` picks for a layer with that activation: He
for the rectifiers (``relu``, ``leaky_relu``: they zero or shrink half their inputs), Xavier
for the rest (``tanh``, ``sigmoid``, ``linear``: close to linear around 0)."""


def resolve_init(init: Init, activation: str, owner: str = "resolve_init") -> Union[str, Initializer]:
    """The scheme ``init`` stands for in a layer with ``activation``: ``None`` is
    :data:`DEFAULT_INIT`, ``"auto"`` the activation's entry in :data:`AUTO_INIT`, anything
    else itself (checked by :func:`get_initializer`)."""
    if init is None:
        return DEFAULT_INIT
    if isinstance(init, str) and init == "auto":
        get_activation(activation, owner, "activation")  # an unknown activation is reported as such
        return AUTO_INIT[activation]
    return init


def get_initializer(init: Init, activation: str = "relu", owner: str = "get_initializer") -> Initializer:
    """The function for ``init`` (a name, ``"auto"``, a function, or ``None``) in a layer
    with ``activation``; a ValueError naming ``owner`` lists the known names for an unknown one
    (``Layer: init must be 'he', 'xavier', 'uniform' or 'auto', got 'zeros'; ...``)."""
    init = resolve_init(init, activation, owner)
    if callable(init):
        return init
    return INITIALIZERS[check_choice(init, "init", owner, [*INITIALIZERS, "auto"],
                                     fix="or pass a function init(fan_in, fan_out, rng)")]


def initial_weights(
    init: Init, activation: str, fan_in: int, fan_out: int, rng: random.Random, owner: str = "Neuron"
) -> list[float]:
    """``fan_in`` starting weights for one neuron with ``activation``, checked to be that many
    finite floats: a ValueError naming the init otherwise (a NaN weight would make every
    output and gradient NaN, far from its cause). An unknown ``init`` is reported for ``owner``."""
    initializer = get_initializer(init, activation, owner)
    owner = f"init {getattr(initializer, '__name__', type(initializer).__name__)}"
    weights = initializer(fan_in, fan_out, rng)
    wanted = f"a list of fan_in = {fan_in} numbers"
    if not hasattr(weights, "__len__") or isinstance(weights, (str, bytes)):
        raise ValueError(must(owner, "the weights", f"be {wanted}", type(weights).__name__))
    if len(weights) != fan_in:
        raise ValueError(must(owner, "the weights", f"be {wanted}", f"{len(weights)} of them"))
    if all(type(w) is float for w in weights) and all(map(math.isfinite, weights)):
        return list(weights)  # the usual case, checked quickly: big models have many weights
    return [check_number(w, f"weight {i}", owner) for i, w in enumerate(weights)]
