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
updated and the rest not.

The learning rate is the attribute ``lr``; set it between steps, or let a scheduler
(:mod:`nn.schedulers`) do it. Its defaults are PyTorch's: ``1e-3`` for ``SGD`` and ``Adam``,
``1e-2`` for ``RMSprop``. ``state_dict()`` gives the optimizer's whole state as
plain numbers and lists (JSON-friendly) for ``load_state_dict`` to put back.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Union

import numpy as np

from autograd import Value
from nn.checks import check_int, check_kind, check_number
from nn.module import Module, check_keys

Params = Union[Module, Iterable[Value]]


def parameter_list(params: Params, owner: str) -> list[Value]:
    """The parameters as a list of distinct Values: a list, any iterable (a generator too) or a Module."""
    if isinstance(params, Module):
        params = params.parameters()
    elif isinstance(params, Value):
        raise TypeError(f"{owner} takes a list of parameters, got one Value; pass [{params!r}]")
    try:
        params = list(params)
    except TypeError:
        raise TypeError(f"{owner} takes an iterable of Values, got {type(params).__name__}") from None
    if not params:
        raise ValueError(f"{owner} got an empty parameter list: there is nothing to optimize")
    seen = set()
    for i, p in enumerate(params):
        if not isinstance(p, Value):
            raise TypeError(f"{owner}: parameter {i} is a {type(p).__name__} ({p!r}), not a Value")
        if p in seen:
            raise ValueError(f"{owner}: parameter {i} ({p!r}) appears more than once in the list")
        seen.add(p)
    return params


# writing a step ---------------------------------------------------------------------------
@contextmanager
def holding_interrupts() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back while the block runs; if one came, raise it once the block is done.

    Only possible in the main thread, and only when the SIGINT handler is a Python
    function (the usual one raises KeyboardInterrupt); elsewhere the block just runs.
    """
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or not callable(previous):
        yield
        return
    caught = []
    signal.signal(signal.SIGINT, lambda signum, frame: caught.append((signum, frame)))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            previous(*caught[0])


# the optimizers -------------------------------------------------------------------------------
class Optimizer:
    """Base class: the parameter list, ``lr``, ``zero_grad``, an all-or-nothing ``step`` and saving.

    A subclass names its per-parameter state in ``state_names`` (arrays that start at 0)
    and its hyperparameters in ``hyperparameters`` (validated by
    :meth:`check_hyperparameters`), and defines :meth:`update`, the formula.
    """

    state_names: tuple[str, ...] = ()
    hyperparameters: tuple[str, ...] = ()

    def __init__(self, params: Params, lr: float, **hyperparameters: Any) -> None:
        name = type(self).__name__
        self.params = parameter_list(params, name)
        self.lr = check_number(lr, "lr", name, above=0)
        self._configure(hyperparameters)
        self.steps = 0
        self.state = {key: np.zeros(len(self.params)) for key in self.state_names}

    @property
    def lr(self) -> float:
        """The learning rate used by the next :meth:`step`; may be set (to a number >= 0)."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = check_number(value, "lr", type(self).__name__, at_least=0)

    def _configure(self, hyperparameters: dict) -> None:
        checked = self.check_hyperparameters(**hyperparameters)
        for key in self.hyperparameters:
            setattr(self, key, checked[key])

    def check_hyperparameters(self, **hyperparameters: Any) -> dict:
        """The hyperparameters, validated (a ValueError naming a bad one); subclasses define it."""
        raise NotImplementedError

    def _check_weight_decay(self, weight_decay: Any) -> float:
        return check_number(weight_decay, "weight_decay", type(self).__name__, at_least=0)

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0."""
        for p in self.params:
            p.grad = 0.0

    def update(self, x: np.ndarray, g: np.ndarray, t: int) -> tuple[np.ndarray, dict]:
        """The new parameter numbers and the new state, from the numbers ``x``, gradients ``g``
        (weight decay included) and step number ``t``. Reads ``self.state``, changes nothing.
        """
        raise NotImplementedError

    def step(self) -> None:
        """Update every parameter from its gradient (one step of the formula in the class docstring)."""
        params = self.params
        x = np.array([p.data for p in params])
        g = np.array([p.grad for p in params])
        if self.weight_decay:
            g = g + self.weight_decay * x
        new_x, new_state = self.update(x, g, self.steps + 1)
        new_numbers = new_x.tolist()
        with holding_interrupts():
            for p, value in zip(params, new_numbers):
                p.data = value
            self.state = new_state
            self.steps += 1

    # saving and loading -------------------------------------------------------------------------
    def state_dict(self) -> dict:
        """Everything the optimizer keeps, as plain numbers and lists: lr, hyperparameters, step count
        and the per-parameter state (in the order of the parameter list)."""
        return {
            "optimizer": type(self).__name__,
            "lr": self.lr,
            "hyperparameters": {key: _plain(getattr(self, key)) for key in self.hyperparameters},
            "steps": self.steps,
            "state": {key: values.tolist() for key, values in self.state.items()},
        }

    def load_state_dict(self, state: dict) -> Optimizer:
        """Put back a :meth:`state_dict` of an optimizer of the same kind over as many parameters.

        Nothing is changed when ``state`` does not fit (ValueError); returns self.
        """
        name = type(self).__name__
        check_kind(state, "optimizer", name)
        missing = [key for key in ("lr", "hyperparameters", "steps", "state") if key not in state]
        missing += [f"state.{key}" for key in self.state_names if key not in state.get("state", {})]
        if missing:
            raise ValueError(f"{name}.load_state_dict: the state has no {', '.join(missing)}")
        arrays = {}
        for key in self.state_names:
            values = state["state"][key]
            if len(values) != len(self.params):
                raise ValueError(
                    f"{name}.load_state_dict: state {key!r} has {len(values)} entries "
                    f"for {len(self.params)} parameters"
                )
            arrays[key] = np.array(values, dtype=float)
        lr = check_number(state["lr"], "lr", name, at_least=0)
        steps = check_int(state["steps"], "steps", name, at_least=0)
        check_keys(state["hyperparameters"], self.hyperparameters, f"{name}.load_state_dict: hyperparameters")
        self._configure(state["hyperparameters"])
        self.lr, self.steps, self.state = lr, steps, arrays
        return self

    def __repr__(self) -> str:
        settings = ", ".join(f"{key}={_plain(getattr(self, key))!r}" for key in self.hyperparameters)
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.lr:g}, {settings})"


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


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
        if nesterov and momentum == 0:
            raise ValueError(f"SGD: nesterov=True needs momentum > 0, got momentum={momentum!r}")
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
            raise ValueError(f"Adam: betas must be a pair (b1, b2), got {betas!r}") from None
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
