"""Vanishing gradients: deep sigmoid nets starve their first layers; ReLU and batch norm do not.

A narrow, deep MLP (2 inputs, 10 hidden layers of 8 units, 1 output) on the moons,
built five ways from the same seed: sigmoid, tanh or ReLU hidden units, sigmoid with
batch normalisation before every activation, and sigmoid with gradient clipping.

Backpropagation multiplies, layer by layer, by the derivative of the activation. The
sigmoid's derivative is at most 1/4, so after ten sigmoid layers the gradient reaching
the first layer is many orders of magnitude smaller than the one at the output, and
gradient descent hardly moves the first layers. ReLU's derivative is 1 where the unit
is active, so the gradient keeps its size; batch norm keeps each sigmoid's input near 0,
where its slope is largest. Clipping only shrinks a gradient that is too large (it
fights *exploding* gradients): it cannot lift a vanishing one.

Every net starts from the scaled initialisation that suits its activation
(``init="auto"``: He for ReLU, Xavier for sigmoid and tanh), so what differs between
them is the activation's slope, not the scale of the first weights.

The left panel is one backward pass at initialisation; the right one follows the first
layer's gradient norm while each model trains (full-batch SGD with momentum).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence

import nn
from demos.cli import parse_options, print_table, train_each
from demos.plots import curves

HIDDEN = [8] * 10
LOSS = "bce_with_logits"
CLIP = 0.1
LR = 0.05


@dataclass
class Setup:
    """One way of building and training the deep MLP."""

    name: str
    activation: str
    batch_norm: bool = False
    clip: Optional[float] = None
    marker: str = "o"
    line: str = "-"


SETUPS = [
    Setup("sigmoid", "sigmoid", marker="o"),
    Setup("tanh", "tanh", marker="s"),
    Setup("ReLU", "relu", marker="^"),
    Setup("sigmoid + batch norm", "sigmoid", batch_norm=True, marker="D"),
    Setup(f"sigmoid + clipping at norm {CLIP:g}", "sigmoid", clip=CLIP, marker="x", line="--"),
]


def layer_names(model: nn.MLP) -> list[str]:
    """The names ``nn.gradient_norms`` gives the fully connected layers, input side first
    (batch norm and activation modules are skipped)."""
    return [name for name, m in model.named_children() if isinstance(m, nn.Layer)]


def norms_at_init(model: nn.MLP, X, y, clip: Optional[float]) -> list[float]:
    """Each fully connected layer's gradient norm after one backward pass on the loss of the whole batch."""
    model.zero_grad()
    nn.get_loss(LOSS)(model(X), y).backward()
    if clip is not None:
        nn.clip_grad_norm(model.parameters(), clip)
    norms = nn.gradient_norms(model)
    return [norms[name] for name in layer_names(model)]


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Measure the gradients, train each setup, print a table, write ``vanishing_gradients.png``.

    Returns the per-layer gradient norms at initialisation (``init_norms``, input side
    first), the first layer's norm at initialisation (``first_layer``), the ReLU/sigmoid
    ratio of those (``relu_over_sigmoid``), the first layer's norm after every epoch
    (``first_layer_per_epoch``), the histories and the pictures written.
    """
    run = parse_options(__doc__.splitlines()[0], argv, seed=0, module="demos.vanishing_gradients")
    n_samples, epochs = (40, 8) if run.quick else (80, 50)
    X, y = nn.make_moons(n_samples, noise=0.2, random_state=run.seed)
    X = nn.standardize(X)[0]

    init_norms, per_epoch, models = {}, {}, {}
    for setup in SETUPS:
        model = nn.MLP(2, [*HIDDEN, 1], activation=setup.activation, batch_norm=setup.batch_norm,
                       init="auto", random_state=run.seed)
        init_norms[setup.name] = norms_at_init(model, X, y, setup.clip)
        models[setup.name] = model
    print(f"{len(HIDDEN)} hidden layers of {HIDDEN[0]} units, {n_samples} moons, {epochs} epochs of "
          f"full-batch SGD (lr {LR:g}, momentum 0.9) per setup")

    def train(name: str, setup: Setup) -> nn.History:
        model = models[name]
        first = layer_names(model)[0]
        record = per_epoch[name] = []

        def first_layer_norm(epoch: int, history: nn.History) -> None:
            # the gradient of the epoch's (only) step, as the optimizer used it: after clipping
            record.append(nn.gradient_norms(model)[first])

        optimizer = nn.SGD(model.parameters(), lr=LR, momentum=0.9)
        return nn.fit(model, X, y, LOSS, optimizer, epochs, clip=setup.clip, callbacks=[first_layer_norm])

    histories = train_each({s.name: s for s in SETUPS}, train)

    first_layer = {name: norms[0] for name, norms in init_norms.items()}
    ratio = first_layer["ReLU"] / first_layer["sigmoid"]
    _print_results(init_norms, per_epoch, histories, ratio)
    figure = run.figure(figsize=(13, 5.2), layout="constrained")
    if figure is not None:
        _draw(figure, init_norms, per_epoch, histories)
        run.save(figure, "vanishing_gradients")
    return {"init_norms": init_norms, "first_layer": first_layer, "relu_over_sigmoid": ratio,
            "first_layer_per_epoch": per_epoch, "histories": histories, "written": run.written}


def _print_results(init_norms: dict, per_epoch: dict, histories: dict, ratio: float) -> None:
    """The table of each setup's gradient norms and results, and what it shows."""
    rows = []
    for setup in SETUPS:
        norms, history = init_norms[setup.name], histories[setup.name]
        rows.append([setup.name, f"{norms[0]:.1e}", f"{norms[-1]:.1e}", f"{norms[0] / norms[-1]:.1e}",
                     f"{per_epoch[setup.name][-1]:.1e}", history.train_loss[-1],
                     f"{history.train_accuracy[-1]:.0%}"])
    print_table("gradient norms: first and last layer at initialisation, first layer after training",
                ["setup", "first (init)", "last (init)", "first/last", "first (trained)", "final loss",
                 "accuracy"], rows)
    print(f"At initialisation ReLU's first layer gets {ratio:.1e} times the gradient sigmoid's does.\n"
          "With sigmoid the first layers' gradients are orders of magnitude smaller than the last layer's,\n"
          "so they hardly learn; ReLU keeps them comparable, and batch norm rescues sigmoid.\n"
          "Clipping only scales a large gradient down: it cannot undo the vanishing.")


