"""Progress on stderr: a bar when stderr is a terminal, else a plain counter line now and then."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def danish_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Progress:
    """``update(n)`` after each file; ``close()`` at the end.

    On a TTY (and without ``quiet``): ``[#####-----]  45 %  1.234/2.700 filer  312 filer/s``
    redrawn at most ten times a second.  Otherwise a counter line every
    ``interval`` seconds, so logs of a CI job stay short.
    """

    def __init__(self, total: int | None = None, stream: TextIO | None = None, quiet: bool = False,
                 interval: float = 10.0):
        self.stream = stream or sys.stderr
        self.total = total
        self.bar = not quiet and _isatty(self.stream)
        self.interval = 0.1 if self.bar else interval
        self.done = 0
        self.start = self.last = time.monotonic()

    def update(self, n: int = 1) -> None:
        self.done += n
        t = time.monotonic()
        if t - self.last >= self.interval:
            self.last = t
            self._draw(t)

    def _draw(self, t: float) -> None:
        rate = self.done / max(t - self.start, 1e-9)
        speed = f"{rate:.0f} filer/s"
        if self.bar:
            if self.total:
                share = min(self.done / self.total, 1.0)
                filled = int(share * 30)
                line = (f"\r[{'#' * filled}{'-' * (30 - filled)}] {share * 100:3.0f} %  "
                        f"{danish_int(self.done)}/{danish_int(self.total)} filer  {speed}")
            else:
                line = f"\r{danish_int(self.done)} filer  {speed}"
            self.stream.write(line)
        else:
            self.stream.write(f"{danish_int(self.done)} filer tjekket ({speed})\n")
        self.stream.flush()

    def close(self) -> None:
        if self.bar:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
