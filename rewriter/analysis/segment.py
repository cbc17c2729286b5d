"""Danish paragraph and sentence segmentation with character spans.

Requires: the normalised letter text and its placeholder spans.
Assigns: ``Paragraph.span`` and ``Paragraph.sentences`` (with word counts).

Paragraphs (plain text and Markdown): a paragraph is a maximal run of non-blank
lines, numbered from 0 in document order.  The letterhead, the date line and the
signature are paragraphs like any other.  Its span runs from the first to the
last non-blank character of the run.

Sentences end

* at ``.``, ``!`` or ``?`` (with any closing quotes or brackets after them) that
  is followed by white space or the end of the paragraph;
* at a colon that ends a line;
* at the end of a paragraph, a heading or a list item (a line break is a sentence
  end when the next line is a list item, the line itself is a list item or
  heading-like: see :func:`_line_break_ends_sentence`).

A full stop does **not** end a sentence

* after an abbreviation that is followed by something other than a sentence
  (``jf.``, ``bl.a.``, ``f.eks.``, ``kl.``, ``nr.``, ``stk.``, ``tlf.``: the
  ``never_final`` list of ``rules/language/da.yml``);
* after ``kr.``, ``osv.``, ``mv.``, ``m.m.`` and the other ``may_be_final``
  abbreviations, unless the next word starts with a capital letter;
* after a number followed by a month name or another number ("7. december",
  "7. dec.");
* after a single capital letter (initials: "A. Jensen");
* when the next character is a lower-case letter (a Danish sentence starts with a
  capital letter, a digit or a symbol);
* inside a token: "10.00", "9.30", "1.234,50", "07.12.2026", "www.x.dk".

Merge fields are masked first (:func:`rewriter.io.placeholders.mask`), so a field
is one atomic word and its name is never scored.

Words (used by :mod:`rewriter.analysis.readability`): a word is a white-space separated
token with at least one letter or digit; punctuation-only tokens ("§", "–", "•")
are not words.  A long word has more than 6 letters (``str.isalpha`` characters;
digits, hyphens and dots do not count).  So "97 14 22 00" is four short words,
"mandag-torsdag" one long word, "§ 37, stk. 2" three short words, and a merge
field one short word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rewriter.model import Paragraph, Sentence, Span
from rewriter.rules.language import Language, language

_TERMINAL = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s|$)")
_ENDS_WITH_TERMINAL = re.compile(r"[.!?][\"'”’»)\]]*\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_WORD = re.compile(r"\S+")
_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n")


_EDGE_PUNCT = ".,;:!?()[]{}\"'«»“”‘’–-/"


_ROMAN = r"(?:viii|vii|iii|ix|iv|vi|ii|v|x)"  # list numerals i-x ("i" alone is the letter i)


@dataclass(frozen=True)
class _Words:
    """The word lists segmentation needs (``rules/language/da.yml``): abbreviations, continuing words, months."""

    never_final: frozenset[str]  # abbreviations whose full stop never ends a sentence ("jf.", "kl.")
    may_be_final: frozenset[str]  # ... that end one only before a capital letter ("kr.", "osv.")
    continuing: frozenset[str]  # a line ending with one of these goes on in the next line
    months: frozenset[str]  # month names and abbreviations, with and without the dot
    list_item: re.Pattern  # a list item line: a bullet, "1.", "a)" (not "7. december")
    label_nouns: frozenset[str] = frozenset()  # "bygning C.": the letter labels, it is no initial


@lru_cache(maxsize=8)
def _words(lang: Language) -> _Words:
    w = lang.words
    months = frozenset(w["months"]) | {a + "." for a in w["month_abbreviations"]}
    plain = "|".join(sorted(m for m in months if not m.endswith(".")))
    # a bullet, or a number, a letter or a roman numeral with "." or ")" ("1.", "a)", "b.", "iii.") before the item,
    # but not a date ("7. december")
    list_item = re.compile(r"^\s*(?:[•\-*–—▪◦·●○■□✓✔>]\s+|(?:\d{1,2}|[a-zA-Z]|" + _ROMAN + r")[.)]\s+(?!(?:" + plain
                           + r")\b))", re.IGNORECASE)
    return _Words(frozenset(w["never_final"]), frozenset(w["may_be_final"]), frozenset(w["continuing_words"]),
                  months, list_item, frozenset(x.lower() for x in w.get("label_nouns", ())))


@dataclass(frozen=True, slots=True)
class WordCount:
    words: int
    long_words: int


def split_paragraphs(text: str) -> list[Span]:
    """Spans of the maximal runs of non-blank lines, in order."""
    spans = []
    pos = 0
    n = len(text)
    for m in _BLANK_LINE.finditer(text):
        _add_trimmed(text, pos, m.start(), spans)
        pos = m.end() - 1  # keep the newline that starts the next line
    _add_trimmed(text, pos, n, spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end))


def count_words(text: str) -> WordCount:
    """Words and long words in ``text`` (already masked), as defined above."""
    words = long_words = 0
    for tok in text.split():
        bare = tok.strip(_EDGE_PUNCT)
        if bare.isalpha():  # the common case ("møde,", "(aktindsigt)"), at C speed
            words += 1
            if len(bare) > 6:
                long_words += 1
            continue
        letters = sum(1 for ch in tok if ch.isalpha())
        if letters or any(ch.isdigit() for ch in tok):
            words += 1
            if letters > 6:
                long_words += 1
    return WordCount(words, long_words)


def _prev_token(text: str, end: int) -> str:
    """The token ending at ``end`` (exclusive), e.g. ``"jf."`` or ``"7."``."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    tok = text[start:end]
    return tok.lstrip("(\"'“«[").lower()


