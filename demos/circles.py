"""Circles: no straight line separates a ring from the disc inside it; a hidden layer can.

200 points on two noisy concentric circles, an MLP 2-8-8-1 with tanh hidden units and
a logistic output (binary cross-entropy on the logit), trained with Adam. The boundary
it learns is a closed curve between the rings.
"""

from __future__ import annotations

from typing import Optional, Sequence

import nn
from demos.classification import Setting, train_and_show
from demos.cli import parse_options


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Train, print train and test accuracy, write ``circles.png``."""
    run = parse_options(__doc__.splitlines()[0], argv, module="demos.circles", animate=True)
    X, y = nn.make_circles(200, noise=0.08, factor=0.5, random_state=run.seed)
    model = nn.MLP(2, [8, 8, 1], activation="tanh", init="auto", random_state=run.seed)
    optimizer = nn.Adam(model.parameters(), lr=0.05)
    setting = Setting("circles", "circles: the hidden layers turn a ring into a closed boundary",
                      model, "bce_with_logits", optimizer, 40 if run.quick else 80)
    return train_and_show(run, setting, X, y)


if __name__ == "__main__":
    main()
