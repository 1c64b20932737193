"""RMSprop: each step divided by a running root mean square of the gradients.

See :mod:`nn.optim` for what every optimizer shares (all-or-nothing steps, ``lr``, state)."""

from __future__ import annotations

from typing import Any

import numpy as np

from nn.checks import check_number
from nn.optim.optimizer import Optimizer, Params


class RMSprop(Optimizer):
    """RMSprop: divide each step by a running root-mean-square of the gradient.

    With ``g = grad + weight_decay * x``::

        v <- alpha * v + (1 - alpha) * g^2             (v starts at 0)
        x <- x - lr * g / (sqrt(v) + eps)

    ``alpha`` in [0, 1), ``eps`` > 0.

    Every default is ``torch.optim.RMSprop``'s, and the same settings give torch's
    parameters (to 1e-12 over 20 steps). torch's ``momentum`` and ``centered`` are not
    here: this is torch's RMSprop with ``momentum=0, centered=False``, its defaults.
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
