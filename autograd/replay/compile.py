"""``compile``: record a graph once, then replay it, forward and backward, with NumPy.

A scalar graph has the same shape at every training step; only the numbers at its
leaves change. :func:`compile` lays the graph out once (:mod:`autograd.replay.plan`): the
nodes of one operation at one depth become one vectorised operation, which runs the op
table's own forward and local derivatives on arrays (:mod:`autograd.replay.kernels`). A
replay then costs a few dozen NumPy calls instead of one Python call per node.

>>> import autograd
>>> from autograd import Value
>>> w, x = Value(2.0), Value(0.0)
>>> y = (w * x).tanh() + w
>>> step = autograd.compile(y, inputs=[x])
>>> step.forward([0.5])                      # y at x = 0.5, w read from w.data
2.761594155955765
>>> grads = step.backward()                  # adds dy/dw into w.grad, as y.backward() would
>>> round(w.grad, 6), round(float(grads[0]), 6)  # dy/dw; dy/dx comes first (x is input 0)
(1.209987, 0.839949)

What a replay keeps, and what needs compiling again
---------------------------------------------------
A compiled graph replays exactly the structure it recorded: the same operations on
the same leaves. Between replays, these may change:

* the numbers fed for ``inputs`` (``forward(feed)``), and the ``.data`` of every other
  leaf (parameters that an optimizer updates in place, read at each replay);
* which way a ReLU, ``abs`` or ``leaky_relu`` goes: that is an operation, replayed
  element by element.

These change the structure, and need a graph built again and compiled again:

* a different number of samples (a smaller last batch): the feed's length no longer
  matches, which is a ValueError naming both lengths;
* a Python ``if`` on a number (``if z.data > 0: ...``), and a number computed from data
  and written into the expression (a hinge loss's label turned into ``-1 * s``, a clamp
  as ``p + (bound - p.data)``): the replay would silently keep the recorded branch or
  constant. Make such numbers inputs (Values you feed), or compare a graph built from new
  data with :meth:`Compiled.check`, which names the first difference;
* a learner-written op (``Value(data, children, op)`` with a ``_backward`` closure):
  it has no rule in the op table, and ``compile`` refuses it, naming the node.

Numbers: forward values equal the engine's up to the last bits of NumPy's ``exp``,
``log``, ``tanh`` and ``**`` (often bit for bit: ``+ - * /`` and ``sqrt`` are exact, and
sums, chains of ``+`` and ``autograd.sum`` alike, are added left to right as the engine
adds them on every Python, :data:`autograd.ops.add_up`), and dot products, which are
matrix products here, summed in another order (in the engine's order where that could
change the outcome: near an overflow, or at an infinite operand); gradients equal the engine's to the
rounding of a different order of the same additions. Where a number is infinite or NaN,
the replay follows the engine's rules (:mod:`autograd.replay.nonfinite`): the same errors,
also where NumPy's result is finite (``(-2) ** -inf`` is 0.0 in NumPy), ``0 * inf``
counted as 0 under a zero upstream gradient, and an inactive ReLU passing nothing on.
What is fed, and every leaf's ``.data``, must be a number a Value takes
(:mod:`autograd.replay.given`): ``None``, a string or a complex number is a TypeError
naming the input or the leaf, never NaN or a number with its imaginary part dropped.
"""

from __future__ import annotations

import numbers
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

from autograd.collector import collector_paused
from autograd.notation import quoted
from autograd.replay.given import as_values
from autograd.replay.plan import StructureError
from autograd.value import Value

if TYPE_CHECKING:
    from autograd.replay.compiled import Compiled

__all__ = ["compile", "compile_with_loss", "StructureError"]


