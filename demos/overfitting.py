"""Overfitting: a big net memorises 36 noisy points; L2, L1, dropout and early stopping hold it back.

A 2-16-16-1 ReLU MLP (337 parameters) trains with Adam on only 36 noisy moons, and is
judged on 150 fresh points from the same distribution (the validation set). Left
alone it drives its training loss toward 0 by bending its boundary around every noisy
point, and its validation loss climbs: it has learnt the noise. Five runs from the same
initial weights:

* no regularisation;
* L2: ``l2 * sum(w^2)`` added to the loss pulls every weight toward 0;
* L1: ``l1 * sum(|w|)`` pushes small weights to exactly 0;
* dropout: each hidden unit is dropped with probability p in every training step, so
  no unit can rely on another one memorising a point;
* early stopping: watch the validation loss, stop once it has not improved for a while,
  and put back the weights of its best epoch.

The top row shows training and validation loss, the bottom row the boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

import nn
from demos.cli import parse_options, print_table, train_each
from demos.plots import curves, decision_boundary

LOSS = "bce_with_logits"
NONE = "no regularisation"


@dataclass
class Setup:
    """One run: how to build the model and what to add to ``nn.fit``."""

    name: str
    build: Callable[[], nn.Module]
    fit_options: dict = field(default_factory=dict)


def setups(seed: int, patience: int) -> list[Setup]:
    """The five runs; every model starts from the same weights (an MLP built with ``seed``)."""

    def mlp() -> nn.MLP:
        return nn.MLP(2, [16, 16, 1], init="auto", random_state=seed)

    def with_dropout(p: float) -> Callable[[], nn.Module]:
        def build() -> nn.Module:
            first, second, out = mlp().layers
            return nn.Sequential(first, nn.Dropout(p, random_state=seed), second,
                                 nn.Dropout(p, random_state=seed + 1), out)
        return build

    return [
        Setup(NONE, mlp),
        Setup("L2 (3e-3)", mlp, {"l2": 3e-3}),
        Setup("L1 (3e-3)", mlp, {"l1": 3e-3}),
        Setup("dropout (p=0.3)", with_dropout(0.3)),
        Setup(f"early stopping (patience {patience})", mlp,
              {"early_stopping": nn.EarlyStopping(patience=patience, restore_best=True)}),
    ]


def main(argv: Optional[Sequence[str]] = None) -> dict:
    """Train the five runs, print a table, write ``overfitting.png``.

    Returns the validation loss of each run's final model (for early stopping: the
    restored best one) in ``val_loss``, the name of the regularised run with the lowest
    (``best``), the histories, the models and the pictures written.
    """
    run = parse_options(__doc__.splitlines()[0], argv, seed=0, module="demos.overfitting")
    n_train, n_val, epochs, lr, patience = (30, 60, 60, 0.06, 10) if run.quick else (36, 150, 200, 0.03, 30)
    X, y = nn.make_moons(n_train, noise=0.3, random_state=run.seed)
    X_val, y_val = nn.make_moons(n_val, noise=0.3, random_state=run.seed + 1)
    print(f"{n_train} training points, {n_val} validation points; MLP 2-16-16-1, Adam (lr {lr:g}), "
          f"up to {epochs} full-batch epochs per run")

    models: dict[str, nn.Module] = {}

    def train(name: str, setup: Setup) -> nn.History:
        model = models[name] = setup.build()
        return nn.fit(model, X, y, LOSS, nn.Adam(model.parameters(), lr=lr), epochs,
                      validation_data=(X_val, y_val), **setup.fit_options)

    runs = setups(run.seed, patience)
    histories = train_each({s.name: s for s in runs}, train)

    results = {name: (nn.evaluate(model, X, y, LOSS), nn.evaluate(model, X_val, y_val, LOSS))
               for name, model in models.items()}
    val_loss = {name: val[0] for name, (_, val) in results.items()}
    best = min((name for name in val_loss if name != NONE), key=val_loss.__getitem__)
    _print_results(runs, histories, results, val_loss, best)
    figure = run.figure(figsize=(17, 7), layout="constrained")
    if figure is not None:
        _draw(figure, runs, histories, results, models, (X, y), val_loss, best, 30 if run.quick else 80)
        run.save(figure, "overfitting")
    return {"val_loss": val_loss, "best": best, "histories": histories, "models": models,
            "written": run.written}


def _print_results(runs: list, histories: dict, results: dict, val_loss: dict, best: str) -> None:
    """The table of how each run ends, and a sentence on what it shows."""
    rows = []
    for s in runs:
        (train_loss, train_acc), (loss, acc) = results[s.name]
        stopper: Any = s.fit_options.get("early_stopping")
        kept = f"{stopper.best_epoch + 1} (best)" if stopper is not None else str(len(histories[s.name]))
        rows.append([s.name, len(histories[s.name]), kept, train_loss, f"{train_acc:.0%}", loss,
                     f"{acc:.0%}"])
    print_table("overfitting: the models as they end (eval mode)",
                ["run", "epochs run", "weights of epoch", "train loss", "train acc", "val loss", "val acc"],
                rows)
    (none_train, _), (none_val, _) = results[NONE]
    print(f"Without regularisation the net fits the training noise: training loss {none_train:.3f}, "
          f"validation loss {none_val:.3f}.\nThe best regulariser, {best}, ends with validation loss "
          f"{val_loss[best]:.3f}.")


def _draw(figure: Any, runs: list, histories: dict, results: dict, models: dict, data: tuple,
          val_loss: dict, best: str, resolution: int) -> None:
    """Each run's loss curves above its decision boundary, and a title saying what they show."""
    X, y = data
    top, bottom = figure.subplots(2, len(runs))
    for i, s in enumerate(runs):
        history = histories[s.name]
        curves(top[i], {"training": history.train_loss, "validation": history.val_loss},
               "loss (log scale)" if i == 0 else "", s.name, log=True,
               styles={"training": "-", "validation": "--"})
        stopper = s.fit_options.get("early_stopping")
        if stopper is not None:
            top[i].axvline(stopper.best_epoch + 1, color="k", lw=0.8, ls=":", label="best epoch, restored")
            top[i].legend(fontsize="small")
        (_, train_acc), (loss, acc) = results[s.name]
        decision_boundary(bottom[i], models[s.name], X, y, f"val loss {loss:.2f}, val acc {acc:.0%}",
                          resolution=resolution)
        if i:
            bottom[i].set_ylabel("")
    low = min(min(h.train_loss) for h in histories.values())
    high = max(max(h.val_loss + h.train_loss) for h in histories.values())
    for ax in top:
        ax.set_ylim(low * 0.7, high * 1.4)
    bottom[0].legend(loc="lower right", fontsize="small")
    beaten = sum(val_loss[name] < val_loss[NONE] for name in val_loss if name != NONE)
    others = len(runs) - 1
    which = "every regulariser" if beaten == others else f"{beaten} of {others} regularisers"
    figure.suptitle(f"Unregularised, the training loss falls toward 0 while the validation loss climbs "
                    f"to {val_loss[NONE]:.2f}: the net memorises the noise.\nWith {which} the validation "
                    f"loss ends lower and the boundary is simpler; {best} ends lowest, at "
                    f"{val_loss[best]:.2f}", fontsize="large")


if __name__ == "__main__":
    main()
