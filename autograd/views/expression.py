"""A safe reader of arithmetic expressions such as ``tanh(x*w + b)``, for the command line.

The text is parsed with :mod:`ast` and then walked node by node against a whitelist:
finite numbers (``1e400``, which a float holds as inf, is refused), variable names,
``+ - * / **``, unary ``-`` and ``+``, and calls of the :data:`FUNCTIONS` (``exp``,
``log``, ``tanh``, ... : the op table's functions of one Value). Every allowed node is
turned into operations on :class:`~autograd.Value`; nothing is ever passed to ``eval``
or ``exec``, and anything else is an :class:`ExpressionError` that names what is not
allowed.
"""

from __future__ import annotations

import ast
import math
import numbers
import unicodedata
import warnings
from contextlib import nullcontext
from typing import Union

from autograd.modes import no_grad
from autograd.value import FUNCTIONS as VALUE_FUNCTIONS
from autograd.value import Value

FUNCTIONS: dict[str, int] = {name: 1 for name in VALUE_FUNCTIONS}
"""The functions an expression may call, each with the number of arguments it takes: the Value
methods that apply one op of the table to the Value alone (:data:`autograd.value.FUNCTIONS`),
so one each. The command line, practice mode and the stepper page's answer box all read this."""

_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a ** b,
}
_OPERATOR_NAMES = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.Invert: "~", ast.Not: "not",
}
_WHAT = {
    ast.Attribute: "attribute access (a.b)",
    ast.Subscript: "subscripts (a[i])",
    ast.Compare: "comparisons",
    ast.BoolOp: "and/or",
    ast.IfExp: "if/else",
    ast.Lambda: "lambda",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.ListComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.NamedExpr: "assignments (:=)",
    ast.JoinedStr: "strings",
    ast.Starred: "starred arguments",
}

Number = Union[Value, float]


class ExpressionError(ValueError):
    """The text is not an expression this reader accepts, or names a variable without a value."""


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return f"the constant {node.value!r} (only numbers are allowed)"
    return _WHAT.get(type(node), type(node).__name__)


def variable_name(name: str) -> str:
    """A variable name as Python reads an identifier, NFKC-normalised (PEP 3131): U+FB01 (the
    ligature fi) becomes ``fi``, a full-width x becomes ``x``.

    The parser does this to the names in an expression; everything that names a
    variable from outside (``name=value`` on the command line, the keys given to
    :func:`evaluate`) goes through here too, so the two always match.
    """
    return unicodedata.normalize("NFKC", name)


def _as_float(value: Union[str, numbers.Real]) -> float:
    try:
        return float(value)
    except OverflowError:  # an int beyond the floats
        return math.inf


def finite_number(value: Union[str, numbers.Real], text: str) -> float:
    """``value`` (a number, or the text of one) as a finite float, else an ExpressionError naming ``text``.

    The one check of every number the user writes: a literal in the expression
    (``1e400`` reads as inf) and a ``name=value`` on the command line.
    """
    try:
        number = _as_float(value)
    except ValueError:
        raise ExpressionError(f"{text!r} is not a number") from None
    if not math.isfinite(number):
        raise ExpressionError(f"{text!r} is not a finite number")
    return number


