"""Digits: an MLP reads 8x8 handwritten digits, 1797 of them, and gets over 95% of unseen ones right.

The first real data set of the course (:func:`nn.load_digits`, UCI's optical
recognition of handwritten digits): 64 pixels in, ten logits out. An MLP 64-32-10 with
ReLU hidden units and He initialisation (2410 parameters) trains with softmax
cross-entropy and Adam (lr 0.01) on mini-batches of 32, for four epochs over three
quarters of the images; the other quarter, split off class by class (stratified), is
the test set it never sees.

Pixels are standardized with the training set's mean and standard deviation (the test
set is scaled the same way): every input is then of order one, the scale Adam's first
steps and He's initial weights assume. The three pixels that are blank in every image
(a corner and the middle of the left and right edges) are only centred, so they stay 0
and say nothing.

The graph of a batch (32 x 42 fused neuron nodes and the loss, out of scalar Values)
has the same shape at every step, so ``fit(..., compile=True)`` records it once and
replays it with NumPy (:func:`autograd.replay.compile`): an epoch of 1347 images takes a few
hundredths of a second instead of about a second. Seed 0 gets 97.3% of the test digits
right; seeds 0 to 7 give 95.6% to 97.3%. ``--quick`` trains on 300 images for three
epochs, to about 90%.

Pictures: ``digits_predictions.png`` (test digits with the model's answers, the
mistakes first and in red), ``digits_confusion.png`` (which digit is taken for which)
and ``digits_weights.png`` (each hidden unit's 64 incoming weights drawn as an 8x8
picture of the strokes it responds to).
"""

from __future__ import annotations

import time
from typing import Any, Optional, Sequence

import numpy as np

import nn
from demos.cli import Run, parse_options, print_table

HIDDEN = 32
EPOCHS = 4
BATCH_SIZE = 32
LR = 0.01
TEST_FRACTION = 0.25
QUICK_TRAIN = 300
"""How many training images ``--quick`` keeps (a stratified subset: about 30 of each digit)."""
QUICK_EPOCHS = 3
SHOWN = 40
"""How many test digits ``digits_predictions.png`` shows (the mistakes among them first)."""
SIDE = 8
"""The images are SIDE x SIDE pixels."""
MISTAKE = "#d62728"
"""The colour of a wrong answer (the demos' red)."""


