"""Order constraints between elements (used by municipality profiles)."""

from __future__ import annotations

from rewriter.model import Span
from rewriter.analysis.checks.context import CheckContext, finding


def order(ctx: CheckContext, rule):
    """``element`` must come after (or before) another element, in the body of the letter."""
    first = ctx.elements.get(rule.params["element"])
    after = "after" in rule.params
    other = ctx.elements.get(rule.params["after" if after else "before"])
    if first is None or other is None or not first.found or not other.found:
        return []
    other_body = [i for i in other.paragraphs if ctx.zones[i] == "body"]
    if not other_body:
        return []
    body = [i for i in first.paragraphs if ctx.zones[i] == "body"] or list(first.paragraphs)
    bad = [i for i in body if i < min(other_body)] if after else [i for i in body if i > max(other_body)]
    if not bad:
        return []
    p = ctx.letter.paragraphs[bad[0]]
    return [finding(rule, Span(p.span.start, p.span.end), values={"paragraph": p.index})]
