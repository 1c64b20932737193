"""Learning-rate schedulers: each ``step()`` sets its optimizer's ``lr`` for the next stretch of training.

Call ``scheduler.step()`` once per epoch, after the epoch's optimizer steps (``fit``
does). With ``base_lr`` the optimizer's ``lr`` when the scheduler was made and ``t``
the number of ``step()`` calls so far (0 at first), the closed-form schedulers set:

=================  ==================================================================================
StepLR             base_lr * gamma ** (t // step_size)
ExponentialLR      base_lr * gamma ** t
CosineAnnealingLR  eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2
LinearLR           base_lr * (start_factor + (end_factor - start_factor) * min(t, total_iters) / total_iters)
=================  ==================================================================================

Their defaults are PyTorch's (``torch.optim.lr_scheduler``), and with an optimizer of the
same settings they give torch's learning rates and parameters (to 1e-12 over 20 steps; torch
multiplies the lr step by step where these compute it from ``t``, which differs only in
the last bits). :class:`ReduceLROnPlateau` differs in two places, said there.

Making a scheduler already sets the lr for ``t = 0`` (``base_lr * start_factor`` for
``LinearLR``; ``base_lr`` for the others). micrograd's demo, ``lr = 1.0 - 0.9 * k / 100``
at step ``k``, is ``LinearLR(SGD(params, lr=1.0), start_factor=1.0, end_factor=0.1,
total_iters=100)``.

:class:`ReduceLROnPlateau` instead watches a number (usually the validation loss) passed
to ``step(metric)`` and cuts the lr when it stops improving.

``state_dict()`` saves a scheduler's settings and counters; ``load_state_dict`` checks the
settings with the constructor's own checks (each class's :meth:`~LRScheduler.check_settings`,
the one place they are written) and the counters, and changes nothing when any is wrong.
"""

from __future__ import annotations

import math
from typing import Any

from nn.checks import (
    check_choice,
    check_int,
    check_keys,
    check_kind,
    check_measurement,
    check_not_nan,
    check_number,
    must,
    not_finite,
)


class LRScheduler:
    """Base class: holds the optimizer, counts steps, sets ``optimizer.lr``; saving and loading.

    A subclass names its constructor's settings in ``settings``, passes them on to this
    constructor by name (``super().__init__(optimizer, gamma=gamma)``) and checks them in
    :meth:`check_settings`, which both this constructor and :meth:`load_state_dict` call.
    """

    settings: tuple[str, ...] = ()

    def __init__(self, optimizer: Any, **settings: Any) -> None:
        name = type(self).__name__
        vars(self).update(self.check_settings(name, **settings))
        if not hasattr(optimizer, "lr"):
            raise TypeError(must(name, "optimizer", "be an optimizer (with an lr)", type(optimizer).__name__))
        self.optimizer = optimizer
        self.base_lr = float(optimizer.lr)
        self.last_epoch = 0
        self._last_lr = self.base_lr

    def check_settings(self, owner: str, **settings: Any) -> dict:
        """The settings, each checked (a ValueError naming ``owner`` and the bad one); subclasses
        with settings define it."""
        return {}

    def check_counters(self, owner: str, state: dict) -> dict:
        """The counters of a saved ``state`` (the base lr, the epoch, the last lr), checked."""
        return {
            "base_lr": check_number(state["base_lr"], "base_lr", owner, at_least=0),
            "last_epoch": check_int(state["last_epoch"], "last_epoch", owner, at_least=0),
            "_last_lr": check_number(state["_last_lr"], "_last_lr", owner, at_least=0),
        }

    def _set_lr(self, lr: float) -> None:
        self.optimizer.lr = lr
        self._last_lr = self.optimizer.lr

    def get_last_lr(self) -> float:
        """The learning rate this scheduler set last (the one the next epoch uses)."""
        return self._last_lr

    def state_dict(self) -> dict:
        """The scheduler's class name (``"scheduler"``), counters and settings as plain numbers
        (not the optimizer)."""
        state = {"scheduler": type(self).__name__}
        state.update((key, value) for key, value in vars(self).items() if key != "optimizer")
        return state

    def load_state_dict(self, state: dict) -> LRScheduler:
        """Put back a :meth:`state_dict` of a scheduler of the same class; returns self.

        A state of another class, with missing or unexpected keys, or with a setting the
        constructor would refuse (``step_size=0``) or a bad counter, is a ValueError naming
        it, and nothing is changed.
        """
        name = type(self).__name__
        owner = f"{name}.load_state_dict"
        check_kind(state, "scheduler", name)
        check_keys(state, self.state_dict(), owner)
        checked = self.check_settings(owner, **{key: state[key] for key in self.settings})
        checked.update(self.check_counters(owner, state))
        vars(self).update(checked)
        return self

    def __repr__(self) -> str:
        return f"{type(self).__name__}(last_epoch={self.last_epoch}, lr={self._last_lr:g})"


