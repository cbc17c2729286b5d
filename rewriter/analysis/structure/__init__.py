"""Paragraph roles, threat paragraphs and the key message (one stage, rules in ``rules/roles.yml``).

Requires: Letter, zones (:mod:`rewriter.analysis.zones`), the letter type, the rulebook and the per-letter
element cache.  Produces a :class:`Structure`: a role for every paragraph (letterhead, date, subject,
greeting, key_message, practical, threat, help, rights, contact, legal_basis, closing, other), the threat
paragraphs (a paragraph can carry a threat inside another role) and the key-message paragraph.

The stage runs in four parts, each in its own module:

1. :mod:`.head`: the frame (letterhead, date, subject, greeting, closing) and the body that remains;
2. :mod:`.threat`: the threat paragraphs;
3. :mod:`.key_message`: the key message;
4. :mod:`.body_roles`: the roles of the other body paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from rewriter.analysis.elements import ElementCache, ElementResult, detect_element
from rewriter.analysis.structure.body_roles import body_roles
from rewriter.analysis.structure.head import frame_roles
from rewriter.analysis.structure.key_message import key_message
from rewriter.analysis.structure.threat import threat_paragraphs
from rewriter.model import Letter, Span
from rewriter.rules.rulebook import Rulebook


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


def _lookup(letter, folded, zones, rulebook: Rulebook, cache: ElementCache):
    def lookup(element_id: str) -> ElementResult | None:
        e = rulebook.element(element_id)
        if e is None:
            return None
        return detect_element(letter, folded, zones, e, next(iter(e.applies_to.values())), cache)

    return lookup


def analyse(letter: Letter, folded: str, zones: tuple[str, ...], letter_type: str, rulebook: Rulebook,
            cache: ElementCache, letter_date_span: Span | None) -> Structure:
    cfg = rulebook.roles
    type_cfg = rulebook.type_config(letter_type)
    lookup = _lookup(letter, folded, zones, rulebook, cache)
    n = len(letter.paragraphs)

    def paragraphs_of(ids) -> set[int]:
        out: set[int] = set()
        for eid in ids:
            res = lookup(eid)
            if res is not None and res.found:
                out.update(res.paragraphs)
        return out

    def applies(eid: str) -> bool:
        e = rulebook.element(eid)
        return letter_type == "unknown" or (e is not None and letter_type in e.applies_to)

    roles, subject = frame_roles(letter, zones, letter_date_span, cfg.subject, rulebook.language)
    content = tuple(i for i in range(n) if zones[i] == "body" and roles[i] is None)
    # body paragraphs, the greeting and a subject line with facts ("Vi overvejer at trække 860 kr. ...")
    candidates = content + tuple(i for i in range(n) if roles[i] == "greeting" or i == subject)
    threats = threat_paragraphs(letter, folded, candidates, letter_type, cfg, paragraphs_of, type_cfg)
    greeting = next((i for i in range(n) if roles[i] == "greeting"), None)
    key = key_message(letter, folded, content, threats, greeting, letter_type, cfg, paragraphs_of,
                      rulebook.language, threat_is_message=not (type_cfg and type_cfg.warning_never_key))
    for i, role in body_roles(letter, folded, content, key, threats, cfg, paragraphs_of, applies).items():
        roles[i] = role
    return Structure(tuple(r or "other" for r in roles), tuple(threats), key, content, lookup, applies)


def with_roles(letter: Letter, roles: tuple[str, ...]) -> Letter:
    """The letter with ``Paragraph.role`` set (a new frozen Letter)."""
    paragraphs = tuple(replace(p, role=r) for p, r in zip(letter.paragraphs, roles, strict=True))
    return replace(letter, paragraphs=paragraphs)
