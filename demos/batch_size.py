"""Batch size: full-batch, mini-batch and one-sample gradient descent, per epoch and per second.

The same 2-16-16-1 ReLU MLP, from the same initial weights, learns the moons with
plain SGD at the same learning rate, taking its gradient from

* the whole training set (one step per epoch: smooth, but few steps),
* mini-batches of 16 (several noisy steps per epoch),
* a single sample (one step per sample: the noisiest, and the most steps).

Per epoch, every run sees every sample once, so an epoch costs about the same
arithmetic; the smaller the batch, the more steps it takes with it, and the further it
gets. Per second, each step also costs the bookkeeping around it (zeroing gradients,
building the loss, the optimizer's update), so one-sample steps pay more overhead. The
loss plotted is the whole training set's, measured after every epoch (not timed).
"""

from __future__ import annotations

from itertools import accumulate
from typing import Optional, Sequence

import nn
from demos.cli import parse_options, print_table, train_each
from demos.plots import curves

LOSS = "bce_with_logits"
LR = 0.05
BATCH_SIZES = {"full batch": None, "mini-batches of 16": 16, "one sample (batch_size=1)": 1}


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Train with each batch size, print a table, write ``batch_size.png``.

    Returns, per batch size, the training-set loss after every epoch (``loss``), its
    last value (``final_loss``), the cumulated training seconds after every epoch
    (``elapsed``), the histories and the pictures written.
    """
    run = parse_options(__doc__.splitlines()[0], argv, seed=0, module="demos.batch_size")
    n_samples, epochs = (40, 8) if run.quick else (150, 40)
    X, y = nn.make_moons(n_samples, noise=0.15, random_state=run.seed)
    print(f"{n_samples} moons, MLP 2-16-16-1, plain SGD (lr {LR:g}), {epochs} epochs per batch size")

    losses: dict[str, list[float]] = {}
    accuracy: dict[str, float] = {}

    def train(name: str, batch_size: Optional[int]) -> nn.History:
        model = nn.MLP(2, [16, 16, 1], init="auto", random_state=run.seed)
        record = losses[name] = []

        def measure(epoch: int, history: nn.History) -> None:
            record.append(nn.evaluate(model, X, y, LOSS)[0])

        history = nn.fit(model, X, y, LOSS, nn.SGD(model.parameters(), lr=LR), epochs, batch_size=batch_size,
                         callbacks=[measure], random_state=run.seed)
        accuracy[name] = nn.evaluate(model, X, y, LOSS)[1]
        return history

    histories = train_each(BATCH_SIZES, train)
    elapsed = {name: list(accumulate(h.time)) for name, h in histories.items()}
    final_loss = {name: values[-1] for name, values in losses.items()}
    rows = []
    for name, batch_size in BATCH_SIZES.items():
        steps = 1 if batch_size is None else -(-n_samples // batch_size)
        seconds = elapsed[name][-1]
        rows.append([name, steps, epochs, final_loss[name], f"{accuracy[name]:.0%}",
                     f"{seconds:.2f}", f"{1000 * seconds / epochs:.0f}"])
    print_table("batch size: loss and accuracy on the whole training set after the last epoch",
                ["batch", "steps/epoch", "epochs", "final loss", "accuracy", "seconds", "ms/epoch"], rows)

    figure = run.figure(figsize=(13, 5), layout="constrained")
    if figure is not None:
        left, right = figure.subplots(1, 2)
        styles = dict(zip(BATCH_SIZES, [".-", ".-", ".-"]))
        curves(left, losses, "training-set loss (log scale)",
               "per epoch: every run has seen each sample once", log=True, styles=styles)
        curves(right, losses, "training-set loss (log scale)", "per second of training",
               xlabel="training time (s, cumulated)", log=True, x=elapsed, styles=styles)
        figure.suptitle(lesson(losses, elapsed, epochs), fontsize="large")
        run.save(figure, "batch_size")
    return {"loss": losses, "final_loss": final_loss, "elapsed": elapsed, "histories": histories,
            "written": run.written}


def lesson(losses_by_epoch: dict[str, list[float]], elapsed: dict[str, list[float]], epochs: int) -> str:
    """The figure's title: how far each batch size got per epoch, what an epoch cost, which is noisiest."""
    names = list(BATCH_SIZES)
    losses = [losses_by_epoch[name][-1] for name in names]
    ms = [1000 * elapsed[name][-1] / epochs for name in names]
    ordered = losses[0] > losses[1] > losses[2]
    first = (f"Smaller batches take more steps per epoch and get further: after {epochs} epochs the loss is "
             if ordered else f"After {epochs} epochs the loss is ")
    first += f"{losses[0]:.2g} (full batch), {losses[1]:.2g} (16), {losses[2]:.2g} (1)"
    second = f"An epoch costs {ms[0]:.0f}, {ms[1]:.0f} and {ms[2]:.0f} ms"
    if ms[2] == max(ms):
        second += " (one-sample epochs pay the most per-step overhead)"
    rises = [sum(b > a for a, b in zip(curve, curve[1:])) for curve in losses_by_epoch.values()]
    if rises[2] == max(rises) > 0:
        second += f"; the one-sample loss is the noisiest, rising in {rises[2]} of {epochs - 1} epochs"
    return f"{first}.\n{second}"


if __name__ == "__main__":
    main()
