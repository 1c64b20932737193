"""``nn.from_torch``: a PyTorch model of plain layers back in chainrule, to draw, step through and explain.

The way back from :func:`~nn.to_torch`: ``torch.nn.Linear`` becomes a :class:`~nn.Layer`
(taking the activation module right after it, as a Layer applies its own), a lone
``ReLU``/``Tanh``/``Sigmoid``/``LeakyReLU`` an :class:`~nn.Activation`, ``Dropout`` a
:class:`~nn.Dropout`, ``BatchNorm1d`` a :class:`~nn.BatchNorm` with its running
statistics, and ``torch.nn.Sequential`` a :class:`~nn.Sequential`. Weights of any float
type are read as Python floats (float64).
"""

from __future__ import annotations

from typing import Any

from autograd.bridge.torch_import import require_torch
from nn.bridge.to_torch import LEAKY_SLOPE, TORCH_ACTIVATIONS
from nn.checks import must, not_finite
from nn.modules.activations import Activation
from nn.modules.layers import BatchNorm, Dropout, Layer
from nn.modules.module import Module, Sequential

TORCH_KINDS = "torch.nn.Sequential of Linear, ReLU, Tanh, Sigmoid, LeakyReLU, Dropout and BatchNorm1d"
"""What from_torch reads, as its messages say."""


def _numbers(torch: Any, tensor: Any, where: str, shape: tuple[int, ...]) -> list:
    """The numbers of ``tensor`` (the model's ``where``) as Python floats, nested as its ``shape``:
    a ValueError naming it if it holds no numbers (the meta device), is not of that shape
    (zip would drop or leave numbers silently), is not real, or holds a NaN or infinity."""
    if tensor.is_meta:
        raise ValueError(f"from_torch: {where} is on the meta device and holds no numbers; give the model "
                         "its weights first (model.to_empty(device='cpu'), then load_state_dict)")
    if tuple(tensor.shape) != shape:
        raise ValueError(must("from_torch", f"the shape of {where}", f"be {shape}, as its layer's sizes say",
                              str(tuple(tensor.shape)), "give it a tensor of that shape"))
    if not tensor.is_floating_point():
        raise ValueError(must("from_torch", where, "hold real floats", str(tensor.dtype)))
    numbers = tensor.detach().cpu().double()
    bad = (~torch.isfinite(numbers)).nonzero()
    if len(bad):
        at = tuple(bad[0].tolist())
        raise not_finite("from_torch", f"{where}[{', '.join(map(str, at))}]", numbers[at].item(),
                         "the model's training diverged in torch; train it again with a lower learning rate")
    return numbers.tolist()


def _activation_name(torch: Any, module: Any, where: str) -> Any:
    """nn's name of the activation ``module`` is (None if it is none); a LeakyReLU of another
    slope than nn's is a ValueError naming it."""
    for name, kind in TORCH_ACTIVATIONS.items():
        if type(module) is getattr(torch.nn, kind):
            if name == "leaky_relu" and module.negative_slope != LEAKY_SLOPE:
                raise ValueError(f"from_torch: {where} is LeakyReLU({module.negative_slope!r}), and nn's "
                                 f"leaky_relu has the slope {LEAKY_SLOPE}; use LeakyReLU({LEAKY_SLOPE})")
            return name
    return None


def _layer(torch: Any, linear: Any, activation: str, where: str) -> Layer:
    if linear.bias is None:
        raise ValueError(f"from_torch: {where} is a Linear without a bias, and every neuron of nn has one; "
                         "make it with bias=True (a bias of 0 computes the same)")
    layer = Layer(linear.in_features, linear.out_features, activation, random_state=0)
    n_in, n_out = linear.in_features, linear.out_features
    rows = _numbers(torch, linear.weight, f"{where}.weight", (n_out, n_in))
    biases = _numbers(torch, linear.bias, f"{where}.bias", (n_out,))
    for neuron, row, b in zip(layer.neurons, rows, biases):
        for w, x in zip(neuron.w, row):
            w.data = x
        neuron.b.data = b
    return layer


