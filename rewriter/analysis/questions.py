"""The citizen's questions (``questions`` in roles.yml) and the sentence of the letter that answers each.

Requires: the Letter with roles and the :class:`~rewriter.analysis.structure.Structure`.  Produces one
:class:`~rewriter.model.Question` per question that applies to the letter type: the sentence holding the
first match of the question's elements (in the body when there is one there), or, for questions the key
message answers, the key message; else "ikke besvaret".
"""

from __future__ import annotations

from rewriter.analysis.structure import Structure
from rewriter.model import Letter, Question


def answer_questions(letter: Letter, structure: Structure, letter_type: str, questions) -> list[Question]:
    """The citizen's questions with the sentence that answers each, or "ikke besvaret"."""
    out = []
    for q in questions:
        ids = q.elements.get(letter_type)
        if ids is None:
            continue
        span = None
        for eid in ids:
            res = structure.element(eid)
            if res is not None and res.found:
                content_matches = [m for m in res.matches if any(letter.paragraphs[i].span.contains(m)
                                                                 for i in structure.content)] or list(res.matches)
                span = min(content_matches, key=lambda m: m.start)
                break
        if span is None and q.key_message_answers and structure.key_message is not None:
            span = letter.paragraphs[structure.key_message].span
        sentence = None
        if span is not None:
            sentence = next((s.span for s in letter.sentences if s.span.start <= span.start < s.span.end), span)
        out.append(Question(q.id, q.text, sentence is not None, sentence.start if sentence else None,
                            sentence.end if sentence else None,
                            sentence.slice(letter.text) if sentence else "ikke besvaret"))
    return out
