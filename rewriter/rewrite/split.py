"""Sentence splits from ``rules/lexicon/saetninger.yml``: one long sentence becomes two.

Requires: a :class:`Report` and the rules folder.  Produces: one :class:`Fix` per
split with the safety the rules file declares.  A split never falls inside a
merge field, never separates a condition from what it governs (``no_split_after``)
and leaves both halves a real sentence (``min_words_each_side``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Applicability, Edit, Fix, Report, Span
from ..segment import count_words
from ..yamlio import load_yaml


@dataclass(frozen=True)
class SplitRule:
    id: str
    pattern: re.Pattern
    replace: str
    safety: Applicability


@dataclass(frozen=True)
class SplitRules:
    rules: tuple[SplitRule, ...]
    min_sentence_words: int
    min_words_each_side: int
    blockers: re.Pattern | None
    list_min_items: int = 0  # 0: no lists
    list_safety: Applicability = Applicability.REVIEW


@lru_cache(maxsize=8)
def load_splits(rules_dir: Path) -> SplitRules:
    path = rules_dir / "lexicon" / "saetninger.yml"
    if not path.is_file():
        return SplitRules((), 10**9, 10**9, None)
    d = load_yaml(path)
    rules = tuple(SplitRule(r["id"], re.compile(r["pattern"]), r["replace"], Applicability(r["safety"]))
                  for r in d.get("splits", []))
    words = sorted(d.get("no_split_after", []), key=len, reverse=True)
    blockers = re.compile(r"(?<![\wæøå])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\wæøå])") if words else None
    lists = d.get("lists") or {}
    return SplitRules(rules, int(d.get("min_sentence_words", 20)), int(d.get("min_words_each_side", 6)), blockers,
                      int(lists.get("min_items", 0)), Applicability(lists.get("safety", "review")))


_AT = re.compile(r",\s+(?:og\s+|eller\s+)?at\s+")


def _list_fix(report: Report, s, sr: SplitRules) -> Fix | None:
    """"A, at B, at C og at D." as a lead line and one list line per at-clause."""
    text = report.letter.text
    sentence = s.span.slice(text)
    low = sentence.lower()
    hits = list(_AT.finditer(low))
    if sr.list_min_items <= 0 or len(hits) < sr.list_min_items:
        return None
    first = hits[0]
    if sr.blockers is not None and sr.blockers.search(low, 0, first.start()):
        return None
    if "\n" in sentence or any(p.span.overlaps(s.span) for p in report.letter.placeholders):
        return None
    lead = sentence[: first.start()]
    if count_words(lead).words < 3:
        return None
    items = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(sentence)
        item = sentence[m.end() : end].strip()
        connector = m.group().strip(", \t\n")  # "at", "og at", "eller at"
        if count_words(item).words < 2:
            return None
        items.append(f"- {connector} {item}")
    new = lead + ":\n" + "\n".join(items)
    if not new.rstrip().endswith((".", "!", "?")):
        new = new.rstrip() + "."
    return Fix("Skriv opremsningen som en liste", (Edit(s.span, new),), sr.list_safety, origin="plain:liste")


def split_fixes(report: Report, rules_dir: Path) -> list[Fix]:
    sr = load_splits(rules_dir)
    letter = report.letter
    text = letter.text
    out = []
    for s in letter.sentences:
        if s.words < sr.min_sentence_words:
            continue
        listed = _list_fix(report, s, sr)
        if listed is not None:
            out.append(listed)
            continue
        sentence = s.span.slice(text)
        low = sentence.lower()
        candidates = sorted(((m, rule) for rule in sr.rules for m in rule.pattern.finditer(low)),
                            key=lambda c: c[0].start())
        seg = 0  # where the current (new) sentence starts: splits made so far shorten it
        for m, rule in candidates:
            if m.start() < seg:
                continue
            if sr.blockers is not None and sr.blockers.search(low, seg, m.start()):
                break  # a condition governs the rest of this sentence
            left, right = sentence[seg : m.start()], sentence[m.end() :]
            if count_words(left).words < sr.min_words_each_side or count_words(right).words < sr.min_words_each_side:
                continue
            start, end = s.span.start + m.start(), s.span.start + m.end()
            if any(p.span.overlaps(Span(start, end + 1)) for p in letter.placeholders):
                continue
            nxt = text[end : end + 1]
            edits = [Edit(Span(start, end), rule.replace)]
            if nxt.islower() and rule.replace.endswith(" ") and rule.replace.strip().endswith("."):
                edits.append(Edit(Span(end, end + 1), nxt.upper()))
            out.append(Fix("Del den lange sætning i to", tuple(edits), rule.safety, origin=f"plain:split:{rule.id}"))
            seg = m.end()
    return out
