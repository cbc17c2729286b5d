"""Danish dates, weekdays and times found in letter text.

Recognised date forms (with an optional weekday and "den" before them):

* ``7. december 2026``, ``7. dec. 2026``, ``7. december`` (year inferred)
* ``07.12.2026``, ``7.12.26``, ``7/12-2026``, ``7/12 2026``, ``7-12-2026``, ``2026-12-07``
* ``4/1`` only after a weekday or "den" (too ambiguous alone)

Each :class:`DateMention` has the span of the whole mention (weekday included),
the parsed :class:`datetime.date` (or ``None`` when the day does not exist, e.g.
"30. februar"), and the weekday as written (or ``None``).  A year left out is
taken from ``default_year`` (the letter's year), moved one year on when that
puts the date more than 6 months before the letter date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from rewriter.model import Span
from rewriter.rules.language import Language, language


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    text: str
    date: dt.date | None
    weekday: str | None  # as written, lower-case
    year_given: bool


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    y = int(raw)
    return y + 2000 if y < 100 else y


def find_dates(text: str, default_year: int | None = None, anchor: dt.date | None = None,
               lang: Language | None = None) -> list[DateMention]:
    """Every date mention in ``text`` (cached: the checks and the fact extraction ask for the same letter).
    The month and weekday names and the pattern (``date``) are in ``rules/language/da.yml``."""
    return list(_find_dates(text, default_year, anchor, lang or language()))


@lru_cache(maxsize=16)
def _find_dates(text: str, default_year: int | None, anchor: dt.date | None,
                lang: Language) -> tuple[DateMention, ...]:
    out = []
    months = lang.tables["months"]
    for m in lang["date"].finditer(text):
        g = m.groupdict()
        wd = g["wd"].lower() if g["wd"] else None
        if g["d1"]:
            day, month, year = int(g["d1"]), months[g["mon"].lower().rstrip(".")], _year(g["y1"])
        elif g["d2"]:
            day, month, year = int(g["d2"]), int(g["m2"]), _year(g["y2"])
        elif g["d3"]:
            day, month, year = int(g["d3"]), int(g["m3"]), _year(g["y3"] or g["y3b"])
            if year is None and not (wd or g["den"]):
                continue  # "4/1" alone could be a fraction or a reference
        elif g["d4"]:
            day, month, year = int(g["d4"]), int(g["m4"]), _year(g["y4"])
        else:
            day, month, year = int(g["d5"]), int(g["m5"]), _year(g["y5"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        year_given = year is not None
        if year is None:
            year = default_year or (anchor.year if anchor else dt.date.today().year)
        try:
            value = dt.date(year, month, day)
        except ValueError:
            value = None
        if value and not year_given and anchor and (anchor - value).days > 183:
            try:
                value = value.replace(year=value.year + 1)
            except ValueError:
                value = None
        out.append(DateMention(Span(m.start(), m.end()), m.group(), value, wd, year_given))
    return tuple(out)
