"""One page's model: :class:`Session` holds the data, the network, its optimizer and the run
of :func:`nn.fit` that trains it an epoch at a time, compiled, and says what the page shows.

The page only shows: every number it draws comes from here. A session is used from the
server's event loop and from a worker thread that trains, so every public method holds the
session's lock; a change of settings is checked and built whole before it replaces anything.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Any, Optional

import numpy as np

import nn
from autograd import Value
from autograd.tutor.stepper import Stepper
from demos.playground.pictures import extent, pictures
from demos.playground.settings import OWNER, Settings, changed
from nn.checks import must, quoted
from nn.training.run import prepare_run

SAMPLES = 200
"""Points in every data set, training and test together."""
LOSS = "bce_with_logits"
"""Every data set has two classes; the network's one output is the logit of class 1."""
NEVER_ENDING = 10**9
"""The epochs the run is prepared for: the page pauses it, it never runs out."""
CURVE_POINTS = 200
"""At most this many points of each loss curve go to the page; twice as many are kept."""
OPTIMIZERS = {"sgd": nn.SGD, "adam": nn.Adam, "rmsprop": nn.RMSprop}


def make_data(settings: Settings, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The data set the settings name, two classes labelled 0 and 1."""
    noise, n = settings.noise, SAMPLES
    makers = {
        "moons": lambda: nn.make_moons(n, noise=noise, random_state=seed),
        "circles": lambda: nn.make_circles(n, noise=noise, factor=0.5, random_state=seed),
        "xor": lambda: nn.make_xor(n, noise=noise, random_state=seed),
        "spiral": lambda: nn.make_spiral(n, n_classes=2, noise=noise, random_state=seed),
        "blobs": lambda: nn.make_blobs(n, centers=[[-1.0, -1.0], [1.0, 1.0]], cluster_std=0.4 + 2 * noise,
                                       random_state=seed),
    }
    X, y = makers[settings.data]()
    return np.asarray(X, dtype=float), np.asarray(y, dtype=int)


def short_labels(network: nn.MLP) -> None:
    """Name the parameters as the page does, short enough to read in the step-through's graph:
    ``w2_1_3`` is layer 2's neuron 1's weight on its input 3, ``b2_1`` that neuron's bias."""
    for k, layer in enumerate(network.layers, start=1):
        for j, neuron in enumerate(layer.neurons, start=1):
            for i, w in enumerate(neuron.w, start=1):
                w.label = f"w{k}_{j}_{i}"
            neuron.b.label = f"b{k}_{j}"


class Curves:
    """The train and test loss curves of a run that may play for days, in bounded memory:
    the losses of every ``stride``-th epoch (at most ``2 * CURVE_POINTS`` of them; past that,
    every second one is dropped and the stride doubles) and the latest epoch's."""

    def __init__(self, train_loss: float, test_loss: float) -> None:
        self.epoch, self.stride = 0, 1
        self.epochs, self.train, self.test = [0], [train_loss], [test_loss]
        self.last = (train_loss, test_loss)

    def add(self, train_loss: float, test_loss: float) -> None:
        self.epoch += 1
        self.last = (train_loss, test_loss)
        if self.epoch % self.stride:
            return
        self.epochs.append(self.epoch)
        self.train.append(train_loss)
        self.test.append(test_loss)
        if len(self.epochs) > 2 * CURVE_POINTS:
            self.epochs, self.train, self.test = self.epochs[::2], self.train[::2], self.test[::2]
            self.stride *= 2

    def shown(self) -> dict[str, list]:
        """At most ``CURVE_POINTS + 1`` points for the page, from epoch 0 to the latest."""
        every = max(1, -(-len(self.epochs) // CURVE_POINTS))
        epochs, train, test = self.epochs[::every], self.train[::every], self.test[::every]
        if epochs[-1] != self.epoch:
            epochs, train, test = epochs + [self.epoch], train + [self.last[0]], test + [self.last[1]]
        return {"epochs": epochs, "train": train, "test": test}


class Model:
    """Everything one setting of the controls trains: the split data, the network, its
    optimizer and the prepared run of :func:`nn.fit` (``compile=True``, unless a benchmark
    compares the engine's own step)."""

    def __init__(self, settings: Settings, seed: int, compile: bool = True) -> None:
        X, y = make_data(settings, seed=0)
        self.X_train, self.X_test, self.y_train, self.y_test = nn.train_test_split(
            X, y, test_size=1 - settings.train_ratio, random_state=0, stratify=y)
        self.box = extent(X)
        self.network = nn.MLP(2, [*settings.hidden, 1], activation=settings.activation, init="auto",
                              random_state=seed)
        short_labels(self.network)
        self.optimizer = OPTIMIZERS[settings.optimizer](self.network.parameters(), lr=settings.learning_rate)
        rate = settings.regularization_rate
        l1 = rate if settings.regularization == "l1" else 0.0
        l2 = rate if settings.regularization == "l2" else 0.0
        batch_size = min(settings.batch_size, len(self.y_train))
        self.run = prepare_run(self.network, self.X_train, self.y_train, LOSS, self.optimizer, NEVER_ENDING,
                               batch_size, None, (self.X_test, self.y_test), None, l1, l2, None, (), seed,
                               None, compile)
        self.curves = Curves(nn.evaluate(self.network, self.X_train, self.y_train, LOSS)[0],
                             nn.evaluate(self.network, self.X_test, self.y_test, LOSS)[0])

    @property
    def epoch(self) -> int:
        return self.curves.epoch

    def train_one_epoch(self) -> None:
        """One epoch of the run: every batch, then the test loss. The run's History is not
        kept (it would grow by a row an epoch for as long as the tab plays): the curves are."""
        measured = self.run.epoch(self.epoch)
        self.curves.add(measured["train_loss"], measured["val_loss"])


class Session:
    """The state of one tab: its settings and :class:`Model`, whether it plays, and the last
    message for the page. ``seed`` draws the first weights; Reset draws the next ones."""

    def __init__(self, settings: Optional[Settings] = None, seed: int = 0) -> None:
        self.lock = threading.RLock()
        self.settings = settings or Settings()
        self.seed = seed
        self.model = Model(self.settings, seed)
        self.playing = False
        self.problem = ""

    @property
    def epoch(self) -> int:
        return self.model.epoch

    def _train(self, epochs: int, seconds: float) -> None:
        """Train ``epochs`` epochs, or as many as fit in ``seconds`` (at least one); a run that
        diverges pauses, with a message saying what to do."""
        if self.problem.startswith("Training diverged"):
            self.playing = False
            return
        started = time.perf_counter()
        for _ in range(epochs):
            try:
                with nn.training.inference.mode(self.model.network, True):
                    self.model.train_one_epoch()
            except nn.TrainingDivergedError as error:
                self.playing = False
                cause = str(error.__cause__ or error)[:300]
                self.problem = (f"Training diverged at epoch {self.epoch + 1}: {cause}. Lower the learning "
                                "rate and press Reset.")
                return
            if time.perf_counter() - started >= seconds:
                return

    def step(self) -> None:
        """Step: exactly one epoch."""
        with self.lock:
            self.playing = False
            self._train(1, float("inf"))

    def train_for(self, seconds: float) -> None:
        """While playing: as many epochs as fit in ``seconds`` (at least one)."""
        with self.lock:
            if self.playing:
                self._train(NEVER_ENDING, seconds)

    def play(self, playing: bool) -> None:
        with self.lock:
            self.playing = playing and not self.problem.startswith("Training diverged")

    def reset(self) -> None:
        """Reset: new weights (the next seed), epoch 0, paused; the data stay."""
        with self.lock:
            self.model = Model(self.settings, self.seed + 1)
            self.seed += 1
            self.playing, self.problem = False, ""

    def change(self, change: Any) -> None:
        """Apply a change of settings from the page: a new model at epoch 0 (the data are made
        anew too), or only the optimizer's rate for a change of the learning rate alone. A bad
        change raises ValueError and leaves everything as it was."""
        with self.lock:
            settings = changed(self.settings, change)
            if dataclasses.replace(settings, learning_rate=self.settings.learning_rate) == self.settings:
                self.model.optimizer.lr = settings.learning_rate
            else:
                self.model = Model(settings, self.seed)
                self.playing, self.problem = False, ""
            self.settings = settings

    def example_loss(self, split: str, index: Any) -> Value:
        """The loss of one example (``split`` "train" or "test", ``index`` its row) at the current
        weights, as a fresh graph: the term of fit's loss (:data:`LOSS`) for that example, without
        the batch's mean and the penalty. A ValueError for an example that does not exist."""
        with self.lock:
            model = self.model
            data = {"train": (model.X_train, model.y_train), "test": (model.X_test, model.y_test)}
            if split not in data:
                raise ValueError(must(OWNER, "the points", "be 'train' or 'test'", quoted(split)))
            X, y = data[split]
            if not nn.checks.is_int(index) or not 0 <= index < len(y):
                raise ValueError(must(OWNER, "a point's index", f"be a whole number from 0 to {len(y) - 1}",
                                      quoted(index)))
            x1, x2 = (Value(float(v), label=f"x{i + 1}") for i, v in enumerate(X[index]))
            logit = self.model.network([x1, x2])
            logit.label = "z"
            target = Value(float(y[index]), label="y")
            loss = nn.binary_cross_entropy_with_logits(logit, target, reduction="none")[0]
            loss.label = "loss"
            return loss

    def steps_page(self, split: str, index: Any) -> str:
        """The stepper's page for one example's loss (practice switch included), made while no
        training step can move the weights its numbers are read from."""
        with self.lock:
            try:
                return Stepper(self.example_loss(split, index)).html()
            except ArithmeticError as error:  # the weights blew up, and the engine refuses inf
                cause = str(error) if len(str(error)) <= 300 else str(error)[:300] + "..."
                said = (f"{OWNER}: the chain rule of {split} point {index} cannot be computed at these "
                        f"weights ({cause}); lower the learning rate and press Reset")
                raise ValueError(said) from None

    def state(self, with_points: bool = True) -> dict[str, Any]:
        """What the page shows, as JSON-ready numbers."""
        with self.lock:
            model = self.model
            found = {
                "type": "state",
                "epoch": model.epoch,
                "train_loss": model.curves.last[0],
                "test_loss": model.curves.last[1],
                "curve": model.curves.shown(),
                "playing": self.playing,
                "problem": self.problem,
                "settings": self.settings.as_dict(),
                "box": model.box,
                **pictures(model.network, model.box),
            }
            if with_points:
                found["points"] = {
                    "train": [[*map(float, x), int(t)] for x, t in zip(model.X_train, model.y_train)],
                    "test": [[*map(float, x), int(t)] for x, t in zip(model.X_test, model.y_test)],
                }
            return found
