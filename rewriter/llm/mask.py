"""Mask the facts of a paragraph with numbered tokens before a model sees it; restore them after.

Requires: a paragraph's text, the names known from the letter (:func:`private_names`)
and the letter date.  Produces: a :class:`Masked` paragraph in which every fact
(:mod:`rewriter.analysis.facts`: dates, times, amounts, deadlines, § references, phone
numbers, e-mail addresses, addresses, case numbers, names, CPR numbers, merge
fields), every known name and every CPR-like number is replaced by a token
``⟦F1⟧``, ``⟦F2⟧`` …; and :func:`restore`, which puts the original text back.

The model never sees a masked value, so it cannot change one, and a CPR number or
a name never leaves this module.  Every token is restored from the ORIGINAL
paragraph, never from the model's output.  :func:`restore` refuses (raises
:class:`RestoreError` with a Danish reason, and the paragraph falls back to the
rule-based text) when the model

* dropped a token, or wrote one more often than the paragraph had it (a fact
  repeated where it may mean something else),
* invented a token, or broke one (a stray ``⟦`` or ``⟧``),
* wrote a fact of its own: a CPR-like number, a date, an amount, a phone number …
  that is not in the paragraph, or a number the paragraph does not contain,
* wrote one of the letter's private names in clear text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rewriter.analysis.facts import extract_facts
from rewriter.model import Report
from rewriter.io.reader import letter_from_text
from rewriter.rules.language import Language, language

TOKEN_RE = re.compile(r"⟦\s*F\s*(\d+)\s*⟧")
_STRAY = re.compile(r"[⟦⟧]")
# Broader than rewriter.analysis.facts.CPR_RE on purpose: any 6+4 digits, also with an impossible date.
CPR_LIKE = re.compile(r"(?<![\d])\d{6}[-\s]?\d{4}(?![\d])")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_NAME_WORD = r"[A-ZÆØÅ][a-zæøåéüö\-]+"
_PAIR = re.compile(rf"(?<=[a-zæøå0-9,;:)] )(?P<n>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,3}})")
_NAME_LINE = re.compile(rf"^(?P<n>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}\.?)*[ \t]+{_NAME_WORD})\s*$")
_FIELDS = re.compile(r"«[^»]*»|\[[^\]]*\]|\{\{.*?\}\}|<<.*?>>")
PRIVATE_KINDS = frozenset({"name", "cpr"})
NEUTRAL = "ord"  # what a token becomes when the model's own text is searched for facts


def kind_da(kind: str, *, new: bool = False) -> str:
    """"en dato", "et beløb" (``fact_kinds`` in rules/language/da.yml); with ``new``: "en ny dato", "et nyt beløb"."""
    article, _, label = language().label("fact_kinds", kind).partition(" ")
    if not label:
        article, label = "et", kind
    if new:
        return f"{article} {'ny' if article == 'en' else 'nyt'} {label}"
    return f"{article} {label}"


@lru_cache(maxsize=8)
def _name_patterns(lang: Language) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A greeting with the name after it, a name after a job title, and words that are never a name."""
    greeting = re.compile(rf"^(?:{lang.alternation('greeting_words')})\s+(?P<rest>.+?)[,!.]?\s*$", re.IGNORECASE)
    not_name = re.compile(rf"\b(?:{lang.word_pattern('not_names')})\b")
    return greeting, lang["titled_name"], not_name


class RestoreError(ValueError):
    """The model's output cannot be restored safely; ``reason`` is Danish, for the report."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Slot:
    token: str  # "⟦F1⟧"
    kind: str  # a fact kind (rewriter.analysis.facts.FACT_KINDS)
    text: str  # the original text the token stands for
    count: int  # how often the token occurs in the masked paragraph

    @property
    def private(self) -> bool:
        return self.kind in PRIVATE_KINDS

    @property
    def label(self) -> str:
        return kind_da(self.kind)


@dataclass(frozen=True, slots=True)
class Masked:
    source: str  # the paragraph as it was
    text: str  # the paragraph with tokens
    slots: tuple[Slot, ...]
    names: tuple[str, ...] = ()  # private names that must not appear in the model's output
    letter_date: dt.date | None = None

    def slot(self, number: int) -> Slot | None:
        return self.slots[number - 1] if 0 < number <= len(self.slots) else None


def token(number: int) -> str:
    return f"⟦F{number}⟧"


def private_names(report: Report) -> tuple[str, ...]:
    """Names a model must never see: the caseworker's (after the sign-off), the greeting's and the
    recipient's (a name line in the letterhead), each also as its single words; longest first."""
    letter = report.letter
    greeting, titled, not_name = _name_patterns(report.rulebook.language if report.rulebook else language())
    found: set[str] = {f.text for f in report.facts if f.kind == "name"}
    for p in letter.paragraphs:
        chunk = p.span.slice(letter.text).strip()
        if p.role == "greeting":
            m = greeting.match(chunk.split("\n")[0])
            if m:
                rest = _FIELDS.sub(" ", m.group("rest"))  # "Kære «Fornavn»": a merge field, not a name
                words = re.findall(_NAME_WORD, rest)
                if words and not not_name.search(" ".join(words)):
                    found.add(" ".join(words))
        elif p.role in ("letterhead", "closing"):
            for line in chunk.split("\n"):
                m = _NAME_LINE.match(line.strip())
                if m and not not_name.search(line):
                    found.add(m.group("n"))
    for m in titled.finditer(letter.text):
        if not not_name.search(m.group("n")):
            found.add(m.group("n"))
    parts = {w for name in found for w in name.split() if len(w) >= 3}
    return tuple(sorted(found | parts, key=lambda s: (-len(s), s)))


