"""Placement of the key message and the threat paragraph, the preview and first-screen tests.

Requires: the Letter with roles, the :class:`~rewriter.analysis.structure.Structure`, the
letter type and the element detections.  Produces: the report's ``placement``
object (all positions are paragraph indices; shares are of the body words).

Body = the content paragraphs after letterhead, date, subject and greeting and
before the closing.  The **preview** is what a Digital Post / e-Boks list shows:
the subject plus the first ``preview_chars`` characters of body text.  The
**first screen** is the first ``first_screen_words`` words of body text; it
passes when they answer the letter type's ``first_screen`` questions
(letter_types.yml; summons: what, when, where; hearing: what is proposed and by
when to answer; decision: what was decided).

Placement score (0-100): 100 minus the ``placement.penalties`` of roles.yml for
what the letter does (the key message not first: its penalty times
min(1, position / 3); each threat paragraph after the first, at most 2: the
``repeated_threat`` penalty), clamped to 0-100, with the first ``verdicts`` floor
it reaches ("god" from 80, "acceptabel" from 60, else "bør omskrives").  A
letter without any threat (e.g. under the trust-first profile) loses nothing for it.
"""

from __future__ import annotations

import re

from rewriter.analysis.readability import lix
from rewriter.analysis.structure import Structure
from rewriter.model import FirstScreen, Letter, Placement, Preview, Span
from rewriter.rules.rulebook import LetterType, PlacementConfig

_CAPS = re.compile(r"\b[A-ZÆØÅ]{4,}\b")
_WORD = re.compile(r"\S+")


def _words(letter: Letter, indices) -> int:
    return sum(s.words for i in indices for s in letter.paragraphs[i].sentences)


def _lix(letter: Letter, indices) -> float | None:
    sentences = [s for i in indices for s in letter.paragraphs[i].sentences]
    words = sum(s.words for s in sentences)
    if not words:
        return None
    return round(lix(words, len(sentences), sum(s.long_words for s in sentences)), 1)


def _body_start(letter: Letter, structure: Structure) -> int | None:
    return letter.paragraphs[structure.content[0]].span.start if structure.content else None


def _cutoff_after_words(text: str, start: int, n: int) -> int:
    end = start
    for i, m in enumerate(_WORD.finditer(text, start)):
        end = m.end()
        if i + 1 >= n:
            break
    return end


def _matches_before(structure: Structure, element_ids, start: int, end: int) -> bool:
    for eid in element_ids:
        res = structure.element(eid)
        if res is not None and res.found and any(start <= s.start < end for s in res.matches):
            return True
    return False


