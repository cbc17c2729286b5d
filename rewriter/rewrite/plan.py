"""A rewrite plan: the letter as an ordered list of blocks, turned into edits.

Requires: the original :class:`Letter`.  Produces: :class:`Block` lists (the
order a rewrite wants, each block an original paragraph, possibly with edits
inside it, or new text) and, from them, :class:`Edit`s against the original
text that :func:`rewriter.rewrite.edits.apply` turns into the proposal.

Moves are kept few: the paragraphs on a longest increasing subsequence of the
new order stay where they are (their inner edits stay separate, small edits);
every other paragraph is deleted where it was and inserted, with its inner
edits applied, before the next paragraph that stays.  New text right after a
paragraph that stays is inserted at that paragraph's end (its own anchor, so it
can be a fix of its own).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rewriter.rewrite.edits import apply
from rewriter.model import Edit, Letter, Span


@dataclass(frozen=True, slots=True)
class Block:
    source: int | None  # index of the original paragraph; None for new text
    text: str  # the block's text in the proposal
    edits: tuple[Edit, ...] = ()  # edits inside the source paragraph (spans into the original text)
    origin: str = "original"  # original | summary | template | model:<name> | fallback
    fields: tuple[tuple[int, int, str], ...] = ()  # merge fields in new text: (start, end, name)


def original_blocks(letter: Letter) -> list[Block]:
    return [Block(p.index, p.span.slice(letter.text)) for p in letter.paragraphs]


def with_edits(letter: Letter, block: Block, edits: list[Edit]) -> Block:
    """``block`` (an original paragraph) with ``edits`` (spans into the original text) added."""
    if block.source is None:
        raise ValueError("only original paragraphs take edits")
    p = letter.paragraphs[block.source]
    allowed = [e for e in edits if p.span.start <= e.span.start and e.span.end <= p.span.end]
    merged = tuple(sorted(block.edits + tuple(allowed), key=lambda e: (e.span.start, e.span.end)))
    local = [Edit(Span(e.span.start - p.span.start, e.span.end - p.span.start), e.replacement) for e in merged]
    return Block(block.source, apply(p.span.slice(letter.text), local), merged, block.origin, block.fields)


def _lis(seq: list[int]) -> set[int]:
    """Values on one longest strictly increasing subsequence of ``seq``."""
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, v in enumerate(seq):
        k = bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_idx.append(i)
        else:
            tails[k] = v
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out = set()
    i = tails_idx[-1] if tails_idx else -1
    while i != -1:
        out.add(seq[i])
        i = prev[i]
    return out


def moves(letter: Letter, blocks: list[Block]) -> tuple[set[int], list[Edit], list[Edit]]:
    """(paragraphs that stay, move edits (deletions and insertions), inner edits of staying paragraphs)."""
    order = [b.source for b in blocks if b.source is not None]
    if sorted(order) != list(range(len(letter.paragraphs))):
        raise ValueError("a plan must keep every original paragraph exactly once")
    stay = _lis(order)
    paras = letter.paragraphs
    move_edits: list[Edit] = []
    inner: list[Edit] = []
    for b in blocks:
        if b.source is not None and b.source in stay:
            inner.extend(b.edits)
    for i in range(len(paras)):
        if i in stay:
            continue
        if i + 1 < len(paras):
            move_edits.append(Edit(Span(paras[i].span.start, paras[i + 1].span.start), ""))
        else:  # the last paragraph: from the end of the last one that stays (the ones between move too)
            before = [j for j in stay if j < i]
            prev_end = paras[max(before)].span.end if before else 0
            move_edits = [e for e in move_edits if e.span.start < prev_end]
            move_edits.append(Edit(Span(prev_end, paras[i].span.end), ""))
    # insertions: before the next staying paragraph, or after the last one
    pending: list[Block] = []
    prev_staying: int | None = None
    for b in blocks:
        if b.source is None and not pending and prev_staying is not None:
            # new text right after a paragraph that stays: its own anchor, at that paragraph's end
            at = paras[prev_staying].span.end
            move_edits.append(Edit(Span(at, at), "\n\n" + b.text))
            continue
        prev_staying = b.source if b.source is not None and b.source in stay else None
        if b.source is not None and b.source in stay:
            at = paras[b.source].span.start
            for q in pending:
                move_edits.append(Edit(Span(at, at), q.text + "\n\n"))
            pending = []
        else:
            pending.append(b)
    if pending:
        last = max(stay) if stay else None
        at = paras[last].span.end if last is not None else 0
        for q in pending:
            move_edits.append(Edit(Span(at, at), "\n\n" + q.text))
    return stay, move_edits, inner


def plan_edits(letter: Letter, blocks: list[Block]) -> list[Edit]:
    """All edits that turn the original text into ``blocks`` (in order)."""
    _, move_edits, inner = moves(letter, blocks)
    return sorted(move_edits + inner, key=lambda e: (e.span.start, e.span.end))
