"""A scalar reverse-mode autograd engine.

A :class:`Value` wraps one float and records every operation applied to it;
``loss.backward()`` then runs the chain rule backward through the recorded graph and
leaves ``d loss / d v`` in each ``v.grad``.

>>> from autograd import Value
>>> x = Value(2.0, label="x")
>>> y = x * x + 3 * x
>>> y.backward()
>>> x.grad   # dy/dx = 2x + 3
7.0
"""

from autograd.bridge.compare import TorchComparison, compare_with_torch
from autograd.collector import collector_policy_enabled, set_collector_policy
from autograd.fused import dot, dots, logsumexp, sum  # noqa: F401  (public; see below)
from autograd.gradcheck import GradcheckError, gradcheck, numerical_gradient
from autograd.gradients import grad
from autograd.modes import detect_anomaly, enable_grad, is_grad_enabled, no_grad
from autograd.replay.compile import compile  # noqa: F401  (public; see below)
from autograd.tutor.practice import practice
from autograd.tutor.stepper import Stepper, save_stepper
from autograd.tutor.worksheet import worksheet
from autograd.value import Value
from autograd.views.draw import GraphvizError, GraphvizNotFoundError, draw_dot
from autograd.views.explain import Explanation, explain, explain_text
from autograd.views.steps import Step, backward_steps

__all__ = [
    "Value",
    "grad",
    "dot",
    "dots",
    "logsumexp",
    "gradcheck",
    "numerical_gradient",
    "GradcheckError",
    "no_grad",
    "enable_grad",
    "is_grad_enabled",
    "detect_anomaly",
    "set_collector_policy",
    "collector_policy_enabled",
    "draw_dot",
    "GraphvizNotFoundError",
    "GraphvizError",
    "backward_steps",
    "explain",
    "explain_text",
    "Explanation",
    "practice",
    "Step",
    "save_stepper",
    "Stepper",
    "compare_with_torch",
    "TorchComparison",
    "worksheet",
]
# ``autograd.sum`` and ``autograd.replay.compile`` are public but left out of __all__ so that
# ``from autograd import *`` does not shadow the builtins ``sum`` and ``compile``.
__version__ = "0.1.0"
