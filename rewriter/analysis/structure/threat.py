"""Threat paragraphs: the paragraphs that warn that benefit may be cut (the "trusselsparagraf").

A paragraph is a threat when one of the letter type's threat elements (sanction warning, consequences,
proposed sanction, § 40 a warning) or a threat pattern is found in it, unless it only says when there is
no sanction.  In a decision, the paragraph announcing the sanction already decided is not a threat unless
it also warns about the future ("igen", "næste gang", "skærpet rådighedssanktion"); a sentence that retells
an earlier warning does not count as a warning about the future.
"""

from __future__ import annotations

from rewriter.model import Letter


def warns_about_future(paragraph, folded: str, cfg) -> bool:
    """Does the paragraph warn about the future?  A sentence that retells an earlier warning
    ("I brevet skrev vi, at vi næste gang kunne ...") does not count."""
    if cfg.reported_warning is None or not paragraph.sentences:
        return cfg.future_cue.search(paragraph.span.slice(folded)) is not None
    for s in paragraph.sentences:
        sentence = s.span.slice(folded)
        if cfg.future_cue.search(sentence) and not cfg.reported_warning.search(sentence):
            return True
    return False


def threat_paragraphs(letter: Letter, folded: str, candidates, letter_type: str, cfg, paragraphs_of,
                      type_cfg) -> list[int]:
    """The threat paragraphs among ``candidates`` (body paragraphs, the greeting and a subject line with
    facts), in order.  ``paragraphs_of(ids)`` gives the paragraphs where elements are found."""
    threat_from_elements = paragraphs_of(cfg.threat_elements.get(letter_type, ()))
    decided = paragraphs_of(cfg.decided_elements) if type_cfg.decides else set()
    past = paragraphs_of(cfg.past_elements.get(letter_type, ()))
    threats = []
    for i in candidates:
        ptext = letter.paragraphs[i].span.slice(folded)
        from_element = i in threat_from_elements
        is_threat = from_element or any(pat.search(ptext) for pat in cfg.threat_patterns)
        # "no fradrag if ..." does not undo a proposed sanction (a hearing's threat element)
        if is_threat and not (from_element and type_cfg.proposes_sanction) \
                and any(pat.search(ptext) for pat in cfg.threat_not_if):
            is_threat = False
        if is_threat and not warns_about_future(letter.paragraphs[i], folded, cfg):
            if i in decided or i in past and i not in threat_from_elements:  # the sanction already decided
                is_threat = False
        if is_threat:
            threats.append(i)
    return sorted(threats)
