"""Apply edits to the original text: sorted, non-overlapping, from the end backwards."""

from __future__ import annotations

from rewriter.model import Edit, Fix


class OverlappingEdits(ValueError):
    pass


def apply(text: str, edits: tuple[Edit, ...] | list[Edit]) -> str:
    """``text`` with ``edits`` (spans into ``text``) applied; overlapping edits are refused."""
    ordered = sorted(edits, key=lambda e: (e.span.start, e.span.end))
    for a, b in zip(ordered, ordered[1:]):
        if a.span.end > b.span.start:
            raise OverlappingEdits(f"edits overlap at {a.span.start}..{a.span.end} and {b.span.start}..{b.span.end}")
    out = text
    for e in reversed(ordered):
        if e.span.end > len(out):
            raise ValueError(f"edit {e.span.start}..{e.span.end} is outside the text")
        out = out[: e.span.start] + e.replacement + out[e.span.end :]
    return out


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, list[Fix]]:
    """Apply the fixes that do not overlap earlier ones (insertions at one point keep their order).

    Returns the new text and the fixes that were skipped.
    """
    taken: list[Edit] = []
    skipped: list[Fix] = []
    for fix in fixes:
        if any(e.span.overlaps(t.span) for e in fix.edits for t in taken):
            skipped.append(fix)
            continue
        taken.extend(fix.edits)
    return apply(text, taken), skipped