def _batch_norm(torch: Any, twin: Any, where: str) -> BatchNorm:
    if not (twin.affine and twin.track_running_stats) or twin.momentum is None:
        raise ValueError(f"from_torch: {where} is a BatchNorm1d without affine=True, "
                         "track_running_stats=True and a momentum, the one kind nn's BatchNorm is; "
                         "make it with those settings")
    bn = BatchNorm(twin.num_features, momentum=twin.momentum, eps=twin.eps)
    shape = (twin.num_features,)
    gamma, beta, mean, var = (_numbers(torch, getattr(twin, name), f"{where}.{name}", shape)
                              for name in ("weight", "bias", "running_mean", "running_var"))
    if min(var, default=0.0) < 0:
        raise ValueError(must("from_torch", f"{where}.running_var", "be >= 0 (it is a variance)",
                              repr(min(var))))
    for value, x in zip(bn.gamma, gamma):
        value.data = x
    for value, x in zip(bn.beta, beta):
        value.data = x
    bn.running_mean, bn.running_var = mean, var
    return bn


def _sequential(torch: Any, seq: Any, where: str) -> Sequential:
    modules = list(seq.named_children())
    if not modules:
        raise ValueError(f"from_torch: {where} is an empty Sequential; give it at least one layer")
    built, i = [], 0
    while i < len(modules):
        name, m = modules[i]
        activation = None
        if type(m) is torch.nn.Linear and i + 1 < len(modules):  # a Layer applies the activation after it
            activation = _activation_name(torch, modules[i + 1][1], f"{where}.{modules[i + 1][0]}")
        if activation is not None:
            built.append(_layer(torch, m, activation, f"{where}.{name}").train(m.training))
            i += 2
        else:
            built.append(_translate(torch, m, f"{where}.{name}"))
            i += 1
    model = Sequential(*built)
    model.training = bool(seq.training)  # not train(...), which would set its parts' modes too
    return model


def _translate(torch: Any, m: Any, where: str) -> Module:
    """The nn module for the torch module ``m`` (at ``where``), in ``m``'s training mode."""
    kind = type(m)
    if kind is torch.nn.Sequential:
        return _sequential(torch, m, where)
    if kind is torch.nn.Linear:
        module = _layer(torch, m, "linear", where)
    elif kind is torch.nn.Dropout:
        module = Dropout(m.p)
    elif kind is torch.nn.BatchNorm1d:
        module = _batch_norm(torch, m, where)
    elif _activation_name(torch, m, where) is not None:
        module = Activation(_activation_name(torch, m, where))
    else:
        raise TypeError(f"from_torch: {where} is {kind.__name__}, which nn has no layer for; from_torch "
                        f"reads {TORCH_KINDS} (the layers to_torch writes)")
    return module.train(m.training)


def from_torch(module: Any) -> Module:
    """The ``torch.nn`` model ``module`` as nn's modules, with its weights, running statistics and modes.

    ``module`` is a ``torch.nn.Sequential`` (nested ones too) of ``Linear``, ``ReLU``,
    ``Tanh``, ``Sigmoid``, ``LeakyReLU(0.01)``, ``Dropout`` and ``BatchNorm1d``, or one of
    those alone; the result computes the same outputs and gradients (to about 1e-15 from a
    float64 model), so a model trained in torch can be drawn, stepped through and explained
    here. Any other layer is a TypeError naming it and where it is (``module.3``). Python's
    global ``random`` is left as it was. Needs PyTorch (``pip install 'chainrule[torch]'``).
    """
    torch = require_torch("from_torch")
    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"from_torch needs a torch.nn.Module ({TORCH_KINDS}), got {type(module).__name__}")
    return _translate(torch, module, "module")
