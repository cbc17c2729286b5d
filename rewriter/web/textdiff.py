"""The side-by-side diff of a letter and its rewrite, bounded in time.

Requires: two texts.  Produces: :class:`Diff`, the segments of each side
(``equal``, ``del`` or ``ins``) for :func:`rewriter.web.render.diff_html`.

The texts are compared paragraph by paragraph first (paragraphs are separated by
a blank line): equal paragraphs stay unmarked, and each changed paragraph is
compared with its most similar edited paragraph on the other side (so a moved
and edited paragraph shows its edits; a paragraph that was only moved is shown
as deleted in one place and inserted in the other); then line by line, and word by word only
inside changed lines or paragraphs whose comparison is small enough
(``word_cap`` token pairs each, ``total_cap`` for the whole letter).  A changed
part over the caps is shown as a whole (deleted on the left, inserted on the
right) and :attr:`Diff.note` says so in Danish.  ``difflib`` word diffs cost
about ``len(a) * len(b)`` for text full of repeated tokens (spaces, ``{{``), so
the caps bound the time whatever is pasted.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_PARAGRAPHS = re.compile(r"(\n\s*\n)")
_LINES = re.compile(r"(\n)")
WORD_CAP = 250_000  # token pairs of one word-level comparison (about 500 x 500 tokens)
TOTAL_CAP = 2_000_000  # token pairs of all word-level comparisons of one letter
NOTE = ("Nogle ændrede afsnit er for lange til at blive sammenlignet ord for ord. De er vist som hele afsnit: "
        "det gamle til venstre og det nye til højre.")

Segment = tuple[str, str]  # (kind, text); kind: "equal", "del" or "ins"


@dataclass
class Diff:
    left: list[Segment] = field(default_factory=list)
    right: list[Segment] = field(default_factory=list)
    word_pairs: int = 0  # token pairs compared word by word
    fell_back: bool = False  # some changed part was shown as a whole

    @property
    def note(self) -> str | None:
        return NOTE if self.fell_back else None


def diff_texts(a: str, b: str, word_cap: int = WORD_CAP, total_cap: int = TOTAL_CAP) -> Diff:
    """Compare ``a`` (the original) with ``b`` (the proposal)."""
    d = Diff()
    _Differ(d, word_cap, total_cap).compare(a, b, 0)
    return d


PAIR_CAP = 40_000  # paragraph pairs compared for similarity
SIMILAR = 0.5  # share of words two paragraphs must have in common to be compared word by word


def _pair(ka: list[str], kb: list[str], rest_a: list[int], rest_b: list[int]) -> dict[int, int]:
    """Edited paragraphs of the original -> their most similar edited paragraph of the proposal (Jaccard on
    words, at least ``SIMILAR``), greedily, most similar first.  A paragraph that was only moved is not paired."""
    if not rest_a or not rest_b or len(rest_a) * len(rest_b) > PAIR_CAP:
        return {}
    words_a = {i: set(re.findall(r"\w+", ka[i].lower())) for i in rest_a}
    words_b = {j: set(re.findall(r"\w+", kb[j].lower())) for j in rest_b}
    scored = []
    for i in rest_a:
        for j in rest_b:
            if ka[i] == kb[j]:
                continue  # only moved: shown as deleted here and inserted there, as a move is
            union = len(words_a[i] | words_b[j])
            score = len(words_a[i] & words_b[j]) / union if union else 0.0
            if score >= SIMILAR:
                scored.append((-score, abs(i - j), i, j))
    scored.sort()
    partner: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, i, j in scored:
        if i not in partner and j not in taken:
            partner[i] = j
            taken.add(j)
    return partner


def _split_ws(text: str) -> tuple[str, str, str]:
    """``(leading white space, the rest, trailing white space)``."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core):]


def _units(text: str, splitter: re.Pattern) -> list[str]:
    """``text`` cut after each separator; ``"".join(units) == text``."""
    parts = splitter.split(text)
    units = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]
    return [u for u in units if u]


