"""A safe reader of arithmetic expressions such as ``tanh(x*w + b)``, for the command line.

The text is parsed with :mod:`ast` and then walked node by node against a whitelist:
finite numbers (``1e400``, which a float holds as inf, is refused), variable names,
``+ - * / **`` (also as the :data:`SPELLINGS` the formulas print: ``·``, ``×``, ``−``, ``^``),
unary ``-`` and ``+``, and calls of the :data:`FUNCTIONS` (``exp``,
``log``, ``tanh``, ... : the op table's functions of one Value). Every allowed node is
turned into operations on :class:`~autograd.Value`; nothing is ever passed to ``eval``
or ``exec``, and anything else is an :class:`ExpressionError` that names what is not
allowed.
"""

from __future__ import annotations

import ast
import math
import numbers
import re
import unicodedata
import warnings
from contextlib import nullcontext
from typing import Union

from autograd.modes import no_grad
from autograd.notation import MAX_QUOTE, quoted  # noqa: F401  (the views' quoting is the engine's)
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

MAX_DEPTH = 100
"""The deepest nesting an expression may have: parentheses (a call's too), signs and powers
inside one another, as :func:`nesting_depth` counts them. Both readers of an answer (this
one, and the stepper page's, which would otherwise run out of stack) refuse a deeper one
with :data:`TOO_DEEP`."""

TOO_DEEP = (f"the expression is nested too deeply (more than {MAX_DEPTH} parentheses, signs or "
            "powers inside one another); work out a part of it first")
"""The one message for an expression deeper than :data:`MAX_DEPTH`, in both readers."""

SPELLINGS = {"\u00b7": "*", "\u00d7": "*", "\u2212": "-", "^": "**", "\u00b2": "**2", "\u00b3": "**3"}
"""Other ways an expression (the command line's, an answer in practice mode) may write an
operator, as a formula shows them or a learner is used to: ``·`` and ``×`` for ``*``, ``−``
(the minus sign) for ``-``, ``^`` for ``**``, and a square or cube as the formulas print it
(``o²`` for ``o**2``). :func:`parse` reads them so; the stepper page's
reader of an answer gets them in the page's data."""

_SPELLED = str.maketrans(SPELLINGS)

SPACES = " \t\f"
"""The characters that may stand between the pieces of an expression, as Python's tokenizer
skips them; at its ends line breaks are stripped too (:func:`spelled_out`). Any other (a no-break
space, a byte order mark) is refused, by both readers of an answer."""

PIECES = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[^\W\d]\w*|\*\*|\S")
"""How :func:`parse` cuts a text into the pieces whose nesting it counts: numbers, names and
operators, as the stepper page's reader cuts an answer into tokens."""


class ExpressionError(ValueError):
    """The text is not an expression this reader accepts, or names a variable without a value."""


def nesting_depth(pieces: list[str]) -> int:
    """How deeply the expression of ``pieces`` (its numbers, names and operators, in order) nests:
    the most parentheses, prefix signs and ``**`` exponents open at one point of it, each
    counted until what it encloses ends (a sign and an exponent, at the end of their operand).
    The stepper page's reader counts the same on its tokens (``answer.js``)."""
    # per parenthesis open: the signs and exponents open inside it; `signs` keeps their sum, so
    # the count is linear in the pieces however deep they nest
    open_here, signs, deepest = [0], 0, 0
    for i, piece in enumerate(pieces):
        before = pieces[i - 1] if i else "("
        after = pieces[i + 1] if i + 1 < len(pieces) else ""
        if piece == "(":
            open_here.append(0)
        elif piece == "**" or (piece in "+-" and (before in "+-*/(" or before == "**")):
            open_here[-1] += 1
            signs += 1
        else:
            if piece == ")" and len(open_here) > 1:
                signs -= open_here.pop()
            if piece not in "+-*/" and after not in ("**", "("):
                signs -= open_here[-1]  # an operand ends: so do the signs and powers applied to it
                open_here[-1] = 0
        deepest = max(deepest, len(open_here) - 1 + signs)
    return deepest


def spelled_out(text: str) -> str:
    """``text`` with each of the :data:`SPELLINGS` in its usual spelling (``^`` as ``**``) and without
    the :data:`SPACES` and line breaks at its ends: the text :func:`parse` reads, which the page's
    reader of an answer reads alike."""
    return text.translate(_SPELLED).strip(SPACES + "\r\n")


_NOT_PYTHON = {"#": "'#' (an expression has no comments)",
               "\\": "a backslash", "\n": "a line break", "\r": "a line break"}
"""Characters Python's tokenizer reads in a way the page's reader does not (a comment, a line
continued): refused, so that an expression means the same everywhere."""


def _check_text(source: str) -> None:
    """An ExpressionError for text the parser cannot read as an expression of any depth: a
    character that is not text (a byte that did not decode, a lone surrogate, a null) or that
    Python reads unlike the page (:data:`_NOT_PYTHON`), or more nesting than :data:`MAX_DEPTH`."""
    for at, char in enumerate(source, 1):
        if char in _NOT_PYTHON:
            raise ExpressionError(f"character {at} is {_NOT_PYTHON[char]}; write the expression "
                                  "on one line, of numbers, names, + - * / ** and parentheses")
        if "\ud800" <= char <= "\udfff" or char == "\0":
            if "\udc80" <= char <= "\udcff":  # how Python keeps a byte that did not decode
                what = f"the byte 0x{ord(char) - 0xDC00:02x}, which did not decode as text"
            else:
                what = "a null character" if char == "\0" else f"U+{ord(char):04X}, half of a character"
            raise ExpressionError(f"character {at} is {what}; type the expression again as plain text")
    if nesting_depth(PIECES.findall(source)) > MAX_DEPTH:
        raise ExpressionError(TOO_DEEP)


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return f"the constant {quoted(node.value)} (only numbers are allowed)"
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
        raise ExpressionError(f"{quoted(text)} is not a number") from None
    if not math.isfinite(number):
        raise ExpressionError(f"{quoted(text)} is not a finite number")
    return number


def parse(text: str) -> ast.expr:
    """The syntax tree of ``text``, checked against the whitelist (see the module docstring), its
    operators read in any of the :data:`SPELLINGS` (``x·w`` is ``x*w``, not one name)."""
    if not isinstance(text, str) or not spelled_out(text):
        raise ExpressionError("the expression is empty")
    source = spelled_out(text)
    _check_text(source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", SyntaxWarning)  # "0inf" warns, then fails: one error
            tree = ast.parse(source, mode="eval")
    except SyntaxWarning as warning:
        raise ExpressionError(f"syntax error in the expression: {warning}") from None
    except SyntaxError as error:
        if "integer string conversion" in error.msg:  # over 4300 digits: far beyond any float
            finite_number(math.inf, max(re.findall(r"\d+", source), key=len))  # raises, naming it
        raise ExpressionError(f"syntax error in the expression: {error.msg}") from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the expression is too long for this reader") from None
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
            raise ExpressionError(f"unknown function {quoted(node.func.id)}; the functions are {known}")
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
        if name in FUNCTIONS:  # a function's name: short, and not the user's
            raise ExpressionError(f"{name} is a function: call it as {name}(...)")
        if name not in variables:
            example = name if len(name) <= MAX_QUOTE else "NAME"
            raise ExpressionError(f"the variable {quoted(name)} has no value; give one as {example}=NUMBER")
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
