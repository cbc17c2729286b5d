"""``plain``: plain Danish word by word, from the lexicons in ``rules/lexicon/``.

Requires: a :class:`Report` and the rules folder.  Produces: one :class:`Fix`
per swap, with the safety the lexicon declares for it (``kancellisprog.yml``:
"såfremt" -> "hvis" is safe, "modtage" -> "få" needs review), the formal
address De/Dem/Deres -> du/dig/din|dit|dine (``tiltale.yml``; "Deres" agrees with its
noun, one fix per sentence), sentence splits
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
from rewriter.rewrite.grammar import grammar, introduced
from rewriter.rewrite.lists import in_continuing_bullet
from rewriter.rewrite.split import split_fixes
from rewriter.rewrite.voice import ORIGIN as VOICE_ORIGIN, keeps_third_person, voice_fixes

ADDRESS_ORIGIN = "plain:tiltale"
_WORD = re.compile(r"[\wæøåÆØÅéü\-]+")


@dataclass(frozen=True)
class Address:
    neuter: frozenset[str]
    plural: frozenset[str]
    common: frozenset[str]
    initial_de_verbs: frozenset[str]
    several_readers: re.Pattern | None = None  # "De begge", "Kære Anna og Peter": no du-form (that would be I/jer)
    reflexive: re.Pattern | None = None  # "at holde sig orienteret": the reader's reflexive, "dig" in du-form
    reflexive_not_in: re.Pattern | None = None  # ... not in a sentence about someone else ("modtageren ... sig")
    pair: re.Pattern | None = None  # "De og ... Deres ægtefælle": a "Deres" after it belongs to both ("jeres")
    coordinated: re.Pattern | None = None  # "Deres| CV og joblog": the second noun gets its own possessive
    not_nouns: frozenset[str] = frozenset()  # ... unless it is one of these (the dictionary lists "det", "i" as nouns)


@lru_cache(maxsize=8)
def load_address(rules_dir: Path) -> Address:
    d = load_yaml(rules_dir / "lexicon" / "tiltale.yml")
    source = d.get("several_readers")
    several = re.compile(source, re.MULTILINE) if source else None
    source = d.get("reflexive")
    reflexive = re.compile(source) if source else None
    source = d.get("reflexive_not_in")
    not_in = re.compile(source, re.IGNORECASE) if source else None
    source = d.get("reader_and_partner")
    pair = re.compile(source) if source else None
    source = (d.get("coordinated_nouns") or {}).get("pattern")
    coordinated = re.compile(source) if source else None
    not_nouns = frozenset(str(w).lower() for w in (d.get("coordinated_nouns") or {}).get("not_nouns") or ())
    return Address(*(frozenset(w.lower() for w in d.get(k, [])) for k in ("neuter", "plural", "common",
                                                                          "initial_de_verbs")), several, reflexive,
                   not_in, pair, coordinated, not_nouns)


def _cap(original: str, new: str) -> str:
    """``new`` with the case of ``original``: a capital first letter, or all capitals for a word in capitals
    ("VEDRØRENDE" -> "OM" in a subject line in capitals: twenty-second panel, 4606)."""
    if len(original) > 1 and original.isupper() and new:
        return new.upper()
    return new[:1].upper() + new[1:] if original[:1].isupper() and new else new


def _next_words(text: str, pos: int, n: int = 2) -> list[str]:
    return [m.group().lower() for m in _WORD.finditer(text, pos, min(len(text), pos + 60))][:n]


def formal_address_fixes(report: Report, rules_dir: Path, hits, cuts: tuple[int, ...] = ()) -> list[Fix]:
    """De/Dem/Deres -> du/dig/din|dit|dine, one fix per sentence.

    ``cuts`` are the offsets where a split starts a new sentence: each part of a split sentence
    is a sentence of its own (proposing again on the result then groups the same way).

    "Deres" agrees with its noun (:meth:`.grammar.Grammar.possessive_for`, from the Danish dictionary and
    ``tiltale.yml``); a noun whose gender is not known gives a ``review`` swap.  All swaps of one sentence
    are one fix with the weakest safety among them, so a sentence is never left half formal ("Deres"
    beside "din").
    """
    letter = report.letter
    text = letter.text
    addr = load_address(rules_dir)
    if addr.several_readers is not None and addr.several_readers.search(text):
        return []  # written to more than one person: "De" is plural, and "du" would be wrong (fourth editor panel)
    g = grammar(rules_dir)
    starts = sentence_starts(letter, mask(text, letter.placeholders))
    sentences = letter.sentences
    by_sentence: dict[tuple[int, int], list[tuple[Span, str, str, Applicability]]] = {}
    for span in hits.formal_address:
        second = None
        word = span.slice(text)
        caps = word.isupper()  # in a heading in capitals ("HVILKE PLIGTER HAR DE?")
        if caps:
            word = {"DE": "De", "DEM": "Dem", "DERES": "Deres"}[word]
        at_start = (span.start in starts or _after_numbering(text, span.start)) \
            and not in_continuing_bullet(text, span.start)
        if word == "Dem":
            new, app = "dig", Applicability.SAFE
        elif word == "Deres":
            new, known = g.possessive_for(text[span.end:span.end + 80])
            app = Applicability.SAFE if known else Applicability.REVIEW
            second = _second_possessive(g, addr, text, span.end, new) if known else None
        elif word == "De":
            new, app = "du", Applicability.SAFE
            if at_start:
                nxt = _next_words(text, span.end, 1)
                if not nxt or not _verb_after_de(g, addr, nxt[0]):
                    continue  # "De nærmere vilkår ...": the article or "they", not the reader
                app = Applicability.SAFE if nxt[0] in addr.initial_de_verbs else Applicability.REVIEW
        else:
            continue
        if at_start:
            new = new.capitalize()
        if caps:
            new = new.upper()
        k = next((i for i, s in enumerate(sentences) if s.span.start <= span.start < s.span.end), -1 - span.start)
        part = sum(1 for c in cuts if (sentences[k].span.start if k >= 0 else 0) < c < span.start)
        by_sentence.setdefault((k, part), []).append((span, word, new, app))
        if second is not None:  # the possessive the second noun of "Deres CV og joblog" gets, in the same fix
            by_sentence[(k, part)].append((second[0], "", second[1], app))
    # "at De og, såfremt De er gift, Deres ægtefælle udnytter Deres arbejdsmuligheder": the last "Deres" belongs to
    # the reader and the spouse together, "jeres" in du-form, never "dine" (twenty-fifth panel, 5109); for review
    if addr.pair is not None:
        for (k, _part), swaps in by_sentence.items():
            if k < 0:
                continue
            s = sentences[k].span
            m = addr.pair.search(text, s.start, s.end)
            if m is None:
                continue
            for n, (sp, word, new, app) in enumerate(swaps):
                if word == "Deres" and sp.start >= m.end():
                    swaps[n] = (sp, word, _cap(new, "jeres"), Applicability.REVIEW)
    # a reflexive "sig" after an infinitive in a sentence where the reader is "De"/"Dem" is the reader too
    # ("fritager Dem for selv at holde sig orienteret" -> "fritager dig for selv at holde dig orienteret"; fifth
    # editor panel): the du-form swap makes it "dig", for review (it could be someone else)
    if addr.reflexive is not None:
        for (k, _part), swaps in by_sentence.items():
            if k < 0 or not any(w in ("De", "Dem") for _, w, _, _ in swaps):
                continue
            s = sentences[k].span
            if addr.reflexive_not_in is not None and addr.reflexive_not_in.search(text, s.start, s.end):
                continue  # the infinitive's subject is someone else
            for m in addr.reflexive.finditer(text, s.start, s.end):
                span = Span(m.start("sig"), m.end("sig"))
                if not any(sp.overlaps(span) for sp, *_ in swaps):
                    swaps.append((span, "sig", "dig", Applicability.REVIEW))
    out = []
    # one form for the whole letter: every swap gets the weakest safety of all of them, so ``default``
    # (safe swaps only) applies all of them or none, never du-form in some sentences and De in others
    weakest = Applicability.REVIEW if any(a == Applicability.REVIEW for sw in by_sentence.values()
                                          for *_, a in sw) else Applicability.SAFE
    for swaps in by_sentence.values():
        app = weakest
        pairs = list(dict.fromkeys((w, n) for _, w, n, _ in swaps if w))  # (an insertion has no word it replaces)
        title = "Skriv " + ", ".join(f"'{n}' i stedet for '{w}'" for w, n in pairs)
        out.append(Fix(title, tuple(Edit(sp, n) for sp, _, n, _ in swaps), app, origin=ADDRESS_ORIGIN))
    return out


def _second_possessive(g, addr: Address, text: str, end: int, first: str) -> tuple[Span, str] | None:
    """Where "Deres" (ending at ``end``, du-form ``first``) stands before two nouns joined by "og" and the second has
    another gender, the insertion that gives it its own possessive: "Deres CV og joblog" -> "dit CV og din joblog"
    (twenty-seventh panel, 5500: "dit CV og joblog"); else None."""
    pair = addr.coordinated.match(text, end, end + 80) if addr.coordinated is not None else None
    if pair is None:
        return None
    noun = pair.group(2).lower()
    second, known = g.possessive_for(text[pair.start(2):pair.start(2) + 80])
    if not known or second == first or noun in addr.not_nouns or not g.is_noun(noun) \
            or g.possessive_for(text[pair.start(1):pair.start(1) + 80])[0] != first:
        return None
    return Span(pair.start(2), pair.start(2)), second + " "


_NUMBERING = re.compile(r"[ \t]*(?:[-•*–]|\(?\d{1,2}[.)]|[a-hA-H][.)]|[IVX]{1,4}\.)[ \t]+")


_ROW_LABEL = re.compile(r"[ \t]*(?:[-•*][ \t]+)?[A-ZÆØÅ][\wæøåÆØÅ .\-/]{0,30}:[ \t]+")


def _after_numbering(text: str, start: int) -> bool:
    """True when only a section or list number ("2. ", "b) ", "IV. ", "- ") or a row's label ("Mødedage: ")
    stands before ``start`` on its line: the word opens the heading, item or row as it would open a sentence
    ("2. De oplysninger ...", "Mødedage: Du vil få besked ..."; eleventh editor panel: "Mødedage: du vil")."""
    line_start = text.rfind("\n", 0, start) + 1
    return (_NUMBERING.fullmatch(text, line_start, start) is not None
            or _ROW_LABEL.fullmatch(text, line_start, start) is not None)


def _verb_after_de(g, addr: Address, word: str) -> bool:
    """True when ``word`` after a sentence-initial "De" is a finite verb ("De skal", "De bedes"), so "De"
    can be the reader; before anything else ("De nærmere vilkår", "De oplysninger") it is an article."""
    if word in addr.initial_de_verbs or g.is_finite(word):
        return True
    return any(g.may_be_finite(w) for w in [word] + _compound_tails(g, word))


def _compound_tails(g, word: str) -> list[str]:
    """For a word the dictionary does not know, its verb-like tails after a known first part ("partshøres": "parts"
    + "høres"; seventeenth editor panel: "De partshøres derfor" stayed formal in a du-form letter); none otherwise."""
    if len(word) < 7 or g.morph.analyse(word):
        return []
    tails = []
    for i in range(3, len(word) - 3):
        head, tail = word[:i], word[i:]
        if g.morph.analyse(head) or (head[-1] in "se" and g.morph.analyse(head[:-1])):
            tails.append(tail)
    return tails


_BEFORE = 480  # how far back an ``unless_before`` reads (within the paragraph)


_AFTER = 200  # how much text after a word its ``unless_after`` sees (a negation can come after a parenthetical)


def _before(text: str, start: int) -> str:
    """The lower-cased text of the paragraph before ``start``, at most ``_BEFORE`` characters; where that cuts the
    paragraph, a NUL stands first so that ``^`` in a pattern means the paragraph's start only ("Af de
    fraværsoplysninger, som ... har modtaget fra ..., fremgår det": the fronted af-phrase is 84 characters back)."""
    para = text.rfind("\n\n", 0, start)
    para = para + 2 if para != -1 else 0
    lo = max(para, start - _BEFORE)
    return ("\0" if lo > para else "") + text[lo:start].lower()


