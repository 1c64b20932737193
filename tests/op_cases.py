"""The test cases of the op table (autograd.ops): one row per op, read by every op test.

A row says how to make a node of its op from Values and holds its cases: values and
derivatives worked out by hand at a few points (tests/test_ops.py checks them, checks the
derivatives against central differences and, to second order, grad(grad(...)) against
central differences of grad); the operands on which its forward and rule must run on
NumPy arrays as on floats (tests/test_ops_on_arrays.py); its forms for the random graphs of
tests/test_properties.py (smooth and defined everywhere, so central differences are a fair
reference) and of tests/test_compile_properties.py (kinks allowed: a replay is compared
with the engine), which also replays each hand case. tests/test_rules.py checks each written
formula against its rule at the row's points.

Adding an op to the table is adding its row here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple, Optional, Sequence, Union

import autograd
from autograd import Value

Numbers = Union[float, Sequence[float]]


def _numbers(x: Numbers) -> tuple:
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


@dataclass(frozen=True)
class Hand:
    """``f`` at ``point``, with ``d f / d point[i]`` (``slopes``) and, where given, the second
    derivatives ``d2 f / d point[i] d point[j]`` (``second``, row by row), worked out by hand.

    A one-operand case may give its point, slopes and second derivative as plain numbers.
    ``f`` is the row's ``make`` unless the case names one of its own (``2 - x``, ``x ** 0``)."""

    point: Numbers
    value: float
    slopes: Numbers
    second: Optional[Any] = None
    f: Optional[Callable[..., Value]] = None
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "point", _numbers(self.point))
        object.__setattr__(self, "slopes", _numbers(self.slopes))
        if self.second is not None and not isinstance(self.second, (tuple, list)):
            object.__setattr__(self, "second", ((self.second,),))


class Form(NamedTuple):
    """One step of a random graph: ``f`` of one (``unary``), two (``binary``) or a list of
    (``nary``) earlier results, under a name that hypothesis draws."""

    kind: str
    name: str
    f: Callable[..., Value]


def unary(name: str, f: Callable[[Value], Value]) -> Form:
    return Form("unary", name, f)


def binary(name: str, f: Callable[[Value, Value], Value]) -> Form:
    return Form("binary", name, f)


def nary(name: str, f: Callable[[list], Value]) -> Form:
    return Form("nary", name, f)


SPECIAL = [-math.inf, -800.0, -3.0, -1.5, -0.5, -1e-300, -0.0, 0.0, 1e-300, 0.5, 1.5, 3.0, 800.0,
           math.inf, math.nan]
POSITIVE = [1e-300, 0.25, 0.5, 1.0, 1.5, 3.0, 700.0]
FINITE = SPECIAL[2:-2]
HOSTILE = SPECIAL + [5e-324, -5e-324, -2.0, -1.0, 1.0, 2.0, 1e308, -1e308]
"""Every special value with the subnormals, +-1 and +-2 (where powers of negatives and of
infinities change their rules) and the largest floats: what a replay meets at its worst."""
EXPONENTS = [-math.inf, -1.5, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.0, 3.0, math.inf, math.nan]
"""Constant exponents of ``x ** k`` (the ``**`` row's own is 3), special ones included."""


@dataclass(frozen=True)
class Arrays:
    """Operand tuples inside the op's domain (floats, one tuple per node) and its constant ``k``:
    what its forward and rule get, one array per operand, in tests/test_ops_on_arrays.py."""

    operands: list
    k: Any = None


EVERY_SPECIAL = Arrays([(x,) for x in SPECIAL])


@dataclass(frozen=True)
class OpCase:
    """The cases of one op. ``make`` builds a node of it from Values; ``example`` is a point
    (default: the first hand case's) where its rule is checked against its written formula too.
    ``arrays`` is None only for dot, whose operands are laid out apart (its own tests).
    ``rounded_by_numpy``: NumPy computes the forward with its own code (``np.exp``), which may
    differ from ``math``'s in the last bits, so the array tests compare to 4e-16."""

    name: str
    make: Callable[..., Value]
    hand: tuple[Hand, ...]
    example: Optional[tuple] = None
    graphs: tuple[Form, ...] = ()
    replay_graphs: tuple[Form, ...] = ()
    arrays: Optional[Arrays] = EVERY_SPECIAL
    rounded_by_numpy: bool = False

    def points(self) -> list[tuple[Callable[..., Value], tuple]]:
        """Every function with its point: ``make`` at the example, then each hand case."""
        example = self.example if self.example is not None else self.hand[0].point
        return [(self.make, example), *((h.f or self.make, h.point) for h in self.hand)]