def _candidates(text: str, names, letter_date) -> list[tuple[int, int, str]]:
    _, titled, not_name = _name_patterns(language())
    spans = [(f.span.start, f.span.end, f.kind) for f in extract_facts(letter_from_text(text), letter_date)]
    for m in CPR_LIKE.finditer(text):
        spans.append((m.start(), m.end(), "cpr"))
    for name in names:
        for m in re.finditer(rf"(?<![\wæøåÆØÅ]){re.escape(name)}(?![\wæøåÆØÅ])", text):
            spans.append((m.start(), m.end(), "name"))
    for pattern in (titled, _PAIR):
        for m in pattern.finditer(text):
            if not not_name.search(m.group("n")):
                spans.append((m.start("n"), m.end("n"), "name"))
    return spans


def mask(text: str, *, names=(), letter_date: dt.date | None = None) -> Masked:
    """``text`` with every fact, known name and CPR-like number replaced by a numbered token.

    Overlapping facts are masked as the outermost one ("senest den 7. december" as
    one token, not "senest den" and a date); the same text of the same kind gets
    the same token wherever it occurs.
    """
    chosen: list[tuple[int, int, str]] = []
    end = -1
    # outermost first at each position; a private kind wins a tie so it is never split
    for start, stop, kind in sorted(_candidates(text, names, letter_date),
                                    key=lambda c: (c[0], -c[1], c[2] not in PRIVATE_KINDS)):
        if start >= end:
            chosen.append((start, stop, kind))
            end = stop
        elif kind in PRIVATE_KINDS and stop > end:  # a name or CPR partly inside another fact: widen
            s0, _e0, k0 = chosen[-1]
            chosen[-1] = (s0, stop, k0 if k0 in PRIVATE_KINDS else kind)
            end = stop
    numbers: dict[tuple[str, str], int] = {}
    kinds: list[str] = []
    originals: list[str] = []
    counts: Counter[int] = Counter()
    out: list[str] = []
    pos = 0
    for start, stop, kind in chosen:
        original = text[start:stop]
        key = (kind, original)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            kinds.append(kind)
            originals.append(original)
        n = numbers[key]
        counts[n] += 1
        out.append(text[pos:start])
        out.append(token(n))
        pos = stop
    out.append(text[pos:])
    slots = tuple(Slot(token(i + 1), kinds[i], originals[i], counts[i + 1]) for i in range(len(kinds)))
    return Masked(text, "".join(out), slots, tuple(names), letter_date)


def _neutral(text: str) -> str:
    return TOKEN_RE.sub(NEUTRAL, text)


def _fact_keys(text: str, letter_date) -> Counter[tuple[str, str]]:
    return Counter((f.kind, f.value) for f in extract_facts(letter_from_text(text), letter_date)) if text.strip() \
        else Counter()


def check_output(masked: Masked, output: str) -> None:
    """Raise :class:`RestoreError` when the model's (masked) output is not safe to restore."""
    numbers = [int(m.group(1)) for m in TOKEN_RE.finditer(output)]
    for n in numbers:
        if masked.slot(n) is None:
            raise RestoreError(f"modellen fandt på en pladsholder, som afsnittet ikke har ({token(n)})")
    if _STRAY.search(TOKEN_RE.sub("", output)):
        raise RestoreError("modellen ødelagde en pladsholder")
    seen = Counter(numbers)
    for i, slot in enumerate(masked.slots, start=1):
        if seen[i] == 0:
            raise RestoreError(f"modellen udelod {slot.label} ({slot.token})")
        if seen[i] > slot.count:
            raise RestoreError(f"modellen gentog {slot.label} ({slot.token}) flere gange end afsnittet")
    own = _neutral(output)
    m = CPR_LIKE.search(own)
    if m:
        raise RestoreError("modellen skrev et tal, der ligner et cpr-nummer")
    for name in masked.names:
        if re.search(rf"(?<![\wæøåÆØÅ]){re.escape(name)}(?![\wæøåÆØÅ])", own):
            raise RestoreError("modellen skrev et navn, som ikke må stå i modellens tekst")
    new = _fact_keys(own, masked.letter_date) - _fact_keys(_neutral(masked.text), masked.letter_date)
    if new:
        kind, value = min(new)
        raise RestoreError(f"modellen skrev {kind_da(kind, new=True)}, som ikke står i afsnittet ({value})")
    allowed = set(_NUMBER.findall(_neutral(masked.text)))
    extra = [n for n in _NUMBER.findall(own) if n not in allowed]
    if extra:
        raise RestoreError(f"modellen skrev et tal, som ikke står i afsnittet ({extra[0]})")


def restore(masked: Masked, output: str) -> str:
    """The model's ``output`` with every token replaced by the original text it stands for.

    Raises :class:`RestoreError` (see :func:`check_output`) instead of restoring an
    unsafe output.
    """
    check_output(masked, output)
    return TOKEN_RE.sub(lambda m: masked.slots[int(m.group(1)) - 1].text, output)
