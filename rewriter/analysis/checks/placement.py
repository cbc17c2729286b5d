"""Placement findings: key message first, threat placement and tone (from ``ctx.placement``)."""

from __future__ import annotations

from rewriter.model import Span
from rewriter.analysis.checks.context import CheckContext, finding


def _para_span(ctx: CheckContext, index: int) -> Span:
    return ctx.letter.paragraphs[index].span


def key_message_not_first(ctx: CheckContext, rule):
    pl = ctx.placement
    if not pl.body_paragraphs or pl.key_message_first:
        return []
    key = pl.key_message_paragraph
    if key is None:
        first = pl.body_paragraphs[0]
        return [finding(rule, Span(_para_span(ctx, first).start, _para_span(ctx, first).start),
                        rule.params.get("message_missing", rule.message), values={"position": -1})]
    return [finding(rule, _para_span(ctx, key), values={"position": pl.key_message_position,
                                                        "paragraph": key})]


def threat_before_key_message(ctx: CheckContext, rule):
    pl = ctx.placement
    if not pl.threat_before_key_message:
        return []
    first = pl.threat_paragraphs[0]
    return [finding(rule, _para_span(ctx, first), values={"threat_paragraph": first,
                                                          "key_message_paragraph": pl.key_message_paragraph})]


def threat_in_preview(ctx: CheckContext, rule):
    pl = ctx.placement
    if not pl.threat_in_preview:
        return []
    first = pl.threat_paragraphs[0] if pl.threat_paragraphs else pl.body_paragraphs[0]
    return [finding(rule, _para_span(ctx, first), values={"preview": pl.preview.text})]


def threat_repeated(ctx: CheckContext, rule):
    pl = ctx.placement
    if not pl.threat_repeated:
        return []
    later = pl.threat_paragraphs[1:]
    return [finding(rule, _para_span(ctx, i), rule.message.format(count=pl.threat_count),
                    values={"count": pl.threat_count, "paragraph": i}) for i in later]


def threat_harder_to_read(ctx: CheckContext, rule):
    pl = ctx.placement
    if pl.threat_lix is None or pl.rest_lix is None:
        return []
    diff = pl.threat_lix - pl.rest_lix
    if diff < float(rule.params.get("min_difference", 10)):
        return []
    first = pl.threat_paragraphs[0]
    return [finding(rule, _para_span(ctx, first),
                    rule.message.format(threat_lix=pl.threat_lix, rest_lix=pl.rest_lix),
                    values={"threat_lix": pl.threat_lix, "rest_lix": pl.rest_lix})]
