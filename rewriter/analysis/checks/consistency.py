"""Consistency checks on the facts: weekdays, deadlines, the complaint deadline."""

from __future__ import annotations

from rewriter.analysis.dates import find_dates
from rewriter.model import Span
from rewriter.analysis.checks.context import CheckContext, finding


def weekday_matches_date(ctx: CheckContext, rule):
    """A weekday written next to a date must be that date's weekday."""
    out = []
    year = ctx.letter_date.year if ctx.letter_date else ctx.on.year
    lang = ctx.rulebook.language
    for d in find_dates(ctx.letter.text, default_year=year, anchor=ctx.letter_date, lang=lang):
        if d.weekday and d.date and d.date.weekday() != lang.weekday_number(d.weekday):
            actual = lang.weekday_name(d.date.weekday())
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
            for d in find_dates(chunk, default_year=ctx.letter_date.year, anchor=ctx.letter_date,
                                lang=ctx.rulebook.language):
                if d.date and d.date < ctx.letter_date:
                    abs_span = d.span.shift(span.start)
                    msg = rule.message.format(text=d.text, letter_date=ctx.letter_date.strftime("%d.%m.%Y"))
                    out.append(finding(rule, abs_span, msg, values={"date": d.date.isoformat(),
                                                                    "letter_date": ctx.letter_date.isoformat()}))
    return _dedupe(out)


def complaint_deadline_weeks(ctx: CheckContext, rule):
    """The complaint deadline (klagefrist) must be the statutory number of weeks."""
    res = ctx.elements.get(rule.params.get("element", "complaint_deadline"))
    if res is None or not res.found:
        return []
    expected_days = 7 * int(rule.params.get("weeks", 4))
    out = []
    lang = ctx.rulebook.language
    numbers, unit_days = lang.tables["number_words"], lang.tables["unit_days"]
    for span in res.matches:
        for m in lang["period"].finditer(span.slice(ctx.letter.text)):
            n = m.group("n").lower()
            n = int(n) if n.isdigit() else numbers[n]
            unit = m.group("unit").lower()
            days = n * next((d for prefix, d in unit_days.items() if unit.startswith(prefix)), 1)
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


def sanction_kind_mismatch(ctx: CheckContext, rule):
    """The letter states the consequence of another sanction than the one the law gives for what it is
    about: a tilbud summons with the § 37 samtale consequence, or a samtale with the § 36 hours (KON005)."""
    sk = ctx.sanction_kind
    if sk is None or not sk.mismatch:
        return []
    kinds = ctx.rulebook.sanction_kinds.kinds
    out = []
    for kid in sk.stated:
        if kid == sk.activity or kid not in ctx.rulebook.sanction_kinds.mismatch:
            continue
        span = sk.evidence[kid][0]
        msg = rule.message.format(text=span.slice(ctx.letter.text), stated=kinds[kid].section,
                                  stated_name=kinds[kid].name.lower(), activity=kinds[sk.activity].section,
                                  activity_name=kinds[sk.activity].name.lower())
        out.append(finding(rule, span, msg, values={"stated": kid, "activity": sk.activity}))
    return out
