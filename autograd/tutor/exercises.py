"""Seeded exercises of the chain rule, for worksheets: :class:`Level`, :data:`LEVELS`, :class:`Exercise`.

An exercise is a small graph to work through on paper: a few inputs with short numbers, a
few operations, one output. :func:`make_exercise` draws one from ``(seed, level, number)``
alone, with its own generator (:class:`Draws`), so exercise 3 of sheet 17 is the same whatever
else is on the sheet, on every machine and Python version, and another seed gives another.

An exercise is kept as a plan (:class:`Node` rows: an input and its number, or an op and its
operands) and built by the engine whenever it is needed (:meth:`Exercise.build`), so the
sheet, its answer key, practice mode and the stepper page all use the engine's own graph;
the key's values are the graph's ``data`` and its gradients what ``backward()`` leaves in
``grad`` (:meth:`Exercise.answers`), never worked out apart.

An exercise is drawn again (from the same generator, so still deterministically) until it is
fair to do by hand (:func:`fair`): no domain error, every number within ``[-100, 100]`` and
not vanishingly small, no argument at relu's kink or far into tanh's or exp's flat or steep
parts, a divisor of at least 0.5, a gradient reaching some input and every input unless a relu
is off (no paths that cancel, as in ``(d + f) - f``), and, at the levels whose
ops keep numbers exact (:attr:`Level.exact`), every value and gradient a decimal of at most
four places.
"""

from __future__ import annotations

import math
import operator
import random
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from autograd.graph import forward_order
from autograd.value import Value
from autograd.views.names import expression, value_names

T = TypeVar("T")

APPLY: dict[str, Callable[..., Value]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "square": lambda v: v ** 2, "tanh": Value.tanh, "exp": Value.exp, "relu": Value.relu,
    "sigmoid": Value.sigmoid,
}
"""The operations an exercise may use, by the name a :class:`Level` lists them with."""

LARGEST = 100.0
"""No value or gradient of an exercise is larger in magnitude."""
SMALLEST = 0.001
"""No value or gradient of an exercise is smaller in magnitude, unless exactly 0."""
FLAT = {"tanh": 2.0, "exp": 2.0, "sigmoid": 3.0}
"""The largest argument (in magnitude) these functions get: beyond, tanh's and sigmoid's slopes
are nearly 0 and exp grows fast, which teaches nothing by hand."""
ATTEMPTS = 2000
"""How many drawings :func:`make_exercise` tries before it gives up (none needs near so many)."""
_NAMES = "abcdfghjkmnpqrstuvwxyz"  # no e (Euler's number), l or o (1 and 0 in handwriting)


@dataclass(frozen=True)
class Level:
    """How hard a sheet's exercises are: which ops, how many inputs and operations, how many
    times a Value is used again, or a neuron (:data:`LEVELS` holds the named ones)."""

    name: str
    description: str
    binary: tuple[str, ...]
    unary: tuple[str, ...] = ()
    inputs: int = 2
    operations: int = 1
    reuse: int = 0
    numbers: tuple[float, ...] = (-3.0, -2.0, -1.0, 1.0, 2.0, 3.0)
    neuron: bool = False

    @property
    def exact(self) -> bool:
        """Whether every number of its exercises is a short decimal (no tanh, exp, sigmoid)."""
        return not any(op in FLAT for op in self.unary)


