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
* ``random_state=rng`` (a ``random.Random``): that generator itself, shared;
* ``random_state=gen`` (a NumPy ``Generator`` or ``RandomState``): a private generator
  seeded from its next draw.

The data generators and splits take the same four kinds and turn them into a NumPy
generator (:func:`as_numpy_generator`; there ``None`` is NumPy's global state, as in
scikit-learn). One convention, two kinds of generator underneath.
"""

from __future__ import annotations

import random
from typing import Optional, Union

import numpy as np

from nn.checks import check_int, is_int, must, quoted

NumpyGenerator = Union[np.random.Generator, np.random.RandomState]
RandomState = Optional[Union[int, random.Random, NumpyGenerator]]
"""What a ``random_state`` argument may be, everywhere in ``nn``."""


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


def _kind_error(random_state: object, owner: str) -> TypeError:
    got = f"{type(random_state).__name__} {quoted(random_state)}"
    return TypeError(must(owner, "random_state", "be None, an int seed, a random.Random or a NumPy generator "
                          "(numpy.random.Generator or RandomState)", got))


def _seed(random_state: object, owner: str) -> int:
    """An int seed (Python's or NumPy's ints, not a bool), checked to be >= 0."""
    return check_int(random_state, "random_state", owner, at_least=0, fix="a seed cannot be negative")


def check_random_state(random_state: object, owner: str = "nn") -> None:
    """A TypeError (or ValueError for a negative seed) unless ``random_state`` is one of the four
    kinds; draws nothing from it."""
    if random_state is None or isinstance(random_state, (random.Random, np.random.Generator,
                                                         np.random.RandomState)):
        return
    if not is_int(random_state):
        raise _kind_error(random_state, owner)
    _seed(random_state, owner)


def as_generator(random_state: RandomState = None, owner: str = "nn") -> random.Random:
    """The Python generator a ``random_state`` stands for (weights, dropout masks, shuffles).

    ``None`` is the global one (see the module docstring); a ``random.Random`` is used as
    it is; an int seeds a private one; a NumPy generator seeds a private one from its next
    draw, so the same NumPy generator state gives the same model.
    """
    if random_state is None:
        return get_generator()
    if isinstance(random_state, random.Random):
        return random_state
    if is_int(random_state):
        return random.Random(_seed(random_state, owner))
    if isinstance(random_state, np.random.Generator):
        return random.Random(int(random_state.integers(2**63)))
    if isinstance(random_state, np.random.RandomState):
        return random.Random(int(random_state.randint(2**31 - 1)))
    raise _kind_error(random_state, owner)


def as_numpy_generator(random_state: RandomState = None, owner: str = "nn") -> NumpyGenerator:
    """The NumPy generator a ``random_state`` stands for (the data generators and splits).

    ``None`` is NumPy's global RandomState, the one ``np.random.seed`` seeds (as in
    scikit-learn); a NumPy Generator or RandomState is used as it is; an int seeds a new
    ``numpy.random.default_rng``; a ``random.Random`` seeds one from its next 64 bits.
    """
    if random_state is None:
        return np.random.mtrand._rand
    if isinstance(random_state, (np.random.Generator, np.random.RandomState)):
        return random_state
    if is_int(random_state):
        return np.random.default_rng(_seed(random_state, owner))
    if isinstance(random_state, random.Random):
        return np.random.default_rng(random_state.getrandbits(64))
    raise _kind_error(random_state, owner)


def sample_order(n: int, shuffle: bool, rng: NumpyGenerator) -> np.ndarray:
    """A random permutation of ``range(n)`` drawn from ``rng``, or ``range(n)`` itself when not shuffling."""
    return rng.permutation(n) if shuffle else np.arange(n)


def as_shuffling_generator(random_state: RandomState = None, owner: str = "nn") -> NumpyGenerator:
    """The NumPy generator ``fit`` shuffles with: a NumPy generator as it is, else one seeded
    from the Python generator ``random_state`` stands for (:func:`as_generator`), so that
    ``random.seed`` (``None``) or an int seed repeats a run's batches as it repeats its weights."""
    if isinstance(random_state, (np.random.Generator, np.random.RandomState)):
        return random_state
    return as_numpy_generator(as_generator(random_state, owner), owner)
