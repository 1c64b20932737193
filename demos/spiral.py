"""Spiral: three interleaved arms, softmax cross-entropy over three logits, and Adam.

300 points (225 for training), an MLP 2-16-16-3 with ReLU hidden layers whose three
outputs are logits; the loss is the softmax cross-entropy (computed with log-sum-exp,
so it stays finite for any logits) and Adam adapts each weight's step size. Each
class gets a region that follows its arm.
"""

from __future__ import annotations

from typing import Optional, Sequence

import nn
from demos.classification import Setting, train_and_show
from demos.cli import parse_options


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Train, print train and test accuracy, write ``spiral.png``."""
    run = parse_options(__doc__.splitlines()[0], argv, module="demos.spiral", animate=True)
    X, y = nn.make_spiral(300, n_classes=3, noise=0.2, random_state=run.seed)
    model = nn.MLP(2, [16, 16, 3], init="auto", random_state=run.seed)
    optimizer = nn.Adam(model.parameters(), lr=0.05)
    setting = Setting("spiral", "spiral: three classes, softmax cross-entropy and Adam wind around the arms",
                      model, "cross_entropy", optimizer, 40 if run.quick else 120)
    return train_and_show(run, setting, X, y)


if __name__ == "__main__":
    main()
