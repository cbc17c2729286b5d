"""Core data model: frozen dataclasses shared by every stage.

One offset unit everywhere: a :class:`Span` holds Python ``str`` indices (code
points) into :attr:`Letter.text`, the NFC-normalised letter text with ``\\n`` line
ends.  Lines and columns are derived for display only (:meth:`Letter.line_col`).

No I/O and no rule logic lives here.  Every class serialises through
``to_dict()`` into the JSON wire format documented in ``docs/wire-format.md``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open range ``[start, end)`` into the normalised letter text.

    ``start == end`` is an insertion point (used for absence findings).
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def shift(self, n: int) -> Span:
        return Span(self.start + n, self.end + n)

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


class Level(StrEnum):
    SUGGESTION = "suggestion"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.SUGGESTION: 0, Level.WARNING: 1, Level.ERROR: 2}


class Applicability(StrEnum):
    SAFE = "safe"  # meaning kept exactly (e.g. "såfremt" -> "hvis")
    REVIEW = "review"  # plausible, needs a human (model output, paragraph moves)
    DISPLAY_ONLY = "display_only"  # an idea, never applied automatically


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A merge field kept as a placeholder, not as text to score.

    ``syntax`` is one of ``guillemets`` («Fornavn»), ``angle`` (<<Navn>>),
    ``brackets`` ([DATO]), ``double_brackets`` ([[Dato]]), ``percent`` (%DATO%), ``jinja_var`` ({{ x }}), ``jinja_block`` ({% if %}),
    ``jinja_comment`` ({# #}) or ``mergefield`` (a Word MERGEFIELD field).
    ``name`` is the field name without the delimiters.
    """

    span: Span
    name: str
    syntax: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.span.start, "end": self.span.end, "name": self.name, "syntax": self.syntax}


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    index: int  # 0-based within the letter
    words: int = 0
    long_words: int = 0


@dataclass(frozen=True, slots=True)
class Paragraph:
    span: Span
    index: int  # 0-based, document order, letterhead and signature included
    sentences: tuple[Sentence, ...] = ()
    role: str | None = None  # assigned by the structure stage only
    source_ref: str | None = None  # .docx: "word/document.xml#p12"; text: None
    style: str | None = None  # .docx paragraph style id ("Heading1"); Markdown "heading"
    emphasis: float = 0.0  # share of letters in bold or capitals (.docx run formatting)


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the reader noticed that the user should know (not a finding)."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Letter:
    text: str  # THE single source of truth, NFC-normalised, "\n" line ends
    paragraphs: tuple[Paragraph, ...]
    source: str  # file path or "<text>" / "<stdin>"
    format: str = "text"  # text | markdown | docx
    placeholders: tuple[Placeholder, ...] = ()
    notices: tuple[Notice, ...] = ()
    kind: str | None = None
    line_starts: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; for display only."""
        starts = self.line_starts or line_starts(self.text)
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets at which the lines of ``text`` start."""
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return tuple(starts)


@dataclass(frozen=True, slots=True)
class Edit:
    span: Span  # range in the ORIGINAL Letter.text
    replacement: str  # "" = deletion; empty span = insertion

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.span.start, "end": self.span.end, "replacement": self.replacement}


@dataclass(frozen=True, slots=True)
class Fix:
    title: str  # imperative, Danish: "Indsæt klagevejledning"
    edits: tuple[Edit, ...]  # sorted by start, non-overlapping
    applicability: Applicability
    origin: str = "rule"  # "rule", "template:klagevejledning", "model:<name>"
    reasons: tuple[str, ...] = ()  # why a fix was downgraded, if it was
    span: Span | None = None  # what a display-only suggestion is about (a sentence), if it has no edits

    def to_dict(self) -> dict[str, Any]:
        out = {
            "title": self.title,
            "applicability": str(self.applicability),
            "origin": self.origin,
            "edits": [e.to_dict() for e in self.edits],
            "reasons": list(self.reasons),
        }
        if self.span is not None:
            out["start"], out["end"] = self.span.start, self.span.end
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # stable, selectable by prefix: "AFG001"
    name: str  # names the problem: "manglende-klagevejledning"
    level: Level | str  # error | warning | off (switched off by a profile)
    span: Span  # absences: a zero-length span where the element belongs
    message: str  # one sentence, Danish, addressed to the caseworker
    legal_basis: str | None = None
    fix: Fix | None = None
    values: Mapping[str, float | int | str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "level": str(self.level),
            "start": self.span.start,
            "end": self.span.end,
            "message": self.message,
            "legal_basis": self.legal_basis,
            "fix": self.fix.to_dict() if self.fix else None,
            "values": dict(self.values),
        }


