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

# Jinja2 tags ({# ... #}, {% ... %}, {{ ... }}) are found by a scan (:func:`_jinja_tags`): the regex ".*?" between an
# opener and its closer is tried from every opener, which takes time that grows with the square of the input on
# text with many openers and no closer ("{{" * 100000).  The scan gives the same matches in linear time.
_JINJA = (("jinja_comment", "{#", "#}"), ("jinja_block", "{%", "%}"), ("jinja_var", "{{", "}}"))
_PATTERNS: tuple[tuple[str, str], ...] = (
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


def _jinja_tags(text: str) -> list[tuple[int, int, int, str]]:
    """(start, end, priority, syntax) of every Jinja2 tag: an opener and the first closer after it, as the regex
    ``\\{\\{-?.*?-?\\}\\}`` (DOTALL) finds them.  Linear: a closer is looked for once per opener kind after a miss."""
    out = []
    no_closer_after = {close: len(text) + 1 for _, _, close in _JINJA}  # no closer at or after this offset
    pos = 0
    while True:
        i = text.find("{", pos)
        if i < 0:
            break
        for priority, (syntax, opener, close) in enumerate(_JINJA):
            if not text.startswith(opener, i) or i + 2 >= no_closer_after[close]:
                continue
            j = text.find(close, i + 2)
            if j < 0:
                no_closer_after[close] = i + 2
                continue
            out.append((i, j + 2, priority, syntax))
            break
        pos = i + 1
    return out


def find_placeholders(text: str) -> list[Placeholder]:
    """All merge fields in ``text``, in order, non-overlapping (the leftmost wins; a Jinja2 tag before the other
    syntaxes at the same offset, as one alternation would)."""
    candidates = _jinja_tags(text) if "{" in text else []
    candidates += [(m.start(), m.end(), len(_JINJA), m.lastgroup or "brackets") for m in _RE.finditer(text)]
    out = []
    end = 0
    for start, stop, _, syntax in sorted(candidates):
        if start < end:
            continue
        out.append(Placeholder(Span(start, stop), field_name(text[start:stop], syntax), syntax))
        end = stop
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
