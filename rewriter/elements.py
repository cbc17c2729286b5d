"""Element detection: which required elements a letter has, and where.

Requires: a Letter, its zones, the rulebook's elements for the letter type.
Produces: one :class:`ElementResult` per applicable element: ``present`` (with
paragraphs and match spans), ``placeholder`` (every match contains a merge field:
the fact will be filled in later), ``partial`` (found, but a part listed in
``requires_all`` is missing) or ``missing``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Letter, Span
from .rulebook import Element, ElementUse


@dataclass(frozen=True)
class ElementResult:
    element: Element
    use: ElementUse
    status: str  # present | placeholder | partial | missing
    paragraphs: tuple[int, ...]
    matches: tuple[Span, ...]
    missing_parts: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.status != "missing"


def _overlaps_placeholder(span: Span, letter: Letter) -> bool:
    return any(p.span.overlaps(span) for p in letter.placeholders)


def detect_element(letter: Letter, zones: tuple[str, ...], element: Element, use: ElementUse) -> ElementResult:
    text = letter.text
    paragraphs: list[int] = []
    matches: list[Span] = []
    for p in letter.paragraphs:
        ptext = p.span.slice(text)
        hit = False
        for det in element.detectors:
            zone = zones[p.index]
            if det.zone == "content" and zone in ("head", "heading"):
                continue
            if det.zone not in ("any", "content") and zone != det.zone:
                continue
            if det.unless is not None and det.unless.search(ptext):
                continue
            for m in det.pattern.finditer(ptext):
                if m.end() > m.start():
                    matches.append(Span(p.span.start + m.start(), p.span.start + m.end()))
                    hit = True
        if hit:
            paragraphs.append(p.index)
    if not paragraphs:
        return ElementResult(element, use, "missing", (), ())
    missing_parts = tuple(label for label, pat in element.requires_all if not pat.search(text))
    if missing_parts:
        status = "partial"
    elif all(_overlaps_placeholder(s, letter) for s in matches):
        status = "placeholder"
    else:
        status = "present"
    return ElementResult(element, use, status, tuple(paragraphs), tuple(sorted(set(matches))), missing_parts)
