"""Checking arguments: one home for the checks every public constructor and function in ``nn``
uses, and one message style: ``Owner: what must be constraint, got value``, then, where it helps,
``; `` and how to fix it (``SGD: lr must be > 0, got -0.1``).

Each check returns the value, converted (an int as a float where a float is meant),
so a constructor reads ``self.lr = check_number(lr, "lr", "SGD", above=0)``. A check too
particular for these helpers (two lengths that must agree, a file's contents) stays beside
its one owner and writes its message with :func:`must`, so that it reads like the others. A
number that is NaN or infinite is refused in one wording, :func:`not_finite`'s
(``must be finite, got nan``), whoever checks it.
"""

from __future__ import annotations

import math
import numbers
import os
import reprlib
from typing import Any, Iterable, Optional

import numpy as np

from autograd import Value
from autograd.notation import digit_count
from autograd.notation import quoted as autograd_quoted
from autograd.value import is_real


def must(owner: str, what: str, requirement: str, got: str, fix: str = "") -> str:
    """The one message style, ``Owner: what must requirement, got value``, then ``; fix`` if given.

    ``requirement`` starts with its verb and ``got`` is already text:
    ``must("SGD", "lr", "be > 0", "-0.1")`` is ``SGD: lr must be > 0, got -0.1``.
    """
    return f"{owner}: {what} must {requirement}, got {got}" + (f"; {fix}" if fix else "")


def plural(n: int, word: str) -> str:
    """``n`` and the noun, in the plural unless ``n == 1``: ``1 output``, ``3 outputs``, ``2 classes``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}{'es' if word.endswith('s') else 's'}"


def is_int(value: Any) -> bool:
    """True for Python and NumPy integers, not for booleans (``True`` is no count of anything) or
    NumPy's durations (:func:`autograd.value.is_real`)."""
    return isinstance(value, numbers.Integral) and is_real(value)


def _bounds_text(above, at_least, below, at_most) -> str:
    low = above if above is not None else at_least
    high = below if below is not None else at_most
    if low is not None and high is not None:
        left = "(" if above is not None else "["
        right = ")" if below is not None else "]"
        return f"in {left}{low:g}, {high:g}{right}"
    if low is not None:
        return f"{'>' if above is not None else '>='} {low:g}"
    if high is not None:
        return f"{'<' if below is not None else '<='} {high:g}"
    return "a number"


class _Short(reprlib.Repr):
    def repr_int(self, x: int, level: int) -> str:
        """An int too long for Python to write (over 4,300 digits) by its number of digits."""
        return autograd_quoted(x, self.maxlong)


_short = _Short()
_short.maxstring = _short.maxother = 60


def quoted(value: Any) -> str:
    """Any value as a message quotes it: its repr cut to a bounded piece (long text and numbers
    shortened, nested lists shown a few levels deep), so that no input, however long or deeply
    nested, makes a message long or fails to be written."""
    return _short.repr(value)


def shown(value: Any) -> str:
    """A value as a message quotes it: a number as Python writes a float (``nan``, ``inf``, ``0.5``,
    also for NumPy's numbers), anything else by its repr, bounded (:func:`quoted`)."""
    if is_real(value) and not (isinstance(value, int) and value.bit_length() > 1024):  # beyond the floats
        return repr(float(value))
    return quoted(value)


def as_float(value: Any, what: str, owner: str, fix: str = "") -> float:
    """The float in ``value`` (:func:`number_of`: a Value's ``data``, ``float`` of a real number),
    or a ValueError naming ``what`` for an int too large for a float (Python's own OverflowError
    names nothing)."""
    try:
        return number_of(value)
    except OverflowError:
        raise ValueError(must(owner, what, "be a number a float can hold (up to about 1.8e308)",
                              quoted(value), fix)) from None


def not_finite(owner: str, what: str, value: Any, fix: str = "") -> ValueError:
    """The error for a number that is NaN or infinite, worded one way everywhere:
    ``fit: X[3, 1] must be finite, got nan; drop or impute that row``."""
    return ValueError(must(owner, what, "be finite", shown(value), fix))


def check_number(
    value: Any,
    name: str,
    owner: str,
    *,
    above: Optional[float] = None,
    at_least: Optional[float] = None,
    below: Optional[float] = None,
    at_most: Optional[float] = None,
    fix: str = "",
) -> float:
    """``value`` as a float if it is a finite real number within the bounds given, else a ValueError.

    The message names the owner, the argument, the bounds and the value, then ``fix`` if given:
    ``SGD: lr must be > 0, got -0.1``. NaN or infinity is ``must be finite`` (:func:`not_finite`)
    whatever the bounds: ``lr=inf`` is no learning rate at all, not one too large.
    """
    real = is_real(value)
    number = as_float(value, name, owner, fix) if real else math.nan
    if real and not math.isfinite(number):
        raise not_finite(owner, name, value, fix)
    if not (real and (above is None or number > above) and (at_least is None or number >= at_least)
            and (below is None or number < below) and (at_most is None or number <= at_most)):
        requirement = _bounds_text(above, at_least, below, at_most)
        raise ValueError(must(owner, name, f"be {requirement}", quoted(value), fix))  # as it was given
    return number


