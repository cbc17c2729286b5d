"""Letter-type detection from ``rules/letter_types.yml``.

A type's score is the sum of the weights of its signals found in the letter
(each signal counts once) plus ``core_weight`` for each of its core elements
found (a summons has a meeting time and place, a decision a result and a
klagevejledning, ...).  Core elements are only looked for when the signals
alone give a confidence below ``DECISIVE``.  The confidence is ``dominance * strength`` where
``dominance = top / (top + runner_up)`` and ``strength = min(1, top / 6)``.
Below the rulebook's ``threshold`` the type is ``unknown``: we would rather run
only the general checks than make a confident wrong guess.  A type with ``needs_core`` (a summons: it names a
meeting or what the meeting is about) is not chosen when none of those elements is in the letter: a web page that speaks of "the meetings
you are called to" in general is no summons; the next type is weighed instead.  On a tie between a letter to one
citizen and a text to everyone (``general``), the general type is chosen.
"""

from __future__ import annotations

from rewriter.analysis.elements import ElementCache, detect_element
from rewriter.model import Letter
from rewriter.rules.rulebook import Rulebook

STRONG_SCORE = 6.0
DECISIVE = 0.85  # signal-only confidence above which core elements are not needed


def _confidence(scores: dict[str, float]) -> float:
    ranked = sorted(scores.values(), reverse=True)
    top, second = ranked[0], max(ranked[1], 0.0) if len(ranked) > 1 else 0.0  # negative evidence is not a rival
    return (top / (top + second)) * min(1.0, top / STRONG_SCORE) if top > 0 else 0.0


def _without_worked_examples(letter: Letter, folded: str, example) -> str:
    """``folded`` with the paragraphs that are a made-up example blanked (same length): "Eksempel\nDu er indkaldt
    til samtale tirsdag den 9. februar 2027 kl. 10.00 ..." on a web page is not a summons to this reader."""
    if example is None:
        return folded
    spans = [p.span for p in letter.paragraphs if example.search(folded[p.span.start:p.span.end])]
    if not spans:
        return folded
    parts, pos = [], 0
    for sp in spans:
        parts.append(folded[pos:sp.start])
        parts.append(" " * (sp.end - sp.start))
        pos = sp.end
    parts.append(folded[pos:])
    return "".join(parts)


def detect_letter_type(letter: Letter, folded: str, rulebook: Rulebook, zones: tuple[str, ...],
                       cache: ElementCache | None = None) -> tuple[str, float, dict[str, float]]:
    text = folded
    own = _without_worked_examples(letter, folded, rulebook.worked_example)
    scores = {tid: sum(w for pat, w in lt.signals if pat.found(text if lt.general else own))
              for tid, lt in rulebook.letter_types.items()}
    found: dict[tuple[str, str], bool] = {}

    def has(tid: str, eid: str) -> bool:
        if (tid, eid) not in found:
            element = rulebook.element(eid)
            found[tid, eid] = detect_element(letter, folded, zones, element, element.applies_to[tid], cache).found
        return found[tid, eid]

    if _confidence(scores) < DECISIVE:  # the wording alone is not clear: look for the core elements too
        for tid, lt in rulebook.letter_types.items():
            scores[tid] += lt.core_weight * sum(has(tid, eid) for eid in lt.core_elements)
    while True:  # a type that needs a core element and has none is no candidate
        # on a tie the text to everyone wins: precision before recall, only the general checks run
        top_id = max(scores, key=lambda t: (scores[t], rulebook.letter_types[t].general))
        needs = rulebook.letter_types[top_id].needs_core
        if scores[top_id] <= 0 or not needs or any(has(top_id, eid) for eid in needs):
            break
        scores[top_id] = 0.0
    confidence = _confidence(scores)
    if confidence < rulebook.type_threshold:
        return "unknown", confidence, scores
    return top_id, confidence, scores