class ClosedFormLR(LRScheduler):
    """A scheduler whose lr is a function of the step count: subclasses define :meth:`lr_at`."""

    def __init__(self, optimizer: Any, **settings: Any) -> None:
        super().__init__(optimizer, **settings)
        self._set_lr(self._finite_lr(0))

    def lr_at(self, t: int) -> float:
        """The learning rate after ``t`` calls of :meth:`step`."""
        raise NotImplementedError

    def step(self) -> None:
        """Advance one epoch and set the optimizer's lr to ``lr_at(epochs so far)``.

        The new lr is computed and set first: if that fails (an lr overflowing to inf),
        the error is raised and the scheduler stays at its epoch.
        """
        epoch = self.last_epoch + 1
        self._set_lr(self._finite_lr(epoch))
        self.last_epoch = epoch

    def _finite_lr(self, t: int) -> float:
        """``lr_at(t)``, or a ValueError naming this scheduler when it is not finite (``gamma ** t``
        past the floats): the schedule, not the optimizer, is what to change."""
        try:
            lr = self.lr_at(t)
        except OverflowError:  # Python's float power raises where the product would be inf
            lr = math.inf
        if not math.isfinite(lr):
            settings = ", ".join(f"{key}={getattr(self, key)!r}" for key in (*self.settings, "base_lr"))
            raise not_finite(type(self).__name__, f"the lr at epoch {t} ({settings})", lr,
                             "the schedule grows past the floats: use smaller factors or fewer epochs")
        return lr


class StepLR(ClosedFormLR):
    """Multiply the lr by ``gamma`` every ``step_size`` epochs: ``base_lr * gamma ** (t // step_size)``."""

    settings = ("step_size", "gamma")

    def __init__(self, optimizer: Any, step_size: int, gamma: float = 0.1) -> None:
        super().__init__(optimizer, step_size=step_size, gamma=gamma)

    def check_settings(self, owner: str, step_size: Any, gamma: Any) -> dict:
        return {
            "step_size": check_int(step_size, "step_size", owner, at_least=1),
            "gamma": check_number(gamma, "gamma", owner, above=0),
        }

    def lr_at(self, t: int) -> float:
        return self.base_lr * self.gamma ** (t // self.step_size)


class ExponentialLR(ClosedFormLR):
    """Multiply the lr by ``gamma`` every epoch: ``base_lr * gamma ** t``."""

    settings = ("gamma",)

    def __init__(self, optimizer: Any, gamma: float) -> None:
        super().__init__(optimizer, gamma=gamma)

    def check_settings(self, owner: str, gamma: Any) -> dict:
        return {"gamma": check_number(gamma, "gamma", owner, above=0)}

    def lr_at(self, t: int) -> float:
        return self.base_lr * self.gamma**t


class CosineAnnealingLR(ClosedFormLR):
    """Half a cosine from ``base_lr`` down to ``eta_min`` over ``T_max`` epochs.

    ``eta_min + (base_lr - eta_min) * (1 + cos(pi * t / T_max)) / 2``; past ``T_max`` the
    cosine goes on, so the lr climbs back toward ``base_lr`` (as PyTorch's does).
    """

    settings = ("T_max", "eta_min")

    def __init__(self, optimizer: Any, T_max: int, eta_min: float = 0.0) -> None:
        super().__init__(optimizer, T_max=T_max, eta_min=eta_min)

    def check_settings(self, owner: str, T_max: Any, eta_min: Any) -> dict:
        return {
            "T_max": check_int(T_max, "T_max", owner, at_least=1),
            "eta_min": check_number(eta_min, "eta_min", owner, at_least=0),
        }

    def lr_at(self, t: int) -> float:
        return self.eta_min + (self.base_lr - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max)) / 2


class LinearLR(ClosedFormLR):
    """Move the lr's factor in a straight line from ``start_factor`` to ``end_factor`` over ``total_iters``.

    ``base_lr * (start_factor + (end_factor - start_factor) * min(t, total_iters) / total_iters)``:
    ``base_lr * end_factor`` from epoch ``total_iters`` on. A factor rising to 1 is a warm-up:
    the defaults are PyTorch's, a warm-up from ``base_lr / 3`` to ``base_lr`` over 5 epochs.
    micrograd's decay from ``base_lr`` to a tenth of it over 100 epochs is
    ``LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=100)``.
    """

    settings = ("start_factor", "end_factor", "total_iters")

    def __init__(
        self, optimizer: Any, start_factor: float = 1 / 3, end_factor: float = 1.0, total_iters: int = 5
    ) -> None:
        super().__init__(optimizer, start_factor=start_factor, end_factor=end_factor, total_iters=total_iters)

    def check_settings(self, owner: str, start_factor: Any, end_factor: Any, total_iters: Any) -> dict:
        return {
            "start_factor": check_number(start_factor, "start_factor", owner, above=0),
            "end_factor": check_number(end_factor, "end_factor", owner, at_least=0),
            "total_iters": check_int(total_iters, "total_iters", owner, at_least=1),
        }

    def lr_at(self, t: int) -> float:
        progress = min(t, self.total_iters) / self.total_iters
        return self.base_lr * (self.start_factor + (self.end_factor - self.start_factor) * progress)


