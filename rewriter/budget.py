"""A hard time budget for the work on one letter (``L109`` when it runs over).

Requires: seconds (``None`` or 0: no budget).  Produces: a context manager that
interrupts the work inside it with :class:`rewriter.errors.LetterError` ``L109``
when it takes longer.  It uses a real-time interval timer (``SIGALRM``), which
also interrupts a long regular-expression match (CPython's ``re`` checks for
signals while it matches).  Where no timer can be set (not the main thread, or
a platform without ``setitimer``) the work runs without a budget: the audit
and the web UI have their own, process-based budgets (``A410``, ``C338``).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

from rewriter.errors import LetterError

DEFAULT_SECONDS = 60.0
CODE = "L109"


class _OverBudget(BaseException):
    """Raised by the timer; BaseException so that no ``except Exception`` in the pipeline swallows it."""


def _fmt(seconds: float) -> str:
    return f"{seconds:g}".replace(".", ",")


@contextmanager
def time_budget(seconds: float | None, where: str | None = None) -> Iterator[None]:
    """Run the ``with`` body within ``seconds`` of wall-clock time, or raise ``L109``."""
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    armed = [True]

    def _alarm(signum, frame):  # noqa: ARG001
        if armed[0]:
            raise _OverBudget()

    previous = signal.signal(signal.SIGALRM, _alarm)
    # the timer fires again every 0.1 s after the budget is spent: an interrupt that lands in a place that cannot
    # raise (a ``__del__`` run by the garbage collector swallows it as "unraisable") is repeated until it lands
    signal.setitimer(signal.ITIMER_REAL, float(seconds), 0.1)
    try:
        yield
    except _OverBudget:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        raise LetterError(f"Brevet tog mere end {_fmt(seconds)} sekunder at behandle og blev sprunget over.",
                          where=where, code=CODE,
                          hint="Del brevet op, eller giv mere tid med --time-limit SEK.") from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