_HALVES = (-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0)
LEVELS: dict[str, Level] = {level.name: level for level in (
    Level("sums", "+, - and * of four whole numbers; each Value used once", ("+", "-", "*"),
          inputs=4, operations=3, numbers=(-4.0, -3.0, -2.0, -1.0, 1.0, 2.0, 3.0, 4.0)),
    Level("reuse", "+, -, *, / and squares, four operations; one Value used twice, so its gradient "
          "adds up over two paths", ("+", "-", "*", "/"), ("square",), inputs=3, operations=4, reuse=1,
          numbers=(-3.0, -2.0, -1.0, -0.5, 0.5, 1.0, 2.0, 3.0, 4.0)),
    Level("functions", "+, -, * with tanh, exp and relu, five operations; one Value used twice",
          ("+", "-", "*"), ("tanh", "exp", "relu"), inputs=3, operations=5, reuse=1, numbers=_HALVES),
    Level("neuron", "a neuron as in the lecture, op by op: tanh, sigmoid or relu of x1*w1 + x2*w2 + b "
          "(sometimes a third input)", ("+", "*"), ("tanh", "sigmoid", "relu"), neuron=True, numbers=_HALVES),
    Level("deep", "+, -, *, squares, tanh, exp and relu, eight operations; two Values used again",
          ("+", "-", "*"), ("square", "tanh", "exp", "relu"), inputs=3, operations=8, reuse=2,
          numbers=_HALVES),
)}
"""The named levels, easiest first (the README's table lists them)."""


@dataclass(frozen=True)
class Node:
    """One row of an exercise's plan: an input (``op`` empty, its ``number``) or an op applied to
    earlier rows (``operands``: their indices)."""

    label: str
    op: str = ""
    operands: tuple[int, ...] = ()
    number: float = 0.0


@dataclass(frozen=True)
class Answer:
    """One Value of a built exercise, with what the key shows: its name, how it is computed (``""``
    for an input), its value and the output's gradient with respect to it (from ``backward``)."""

    name: str
    how: str
    value: float
    grad: float


@dataclass(frozen=True)
class Exercise:
    """Exercise ``number`` of the sheet drawn from ``seed`` at ``level``, as a plan of nodes."""

    seed: int
    level: str
    number: int
    nodes: tuple[Node, ...]

    def build(self) -> Value:
        """The exercise's graph, built afresh by the engine (its output, before any backward)."""
        return self.build_all()[-1]

    def build_all(self) -> list[Value]:
        """Every Value of the exercise's graph, built afresh by the engine, in the plan's order
        (inputs first, the output last)."""
        values: list[Value] = []
        for node in self.nodes:
            if node.op:
                v = APPLY[node.op](*(values[i] for i in node.operands))
                v.label = node.label
            else:
                v = Value(node.number, label=node.label)
            values.append(v)
        return values

    def answers(self) -> list[Answer]:
        """Every Value in the plan's order with its value and gradient: the graph built, then
        ``backward()`` run on it; the numbers are the engine's ``data`` and ``grad``."""
        values = self.build_all()
        values[-1].backward()
        names = value_names(values[-1])
        return [Answer(names[v], expression(v, names), v.data, v.grad) for v in values]


class Draws:
    """Random choices from a text seed, made with ``random.Random.random`` alone: for a seed, Python
    keeps that sequence the same from version to version, and not those of ``choice``, ``shuffle``
    or ``sample``, so a sheet handed out can be made again, key and all, years later."""

    def __init__(self, seed: str) -> None:
        self._random = random.Random(seed).random

    def index(self, n: int) -> int:
        """A whole number from 0 to ``n - 1``, each as likely."""
        return min(int(self._random() * n), n - 1)

    def choice(self, items: Sequence[T]) -> T:
        return items[self.index(len(items))]

    def shuffle(self, items: list) -> None:
        """Put ``items`` in a random order, in place (Fisher and Yates)."""
        for i in range(len(items) - 1, 0, -1):
            j = self.index(i + 1)
            items[i], items[j] = items[j], items[i]


