"""PyTorch, imported only when a bridge to it is used: chainrule itself never needs it."""

from __future__ import annotations

import importlib
from typing import Any

INSTALL = "pip install 'chainrule[torch]'"
"""The command that adds PyTorch to an installation of chainrule (the ``torch`` extra)."""


def require_torch(owner: str) -> Any:
    """The ``torch`` module, or an ImportError naming ``owner`` (the function that needs it) and
    the command that installs it. Imported here, at the call, never when chainrule is imported."""
    try:
        return importlib.import_module("torch")
    except ImportError as error:
        raise ImportError(
            f"{owner} needs PyTorch, which is not installed here ({error}); install it with "
            f"{INSTALL} (or follow pytorch.org for a build for your machine)"
        ) from None
