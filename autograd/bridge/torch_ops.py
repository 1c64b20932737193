"""Each operation of the op table written with PyTorch: how :func:`compare_with_torch` rebuilds a graph.

One entry per name of :data:`autograd.ops.OPS`, a function of the ``torch`` module, the
operands (0-d float64 tensors) and the op's constant ``k``, returning a tensor. PyTorch
differentiates these itself, so its gradients are an independent check of the table's
rules. Softplus is written as ``logaddexp(x, 0)``: ``torch.nn.functional.softplus``
returns ``x`` itself above its threshold (20), and so a slope of exactly 1 where the
rule says ``sigmoid(x)``.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

TorchForm = Callable[[Any, Sequence[Any], Any], Any]


def _dot(torch: Any, xs: Sequence[Any], k: tuple) -> Any:
    """``act(sum_i w_i x_i + b)`` for the operands ``(w_1..w_n, x_1..x_n[, b])`` and ``k = (n, act, a)``."""
    n, act, a = k
    terms = [w * x for w, x in zip(xs[:n], xs[n : 2 * n])] + list(xs[2 * n :])
    z = torch.stack(terms).sum() if terms else torch.zeros((), dtype=torch.float64)
    return z if act is None else TORCH_FORMS[act.name](torch, [z], a)


def _stacked(reduce: str) -> TorchForm:
    return lambda torch, xs, k: getattr(torch, reduce)(torch.stack(list(xs)), 0)


def _summed(torch: Any, xs: Sequence[Any], k: Any) -> Any:
    return torch.stack(list(xs)).sum() if xs else torch.zeros((), dtype=torch.float64)


TORCH_FORMS: dict[str, TorchForm] = {
    "+": lambda torch, xs, k: xs[0] + xs[1],
    "-": lambda torch, xs, k: xs[0] - xs[1],
    "*": lambda torch, xs, k: xs[0] * xs[1],
    "/": lambda torch, xs, k: xs[0] / xs[1],
    "neg": lambda torch, xs, k: -xs[0],
    "**": lambda torch, xs, k: torch.pow(xs[0], k),
    "pow": lambda torch, xs, k: torch.pow(xs[0], xs[1]),
    "exp": lambda torch, xs, k: torch.exp(xs[0]),
    "log": lambda torch, xs, k: torch.log(xs[0]),
    "sqrt": lambda torch, xs, k: torch.sqrt(xs[0]),
    "sin": lambda torch, xs, k: torch.sin(xs[0]),
    "cos": lambda torch, xs, k: torch.cos(xs[0]),
    "tanh": lambda torch, xs, k: torch.tanh(xs[0]),
    "sigmoid": lambda torch, xs, k: torch.sigmoid(xs[0]),
    "relu": lambda torch, xs, k: torch.relu(xs[0]),
    "leaky_relu": lambda torch, xs, k: torch.nn.functional.leaky_relu(xs[0], k),
    "abs": lambda torch, xs, k: torch.abs(xs[0]),
    "softplus": lambda torch, xs, k: torch.logaddexp(xs[0], torch.zeros_like(xs[0])),
    "logsumexp": _stacked("logsumexp"),
    "sum": _summed,
    "dot": _dot,
}
"""The op table's names -> how PyTorch computes that op."""