def compile(
    outputs: Union[Value, Sequence[Value]],
    inputs: Optional[Sequence[Value]] = None,
    *,
    allow_unused: bool = False,
    batch: Optional[int] = None,
    shared: Sequence[Value] = (),
) -> Compiled:
    """Record the graph that computes ``outputs``, to replay it with NumPy.

    ``outputs`` is one Value (a loss: ``forward`` returns a float) or a list of Values
    (scores on a grid: ``forward`` returns an array, in the list's order). ``inputs``
    is an ordered list of leaves whose numbers each ``forward(feed)`` gives anew (the
    numbers of a batch's rows, flattened row by row); every other leaf is read from its
    ``.data`` at each replay. Returns a :class:`~autograd.replay.compiled.Compiled`.

    Only the outputs' numbers come back from a replay: an intermediate sum may even be
    folded into a longer row. List a Value in ``outputs`` to read it at each replay, or
    call ``sync()`` to write every replayed number back into the graph's Values.

    Raises TypeError for a learner-written op in the graph and ValueError for an input
    that is not a leaf, is listed twice, or is not in the graph (its feed would change
    nothing). With ``allow_unused=True`` (PyTorch's name, in ``torch.autograd.grad``) an
    input not in the graph is accepted: its feed is ignored and its gradient is 0, as for a
    model that ignores a feature, or a parameter the batch's graph does not use.

    ``batch=n`` replays the graph of one sample for ``n`` samples at once, as if it had been
    built ``n`` times (:mod:`autograd.replay.batch`): ``inputs`` are that sample's leaves, fed
    with each sample's numbers (a batch ``X`` of shape (n, len(inputs))), and every other leaf
    (a parameter) is shared by all samples. ``forward`` then returns one number per sample
    (shape ``(n,)``), or a row of them for a list of outputs (``(n, len(outputs))``), and a
    shared leaf's gradient is the sum over the samples. ``shared`` are leaves fed once per
    replay, after the samples' numbers, for every sample alike (PyTorch's ``vmap`` with
    ``in_dims=None``): parameters whose numbers a training loop holds in an array. Only a
    graph in which each sample's outputs depend on that sample alone is a batch of copies.
    """
    from autograd.replay.compiled import Compiled

    if not isinstance(allow_unused, bool):
        raise TypeError(f"compile: allow_unused must be True or False, got {quoted(allow_unused)}")
    values, single = as_values(outputs, "outputs")
    if not values:
        raise ValueError("compile: outputs is empty; pass the Value (or Values) to replay")
    fed, _ = as_values([] if inputs is None else inputs, "inputs")
    common, _ = as_values(shared, "shared")
    _check_batch(batch, common)
    seen: set = set()
    for name, leaves in (("inputs", fed), ("shared", common)):
        for i, v in enumerate(leaves):
            if v.inputs:
                raise ValueError(
                    f"compile: {name}[{i}] is the result of {quoted(v.op)}, not a leaf; {name} are the "
                    "leaves whose numbers you feed (the Values made from a batch's numbers)"
                )
            if v in seen:
                raise ValueError(f"compile: {name}[{i}] is listed twice; list each input leaf once")
            seen.add(v)
    with collector_paused():
        return Compiled(values, fed, single, allow_unused, None if batch is None else int(batch), common)


def _check_batch(batch: Any, shared: list) -> None:
    """A TypeError or ValueError for a ``batch`` that is not a number of samples, or for ``shared``
    without one."""
    if batch is None:
        if shared:
            raise ValueError("compile: shared inputs are fed once for a batch's samples; give batch=n too, "
                             "or list them in inputs")
        return
    if isinstance(batch, bool) or not isinstance(batch, numbers.Integral):
        raise TypeError(f"compile: batch must be a whole number of samples, got {quoted(batch)}")
    if batch < 1:
        raise ValueError(f"compile: batch must be at least 1 sample, got {batch}")


def compile_with_loss(outputs: Sequence[Value], inputs: Sequence[Value], batch: int,
                      shared: Sequence[Value], loss: Sequence[Value], stand_ins: Sequence[Value],
                      loss_inputs: Sequence[Value] = ()) -> Compiled:
    """One sample's graph (``outputs`` from ``inputs``) compiled for ``batch`` samples with ``shared``
    leaves, followed by a loss over the whole batch: ``loss`` computed from ``stand_ins``, leaves
    standing for every sample's outputs (sample after sample), from ``shared`` leaves and from
    ``loss_inputs`` (a batch's targets). One :class:`Compiled`, fed with each sample's numbers,
    then the shared ones, then those of ``loss_inputs``; its forward gives ``[*loss, every
    sample's outputs]``. Inputs that a graph does not use are allowed, as with ``allow_unused``."""
    from autograd.replay.batch import join, tile
    from autograd.replay.compiled import Compiled
    from autograd.replay.plan import lay_out

    if len(stand_ins) != batch * len(outputs):
        raise ValueError(f"compile_with_loss: {len(stand_ins)} stand-ins for {batch} samples of "
                         f"{len(outputs)} outputs; give one leaf per sample and output")
    with collector_paused():
        model = tile(lay_out(outputs, [*inputs, *shared], True), batch, len(inputs))
        after = lay_out(loss, [*stand_ins, *loss_inputs, *shared], True)
        layout = join(model, after, len(stand_ins))
        return Compiled([*loss, *outputs], layout.leaves[:layout.n_inputs], False, layout=layout)
