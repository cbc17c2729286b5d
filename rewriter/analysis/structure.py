"""Paragraph roles, threat paragraphs and the key message (one stage, rules in ``rules/roles.yml``).

Requires: Letter, zones (:mod:`rewriter.analysis.zones`), the letter type, the rulebook and
the per-letter element cache.  Assigns: ``Paragraph.role`` for every paragraph
(letterhead, date, subject, greeting, key_message, practical, threat, help,
rights, contact, legal_basis, closing, other), the threat paragraphs (a
paragraph can carry a threat inside another role) and the key-message paragraph.

* Head paragraphs are ``letterhead`` (sender and recipient blocks), ``date`` (the
  letter-date line) or ``subject`` (the one-line heading just before the body);
  one-line body headings are ``subject`` too.  The closing zone is ``closing``.
* A paragraph is a threat when one of the threat elements (sanction warning,
  consequences, proposed sanction, § 40 a warning) or a threat pattern is found in
  it, unless it only says when there is no sanction.  In a decision, the
  paragraph announcing the sanction already decided is not a threat unless it also
  warns about the future ("igen", "næste gang", "skærpet rådighedssanktion").
* The key message is the first body paragraph with the letter type's key
  elements (the meeting time; the proposed decision; the decision) or key
  patterns (among the first few body paragraphs; for guidance the
  introduction), else the first body paragraph.
* The other body paragraphs get the first role in ``roles_from_elements`` whose
  element (one of the letter type's own) they contain; ``legal_basis`` only when the paragraph is mainly a
  reference to the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from rewriter.analysis.elements import ElementResult, detect_element, subject_line
from rewriter.model import Letter, Span
from rewriter.rules.rulebook import Rulebook
from rewriter.analysis.zones import is_box, is_greeting


def _future(paragraph, folded: str, cfg) -> bool:
    """Does the paragraph warn about the future?  A sentence that retells an earlier warning
    ("I brevet skrev vi, at vi næste gang kunne ...") does not count."""
    if cfg.reported_warning is None or not paragraph.sentences:
        return cfg.future_cue.search(paragraph.span.slice(folded)) is not None
    for s in paragraph.sentences:
        sentence = s.span.slice(folded)
        if cfg.future_cue.search(sentence) and not cfg.reported_warning.search(sentence):
            return True
    return False


@dataclass(frozen=True)
class Structure:
    roles: tuple[str, ...]
    threat_paragraphs: tuple[int, ...]
    key_message: int | None
    content: tuple[int, ...]  # body paragraphs in order (after greeting, before closing)
    lookup: Callable[[str], ElementResult | None] = field(repr=False, compare=False, default=lambda eid: None)
    applies: Callable[[str], bool] = field(repr=False, compare=False, default=lambda eid: True)

    def element(self, element_id: str) -> ElementResult | None:
        """The detection of any element in this letter (whether or not it applies to the type)."""
        return self.lookup(element_id)

    def own_element(self, element_id: str) -> ElementResult | None:
        """The detection of an element of this letter's type (None for other types' elements)."""
        return self.lookup(element_id) if self.applies(element_id) else None


def _lookup(letter, folded, zones, rulebook: Rulebook, cache):
    def lookup(element_id: str) -> ElementResult | None:
        e = rulebook.element(element_id)
        if e is None:
            return None
        return detect_element(letter, folded, zones, e, next(iter(e.applies_to.values())), cache)

    return lookup


def analyse(letter: Letter, folded: str, zones: tuple[str, ...], letter_type: str, rulebook: Rulebook,
            cache: dict, letter_date_span: Span | None) -> Structure:
    cfg = rulebook.roles
    lookup = _lookup(letter, folded, zones, rulebook, cache)
    text = letter.text
    n = len(letter.paragraphs)
    roles: list[str | None] = [None] * n

    head = [i for i in range(n) if zones[i] == "head"]
    for i in head:
        p = letter.paragraphs[i]
        if letter_date_span is not None and p.span.contains(letter_date_span):
            roles[i] = "date"
        else:
            roles[i] = "letterhead"
    if head:  # the last one-line head paragraph after the date line is the subject
        last = head[-1]
        raw = letter.paragraphs[last].span.slice(text)
        if roles[last] == "letterhead" and "\n" not in raw and (last > 0 and roles[last - 1] == "date"
                                                                  or any(r == "date" for r in roles[:last])):
            roles[last] = "subject"
    subject = subject_line(letter, zones, cfg.subject)  # a subject with facts or a warning, wherever it stands
    if subject is not None and roles[subject] == "letterhead" and "\n" not in letter.paragraphs[subject].span.slice(text):
        roles[subject] = "subject"
    for i in range(n):
        if zones[i] == "closing":
            roles[i] = "closing"
        elif zones[i] == "heading":
            roles[i] = "subject"
        elif zones[i] == "body" and is_greeting(letter.paragraphs[i].span.slice(text)) \
                and "\n" not in letter.paragraphs[i].span.slice(text):
            roles[i] = "greeting"
    content = tuple(i for i in range(n) if zones[i] == "body" and roles[i] is None)

    def paragraphs_of(ids) -> set[int]:
        out: set[int] = set()
        for eid in ids:
            res = lookup(eid)
            if res is not None and res.found:
                out.update(res.paragraphs)
        return out

    # threats
    threat_from_elements = paragraphs_of(cfg.threat_elements.get(letter_type, ()))
    decided = paragraphs_of(cfg.decided_elements) if letter_type == "afgoerelse_sanktion" else set()
    past = paragraphs_of(cfg.past_elements.get(letter_type, ()))
    threats = []
    # body paragraphs, the greeting and a subject line with facts ("Vi overvejer at trække 860 kr. ...")
    extra = tuple(i for i in range(n) if roles[i] == "greeting" or i == subject)
    for i in content + extra:
        ptext = letter.paragraphs[i].span.slice(folded)
        from_element = i in threat_from_elements
        is_threat = from_element or any(pat.search(ptext) for pat in cfg.threat_patterns)
        # "no fradrag if ..." does not undo a proposed decision (a hearing's threat element)
        if is_threat and not (from_element and letter_type == "partshoering") \
                and any(pat.search(ptext) for pat in cfg.threat_not_if):
            is_threat = False
        if is_threat and not _future(letter.paragraphs[i], folded, cfg):
            if i in decided or i in past and i not in threat_from_elements:  # a decision announcing the sanction already decided
                is_threat = False
        if is_threat:
            threats.append(i)
    threats.sort()

    # key message
    key_ids = cfg.key_elements.get(letter_type, ())
    key_pats = cfg.key_patterns.get(letter_type, ())
    key_paras = paragraphs_of(key_ids)
    # A warning put first, before the greeting, is not the key message when it is only found by a
    # pattern or by position ("VIGTIGT: DU KAN MISTE PENGE ... LÆS DETTE BREV"); a "Kort fortalt" box
    # can be, and the key elements decide regardless.
    key = None
    greeting = next((i for i in range(n) if roles[i] == "greeting"), None)
    calm = [i for i in content if not (i in threats and greeting is not None and i < greeting
                                       and not is_box(letter.paragraphs[i].span.slice(text)))]
    calm_pos = {i: pos for pos, i in enumerate(calm)}
    for i in content:
        if i in key_paras or (i in calm_pos and calm_pos[i] < cfg.key_pattern_window
                              and any(pat.search(letter.paragraphs[i].span.slice(folded)) for pat in key_pats)):
            key = i
            break
    if key is None and content:
        key = calm[0] if calm else content[0]

    # roles from the letter type's own elements (all elements for an unknown type)
    def applies(eid: str) -> bool:
        e = rulebook.element(eid)
        return letter_type == "unknown" or (e is not None and letter_type in e.applies_to)

    role_paragraphs = [(name, paragraphs_of([eid for eid in ids if applies(eid)]))
                       for name, ids in cfg.roles_from_elements]
    for i in content:
        if i == key:
            roles[i] = "key_message"
            continue
        if i in threats:
            roles[i] = "threat"
            continue
        ptext = letter.paragraphs[i].span.slice(folded)
        role = None
        for name, paras in role_paragraphs:
            if i in paras:
                if name == "legal_basis" and not any(p.search(ptext) for p in cfg.legal_basis_patterns):
                    continue
                role = name
                break
        if role is None and any(p.search(ptext) for p in cfg.practical_patterns):
            role = "practical"
        if role is None and any(p.search(ptext) for p in cfg.legal_basis_patterns):
            role = "legal_basis"
        roles[i] = role or "other"
    roles = [r or "other" for r in roles]
    return Structure(tuple(roles), tuple(threats), key, content, lookup, applies)


def with_roles(letter: Letter, roles: tuple[str, ...]) -> Letter:
    """The letter with ``Paragraph.role`` set (a new frozen Letter)."""
    paragraphs = tuple(replace(p, role=r) for p, r in zip(letter.paragraphs, roles, strict=True))
    return replace(letter, paragraphs=paragraphs)
