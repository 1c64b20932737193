"""Training and using a model: ``fit`` and its parts, ``evaluate``, ``predict``.

* :mod:`~nn.training.fit_loop`: ``fit``, the epoch loop;
* :mod:`~nn.training.run`: the named steps of that loop (prepare, epoch, end of epoch, finish)
  and :class:`~nn.training.run.TrainingDivergedError`;
* :mod:`~nn.training.arguments`: fit's checks of its arguments, before training;
* :mod:`~nn.training.step`: one step of training and one epoch's batches;
* :mod:`~nn.training.callbacks` and :mod:`~nn.training.history`: what a run calls and records;
* :mod:`~nn.training.inference`: ``predict``, ``predict_outputs``, ``evaluate``, ``gradient_norms``;
* :mod:`~nn.training.replay` and :mod:`~nn.training.replay_step`: ``fit(..., compile=True)``,
  a batch's graph recorded once and replayed with NumPy.
"""

from nn.training.callbacks import EarlyStopping, Snapshots
from nn.training.fit_loop import TrainingDivergedError, fit
from nn.training.history import History
from nn.training.inference import evaluate, gradient_norms, predict, predict_outputs

__all__ = [
    "fit", "TrainingDivergedError", "evaluate", "predict", "predict_outputs", "gradient_norms",
    "History", "EarlyStopping", "Snapshots",
]