def parse(text: str) -> ast.expr:
    """The syntax tree of ``text``, checked against the whitelist (see the module docstring)."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("the expression is empty")
    source = text.strip()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", SyntaxWarning)  # "0inf" warns, then fails: one error
            tree = ast.parse(source, mode="eval")
    except SyntaxWarning as warning:
        raise ExpressionError(f"syntax error in the expression: {warning}") from None
    except SyntaxError as error:
        raise ExpressionError(f"syntax error in the expression: {error.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("the expression is too long or too deeply nested") from None
    stack = [tree.body]
    while stack:  # an explicit stack: a long chain of terms must not hit the recursion limit
        node = stack.pop()
        stack.extend(_allowed_children(node))
        if isinstance(node, ast.Constant) and not math.isfinite(_as_float(node.value)):
            finite_number(node.value, ast.get_source_segment(source, node))  # raises, naming the literal
    return tree.body


def _allowed_children(node: ast.AST) -> list:
    """The sub-expressions of ``node``, or an ExpressionError if ``node`` is not allowed."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, numbers.Real) and not isinstance(node.value, bool):
            return []
        raise ExpressionError(f"not allowed in an expression: {_describe(node)}")
    if isinstance(node, ast.Name):
        return []
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise ExpressionError(f"the operator {_OPERATOR_NAMES.get(type(node.op), '?')} is not allowed; "
                                  "use + - * / **")
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise ExpressionError(f"the operator {_OPERATOR_NAMES.get(type(node.op), '?')} is not allowed; "
                                  "only unary - and + are")
        return [node.operand]
    if isinstance(node, ast.Call):
        known = ", ".join(FUNCTIONS)
        if not isinstance(node.func, ast.Name):
            raise ExpressionError(f"only these functions can be called, by name: {known}")
        if node.func.id not in FUNCTIONS:
            raise ExpressionError(f"unknown function {node.func.id!r}; the functions are {known}")
        arity = FUNCTIONS[node.func.id]
        if len(node.args) != arity or node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            count = "one argument" if arity == 1 else f"{arity} arguments"
            raise ExpressionError(f"{node.func.id}() takes exactly {count}")
        return list(node.args)
    raise ExpressionError(f"not allowed in an expression: {_describe(node)}")


def names(tree: ast.expr) -> list[str]:
    """The variable names ``tree`` uses, in order of first appearance."""
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and id(node) not in called and node.id not in found:
            found.append(node.id)
    return found


def evaluate(tree: ast.expr, variables: dict[str, Value]) -> Value:
    """The Value of a checked ``tree`` (from :func:`parse`), with ``variables`` for its names.

    Constants stay plain numbers until they meet a Value (so ``x ** 2`` is a square,
    not a power with a Value exponent); arithmetic on constants alone is done with the
    engine's own operations, so its errors (``log(-1)``, ``1/0``) read the same. A
    variable without a value is an ExpressionError; domain errors are ValueError,
    ZeroDivisionError or OverflowError from the engine.
    """
    variables = {variable_name(name): v for name, v in variables.items()}
    for name in names(tree):
        if name in FUNCTIONS:
            raise ExpressionError(f"{name} is a function: call it as {name}(...)")
        if name not in variables:
            raise ExpressionError(f"the variable {name!r} has no value; give one as {name}=NUMBER")
    # evaluate children before parents without recursion: post-order over an explicit stack
    results: dict[int, Number] = {}
    stack = [(tree, False)]
    while stack:
        node, ready = stack.pop()
        if not ready:
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
            continue
        results[id(node)] = _apply(node, [results.pop(id(c)) for c in _children(node)], variables)
    result = results[id(tree)]
    return result if isinstance(result, Value) else Value(result)


def _children(node: ast.AST) -> list:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Call):
        return list(node.args)
    return []


def _apply(node: ast.AST, args: list, variables: dict[str, Value]) -> Number:
    if isinstance(node, ast.Constant):
        return float(node.value)  # finite: parse checked it
    if isinstance(node, ast.Name):
        return variables[node.id]
    if isinstance(node, ast.UnaryOp):
        return -args[0] if isinstance(node.op, ast.USub) else args[0]
    constant = not any(isinstance(a, Value) for a in args)
    if constant:  # numbers only: compute with the engine (for its checks), keep a number
        args[0] = Value(args[0])
    with no_grad() if constant else nullcontext():
        if isinstance(node, ast.BinOp):
            result = _BINARY[type(node.op)](args[0], args[1])
        else:
            result = getattr(args[0], node.func.id)(*args[1:])
    if constant:
        if not math.isfinite(result.data):
            raise OverflowError(f"a constant part of the expression is {result.data}")
        return result.data
    return result
