"""Optimizers: SGD, momentum, RMSprop and Adam race on the spiral; learning-rate schedules let SGD settle.

Every run trains the same 2-16-16-3 ReLU MLP, from the same initial weights, with the
softmax cross-entropy on a three-armed spiral, for the same number of epochs.

First the optimizers, on the whole data set at once (one step per epoch):

* SGD steps against the gradient: ``w -= lr * g``;
* momentum keeps a running sum of past steps, so it speeds up along directions the
  gradient keeps pointing to and damps the zig-zag across a narrow valley;
* RMSprop divides each weight's step by a running root-mean-square of its gradients,
  so weights with small gradients still move;
* Adam does both: momentum on the step, RMSprop on its size.

Then SGD with momentum on mini-batches of 16, whose gradients are noisy: with a
constant learning rate the loss keeps jittering at the end; the schedules (step decay,
exponential, cosine, linear) shrink the learning rate so the last steps are small and
training settles.
"""

from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

import nn
from demos.cli import parse_options, print_table, train_each
from demos.plots import curves

LOSS = "cross_entropy"
BATCH = 16
SCHEDULE_LR = 0.1

OPTIMIZERS: dict[str, Callable[[list], Any]] = {
    "SGD (lr 0.2)": lambda params: nn.SGD(params, lr=0.2),
    "SGD + momentum 0.9 (lr 0.2)": lambda params: nn.SGD(params, lr=0.2, momentum=0.9),
    "RMSprop (lr 0.01)": lambda params: nn.RMSprop(params, lr=0.01),
    "Adam (lr 0.02)": lambda params: nn.Adam(params, lr=0.02),
}
SGD, MOMENTUM, RMSPROP, ADAM = OPTIMIZERS


def schedules(epochs: int) -> dict[str, Callable[[Any], Any]]:
    """Each schedule, as a function of the optimizer; all end near 1/20 of the first lr or below."""
    return {
        "constant": lambda optimizer: None,
        f"StepLR (x0.3 every {epochs // 3})": lambda optimizer: nn.StepLR(optimizer, epochs // 3, gamma=0.3),
        "ExponentialLR": lambda optimizer: nn.ExponentialLR(optimizer, gamma=0.05 ** (1 / epochs)),
        "CosineAnnealingLR": lambda optimizer: nn.CosineAnnealingLR(optimizer, T_max=epochs),
        "LinearLR (1 to 0.05)": lambda optimizer: nn.LinearLR(optimizer, 1.0, 0.05, total_iters=epochs),
    }


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Train every optimizer and every schedule, print two tables, write ``optimizers.png``.

    Returns the final training loss of each optimizer (``final_loss``) and of each
    schedule (``schedule_final_loss``), the histories (``optimizer_histories``,
    ``schedule_histories``) and the pictures written.
    """
    run = parse_options(__doc__.splitlines()[0], argv, seed=0, module="demos.optimizers")
    n_samples, epochs = (60, 30) if run.quick else (120, 80)
    X, y = nn.make_spiral(n_samples, n_classes=3, noise=0.2, random_state=run.seed)

    def model() -> nn.MLP:
        return nn.MLP(2, [16, 16, 3], init="auto", random_state=run.seed)

    def train_with(name: str, make_optimizer: Callable) -> nn.History:
        net = model()
        return nn.fit(net, X, y, LOSS, make_optimizer(net.parameters()), epochs, random_state=run.seed)

    def train_scheduled(name: str, make_scheduler: Callable) -> nn.History:
        net = model()
        optimizer = nn.SGD(net.parameters(), lr=SCHEDULE_LR, momentum=0.9)
        return nn.fit(net, X, y, LOSS, optimizer, epochs, batch_size=BATCH,
                      scheduler=make_scheduler(optimizer), random_state=run.seed)

    print(f"spiral of {n_samples} points in 3 classes, MLP 2-16-16-3, {epochs} epochs per run\n"
          "optimizers, full batch:")
    by_optimizer = train_each(OPTIMIZERS, train_with)
    print(f"SGD + momentum 0.9 (lr {SCHEDULE_LR:g}) on mini-batches of {BATCH}, with each schedule:")
    by_schedule = train_each(schedules(epochs), train_scheduled)

    final_loss = {name: h.train_loss[-1] for name, h in by_optimizer.items()}
    print_table(f"optimizers: full batch, {epochs} epochs",
                ["optimizer", "final loss", "accuracy", "first epoch with loss < 0.5"],
                [[name, h.train_loss[-1], f"{h.train_accuracy[-1]:.0%}", first_below(h.train_loss, 0.5)]
                 for name, h in by_optimizer.items()])
    schedule_final_loss = {name: h.train_loss[-1] for name, h in by_schedule.items()}
    print_table(f"schedules: SGD + momentum on mini-batches of {BATCH}, {epochs} epochs",
                ["schedule", "last lr", "final loss", "lowest loss", "accuracy"],
                [[name, f"{h.lr[-1]:.2g}", h.train_loss[-1], min(h.train_loss), f"{h.train_accuracy[-1]:.0%}"]
                 for name, h in by_schedule.items()])
    print(f"At equal epochs Adam ends at loss {final_loss[ADAM]:.3f}, plain SGD at {final_loss[SGD]:.3f} "
          f"({final_loss[SGD] / final_loss[ADAM]:.0f} times higher).")

    figure = run.figure(figsize=(17, 5), layout="constrained")
    if figure is not None:
        left, middle, right = figure.subplots(1, 3)
        curves(left, {name: h.train_loss for name, h in by_optimizer.items()}, "training loss (log scale)",
               "optimizers (full batch, same start)", log=True)
        curves(middle, {name: h.lr for name, h in by_schedule.items()}, "learning rate",
               f"schedules for SGD + momentum (lr {SCHEDULE_LR:g})")
        curves(right, {name: h.train_loss for name, h in by_schedule.items()}, "training loss (log scale)",
               f"the same schedules: loss on mini-batches of {BATCH}", log=True)
        figure.suptitle(f"After {epochs} epochs from the same start plain SGD is still at loss "
                        f"{final_loss[SGD]:.2f}, while momentum reaches {final_loss[MOMENTUM]:.2f}, "
                        f"RMSprop {final_loss[RMSPROP]:.2f} and Adam {final_loss[ADAM]:.2f}.\n"
                        + schedule_lesson(schedule_final_loss, epochs), fontsize="large")
        run.save(figure, "optimizers")
    return {"final_loss": final_loss, "schedule_final_loss": schedule_final_loss,
            "optimizer_histories": by_optimizer, "schedule_histories": by_schedule, "written": run.written}


def schedule_lesson(final: dict[str, float], epochs: int) -> str:
    """What the schedule runs show: decay settling lower than a constant rate, or, in a run too short, not."""
    best = min((name for name in final if name != "constant"), key=final.__getitem__)
    if final[best] < final["constant"]:
        return (f"On noisy mini-batches a constant learning rate keeps jittering (final loss "
                f"{final['constant']:.2f}); decaying it lets training settle ({best}: {final[best]:.2f})")
    return (f"In only {epochs} epochs the decayed rates slow down too early: the constant rate ends lowest "
            f"({final['constant']:.2f}, best schedule {final[best]:.2f}); decay pays off in longer runs")


def first_below(losses: Sequence[float], level: float) -> Any:
    """The first epoch (counting from 1) whose loss is below ``level``, or "-" if none is."""
    return next((i for i, loss in enumerate(losses, 1) if loss < level), "-")


if __name__ == "__main__":
    main()
