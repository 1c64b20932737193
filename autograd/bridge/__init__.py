"""Bridges to PyTorch: the engine's graphs rebuilt in torch, to check chainrule against it.

PyTorch is optional (``pip install 'chainrule[torch]'``) and imported only when a bridge
function is called, never by ``import autograd``.
"""

from autograd.bridge.compare import LeafGradient, TorchComparison, compare_with_torch
from autograd.bridge.torch_import import INSTALL, require_torch
from autograd.bridge.torch_ops import TORCH_FORMS

__all__ = ["compare_with_torch", "TorchComparison", "LeafGradient", "require_torch", "INSTALL", "TORCH_FORMS"]