def swap_fixes(report: Report, rules_dir: Path, hits) -> list[Fix]:
    """The lexicon's swaps where their context allows (``unless_before``/``unless_after``) and where the
    sentence stays correct Danish with the swap (:mod:`.grammar`: "yderligere dokumentation" does not
    become "flere dokumentation", "fremgår af" not "står af")."""
    lex = load_lexicon(rules_dir)
    by_form = {sw.form: sw for sw in lex.swaps}
    text = report.letter.text
    g = grammar(rules_dir)
    sentences = report.letter.sentences
    out = []
    for span, _form in hits.officialese:
        written = span.slice(text)
        sw = by_form.get(written.lower())
        if sw is None:
            continue
        if sw.unless_before is not None and sw.unless_before.search(_before(text, span.start)):
            continue
        if sw.unless_after is not None and sw.unless_after.match(text[span.end:span.end + _AFTER].lower()):
            continue
        new = _cap(written, sw.plain)
        if sw.safety == "display_only" or not sw.plain:
            title = f"Overvej at skrive '{sw.plain}' i stedet for '{written}'" if sw.plain else \
                f"Overvej at stryge '{written}'"
            out.append(Fix(title, (), Applicability.DISPLAY_ONLY, origin=f"plain:{sw.lemma}",
                           reasons=(sw.note,) if sw.note else (), span=span))
            continue
        if _breaks_sentence(text, sentences, span, new, g):
            continue
        out.append(Fix(f"Skriv '{new}' i stedet for '{written}'", (Edit(span, new),), Applicability(sw.safety),
                       origin=f"plain:{sw.lemma}", reasons=(sw.note,) if sw.note else ()))
    return out


