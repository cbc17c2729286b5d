"""Check types: one function per ``type`` a rule file may name (explicit registry).

A check function takes ``(ctx, rule)`` and returns findings.  ``ctx`` is a
:class:`CheckContext`: the letter, its zones, the letter type, the date the
rules are applied for, the letter's own date, the element results and the
language-feature hits.  Missing-element findings are built in
:mod:`rewriter.analysis.checks.required`.
"""

from __future__ import annotations

from collections.abc import Callable

from rewriter.analysis.checks import consistency, order, phrase, placement
from rewriter.analysis.checks.context import CheckContext, finding
from rewriter.model import Finding
from rewriter.rules.rulebook import Rule

__all__ = ["CheckContext", "finding", "run_check"]


def _registry() -> dict[str, Callable[[CheckContext, Rule], list[Finding]]]:
    return {
        "key_message_not_first": placement.key_message_not_first,
        "threat_before_key_message": placement.threat_before_key_message,
        "threat_in_preview": placement.threat_in_preview,
        "threat_repeated": placement.threat_repeated,
        "threat_harder_to_read": placement.threat_harder_to_read,
        "weekday_matches_date": consistency.weekday_matches_date,
        "deadline_after_letter_date": consistency.deadline_after_letter_date,
        "complaint_deadline_weeks": consistency.complaint_deadline_weeks,
        "sanction_kind_mismatch": consistency.sanction_kind_mismatch,
        "phrase": phrase.phrase,
        "formal_address": phrase.formal_address,
        "order": order.order,
    }


_CHECKS: dict | None = None


def run_check(ctx: CheckContext, rule: Rule) -> list[Finding]:
    """Run ``rule`` with the function its ``type`` names (the registry is built on first use)."""
    global _CHECKS
    if _CHECKS is None:
        _CHECKS = _registry()
    return _CHECKS[rule.check](ctx, rule)
