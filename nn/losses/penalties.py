"""Weight penalties, added to a loss to keep the parameters small: ``l1_penalty`` and ``l2_penalty``.

``fit(..., l1=a, l2=b)`` adds ``a * l1_penalty(params) + b * l2_penalty(params)`` to the
data loss; both are also exported by :mod:`nn.losses.functions`.
"""

from __future__ import annotations

from typing import Iterable, Union

import autograd
from autograd import Value
from nn.modules.module import Module


def _params(params: Union[Module, Iterable[Value]]) -> list[Value]:
    return params.parameters() if isinstance(params, Module) else list(params)


def l1_penalty(params: Union[Module, Iterable[Value]]) -> Value:
    """sum_i |w_i| over the parameters (a list of Values, or a Module's), as one sum node."""
    return autograd.sum([abs(w) for w in _params(params)])


def l2_penalty(params: Union[Module, Iterable[Value]]) -> Value:
    """sum_i w_i^2 over the parameters (a list of Values, or a Module's), as one node.

    It is the dot product of the parameters with themselves: d/dw_i = 2 w_i, since each
    w_i stands on both sides of the product.
    """
    params = _params(params)
    return autograd.dot(params, params)
