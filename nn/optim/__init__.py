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
(:mod:`nn.optim.schedulers`) do it. Its defaults are PyTorch's: ``1e-3`` for ``SGD`` and ``Adam``,
``1e-2`` for ``RMSprop``. ``state_dict()`` gives the optimizer's whole state as
plain numbers and lists (JSON-friendly) for ``load_state_dict`` to put back;
``load_state_dict`` checks everything first, with the constructor's checks, and refuses
a state that does not fit (ValueError) without changing anything.

Each optimizer has a file of its own: :mod:`nn.optim.sgd`, :mod:`nn.optim.rmsprop`,
:mod:`nn.optim.adam`, on the base class in :mod:`nn.optim.optimizer`; the learning-rate
schedulers are in :mod:`nn.optim.schedulers` and gradient clipping in :mod:`nn.optim.clip`.
"""

from nn.optim.adam import Adam
from nn.optim.clip import clip_grad_norm, clip_grad_value
from nn.optim.optimizer import Optimizer
from nn.optim.rmsprop import RMSprop
from nn.optim.schedulers import (
    CosineAnnealingLR,
    ExponentialLR,
    LinearLR,
    LRScheduler,
    ReduceLROnPlateau,
    StepLR,
)
from nn.optim.sgd import SGD

__all__ = [
    "Optimizer", "SGD", "RMSprop", "Adam",
    "LRScheduler", "StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR", "ReduceLROnPlateau",
    "clip_grad_norm", "clip_grad_value",
]
