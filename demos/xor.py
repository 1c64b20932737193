"""XOR: the problem a single neuron cannot solve, and two hidden units can.

Four clusters; the class is 1 where the two coordinates have different signs. No line
separates the classes, so a perceptron fails; an MLP 2-4-1 with tanh hidden units
learns two lines and combines them.
"""

from __future__ import annotations

from typing import Optional, Sequence

import nn
from demos.classification import Setting, train_and_show
from demos.cli import parse_options


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Train, print train and test accuracy, write ``xor.png``."""
    run = parse_options(__doc__.splitlines()[0], argv, module="demos.xor", animate=True)
    X, y = nn.make_xor(200, noise=0.05, random_state=run.seed)
    model = nn.MLP(2, [4, 1], activation="tanh", init="auto", random_state=run.seed)
    optimizer = nn.Adam(model.parameters(), lr=0.1)
    setting = Setting("xor", "XOR: two hidden units draw two lines that together split the quadrants",
                      model, "bce_with_logits", optimizer, 40 if run.quick else 80)
    return train_and_show(run, setting, X, y)


if __name__ == "__main__":
    main()
