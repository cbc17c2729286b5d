"""Audit codes ``A4xx``: what can go wrong with one file of a batch, in Danish.

A batch never stops for one file.  Each problem becomes a record with a code, a
severity and a Danish message (and, where it helps, a hint):

====  ========  ==============================================================
code  severity  meaning
====  ========  ==============================================================
A401  error     unexpected internal error while checking the file
A402  skipped   symlinked folder already visited (a symlink loop or a duplicate)
A403  error     a folder could not be listed (permissions)
A404  error     unsafe path in a ZIP archive (absolute, ``..``, drive letter)
A405  error     encrypted ZIP member
A406  warning   the text does not look Danish
A407  warning   more template branch variants than the bound, or than the time
                allows; only some checked
A408  error     the worker process died while checking the file
A409  warning   unbalanced ``{% if %}``/``{% endif %}``; branches not checked
A410  error     checking the file took longer than the time limit; stopped
====  ========  ==============================================================

Reading errors keep the reader's codes (``L101``–``L108``, see
:mod:`rewriter.errors`); a ZIP member that looks like a zip bomb is ``L104``.
``error`` records count for exit code 3, ``skipped`` and ``warning`` do not.
"""

from __future__ import annotations

SEVERITY = {
    "A401": "error", "A402": "skipped", "A403": "error", "A404": "error", "A405": "error",
    "A406": "warning", "A407": "warning", "A408": "error", "A409": "warning", "A410": "error",
}


def record(code: str, message: str, hint: str | None = None) -> dict:
    """A problem record as stored and reported: ``{"code", "message", "hint"}``."""
    return {"code": code, "message": message, "hint": hint}