def compute_placement(letter: Letter, folded: str, structure: Structure, type_cfg: LetterType,
                      cfg: PlacementConfig, tone_words: tuple[str, ...], threat_patterns) -> Placement:
    text = letter.text
    content = list(structure.content)
    roles = structure.roles
    key = structure.key_message
    threats = list(structure.threat_paragraphs)
    body_words = _words(letter, content) or 1
    key_pos = content.index(key) if key in content else None
    first_threat = threats[0] if threats else None

    def first_with(role_names, element_ids=()):
        idx = [i for i in content if roles[i] in role_names]
        for eid in element_ids:
            res = structure.own_element(eid)
            if res is not None and res.found:
                idx += [i for i in res.paragraphs if i in content]
        return min(idx) if idx else None

    practical = first_with(("practical",), ("meeting_datetime", "meeting_place", "response_deadline", "amount_period"))
    help_contact = first_with(("help", "contact"), ("cancellation_procedure", "how_to_report", "contact",
                                                    "how_to_respond"))
    emphasised = []
    for i in threats:
        p = letter.paragraphs[i]
        raw = p.span.slice(text)
        if p.emphasis >= 0.5 or _CAPS.search(raw) or "!" in raw:
            emphasised.append(i)
    tone = sorted({w for i in threats for w in tone_words if w in letter.paragraphs[i].span.slice(folded)})
    rest = [i for i in content if i not in threats]
    threat_lix, rest_lix = _lix(letter, threats), _lix(letter, rest)

    # the preview: subject + first characters of body text
    subject = next((i for i, r in enumerate(roles) if r == "subject"), None)
    start = _body_start(letter, structure)
    preview_spans = []
    subject_in_preview = subject is not None and (start is None or letter.paragraphs[subject].span.start < start)
    if subject_in_preview:
        preview_spans.append(letter.paragraphs[subject].span)
    if start is not None:
        preview_spans.append(Span(start, min(len(text), start + cfg.preview_chars)))
    preview_text = " · ".join(s.slice(text).replace("\n", " ") for s in preview_spans)
    # body text: the threat paragraphs the structure stage found; the subject line is not a
    # body paragraph, so it is tested with the threat patterns itself
    in_preview = [i for i in threats if any(letter.paragraphs[i].span.overlaps(s) for s in preview_spans)]
    subject_threat = subject is not None and subject_in_preview and any(
        p.search(letter.paragraphs[subject].span.slice(folded)) for p in threat_patterns)
    preview_threat = bool(in_preview) or subject_threat
    preview_key = key is not None and any(letter.paragraphs[key].span.overlaps(s) for s in preview_spans)

    # the first screen: the first 60 words of body text
    answers = {}
    cutoff = None
    if start is not None:
        cutoff = _cutoff_after_words(text, start, cfg.first_screen_words)
        for name, ids in type_cfg.first_screen.items():
            answers[name] = _matches_before(structure, ids, start, cutoff)

    flags = {
        "key_message_not_first": key_pos is None or key_pos > 0,
        "threat_before_key_message": first_threat is not None and key is not None and first_threat < key,
        "threat_before_practical": first_threat is not None and practical is not None and first_threat < practical,
        "threat_before_help": first_threat is not None and help_contact is not None and first_threat < help_contact,
        "threat_in_preview": preview_threat,
        "threat_repeated": len(threats) > 1,
        "threat_emphasised": bool(emphasised),
        "threat_harder_to_read": threat_lix is not None and rest_lix is not None
                                 and threat_lix - rest_lix >= cfg.harder_to_read_lix,
        "first_screen_failed": bool(answers) and not all(answers.values()),
    }
    pen = cfg.penalties
    score = 100.0
    if key_pos is None:
        score -= pen["no_key_message"]
    elif key_pos > 0:
        score -= pen["key_message_not_first"] * min(1.0, key_pos / 3)
    for name in ("threat_before_key_message", "threat_before_practical", "threat_before_help", "threat_in_preview",
                 "threat_emphasised", "threat_harder_to_read", "first_screen_failed"):
        score -= pen[name] * flags[name]
    score -= pen["repeated_threat"] * min(2, max(0, len(threats) - 1))
    score = max(0.0, min(100.0, round(score, 1)))
    verdict = next((name for floor, name in cfg.verdicts if score >= floor), cfg.verdicts[-1][1])
    return Placement(
        key_message_paragraph=key,
        key_message_position=key_pos,
        body_paragraphs=tuple(content),
        threat_paragraphs=tuple(threats),
        first_threat_position=round(_words(letter, [i for i in content if i < first_threat]) / body_words, 3)
        if first_threat is not None else None,
        threat_share_of_words=round(_words(letter, threats) / body_words, 3),
        threat_emphasised_paragraphs=tuple(emphasised),
        threat_tone_words=tuple(tone),
        threat_lix=threat_lix,
        rest_lix=rest_lix,
        first_practical_paragraph=practical,
        first_help_paragraph=help_contact,
        preview=Preview(preview_text, preview_threat, preview_key),
        first_screen=FirstScreen(cfg.first_screen_words, cutoff, answers, not flags["first_screen_failed"]),
        **flags,
        score=score,
        verdict=verdict,
    )
