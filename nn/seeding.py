"""The library's own random-number generator, and how a ``random_state`` argument picks one.

Everything in ``nn`` that draws random numbers (weight initialisation, dropout masks)
draws from a :class:`random.Random` instance, never from the module-level functions of
:mod:`random`. So ``nn.manual_seed(0)`` makes a run reproducible without touching the
global generator that the rest of a program may use, and a ``random_state`` argument
can give one model a generator of its own:

* ``random_state=None``: the library generator (seeded by :func:`manual_seed`);
* ``random_state=42`` (an int): a fresh ``random.Random(42)``, used for that object only;
* ``random_state=rng`` (a ``random.Random``): that generator itself, shared.
"""

from __future__ import annotations

import random
from typing import Optional, Union

RandomState = Optional[Union[int, random.Random]]

_GENERATOR = random.Random()


def manual_seed(seed: int) -> random.Random:
    """Seed the library generator so that later models and dropout masks repeat exactly.

    Returns the generator. Models built after the same ``manual_seed(n)`` call, with
    the same arguments and in the same order, get identical parameters.
    """
    _GENERATOR.seed(seed)
    return _GENERATOR


def get_generator() -> random.Random:
    """The library generator that ``random_state=None`` means."""
    return _GENERATOR


def as_generator(random_state: RandomState = None) -> random.Random:
    """The generator a ``random_state`` argument stands for (see the module docstring)."""
    if random_state is None:
        return _GENERATOR
    if isinstance(random_state, random.Random):
        return random_state
    if isinstance(random_state, int) and not isinstance(random_state, bool):
        return random.Random(random_state)
    raise TypeError(
        f"random_state must be None, an int seed or a random.Random, got {type(random_state).__name__}"
    )
