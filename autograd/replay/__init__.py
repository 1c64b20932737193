"""The compiled replay: a graph recorded once, then replayed forward and backward with NumPy.

* :mod:`~autograd.replay.compile` holds the public :func:`compile` (``autograd.compile``);
* :mod:`~autograd.replay.plan` lays a graph out for replay: which nodes run together as one
  group, and which slot of the arrays holds each number;
* :mod:`~autograd.replay.batch` lays one sample's graph out for a batch (``compile(..., batch=n)``),
  and joins it to a loss's graph over the batch;
* :mod:`~autograd.replay.compiled` is the compiled object, :class:`Compiled`;
* :mod:`~autograd.replay.kernels` replays one group with NumPy, forward and backward, and
  :mod:`~autograd.replay.dots` a group of ``dot`` nodes, with matrix products;
* :mod:`~autograd.replay.given` reads the feed and the leaves' numbers, refusing what a
  Value refuses;
* :mod:`~autograd.replay.nonfinite` follows the engine's own rules where a replay meets an
  infinite or NaN number, so both give the same outcome.

NumPy is imported when a graph is compiled, not when this package is.
"""

from autograd.replay.compile import compile, compile_with_loss
from autograd.replay.plan import StructureError

__all__ = ["compile", "compile_with_loss", "StructureError"]
