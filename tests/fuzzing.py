"""The contract the fuzz tests (``test_fuzz*.py``) check every refusal against, and their counts.

A refusal must be a clear exception (:data:`CLEAR`), never AttributeError, IndexError,
KeyError, nor an error in Python's or NumPy's own words (:data:`INTERNALS`), which name
no argument and no fix. Examples are derandomized (:data:`FUZZ`) so that CI repeats
itself.
"""

from collections import Counter

from hypothesis import HealthCheck, settings

CLEAR = (ValueError, TypeError, OverflowError, ZeroDivisionError, FloatingPointError)
INTERNALS = ("inhomogeneous", "setting an array element", "could not convert", "object is not",
             "not iterable", "unsupported operand", "has no attribute", "index out of range",
             "can't multiply", "'NoneType' object", "argument must be", "unhashable", "takes from",
             "positional argument")
FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def report(counts: Counter, request) -> None:
    """Print ``counts`` (what was tried and what came of it) past pytest's output capture."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    lines = [f"  {key}: {counts[key]}" for key in sorted(counts)]
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("\nfuzz counts:\n" + "\n".join(lines))


def check_clear(error: BaseException, where: str) -> None:
    """Fail unless ``error`` is one of the clear kinds, with a message in this library's words."""
    assert isinstance(error, CLEAR) and not isinstance(error, LookupError), f"{where}: {error!r}"
    message = str(error)
    assert message, f"{where}: an error without a message: {error!r}"
    assert not any(phrase in message for phrase in INTERNALS), f"{where}: internal wording: {message}"