def _next_token(text: str, start: int) -> str:
    m = _WORD.search(text, start)
    return m.group() if m else ""


def _full_stop_ends_sentence(text: str, dot_end: int, punct: str, w: _Words) -> bool:
    """Decide whether the terminal punctuation ending at ``dot_end`` is final."""
    if "!" in punct or "?" in punct:
        return True
    nxt = _next_token(text, dot_end)
    if not nxt:
        return True
    first = nxt.lstrip("\"'“”«(")[:1] or nxt[:1]
    nl = text.find("\n", dot_end)
    if nl != -1 and not text[dot_end:nl].strip() and w.list_item.match(text, nl + 1):
        return True  # the next line is a list item ("a) Du skal søge job.\nb) Du skal ...")
    if first.islower():
        return False
    # The token that carries the (first) full stop.
    core_end = dot_end
    while core_end > 0 and text[core_end - 1] in "\"'”’»)]":
        core_end -= 1
    tok = _prev_token(text, core_end)
    tok_start = core_end - len(tok)
    line_start = text.rfind("\n", 0, tok_start) + 1
    if not text[line_start:tok_start].strip() and re.fullmatch(r"(?:\d{1,2}|[a-z]|" + _ROMAN + r")\.", tok):
        return False  # a numbered list marker: "1. Søge job"
    if tok in w.never_final:
        return False
    if tok in w.may_be_final:
        return first.isupper() or first in "\"“«"
    stem = tok.rstrip(".")
    if stem.replace(".", "").isdigit():
        nl = nxt.lower().rstrip(",;:")
        if nl in w.months or nxt[:1].isdigit():
            return False
        return True
    if len(stem) == 1 and stem.isalpha() and text[core_end - 2:core_end - 1].isupper():
        j = tok_start
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        before = _prev_token(text, j).lower()
        if before in w.label_nouns:
            return True  # "i bygning C. De bedes ...": a label, not an initial
        return False  # an initial: "A. Jensen" (not the preposition in "som De deltager i. De anmodes ...")
    return True


def _line_is_list_item(line: str, w: _Words) -> bool:
    return bool(w.list_item.match(line))


def _line_continues(stripped: str, w: _Words) -> bool:
    """The line ends with a comma, hyphen or a word that cannot end a sentence."""
    if stripped[-1] in ",;-–(&/§":
        return True
    last = stripped.rsplit(None, 1)[-1].lower()
    return last in w.continuing or last in w.never_final


