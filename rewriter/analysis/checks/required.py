"""Missing, partial and wrong elements become findings; a missing one with an insertion fix.

An element's sanction kind (``by_kind`` in its file) can give the finding its own message and snippet:
the "how to get full help back" text differs for a tilbud, a samtale, a nedsættelse and an ophør.
"""

from __future__ import annotations

from rewriter.analysis.elements import ElementResult
from rewriter.model import Applicability, Edit, Finding, Fix, Level, Span
from rewriter.rules.templates import render_snippet, snippet_context
from rewriter.analysis.zones import closing_index, greeting_index
from rewriter.analysis.checks.context import CheckContext


def insertion_point(ctx: CheckContext, res: ElementResult) -> tuple[int, str, str]:
    """(offset, text before the snippet, text after it) for inserting a whole paragraph."""
    letter = ctx.letter
    paras = letter.paragraphs
    parent = ctx.elements.get(res.element.part_of) if res.element.part_of else None
    if parent is not None and parent.found:
        p = paras[max(parent.paragraphs)]
        return p.span.end, "\n\n", ""
    where = res.element.insert_at
    if where == "before_closing":
        c = closing_index(letter)
        if c is not None:
            return paras[c].span.start, "", "\n\n"
        return paras[-1].span.end, "\n\n", ""
    if where == "end":
        return paras[-1].span.end, "\n\n", ""
    g = greeting_index(letter)
    if where == "after_greeting" and g is not None:
        return paras[g].span.end, "\n\n", ""
    body = [i for i, z in enumerate(ctx.zones) if z == "body"]
    if body:
        return paras[body[0]].span.start, "", "\n\n"
    return paras[-1].span.end, "\n\n", ""


def _kind_use(ctx: CheckContext, res: ElementResult):
    kind = ctx.sanction_kind.id if ctx.sanction_kind else None
    return res.element.by_kind.get(kind) if kind else None


def missing_element_findings(ctx: CheckContext) -> list[Finding]:
    out = []
    context = None
    for res in ctx.elements.values():
        if res.status != "missing" or res.use.level == "off":
            continue
        parent = ctx.elements.get(res.element.part_of) if res.element.part_of else None
        if parent is not None and not parent.found:
            continue  # the parent's finding and snippet cover it
        rule = res.element.rule
        over = _kind_use(ctx, res)
        snippet = over.snippet if over and over.snippet else res.element.snippet
        offset, before, after = insertion_point(ctx, res)
        fix = None
        if snippet:
            if context is None:
                context = {**snippet_context(ctx.letter, ctx.rulebook.language),
                           "myndighed": ctx.rulebook.law.authority_word(ctx.on)}
            text = render_snippet(snippet, context)
            fix = (Edit(Span(offset, offset), before + text + after),)
        message = over.message if over and over.message else rule.message
        level = Level(res.use.finding_level)
        values = {"element": res.element.id, "confirmed": str(res.use.confirmed).lower()}
        ev = res.evidence
        if ev is not None:
            values.update(ev.values(ctx.letter))
            values["miss"] = "weak" if ev.weak else "clear"
            if ev.weak:  # a close candidate: ask to verify rather than call the letter defective
                level = min(level, Level.WARNING, key=lambda lv: lv.rank)
                message = weak_miss_message(res, ctx.letter.line_col(ev.span.start)[0], ev.similarity, message)
        out.append(Finding(
            code=rule.code, name=rule.name, level=level, span=Span(offset, offset),
            message=message, legal_basis=res.use.legal_basis,
            fix=_fix(res, fix, snippet) if fix else None, values=values,
        ))
    return out


def weak_miss_message(res: ElementResult, line: int, similarity: float, message: str) -> str:
    """ "Tjek: ..." for a missing element with a close candidate (a weak miss).  The sentence itself is in the
    finding's values (``candidate``), not in the message: messages are kept in the audit store, letter text never."""
    return (f"Tjek: elementet ser ud til at mangle ({res.element.title or res.element.id}), men sætningen i linje "
            f"{line} ligner det (lighed {similarity:.2f}). Se, om den siger det samme. {message}")


def partial_findings(ctx: CheckContext) -> list[Finding]:
    """An element found without a part it must have (``requires_all``)."""
    out = []
    for res in ctx.elements.values():
        if res.status != "partial" or res.use.level == "off":
            continue
        rule = res.element.rule
        p = ctx.letter.paragraphs[res.paragraphs[0]]
        missing = ", ".join(res.missing_parts)
        values = {"element": res.element.id, "missing_parts": missing, "confirmed": str(res.use.confirmed).lower()}
        if res.evidence is not None:
            values.update(res.evidence.values(ctx.letter))
        out.append(Finding(code=rule.code, name=rule.name, level=Level(res.use.finding_level), span=Span(p.span.start, p.span.end),
                           message=f"{rule.message} Mangler: {missing}.", legal_basis=res.use.legal_basis,
                           values=values))
    return out


def wrong_findings(ctx: CheckContext) -> list[Finding]:
    """An element stated in a legally wrong way ("send din klage direkte til Ankestyrelsen")."""
    out = []
    for res in ctx.elements.values():
        if res.status != "wrong" or res.use.level == "off":
            continue
        rule = res.element.rule
        span = res.wrong_spans[0]
        out.append(Finding(code=rule.code, name=rule.name, level=Level(res.use.finding_level), span=span,
                           message=res.wrong_message, legal_basis=res.use.legal_basis,
                           values={"element": res.element.id, "status": "wrong",
                                   "confirmed": str(res.use.confirmed).lower()}))
    return out


def _fix(res: ElementResult, edits, snippet: str):
    return Fix(f"Indsæt: {res.element.title}", edits, Applicability.REVIEW, origin=f"template:{snippet}")
