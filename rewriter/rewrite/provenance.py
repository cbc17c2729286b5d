"""Provenance: where every sentence of a proposal comes from.

Requires: the original :class:`Report`, the checker's report of the proposed text, the
proposal's fixes and block plan.  Produces: one :class:`SentenceSource` per sentence of the
proposal, in order:

* ``kept``: the original sentence, unchanged, in its place;
* ``moved``: the original sentence, unchanged, moved (the restructure modes);
* ``swapped``: the original sentence with word swaps (lexicon, du-form) in it;
* ``split``: one of the sentences an original sentence was split into (or a list line);
* ``addition``: a labelled addition that is its own fix: the "Kort fortalt" box, a neutral
  subject line, a missing element's text (``label`` names it);
* ``untraced``: none of these.  A proposal with an untraced sentence states something the
  original does not: the safety check refuses it.

A sentence traces when its text (white space collapsed, list marks and a final full stop
ignored) is a sentence of the original, or a sentence of the original with the proposal's own
in-sentence edits applied (swaps, du-form, splits, lists; also those the block plan carries
into moved paragraphs).  ``moved`` marks the sentences off the longest run that keeps the
original order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from rewriter.io.reader import letter_from_text
from rewriter.model import Applicability, Edit, Report
from rewriter.rewrite.edits import apply

KINDS = ("kept", "moved", "swapped", "split", "addition", "untraced")
# fixes whose text is new: each is its own fix, accepted separately, and labelled
ADDITIONS = {"restructure:kort-fortalt": "Kort fortalt", "restructure:emne": "neutral emnelinje",
             "restructure:emne-flyttet": "neutral emnelinje"}
ADDITION_PREFIXES = ("element:", "snippet:")  # a missing element's text from letter_templates/snippets/
_MARK = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SentenceSource:
    start: int  # span of the sentence in the proposed text
    end: int
    kind: str  # see KINDS
    sentence: int | None = None  # index of the original sentence (Letter.sentences)
    moved: bool = False
    label: str | None = None  # additions: what was added
    text: str = ""

    def to_dict(self, original: Report | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "kind": self.kind, "moved": self.moved}
        if self.sentence is not None:
            d["sentence"] = self.sentence
            if original is not None:
                s = original.letter.sentences[self.sentence]
                d["original"] = {"start": s.span.start, "end": s.span.end}
        if self.label:
            d["label"] = self.label
        return d


def norm(text: str) -> str:
    t = _MARK.sub("", text.strip())
    t = _SPACE.sub(" ", t).strip().rstrip(".:").strip()
    return t[:1].lower() + t[1:]


def addition_label(origin: str) -> str | None:
    if origin in ADDITIONS:
        return ADDITIONS[origin]
    if origin.startswith(ADDITION_PREFIXES):
        return origin.split(":", 1)[1] or origin
    return None


def derived_edits(fixes, blocks) -> list[Edit]:
    """The in-sentence edits of a proposal: plain fixes applied, and those moved paragraphs carry."""
    out: dict[tuple[int, int, str], Edit] = {}
    for f in fixes:
        if f.applicability == Applicability.DISPLAY_ONLY or not f.origin.startswith("plain"):
            continue
        for e in f.edits:
            out[(e.span.start, e.span.end, e.replacement)] = e
    for b in blocks:
        if b.source is not None:
            for e in b.edits:
                out[(e.span.start, e.span.end, e.replacement)] = e
    edits = sorted(out.values(), key=lambda e: (e.span.start, e.span.end))
    kept: list[Edit] = []
    for e in edits:  # a neutral subject line and a swap inside it: the subject line wins (see plan_fixes)
        if kept and kept[-1].span.end > e.span.start:
            continue
        kept.append(e)
    return kept


def _derived(report: Report, edits: list[Edit]) -> list[tuple[str, int]]:
    """(normalised text, original sentence index) for each sentence of the original text with ``edits``."""
    letter = report.letter
    if not edits:
        return []
    text = apply(letter.text, edits)
    after = letter_from_text(text, source=letter.source)
    # map a position of the new text back to the original: shift by the edits before it
    starts = [s.span.start for s in letter.sentences]
    marks = []  # per edit: (start in the new text, start in the original, end in the new text, end in the original)
    shift = 0
    for e in edits:
        new_start = e.span.start + shift
        shift += len(e.replacement) - (e.span.end - e.span.start)
        marks.append((new_start, e.span.start, new_start + len(e.replacement), e.span.end))
    out = []
    for s in after.sentences:
        pos = s.span.start
        orig = pos
        for ns, os_, ne, oe in marks:
            if pos >= ne:
                orig = oe + (pos - ne)
            elif pos >= ns:
                orig = os_
                break
            else:
                break
        k = bisect_left(starts, orig + 1) - 1
        k = max(0, k)
        out.append((norm(s.span.slice(text)), k))
    return out


def trace(report: Report, after: Report, fixes, blocks=()) -> tuple[SentenceSource, ...]:
    """The source of every sentence of ``after`` (the proposal), for ``report``'s letter."""
    letter = report.letter
    orig = letter.sentences
    by_text: dict[str, list[int]] = {}
    for i, s in enumerate(orig):
        by_text.setdefault(norm(s.span.slice(letter.text)), []).append(i)
    edits = derived_edits(fixes, blocks)
    derived: dict[str, list[int]] = {}
    pieces: dict[int, int] = {}
    for t, k in _derived(report, edits):
        pieces[k] = pieces.get(k, 0) + 1
        if k < len(orig) and t == norm(orig[k].span.slice(letter.text)):
            continue
        derived.setdefault(t, []).append(k)
    additions: list[tuple[str, str]] = []
    for f in fixes:
        label = addition_label(f.origin)
        if label is None:
            continue
        for e in f.edits:
            if e.replacement.strip():
                additions.append((label, _SPACE.sub(" ", e.replacement).lower()))
    for b in blocks:
        if b.source is None and b.origin == "summary":
            additions.append(("Kort fortalt", _SPACE.sub(" ", b.text).lower()))
    moved_subjects = [norm(b.text) for b in blocks if b.source is None and b.origin == "subject"]

    out: list[SentenceSource] = []
    used: set[int] = set()
    text = after.letter.text
    for s in after.letter.sentences:
        raw = s.span.slice(text)
        n = norm(raw)
        src = None
        kind = "untraced"
        label = None
        cands = by_text.get(n)
        if cands:
            src = next((i for i in cands if i not in used), cands[0])
            kind = "kept"
        elif n in derived:
            cands = derived[n]
            src = next((i for i in cands if i not in used), cands[0])
            kind = "split" if pieces.get(src, 1) > 1 else "swapped"
        elif n in moved_subjects:
            src = next((i for i, o in enumerate(orig) if n and n in norm(o.span.slice(letter.text))), None)
            kind = "kept" if src is not None else "untraced"
        else:
            flat = _SPACE.sub(" ", raw).strip().lower()
            label = next((lab for lab, t in additions if flat and flat in t), None)
            if label is not None:
                kind = "addition"
            elif not n:  # punctuation only
                kind, label = "addition", "tegn"
        if src is not None and kind in ("kept", "swapped"):
            used.add(src)
        out.append(SentenceSource(s.span.start, s.span.end, kind, src, False, label, raw))
    # moved: off the longest run that keeps the original order
    seq = [(k, o.sentence) for k, o in enumerate(out) if o.sentence is not None]
    on = _lis_positions([v for _, v in seq])
    for pos, (k, _v) in enumerate(seq):
        if pos not in on:
            o = out[k]
            out[k] = SentenceSource(o.start, o.end, "moved" if o.kind == "kept" else o.kind, o.sentence, True,
                                    o.label, o.text)
    return tuple(out)


def _lis_positions(seq: list[int]) -> set[int]:
    """Positions of one longest non-decreasing subsequence of ``seq``."""
    tails: list[int] = []
    tails_pos: list[int] = []
    prev = [-1] * len(seq)
    for i, v in enumerate(seq):
        k = bisect_right(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_pos.append(i)
        else:
            tails[k] = v
            tails_pos[k] = i
        prev[i] = tails_pos[k - 1] if k else -1
    out = set()
    i = tails_pos[-1] if tails_pos else -1
    while i != -1:
        out.add(i)
        i = prev[i]
    return out


def groups(sources: tuple[SentenceSource, ...]) -> dict[int | None, list[SentenceSource]]:
    """The proposal's sentences by original sentence (None: additions and untraced ones)."""
    out: dict[int | None, list[SentenceSource]] = {}
    for s in sources:
        out.setdefault(s.sentence if s.kind not in ("addition", "untraced") else None, []).append(s)
    return out


def untraced(sources) -> list[SentenceSource]:
    return [s for s in sources if s.kind == "untraced"]
