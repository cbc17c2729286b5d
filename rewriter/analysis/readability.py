"""Danish readability: LIX and plain-language counts.

Requires: a :class:`Letter` (paragraphs and sentences with word counts, see
:mod:`rewriter.analysis.segment` for what a sentence and a word are).  Produces: the
``metrics`` and per-paragraph metrics of a report, and the spans of the
language features counted (for later findings and highlighting).

LIX (Björnsson)::

    LIX = words / sentences + 100 * long_words / words

with *words*, *sentences* and *long words* (more than 6 letters) counted as
documented in :mod:`rewriter.analysis.segment`.  The raw counts are always reported, so a
reviewer can recompute the figure.  The Danish band is read off LIX rounded to
a whole number: ≤24 "meget let", 25–34 "let", 35–44 "middel", 45–54 "svær",
≥55 "meget svær".  An empty text has LIX 0.

Other counts: sentences over 25 words (the plain-language guideline), formal
address (capitalised De/Dem/Deres inside a sentence; a sentence-initial "De"
counts only when the letter also has one inside a sentence, since it may be
plural "they"), s-passive and "blive"-passive, nominalisations and officialese
words (lexicons in ``rules/lexicon/``).  Merge fields are masked first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rewriter.rules.lexicon import Lexicon
from rewriter.model import Letter, Metrics, ParagraphMetrics, Span
from rewriter.io.placeholders import mask
from rewriter.rules.language import Language, language

LONG_SENTENCE_WORDS = 25
BANDS = ((24, "meget let"), (34, "let"), (44, "middel"), (54, "svær"))


def lix(words: int, sentences: int, long_words: int) -> float:
    """LIX from raw counts; 0.0 for an empty text."""
    if words == 0 or sentences == 0:
        return 0.0
    return words / sentences + 100.0 * long_words / words


def lix_band(value: float) -> str:
    """The Danish band of a LIX value (rounded half up to a whole number)."""
    whole = int(value + 0.5)
    for upper, name in BANDS:
        if whole <= upper:
            return name
    return "meget svær"


_FIRST_ALNUM = re.compile(r"[^\W_]")


@dataclass
class LanguageHits:
    """Spans of counted language features, by kind."""

    formal_address: list[Span] = field(default_factory=list)
    s_passive: list[Span] = field(default_factory=list)
    blive_passive: list[Span] = field(default_factory=list)
    nominalisations: list[Span] = field(default_factory=list)
    officialese: list[tuple[Span, str]] = field(default_factory=list)  # (span, matched form)


def sentence_starts(letter: Letter, masked: str) -> set[int]:
    """Offsets of the first letter or digit of each sentence (``masked``: the letter text, fields masked)."""
    out = set()
    for s in letter.sentences:
        m = _FIRST_ALNUM.search(masked, s.span.start, s.span.end)
        if m:
            out.add(m.start())
    return out


_CAPS_LINE = re.compile(r"^(?=[^\n]*[A-ZÆØÅ]{2,}[^\n]*[A-ZÆØÅ]{2,})[^a-zæøå\n]+$", re.MULTILINE)


def language_hits(letter: Letter, masked: str, lex: Lexicon, lang: Language | None = None) -> LanguageHits:
    hits = LanguageHits()
    starts = sentence_starts(letter, masked)
    initial_de = []
    for m in (lang or language())["formal_address"].finditer(masked):
        span = Span(m.start(), m.end())
        if m.start() in starts:
            if m.group() != "De":
                hits.formal_address.append(span)
            else:
                initial_de.append(span)
        else:
            hits.formal_address.append(span)
    # a heading in capitals ("HVILKE PLIGTER HAR DE?") addresses the reader as the text does (twentieth editor panel:
    # such headings stayed "DE" in a du-form letter)
    caps = (lang or language())["formal_address_caps"]
    for line in _CAPS_LINE.finditer(masked):
        for m in caps.finditer(masked, line.start(), line.end()):
            hits.formal_address.append(Span(m.start(), m.end()))
    if hits.formal_address:
        hits.formal_address = sorted(hits.formal_address + initial_de)

    low = masked.lower()
    if len(low) != len(masked):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in masked)
    for m in lex.s_passive_re.finditer(low):
        group = "verb" if m.group("verb") else "verb2"
        if m.group(group) not in lex.not_passive:
            hits.s_passive.append(Span(m.start(group), m.end(group)))
    for m in lex.blive_re.finditer(low):
        participle = m.group("part").lower()
        if participle not in lex.not_participles:
            hits.blive_passive.append(Span(m.start(), m.end()))
    for m in lex.nominal_re.finditer(low):
        word = m.group()
        if len(word) >= 7 and word not in lex.nominal_keep and not word.endswith(lex.nominal_keep_long):
            hits.nominalisations.append(Span(m.start(), m.end()))
    if lex.swap_re is not None:
        for m in lex.swap_re.finditer(low):
            hits.officialese.append((Span(m.start(), m.end()), masked[m.start() : m.end()]))
    return hits


def _sentence_stats(sentences) -> dict:
    lengths = [s.words for s in sentences]
    words = sum(lengths)
    long_words = sum(s.long_words for s in sentences)
    n = len(sentences)
    value = lix(words, n, long_words)
    return {
        "lix": round(value, 1),
        "words": words,
        "sentences": n,
        "long_words": long_words,
    }


def compute_metrics(letter: Letter, lex: Lexicon,
                    lang: Language | None = None) -> tuple[Metrics, list[ParagraphMetrics], LanguageHits]:
    """Letter metrics, per-paragraph metrics and the feature hits."""
    masked = mask(letter.text, letter.placeholders)
    sentences = letter.sentences
    stats = _sentence_stats(sentences)
    lengths = [s.words for s in sentences]
    longest = max(sentences, key=lambda s: s.words, default=None)
    over = sum(1 for n in lengths if n > LONG_SENTENCE_WORDS)
    hits = language_hits(letter, masked, lex, lang)
    metrics = Metrics(
        **stats,
        lix_band=lix_band(stats["lix"]),
        paragraphs=len(letter.paragraphs),
        mean_sentence_words=round(sum(lengths) / len(lengths), 1) if lengths else 0.0,
        longest_sentence_words=longest.words if longest else 0,
        longest_sentence=longest.span if longest else None,
        sentences_over_25_words=over,
        share_sentences_over_25_words=round(over / len(lengths), 3) if lengths else 0.0,
        formal_address=len(hits.formal_address),
        s_passive=len(hits.s_passive),
        blive_passive=len(hits.blive_passive),
        nominalisations=len(hits.nominalisations),
        officialese=len(hits.officialese),
        merge_fields=len(letter.placeholders),
    )
    per_paragraph = []
    for p in letter.paragraphs:
        ps = _sentence_stats(p.sentences)
        per_paragraph.append(ParagraphMetrics(ps["lix"] if p.sentences else None, ps["words"], ps["sentences"],
                                              ps["long_words"]))
    return metrics, per_paragraph, hits


def text_lix(text: str) -> float:
    """LIX of a plain ``str`` (segmented as a letter); a convenience for tests and benchmarks."""
    from rewriter.io.reader import letter_from_text

    letter = letter_from_text(text)
    s = _sentence_stats(letter.sentences)
    return s["lix"]
