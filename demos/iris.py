"""Iris: Fisher's 150 flowers told apart by their petals, three species, softmax cross-entropy and Adam.

The first measured data set of the course (:func:`nn.load_iris`): petal length and
petal width in cm, the two of Fisher's four measurements that separate the species best,
kept so that the boundary can be drawn in the plane. Setosa's small petals stand apart;
versicolor and virginica touch, so a few flowers lie on the wrong side of any boundary.
An MLP 2-8-3 (ReLU hidden units, three logits) trains on 112 flowers with Adam and is
tested on the other 38, a quarter of each species. The petals are a few cm long, inputs
of order one already, so they go in as measured.
"""

from __future__ import annotations

from typing import Optional, Sequence

import nn
from demos.classification import Setting, train_and_show
from demos.cli import parse_options

PETALS = slice(2, 4)
"""The columns of petal length and petal width in ``nn.load_iris()``."""


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Train, print train and test accuracy, write ``iris.png``."""
    run = parse_options(__doc__.splitlines()[0], argv, module="demos.iris")
    X, y = nn.load_iris()
    model = nn.MLP(2, [8, 3], init="auto", random_state=run.seed)
    optimizer = nn.Adam(model.parameters(), lr=0.05)
    setting = Setting("iris", "iris: petal length (x1) and width (x2) in cm, three species",
                      model, "cross_entropy", optimizer, 40 if run.quick else 150)
    return train_and_show(run, setting, X[:, PETALS], y)


if __name__ == "__main__":
    main()