def _breaks_sentence(text: str, sentences, span: Span, new: str, g) -> bool:
    """True when putting ``new`` in place of ``span`` gives its sentence a grammar error it did not have."""
    s = next((s for s in sentences if s.span.start <= span.start and span.end <= s.span.end), None)
    if s is None:
        return False
    before = s.span.slice(text)
    a, b = span.start - s.span.start, span.end - s.span.start
    return bool(introduced(before, before[:a] + new + before[b:], g))


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
    hits = report.hits  # the check's own (same letter text, same rules), else found again
    if hits is None or report.rulebook is None or Path(report.rulebook.path).resolve() != Path(rules_dir).resolve():
        hits = language_hits(letter, mask(letter.text, letter.placeholders), load_lexicon(rules_dir))
    splits = split_fixes(report, rules_dir)
    # every split that is applied (``default`` applies the review ones too) starts new sentences
    cuts = tuple(e.span.start for f in splits if f.applicability != Applicability.DISPLAY_ONLY for e in f.edits
                 if ". " in e.replacement or "\n" in e.replacement)
    swaps = swap_fixes(report, rules_dir, hits) + formal_address_fixes(report, rules_dir, hits, cuts) \
        + voice_fixes(report, rules_dir)
    fixes = swaps + _yield_capitals(splits, swaps)
    taken: list[Span] = []
    kept = []
    dropped_address = dropped_voice = False
    for f in sorted(fixes, key=lambda f: (f.edits[0].span.start if f.edits else f.span.start)):
        spans = [e.span for e in f.edits]
        if any(s.overlaps(t) for s in spans for t in taken):
            dropped_address = dropped_address or f.origin == ADDRESS_ORIGIN
            dropped_voice = dropped_voice or f.origin == VOICE_ORIGIN
            continue
        taken.extend(spans)
        kept.append(f)
    if dropped_address:  # one sentence would stay formal: no du-form anywhere (never De beside du)
        kept = [f for f in kept if f.origin != ADDRESS_ORIGIN]
    if dropped_voice:  # one paragraph would keep "jobcentret": no "vi" anywhere
        kept = [f for f in kept if f.origin != VOICE_ORIGIN]
    if keeps_third_person(report, rules_dir, any(f.origin == VOICE_ORIGIN for f in kept), other_sender=True):
        # a letter that calls itself "jobcentret" throughout gets no single "vi trækker" either (nineteenth and
        # twentieth panels: "hvorefter vi trækker i hjælpen ..., som jobcentret har givet")
        kept = [f for f in kept if not f.origin.startswith("plain:aktiv")]
    return _capitalise_new_starts(kept) + suggestion_fixes(report, hits)


