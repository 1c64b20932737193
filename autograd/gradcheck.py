"""Checking analytic gradients against central finite differences."""

from __future__ import annotations

from typing import Callable, Sequence, Union

from autograd.gradients import grad
from autograd.modes import no_grad
from autograd.value import Value


class GradcheckError(AssertionError):
    """Backward and finite differences disagree; the message holds a table of where."""


def numerical_gradient(f: Callable[..., Value], point: Sequence[float], eps: float = 1e-6) -> list[float]:
    """Central differences ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)`` for each input.

    The error of a central difference shrinks like ``eps^2``, against ``eps`` for a
    one-sided one, which is why it is the reference for checking backward.
    """
    def at(xs: list[float]) -> float:
        with no_grad():
            out = f(*[Value(x) for x in xs])
        return out.data if isinstance(out, Value) else float(out)

    slopes = []
    for i, x in enumerate(point):
        up = list(point)
        down = list(point)
        up[i] = x + eps
        down[i] = x - eps
        slopes.append((at(up) - at(down)) / (2 * eps))
    return slopes


def gradcheck(
    f: Callable[..., Value],
    inputs: Sequence[Union[Value, float]],
    eps: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-8,
) -> bool:
    """Check ``f``'s gradients from backward against central finite differences.

    ``f`` takes one Value per entry of ``inputs`` and returns a Value. Each analytic
    gradient ``a`` must match its numerical estimate ``n`` within
    ``|a - n| <= atol + rtol * |n|``. Returns True, or raises :class:`GradcheckError`
    with a table of the inputs that disagree.
    """
    point = [v.data if isinstance(v, Value) else float(v) for v in inputs]
    leaves = [Value(x, label=getattr(v, "label", "")) for x, v in zip(point, inputs)]
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck needs f to return a Value, got {type(out).__name__}")
    analytic = grad(out, leaves)
    numeric = numerical_gradient(f, point, eps)
    rows = [
        (i, leaf.label, x, a, n)
        for i, (leaf, x, a, n) in enumerate(zip(leaves, point, analytic, numeric))
        if not abs(a - n) <= atol + rtol * abs(n)
    ]
    if rows:
        header = "input    label          value       backward      numerical  difference"
        lines = [f"{i:>5} {label:>8} {x:>14.6g} {a:>14.8g} {n:>14.8g} {a - n:>11.3g}"
                 for i, label, x, a, n in rows]
        raise GradcheckError(
            f"gradients disagree with central differences (eps={eps}, rtol={rtol}, atol={atol}) "
            f"for {len(rows)} of {len(leaves)} inputs:\n" + "\n".join([header, *lines])
        )
    return True
