"""Adam: steps from running averages of the gradients and of their squares.

See :mod:`nn.optim` for what every optimizer shares (all-or-nothing steps, ``lr``, state)."""

from __future__ import annotations

from typing import Any

import numpy as np

from nn.checks import check_number, must, quoted
from nn.optim.optimizer import Optimizer, Params


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

    Every default is ``torch.optim.Adam``'s, and the same settings give torch's parameters
    (to 1e-12 over 20 steps). torch's ``amsgrad`` is not here: this is ``amsgrad=False``,
    its default.
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
            raise ValueError(must("Adam", "betas", "be a pair (b1, b2)", quoted(betas))) from None
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
