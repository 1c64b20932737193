"""SGD: stochastic gradient descent, with momentum, Nesterov momentum and weight decay.

See :mod:`nn.optim` for what every optimizer shares (all-or-nothing steps, ``lr``, state)."""

from __future__ import annotations

from typing import Any

import numpy as np

from nn.checks import check_number, must, quoted
from nn.optim.optimizer import Optimizer, Params


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with (Nesterov) momentum and weight decay.

    With ``g = grad + weight_decay * x``::

        momentum = 0:    x <- x - lr * g
        momentum > 0:    b <- momentum * b + g           (b starts at 0, so b_1 = g_1)
                         x <- x - lr * b                                  (heavy ball)
                         x <- x - lr * (g + momentum * b)   with nesterov=True

    ``momentum`` >= 0; ``nesterov=True`` needs ``momentum > 0``.

    Every default is ``torch.optim.SGD``'s, and the same settings give torch's parameters
    (to 1e-12 over 20 steps). torch has two settings more, left at their defaults here:
    ``dampening=0`` and ``maximize=False``.
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
            raise ValueError(must("SGD", "nesterov", "be True or False", quoted(nesterov)))
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
