"""How numbers and expressions are written in text: the notation every view shares.

Expressions read like the Python that computed them (``x1*w1 + x2*w2``, ``tanh(n)``,
``x**2``); local derivatives read like mathematics (``1 - o²``, ``2·x``). The op
table (:mod:`autograd.ops`) writes each operation with the helpers here, and names,
explanations, pictures and the stepper all format numbers with :func:`format_number`.

Grouping is decided from the text alone, by the operator that binds loosest outside
any brackets: ``x + y`` is a sum, ``x*y`` a product, ``-x`` a negation, ``x**2`` a
power, and a name, a number or a call ``tanh(n)`` an atom. An operand gets parentheses
only when its loosest operator binds more loosely than its place allows.
"""

from __future__ import annotations

import re

ATOM, POWER, PRODUCT, NEGATION, SUM = range(5)
"""How loosely a text binds, from an atom (``x``, ``2.0``, ``tanh(n)``) to a sum (``a + b``).
A leading minus counts as looser than a product, so ``a*(-b)`` keeps its parentheses."""

_PLAIN_NAME = re.compile(r"[\w.\[\]]+")


def format_number(x: float, digits: int = 4) -> str:
    """``x`` with ``digits`` significant digits, always looking like a float: 1.0, -1.5, 0.7071."""
    if x == 0:
        return "0.0"
    text = f"{x:.{digits}g}"
    return text + ".0" if text.lstrip("-").isdigit() else text


def _outside_brackets(text: str) -> str:
    """``text`` without whatever stands inside round or square brackets."""
    depth, kept = 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def binding(text: str) -> int:
    """How loosely ``text`` binds: :data:`ATOM`, :data:`POWER`, :data:`PRODUCT`,
    :data:`NEGATION` or :data:`SUM` (its loosest operator outside brackets)."""
    top = _outside_brackets(text.strip())
    if " " in top:
        return SUM  # ``a + b``, ``a - b``, or a label with spaces in it
    if top.startswith("-"):
        return NEGATION
    if "*" in top.replace("**", "") or "/" in top or "·" in top:
        return PRODUCT
    if "**" in top or "^" in top:
        return POWER
    return ATOM


def group(text: str, loosest: int = ATOM) -> str:
    """``text`` in parentheses unless it binds at least as tightly as ``loosest`` allows."""
    return text if binding(text) <= loosest else f"({text})"


def wrap_name(name: str) -> str:
    """``name`` as it can stand after ``d`` in ``dL/dname``: in parentheses unless it is one word."""
    return name if _PLAIN_NAME.fullmatch(name) else f"({name})"


def numeral(x: float, digits: int = 4) -> str:
    """``x`` as it can stand inside a formula: :func:`format_number`, negatives in parentheses."""
    text = format_number(x, digits) if digits else repr(float(x))
    return f"({text})" if text.startswith("-") else text


def call(name: str, args: list[str]) -> str:
    """``name(a, b)``: how a function of its operands is written."""
    return f"{name}({', '.join(args)})"


def infix(symbol: str, args: list[str]) -> str:
    """Operands joined by an operator, grouped as its precedence needs.

    ``+`` and ``-`` are spaced (``a + b``), ``*``, ``/`` and ``**`` are not (``x1*w1``),
    as people tend to write them. Right operands of ``-`` and ``/`` group more tightly,
    since those operators do not associate: ``a - (b + c)``, ``a/(b*c)``. One operand is
    itself (no operator is left hanging).
    """
    if len(args) == 1:
        return args[0]
    if symbol in ("+", "-"):
        right = SUM if symbol == "+" else PRODUCT
        return f"{args[0]} {symbol} " + f" {symbol} ".join(group(a, right) for a in args[1:])
    if symbol == "**":
        return "**".join(group(a, ATOM) for a in args)
    right = PRODUCT if symbol == "*" else POWER
    return group(args[0], PRODUCT) + symbol + symbol.join(group(a, right) for a in args[1:])


MAX_QUOTE = 40
"""The most characters of the user's input an error message quotes (see :func:`quoted`)."""


def digit_count(n: int) -> int:
    """How many decimal digits the int ``n`` has (its sign aside), found without writing it out:
    Python refuses to write an int of more than 4,300 digits (``ValueError``)."""
    n = abs(int(n))
    d = max(1, int(n.bit_length() * 0.30102999566398120))  # log10(2): d or d + 1 digits
    return d + 1 if n >= 10**d else d


def quoted(text: object, limit: int = MAX_QUOTE) -> str:
    """``text`` quoted for a message (``repr``), or only its first ``limit`` characters and its
    length when it is longer: a message about a huge input (a label, an op name, a string
    given as data) stays short. Every message that quotes the user's input quotes it with
    this. Anything but a string is shown by its ``repr``, cut alike; an int too long to
    write (``repr`` refuses past 4,300 digits) is shown by its number of digits."""
    if isinstance(text, int) and text.bit_length() > 4 * limit:
        sign = "negative " if text < 0 else ""
        return f"a {sign}whole number of {digit_count(text):,} digits"
    if not isinstance(text, str):
        shown = repr(text)
        return shown if len(shown) <= limit else f"{shown[:limit]}... ({len(shown)} characters)"
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}... ({len(text)} characters)"


def too_large(result: float) -> str:
    """Why finite operands gave ``result`` (an infinity or a NaN), for a message: an overflow,
    which for a NaN happened part of the way (an infinity minus another, or times 0)."""
    if result != result:
        return ("the result is nan: part of the way it overflowed to infinity, and infinities cancelled "
                "(inf - inf) or met 0; scale the operands down")
    return f"the result ({result}) is too large for a float; scale the operands down"


def named(text: str) -> str:
    """A name (a label, an op) in a message: as it is, or, when longer than
    :data:`MAX_QUOTE`, cut short and quoted by :func:`quoted`."""
    return text if len(text) <= MAX_QUOTE else quoted(text)


def describe_operand(v: object) -> str:
    """An operand in an error message: ``label=number``, or the number alone (a long label
    cut short by :func:`quoted`)."""
    label, data = getattr(v, "label", ""), getattr(v, "data", v)
    return f"{named(label)}={data!r}" if label else repr(data)


_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def printable(text: object) -> str:
    """``text`` as every page and picture can show it: control characters (but tab and newline)
    and lone surrogates (which no encoding can write, so no file, Graphviz run or Jupyter
    message could carry them) become ``?``."""
    return _UNSHOWABLE.sub("?", str(text))
