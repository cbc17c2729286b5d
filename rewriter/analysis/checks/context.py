"""The context every check function gets, and the helper that makes a finding from a rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rewriter.analysis.elements import ElementResult
from rewriter.analysis.readability import LanguageHits
from rewriter.model import Finding, Letter, Level, Placement, SanctionKind, Span
from rewriter.rules.rulebook import Rule, Rulebook


@dataclass
class CheckContext:
    letter: Letter
    folded: str  # rewriter.analysis.folding.fold_text(letter): what rule patterns match against
    zones: tuple[str, ...]
    letter_type: str
    on: dt.date
    letter_date: dt.date | None
    letter_date_span: Span | None
    elements: dict[str, ElementResult]
    hits: LanguageHits
    rulebook: Rulebook
    profile: str | None = None
    placement: Placement | None = None  # rewriter.analysis.placement.compute_placement
    sanction_kind: SanctionKind | None = None  # rewriter.analysis.sanction_kind


def finding(rule: Rule, span: Span, message: str | None = None, **kw) -> Finding:
    return Finding(code=rule.code, name=rule.name, level=Level(rule.level), span=span,
                   message=message or rule.message, legal_basis=rule.legal_basis, **kw)