@dataclass(frozen=True, slots=True)
class ElementStatus:
    id: str
    status: str  # present | missing | placeholder | partial | wrong
    paragraphs: tuple[int, ...]
    level: Level | str  # error | warning | off (switched off by a profile)
    legal_basis: str
    similarity: float | None = None  # found by the learned signal (no pattern matched): its score 0-1

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "status": self.status,
            "paragraphs": list(self.paragraphs),
            "level": str(self.level),
            "legal_basis": self.legal_basis,
        }
        if self.similarity is not None:
            out["source"] = "learned"
            out["similarity"] = self.similarity
        return out


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact a rewrite must keep: ``value`` is independent of the notation (see :mod:`rewriter.analysis.facts`)."""

    kind: str
    span: Span
    text: str
    value: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "value": self.value, "start": self.span.start,
                "end": self.span.end}


@dataclass(frozen=True, slots=True)
class Metrics:
    """Readability of the whole letter (:mod:`rewriter.analysis.readability`)."""

    lix: float
    words: int
    sentences: int
    long_words: int
    lix_band: str
    paragraphs: int
    mean_sentence_words: float
    longest_sentence_words: int
    longest_sentence: Span | None
    sentences_over_25_words: int
    share_sentences_over_25_words: float
    formal_address: int
    s_passive: int
    blive_passive: int
    nominalisations: int
    officialese: int
    merge_fields: int

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in self.__slots__}
        ls = self.longest_sentence
        out["longest_sentence"] = {"start": ls.start, "end": ls.end} if ls else None
        return out


@dataclass(frozen=True, slots=True)
class ParagraphMetrics:
    """Readability of one paragraph; ``lix`` is None for a paragraph without sentences."""

    lix: float | None
    words: int
    sentences: int
    long_words: int


@dataclass(frozen=True, slots=True)
class Preview:
    """What a Digital Post list shows: the subject and the first characters of the body."""

    text: str
    contains_threat: bool
    contains_key_message: bool

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "contains_threat": self.contains_threat,
                "contains_key_message": self.contains_key_message}


@dataclass(frozen=True, slots=True)
class FirstScreen:
    """The first words of the body and which of the letter type's questions they answer."""

    words: int
    end: int | None
    answers: Mapping[str, bool]
    passed: bool

    def to_dict(self) -> dict[str, Any]:
        return {"words": self.words, "end": self.end, "answers": dict(self.answers), "passed": self.passed}


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the key message and the threat paragraphs stand (:mod:`rewriter.analysis.placement`).

    Positions are paragraph indices; shares are of the body words.
    """

    key_message_paragraph: int | None
    key_message_position: int | None
    body_paragraphs: tuple[int, ...]
    threat_paragraphs: tuple[int, ...]
    first_threat_position: float | None
    threat_share_of_words: float
    threat_emphasised_paragraphs: tuple[int, ...]
    threat_tone_words: tuple[str, ...]
    threat_lix: float | None
    rest_lix: float | None
    first_practical_paragraph: int | None
    first_help_paragraph: int | None
    preview: Preview
    first_screen: FirstScreen
    key_message_not_first: bool
    threat_before_key_message: bool
    threat_before_practical: bool
    threat_before_help: bool
    threat_in_preview: bool
    threat_repeated: bool
    threat_emphasised: bool
    threat_harder_to_read: bool
    first_screen_failed: bool
    score: float
    verdict: str

    @property
    def key_message_first(self) -> bool:
        return self.key_message_position == 0

    @property
    def threat_count(self) -> int:
        return len(self.threat_paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key_message_paragraph": self.key_message_paragraph,
            "key_message_position": self.key_message_position,
            "key_message_first": self.key_message_first,
            "body_paragraphs": list(self.body_paragraphs),
            "threat_paragraphs": list(self.threat_paragraphs),
            "threat_count": self.threat_count,
            "first_threat_position": self.first_threat_position,
            "threat_share_of_words": self.threat_share_of_words,
            "threat_emphasised_paragraphs": list(self.threat_emphasised_paragraphs),
            "threat_tone_words": list(self.threat_tone_words),
            "threat_lix": self.threat_lix,
            "rest_lix": self.rest_lix,
            "first_practical_paragraph": self.first_practical_paragraph,
            "first_help_paragraph": self.first_help_paragraph,
            "preview": self.preview.to_dict(),
            "first_screen": self.first_screen.to_dict(),
            "key_message_not_first": self.key_message_not_first,
            "threat_before_key_message": self.threat_before_key_message,
            "threat_before_practical": self.threat_before_practical,
            "threat_before_help": self.threat_before_help,
            "threat_in_preview": self.threat_in_preview,
            "threat_repeated": self.threat_repeated,
            "threat_emphasised": self.threat_emphasised,
            "threat_harder_to_read": self.threat_harder_to_read,
            "first_screen_failed": self.first_screen_failed,
            "score": self.score,
            "verdict": self.verdict,
        }


@dataclass(frozen=True, slots=True)
class Question:
    """One of the citizen's questions and the sentence that answers it (``answer`` "ikke besvaret" if none)."""

    id: str
    question: str
    answered: bool
    start: int | None
    end: int | None
    answer: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "question": self.question, "answered": self.answered, "start": self.start,
                "end": self.end, "answer": self.answer}