def _yield_capitals(splits: list[Fix], swaps: list[Fix]) -> list[Fix]:
    """A split's capital for the word after it ("..., og såfremt du" -> ". Såfremt du") gives way to a safe swap
    of that word ("såfremt" -> "hvis"), which then gets the capital (:func:`_capitalise_new_starts`): otherwise
    the swap would be dropped as overlapping, and proposing again on the result would still find it."""
    # (also to the sender's "vi", which default applies: "..., og jobcentret har" -> ". Vi har"; a split that kept its
    # own capital dropped the "vi" of that word, and proposing again split the sentence: rewrite_heldout 706)
    safe_starts = {e.span.start for f in swaps if f.applicability == Applicability.SAFE or f.origin == VOICE_ORIGIN
                   for e in f.edits}
    out = []
    for f in splits:
        if f.applicability == Applicability.DISPLAY_ONLY:
            out.append(f)
            continue
        edits = tuple(e for e in f.edits if not (e.span.end - e.span.start == 1 and e.span.start in safe_starts
                                                 and e.replacement.isupper()))
        out.append(f if edits == f.edits else replace(f, edits=edits))
    return out


def _capitalise_new_starts(fixes: list[Fix]) -> list[Fix]:
    """A word swapped right where a split starts a new sentence gets its capital
    ("..., idet De anmodes" -> ". De anmodes" -> ". Du anmodes", not ". du anmodes")."""
    starts = {e.span.end for f in fixes if f.origin.startswith(("plain:split", "plain:liste"))
              and f.applicability != Applicability.DISPLAY_ONLY for e in f.edits if e.replacement.endswith(". ")}
    if not starts:
        return fixes
    out = []
    for f in fixes:
        edits = tuple(Edit(e.span, e.replacement[:1].upper() + e.replacement[1:])
                      if e.span.start in starts and e.replacement[:1].islower() else e for e in f.edits)
        out.append(f if edits == f.edits else replace(f, edits=edits))
    return out
