"""Element detection: which required elements a letter has, and where.

Requires: a Letter, its zones, the rulebook's elements for the letter type.
Produces: one :class:`ElementResult` per applicable element: ``present`` (with
paragraphs and match spans), ``placeholder`` (every match contains a merge field:
the fact will be filled in later), ``partial`` (found, but a part listed in
``requires_all`` is missing), ``wrong`` (stated in a legally wrong way, one of the element's
``wrong`` patterns: "send din klage direkte til Ankestyrelsen") or ``missing``.

A part of ``requires_all`` may be required only in some letter types or sanction kinds, or only when
its condition (``when``) is found in the letter: the spouse's part of the § 35, stk. 2 warning only when
the letter speaks of a spouse.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rewriter.analysis.folding import spans_holding
from rewriter.analysis.learned import Evidence
from rewriter.analysis.zones import is_question_line
from rewriter.model import Letter, Span
from rewriter.rules.language import language
from rewriter.rules.rulebook import Element, ElementUse


class ElementCache:
    """The element detections of one letter, shared by type detection, the element stage and the structure
    stage, and the letter's subject line (which content detectors also look at)."""

    __slots__ = ("subject", "found", "headed", "results", "_where", "_spans", "_starts")
    UNKNOWN = object()  # the subject line was not looked for yet

    def __init__(self, subject: int | None | object = UNKNOWN):
        self.subject = subject
        self.found: dict[str, tuple] = {}  # element id -> (paragraphs, matches): where its detectors match
        self.headed: dict[int, str] | None = None  # body paragraph -> the heading right above it (:func:`_headed`)
        self.results: dict[tuple, ElementResult] = {}  # (element id, paragraphs, type, kind) -> with_paragraphs
        self._where: dict[str, frozenset[int]] = {}  # literal -> the paragraphs whose text contains it
        self._spans: list[Span] | None = None  # the paragraphs' spans and their starts (spans_holding)
        self._starts: list[int] = []

    def paragraphs_with(self, letter: Letter, text: str, literal: str) -> frozenset[int]:
        """The paragraphs whose own text (``Paragraph.span`` of ``text``) contains ``literal``: what
        ``literal in paragraph_text`` says for each paragraph (:func:`~rewriter.analysis.folding.spans_holding`; the
        required literals of the rule patterns repeat across detectors and elements, so each is looked for once)."""
        where = self._where.get(literal)
        if where is not None:
            return where
        paragraphs = letter.paragraphs
        if self._spans is None:
            self._spans = [p.span for p in paragraphs]
            self._starts = [sp.start for sp in self._spans]
        # (a paragraph's index is its place in the letter)
        where = self._where[literal] = frozenset(spans_holding(text, self._spans, self._starts, literal))
        return where


@dataclass(frozen=True)
class ElementResult:
    element: Element
    use: ElementUse
    status: str  # present | placeholder | partial | wrong | missing
    paragraphs: tuple[int, ...]
    matches: tuple[Span, ...]
    missing_parts: tuple[str, ...] = ()
    wrong_message: str | None = None  # status wrong: what is wrong (the element's ``wrong`` message)
    wrong_spans: tuple[Span, ...] = ()
    evidence: Evidence | None = None  # missing or partial: the closest candidate (rewriter.analysis.learned);
    # present or partial with evidence.learned: found by the learned signal, not by a pattern

    @property
    def learned(self) -> bool:
        """Found by the learned signal where no pattern matched ("present (learned)")."""
        return self.evidence is not None and self.evidence.learned and self.status != "missing"

    @property
    def found(self) -> bool:
        """The letter speaks of the element (also when incompletely or wrongly)."""
        return self.status != "missing"

    @property
    def ok(self) -> bool:
        """The letter states the element fully and correctly (or leaves a merge field for it)."""
        return self.status in ("present", "placeholder")


def _overlaps_placeholder(span: Span, letter: Letter) -> bool:
    return any(p.span.overlaps(span) for p in letter.placeholders)


def detect_element(letter: Letter, folded: str, zones: tuple[str, ...], element: Element, use: ElementUse,
                   cache: ElementCache | None = None, letter_type: str | None = None,
                   kind: str | None = None, on=None) -> ElementResult:
    """Detect ``element`` in ``letter`` (patterns run on ``folded``, see :mod:`rewriter.analysis.folding`).

    ``cache`` (one per letter) reuses earlier detections of the same element.  ``letter_type`` and the
    sanction ``kind`` decide which of its required parts and wrong statements apply (none given: those
    without a condition on type or kind).
    """
    if cache is None:
        cache = ElementCache()
    found = cache.found.get(element.id)
    if found is None:
        if cache.subject is ElementCache.UNKNOWN:
            cache.subject = subject_line(letter, zones)
        if cache.headed is None:
            cache.headed = _headed(letter, folded, zones)
        found = cache.found[element.id] = _detect(letter, folded, zones, element, cache.subject, cache.headed,
                                                   cache)
    paragraphs, matches = found
    wrong = _wrong(folded, element, letter_type, kind, on)  # a wrong statement counts even where no detector matches
    if wrong is not None:
        message, spans = wrong
        where = tuple(sorted(set(paragraphs) | {p.index for p in letter.paragraphs for s in spans
                                                if p.span.contains(s)}))
        return ElementResult(element, use, "wrong", where, matches or spans, (), message, spans)
    if not paragraphs:
        return ElementResult(element, use, "missing", (), ())
    key = (element.id, letter_type, kind)
    res = cache.results.get(key)
    if res is None:  # the required parts are looked for once per letter, type and kind
        res = cache.results[key] = with_paragraphs(letter, folded, element, use, paragraphs, matches, letter_type,
                                                   kind)
    return res if res.use is use else replace(res, use=use)


