"""Moons: micrograd's classic, a 2-16-16-1 MLP learns two interleaving half circles.

100 points, ReLU hidden layers with micrograd's initial weights (uniform in [-1, 1], the
default), max-margin (hinge) loss plus 1e-4 L2, full-batch SGD whose learning rate
decays linearly from 1.0 to 0.1 (``lr = 1.0 - 0.9 k / 100``). It reaches 100% training
accuracy; the picture shows the boundary it found and how the loss and accuracy got
there. As in micrograd, every point is used for training.
"""

from __future__ import annotations

from typing import Optional, Sequence

import nn
from demos.classification import Setting, train_and_show
from demos.cli import parse_options

EPOCHS = 100
QUICK_EPOCHS = 40
"""With ``--quick``: the same decay squeezed into 40 epochs still reaches 100% (seed 1)."""


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Train, print a summary, write ``moons.png``; returns the figures for tests."""
    run = parse_options(__doc__.splitlines()[0], argv, seed=1, module="demos.moons", animate=True)
    epochs = QUICK_EPOCHS if run.quick else EPOCHS
    X, y = nn.make_moons(100, noise=0.1, random_state=run.seed)
    model = nn.MLP(2, [16, 16, 1], random_state=run.seed)
    optimizer = nn.SGD(model.parameters(), lr=1.0)
    decay = nn.LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=epochs)
    setting = Setting("moons", "micrograd's moons: MLP 2-16-16-1 bends its boundary around both half circles",
                      model, "hinge", optimizer, epochs, {"l2": 1e-4, "scheduler": decay})
    return train_and_show(run, setting, X, y, test_fraction=None)


if __name__ == "__main__":
    main()
