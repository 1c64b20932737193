"""Optimizers: ``SGD`` (with momentum, Nesterov momentum and weight decay), ``RMSprop`` and ``Adam``.

An optimizer holds a list of parameters (leaf Values) and changes their ``data`` using
their ``grad``. One training step reads::

    optimizer.zero_grad()        # gradients accumulate, so clear the last step's
    loss = ...                   # forward
    loss.backward()              # fills p.grad for every parameter
    optimizer.step()             # p.data -= (something made of p.grad)

The update formulas are PyTorch's; each class's docstring spells its own out. In them
``x`` is a parameter's number, ``g`` its gradient (plus ``weight_decay * x`` when weight
decay is on: an L2 penalty of ``weight_decay / 2 * x^2`` added to the loss), ``lr`` the
learning rate and ``t`` the number of the step, counting from 1.

A step is all or nothing: every new number and every new piece of state is computed
first, and only then written, with Ctrl-C held back during the writing. So a step
that fails (or is interrupted) leaves the parameters as they were, never some of them
updated and the rest not. A step that would write NaN or infinity (a NaN or infinite
gradient, or an update overflowing: ``lr * g`` beyond the largest float, ``g * g`` in
Adam's second moment) is refused the same way: FloatingPointError naming the parameter,
and nothing changed. A NaN parameter would make every later loss NaN, silently.

The learning rate is the attribute ``lr``; set it between steps, or let a scheduler
(:mod:`nn.schedulers`) do it. Its defaults are PyTorch's: ``1e-3`` for ``SGD`` and ``Adam``,
``1e-2`` for ``RMSprop``. ``state_dict()`` gives the optimizer's whole state as
plain numbers and lists (JSON-friendly) for ``load_state_dict`` to put back;
``load_state_dict`` checks everything first, with the constructor's checks, and refuses
a state that does not fit (ValueError) without changing anything.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nn.checks import check_number, must
from nn.optimizer import Optimizer, Params, holding_interrupts, parameter_list

__all__ = ["Optimizer", "SGD", "RMSprop", "Adam", "Params", "holding_interrupts", "parameter_list"]


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum and weight decay.

    With ``g = grad + weight_decay * x``::

        momentum = 0:    x <- x - lr * g
        momentum > 0:    b <- momentum * b + g           (b starts at 0, so b_1 = g_1)
                         x <- x - lr * b                                  (heavy ball)
                         x <- x - lr * (g + momentum * b)   with nesterov=True

    ``momentum`` >= 0; ``nesterov=True`` needs ``momentum > 0``.
    """

    state_names = ("momentum_buffer",)
    hyperparameters = ("momentum", "nesterov", "weight_decay")

    def __init__(
        self,
        params: Params,
        lr: float = 1e-3,
        momentum: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, momentum=momentum, nesterov=nesterov, weight_decay=weight_decay)

    def check_hyperparameters(self, momentum: Any, nesterov: Any, weight_decay: Any) -> dict:
        momentum = check_number(momentum, "momentum", "SGD", at_least=0)
        if not isinstance(nesterov, (bool, np.bool_)):
            raise ValueError(must("SGD", "nesterov", "be True or False", repr(nesterov)))
        if nesterov:
            check_number(momentum, "momentum", "SGD", above=0, fix="nesterov=True needs momentum")
        weight_decay = self._check_weight_decay(weight_decay)
        return {"momentum": momentum, "nesterov": bool(nesterov), "weight_decay": weight_decay}

    def update(self, x: np.ndarray, g: np.ndarray, t: int) -> tuple[np.ndarray, dict]:
        buffer = self.state["momentum_buffer"]
        if self.momentum:
            buffer = self.momentum * buffer + g
            g = g + self.momentum * buffer if self.nesterov else buffer
        return x - self.lr * g, {"momentum_buffer": buffer}


class RMSprop(Optimizer):
    """RMSprop: divide each step by a running root-mean-square of the gradient.

    With ``g = grad + weight_decay * x``::

        v <- alpha * v + (1 - alpha) * g^2             (v starts at 0)
        x <- x - lr * g / (sqrt(v) + eps)

    ``alpha`` in [0, 1), ``eps`` > 0.
    """

    state_names = ("square_avg",)
    nonnegative_state = ("square_avg",)
    hyperparameters = ("alpha", "eps", "weight_decay")

    def __init__(
        self,
        params: Params,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, alpha=alpha, eps=eps, weight_decay=weight_decay)

    def check_hyperparameters(self, alpha: Any, eps: Any, weight_decay: Any) -> dict:
        return {
            "alpha": check_number(alpha, "alpha", "RMSprop", at_least=0, below=1),
            "eps": check_number(eps, "eps", "RMSprop", above=0),
            "weight_decay": self._check_weight_decay(weight_decay),
        }

    def update(self, x: np.ndarray, g: np.ndarray, t: int) -> tuple[np.ndarray, dict]:
        v = self.alpha * self.state["square_avg"] + (1 - self.alpha) * g * g
        return x - self.lr * g / (np.sqrt(v) + self.eps), {"square_avg": v}


class Adam(Optimizer):
    """Adam: momentum on the gradient and on its square, each corrected for starting at 0.

    With ``g = grad + weight_decay * x`` and ``(b1, b2) = betas``, at step ``t = 1, 2, ...``::

        m <- b1 * m + (1 - b1) * g                     (m, v start at 0)
        v <- b2 * v + (1 - b2) * g^2
        m_hat = m / (1 - b1^t)                         (bias correction)
        v_hat = v / (1 - b2^t)
        x <- x - lr * m_hat / (sqrt(v_hat) + eps)

    ``betas`` each in [0, 1), ``eps`` > 0. Weight decay here is the L2 kind added to the
    gradient (PyTorch's ``Adam``), not the decoupled kind of ``AdamW``.
    """

    state_names = ("exp_avg", "exp_avg_sq")
    nonnegative_state = ("exp_avg_sq",)
    hyperparameters = ("betas", "eps", "weight_decay")

    def __init__(
        self,
        params: Params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def check_hyperparameters(self, betas: Any, eps: Any, weight_decay: Any) -> dict:
        try:
            b1, b2 = betas
        except (TypeError, ValueError):
            raise ValueError(must("Adam", "betas", "be a pair (b1, b2)", repr(betas))) from None
        return {
            "betas": (
                check_number(b1, "betas[0]", "Adam", at_least=0, below=1),
                check_number(b2, "betas[1]", "Adam", at_least=0, below=1),
            ),
            "eps": check_number(eps, "eps", "Adam", above=0),
            "weight_decay": self._check_weight_decay(weight_decay),
        }

    def update(self, x: np.ndarray, g: np.ndarray, t: int) -> tuple[np.ndarray, dict]:
        b1, b2 = self.betas
        m = b1 * self.state["exp_avg"] + (1 - b1) * g
        v = b2 * self.state["exp_avg_sq"] + (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        return x - self.lr * m_hat / (np.sqrt(v_hat) + self.eps), {"exp_avg": m, "exp_avg_sq": v}
