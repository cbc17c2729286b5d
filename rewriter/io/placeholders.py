"""Merge fields: recognise them in letter text and mask them for scoring.

Recognised syntaxes (``Placeholder.syntax``):

=================  ==========================  =================================
syntax             example                     notes
=================  ==========================  =================================
``guillemets``     ``«Fornavn»``               Word mail merge display form
``angle``          ``<<Sagsbehandler>>``       ASCII stand-in for guillemets
``double_brackets`` ``[[Brevdato]]``           some template systems
``percent``        ``%DATO%``                  some template systems
``brackets``       ``[DATO]``, ``[Fornavn]``   upper-case or capitalised name, no
                                               spaces, not a Markdown link
``jinja_var``      ``{{ moedested }}``         also docxtpl ``{{r x }}``/``{{p x}}``
``jinja_block``    ``{% if x %}``              also docxtpl ``{%p if %}``/``{%tr``
``jinja_comment``  ``{# note #}``
``mergefield``     ``{ MERGEFIELD Fornavn }``  field code shown as text; the
                                               .docx reader also emits this
                                               syntax for real Word fields
=================  ==========================  =================================

A placeholder stands for one word of the filled letter.  :func:`mask` replaces
each variable placeholder by ``X___`` (same length: one short word, capitalised,
atomic for the sentence splitter) and each block or comment tag by spaces (no
words at all), so segmentation and LIX never score the field *names*.
"""

from __future__ import annotations

import re

from rewriter.model import Placeholder, Span

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("jinja_comment", r"\{#.*?#\}"),
    ("jinja_block", r"\{%-?.*?-?%\}"),
    ("jinja_var", r"\{\{-?.*?-?\}\}"),
    ("mergefield", r"\{\s*MERGEFIELD\s+[^{}\n]*\}"),
    ("guillemets", r"«[^«»\n]{1,80}»"),
    ("angle", r"<<[^<>\n]{1,80}>>"),
    ("double_brackets", r"\[\[[^\[\]\n]{1,60}\]\]"),
    ("percent", r"%[A-ZÆØÅa-zæøå_][\wÆØÅæøå\-]{0,40}%"),
    ("brackets", r"\[(?:[A-ZÆØÅ][\wÆØÅæøå\-]{0,60}|[\wæøå]+_[\wæøå_]+)\](?!\()"),
)
_RE = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS), re.DOTALL)
BLOCK_SYNTAXES = frozenset({"jinja_block", "jinja_comment"})


def field_name(raw: str, syntax: str) -> str:
    """The field name without delimiters (``{{ moedested }}`` -> ``moedested``)."""
    if syntax == "mergefield":
        m = re.match(r"\{\s*MERGEFIELD\s+\"?([^\s\"}]+)", raw)
        return m.group(1) if m else raw
    inner = {"guillemets": raw[1:-1], "angle": raw[2:-2], "brackets": raw[1:-1], "double_brackets": raw[2:-2],
             "percent": raw[1:-1]}.get(syntax)
    if inner is None:  # jinja: strip whitespace control and docxtpl's tr/tc/p/r prefixes
        inner = re.sub(r"^(?:tr|tc|p|r)\s+", "", raw[2:-2].strip("-").strip())
    return inner.strip()


def find_placeholders(text: str) -> list[Placeholder]:
    """All merge fields in ``text``, in order, non-overlapping."""
    out = []
    for m in _RE.finditer(text):
        syntax = m.lastgroup or "brackets"
        out.append(Placeholder(Span(m.start(), m.end()), field_name(m.group(), syntax), syntax))
    return out


def merge(primary: list[Placeholder], secondary: list[Placeholder]) -> list[Placeholder]:
    """Union of two placeholder lists; ``primary`` wins where spans overlap."""
    result = list(primary)
    for p in secondary:
        if not any(p.span.overlaps(q.span) for q in primary):
            result.append(p)
    return sorted(result, key=lambda p: p.span.start)


def mask(text: str, placeholders: list[Placeholder] | tuple[Placeholder, ...]) -> str:
    """``text`` with every placeholder neutralised; same length, same newlines."""
    if not placeholders:
        return text
    parts = []
    pos = 0
    for p in placeholders:
        s, e = p.span.start, p.span.end
        parts.append(text[pos:s])
        raw = text[s:e]
        if p.syntax in BLOCK_SYNTAXES:
            parts.append("".join("\n" if ch == "\n" else " " for ch in raw))
        else:
            parts.append("X" + "".join("\n" if ch == "\n" else "_" for ch in raw[1:]))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)