class _Differ:
    LEVELS = (_PARAGRAPHS, _LINES)

    def __init__(self, d: Diff, word_cap: int, total_cap: int):
        self.d, self.word_cap, self.total_cap = d, word_cap, total_cap

    def _equal(self, a: str, b: str) -> None:
        if a:
            self.d.left.append(("equal", a))
        if b:
            self.d.right.append(("equal", b))

    def _whole(self, side: list[Segment], kind: str, text: str) -> None:
        """Mark ``text`` without its surrounding white space, which stays unmarked."""
        core = text.strip()
        if not core:
            if text:
                side.append(("equal", text))
            return
        start = text.index(core)
        if start:
            side.append(("equal", text[:start]))
        side.append((kind, core))
        if start + len(core) < len(text):
            side.append(("equal", text[start + len(core):]))

    def compare(self, a: str, b: str, level: int) -> None:
        if a == b:
            self._equal(a, b)
            return
        if not a or not b:
            self._whole(self.d.left, "del", a)
            self._whole(self.d.right, "ins", b)
            return
        if level >= len(self.LEVELS):
            self._words(a, b)
            return
        ua, ub = _units(a, self.LEVELS[level]), _units(b, self.LEVELS[level])
        if len(ua) <= 1 and len(ub) <= 1:
            self.compare(a, b, level + 1)
            return
        if level == 0:
            self._paragraphs(ua, ub)
            return
        ka, kb = [u.strip() for u in ua], [u.strip() for u in ub]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
            old, new = "".join(ua[i1:i2]), "".join(ub[j1:j2])
            if op == "equal":
                self._equal(old, new)
            elif op == "delete":
                self._whole(self.d.left, "del", old)
            elif op == "insert":
                self._whole(self.d.right, "ins", new)
            else:
                self.compare(old, new, level + 1)

    def _paragraphs(self, ua: list[str], ub: list[str]) -> None:
        """Equal paragraphs in order; every changed paragraph compared with its most similar partner on the other
        side (so a paragraph that was moved and edited shows its edits), the rest as deleted or inserted."""
        ka, kb = [u.strip() for u in ua], [u.strip() for u in ub]
        same_a: set[int] = set()
        same_b: set[int] = set()
        for block in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_matching_blocks():
            same_a.update(range(block.a, block.a + block.size))
            same_b.update(range(block.b, block.b + block.size))
        rest_a = [i for i in range(len(ua)) if i not in same_a and ka[i]]
        rest_b = [j for j in range(len(ub)) if j not in same_b and kb[j]]
        partner = _pair(ka, kb, rest_a, rest_b)
        left: dict[int, list[Segment]] = {}
        right: dict[int, list[Segment]] = {}
        for i, j in partner.items():
            (lead_a, core_a, tail_a), (lead_b, core_b, tail_b) = _split_ws(ua[i]), _split_ws(ub[j])
            sub = Diff(word_pairs=self.d.word_pairs)
            _Differ(sub, self.word_cap, self.total_cap).compare(core_a, core_b, 1)
            self.d.word_pairs = sub.word_pairs
            self.d.fell_back |= sub.fell_back
            left[i] = [("equal", t) for t in (lead_a,) if t] + sub.left + [("equal", t) for t in (tail_a,) if t]
            right[j] = [("equal", t) for t in (lead_b,) if t] + sub.right + [("equal", t) for t in (tail_b,) if t]
        for i, unit in enumerate(ua):
            if i in left:
                self.d.left += left[i]
            elif i in same_a:
                self.d.left.append(("equal", unit))
            else:
                self._whole(self.d.left, "del", unit)
        for j, unit in enumerate(ub):
            if j in right:
                self.d.right += right[j]
            elif j in same_b:
                self.d.right.append(("equal", unit))
            else:
                self._whole(self.d.right, "ins", unit)

    def _words(self, a: str, b: str) -> None:
        ta, tb = TOKEN.findall(a), TOKEN.findall(b)
        cost = len(ta) * len(tb)
        if cost > self.word_cap or self.d.word_pairs + cost > self.total_cap:
            self.d.fell_back = True
            self._whole(self.d.left, "del", a)
            self._whole(self.d.right, "ins", b)
            return
        self.d.word_pairs += cost
        sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            old, new = "".join(ta[i1:i2]), "".join(tb[j1:j2])
            if op == "equal":
                self._equal(old, new)
                continue
            if old:
                self.d.left.append(("del", old))
            if new:
                self.d.right.append(("ins", new))
