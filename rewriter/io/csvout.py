"""CSV cells that a spreadsheet will not run as formulas (CSV/formula injection).

Every CSV the project writes (the audit CSV, the web UI's batch CSV, the reviewers' evidence pack)
goes through :func:`writer`, which passes each cell through :func:`neutralise`: a text cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single quote, as
OWASP recommends, so Excel and LibreOffice show it as text instead of evaluating it.  File names,
messages, reasons and reviewer names can come from anyone; numbers the tool formats itself
(``int``, ``float``) are left alone.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value``, or for a text cell that a spreadsheet would read as a formula, ``"'" + value``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, out: TextIO, **kw):
        self._w = csv.writer(out, **kw)

    def writerow(self, row) -> None:
        self._w.writerow([neutralise(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: TextIO, **kw) -> _SafeWriter:
    """``csv.writer(out, **kw)`` whose every text cell goes through :func:`neutralise`."""
    return _SafeWriter(out, **kw)