class ReduceLROnPlateau(LRScheduler):
    """Multiply the lr by ``factor`` when a watched number has stopped improving.

    ``step(metric)`` takes the number once per epoch (``fit`` passes the validation loss,
    or the training loss without validation data). ``mode="min"``: lower is better
    (losses); ``"max"``: higher is better (accuracies). A value is an improvement when it
    beats the best so far by more than ``threshold`` relative to it: below
    ``best - threshold * |best|`` (``"min"``) or above ``best + threshold * |best|``.

    ``patience`` epochs without improvement are tolerated; the next one cuts the lr to
    ``max(lr * factor, min_lr)`` and starts the count again. With ``patience=2`` and a
    loss that never improves after epoch 1, the lr is cut at epochs 4, 7, 10, ...
    The lr only ever goes down: one already below ``min_lr`` is left as it is.

    ``cooldown`` (as in PyTorch): after a cut, that many epochs pass before bad epochs
    count again. With ``patience=0, cooldown=2`` and a loss that never improves after
    epoch 1, the lr is cut at epochs 2, 5, 8, ...

    Where this differs from PyTorch's ``ReduceLROnPlateau`` (whose defaults these are):
    torch skips a cut that would change the lr by less than its ``eps=1e-8`` (here every
    cut is made, however small), and torch's relative threshold is ``best * (1 - threshold)``,
    which for a negative best counts a value a little worse than the best as a gain (here
    ``|best|`` sets the margin either way). For a loss, which is never negative, the two cut
    at the same epochs.
    """

    takes_metric = True
    settings = ("mode", "factor", "patience", "threshold", "cooldown", "min_lr")

    def __init__(
        self,
        optimizer: Any,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        cooldown: int = 0,
        min_lr: float = 0.0,
    ) -> None:
        super().__init__(
            optimizer, mode=mode, factor=factor, patience=patience, threshold=threshold, cooldown=cooldown,
            min_lr=min_lr,
        )
        self.best = math.inf if mode == "min" else -math.inf
        self.bad_epochs = 0
        self.cooldown_counter = 0

    def check_settings(
        self, owner: str, mode: Any, factor: Any, patience: Any, threshold: Any, cooldown: Any, min_lr: Any
    ) -> dict:
        return {
            "mode": check_choice(mode, "mode", owner, ("min", "max")),
            "factor": check_number(factor, "factor", owner, above=0, below=1),
            "patience": check_int(patience, "patience", owner, at_least=0),
            "threshold": check_number(threshold, "threshold", owner, at_least=0),
            "cooldown": check_int(cooldown, "cooldown", owner, at_least=0),
            "min_lr": check_number(min_lr, "min_lr", owner, at_least=0),
        }

    def check_counters(self, owner: str, state: dict) -> dict:
        counters = super().check_counters(owner, state)
        counters["best"] = check_not_nan(state["best"], "best", owner)
        for key in ("bad_epochs", "cooldown_counter"):
            counters[key] = check_int(state[key], key, owner, at_least=0)
        return counters

    def is_improvement(self, metric: float) -> bool:
        """Whether ``metric`` beats the best value so far by more than the threshold."""
        margin = self.threshold * abs(self.best) if math.isfinite(self.best) else 0.0
        if self.mode == "min":
            return metric < self.best - margin
        return metric > self.best + margin

    def step(self, metric: float) -> None:
        """Record this epoch's ``metric``; cut the lr after more than ``patience`` epochs without a gain.

        Everything is computed first and the lr set before the counters change, so an
        error leaves the scheduler as it was.
        """
        metric = check_measurement(metric, "metric", f"{type(self).__name__}.step",
                                   "pass the number watched, such as this epoch's validation loss")
        best, bad_epochs, cooldown_counter = self.best, self.bad_epochs + 1, self.cooldown_counter
        if self.is_improvement(metric):
            best, bad_epochs = metric, 0
        if cooldown_counter > 0:  # cooling down after a cut: bad epochs do not count
            cooldown_counter -= 1
            bad_epochs = 0
        lr = self.optimizer.lr
        if bad_epochs > self.patience:
            lr = min(lr, max(lr * self.factor, self.min_lr))
            bad_epochs, cooldown_counter = 0, self.cooldown
        self._set_lr(lr)
        self.last_epoch += 1
        self.best, self.bad_epochs, self.cooldown_counter = best, bad_epochs, cooldown_counter
