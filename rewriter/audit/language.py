"""Is a letter Danish?  A cheap function-word test for the audit's ``A406`` warning.

Requires: the letter text.  Produces: ``None`` when the text looks Danish (or is
too short to tell), else the share of common Danish function words found.

A Danish letter of any style has many of the words in :data:`DANISH` (``og``,
``at``, ``du``, ``til``, ``på`` ...): typically a third of its words.  English,
German or Arabic in Latin script has almost none.  Merge fields and numbers do
not count as words.
"""

from __future__ import annotations

import re

DANISH = frozenset(["af", "alle", "allerede", "altid", "andre", "at", "bliver", "blev", "da", "de", "del", "dem", "den", "denne", "der", "derfor", "det", "dette", "dig", "din", "dine", "dit", "du", "efter", "eller", "en", "end", "er", "et", "for", "fordi", "fra", "få", "får", "før", "gør", "har", "havde", "hende", "her", "hos", "hun", "hvad", "hvis", "hvor", "hvordan", "hvornår", "i", "ikke", "ind", "jeg", "kan", "kun", "kunne", "med", "meget", "men", "mere", "mig", "min", "mod", "må", "ned", "noget", "når", "og", "også", "om", "op", "os", "over", "på", "sig", "sin", "skal", "skulle", "som", "så", "til", "ud", "under", "ved", "vi", "vil", "være", "var", "vores", "år"])
_WORD = re.compile(r"[a-zæøåäöüéèàáíóúñßçş]+", re.IGNORECASE)
_FIELD = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|«[^»]*»|<<[^>]*>>|\[[^\]\n]*\]", re.DOTALL)
MIN_WORDS = 25
MIN_SHARE = 0.15


def danish_share(text: str) -> tuple[float, int]:
    """(share of Danish function words, number of words) in ``text``."""
    words = _WORD.findall(_FIELD.sub(" ", text).lower())
    if not words:
        return 0.0, 0
    return sum(1 for w in words if w in DANISH) / len(words), len(words)


def not_danish(text: str) -> float | None:
    """The Danish share when ``text`` does not look Danish, else ``None``."""
    share, n = danish_share(text)
    if n < MIN_WORDS or share >= MIN_SHARE:
        return None
    return share