def _draw_graph(rng: Draws, level: Level) -> list[Node]:
    """A random plan: the inputs, then each operation on Values not used yet (or, ``level.reuse``
    times, on one used already), ending in the one output that uses every input."""
    nodes = [Node(name, number=rng.choice(level.numbers)) for name in _NAMES[:level.inputs]]
    unused = list(range(level.inputs))
    kinds = ["join"] * (level.inputs - 1) + ["reuse"] * level.reuse
    kinds += ["apply"] * (level.operations - len(kinds))
    rng.shuffle(kinds)
    for kind in kinds:
        first = unused.pop(rng.index(len(unused)))
        if kind == "apply":  # never the same function twice in a row (relu(relu(a)))
            ops = [op for op in level.unary if op != nodes[first].op] or list(level.unary)
            op, operands = rng.choice(ops), (first,)
        else:
            others = unused if kind == "join" else [i for i in range(len(nodes)) if i != first]
            second = others[rng.index(len(others))]
            if kind == "join":
                unused.remove(second)
            op, operands = rng.choice(level.binary), (first, second) if rng.index(2) else (second, first)
        unused.append(len(nodes))
        nodes.append(Node(_NAMES[len(nodes)], op, operands))
    nodes[-1] = Node("L", nodes[-1].op, nodes[-1].operands)
    return nodes


def _draw_neuron(rng: Draws, level: Level) -> list[Node]:
    """The lecture's neuron, op by op: ``o = act(x1*w1 + x2*w2 [+ x3*w3] + b)``."""
    size = rng.choice((2, 2, 3))
    nodes: list[Node] = []
    for i in range(1, size + 1):
        nodes += [Node(f"{name}{i}", number=rng.choice(level.numbers)) for name in "xw"]
    nodes.append(Node("b", number=rng.choice(level.numbers)))
    total = None
    for i in range(size):
        nodes.append(Node(f"p{i + 1}", "*", (2 * i, 2 * i + 1)))
        if total is not None:
            nodes.append(Node(f"s{i}", "+", (total, len(nodes) - 1)))
        total = len(nodes) - 1
    nodes.append(Node("n", "+", (total, 2 * size)))
    nodes.append(Node("o", rng.choice(level.unary), (len(nodes) - 1,)))
    return nodes


def _short(x: float) -> bool:
    """Whether ``x`` is a decimal of at most four places (to the float's rounding)."""
    scaled = x * 10_000
    return abs(scaled - round(scaled)) <= 1e-6 * max(1.0, abs(scaled))


def fair(root: Value, level: Level) -> bool:
    """Whether the built exercise ``root`` (after ``backward``) is fair to do by hand (see the
    module docstring)."""
    order = forward_order(root)
    for v in order:
        for x in (v.data, v.grad):
            if not math.isfinite(x) or abs(x) > LARGEST or 0 < abs(x) < SMALLEST:
                return False
            if level.exact and not _short(x):
                return False
        if v.op in FLAT and abs(v.inputs[0].data) > FLAT[v.op]:
            return False
        if v.op == "relu" and abs(v.inputs[0].data) < 0.1:
            return False
        if v.op == "/" and abs(v.inputs[1].data) < 0.5:
            return False
    inputs = [v for v in order if not v.inputs]
    relu_off = any(v.op == "relu" and v.inputs[0].data < 0 for v in order)
    # an input without gradient teaches something when a relu is off; else its paths cancel
    # (``(d + f) - f``) or a factor is 0, a dead end on paper
    return any(v.grad != 0 for v in inputs) and (relu_off or all(v.grad != 0 for v in inputs))


def make_exercise(seed: int, level: str, number: int) -> Exercise:
    """Exercise ``number`` of the sheet of ``seed`` at ``level`` (a name of :data:`LEVELS`): the
    first fair drawing of a generator seeded by the three alone."""
    kind = LEVELS[level]
    rng = Draws(f"chainrule worksheet {seed} {level} {number}")
    draw = _draw_neuron if kind.neuron else _draw_graph
    for _ in range(ATTEMPTS):
        exercise = Exercise(seed, level, number, tuple(draw(rng, kind)))
        try:
            root = exercise.build()
            root.backward()
        except (ArithmeticError, ValueError):
            continue
        if fair(root, kind):
            return exercise
    raise RuntimeError(f"no fair exercise found for seed {seed}, level {level!r}, exercise {number} "
                       f"in {ATTEMPTS} drawings")
