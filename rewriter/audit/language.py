"""Is a letter Danish?  A cheap function-word test for the audit's ``A406`` warning.

Requires: the letter text.  Produces: ``None`` when the text looks Danish (or is
too short to tell), else the share of common Danish function words found.

A Danish letter of any style has many of the ``function_words`` of rules/language/da.yml (``og``,
``at``, ``du``, ``til``, ``på`` ...): typically a third of its words.  English,
German or Arabic in Latin script has almost none.  Merge fields and numbers do
not count as words.
"""

from __future__ import annotations

import re

from rewriter.rules.language import language

_WORD = re.compile(r"[a-zæøåäöüéèàáíóúñßçş]+", re.IGNORECASE)
_FIELD = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|«[^»]*»|<<[^>]*>>|\[[^\]\n]*\]", re.DOTALL)
MIN_WORDS = 25
MIN_SHARE = 0.15


def danish_share(text: str) -> tuple[float, int]:
    """(share of Danish function words, number of words) in ``text``."""
    words = _WORD.findall(_FIELD.sub(" ", text).lower())
    if not words:
        return 0.0, 0
    danish = frozenset(language().words["function_words"])
    return sum(1 for w in words if w in danish) / len(words), len(words)


def not_danish(text: str) -> float | None:
    """The Danish share when ``text`` does not look Danish, else ``None``."""
    share, n = danish_share(text)
    if n < MIN_WORDS or share >= MIN_SHARE:
        return None
    return share
