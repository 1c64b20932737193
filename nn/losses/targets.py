"""How the losses of :mod:`nn.losses.functions` read their predictions and targets: flattened into
pairs, checked (a NaN target, a class out of range, a label that is not -1/+1 is an
error naming it), and the per-sample terms reduced to a mean, a sum or a list.
"""

from __future__ import annotations

import math
import numbers
import operator
import reprlib
from typing import Any, Iterable, Union

import numpy as np

import autograd
from autograd import Value
from autograd.value import as_value, is_real
from nn.checks import as_float, check_choice, must, not_finite, number_of, plural, quoted
from nn.data.batches import is_batch, plain

Reduction = str


def flatten(x: Any) -> list:
    """``x`` as a flat list: a Value or number is ``[x]``, arrays and nested lists are flattened."""
    x = plain(x)
    if not isinstance(x, (list, tuple)):
        return [x]
    flat = []
    for item in x:
        if type(item) is not Value and type(item) is not float:  # those two plain() leaves as they are
            item = plain(item)
        if isinstance(item, (list, tuple)):
            flat.extend(flatten(item))
        else:
            flat.append(item)
    return flat


def as_values(items: Iterable[Any]) -> list[Value]:
    return [v if type(v) is Value else as_value(v) for v in items]


def pair(pred: Any, target: Any, loss: str) -> tuple[list[Value], list]:
    """Predictions (as Values) and targets as two flat lists of one length, or a ValueError.

    Every target must be a finite number: a NaN target would make the loss NaN, silently.
    A bool counts as 0 or 1 (labels are often a NumPy bool array).
    """
    preds = as_values(flatten(pred))
    targets = [float(t) if type(t) is bool else t for t in flatten(target)]
    if len(preds) != len(targets):
        raise ValueError(must(loss, "targets", f"be one per prediction ({plural(len(preds), 'prediction')})",
                              plural(len(targets), "target")))
    if not preds:
        raise ValueError(must(loss, "the predictions", "hold at least one", "none"))
    for i, t in enumerate(targets):
        if type(t) is float and t - t == 0.0:  # a finite float, nearly every target: nothing to check
            continue
        if type(t) is Value and type(t.data) is float and t.data - t.data == 0.0:  # a fed target, as finite
            continue
        y = t.data if isinstance(t, Value) else t
        if not (isinstance(y, bool) or is_real(y)):
            raise TypeError(must(loss, f"target {i}", "be a number", f"{quoted(t)} ({type(t).__name__})"))
        if not math.isfinite(as_float(y, f"target {i}", loss)):
            raise not_finite(loss, f"target {i}", y, "drop that sample or correct it")
    return preds, targets


def check_binary_targets(targets: list, loss: str) -> None:
    """A ValueError naming the first target outside [0, 1] (classes 0 and 1, or a probability of 1)."""
    for i, t in enumerate(targets):
        y = number_of(t)
        if not 0.0 <= y <= 1.0:
            raise ValueError(must(loss, f"target {i}", "be in [0, 1] (class 0 or 1, or the probability "
                                  "of class 1)", quoted(t), "for labels -1/+1 use hinge"))


def reduce(terms: list[Value], reduction: Reduction, loss: str) -> Union[Value, list[Value]]:
    """The mean of ``terms`` (one ``sum`` node and a division), their sum, or the list itself."""
    if reduction == "mean":
        return autograd.sum(terms) / len(terms)
    if reduction == "sum":
        return autograd.sum(terms)
    if reduction == "none":
        return terms
    check_choice(reduction, "reduction", loss, ("mean", "sum", "none"))
    raise AssertionError("unreachable: check_choice refuses every other reduction")


def logit_rows(logits: Any, target: Any, loss: str) -> tuple[list[list[Value]], list[Any]]:
    """Rows of logits and each one's target (a class index or a list of probabilities),
    for one sample or a batch."""
    logits = plain(logits)
    if is_batch(logits):
        rows, targets = logits, sample_targets(target)
    else:
        rows, targets = [logits], [plain(target)]
    if len(rows) != len(targets):
        raise ValueError(must(loss, "targets", f"be one per sample of logits ({plural(len(rows), 'sample')})",
                              plural(len(targets), "target")))
    for i, row in enumerate(rows):
        if not len(row):
            raise ValueError(must(loss, f"the logits of sample {i}", "hold at least one", "none"))
    return [as_values(row) for row in rows], targets