def with_paragraphs(letter: Letter, folded: str, element: Element, use: ElementUse, paragraphs: tuple[int, ...],
                    matches: tuple[Span, ...], letter_type: str | None = None, kind: str | None = None,
                    evidence: Evidence | None = None) -> ElementResult:
    """The element found in ``paragraphs``: ``partial`` when a required part is not there, ``placeholder`` when
    every match is a merge field, else ``present``."""
    own = [letter.paragraphs[i].span.slice(folded) for i in paragraphs]
    missing_parts = tuple(part.label for part in element.requires_all
                          if _applies(part, letter_type, kind) and (part.when is None or part.when.found(folded))
                          and not (any(part.pattern.found(t) for t in own) if part.scope == "paragraph"
                                   else part.pattern.found(folded)))
    if missing_parts:
        status = "partial"
    elif matches and all(_overlaps_placeholder(s, letter) for s in matches):
        status = "placeholder"
    else:
        status = "present"
    return ElementResult(element, use, status, paragraphs, matches, missing_parts, evidence=evidence)


def _applies(item, letter_type: str | None, kind: str | None) -> bool:
    """A part or wrong statement limited to some letter types or sanction kinds applies to this letter."""
    return (not item.types or letter_type in item.types) and (not item.kinds or kind in item.kinds)


def _wrong(folded: str, element: Element, letter_type: str | None, kind: str | None, on=None):
    """The first of the element's wrong statements found in the letter: (message, spans), or None."""
    for w in element.wrong:
        if not _applies(w, letter_type, kind) or (w.unless is not None and w.unless.found(folded)):
            continue
        if (w.when is not None and not w.when.found(folded)) or (w.valid_from and on and on < w.valid_from):
            continue
        spans = tuple(Span(m.start(), m.end()) for m in w.pattern.finditer(folded) if m.end() > m.start())
        if spans:
            return w.message, spans
    return None



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


def _detect(letter: Letter, text: str, zones: tuple[str, ...], element: Element, subject: int | None,
            headed: dict[int, str], cache: ElementCache):
    paragraphs: set[int] = set()
    matches: list[Span] = []
    all_paragraphs = None
    for det in element.detectors:
        required = det.pattern.required
        if required is None:  # no literal is required: every paragraph is a candidate
            if all_paragraphs is None:
                all_paragraphs = frozenset(p.index for p in letter.paragraphs)
            where = all_paragraphs
        else:  # only the paragraphs that contain one of the pattern's required literals can match
            where = frozenset().union(*(cache.paragraphs_with(letter, text, lit) for lit in required))
        own = where  # paragraphs that hold one of the literals themselves
        if det.zone == "content" and headed:  # a body paragraph is also read together with its heading
            where = where | {i for i in headed if i - 1 in where}
        for i in sorted(where):
            p = letter.paragraphs[i]
            zone = zones[i]
            if det.zone == "content" and zone in ("head", "heading") and i != subject:
                continue
            if det.zone == "first":  # the letterhead: the first paragraph, if it is in the head
                if i != 0 or zone != "head":
                    continue
            elif det.zone not in ("any", "content") and zone != det.zone:
                continue
            ptext = p.span.slice(text)
            if (det.pattern.search_present(ptext) if i in own else None) is None:  # the common case, decided in C
                if det.zone == "content" and i in headed and _under_heading(headed[i], ptext, det):
                    matches.append(p.span)
                    paragraphs.add(i)
                continue
            found = [m for m in det.pattern.finditer(ptext) if m.end() > m.start()]
            if not found or (det.unless is not None and det.unless.search(ptext)):
                continue
            matches.extend(Span(p.span.start + m.start(), p.span.start + m.end()) for m in found)
            paragraphs.add(i)
    return tuple(sorted(paragraphs)), tuple(sorted(set(matches)))


def _headed(letter: Letter, text: str, zones: tuple[str, ...]) -> dict[int, str]:
    """The body paragraphs right under a heading, with the heading's text: a heading zone paragraph, or a one-line
    question (:func:`~rewriter.analysis.zones.is_question_line`), which counts as a heading here."""
    out = {}
    for p in letter.paragraphs[1:]:
        i = p.index
        if zones[i] != "body":
            continue
        heading = letter.paragraphs[i - 1].span.slice(text)
        if zones[i - 1] == "heading" or (zones[i - 1] == "body" and is_question_line(heading)):
            out[i] = heading
    return out


def _under_heading(heading: str, ptext: str, det) -> bool:
    """True when a body paragraph says the element together with the heading right above it: "Er du syg?"
    above "Ring til os på 98 17 45 30 inden kl. 8.30 samme dag" is how to report sickness; "Det skal du" above
    a list of what to do is the duties (the answer carries the content, the heading its condition or topic).
    A heading is a topic label: what it names is said in the paragraph under it."""
    both = heading + "\n" + ptext
    return det.pattern.search(both) is not None and (det.unless is None or det.unless.search(both) is None)