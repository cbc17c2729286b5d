"""``plain``: plain Danish word by word, from the lexicons in ``rules/lexicon/``.

Requires: a :class:`Report` and the rules folder.  Produces: one :class:`Fix`
per swap, with the safety the lexicon declares for it (``kancellisprog.yml``:
"såfremt" -> "hvis" is safe, "modtage" -> "få" needs review), the formal
address De/Dem/Deres -> du/dig/din|dit|dine (``tiltale.yml``), sentence splits
(``saetninger.yml``, :mod:`.split`), and display-only
suggestions for long sentences and passives.  Merge fields are never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rewriter.rules.lexicon import load_lexicon
from rewriter.model import Applicability, Edit, Fix, Report, Span
from rewriter.io.placeholders import mask
from rewriter.analysis.readability import LONG_SENTENCE_WORDS, language_hits, sentence_starts
from rewriter.rules.yamlio import load_yaml
from rewriter.rewrite.split import split_fixes

_WORD = re.compile(r"[\wæøåÆØÅéü\-]+")


@dataclass(frozen=True)
class Address:
    neuter: frozenset[str]
    plural: frozenset[str]
    common: frozenset[str]
    initial_de_verbs: frozenset[str]


@lru_cache(maxsize=8)
def load_address(rules_dir: Path) -> Address:
    d = load_yaml(rules_dir / "lexicon" / "tiltale.yml")
    return Address(*(frozenset(w.lower() for w in d.get(k, [])) for k in ("neuter", "plural", "common",
                                                                          "initial_de_verbs")))


def _cap(original: str, new: str) -> str:
    return new[:1].upper() + new[1:] if original[:1].isupper() and new else new


def _next_words(text: str, pos: int, n: int = 2) -> list[str]:
    return [m.group().lower() for m in _WORD.finditer(text, pos, min(len(text), pos + 60))][:n]


def _deres(text: str, span: Span, addr: Address) -> tuple[str, Applicability]:
    for w in _next_words(text, span.end):
        if w in addr.neuter:
            return "dit", Applicability.SAFE
        if w in addr.plural:
            return "dine", Applicability.SAFE
        if w in addr.common:
            return "din", Applicability.SAFE
    return "din", Applicability.REVIEW


def formal_address_fixes(report: Report, rules_dir: Path, hits) -> list[Fix]:
    letter = report.letter
    text = letter.text
    addr = load_address(rules_dir)
    starts = sentence_starts(letter, mask(text, letter.placeholders))
    out = []
    for span in hits.formal_address:
        word = span.slice(text)
        at_start = span.start in starts
        if word == "Dem":
            new, app = "dig", Applicability.SAFE
        elif word == "Deres":
            new, app = _deres(text, span, addr)
        elif word == "De":
            new, app = "du", Applicability.SAFE
            if at_start:
                nxt = _next_words(text, span.end, 1)
                app = Applicability.SAFE if nxt and nxt[0] in addr.initial_de_verbs else Applicability.REVIEW
        else:
            continue
        if at_start:
            new = new.capitalize()
        out.append(Fix(f"Skriv '{new}' i stedet for '{word}'", (Edit(span, new),), app, origin="plain:tiltale"))
    return out


def swap_fixes(report: Report, rules_dir: Path, hits) -> list[Fix]:
    lex = load_lexicon(rules_dir)
    by_form = {sw.form: sw for sw in lex.swaps}
    text = report.letter.text
    out = []
    for span, _form in hits.officialese:
        written = span.slice(text)
        sw = by_form.get(written.lower())
        if sw is None:
            continue
        if sw.unless_before is not None and sw.unless_before.search(text[max(0, span.start - 40):span.start].lower()):
            continue
        if sw.unless_after is not None and sw.unless_after.match(text[span.end:span.end + 40].lower()):
            continue
        new = _cap(written, sw.plain)
        if sw.safety == "display_only" or not sw.plain:
            title = f"Overvej at skrive '{sw.plain}' i stedet for '{written}'" if sw.plain else \
                f"Overvej at stryge '{written}'"
            out.append(Fix(title, (), Applicability.DISPLAY_ONLY, origin=f"plain:{sw.lemma}",
                           reasons=(sw.note,) if sw.note else (), span=span))
            continue
        out.append(Fix(f"Skriv '{new}' i stedet for '{written}'", (Edit(span, new),), Applicability(sw.safety),
                       origin=f"plain:{sw.lemma}", reasons=(sw.note,) if sw.note else ()))
    return out


def suggestion_fixes(report: Report, hits) -> list[Fix]:
    """Display-only: long sentences and passives (a person must rewrite them)."""
    out = []
    for s in report.letter.sentences:
        if s.words > LONG_SENTENCE_WORDS:
            out.append(Fix(f"Del sætningen op: den har {s.words} ord (højst {LONG_SENTENCE_WORDS} er lettere at læse)",
                           (), Applicability.DISPLAY_ONLY, origin="plain:lang-saetning", span=s.span))
    for span in list(hits.s_passive) + list(hits.blive_passive):
        word = span.slice(report.letter.text)
        out.append(Fix(f"Skriv aktivt i stedet for '{word}': sig hvem der gør hvad", (), Applicability.DISPLAY_ONLY,
                       origin="plain:passiv", span=span))
    return out


def plain_fixes(report: Report, rules_dir: Path) -> list[Fix]:
    """All plain-language fixes of ``report``'s letter, sorted by position."""
    letter = report.letter
    hits = language_hits(letter, mask(letter.text, letter.placeholders), load_lexicon(rules_dir))
    fixes = (swap_fixes(report, rules_dir, hits) + formal_address_fixes(report, rules_dir, hits)
             + split_fixes(report, rules_dir))
    taken: list[Span] = []
    kept = []
    for f in sorted(fixes, key=lambda f: (f.edits[0].span.start if f.edits else f.span.start)):
        spans = [e.span for e in f.edits]
        if any(s.overlaps(t) for s in spans for t in taken):
            continue
        taken.extend(spans)
        kept.append(f)
    return _capitalise_new_starts(kept) + suggestion_fixes(report, hits)


def _capitalise_new_starts(fixes: list[Fix]) -> list[Fix]:
    """A word swapped right where a split starts a new sentence gets its capital
    ("..., idet De anmodes" -> ". De anmodes" -> ". Du anmodes", not ". du anmodes")."""
    starts = {e.span.end for f in fixes if f.origin.startswith("plain:split") for e in f.edits
              if e.replacement.endswith(". ")}
    if not starts:
        return fixes
    out = []
    for f in fixes:
        edits = tuple(Edit(e.span, e.replacement[:1].upper() + e.replacement[1:])
                      if e.span.start in starts and e.replacement[:1].islower() else e for e in f.edits)
        out.append(f if edits == f.edits else replace(f, edits=edits))
    return out
