"""Sentence splits from ``rules/lexicon/saetninger.yml``: one long sentence becomes two.

Requires: a :class:`Report` and the rules folder.  Produces: one :class:`Fix` per
split with the safety the rules file declares.  A split never falls inside a
merge field, never separates a condition from what it governs (``no_split_after``)
and leaves both halves a real sentence (``min_words_each_side``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rewriter.model import Applicability, Edit, Fix, Report, Span
from rewriter.rewrite.lists import BULLET, in_continuing_bullet
from rewriter.analysis.segment import count_words
from rewriter.rules.yamlio import load_yaml
from rewriter.rewrite.grammar import grammar, introduced

_LAST_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class SplitRule:
    id: str
    pattern: re.Pattern
    replace: str
    safety: Applicability
    min_sentence_words: int | None = None  # overrides the file's value for this rule
    min_words_right: int | None = None  # overrides min_words_each_side for the second half
    ignore_conditions: bool = False  # a condition before the split does not matter (a closing reference)
    tail: int | None = None  # the pattern ends the sentence: search only its last ``tail`` characters
    not_before: re.Pattern | None = None  # not when the text after the sentence starts like this ("Dette ...")
    not_after: re.Pattern | None = None  # not when the text before the split ends like this ("§ 13, stk. 1, ...")
    # a condition that follows the main clause ("Der trækkes ikke i din hjælp, hvis du var syg, hvilket ...") does not
    # block the split: the first half is a whole sentence; one that opens the sentence still does
    main_clause_first: bool = False
    # a reason clause ("..., idet ..." -> ". Det skyldes, at ..."): a condition before the split does not keep the
    # sentence whole, since "Det" points back at the whole sentence, condition and all; unless the text after the
    # split goes back to a main clause (this pattern: ", skal du ..."), when the split would fall inside the
    # condition ("Hvis du ikke møder op, idet du er syg, skal du ringe")
    after_condition_unless: re.Pattern | None = None


@dataclass(frozen=True)
class ActiveRule:
    id: str
    pattern: re.Pattern
    replace: str
    safety: Applicability
    unless_later: re.Pattern | None = None  # found later in the paragraph: the noun the change drops is referred to


@dataclass(frozen=True)
class SplitRules:
    rules: tuple[SplitRule, ...]
    min_sentence_words: int
    min_words_each_side: int
    blockers: re.Pattern | None
    list_min_items: int = 0  # 0: no lists
    list_safety: Applicability = Applicability.REVIEW
    active: tuple[ActiveRule, ...] = ()  # passive and nominal style to active
    clause_heads: re.Pattern | None = None  # "af, om", "den begrundelse, at": a split after it cuts the clause
    head_nouns: frozenset[str] = frozenset()
    rules_dir: Path | None = None  # for the grammar (prepositions, nouns) the clause heads are judged with
    active_unless: re.Pattern | None = None  # a letter where the sender is not the one who decides: no active "vi"
    at_open: re.Pattern | None = None  # an at-clause before the split ...
    at_more: re.Pattern | None = None  # ... that goes on after it ("og at ..."): no split in between


def _pattern(entry: dict):
    """An entry's ``pattern`` from saetninger.yml, compiled (the Danish words live in the file) as a
    :class:`~rewriter.analysis.folding.Matcher`: a sentence without one of the literals the pattern needs
    (", og ", "jf.", "hvilket") is not searched at all, which is most sentences for most rules."""
    from rewriter.analysis.folding import Matcher

    return Matcher(entry["pattern"])


def _optional(source: str | None, flags: int = 0) -> re.Pattern | None:
    """A pattern from saetninger.yml, compiled, or None where the file has none."""
    return re.compile(source, flags) if source else None


@lru_cache(maxsize=8)
def load_splits(rules_dir: Path) -> SplitRules:
    path = rules_dir / "lexicon" / "saetninger.yml"
    if not path.is_file():
        return SplitRules((), 10**9, 10**9, None)
    d = load_yaml(path)
    rules = tuple(SplitRule(r["id"], _pattern(r), r["replace"], Applicability(r["safety"]),
                            r.get("min_sentence_words"), r.get("min_words_right"), bool(r.get("ignore_conditions")),
                            r.get("tail"), _optional(r.get("not_before")), _optional(r.get("not_after")),
                            bool(r.get("main_clause_first")), _optional(r.get("after_condition_unless")))
                  for r in d.get("splits", []))
    words = sorted(d.get("no_split_after", []), key=len, reverse=True)
    alts = [re.escape(w) for w in words]
    clause = d.get("no_split_after_clause") or {}
    if clause.get("words") and clause.get("subjects"):  # a conjunction only with a subject right after it
        alts.append("(?:" + "|".join(re.escape(w) for w in clause["words"]) + r")\s+(?:"
                    + "|".join(re.escape(w) for w in clause["subjects"]) + ")")
    blockers = "(?<![\\wæøå])(?:" + "|".join(alts) + r")(?![\wæøå])" if alts else None
    if d.get("conditional_start"):  # verb first: a condition like "hvis" (found at the sentence's start only)
        blockers = (blockers + "|" if blockers else "") + "(?:" + d["conditional_start"].replace("^", r"\A", 1) + ")"
    blockers = re.compile(blockers) if blockers else None
    lists = d.get("lists") or {}
    active = tuple(ActiveRule(r["id"], _pattern(r), r["replace"], Applicability(r["safety"]),
                              re.compile(r["unless_later"]) if r.get("unless_later") else None)
                   for r in d.get("active", []))
    heads = d.get("no_split_after_head") or {}
    head_re = re.compile(heads["pattern"]) if heads.get("pattern") else None
    return SplitRules(rules, int(d.get("min_sentence_words", 20)), int(d.get("min_words_each_side", 6)), blockers,
                      int(lists.get("min_items", 0)), Applicability(lists.get("safety", "review")), active,
                      head_re, frozenset(w.lower() for w in heads.get("nouns", [])), rules_dir,
                      _optional(d.get("active_unless_letter")), _optional((d.get("at_chain") or {}).get("open")),
                      _optional((d.get("at_chain") or {}).get("more")))


def _condition_governs(low: str, end: int, rule: SplitRule, sr: SplitRules) -> bool:
    """True when a condition ("hvis", "når", a verb-first clause) before ``end`` keeps the sentence whole: any
    such condition, or for a ``main_clause_first`` rule only one that opens the sentence (with the main clause
    first, "Der trækkes ikke i din hjælp, hvis du var syg." is a whole sentence before the split)."""
    found = sr.blockers.search(low, 0, end)
    if found is None:
        return False
    if not rule.main_clause_first:
        return True
    start = len(low) - len(low.lstrip(" \t\n\"'«»(–-•*"))
    return any(b.start() <= start for b in sr.blockers.finditer(low, 0, end))


def _clause_head_before(low: str, end: int, sr: SplitRules) -> bool:
    """True when an at- or om-clause headed by a preposition or a noun opens before ``end`` ("Ved
    vurderingen af, om du ...", "med den begrundelse, at ...", "af et sådant omfang, at ..."): the clause
    is part of a phrase whose sentence goes on after it, so no split may fall inside it."""
    if sr.clause_heads is None or sr.rules_dir is None:
        return False
    g = grammar(sr.rules_dir)
    for m in sr.clause_heads.finditer(low, 0, end):
        w = m.group("head")
        if w in sr.head_nouns or w in g.prepositions:
            return True
        if g.morph.is_noun(w) and not g.morph.lemmas(w, "verb") and not g.is_finite(w):
            return True
    return False




def _list_fix(report: Report, s, sr: SplitRules) -> Fix | None:
    """"A, at B, at C og at D." as a lead line and one list line per at-clause.

    Small edits at the connectors only (", at " -> ":\n- at "), so word swaps
    elsewhere in the sentence stay separate fixes; each item is then split like
    any sentence, so proposing again finds nothing more to do.
    """
    text = report.letter.text
    sentence = s.span.slice(text)
    low = sentence.lower()
    hits = list(report.rulebook.language["at_clause"].finditer(low))
    if sr.list_min_items <= 0 or len(hits) < sr.list_min_items:
        return None
    # an at-clause that is the object of the word before it ("at du har oplyst, at du var syg") stays
    # in its item: cutting there would leave "- at du har oplyst" without what was said
    g = grammar(report.rulebook.path)
    hits = [m for i, m in enumerate(hits) if i == 0 or not _object_of_previous(g, low, m.start())]
    if len(hits) < sr.list_min_items:
        return None
    if any(_infinitive_after(g, low, m.end()) for m in hits):
        return None  # "forpligtet til at være tilmeldt, at have et CV, at deltage ...": infinitives, no at-clauses
    first = hits[0]
    if sr.blockers is not None and sr.blockers.search(low, 0, first.start()):
        return None
    if "\n" in sentence or any(p.span.overlaps(s.span) for p in report.letter.placeholders):
        return None
    if count_words(sentence[: first.start()]).words < 3:
        return None
    base = s.span.start
    # the lead ("Jobcentret har partshørt dig, og du har anført:") is a sentence of its own too
    lead_edits, _ = _split(sentence[: first.start()], sr)
    edits: list[Edit] = [Edit(Span(base + a, base + b), r) for a, b, r in lead_edits]
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(sentence)
        item = sentence[m.end() : end]
        if count_words(item).words < 2:
            return None
        last = _LAST_WORD.findall(item.lower())
        if i + 1 < len(hits) and last and g.is_finite(last[-1]):
            return None  # "- at der i brevet stod": the next at-clause is that verb's object, not an item
        connector = m.group().strip(", \t\n")  # "at", "og at", "eller at"; "samt at" is "og at" (kancellisprog.yml)
        connector = " ".join("og" if w.lower() == "samt" else w for w in connector.split())
        edits.append(Edit(Span(base + m.start(), base + m.end()), (":\n- " if i == 0 else "\n- ") + connector + " "))
        # the item is read as a line of its own with its connector ("- og at ..."): count those words too
        item_edits, _ = _split(item, sr, bonus=len(connector.split()))
        edits.extend(Edit(Span(base + m.end() + a, base + m.end() + b), r) for a, b, r in item_edits)
    return Fix("Skriv opremsningen som en liste", tuple(sorted(edits, key=lambda e: e.span.start)), sr.list_safety,
               origin="plain:liste")


def _infinitive_after(g, low: str, at: int) -> bool:
    """True when the word at ``at`` (right after "at") is an infinitive ("at have"), not a subject."""
    m = _LAST_WORD.search(low, at, at + 40)
    if m is None:
        return False
    w = m.group()
    if w in g.subjects or w in ("du", "de", "der", "det", "den", "dette", "denne", "disse", "i", "vi", "jeg"):
        return False
    from rewriter.rules.morphology import VERB

    return w in g.morph.lemmas(w, VERB)


def _object_of_previous(g, low: str, at: int) -> bool:
    """True when the at-clause at ``at`` is the object of the word before it: a verb or noun that takes
    one ("oplyst, at"), or a preposition ("besked om, at", "vægt på, at"): it belongs to that item."""
    words = _LAST_WORD.findall(low[max(0, at - 60):at])
    while words and words[-1] in g.sentence_adverbs:  # "finder derfor ikke, at ...": the verb before them
        words.pop()
    return bool(words) and (g.takes_at_clause(words[-1]) or words[-1] in g.prepositions)


def _expand(replace: str, m: re.Match, piece: str) -> str:
    """The replacement with ``{s}``/``{v}``-style named groups filled from the original text (the
    pattern ran on a lower-cased copy), so "..., hvorefter Jobcentret vil ..." becomes
    ". Derefter vil Jobcentret ..." with its capital kept."""
    if "{" not in replace:
        return replace
    return re.sub(r"\{(\w+)\}", lambda g: piece[m.start(g.group(1)):m.end(g.group(1))], replace)


_INVERSION = re.compile(r"\{v\} \{s\} (?:\{a\})?$")


def _connector_edits(template: str, m: re.Match, piece: str, replace: str) -> list[tuple[int, int, str]]:
    """The edits that turn the match into ``replace``.  A replacement that puts the verb before the
    subject (". Derfor {v} {s} {a}") is two small edits that leave the subject and the adverb where
    they are: the connector becomes ". Derfor <verb> " and the verb after the subject is deleted.  A
    swap of the subject ("De" -> "du") is then a separate edit that does not overlap the split."""
    names = m.re.groupindex
    inv = _INVERSION.search(template)
    if inv is None or "s" not in names or "v" not in names or m.start("s") > m.start("v") \
            or ("a" in names and m.group("a") and not m.start("s") < m.start("a") < m.start("v")) \
            or not piece[m.end("v"):m.end()].isspace():
        return [(m.start(), m.end(), replace)]
    pre = _expand(template[: inv.start()], m, piece)
    verb = piece[m.start("v"):m.end("v")]
    edits = [(m.start(), m.start("s"), pre + verb + " "), (m.start("v"), m.end(), "")]
    if "d" in names and m.group("d") and m.start("s") < m.start("d") < m.start("v"):
        edits.insert(1, (m.start("d"), m.end("d"), ""))  # a word the new opening says already ("endvidere")
    return edits


def _determiner_taken_for_subject(m: re.Match, piece: str, low: str, sr: SplitRules) -> bool:
    """True when an inversion split read an article as its subject and an adjective as its verb: in ", hvorfor det
    samlede fradrag udgør" the group ``s`` is "det" and ``v`` "samlede", but a noun ("fradrag") follows.  The
    formal "De" (capital in ``piece``) is the reader, never an article."""
    names = m.re.groupindex
    if "s" not in names or "v" not in names or m.group("s") not in ("det", "den", "de") or sr.rules_dir is None \
            or piece[m.start("s"):m.end("s")] == "De":
        return False
    nxt = _LAST_WORD.search(low, m.end("v"))
    if nxt is None:
        return False
    g = grammar(sr.rules_dir)
    w = nxt.group()
    return g.morph.is_noun(w) and not g.is_finite(w)


def _finditer(rule: SplitRule, low: str):
    """The rule's matches in the lower-cased sentence; a rule anchored at the sentence's end (``tail``) is
    searched only in its last characters (the long legal-reference pattern would otherwise be tried at every
    comma of a long sentence)."""
    if rule.tail is None or len(low) <= rule.tail or rule.pattern._absent(low):
        return rule.pattern.finditer(low)
    return rule.pattern.regex.finditer(low, len(low) - rule.tail)


def _split(piece: str, sr: SplitRules, depth: int = 0, bonus: int = 0,
           after: str = "") -> tuple[list[tuple[int, int, str]], list[SplitRule]]:
    """Edits (start, end, replacement) into ``piece`` that split it, to a fixed point.

    The first split point that is allowed is taken; both halves are then split
    again as the sentences they become, so proposing again on the result finds
    nothing more to split.
    """
    words = count_words(piece).words + bonus
    if depth > 20 or words < min([sr.min_sentence_words] + [r.min_sentence_words or 10**9 for r in sr.rules]):
        return [], []
    low = piece.lower()
    candidates = sorted(((m, rule) for rule in sr.rules for m in _finditer(rule, low)
                         if words >= (rule.min_sentence_words or sr.min_sentence_words)),
                        key=lambda c: c[0].start())
    for m, rule in candidates:
        # a reason clause's split is kept from a condition or clause head before it only where the sentence goes
        # back to its main clause after it (``after_condition_unless``)
        blockable = rule.after_condition_unless is None or rule.after_condition_unless.search(low, m.end())
        if not rule.ignore_conditions and sr.blockers is not None and blockable \
                and _condition_governs(low, m.start(), rule, sr):
            continue  # a condition before this point governs the rest of the sentence
        if not rule.ignore_conditions and blockable and _clause_head_before(low, m.start(), sr):
            continue  # "Ved vurderingen af, om du ..., og vi har": the split would leave a fragment (a closing
            # reference, the only split that ignores conditions, ends the sentence: nothing is left behind)
        left, right = piece[: m.start()], piece[m.end() :]
        if sr.at_open is not None and sr.at_open.search(low, 0, m.start()) and sr.at_more.search(low, m.end()):
            continue  # "at A, idet B, og at C": "og at C" goes on the at-clause before the split (fifth panel)
        if _determiner_taken_for_subject(m, piece, low, sr):
            continue  # ", hvorfor det samlede fradrag udgør" is no "Derfor samlede det fradrag"
        if rule.not_after is not None and rule.not_after.search(low, 0, m.start()):
            continue  # "§ 13, stk. 1, hvorefter ..." is "according to which", not "after that" (sixth panel)
        if rule.not_before is not None and rule.not_before.match(after.lstrip().lower()):
            continue  # "... . Se § 13, stk. 7. Dette kan ...": "Dette" would point at the reference
        if right.startswith("de "):
            continue  # plural "de" (lower case) would read as the formal "De" at a sentence start
        need_right = rule.min_words_right if rule.min_words_right is not None else sr.min_words_each_side
        if count_words(left).words + bonus < sr.min_words_each_side or count_words(right).words < need_right:
            continue
        replace = _expand(rule.replace, m, piece)
        head, _, tail = replace.partition(". ")
        edits = _connector_edits(rule.replace, m, piece, replace)
        abbreviation = left.endswith(".") and not head  # "645 kr., og det" -> "645 kr. Det", never "kr.."
        if abbreviation:
            edits = [(a - 1, b, r) if a == m.start() and r.startswith(". ") else (a, b, r) for a, b, r in edits]
        second = tail + right
        if not tail and right[:1].islower():
            edits.append((m.end(), m.end() + 1, right[0].upper()))
            second = right[0].upper() + right[1:]
        le, lr = _split(left + head + ("" if abbreviation else "."), sr, depth + 1, bonus, after=second)
        re_, rr = _split(second, sr, depth + 1, after=after)
        shift = m.end() - len(tail)
        edits = [e for e in le if e[1] <= len(left) - abbreviation] + edits
        edits += [(a + shift, b + shift, r) for a, b, r in re_ if a >= len(tail) + 1 or (a >= len(tail) and tail)]
        return sorted(edits), [rule] + lr + rr
    return [], []


def _breaks(report: Report, s, edits) -> bool:
    """True when splitting sentence ``s`` with ``edits`` gives it a grammar error it did not have
    (:mod:`.grammar`: the verb not second after "Derfor", a preposition cut from its clause, a list item
    cut mid-clause): the split rules must not produce what the safety check refuses."""
    from rewriter.rewrite.edits import apply

    g = grammar(report.rulebook.path)
    original = s.span.slice(report.letter.text)
    base = s.span.start
    local = [Edit(Span(e.span.start - base, e.span.end - base), e.replacement.replace(". ", ".\n"))
             for e in edits]
    pieces_text = apply(original, local)
    return bool(introduced(original, pieces_text, g) or g.cut_defects(original, pieces_text.split("\n")))


def _active_allowed(report: Report, sr: SplitRules) -> bool:
    """False when the letter has no active rules to use or its sender is not the one who decides
    (``active_unless_letter``): then no sentence gets an active "vi".  Asked once per letter."""
    return bool(sr.active) and (sr.active_unless is None or not sr.active_unless.search(report.letter.text.lower()))


def _active_fixes(report: Report, s, sr: SplitRules, taken: list[Edit], allowed: bool = True) -> list[Fix]:
    """Passive and nominal style to active in sentence ``s`` (``active`` in saetninger.yml), one fix per
    place, never overlapping ``taken`` (the sentence's split edits) and only where the sentence stays
    correct Danish with the split and the change together.  ``allowed``: :func:`_active_allowed` of the letter."""
    if not allowed:
        return []
    from rewriter.rewrite.edits import apply

    text = report.letter.text
    sentence = s.span.slice(text)
    low = sentence.lower()
    base = s.span.start
    g = grammar(report.rulebook.path)
    out = []
    for rule in sr.active:
        for m in rule.pattern.finditer(low):
            span = Span(base + m.start(), base + m.end())
            if rule.unless_later is not None and rule.unless_later.search(_rest_of_paragraph(report, span).lower()):
                continue  # "Fradraget vil ..." later refers to the noun the change drops
            if any(span.overlaps(e.span) or e.span.start == span.start for e in taken):
                continue
            new = _expand(rule.replace, m, sentence)
            new = re.sub(r" {2,}", " ", new)
            if sentence[m.start()].isupper():
                new = new[:1].upper() + new[1:]
            edit = Edit(span, new)
            local = sorted(taken + [edit], key=lambda e: e.span.start)
            before = apply(sentence, [Edit(Span(e.span.start - base, e.span.end - base), e.replacement.replace(". ", ".\n"))
                                      for e in taken])
            after = apply(sentence, [Edit(Span(e.span.start - base, e.span.end - base), e.replacement.replace(". ", ".\n"))
                                     for e in local])
            if introduced(before, after, g) or introduced(sentence, after, g):
                continue
            taken = local
            written = sentence[m.start():m.end()]
            out.append(Fix(f"Skriv aktivt: '{new}' i stedet for '{written}'", (edit,), rule.safety,
                           origin=f"plain:aktiv:{rule.id}"))
    return out


def _rest_of_paragraph(report: Report, span: Span) -> str:
    """The text of ``span``'s paragraph after it."""
    text = report.letter.text
    end = next((p.span.end for p in report.letter.paragraphs if p.span.contains(span)), len(text))
    return text[span.end:end]


def _continuing_bullet_item(text: str, span: Span) -> bool:
    """True when the sentence ``span`` holds an item of a bullet list that goes on one sentence (items in small
    letters or ending with a comma): such a sentence is not cut (thirteenth editor panel: "- du har ret til ... .
    Se forvaltningslovens § 8. Du har ret til aktindsigt ..., jf. ... § 9,")."""
    pos = text.rfind("\n", 0, span.start) + 1
    while pos < span.end:
        marker = BULLET.match(text, pos)
        if marker is not None and in_continuing_bullet(text, marker.end()):
            return True
        nl = text.find("\n", pos, span.end)
        if nl < 0:
            break
        pos = nl + 1
    return False


def split_fixes(report: Report, rules_dir: Path) -> list[Fix]:
    """One fix per long sentence that can be split (into two or more), with the weakest safety of its
    splits, and the active-voice fixes (:func:`_active_fixes`) that do not overlap them."""
    sr = load_splits(rules_dir)
    letter = report.letter
    text = letter.text
    out = []
    headings = [p.span for p in letter.paragraphs if p.role in ("subject", "heading")]
    active = _active_allowed(report, sr)
    for s in letter.sentences:
        if any(p.span.overlaps(s.span) for p in letter.placeholders):
            continue  # a merge field's length is unknown: leave the sentence alone
        if any(h.overlaps(s.span) for h in headings):
            continue  # a subject line or heading is not split (second editor panel: "Afgørelse om ... . Det er, ...")
        if _continuing_bullet_item(text, s.span):
            continue  # an item of a list that goes on one sentence ("- ..., jf. § 8,"): a cut breaks the list
        split = _sentence_split(report, s, sr)
        if split is not None and split.origin == "plain:liste" and split.applicability == Applicability.DISPLAY_ONLY:
            # a list is a suggestion only (issue 16: the last item swallowed what followed, items were not
            # parallel, conditions got lost): shown with its edits, never applied; the sentence stays whole
            split = replace(split, title="Overvej at skrive opremsningen som en liste")
        out.extend([split] if split is not None else [])
        out.extend(_active_fixes(report, s, sr, list(split.edits) if split is not None else [], active))
    return out


def _sentence_split(report: Report, s, sr: SplitRules) -> Fix | None:
    """The split (or list) of sentence ``s``, or None."""
    text = report.letter.text
    if s.words >= sr.min_sentence_words:
        listed = _list_fix(report, s, sr)
        if listed is not None and not _breaks(report, s, listed.edits):
            return listed
    para = next((p for p in report.letter.paragraphs if p.span.start <= s.span.start < p.span.end), None)
    after = text[s.span.end:para.span.end] if para is not None else ""
    edits, used = _split(s.span.slice(text), sr, after=after)
    if not edits:
        return None
    if _breaks(report, s, [Edit(Span(s.span.start + a, s.span.start + b), r) for a, b, r in edits]):
        return None  # a split that would leave a sentence without its verb second, or cut from its object
    ranks = {Applicability.SAFE: 0, Applicability.REVIEW: 1, Applicability.DISPLAY_ONLY: 2}
    safety = max((r.safety for r in used), key=ranks.__getitem__)
    base = s.span.start
    return Fix("Del den lange sætning op", tuple(Edit(Span(base + a, base + b), r) for a, b, r in edits),
               safety, origin="plain:split:" + "+".join(sorted({r.id for r in used})))
