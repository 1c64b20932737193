"""One random_state convention across nn: None, an int, a random.Random or a NumPy generator."""

import random

import numpy as np
import pytest

import nn
from nn.seeding import as_shuffling_generator

KINDS = {
    "int": lambda: 7,
    "numpy int": lambda: np.int64(7),
    "random.Random": lambda: random.Random(7),
    "numpy Generator": lambda: np.random.default_rng(7),
    "numpy RandomState": lambda: np.random.RandomState(7),
}


def weights(model):
    return [p.data for p in model.parameters()]


@pytest.mark.parametrize("kind", KINDS)
def test_a_model_takes_every_kind_and_the_same_state_gives_the_same_weights(kind):
    first = nn.MLP(2, [3, 1], random_state=KINDS[kind]())
    second = nn.MLP(2, [3, 1], random_state=KINDS[kind]())
    assert weights(first) == weights(second)


@pytest.mark.parametrize("kind", KINDS)
def test_the_data_generators_take_every_kind_and_repeat(kind):
    X1, y1 = nn.make_moons(20, noise=0.1, random_state=KINDS[kind]())
    X2, y2 = nn.make_moons(20, noise=0.1, random_state=KINDS[kind]())
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)


@pytest.mark.parametrize("kind", KINDS)
def test_fit_shuffles_with_every_kind(kind):
    X, y = nn.make_moons(20, noise=0.1, random_state=0)
    model = nn.MLP(2, [4, 1], random_state=0)
    history = nn.fit(model, X, y, "hinge", nn.SGD(model.parameters(), lr=0.1), epochs=2,
                     batch_size=5, random_state=KINDS[kind](), progress=False)
    assert len(history) == 2


@pytest.mark.parametrize("owner", [lambda rs: nn.MLP(2, [1], random_state=rs),
                                   lambda rs: nn.make_moons(10, random_state=rs),
                                   lambda rs: nn.Dropout(0.5, random_state=rs)])
def test_a_bad_random_state_names_the_four_kinds(owner):
    with pytest.raises(TypeError, match="None, an int seed, a random.Random or a NumPy generator"):
        owner("seed")


def test_a_negative_seed_is_refused_clearly():
    message = "make_moons: random_state must be an int >= 0, got -1; a seed cannot be negative"
    with pytest.raises(ValueError, match=message):
        nn.make_moons(10, random_state=-1)


def test_fit_shuffles_with_a_numpy_generator_seeded_from_the_python_one():
    expected = np.random.default_rng(random.Random(7).getrandbits(64)).permutation(10)
    assert list(as_shuffling_generator(7).permutation(10)) == list(expected)


def test_fit_shuffles_with_a_numpy_generator_given_as_it_is():
    generator = np.random.default_rng(0)
    assert as_shuffling_generator(generator) is generator
