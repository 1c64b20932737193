"""The base class of the optimizers: the parameter list, an all-or-nothing ``step``, saving and loading.

The optimizers themselves (``SGD``, ``RMSprop``, ``Adam``) and their formulas are in
:mod:`nn.optim.sgd`, :mod:`nn.optim.rmsprop` and :mod:`nn.optim.adam`.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Union

import numpy as np

from autograd import Value
from nn.checks import check_int, check_keys, check_kind, check_number, check_numbers, must, quoted
from nn.modules.module import Module

Params = Union[Module, Iterable[Value]]


def parameter_list(params: Params, owner: str) -> list[Value]:
    """The parameters as a list of distinct Values: a list, any iterable (a generator too) or a Module."""
    if isinstance(params, Module):
        params = params.parameters()
    elif isinstance(params, Value):
        raise TypeError(must(owner, "params", "be a list of Values", "one Value", f"pass [{params!r}]"))
    try:
        params = list(params)
    except TypeError:
        raise TypeError(must(owner, "params", "be an iterable of Values or a Module",
                             type(params).__name__)) from None
    if not params:
        raise ValueError(must(owner, "params", "hold at least one Value", "an empty list",
                              "there is nothing to optimize"))
    seen = set()
    for i, p in enumerate(params):
        if not isinstance(p, Value):
            raise TypeError(must(owner, f"parameter {i}", "be a Value",
                                 f"a {type(p).__name__} ({quoted(p)})"))
        if p in seen:
            raise ValueError(must(owner, f"parameter {i} ({quoted(p)})", "appear once in the list",
                                  "it again"))
        seen.add(p)
    return params


# writing a step ---------------------------------------------------------------------------
@contextmanager
def holding_interrupts() -> Iterator[list]:
    """Hold Ctrl-C (SIGINT) back while the block runs; if one came, raise it once the block is done.

    Only possible in the main thread, and only when the SIGINT handler is a Python
    function (the usual one raises KeyboardInterrupt); elsewhere the block just runs. The
    block is given a list that is empty until a Ctrl-C comes, so that a long block can end
    early at a point of its choosing.
    """
    previous = signal.getsignal(signal.SIGINT)
    caught: list = []
    if threading.current_thread() is not threading.main_thread() or not callable(previous):
        yield caught
        return
    signal.signal(signal.SIGINT, lambda signum, frame: caught.append((signum, frame)))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            previous(*caught[0])


# the base class --------------------------------------------------------------------------------
class Optimizer:
    """Base class: the parameter list, ``lr``, ``zero_grad``, an all-or-nothing ``step`` and saving.

    A subclass names its per-parameter state in ``state_names`` (arrays that start at 0;
    those in ``nonnegative_state``, running averages of squares, can never be negative)
    and its hyperparameters in ``hyperparameters`` (validated by
    :meth:`check_hyperparameters`, when made and when loaded), and defines :meth:`update`,
    the formula.
    """

    state_names: tuple[str, ...] = ()
    nonnegative_state: tuple[str, ...] = ()
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
        """Update every parameter from its gradient (one step of the formula in the class docstring).

        All or nothing: a step that would write NaN or infinity into a parameter or the
        optimizer's state raises FloatingPointError (naming the parameter) and changes nothing.
        """
        params = self.params
        x, g = np.array([p.data for p in params]), np.array([p.grad for p in params])
        new_x, new_state = self.proposed(x, g)
        new_numbers = new_x.tolist()
        with holding_interrupts():
            for p, value in zip(params, new_numbers):
                p.data = value
            self.commit(new_state)

    def proposed(self, x: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, dict]:
        """The step from the parameters' numbers ``x`` and gradients ``g`` (arrays in the order of
        the parameter list): the new numbers and the new state, checked finite (FloatingPointError
        naming the parameter otherwise). Changes nothing: the caller writes the numbers where the
        parameters live (their Values, or a compiled training's array) and then calls :meth:`commit`.
        """
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # checked just below
            decayed = g + self.weight_decay * x if self.weight_decay else g
            new_x, new_state = self.update(x, decayed, self.steps + 1)
            looked = new_x.sum() + g.sum() + sum(values.sum() for values in new_state.values())
        if not np.isfinite(looked):  # one sum is NaN or infinite when any number is (or it overflowed)
            self._refuse_non_finite(x, g, new_x, new_state)
        return new_x, new_state

    def commit(self, new_state: dict) -> None:
        """Keep the state of a step whose new numbers the caller has just written (see :meth:`proposed`)."""
        self.state = new_state
        self.steps += 1

    def _refuse_non_finite(self, x: np.ndarray, g: np.ndarray, new_x: np.ndarray, new_state: dict) -> None:
        """A FloatingPointError naming the first parameter whose gradient, new number or new state is
        NaN or infinite (before anything is written)."""
        name = type(self).__name__
        fix = "nothing was changed; lower the learning rate or clip the gradients (nn.clip_grad_norm)"
        bad = np.flatnonzero(~np.isfinite(g))
        if bad.size:
            i = bad[0]
            raise FloatingPointError(
                f"{name}.step: the gradient of {self._describe(i)} is {float(g[i])}; {fix}. "
                "autograd.detect_anomaly() shows which operation made it"
            )
        for what, values in [("new number", new_x), *new_state.items()]:
            bad = np.flatnonzero(~np.isfinite(values))
            if bad.size:
                i = bad[0]
                raise FloatingPointError(
                    f"{name}.step: the {what} of {self._describe(i)} would be {float(values[i])} "
                    f"(number {float(x[i])!r}, gradient {float(g[i])!r}, lr {self.lr:g}); {fix}"
                )

    def _describe(self, i: int) -> str:
        """``parameter 3 (layers.0.w.1)``: the parameter's place in the list, and its label if any."""
        label = self.params[i].label
        return f"parameter {i} ({label})" if label else f"parameter {i}"

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

        Everything is checked before anything is set: the kind, the keys, the
        hyperparameters (with the constructor's checks), ``lr >= 0``, ``steps`` a whole
        number >= 0, and each state a flat list of one finite number per parameter
        (never negative for the running averages of squares). A state that does not fit
        is a ValueError naming the problem, and nothing is changed; returns self.
        """
        name = type(self).__name__
        owner = f"{name}.load_state_dict"
        check_kind(state, "optimizer", name)
        missing = [key for key in ("lr", "hyperparameters", "steps", "state") if key not in state]
        if missing:
            raise ValueError(must(owner, "the state", "have lr, hyperparameters, steps and state",
                                  f"no {', '.join(missing)}"))
        for key in ("hyperparameters", "state"):
            if not isinstance(state[key], dict):
                raise ValueError(must(owner, key, "be a dict, as state_dict() makes",
                                      type(state[key]).__name__))
        check_keys(state["state"], self.state_names, f"{owner}: state")
        arrays = {}
        for key in self.state_names:
            at_least = 0.0 if key in self.nonnegative_state else None
            values = check_numbers(state["state"][key], key, owner, at_least=at_least)
            if len(values) != len(self.params):
                raise ValueError(must(owner, f"state {key!r}", f"have one entry per parameter "
                                      f"({len(self.params)})", f"{len(values)}"))
            arrays[key] = np.array(values, dtype=float)
        lr = check_number(state["lr"], "lr", owner, at_least=0)
        steps = check_int(state["steps"], "steps", owner, at_least=0)
        check_keys(state["hyperparameters"], self.hyperparameters, f"{owner}: hyperparameters")
        checked = self.check_hyperparameters(**state["hyperparameters"])
        for key in self.hyperparameters:
            setattr(self, key, checked[key])
        self.lr, self.steps, self.state = lr, steps, arrays
        return self

    def __repr__(self) -> str:
        settings = ", ".join(f"{key}={_plain(getattr(self, key))!r}" for key in self.hyperparameters)
        return f"{type(self).__name__}({len(self.params)} parameters, lr={self.lr:g}, {settings})"


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
