"""The playground's controls: :class:`Settings`, what each may be, and :func:`changed`, which
reads a change sent by the page and refuses a bad one with a message for the page.

Every limit is TensorFlow Playground's where it has one (six hidden layers of at most eight
neurons); a change is checked whole before anything changes, so a refused change leaves
the model, its data and its epoch as they were.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from nn.checks import check_choice, check_number, is_int, must, quoted

OWNER = "playground"
DATA_SETS = ("moons", "circles", "xor", "spiral", "blobs")
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
OPTIMIZERS = ("sgd", "adam", "rmsprop")
REGULARIZATIONS = ("none", "l1", "l2")
MAX_LAYERS = 6
MAX_NEURONS = 8
MAX_BATCH = 30
MAX_RATE = 10.0
MAX_NOISE = 0.5


@dataclass(frozen=True)
class Settings:
    """What the controls say; the defaults are TensorFlow Playground's (its moons aside)."""

    data: str = "moons"
    noise: float = 0.1
    train_ratio: float = 0.5
    batch_size: int = 10
    hidden: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    learning_rate: float = 0.03
    optimizer: str = "sgd"
    regularization: str = "none"
    regularization_rate: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The settings as the page reads them (``hidden`` a list)."""
        found = dataclasses.asdict(self)
        found["hidden"] = list(self.hidden)
        return found


def _count(value: Any, name: str, low: int, high: int) -> int:
    if not is_int(value) or not low <= value <= high:
        raise ValueError(must(OWNER, name, f"be a whole number from {low} to {high}", quoted(value)))
    return int(value)


def _hidden(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise ValueError(must(OWNER, "hidden", "be a list of layer sizes like [4, 2]", quoted(value)))
    if len(value) > MAX_LAYERS:
        raise ValueError(must(OWNER, "hidden", f"have at most {MAX_LAYERS} layers", str(len(value))))
    return tuple(_count(n, f"hidden[{i}]", 1, MAX_NEURONS) for i, n in enumerate(value))


CHECKS = {
    "data": lambda v: check_choice(v, "data", OWNER, DATA_SETS),
    "noise": lambda v: check_number(v, "noise", OWNER, at_least=0, at_most=MAX_NOISE),
    "train_ratio": lambda v: check_number(v, "train_ratio", OWNER, at_least=0.1, at_most=0.9),
    "batch_size": lambda v: _count(v, "batch_size", 1, MAX_BATCH),
    "hidden": _hidden,
    "activation": lambda v: check_choice(v, "activation", OWNER, ACTIVATIONS),
    "learning_rate": lambda v: check_number(v, "learning_rate", OWNER, above=0, at_most=MAX_RATE),
    "optimizer": lambda v: check_choice(v, "optimizer", OWNER, OPTIMIZERS),
    "regularization": lambda v: check_choice(v, "regularization", OWNER, REGULARIZATIONS),
    "regularization_rate": lambda v: check_number(v, "regularization_rate", OWNER, at_least=0,
                                                  at_most=MAX_RATE),
}
"""Each setting's check: the value as the settings hold it, or a ValueError naming the problem."""


def changed(settings: Settings, change: Any) -> Settings:
    """``settings`` with ``change`` (a dict of some settings, as the page sends it) applied; a
    ValueError naming the first bad key or value, before anything changes."""
    if not isinstance(change, dict):
        raise ValueError(must(OWNER, "a change of settings", "be an object like {\"noise\": 0.2}",
                              quoted(change)))
    unknown = [key for key in change if key not in CHECKS]
    if unknown:
        raise ValueError(must(OWNER, "a setting", "be one of " + ", ".join(CHECKS), quoted(unknown[0])))
    return dataclasses.replace(settings, **{key: CHECKS[key](value) for key, value in change.items()})
