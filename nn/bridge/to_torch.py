"""``nn.to_torch``: a model of nn's layers as a ``torch.nn.Module`` with the same weights, in float64.

Each kind of layer has its PyTorch twin: a :class:`~nn.Layer` (or a :class:`~nn.Neuron`,
a layer of one) is ``torch.nn.Linear`` followed by its activation's module (none for
``linear``), :class:`~nn.Activation` that module alone, :class:`~nn.Dropout`
``torch.nn.Dropout``, :class:`~nn.BatchNorm` ``torch.nn.BatchNorm1d`` with its running
statistics, and a :class:`~nn.Sequential` (an :class:`~nn.MLP` too) ``torch.nn.Sequential``.
The numbers are float64 (PyTorch's default is float32), so the two give the same outputs
and gradients to about 1e-15; ``.float()`` on the result is the usual next step.
"""

from __future__ import annotations

from typing import Any, Callable

from autograd.bridge.torch_import import require_torch
from nn.modules.activations import Activation
from nn.modules.layers import BatchNorm, Dropout, Layer, Neuron
from nn.modules.mlp import MLP
from nn.modules.module import Module, Sequential

TORCH_ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "leaky_relu": "LeakyReLU"}
"""nn's activation names -> the ``torch.nn`` module of each (``linear`` has none)."""

LEAKY_SLOPE = 0.01
"""The slope below 0 of nn's ``leaky_relu`` (and the default of ``torch.nn.LeakyReLU``)."""

KINDS = "MLP, Sequential, Layer, Neuron, Activation, Dropout and BatchNorm"
"""The layers the bridges translate, as their messages name them."""


def activation_modules(torch: Any, name: str) -> list:
    """The ``torch.nn`` module of the activation ``name``: one, or none for ``linear``."""
    if name == "linear":
        return []
    if name == "leaky_relu":
        return [torch.nn.LeakyReLU(LEAKY_SLOPE)]
    return [getattr(torch.nn, TORCH_ACTIVATIONS[name])()]


def _linear(torch: Any, neurons: list, activation: str, where: str) -> list:
    sizes = sorted({len(n.w) for n in neurons})
    if len(sizes) > 1:
        raise ValueError(f"to_torch: the neurons of {where} take {' and '.join(map(str, sizes))} inputs, and "
                         "torch.nn.Linear's take one number of inputs; give every neuron of a layer as many")
    linear = torch.nn.Linear(sizes[0], len(neurons), dtype=torch.float64)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in neurons], dtype=torch.float64))
        linear.bias.copy_(torch.tensor([n.b.data for n in neurons], dtype=torch.float64))
    return [linear, *activation_modules(torch, activation)]


def _layer(torch: Any, layer: Layer, where: str) -> list:
    kinds = sorted({n.activation for n in layer.neurons})
    if len(kinds) > 1:
        raise ValueError(f"to_torch: the Layer at {where} mixes activations ({', '.join(kinds)}), and "
                         "torch.nn.Linear applies none of its own; give its neurons one activation")
    return _linear(torch, layer.neurons, kinds[0], where)


def _batch_norm(torch: Any, bn: BatchNorm, where: str) -> list:
    for name in ("running_mean", "running_var"):
        if len(getattr(bn, name)) != bn.nin:
            raise ValueError(f"to_torch: {where}.{name} must hold {bn.nin} numbers, one per feature, got "
                             f"{len(getattr(bn, name))}; set it with load_state_dict, which checks it")
    twin = torch.nn.BatchNorm1d(bn.nin, eps=bn.eps, momentum=bn.momentum, dtype=torch.float64)
    with torch.no_grad():
        for name, numbers in (("weight", [g.data for g in bn.gamma]), ("bias", [b.data for b in bn.beta]),
                              ("running_mean", bn.running_mean), ("running_var", bn.running_var)):
            getattr(twin, name).copy_(torch.tensor(numbers, dtype=torch.float64))
    return [twin]


def _sequential(torch: Any, seq: Sequential, where: str) -> list:
    parts = [part for i, m in enumerate(seq.layers) for part in _convert(torch, m, f"{where}.layers.{i}")]
    return [torch.nn.Sequential(*parts)]


CONVERTERS: dict[type, Callable[[Any, Any, str], list]] = {
    Sequential: _sequential,
    MLP: _sequential,
    Layer: _layer,
    Neuron: lambda torch, n, where: _linear(torch, [n], n.activation, where),
    Activation: lambda torch, a, where: activation_modules(torch, a.name),
    Dropout: lambda torch, d, where: [torch.nn.Dropout(d.p)],
    BatchNorm: _batch_norm,
}
"""nn's layer classes -> how each becomes torch modules. Only these exact classes: a subclass
may compute anything in its ``forward``, so it is a module of the user's own."""


def _convert(torch: Any, module: Any, where: str) -> list:
    """The torch modules for ``module`` (at ``where`` in the model), in its training mode."""
    convert = CONVERTERS.get(type(module))
    if convert is None:
        kind = type(module).__name__
        what = f"a module of your own, {kind}," if isinstance(module, Module) else f"a {kind}, not a Module,"
        raise TypeError(f"to_torch: {where} is {what} and to_torch knows only nn's layers ({KINDS}); "
                        f"write {kind} in PyTorch by hand, or build the model from nn's layers")
    twins = convert(torch, module, where)
    for twin in twins:
        twin.training = bool(module.training)  # not twin.train(...), which would set a Sequential's parts too
    return twins


def to_torch(model: Module) -> Any:
    """``model`` (nn's layers only) as a ``torch.nn.Module`` with its weights copied, in float64.

    The result computes what ``model`` computes: the same outputs and the same parameter
    gradients on the same inputs (a batch is a tensor of shape ``(samples, features)``),
    BatchNorm's running statistics and every module's ``train()``/``eval()`` mode included.
    A :class:`~nn.Sequential` or :class:`~nn.MLP` becomes a ``torch.nn.Sequential``, a
    lone :class:`~nn.Layer` a ``torch.nn.Sequential`` of ``Linear`` and its activation.
    Dropout draws its own masks in torch. A module of your own (a class of yours, even one
    derived from nn's) is a TypeError naming it. Needs PyTorch (``pip install 'chainrule[torch]'``).
    """
    torch = require_torch("to_torch")
    parts = _convert(torch, model, "model")
    if len(parts) == 1:
        return parts[0]
    twin = torch.nn.Sequential(*parts)
    twin.training = bool(model.training)
    return twin
