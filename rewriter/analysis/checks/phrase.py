"""Phrase checks: a listed wording is a problem wherever it occurs."""

from __future__ import annotations

from rewriter.model import Applicability, Edit, Fix, Span
from rewriter.analysis.checks.context import CheckContext, finding

_FORMAL_TO_DU = {"De": "du", "Dem": "dig", "Deres": "din"}


def phrase(ctx: CheckContext, rule):
    """Flag every match of ``params.patterns``; ``fix.replace`` gives a replacement.

    ``params.unless``: no finding in a paragraph where this pattern is found too ("225-timersreglen ... blev
    afskaffet").  ``params.once_per_term``: one finding per pattern (term), and none for a match inside
    another one's ("hjemrejseydelse" inside "selvforsørgelses- og hjemrejseydelse").
    """
    out = []
    replacement = (rule.fix or {}).get("replace")
    applicability = Applicability((rule.fix or {}).get("applicability", "review"))
    unless = rule.params.get("compiled_unless")
    once = rule.params.get("once_per_term", False)
    taken: list[Span] = []
    for pat in rule.params["compiled"]:  # phrases never span paragraphs: one pass over the letter
        for m in pat.finditer(ctx.folded):
            span = Span(m.start(), m.end())
            if any(ph.span.overlaps(span) for ph in ctx.letter.placeholders):
                continue
            if once and any(t.overlaps(span) for t in taken):
                continue
            if unless is not None:
                para = next((p for p in ctx.letter.paragraphs if p.span.contains(span)), None)
                if para is not None and unless.search(para.span.slice(ctx.folded)):
                    continue
            original = span.slice(ctx.letter.text)
            fix = None
            if replacement is not None:
                new = replacement if not original[:1].isupper() else replacement[:1].upper() + replacement[1:]
                fix = Fix(rule.fix.get("title", f"Skriv '{replacement}'"), (Edit(span, new),), applicability)
            out.append(finding(rule, span, rule.message.format(text=original), fix=fix))
            taken.append(span)
            if once:
                break
    return out


def formal_address(ctx: CheckContext, rule):
    """De/Dem/Deres (formal address) where plain-language letters say du/dig/din.

    One finding per letter (at the first place), with the count and one fix that changes every place;
    ``params.message_many`` and ``params.fix_many`` are the message and the fix's title when there is more
    than one (``{count}``, ``{words}``).
    """
    text = ctx.letter.text
    if not ctx.hits.formal_address:
        return []
    starts = {s.span.start for s in ctx.letter.sentences}
    edits, words = [], []
    for span in ctx.hits.formal_address:
        word = span.slice(text)
        new = _FORMAL_TO_DU.get(word, word.lower())
        if word == "Deres":  # din, dit or dine: the noun after it decides ("Deres nyttejob" -> "dit nyttejob")
            from rewriter.rewrite.grammar import grammar

            new = grammar(ctx.rulebook.path).possessive_for(text[span.end:span.end + 80])[0]
        if span.start in starts:
            new = new.capitalize()
        edits.append(Edit(span, new))
        if word not in words:
            words.append(word)
    first = edits[0]
    word = first.span.slice(text)
    if len(edits) == 1:
        return [finding(rule, first.span, rule.message.format(text=word, plain=first.replacement),
                        fix=Fix(f"Skriv '{first.replacement}'", (first,), Applicability.REVIEW))]
    template = rule.params.get("message_many") or rule.message
    message = template.format(text=word, plain=first.replacement, count=len(edits),
                              words=", ".join(f'"{w}"' for w in words))
    title = (rule.params.get("fix_many") or "{count}").format(count=len(edits))
    fix = Fix(title, tuple(edits), Applicability.REVIEW)
    return [finding(rule, first.span, message, fix=fix)]
