"""The shape shared by the classification demos: train, report, and draw the boundary.

A demo supplies its data, model and training settings; :func:`train_and_show` holds
out a test set (unless told not to), trains with ``nn.fit``, prints train and test
accuracy, and saves one figure: the decision boundary beside the loss and accuracy
curves. With ``--animate`` it also keeps snapshots during training (``record=``) and
writes ``<name>_training.gif``, the boundary forming beside the loss curve.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

import nn
from demos.cli import Run, print_table
from demos.plots import curves, decision_boundary, film_epochs, training_animation


@dataclass
class Setting:
    """How one demo trains: everything :func:`nn.fit` needs beyond the data."""

    name: str
    title: str
    model: nn.Module
    loss: str
    optimizer: Any
    epochs: int
    fit_options: dict = field(default_factory=dict)


def train_and_show(run: Run, setting: Setting, X: np.ndarray, y: np.ndarray,
                   test_fraction: Optional[float] = 0.25) -> dict:
    """Train ``setting.model`` on ``X, y``, print the result, save ``<name>.png``.

    Returns the History, the train and test accuracy (test None without a test set),
    the training time and the pictures written (with ``--animate``, the film too).
    """
    if test_fraction:
        X_train, X_test, y_train, y_test = nn.train_test_split(
            X, y, test_size=test_fraction, stratify=y, random_state=run.seed)
    else:
        X_train, y_train, X_test, y_test = X, y, None, None
    print(f"{setting.model}\ntraining on {len(y_train)} points for {setting.epochs} epochs "
          f"({setting.loss}, {type(setting.optimizer).__name__})")
    record = film_epochs(setting.epochs, 21 if run.quick else 31) if run.animate else None
    start = time.perf_counter()
    history = nn.fit(setting.model, X_train, y_train, loss=setting.loss, optimizer=setting.optimizer,
                     epochs=setting.epochs, random_state=run.seed, record=record, **setting.fit_options)
    seconds = time.perf_counter() - start
    train_accuracy = history.train_accuracy[-1]
    test_accuracy = None
    if X_test is not None:
        test_accuracy = nn.evaluate(setting.model, X_test, y_test, setting.loss)[1]

    print_table(f"{setting.name}: result",
                ["epochs", "final loss", "train accuracy", "test accuracy", "seconds"],
                [[len(history), history.train_loss[-1], f"{train_accuracy:.1%}",
                  "-" if test_accuracy is None else f"{test_accuracy:.1%}", f"{seconds:.2f}"]])

    figure = run.figure(figsize=(13, 4))
    if figure is not None:
        left, middle, right = figure.subplots(1, 3)
        shown = f"train {train_accuracy:.0%}"
        if test_accuracy is not None:
            shown += f", test {test_accuracy:.0%}"
        decision_boundary(left, setting.model, X_train, y_train, f"decision boundary ({shown})",
                          resolution=60 if run.quick else 100, X_test=X_test, y_test=y_test)
        curves(middle, {f"{setting.loss} loss": history.train_loss}, "loss", "training loss")
        curves(right, {"train accuracy": history.train_accuracy}, "accuracy", "training accuracy")
        figure.suptitle(setting.title)
        run.save(figure, setting.name)
    if run.animate:
        film = training_animation(setting.model, X_train, y_train, history, title=setting.title,
                                  resolution=24 if run.quick else 50)
        run.save_animation(film, f"{setting.name}_training")
    return {"history": history, "train_accuracy": train_accuracy, "test_accuracy": test_accuracy,
            "seconds": seconds, "written": run.written}
