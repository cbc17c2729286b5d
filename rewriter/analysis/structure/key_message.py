"""The key message: the one paragraph that says what the letter is about or what the citizen must do.

It is the first body paragraph with the letter type's key elements (the meeting time; the proposed
decision; the decision) or key patterns (among the first few calm body paragraphs; for guidance the
introduction), else the first body paragraph.  A warning put first, before the greeting, is not the key
message when it is only found by a pattern or by position ("VIGTIGT: DU KAN MISTE PENGE ... LÆS DETTE
BREV"); a "Kort fortalt" box can be, and the key elements decide regardless.
"""

from __future__ import annotations

from rewriter.analysis.zones import is_box
from rewriter.model import Letter
from rewriter.rules.language import Language


def key_message(letter: Letter, folded: str, content, threats, greeting: int | None, letter_type: str, cfg,
                paragraphs_of, lang: Language, threat_is_message: bool = True) -> int | None:
    """``threat_is_message`` False (``warning_never_key`` in letter_types.yml: a summons, whose warning is never what
    the letter is about): a warning is the key message only when no other paragraph states a key element or pattern ("De gøres opmærksom
    på, at udeblivelse fra det tilbud, som De nedenfor indkaldes til, ..." put before "... skal herved indkalde Dem
    til ...": eighteenth editor panel)."""
    key_paras = paragraphs_of(cfg.key_elements.get(letter_type, ()))
    key_pats = cfg.key_patterns.get(letter_type, ())
    text = letter.text
    calm = [i for i in content if not (i in threats and greeting is not None and i < greeting
                                       and not is_box(letter.paragraphs[i].span.slice(text), lang))]
    calm_pos = {i: pos for pos, i in enumerate(calm)}

    def is_key(i: int) -> bool:
        return i in key_paras or (i in calm_pos and calm_pos[i] < cfg.key_pattern_window
                                  and any(pat.search(letter.paragraphs[i].span.slice(folded)) for pat in key_pats))

    if not threat_is_message:  # a warning that states the meeting itself, or a box with a warning line, still can be
        for i in content:
            if (i not in threats or i in key_paras or is_box(letter.paragraphs[i].span.slice(text), lang)) \
                    and is_key(i):
                return i
    for i in content:
        if is_key(i):
            return i
    if content:
        return calm[0] if calm else content[0]
    return None
