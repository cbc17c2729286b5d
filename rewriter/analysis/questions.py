"""The citizen's questions (``questions`` in roles.yml) and the sentence of the letter that answers each.

Requires: the Letter with roles and the :class:`~rewriter.analysis.structure.Structure`.  Produces one
:class:`~rewriter.model.Question` per question that applies to the letter type.  The answer is the sentence
holding the first match of the question's elements (in the body when there is one there), or, for questions
the key message answers, the key message (first, with ``key_message_first``); else "ikke besvaret".  An answer
is never a heading, a legal-basis paragraph, the letterhead or the closing; a list lead-in ("På samtalen vil
vi:") is answered with the list that follows it.
"""

from __future__ import annotations

from rewriter.analysis.structure import Structure
from rewriter.model import Letter, Question, Span

NOT_AN_ANSWER = frozenset({"subject", "legal_basis", "letterhead", "date", "greeting", "closing"})
MAX_LIST_ANSWER = 400  # characters of a list given as the answer to its lead-in


def _answer(letter: Letter, structure: Structure, at: int) -> Span | None:
    """The answer at offset ``at``: its sentence, or a lead-in with its list; None where no answer can be."""
    p = next((p for p in letter.paragraphs if p.span.start <= at < p.span.end), None)
    if p is None or structure.roles[p.index] in NOT_AN_ANSWER:
        return None
    sentence = next((s for s in p.sentences if s.span.start <= at < s.span.end), None)
    if sentence is None:
        return None
    if sentence.span.slice(letter.text).rstrip().endswith(":"):
        rest = [s for s in p.sentences if s.span.start > sentence.span.start]
        if not rest:
            return None  # a lead-in whose list is elsewhere answers nothing by itself
        end = max((s.span.end for s in rest if s.span.end - sentence.span.start <= MAX_LIST_ANSWER),
                  default=rest[0].span.end)
        return Span(sentence.span.start, end)
    return sentence.span


def _key_message_answer(letter: Letter, structure: Structure) -> Span | None:
    if structure.key_message is None:
        return None
    for s in letter.paragraphs[structure.key_message].sentences:
        span = _answer(letter, structure, s.span.start)
        if span is not None:
            return span
    return None


def _element_answer(letter: Letter, structure: Structure, ids) -> Span | None:
    for eid in ids:
        res = structure.element(eid)
        if res is None or not res.found:
            continue
        in_body = [m for m in res.matches if any(letter.paragraphs[i].span.contains(m) for i in structure.content)]
        for m in sorted(in_body or res.matches, key=lambda m: m.start):
            span = _answer(letter, structure, m.start)
            if span is not None:
                return span
    return None


def answer_questions(letter: Letter, structure: Structure, letter_type: str, questions) -> list[Question]:
    """The citizen's questions with the sentence that answers each, or "ikke besvaret"."""
    out = []
    for q in questions:
        ids = q.elements.get(letter_type)
        if ids is None:
            continue
        span = _key_message_answer(letter, structure) if q.key_message_first else None
        if span is None:
            span = _element_answer(letter, structure, ids)
        if span is None and q.key_message_answers:
            span = _key_message_answer(letter, structure)
        out.append(Question(q.id, q.text, span is not None, span.start if span else None,
                            span.end if span else None, span.slice(letter.text) if span else "ikke besvaret"))
    return out
