"""The check pipeline: letter -> report.

Stages, each with its contract:

1. :mod:`rewriter.reader`       source -> Letter (text, paragraphs, sentences, merge fields)
2. :mod:`rewriter.readability`  Letter -> metrics, per-paragraph metrics, language hits
3. (rules, placement, facts: later stages fill ``elements``, ``placement``,
   ``facts`` and ``findings``)
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError
from .lexicon import load_lexicon
from .model import Finding, Letter, Report
from .readability import compute_metrics
from .reader import letter_from_text, read_letter
from .resources import rules_dir as default_rules_dir
from .textio import DEFAULT_MAX_CHARS

LETTER_TYPES = ("indkaldelse", "partshoering", "afgoerelse_sanktion", "vejledning_raadighed")


def load_source(source: str | os.PathLike | Letter, max_chars: int = DEFAULT_MAX_CHARS) -> Letter:
    """A :class:`Letter` from a Letter, a path, or the text of a letter."""
    if isinstance(source, Letter):
        return source
    if isinstance(source, os.PathLike):
        return read_letter(source, max_chars)
    if isinstance(source, str):
        if "\n" not in source and len(source) < 4096 and source.strip() and Path(source).exists():
            return read_letter(source, max_chars)
        return letter_from_text(source, "<text>", max_chars=max_chars)
    raise UsageError(f"Kan ikke tjekke et objekt af typen {type(source).__name__}.", code="C301",
                     hint="Giv en tekst, en sti eller et Letter.")


def validate_letter_type(letter_type: str | None) -> str | None:
    if letter_type is None or letter_type in LETTER_TYPES or letter_type == "unknown":
        return letter_type
    raise UsageError(f"Ukendt brevtype '{letter_type}'.", code="C302",
                     hint=f"Brug en af: {', '.join(LETTER_TYPES)}, unknown.")


def check(source: str | os.PathLike | Letter, letter_type: str | None = None, *,
          rules: str | os.PathLike | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Report:
    """Check one letter and return its :class:`Report`.

    ``source`` is the letter text, a path to a .txt/.md/.docx file, or a
    :class:`Letter`.  ``letter_type`` overrides detection.
    """
    letter_type = validate_letter_type(letter_type)
    letter = load_source(source, max_chars)
    rdir = Path(rules) if rules else default_rules_dir()
    lex = load_lexicon(rdir)
    metrics, per_paragraph, _hits = compute_metrics(letter, lex)
    findings: list[Finding] = []
    findings.sort(key=lambda f: (f.span.start, f.code))
    return Report(
        letter=letter,
        findings=tuple(findings),
        metrics=metrics,
        paragraph_metrics=tuple(per_paragraph),
        letter_type=letter_type or "unknown",
        letter_type_confidence=1.0 if letter_type else 0.0,
    )
