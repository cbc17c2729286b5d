"""Letter-type detection from weighted signals in ``rules/letter_types.yml``.

Each type's score is the sum of the weights of its signals found in the letter
(each signal counts once).  The confidence is ``dominance * strength`` where
``dominance = top / (top + runner_up)`` and ``strength = min(1, top / 6)``.
Below the rulebook's ``threshold`` the type is ``unknown``: we would rather run
only the general checks than make a confident wrong guess.
"""

from __future__ import annotations

from .model import Letter
from .rulebook import Rulebook

STRONG_SCORE = 6.0


def detect_letter_type(letter: Letter, rulebook: Rulebook) -> tuple[str, float, dict[str, float]]:
    text = letter.text
    scores = {}
    for tid, lt in rulebook.letter_types.items():
        scores[tid] = sum(w for pat, w in lt.signals if pat.search(text))
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (top_id, top), (_, second) = ranked[0], ranked[1] if len(ranked) > 1 else ("", 0.0)
    if top <= 0:
        return "unknown", 0.0, scores
    confidence = (top / (top + max(second, 0.0))) * min(1.0, top / STRONG_SCORE)
    if confidence < rulebook.type_threshold:
        return "unknown", confidence, scores
    return top_id, confidence, scores
