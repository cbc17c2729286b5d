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
                paragraphs_of, lang: Language) -> int | None:
    key_paras = paragraphs_of(cfg.key_elements.get(letter_type, ()))
    key_pats = cfg.key_patterns.get(letter_type, ())
    text = letter.text
    calm = [i for i in content if not (i in threats and greeting is not None and i < greeting
                                       and not is_box(letter.paragraphs[i].span.slice(text), lang))]
    calm_pos = {i: pos for pos, i in enumerate(calm)}
    for i in content:
        if i in key_paras or (i in calm_pos and calm_pos[i] < cfg.key_pattern_window
                              and any(pat.search(letter.paragraphs[i].span.slice(folded)) for pat in key_pats)):
            return i
    if content:
        return calm[0] if calm else content[0]
    return None
