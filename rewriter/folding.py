"""Case-folded matching text: the text every rule pattern is matched against.

Python's ``re`` is several times slower with ``IGNORECASE`` on word
alternations, so rule patterns are lower-cased once at load time
(:func:`fold_pattern`) and matched case-sensitively against a lower-cased copy
of the letter (:func:`fold_text`).  The copy has exactly the same length as
``Letter.text``, so every match span is a valid span of the letter.

One more change makes sentence boundaries visible without case: the full stop
that ends a sentence (as decided by :mod:`rewriter.segment`) becomes
``SENTENCE_END`` (U+001F).  Full stops inside a sentence ("jf.", "kl. 10.00",
"7. december") stay.  The ``{SAETNING}`` macro ("within one sentence") is
therefore simply "no sentence end".
"""

from __future__ import annotations

from .model import Letter

SENTENCE_END = "\x1f"
_CLOSERS = "\"'”’»)]"


def fold_text(letter: Letter) -> str:
    text = letter.text
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer (rare): fold one by one
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    chars = None
    for s in letter.sentences:
        end = s.span.end
        while end > s.span.start and text[end - 1] in _CLOSERS:
            end -= 1
        if end > s.span.start and text[end - 1] == ".":
            if chars is None:
                chars = list(low)
            chars[end - 1] = SENTENCE_END
    return "".join(chars) if chars is not None else low


def fold_pattern(source: str) -> str:
    """Lower-case the literal characters of a regex, leaving escapes (``\\S``, ``\\B``) alone."""
    out = []
    i = 0
    n = len(source)
    while i < n:
        c = source[i]
        if c == "\\" and i + 1 < n:
            out.append(source[i : i + 2])
            i += 2
            continue
        if c == "(" and source.startswith("(?P<", i):  # group names keep their case
            j = source.index(">", i)
            out.append(source[i : j + 1])
            i = j + 1
            continue
        low = c.lower()
        out.append(low if len(low) == 1 else c)
        i += 1
    return "".join(out)
