"""Bullet lists that go on one sentence ("Du har ret til:\n- at få aktindsigt,\n- at klage, ...").

Requires: the letter text.  Produces: whether a position opens an item of such a list, where a word keeps its small
letter and no sentence is cut (thirteenth editor panel); shared by the du-form swap and the sentence splits.
"""

from __future__ import annotations

import re

BULLETS = ("-", "•", "*", "–")  # the marks of a bullet item
BULLET = re.compile(r"[ \t]*[" + re.escape("".join(BULLETS)) + r"][ \t]+")  # a bullet item's mark and the space after


def bullets_go_on_a_sentence(text: str, line_start: int) -> bool:
    """True when the bullet list around ``line_start`` continues one sentence: an item of it starts with a small
    letter or ends with a comma ("- De har ret til aktindsigt,\n- såfremt der ikke ..., vil ...")."""
    start = text.rfind("\n\n", 0, line_start)
    end = text.find("\n\n", line_start)
    block = text[start + 2 if start >= 0 else 0: end if end >= 0 else len(text)]
    items = [ln.strip()[1:].strip() for ln in block.split("\n") if ln.strip()[:1] in BULLETS]
    return any(it[:1].islower() or it.endswith(",") for it in items if it)


def in_continuing_bullet(text: str, start: int) -> bool:
    """True when ``start`` opens an item (after "- ") of a bullet list that continues one sentence: the word stays
    in lower case there ("- du har ret til aktindsigt," beside "- såfremt der ..."; thirteenth editor panel)."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].strip() in BULLETS and bullets_go_on_a_sentence(text, line_start)