def subset(X: np.ndarray, y: np.ndarray, size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``size`` rows of ``X, y`` chosen at random, each class keeping its share (for ``--quick``)."""
    if size >= len(y):
        return X, y
    _, X_kept, _, y_kept = nn.train_test_split(X, y, test_size=size, stratify=y, random_state=seed)
    return X_kept, y_kept


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """``counts[t, p]``: how many samples of class ``t`` were predicted as ``p``."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def first_layer_weights(model: nn.MLP) -> np.ndarray:
    """The first layer's weights as an array ``(hidden units, inputs)``: one row per neuron."""
    return np.array([[w.data for w in neuron.w] for neuron in model.layers[0].neurons])


def report_epoch(epoch: int, history: nn.History) -> None:
    """A ``fit`` callback: one line per epoch (an epoch takes seconds, so show that it moves)."""
    print(f"  epoch {epoch + 1}: loss {history.train_loss[-1]:.3f}, "
          f"training accuracy {history.train_accuracy[-1]:.1%}, {history.time[-1]:.1f} s", flush=True)


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Train, print the test accuracy and the confusion matrix, write the three pictures."""
    run = parse_options(__doc__.splitlines()[0], argv, module="demos.digits")
    started = time.perf_counter()
    X, y = nn.load_digits()
    X_train, X_test, y_train, y_test = nn.train_test_split(
        X, y, test_size=TEST_FRACTION, stratify=y, random_state=run.seed)
    images_test = X_test  # the raw pixels, for the pictures
    if run.quick:
        X_train, y_train = subset(X_train, y_train, QUICK_TRAIN, run.seed)
    X_train, mean, std = nn.standardize(X_train)
    X_test, _, _ = nn.standardize(X_test, mean, std)

    model = nn.MLP(X.shape[1], [HIDDEN, 10], init="he", random_state=run.seed)
    optimizer = nn.Adam(model.parameters(), lr=LR)
    epochs = QUICK_EPOCHS if run.quick else EPOCHS
    print(f"{model}\ntraining on {len(y_train)} images, testing on {len(y_test)}, "
          f"{epochs} epochs in batches of {BATCH_SIZE} (cross_entropy, Adam lr {LR})")
    fit_started = time.perf_counter()
    history = nn.fit(model, X_train, y_train, "cross_entropy", optimizer, epochs=epochs,
                     batch_size=BATCH_SIZE, callbacks=[report_epoch], progress=False,
                     random_state=run.seed, compile=True)
    fit_seconds = time.perf_counter() - fit_started
    predicted = nn.predict(model, X_test, compile=True)
    test_accuracy = float(np.mean(predicted == y_test))
    confusion = confusion_matrix(y_test, predicted, 10)

    print_table("digits: result", ["epochs", "final loss", "train accuracy", "test accuracy", "fit seconds"],
                [[len(history), history.train_loss[-1], f"{history.train_accuracy[-1]:.1%}",
                  f"{test_accuracy:.1%}", f"{fit_seconds:.1f}"]])
    print_table("confusion matrix: rows the true digit, columns the prediction",
                ["true", *map(str, range(10))], [[str(d), *row] for d, row in enumerate(confusion)])

    draw_predictions(run, images_test, y_test, predicted, test_accuracy)
    draw_confusion(run, confusion)
    draw_weights(run, first_layer_weights(model), std)
    seconds = time.perf_counter() - started
    print(f"{seconds:.1f} s in all")
    return {"history": history, "train_accuracy": history.train_accuracy[-1], "test_accuracy": test_accuracy,
            "confusion": confusion, "predicted": predicted, "y_test": y_test, "n_train": len(y_train),
            "fit_seconds": fit_seconds, "seconds": seconds, "written": run.written}


# ---- pictures ----------------------------------------------------------------------------------
def shown_order(y_true: np.ndarray, y_pred: np.ndarray, count: int) -> np.ndarray:
    """Which test samples to draw: the mistakes first (up to half the grid), then correct ones."""
    wrong = np.flatnonzero(y_true != y_pred)[:count // 2]
    right = np.flatnonzero(y_true == y_pred)[:count - len(wrong)]
    return np.concatenate([wrong, right])


def mosaic(tiles: np.ndarray, columns: int, gap: tuple[int, int], fill: float) -> tuple[np.ndarray, list]:
    """The images ``tiles`` (n, h, w) laid out in one array, ``columns`` to a row, ``gap = (rows, cols)``
    of ``fill`` above and left of each; also each tile's top-left corner ``(x, y)`` in the array.

    One image in one axes draws many times faster than a grid of axes with one image each.
    """
    n, height, width = tiles.shape
    rows = -(-n // columns)
    cell_y, cell_x = height + gap[0], width + gap[1]
    canvas = np.full((rows * cell_y + gap[0], columns * cell_x + gap[1]), fill, dtype=float)
    corners = []
    for i, tile in enumerate(tiles):
        y, x = (i // columns) * cell_y + gap[0], (i % columns) * cell_x + gap[1]
        canvas[y:y + height, x:x + width] = tile
        corners.append((x, y))
    return canvas, corners


def _image_axes(figure: Any) -> Any:
    """One axes for a mosaic: no ticks, no frame."""
    ax = figure.add_axes((0, 0, 1, 0.9))
    ax.set_axis_off()
    return ax


def draw_predictions(run: Run, images: np.ndarray, y_true: np.ndarray, y_pred: np.ndarray,
                     accuracy: float) -> None:
    """``digits_predictions.png``: test digits, each under the model's answer; mistakes framed in red."""
    figure = run.figure(figsize=(9, 4.3))
    if figure is None:
        return
    from matplotlib.patches import Rectangle

    order = shown_order(y_true, y_pred, SHOWN)
    canvas, corners = mosaic(images[order].reshape(-1, SIDE, SIDE), 10, gap=(5, 2), fill=0.0)
    ax = _image_axes(figure)
    ax.imshow(canvas, cmap="gray_r", vmin=0, vmax=16, interpolation="nearest")
    for i, (x, y) in zip(order, corners):
        centre = x + SIDE / 2 - 0.5
        if y_pred[i] == y_true[i]:
            ax.text(centre, y - 1.2, str(y_pred[i]), ha="center", va="bottom", fontsize=10)
            continue
        ax.text(centre, y - 1.2, f"{y_pred[i]} (is {y_true[i]})", ha="center", va="bottom",
                fontsize=10, color=MISTAKE)
        ax.add_patch(Rectangle((x - 0.9, y - 0.9), SIDE + 0.8, SIDE + 0.8, fill=False,
                               edgecolor=MISTAKE, linewidth=2.5))
    mistakes = int(np.sum(y_true != y_pred))
    figure.suptitle(f"test digits under the model's answers: {accuracy:.1%} right, {mistakes} of "
                    f"{len(y_true)} wrong\n(mistakes first, in red, with the true digit in brackets)",
                    fontsize=11)
    run.save(figure, "digits_predictions")


def draw_confusion(run: Run, confusion: np.ndarray) -> None:
    """``digits_confusion.png``: the confusion matrix, counts written in the cells."""
    figure = run.figure(figsize=(5.6, 5))
    if figure is None:
        return
    ax = figure.subplots()
    n = len(confusion)
    # colour the mistakes on their own scale, so a single confusion shows beside 45 right answers
    off_diagonal = np.where(np.eye(n, dtype=bool), 0, confusion)
    ax.imshow(off_diagonal, cmap="Reds", vmin=0, vmax=max(int(off_diagonal.max()), 1))
    for t in range(n):
        for p in range(n):
            if confusion[t, p]:
                ax.text(p, t, str(confusion[t, p]), ha="center", va="center", fontsize=8,
                        fontweight="bold" if t == p else "normal")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.set_title(f"confusion matrix of the {int(confusion.sum())} test digits\n"
                 "(diagonal: right; shaded: mistakes)", fontsize=10)
    run.save(figure, "digits_confusion")


def draw_weights(run: Run, weights: np.ndarray, pixel_std: np.ndarray) -> None:
    """``digits_weights.png``: each hidden unit's incoming weights as an 8x8 image.

    The network reads standardized pixels, so a weight on a pixel that is almost always
    blank gets large inputs only from the rare image inked there, and barely moves from
    its random start: drawn as they are, the weights look like noise. Each weight is
    therefore drawn times its pixel's standard deviation in the training images, which
    is how far that pixel typically moves the unit: the strokes each unit looks for show,
    and pixels blank in every image are white. Red pixels push the unit on, blue ones
    off; each unit is on its own colour scale.
    """
    figure = run.figure(figsize=(9, 4.8))
    if figure is None:
        return
    from matplotlib import colormaps

    effect = weights * pixel_std
    scale = np.abs(effect).max(axis=1, keepdims=True)
    tiles = (effect / np.where(scale > 0, scale, 1.0)).reshape(-1, SIDE, SIDE)
    canvas, corners = mosaic(tiles, 8, gap=(3, 1), fill=np.nan)
    colours = colormaps["RdBu_r"].with_extremes(bad="white")
    ax = _image_axes(figure)
    ax.imshow(canvas, cmap=colours, vmin=-1, vmax=1, interpolation="nearest")
    for unit, (x, y) in enumerate(corners):
        ax.text(x + SIDE / 2 - 0.5, y - 0.8, f"unit {unit}", ha="center", va="bottom", fontsize=7)
    figure.suptitle("first layer: each hidden unit's 64 weights as an 8x8 picture, each weight times its "
                    "pixel's spread\n(red excites the unit, blue inhibits it; each unit on its own scale)",
                    fontsize=11)
    run.save(figure, "digits_weights")


if __name__ == "__main__":
    main()
