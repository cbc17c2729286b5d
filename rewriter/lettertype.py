"""Letter-type detection from ``rules/letter_types.yml``.

A type's score is the sum of the weights of its signals found in the letter
(each signal counts once) plus ``core_weight`` for each of its core elements
found (a summons has a meeting time and place, a decision a result and a
klagevejledning, ...).  The confidence is ``dominance * strength`` where
``dominance = top / (top + runner_up)`` and ``strength = min(1, top / 6)``.
Below the rulebook's ``threshold`` the type is ``unknown``: we would rather run
only the general checks than make a confident wrong guess.
"""

from __future__ import annotations

from .elements import detect_element
from .model import Letter
from .rulebook import Rulebook

STRONG_SCORE = 6.0


def detect_letter_type(letter: Letter, rulebook: Rulebook, zones: tuple[str, ...]) -> tuple[str, float, dict[str, float]]:
    text = letter.text
    scores = {}
    for tid, lt in rulebook.letter_types.items():
        score = sum(w for pat, w in lt.signals if pat.search(text))
        for eid in lt.core_elements:
            element = rulebook.element(eid)
            if detect_element(letter, zones, element, element.applies_to[tid]).found:
                score += lt.core_weight
        scores[tid] = score
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (top_id, top), (_, second) = ranked[0], ranked[1] if len(ranked) > 1 else ("", 0.0)
    if top <= 0:
        return "unknown", 0.0, scores
    confidence = (top / (top + max(second, 0.0))) * min(1.0, top / STRONG_SCORE)
    if confidence < rulebook.type_threshold:
        return "unknown", confidence, scores
    return top_id, confidence, scores
