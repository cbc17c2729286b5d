"""The "Kort fortalt" box: what, when, where and what to do, built only from facts.

Requires: a :class:`Report` with facts, roles and the key message.  Produces: a
:class:`Block` of new text (or None), rendered from
``letter_templates/summary/<letter type>.j2``.  Each variable is the text of a
fact (or merge field) copied from the letter; a line whose fact was not found
is left out, so the box never states anything the letter does not.
"""

from __future__ import annotations

import re

from rewriter.model import Fact, Report
from rewriter.rules.resources import templates_dir
from rewriter.rules.rulebook import BOX_FIELDS
from rewriter.rules.templates import render_template
from rewriter.rewrite.plan import Block
from rewriter.rewrite.restructure import is_summary

_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def _in(f: Fact, report: Report, indices) -> bool:
    paras = report.letter.paragraphs
    return any(paras[i].span.start <= f.span.start < paras[i].span.end for i in indices)


def _field(f: Fact, report: Report, pattern: str) -> bool:
    """A merge field whose name says what it holds (``date_field`` ... in rules/language/da.yml)."""
    return f.kind == "merge_field" and bool(report.rulebook.language[pattern].search(f.value))


def _clean(text: str) -> str:
    return re.sub(r"\s*\n\s*", ", ", text.strip())


def summary_block(report: Report) -> Block | None:
    """The box for ``report``'s letter, or None (unknown type, no key message, a box already there)."""
    letter = report.letter
    if report.letter_type == "unknown" or report.placement.key_message_paragraph is None:
        return None
    if any(is_summary(p.span.slice(letter.text)) for p in letter.paragraphs):
        return None
    ctx, used = _summary_facts(report)
    if not (templates_dir() / "summary" / f"{report.letter_type}.j2").is_file():
        return None
    text = render_template("summary", f"{report.letter_type}.j2", ctx)
    text = "\n".join(line for line in text.splitlines() if line.strip())
    text = _DOUBLE_STOP.sub(".", text)  # a fact that ends in an abbreviation ("236 kr.") before the line's full stop
    fields = []
    for f in used:
        if f.kind == "merge_field":
            pos = text.find(f.text)
            if pos >= 0:
                fields.append((pos, pos + len(f.text), f.value))
    return Block(None, text, (), "summary", tuple(fields))


def facts_for_summary(report: Report) -> dict[str, str]:
    """The box's variables (what, when, where, deadline, amount, phone), as text copied from the letter."""
    if report.placement.key_message_paragraph is None:
        return {}
    return _summary_facts(report)[0]


def _summary_facts(report: Report) -> tuple[dict[str, str], list[Fact]]:
    letter = report.letter
    key = report.placement.key_message_paragraph
    roles = [p.role for p in letter.paragraphs]
    practical = [key] + [i for i, r in enumerate(roles) if r == "practical"]
    helping = [i for i, r in enumerate(roles) if r == "help"] + [i for i, r in enumerate(roles) if r == "contact"]
    body = list(report.placement.body_paragraphs)
    facts = report.facts
    used: list[Fact] = []

    def first(pred, indices) -> Fact | None:
        for i in indices:
            for f in facts:
                if pred(f) and _in(f, report, [i]):
                    used.append(f)
                    return f
        return None

    ctx: dict[str, str] = {}
    for name in report.rulebook.type_config(report.letter_type).box:  # letter_types.yml, in order
        _BOX_FIELDS[name](report, ctx, used, first, practical, helping, body)
    return ctx, used


# The box's fields: each finds its facts and puts their text in ``ctx`` (the summary template's variables).

def _phone(report, ctx, used, first, practical, helping, body) -> None:
    phone = first(lambda f: f.kind == "phone" or _field(f, report, "phone_field"), helping + body)
    if phone:
        ctx["telefon"] = _clean(phone.text)


def _when(report, ctx, used, first, practical, helping, body) -> None:
    facts = report.facts
    date = first(lambda f: (f.kind == "date" and f.value != report.letter_date) or _field(f, report, "date_field"),
                 practical)
    if date:
        par = next(i for i in practical if _in(date, report, [i]))
        time = next((f for f in facts if (f.kind == "time" or _field(f, report, "time_field")) and _in(f, report, [par])
                     and f.span.start >= date.span.start), None)
        ctx["naar"] = report.rulebook.language["date_lead"].sub("", _clean(date.text)) + (f" {_clean(time.text)}" if time else "")
        if time:
            used.append(time)


def _where(report, ctx, used, first, practical, helping, body) -> None:
    place = first(lambda f: f.kind == "address" or _field(f, report, "place_field"), practical)
    if place:
        ctx["hvor"] = _clean(place.text)


def _reply_by(report, ctx, used, first, practical, helping, body) -> None:
    deadline = first(lambda f: f.kind == "deadline" and f.value.startswith("senest"), body)
    if deadline:
        ctx["frist"] = report.rulebook.language["deadline_lead"].sub("", _clean(deadline.text))


def _amount(report, ctx, used, first, practical, helping, body) -> None:
    amount = first(lambda f: f.kind == "amount", practical + body)
    if amount:
        ctx["beloeb"] = _clean(amount.text)


def _complaint_deadline(report, ctx, used, first, practical, helping, body) -> None:
    complaint = [e.paragraphs for e in report.elements if e.id == "complaint_deadline"]
    deadline = first(lambda f: f.kind == "deadline" and not f.value.startswith("senest"),
                     list(complaint[0]) if complaint else [])
    if deadline:
        ctx["klagefrist"] = _clean(deadline.text)


_BOX_FIELDS = {"telefon": _phone, "naar": _when, "hvor": _where, "frist": _reply_by, "beloeb": _amount,
               "klagefrist": _complaint_deadline}
assert set(_BOX_FIELDS) == set(BOX_FIELDS), "rewriter.rules.rulebook.BOX_FIELDS lists the box's fields"