def _draw(figure: Any, init_norms: dict, per_epoch: dict, histories: dict) -> None:
    """The norms per layer at initialisation (left) and layer 1's norm during training (right)."""
    left, right = figure.subplots(1, 2)
    layers = range(1, len(HIDDEN) + 2)
    curves(left, init_norms, "gradient norm of the layer (log scale)",
           "at initialisation: one backward pass", xlabel="layer (1 = next to the input)", log=True,
           x={name: layers for name in init_norms}, styles={s.name: s.marker + s.line for s in SETUPS})
    left.set_xticks(list(layers))
    labels = {s.name: f"{s.name} (final loss {histories[s.name].train_loss[-1]:.2f})" for s in SETUPS}
    curves(right, {labels[s.name]: per_epoch[s.name] for s in SETUPS},
           "gradient norm of layer 1 (log scale)", "during training: the gradient reaching layer 1",
           log=True, styles={labels[s.name]: s.line for s in SETUPS})
    sigmoid = init_norms["sigmoid"]
    figure.suptitle(f"With sigmoid, layer 1 gets only {sigmoid[0] / sigmoid[-1]:.0e} times the output "
                    "layer's gradient and does not learn;\n"
                    "ReLU keeps the layers comparable, batch norm rescues sigmoid, clipping does not")


if __name__ == "__main__":
    main()