def check_int(value: Any, name: str, owner: str, at_least: int, fix: str = "") -> int:
    """``value`` as an int if it is a whole number (NumPy's too) >= ``at_least``, else a ValueError
    naming it (``make_spiral: n_classes must be an int >= 2, got 1``), then ``fix`` if given."""
    if not is_int(value) or value < at_least:
        raise ValueError(must(owner, name, f"be an int >= {at_least}", quoted(value), fix))
    return int(value)


def check_size(value: Any, name: str, owner: str) -> int:
    """``value`` as an int if it is a whole number >= 1, else a ValueError naming it
    (``Layer: nout must be a positive int, got 0``). NumPy integers count: sizes often come
    from an array's ``shape`` or from ``nn.data.splitting``."""
    if not is_int(value) or value < 1:
        raise ValueError(must(owner, name, "be a positive int", quoted(value)))
    return int(value)


def check_bool(value: Any, name: str, owner: str) -> bool:
    """``value`` as a bool if it is True or False (NumPy's too), else a TypeError naming it
    (``fit: compile must be True or False, got 'yes'``): a string such as ``"no"`` is truthy."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(must(owner, name, "be True or False", quoted(value)))
    return bool(value)


def check_choice(value: Any, name: str, owner: str, choices: Iterable[str], fix: str = "") -> str:
    """``value`` if it is one of the names ``choices``, else a ValueError listing them
    (``ReduceLROnPlateau: mode must be 'min' or 'max', got 'up'``), then ``fix`` if given."""
    choices = list(choices)
    if not (isinstance(value, str) and value in choices):
        listed = " or ".join(filter(None, [", ".join(map(repr, choices[:-1])), repr(choices[-1])]))
        raise ValueError(must(owner, name, f"be {listed}", quoted(value), fix))
    return value


def check_kind(state: Any, key: str, owner: str) -> None:
    """A ValueError unless ``state[key]`` names the class ``owner``: a state dict of one optimizer
    (``key="optimizer"``) or scheduler loads only into one of the same class
    (``StepLR.load_state_dict: state['scheduler'] must be 'StepLR', got 'ExponentialLR'``)."""
    what = f"{owner}.load_state_dict"
    if not isinstance(state, dict):
        raise ValueError(must(what, "state", "be a dict, as state_dict() makes", type(state).__name__))
    if state.get(key) != owner:
        raise ValueError(must(what, f"state[{key!r}]", f"be {owner!r}", quoted(state.get(key)),
                              "a state loads only into the class that saved it"))


def check_numbers(
    values: Any, name: str, owner: str, *, at_least: Optional[float] = None, fix: str = ""
) -> list[float]:
    """``values`` as a list of floats if it is a flat list (or tuple) of finite numbers, each
    ``>= at_least`` when given, else a ValueError naming the first bad entry (see :func:`check_number`)
    (``Adam.load_state_dict: exp_avg_sq[3] must be >= 0, got -1.0``), then ``fix`` if given."""
    if not isinstance(values, (list, tuple)):
        raise ValueError(must(owner, name, "be a list of numbers", type(values).__name__, fix))
    return [check_number(v, f"{name}[{i}]", owner, at_least=at_least, fix=fix) for i, v in enumerate(values)]


def check_not_nan(value: Any, name: str, owner: str) -> float:
    """``value`` as a float if it is a real number that is not NaN (infinity allowed: a "best so
    far" starts at inf), else a ValueError naming it."""
    if not is_real(value) or math.isnan(as_float(value, name, owner)):
        raise ValueError(must(owner, name, "be a number (not NaN)", quoted(value)))
    return float(value)


def number_of(x: Any) -> float:
    """The float in ``x``: a Value's ``data``, or ``float(x)`` of a number (a Value is not a
    float: ``float(v)`` raises, as in micrograd, so code that takes either reads it here)."""
    return x.data if isinstance(x, Value) else float(x)


def check_measurement(value: Any, name: str, owner: str, fix: str = "") -> float:
    """``value`` as a float if it is a number (a NumPy number, a Value, a 0-d array: what ``float``
    reads, but not a bool or a text) that is not NaN; infinity is allowed (a diverged loss is
    still a measurement). A TypeError for what is no number, a ValueError for NaN, naming it:
    a NaN would compare as neither better nor worse, silently."""
    try:
        if isinstance(value, (bool, np.bool_, str, bytes)) or np.asarray(value).dtype.kind in "mM":
            raise TypeError(value)
        number = number_of(value)
    except OverflowError:
        return as_float(value, name, owner, fix)  # raises, naming it
    except (TypeError, ValueError):  # None, a list, an array of many numbers, a complex number
        raise TypeError(must(owner, name, "be a number", quoted(value), fix)) from None
    if math.isnan(number):
        raise ValueError(must(owner, name, "be a number, not NaN", "nan",
                              "a NaN loss means training diverged: lower the lr, or clip the gradients"))
    return number


SHOWN_KEYS = 5
"""How many keys of each kind a key mismatch lists; the rest are counted, so that a state of a
million junk keys still gives a message of one line."""

def _some_keys(keys: list) -> str:
    """``keys`` as a list, its first :data:`SHOWN_KEYS` shown (each at most 60 characters), then a count."""
    text = "[" + ", ".join(quoted(k) for k in keys[:SHOWN_KEYS]) + "]"
    return text + (f" and {len(keys) - SHOWN_KEYS} more" if len(keys) > SHOWN_KEYS else "")


def check_keys(given: Iterable[str], expected: Iterable[str], what: str, hint: str = "") -> None:
    """A ValueError ``"{what}: missing keys [...], unexpected keys [...]"`` unless ``given`` has
    exactly the ``expected`` keys (each list in its own order, cut to a few keys and a count of
    the rest), followed by ``hint`` (how to fix it) if given."""
    given, expected = list(given), list(expected)
    given_set, expected_set = set(given), set(expected)
    missing = [k for k in expected if k not in given_set]
    unexpected = [k for k in given if k not in expected_set]
    if missing or unexpected:
        raise ValueError(f"{what}: missing keys {_some_keys(missing)}, "
                         f"unexpected keys {_some_keys(unexpected)}{'; ' + hint if hint else ''}")


_CGROUP_LIMITS = ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")


def memory_limit() -> Optional[tuple[int, str]]:
    """The most bytes this process could take at once, and what sets that limit: the machine's
    physical memory, its control group's limit (a container's) or what its address-space limit
    (``ulimit -v``) leaves, whichever is smallest of those that can be read; None where none
    can. Read afresh each time (a limit may change while the process runs); it is asked only
    about models of more than a gigabyte."""
    limits = []
    try:
        limits.append((os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"), "this machine has"))
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows), or no such name
        pass
    for path in _CGROUP_LIMITS:
        try:
            with open(path) as f:
                text = f.read().strip()
        except OSError:
            continue
        if text.isdigit():
            limits.append((int(text), "this container may use"))
    left = _address_space_left()
    if left is not None:
        limits.append((left, "this process may still map (ulimit -v)"))
    limits = [limit for limit in limits if limit[0] > 0]
    return min(limits) if limits else None


def _address_space_left() -> Optional[int]:
    """What ``ulimit -v`` (RLIMIT_AS) leaves of this process's address space, or None without
    such a limit. Memory is taken from the address space, so a model needing more than is
    left fails, after allocating until then."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    except (ImportError, AttributeError, OSError, ValueError):  # not POSIX
        return None
    if soft == resource.RLIM_INFINITY:
        return None
    try:
        with open("/proc/self/statm") as f:  # pages mapped now (Linux)
            mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        mapped = 0
    return max(soft - mapped, 1)


def size_text(n: float) -> str:
    """A number of bytes for people: ``512 B``, ``3.2 MB``, ``25.3 GB``, ``6.0 TB``."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n:.0f} B"


def check_memory(count: int, each: int, what: str, owner: str, fix: str, whole: str = "the model") -> None:
    """A MemoryError before anything is allocated when ``count`` things of about ``each`` bytes
    (``what``: ``"parameters"``; ``whole``: what they make) would not fit in memory (:func:`memory_limit`):
    ``Layer: the model must fit in memory, got 30,000,000,000 parameters, about 6.0 TB ...``.
    Building them would otherwise allocate for minutes before failing."""
    needed = count * each
    if needed < 2**30:  # a gigabyte fits anywhere this runs; no need to ask the system
        return
    found = memory_limit()
    if found is not None and needed > found[0]:
        limit, source = found
        counted = f"{count:,}" if count < 10**30 else f"about 10^{digit_count(count) - 1}"
        size = f"about {size_text(needed)}" if needed < 10**15 else "over 1,000 TB"
        raise MemoryError(must(owner, whole, "fit in memory", (
            f"{counted} {what}, {size} ({each} bytes each), more than the {size_text(limit)} of memory "
            f"{source}"), fix))


SAMPLE_BYTES = 8
"""The bytes of each number a generator returns (float64 features, an int64 label): the result
alone, a lower bound of what drawing it takes, so that a request that could fit is never
refused, and one far beyond memory is refused before anything is drawn."""


def check_sample_count(n_samples: Any, owner: str, n_features: int = 2) -> int:
    """``n_samples`` checked as a count, and refused at once (MemoryError) when its points would
    not fit in memory, instead of NumPy allocating for minutes or failing with no name."""
    total = check_int(n_samples, "n_samples", owner, at_least=1)
    check_memory(total, SAMPLE_BYTES * (n_features + 1), "samples", owner, "ask for fewer samples",
                 whole="the data set")
    return total
