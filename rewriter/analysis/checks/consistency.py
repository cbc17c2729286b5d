"""Consistency checks on the facts: weekdays, deadlines, the complaint deadline."""

from __future__ import annotations

import re

from rewriter.analysis.dates import WEEKDAY_NAMES, WEEKDAYS, find_dates
from rewriter.model import Span
from rewriter.analysis.checks import CheckContext, finding


def weekday_matches_date(ctx: CheckContext, rule):
    """A weekday written next to a date must be that date's weekday."""
    out = []
    year = ctx.letter_date.year if ctx.letter_date else ctx.on.year
    for d in find_dates(ctx.letter.text, default_year=year, anchor=ctx.letter_date):
        if d.weekday and d.date and d.date.weekday() != WEEKDAYS[d.weekday]:
            actual = WEEKDAY_NAMES[d.date.weekday()]
            msg = rule.message.format(text=d.text, weekday=d.weekday, actual=actual)
            out.append(finding(rule, d.span, msg, values={"written": d.weekday, "actual": actual,
                                                         "date": d.date.isoformat()}))
    return out


def deadline_after_letter_date(ctx: CheckContext, rule):
    """Dates inside the meeting-time or reply-deadline matches must not be before the letter date."""
    if ctx.letter_date is None:
        return []
    out = []
    for element_id in rule.params.get("elements", []):
        res = ctx.elements.get(element_id)
        if res is None or not res.found:
            continue
        for span in res.matches:
            chunk = span.slice(ctx.letter.text)
            for d in find_dates(chunk, default_year=ctx.letter_date.year, anchor=ctx.letter_date):
                if d.date and d.date < ctx.letter_date:
                    abs_span = d.span.shift(span.start)
                    msg = rule.message.format(text=d.text, letter_date=ctx.letter_date.strftime("%d.%m.%Y"))
                    out.append(finding(rule, abs_span, msg, values={"date": d.date.isoformat(),
                                                                    "letter_date": ctx.letter_date.isoformat()}))
    return _dedupe(out)


_NUMBERS = {"en": 1, "et": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8,
            "ni": 9, "ti": 10, "fjorten": 14, "fjortens": 14}
_PERIOD = re.compile(r"\b(?P<n>\d{1,3}|en|et|én|to|tre|fire|fem|seks|syv|otte|ni|ti|fjorten)\s+"
                     r"(?P<unit>ugers?|dage|dages|måneder|måneds|måned)\b", re.IGNORECASE)


def complaint_deadline_weeks(ctx: CheckContext, rule):
    """The complaint deadline (klagefrist) must be the statutory number of weeks."""
    res = ctx.elements.get(rule.params.get("element", "complaint_deadline"))
    if res is None or not res.found:
        return []
    expected_days = 7 * int(rule.params.get("weeks", 4))
    out = []
    for span in res.matches:
        for m in _PERIOD.finditer(span.slice(ctx.letter.text)):
            n = m.group("n").lower()
            n = int(n) if n.isdigit() else _NUMBERS[n]
            unit = m.group("unit").lower()
            days = n * (7 if unit.startswith("uge") else 30 if unit.startswith("måned") else 1)
            if days != expected_days:
                s = Span(span.start + m.start(), span.start + m.end())
                out.append(finding(rule, s, rule.message.format(text=m.group()), values={"days": days}))
    return _dedupe(out)


def _dedupe(findings):
    seen, out = set(), []
    for f in findings:
        key = (f.span.start, f.span.end)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