@dataclass(frozen=True, slots=True)
class SanctionKind:
    """Which sanction the letter is about (:mod:`rewriter.analysis.sanction_kind`, rules/sanction_kinds.yml):
    ``id`` s36, s37, s39, s40 or s40a (None when unclear)."""

    id: str | None
    name: str
    section: str
    activity: str | None  # the kind the law gives for what the citizen was called to or did, when clear
    activity_scores: Mapping[str, float]
    stated: tuple[str, ...]  # the kinds whose consequence the letter states
    evidence: Mapping[str, tuple[Span, ...]]  # where it states them
    mismatch: bool  # the letter states the consequence of another kind than its activity's

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "section": self.section, "activity": self.activity,
                "activity_scores": dict(self.activity_scores), "stated": list(self.stated),
                "evidence": {k: [{"start": s.start, "end": s.end} for s in v] for k, v in self.evidence.items()},
                "mismatch": self.mismatch}


@dataclass(frozen=True, slots=True)
class Report:
    letter: Letter
    findings: tuple[Finding, ...]  # sorted by (span.start, code)
    metrics: Metrics
    paragraph_metrics: tuple[ParagraphMetrics, ...] = ()
    letter_type: str = "unknown"
    letter_type_confidence: float = 0.0
    elements: tuple[ElementStatus, ...] = ()
    placement: Placement | None = None
    rulebook_version: str = ""
    letter_type_scores: Mapping[str, float] = field(default_factory=dict)
    letter_date: str | None = None  # ISO date found in the letter
    rules_date: str | None = None  # ISO date the rules in force were chosen for
    profile: str | None = None
    questions: tuple[Question, ...] = ()
    sanction_kind: SanctionKind | None = None  # which sanction the letter is about (summons, hearings, decisions)
    notices: tuple[Notice, ...] | None = None  # the reader's and the analysis's (None: the letter's own)
    # the structure stage's result (rewriter.analysis.structure.Structure: roles, threats, key message and
    # the element detections of this letter), kept for the rewrite stage; not part of the wire format
    structure: Any = field(default=None, repr=False, compare=False)
    rulebook: Any = field(default=None, repr=False, compare=False)  # the rules the letter was checked with
    # extracts the facts (the pipeline passes a cached one): a check that nobody asks for facts does not pay
    fact_source: Callable[[], tuple[Fact, ...]] | None = field(default=None, repr=False, compare=False)
    # the readability stage's feature hits (rewriter.analysis.readability.LanguageHits: formal address, passives,
    # officialese), kept for the rewrite stage, which would otherwise find them again; not in the wire format
    hits: Any = field(default=None, repr=False, compare=False)

    SCHEMA = "rewriter.report/1"

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The letter's facts (:mod:`rewriter.analysis.facts`), extracted on first use."""
        return self.fact_source() if self.fact_source is not None else ()

    def to_dict(self) -> dict[str, Any]:
        letter = self.letter
        paragraphs = []
        for p, pm in zip(letter.paragraphs, self.paragraph_metrics or [None] * len(letter.paragraphs), strict=True):
            paragraphs.append(
                {
                    "index": p.index,
                    "start": p.span.start,
                    "end": p.span.end,
                    "role": p.role,
                    "lix": pm.lix if pm else None,
                    "words": pm.words if pm else 0,
                    "sentences": pm.sentences if pm else 0,
                    "source_ref": p.source_ref,
                }
            )
        return {
            "schema": self.SCHEMA,
            "source": letter.source,
            "format": letter.format,
            "rulebook_version": self.rulebook_version,
            "letter_type": self.letter_type,
            "letter_type_confidence": round(self.letter_type_confidence, 3),
            "letter_type_scores": dict(self.letter_type_scores),
            "sanction_kind": self.sanction_kind.to_dict() if self.sanction_kind else None,
            "letter_date": self.letter_date,
            "rules_date": self.rules_date,
            "profile": self.profile,
            "paragraphs": paragraphs,
            "sentences": [
                {"index": s.index, "start": s.span.start, "end": s.span.end, "words": s.words}
                for s in letter.sentences
            ],
            "metrics": self.metrics.to_dict(),
            "elements": [e.to_dict() for e in self.elements],
            "placement": self.placement.to_dict() if self.placement else {},
            "questions": [q.to_dict() for q in self.questions],
            "facts": [f.to_dict() for f in self.facts],
            "merge_fields": [p.to_dict() for p in letter.placeholders],
            "notices": [n.to_dict() for n in (letter.notices if self.notices is None else self.notices)],
            "findings": [f.to_dict() for f in self.findings],
        }