def sample_targets(target: Any) -> list:
    """A batch's targets for a loss with one output per class, one per sample: a class number, or a
    row of class probabilities (a 2-D array or a list of lists gives rows; anything else is
    flattened into classes)."""
    target = plain(target)
    return [plain(t) for t in target] if is_batch(target) else flatten(target)


def is_distribution(target: Any) -> bool:
    """Whether a class target is a row of class probabilities rather than one class number."""
    return isinstance(target, (list, tuple))


def check_distribution(target: Any, i: int) -> None:
    """A ValueError unless sample ``i``'s row of class probabilities is numbers in [0, 1] adding up to 1."""
    probabilities = [p.data if isinstance(p, Value) else p for p in target]
    if any(isinstance(p, (bool, np.bool_)) for p in probabilities):
        # the engine's Value refuses a bool, so a compiled replay must not quietly read one as 0/1
        raise TypeError(must("cross_entropy", f"the class probabilities of sample {i}",
                             "be numbers, not bools", reprlib.repr(probabilities),
                             "give them as floats: y.astype(float)"))
    if not all(isinstance(p, numbers.Real) and 0.0 <= p <= 1.0 for p in probabilities):
        raise ValueError(must("cross_entropy", f"the class probabilities of sample {i}",
                              "be numbers in [0, 1]", reprlib.repr(probabilities)))
    if abs(math.fsum(probabilities) - 1.0) > 1e-6:
        raise ValueError(must("cross_entropy", f"the class probabilities of sample {i}", "add up to 1",
                              repr(math.fsum(probabilities)), "give a class index or a distribution"))


def target_class(target: Any) -> int:
    """The class a target names: a class number, or the most probable class of a row of probabilities
    (the first of equals), which is what accuracy compares with the predicted class."""
    return argmax(target) if is_distribution(target) else class_index(target)


def argmax(row: Any) -> int:
    """The index of the largest number of ``row`` (Values or numbers, flattened), the first of equals."""
    numbers = [number_of(v) for v in flatten(row)]
    return max(range(len(numbers)), key=numbers.__getitem__)


def picked_logit(row: list[Value], target: Any, i: int) -> Value:
    """The logit of the target class ``z_c``, or for class probabilities ``p`` the mean logit
    ``sum_j p_j z_j`` (one dot node); ``z_c`` is the case of a one-hot ``p``."""
    if not is_distribution(target):
        c = class_index(target)
        if not 0 <= c < len(row):
            raise ValueError(must("cross_entropy", f"the class of sample {i}", f"be in 0 .. {len(row) - 1} "
                                  f"(one per logit)", quoted(c)))
        return row[c]
    if len(target) != len(row):
        raise ValueError(must("cross_entropy", f"the class probabilities of sample {i}",
                              f"be one per logit ({len(row)})", f"{len(target)}"))
    check_distribution(target, i)
    return autograd.dot(target, row)


def class_index(target: Any) -> int:
    """A class target as an int; a float must be a whole number (NumPy label arrays are often float)."""
    try:
        return operator.index(target)
    except TypeError:
        if isinstance(target, float) and target.is_integer():
            return int(target)
        fix = "give a class as a number, or as a list of class probabilities (one-hot)" \
            if isinstance(target, Value) else ""
        raise ValueError(must("cross_entropy", "a class target", "be a whole number", quoted(target),
                              fix)) from None


def hinge_label(label: Any) -> Union[float, Value]:
    """A hinge label as it goes into the expression: a number as the float -1.0 or +1.0 (0 counts
    as -1; a float is what a Value multiplies fastest), a Value as it is (it is fed anew, so it
    must hold -1 or +1 itself)."""
    if type(label) is float and (label == 1.0 or label == -1.0):  # nearly every label: as it is
        return label
    if isinstance(label, Value):
        if label.data not in (-1.0, 1.0):
            raise ValueError(must("hinge", "a label given as a Value", "hold -1 or +1 (it is used as it is)",
                                  repr(label.data)))
        return label
    return float(plus_minus_one(label))


def plus_minus_one(label: Any) -> int:
    """A hinge label as -1 or +1: 0 counts as -1."""
    y = number_of(label)
    if y == 0.0 or y == -1.0:
        return -1
    if y == 1.0:
        return 1
    raise ValueError(must("hinge", "labels", "be -1/+1 or 0/1", quoted(label)))
