"""The data generators with finite arguments too large for their points: a noise, a spread or a
box that would put points at infinity (or too far out to square) is refused, naming it,
rather than returned as NaN or infinity with NumPy's warnings."""

import warnings

import pytest

from nn.data import make_blobs, make_circles, make_moons, make_spiral, make_xor

NOISY = {"moons": make_moons, "circles": make_circles, "xor": make_xor, "spiral": make_spiral}


@pytest.mark.parametrize("name", NOISY)
def test_a_finite_noise_too_large_for_finite_points_is_refused_naming_it(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the error is the answer, not NumPy's overflow warnings
        with pytest.raises(ValueError, match=f"make_{name}: noise must leave every coordinate finite"):
            NOISY[name](n_samples=30, noise=1e308, random_state=0)


@pytest.mark.parametrize("arguments, culprit", [
    ({"cluster_std": 1e308}, "cluster_std"),
    ({"cluster_std": [1.0, 1.0, 1e308]}, "cluster_std"),
    ({"centers": [[1e200, 0.0]], "cluster_std": 0.0}, "centers"),
    ({"center_box": (-1e308, 1e308)}, "center_box"),
])
def test_blobs_refuse_points_too_far_out_to_square_naming_the_argument(arguments, culprit):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=f"make_blobs: {culprit} must .*so that"):
            make_blobs(10, random_state=0, **arguments)


def test_a_large_but_harmless_noise_is_kept():
    X, _ = make_moons(10, noise=1e100, random_state=0)
    assert abs(X).max() > 1e99
