"""Bridges to PyTorch: a model of nn's layers as a ``torch.nn.Module`` and back.

PyTorch is optional (``pip install 'chainrule[torch]'``) and imported only when
:func:`to_torch` or :func:`from_torch` is called, never by ``import nn``.
"""

from nn.bridge.from_torch import from_torch
from nn.bridge.to_torch import to_torch

__all__ = ["to_torch", "from_torch"]