def _is_long(length: int, longest: int) -> bool:
    return length >= 40 and length >= 0.75 * longest


def _line_break_ends_sentence(line: str, nxt: str, longest: int, para_wrapped: bool, w: _Words) -> bool:
    """Is the line break between ``line`` and ``nxt`` a sentence boundary?

    ``line`` has no final punctuation of its own, or only an abbreviation's full
    stop (the full-stop rules decide the rest).  The break is a boundary when the next line is a list
    item, when ``line`` is a Markdown heading or ends with a colon, and when
    ``line`` is short: a heading, an address or letterhead line, a list item.
    It is not a boundary when ``line`` ends with a comma, a hyphen or a
    word that cannot end a sentence (a preposition, an article, a conjunction,
    an abbreviation like "jf."), or when ``line`` is a long line of a hard-wrapped paragraph:
    at least 40 characters and 3/4 of the paragraph's longest line, and either
    the next line goes on in lower case or the paragraph shows wrapping
    elsewhere (a long line continued in lower case or ending with such a word).  Long lines followed by
    capitalised lines alone are a letterhead or a "Hvornår: ..." block.
    """
    stripped = line.rstrip()
    if not stripped or not nxt.strip():
        return True
    if _line_is_list_item(nxt, w):
        return True
    if _MD_HEADING.match(line) or stripped.endswith(":"):
        return True
    if _line_continues(stripped, w):
        return False
    length = len(stripped)
    wrapped = _is_long(length, longest) and (nxt.lstrip()[:1].islower() or para_wrapped)
    return not wrapped


def sentence_spans(text: str, para: Span, lang: Language | None = None) -> list[Span]:
    """Sentence spans inside paragraph ``para`` of the (masked) ``text``."""
    w = _words(lang or language())
    ends: set[int] = set()
    body = text[para.start : para.end]
    for m in _TERMINAL.finditer(body):
        if _full_stop_ends_sentence(body, m.end(), m.group(), w):
            ends.add(m.end())
    # line breaks
    lines = body.split("\n")
    if len(lines) > 1:
        lengths = [len(l.rstrip()) for l in lines]
        longest = max(lengths)
        para_wrapped = any(
            _is_long(n, longest) and (lines[k + 1].lstrip()[:1].islower() or _line_continues(lines[k].rstrip(), w))
            for k, n in enumerate(lengths[:-1])
        )
        offset = 0
        for i, line in enumerate(lines[:-1]):
            line_end = offset + len(line)
            stripped_end = offset + len(line.rstrip())
            if stripped_end > offset and stripped_end not in ends:
                if _ENDS_WITH_TERMINAL.search(line):
                    # punctuation the full-stop rules kept inside the sentence
                    # ("jf." at a line end) ends it only before a list item
                    if _line_is_list_item(lines[i + 1], w):
                        ends.add(stripped_end)
                elif _line_break_ends_sentence(line, lines[i + 1], longest, para_wrapped, w):
                    ends.add(stripped_end)
            offset = line_end + 1
    ends.add(len(body))
    spans = []
    start = 0
    for end in sorted(ends):
        s, e = start, end
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s and count_words(body[s:e]).words > 0:
            spans.append(Span(para.start + s, para.start + e))
        start = end
    return spans


def segment(text: str, masked: str, paragraph_spans: list[Span],
            source_refs: list[str | None] | None = None, lang: Language | None = None) -> tuple[Paragraph, ...]:
    """Build paragraphs with sentences (and word counts) from spans."""
    lang = lang or language()
    paragraphs = []
    sent_index = 0
    for i, pspan in enumerate(paragraph_spans):
        sentences = []
        for sspan in sentence_spans(masked, pspan, lang):
            wc = count_words(masked[sspan.start : sspan.end])
            sentences.append(Sentence(sspan, sent_index, wc.words, wc.long_words))
            sent_index += 1
        ref = source_refs[i] if source_refs else None
        paragraphs.append(Paragraph(pspan, i, tuple(sentences), None, ref))
    return tuple(paragraphs)
