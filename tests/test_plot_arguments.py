"""The pictures of the plane (decision_boundary, training_animation) check their points, labels and
grid the same way before drawing anything: X of shape (n >= 1, 2) of finite numbers, one class
per point, and a resolution from 2 to MOST_RESOLUTION, refused with errors naming them."""

import numpy as np
import pytest

import nn
from demos import plots

pytestmark = pytest.mark.usefixtures("requires_matplotlib")

X, Y = nn.make_moons(12, noise=0.1, random_state=0)


def trained():
    model = nn.MLP(2, [4, 1], random_state=0)
    history = nn.fit(model, X, Y, "hinge", nn.SGD(model, lr=0.1), 2, progress=False, record=True)
    return model, history


def boundary(points, labels, **options):
    model, _ = trained()
    plots.decision_boundary(None, model, points, labels, "title", **options)  # refused before drawing


def film(points, labels, **options):
    model, history = trained()
    plots.training_animation(model, points, labels, history, **options)


PICTURES = {"decision_boundary": boundary, "training_animation": film}

BAD = [
    (X[:, :1], Y, r"X must be points of the plane, an array of shape \(n, 2\)"),
    (np.column_stack([X, X[:, :1]]), Y, r"X must be points of the plane, an array of shape \(n, 2\)"),
    (np.zeros((0, 2)), np.zeros(0, dtype=int), r"X must hold at least one point, got none"),
    (X, Y.astype(str), r"y must be one class number per point \(12\), got shape \(12,\) of <U"),
    (np.where(X > 0.5, np.inf, X), Y, r"X must hold finite numbers"),
]


@pytest.mark.parametrize("points, labels, message", BAD)
@pytest.mark.parametrize("picture", PICTURES)
def test_points_or_labels_a_picture_cannot_draw_are_refused_naming_them(picture, points, labels, message):
    with pytest.raises(ValueError, match=f"{picture}: {message}"):
        PICTURES[picture](points, labels)


@pytest.mark.parametrize("picture", PICTURES)
def test_a_resolution_past_the_finest_grid_is_refused_before_any_grid_is_made(picture):
    with pytest.raises(ValueError, match=f"{picture}: resolution must be at most {plots.MOST_RESOLUTION}"):
        PICTURES[picture](X, Y, resolution=10**5)


def test_test_points_are_checked_like_the_training_points():
    message = r"decision_boundary: y_test must be one class number per point \(3\)"
    with pytest.raises(ValueError, match=message):
        boundary(X, Y, X_test=X[:3], y_test=Y[:2])
