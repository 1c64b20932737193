"""Where ``nn`` draws its random numbers from, and how a ``random_state`` argument picks that.

Weight initialisation, dropout masks and ``fit``'s shuffling draw from a
:class:`random.Random` instance chosen by a ``random_state`` argument:

* ``random_state=None`` (the default): the generator behind Python's module-level
  functions (``random.random``, ``random.uniform``, ...), the one ``random.seed`` seeds.
  micrograd draws its weights from it, so ``random.seed(1337); MLP(2, [16, 16, 1])``
  builds micrograd's exact model, and :func:`manual_seed` is ``random.seed`` under another
  name. It is shared with the rest of the program: anything else drawing from
  ``random`` in between changes what a model gets;
* ``random_state=42`` (an int): a fresh, private ``random.Random(42)`` for that object
  only, which leaves the global generator alone;
* ``random_state=rng`` (a ``random.Random``): that generator itself, shared.
"""

from __future__ import annotations

import random
from typing import Optional, Union

RandomState = Optional[Union[int, random.Random]]


def get_generator() -> random.Random:
    """The generator that ``random_state=None`` means: Python's global one, behind ``random.uniform``.

    That is ``random._inst``, the :class:`random.Random` instance whose bound methods the
    :mod:`random` module exports as its functions; ``random.seed(n)`` seeds it.
    """
    return random._inst


def manual_seed(seed: int) -> random.Random:
    """Seed the generator that ``random_state=None`` means (Python's global one); returns it.

    The same as ``random.seed(seed)``: it reseeds :mod:`random` for the whole program.
    Models built after the same ``manual_seed(n)`` call, with the same arguments and in
    the same order, get identical parameters, and ``manual_seed(1337)`` followed by
    ``MLP(2, [16, 16, 1])`` gives micrograd's model after its ``random.seed(1337)``. To
    leave the global generator alone, give the model ``random_state=n`` instead.
    """
    random.seed(seed)
    return get_generator()


def as_generator(random_state: RandomState = None) -> random.Random:
    """The generator a ``random_state`` argument stands for (see the module docstring)."""
    if random_state is None:
        return get_generator()
    if isinstance(random_state, random.Random):
        return random_state
    if isinstance(random_state, int) and not isinstance(random_state, bool):
        return random.Random(random_state)
    raise TypeError(
        f"random_state must be None, an int seed or a random.Random, got {type(random_state).__name__}"
    )