def _softmax(xs: Sequence[float]) -> list[float]:
    total = sum(math.exp(x) for x in xs)
    return [math.exp(x) / total for x in xs]


S = 1 / (1 + math.exp(-0.3))  # sigmoid(0.3)
T = math.tanh(0.34)  # the neuron below: tanh(0.3 * -1.2 + 0.7)
NARY_POINT = (0.3, -1.2, 0.7, 2.0)
LN2 = math.log(2)

CASES: list[OpCase] = [
    OpCase("+", lambda a, b: a + b, (Hand((2.0, 3.0), 5.0, (1.0, 1.0)),
                                     Hand(1.0, 3.0, 1.0, f=lambda x: 2 + x, label="reflected")),
           example=(1.7, -0.6), graphs=(binary("add", lambda a, b: a + b),),
           replay_graphs=(nary("python_sum", lambda xs: sum(xs[1:], xs[0])),  # a chain of +: one row
                          nary("python_sum_from_zero", lambda xs: sum(xs))),  # a leaf 0 heads the row
           arrays=Arrays([(a, b) for a in FINITE for b in FINITE])),
    OpCase("-", lambda a, b: a - b, (Hand((2.0, 3.0), -1.0, (1.0, -1.0)),
                                     Hand(1.0, 1.0, -1.0, f=lambda x: 2 - x, label="reflected")),
           example=(1.7, -0.6), graphs=(binary("sub", lambda a, b: a - b),),
           arrays=Arrays([(a, b) for a in FINITE for b in FINITE])),
    OpCase("*", lambda a, b: a * b, (Hand((2.0, 3.0), 6.0, (3.0, 2.0), ((0.0, 1.0), (1.0, 0.0))),
                                     Hand(1.0, 2.0, 2.0, f=lambda x: 2 * x, label="reflected")),
           example=(1.7, -0.6),
           graphs=(binary("mul", lambda a, b: a * b), unary("scale", lambda a: 0.5 * a - 1.5)),
           arrays=Arrays([(a, b) for a in FINITE for b in FINITE])),
    OpCase("/", lambda a, b: a / b, (Hand((3.0, 2.0), 1.5, (0.5, -0.75)),
                                     Hand(4.0, 0.5, -2 / 16, 4 / 4.0 ** 3, f=lambda x: 2 / x,
                                          label="reflected")),
           example=(1.7, -0.6), graphs=(binary("safe_div", lambda a, b: a / (1 + b * b)),),
           arrays=Arrays([(a, b) for a in FINITE for b in (-2.0, -0.5, 0.25, 3.0)])),
    OpCase("neg", lambda x: -x, (Hand(1.5, -1.5, -1.0, 0.0),), example=(1.7,),
           graphs=(unary("neg", lambda a: -a),)),
    OpCase("**", lambda x: x ** 3, (
        Hand(3.0, 9.0, 6.0, 2.0, f=lambda x: x ** 2, label="square"),
        Hand(-2.0, -8.0, 12.0, -12.0, label="cube"),
        Hand(4.0, 8.0, 3.0, f=lambda x: x ** 1.5, label="fractional"),
        Hand(2.0, 0.5, -0.25, f=lambda x: x ** -1, label="reciprocal"),
        Hand(2.0, 1.0, 0.0, 0.0, f=lambda x: x ** 0, label="zero")),
           example=(1.7,), graphs=(unary("square", lambda a: a ** 2),),
           replay_graphs=(unary("cube", lambda a: a ** 3),
                          unary("inverse_power", lambda a: (1 + a * a) ** -1.5),
                          unary("root", lambda a: (1 + abs(a)) ** 0.5)),
           arrays=Arrays([(x,) for x in POSITIVE], 2.5), rounded_by_numpy=True),
    OpCase("pow", lambda a, b: a ** b, (
        Hand((2.0, 3.0), 8.0, (12.0, 8 * LN2)),
        Hand(3.0, 8.0, 8 * LN2, 8 * LN2 ** 2, f=lambda x: 2 ** x, label="reflected")),
           example=(1.7, -0.6), graphs=(binary("pos_pow", lambda a, b: (1 + a * a) ** b.tanh()),),
           replay_graphs=(binary("vpow_of_square", lambda a, b: (a * a + 0.5) ** b),),
           arrays=Arrays([(a, b) for a in POSITIVE[1:-1] for b in (-1.5, 0.0, 0.5, 2.0, 3.0)]),
           rounded_by_numpy=True),
    OpCase("exp", lambda x: x.exp(), (Hand(0.7, math.exp(0.7), math.exp(0.7), math.exp(0.7)),),
           example=(-0.6,), graphs=(unary("exp_tanh", lambda a: a.tanh().exp()),),
           arrays=Arrays([(x,) for x in SPECIAL if not 700 < abs(x) < math.inf or x < 0]),
           rounded_by_numpy=True),
    OpCase("log", lambda x: x.log(), (Hand(2.0, math.log(2.0), 0.5, -1 / 2.0 ** 2),),
           example=(1.7,), graphs=(unary("log1p_square", lambda a: (1 + a * a).log()),),
           arrays=Arrays([(x,) for x in POSITIVE]), rounded_by_numpy=True),
    OpCase("sqrt", lambda x: x.sqrt(), (Hand(4.0, 2.0, 0.25, -0.25 * 4.0 ** -1.5),),
           example=(1.7,), graphs=(unary("sqrt1p_square", lambda a: (1 + a * a).sqrt()),),
           arrays=Arrays([(x,) for x in POSITIVE])),
    OpCase("sin", lambda x: x.sin(), (
        Hand(0.5, math.sin(0.5), math.cos(0.5), -math.sin(0.5)),
        Hand(math.pi, math.sin(math.pi), -1.0, -math.sin(math.pi), label="at pi")),
           example=(-0.6,), graphs=(unary("sin", lambda a: a.sin()),), rounded_by_numpy=True),
    OpCase("cos", lambda x: x.cos(), (
        Hand(0.5, math.cos(0.5), -math.sin(0.5), -math.cos(0.5)),
        Hand(0.0, 1.0, 0.0, -1.0, label="at 0")),
           example=(-0.6,), graphs=(unary("cos", lambda a: a.cos()),), rounded_by_numpy=True),
    OpCase("tanh", lambda x: x.tanh(), (
        Hand(0.5, math.tanh(0.5), 1 - math.tanh(0.5) ** 2,
             -2 * math.tanh(0.5) * (1 - math.tanh(0.5) ** 2)),),
           example=(-0.6,), graphs=(unary("tanh", lambda a: a.tanh()),), rounded_by_numpy=True),
    OpCase("sigmoid", lambda x: x.sigmoid(), (
        Hand(0.3, S, math.exp(-0.3) / (1 + math.exp(-0.3)) ** 2, S * (1 - S) * (1 - 2 * S)),),
           example=(-0.6,), graphs=(unary("sigmoid", lambda a: a.sigmoid()),), rounded_by_numpy=True),
    OpCase("relu", lambda x: x.relu(), (Hand(0.8, 0.8, 1.0, 0.0), Hand(-0.8, 0.0, 0.0, 0.0)),
           example=(1.7,), replay_graphs=(unary("relu", lambda a: a.relu()),)),
    OpCase("leaky_relu", lambda x: x.leaky_relu(0.1), (
        Hand(-2.0, -0.2, 0.1, 0.0),
        Hand(-2.0, -0.02, 0.01, f=lambda x: x.leaky_relu(), label="default slope")),
           example=(-0.6,), replay_graphs=(unary("leaky_relu", lambda a: a.leaky_relu(0.1)),),
           arrays=Arrays([(x,) for x in SPECIAL], 0.1)),
    OpCase("abs", lambda x: abs(x), (Hand(-3.0, 3.0, -1.0, 0.0),
                                     Hand(3.0, 3.0, 1.0, f=lambda x: x.abs(), label="method")),
           example=(-0.6,), replay_graphs=(unary("abs", lambda a: abs(a)),)),
    OpCase("softplus", lambda x: x.softplus(), (
        Hand(0.4, math.log(1 + math.exp(0.4)), 1 / (1 + math.exp(-0.4))),
        Hand(-2.0, math.log(1 + math.exp(-2.0)), 1 / (1 + math.exp(2.0)), label="of a negative")),
           example=(-0.6,), graphs=(unary("softplus", lambda a: a.softplus()),), rounded_by_numpy=True),
    OpCase("logsumexp", lambda *xs: autograd.logsumexp(xs), (
        Hand(NARY_POINT, math.log(sum(map(math.exp, NARY_POINT))), _softmax(NARY_POINT)),),
           example=(1.7, -0.6, 1.7), graphs=(nary("logsumexp", lambda xs: autograd.logsumexp(xs)),),
           # specials too: an infinite or NaN term gives what the float form gives
           arrays=Arrays(list(zip(*[SPECIAL[i:] + SPECIAL[:i] for i in (0, 4, 7)]))),
           rounded_by_numpy=True),
    OpCase("sum", lambda *xs: autograd.sum(xs), (Hand(NARY_POINT, 1.8, (1.0,) * 4),),
           example=(1.7, -0.6, 1.7), graphs=(nary("sum", lambda xs: autograd.sum(xs)),),
           arrays=Arrays(list(zip(SPECIAL[2:-2], SPECIAL[4:], SPECIAL[3:-1])))),
    OpCase("dot", lambda w1, w2, x1, x2, b: autograd.dot([w1, w2], [x1, x2], b, activation="tanh"), (
        Hand(NARY_POINT, 0.3 * 0.7 + -1.2 * 2.0, (0.7, 2.0, 0.3, -1.2),
             ((0.0, 0.0, 1.0, 0.0), (0.0, 0.0, 0.0, 1.0), (1.0, 0.0, 0.0, 0.0), (0.0, 1.0, 0.0, 0.0)),
             f=lambda a, b, c, d: autograd.dot([a, b], [c, d]), label="without bias"),
        Hand(NARY_POINT, 2.0 * T, (2.0 * (1 - T * T) * -1.2, 2.0 * (1 - T * T) * 0.3, 2.0 * (1 - T * T), T),
             f=lambda a, b, c, d: autograd.dot([a], [b], c, activation="tanh") * d,
             label="with bias and tanh")),
           example=(1.7, -0.6, -0.6, 1.7, 1.7),
           graphs=(nary("dot_tanh", lambda xs: autograd.dot(
               xs[: len(xs) // 2], xs[len(xs) // 2: 2 * (len(xs) // 2)], xs[-1], activation="tanh")),),
           replay_graphs=(
               *(nary(f"dot_{name}", lambda xs, name=name: _dot_of(xs, name))
                 for name in ("linear", "relu", "leaky_relu", "tanh", "sigmoid")),
               nary("dot_without_bias", lambda xs: _dot_of(xs, "relu", bias=False))),
           arrays=None),
]
"""One row per op of autograd.ops.OPS."""


def _dot_of(xs: list, activation: str, bias: bool = True) -> Value:
    """A neuron of the first half of ``xs`` (weights) and the second (inputs), the last as bias."""
    n = len(xs) // 2
    return autograd.dot(xs[:n], xs[n:2 * n], xs[-1] if bias else None, activation=activation)


BY_NAME: dict[str, OpCase] = {case.name: case for case in CASES}


def forms(kind: str, *, replay: bool = False) -> dict[str, Callable[..., Value]]:
    """The random-graph forms of ``kind`` of every row, by name: the smooth ones, and with
    ``replay`` the ones a replay runs too."""
    return {form.name: form.f for case in CASES
            for form in (*case.graphs, *(case.replay_graphs if replay else ()))
            if form.kind == kind}


def hand_cases() -> list[tuple[str, OpCase, Hand]]:
    """Every hand-worked case, with an id (the op's name and the case's label)."""
    return [(f"{case.name} {h.label}".strip(), case, h) for case in CASES for h in case.hand]
