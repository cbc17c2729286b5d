"""Element detection: which required elements a letter has, and where.

Requires: a Letter, its zones, the rulebook's elements for the letter type.
Produces: one :class:`ElementResult` per applicable element: ``present`` (with
paragraphs and match spans), ``placeholder`` (every match contains a merge field:
the fact will be filled in later), ``partial`` (found, but a part listed in
``requires_all`` is missing) or ``missing``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rewriter.model import Letter, Span
from rewriter.rules.language import language
from rewriter.rules.rulebook import Element, ElementUse


class ElementCache:
    """The element detections of one letter, shared by type detection, the element stage and the structure
    stage, and the letter's subject line (which content detectors also look at)."""

    __slots__ = ("subject", "found")
    UNKNOWN = object()  # the subject line was not looked for yet

    def __init__(self, subject: int | None | object = UNKNOWN):
        self.subject = subject
        self.found: dict[str, tuple] = {}  # element id -> (status, paragraphs, matches, missing parts)


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


def detect_element(letter: Letter, folded: str, zones: tuple[str, ...], element: Element, use: ElementUse,
                   cache: ElementCache | None = None) -> ElementResult:
    """Detect ``element`` in ``letter`` (patterns run on ``folded``, see :mod:`rewriter.analysis.folding`).

    ``cache`` (one per letter) reuses earlier detections of the same element.
    """
    if cache is None:
        cache = ElementCache()
    found = cache.found.get(element.id)
    if found is None:
        if cache.subject is ElementCache.UNKNOWN:
            cache.subject = subject_line(letter, zones)
        found = cache.found[element.id] = _detect(letter, folded, zones, element, cache.subject)
    return ElementResult(element, use, *found)



def subject_line(letter: Letter, zones: tuple[str, ...], cfg=None) -> int | None:
    """The subject line with facts or a warning: a head paragraph of one line of 3-20 words, not the
    first paragraph, with a number in it (not only a § reference) or a warning word ("ADVARSEL", "kan
    stoppe"); the last such line before the body (a recipient block or a date line may follow it).
    A subject labelled "Emne: ..." counts anywhere in the head, also inside a Fra/Til/Emne block.

    Content detectors also look here, since such a subject line carries the message
    ("Vi overvejer at trække 860 kr. i din kontanthjælp"); a generic one ("Indkaldelse
    til samtale") does not.
    """
    if cfg is None:
        from rewriter.rules.rulebook import load_rulebook

        cfg = load_rulebook().roles.subject  # the shipped rules when no rulebook is at hand
    if cfg is None:
        return None
    section_topic = language()["section_topic"]  # rules/language/da.yml
    found = None
    for p in letter.paragraphs:
        if zones[p.index] != "head":
            break
        raw = p.span.slice(letter.text).strip()
        lines = raw.split("\n")
        labelled = [line for line in lines if cfg.labelled.match(line)]
        line = labelled[0] if labelled else raw
        if not labelled and (p.index == 0 or len(lines) > 1):
            continue
        if cfg.not_subject.search(line):
            continue
        if not any(c.isdigit() for c in section_topic.sub("", line)) and not cfg.warning.search(line):
            continue  # a § reference names the topic, it is not a fact of the case
        if 3 <= len(line.split()) <= 22:
            found = p.index
        if labelled:
            break
    return found


def _detect(letter: Letter, text: str, zones: tuple[str, ...], element: Element, subject: int | None = None):
    paragraphs: list[int] = []
    matches: list[Span] = []
    for p in letter.paragraphs:
        ptext = p.span.slice(text)
        zone = zones[p.index]
        hit = False
        for det in element.detectors:
            if det.zone == "content" and zone in ("head", "heading") and p.index != subject:
                continue
            if det.zone == "first":  # the letterhead: the first paragraph, if it is in the head
                if p.index != 0 or zone != "head":
                    continue
            elif det.zone not in ("any", "content") and zone != det.zone:
                continue
            if det.pattern.search(ptext) is None:  # the common case, decided in C
                continue
            found = [m for m in det.pattern.finditer(ptext) if m.end() > m.start()]
            if not found or (det.unless is not None and det.unless.search(ptext)):
                continue
            matches.extend(Span(p.span.start + m.start(), p.span.start + m.end()) for m in found)
            hit = True
        if hit:
            paragraphs.append(p.index)
    if not paragraphs:
        return "missing", (), (), ()
    missing_parts = tuple(label for label, pat in element.requires_all if not pat.search(text))
    if missing_parts:
        status = "partial"
    elif all(_overlaps_placeholder(s, letter) for s in matches):
        status = "placeholder"
    else:
        status = "present"
    return status, tuple(paragraphs), tuple(sorted(set(matches))), missing_parts
