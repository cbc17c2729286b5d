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
import re
from dataclasses import dataclass
from functools import lru_cache

from rewriter.model import Span

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "marts": 3, "mar": 3, "april": 4, "apr": 4, "maj": 5,
    "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lørdag": 5, "søndag": 6}
WEEKDAY_NAMES = {v: k for k, v in WEEKDAYS.items()}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WD = r"(?:(?P<wd>mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)(?:\s+d(?:en|\.))?\s+|(?P<den>den|d\.)\s+)?"
_B = r"(?<![\w.,/-])"
_E = r"(?![\w/]|[.,-]\d)"
DATE_RE = re.compile(
    _B + _WD + r"(?:"
    r"(?P<d1>\d{1,2})\.\s*(?P<mon>" + _MONTH_RE + r")\.?(?:\s+(?P<y1>\d{4}))?"
    r"|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4}|\d{2})"
    r"|(?P<d3>\d{1,2})/(?P<m3>\d{1,2})(?:[-\s](?P<y3>\d{4})|-(?P<y3b>\d{2}))?"
    r"|(?P<d4>\d{1,2})-(?P<m4>\d{1,2})-(?P<y4>\d{4})"
    r"|(?P<y5>\d{4})-(?P<m5>\d{2})-(?P<d5>\d{2})"
    r")" + _E,
    re.IGNORECASE,
)


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


def find_dates(text: str, default_year: int | None = None, anchor: dt.date | None = None) -> list[DateMention]:
    """Every date mention in ``text`` (cached: the checks and the fact extraction ask for the same letter)."""
    return list(_find_dates(text, default_year, anchor))


@lru_cache(maxsize=16)
def _find_dates(text: str, default_year: int | None, anchor: dt.date | None) -> tuple[DateMention, ...]:
    out = []
    for m in DATE_RE.finditer(text):
        g = m.groupdict()
        wd = g["wd"].lower() if g["wd"] else None
        if g["d1"]:
            day, month, year = int(g["d1"]), MONTHS[g["mon"].lower().rstrip(".")], _year(g["y1"])
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
