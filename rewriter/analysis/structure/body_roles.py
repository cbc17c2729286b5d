"""Roles of the other body paragraphs: practical, help, rights, contact, legal_basis or other.

A paragraph gets the first role in ``roles_from_elements`` (roles.yml) whose element (one of the letter
type's own; every element for an unknown type) it contains; ``legal_basis`` only when the paragraph is
mainly a reference to the rules.  Without such an element, the practical and legal-basis patterns decide.
"""

from __future__ import annotations

from rewriter.model import Letter


def body_roles(letter: Letter, folded: str, content, key: int | None, threats, cfg, paragraphs_of,
               applies) -> dict[int, str]:
    role_paragraphs = [(name, paragraphs_of([eid for eid in ids if applies(eid)]))
                       for name, ids in cfg.roles_from_elements]
    out: dict[int, str] = {}
    for i in content:
        if i == key:
            out[i] = "key_message"
            continue
        if i in threats:
            out[i] = "threat"
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
        out[i] = role or "other"
    return out
