"""The Danish grammar guard: errors a proposal must not introduce.

Requires: the rules folder (``rules/lexicon/grammatik.yml``, ``tiltale.yml``) and the Danish
morphology (:mod:`rewriter.rules.morphology`, Hunspell).  Produces: :class:`Defect` lists for a
sentence, and :func:`introduced`, the defects of a proposed sentence (or group of sentences)
that the original sentence did not have.  The kinds, with their Danish message:

* ``agreement``: a possessive, article or demonstrative that does not agree with its noun in
  gender or number ("Dit udeblivelse", "din nyttejob", "din egne ønsker", "dine ydelse");
* ``mixed_address``: "De/Dem/Deres" beside "du/dig/din" in one sentence;
* ``finite_pair``: two finite verbs in a row ("Du er har ret til");
* ``verb_second``: a subject right after a sentence-initial adverbial ("Derfor du ikke mødte op");
* ``repeated_word``: a word twice in a row ("inden inden"), or two words of one meaning
  ("blandt andet navnlig");
* ``punctuation``: doubled punctuation ("kr..", ",,");
* ``stranded_preposition``: a sentence that ends in a preposition ("... kommentarer om.");
* ``list_cut``: a list item that ends in a verb whose object is the next item;
* ``construction``: a pattern of ``never_introduce`` ("være fået", "står af", "..., se § 13").

Gender and number come from the dictionary; ``tiltale.yml``'s noun lists take precedence (they
are the words jobcentre letters use, checked by hand).  A noun neither knows is not judged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rewriter.rules.morphology import ADJ, FINITE, NOUN, VERB, Morphology, morphology
from rewriter.rules.yamlio import load_yaml

_TOKEN = re.compile(r"[^\W\d_](?:\w|[-'.](?=\w))*|\d[\d.,]*\d|\d|§")
_DOUBLE_PUNCT = re.compile(r"(?<![.])\.\.(?![.])|[,;:][ \t]*[,;:.](?![.\d])|\.[ \t]+\.(?![.])")
_LIST_ITEM = re.compile(r"^\s*[-•*]\s+", re.M)
# the endings of a participle or adjective before its noun ("registrerede", "manglende", "faglige")
_MODIFIER_ENDINGS = ("ede", "te", "ne", "ende", "ige", "ske", "lle", "ale", "ære", "ive")


@dataclass(frozen=True, slots=True)
class Defect:
    kind: str
    key: str  # normalised words: two defects with one kind and key are the same error
    text: str  # as written
    message: str  # Danish

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "message": self.message}


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int
    joined: bool  # only white space (no punctuation, no line break) between this token and the one before


@dataclass(frozen=True, eq=False)
class Grammar:
    morph: Morphology
    determiners: dict[str, dict]
    own: dict[str, dict]
    fillers: frozenset[str]
    formal: dict[str, str]
    du_forms: frozenset[str]
    finite: frozenset[str]
    subjects: frozenset[str]
    sentence_adverbs: frozenset[str]
    adverbials: tuple[tuple[str, ...], ...]
    same_meaning: tuple[tuple[tuple[str, ...], ...], ...]
    prepositions: frozenset[str]
    clause_words: tuple[str, ...]
    at_verbs: frozenset[str]
    at_words: frozenset[str]
    never: tuple[tuple[str, re.Pattern, str], ...]
    neuter: frozenset[str]
    common: frozenset[str]
    plural: frozenset[str]
    modals: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()  # "og", "eller": join a list of adjectives before their noun

    # -- word knowledge ----------------------------------------------------------------------
    def genders(self, word: str) -> frozenset[str] | None:
        """The genders of ``word`` as a noun in the indefinite singular (None: not known as one)."""
        w = word.lower()
        if w in self.neuter:
            return frozenset({"neuter"})
        if w in self.common:
            return frozenset({"common"})
        if w in self.plural:
            return frozenset()
        return self.morph.noun_genders(w)

    def plural_noun(self, word: str) -> bool | None:
        w = word.lower()
        if w in self.plural:
            return True
        if w in self.neuter or w in self.common:
            return self.morph.noun_plural(w) if self.morph.available else False
        return self.morph.noun_plural(w)

    def is_finite(self, word: str) -> bool:
        w = word.lower()
        return w in self.finite or self.morph.finite_only(w)

    def may_be_finite(self, word: str) -> bool:
        """The dictionary knows ``word`` as a finite verb form, among whatever else it may be."""
        return any(a.pos == VERB and a.form not in ("base", "imp", "pp", "prespart") for a in self.morph.analyse(word))

    def skippable(self, word: str) -> bool:
        """An adjective between a determiner and its noun."""
        w = word.lower()
        return w in self.fillers or (self.morph.only(w, ADJ))

    def possessive_for(self, following: str) -> tuple[str, bool]:
        """The du-form of "Deres" before ``following`` (the text right after it): ("din"|"dit"|"dine", known).

        The noun decides, after "egen/eget/egne" and adjectives: "Deres udeblivelse" -> "din", "Deres
        nyttejob" -> "dit", "Deres egne ønsker" -> "dine".  A neuter noun with the same form in the plural
        ("Deres tilbud") is taken as singular, as it almost always is in a letter.  ``known`` is False when
        there is no noun right after "Deres", the noun is not known, or it has both genders ("pas" in the
        dictionary): then a person must choose.
        """
        toks = tokens(following)[:5]
        for i, t in enumerate(toks[:4]):
            if (i == 0 and following[: t.start].strip()) or (i and not t.joined):
                break  # punctuation: "Deres" stands alone
            if t.low in self.coordinators:
                break  # "Deres faglige og sociale kompetencer": a list of adjectives (below)
            if t.low in self.own:
                o = self.own[t.low]
                return ("dine" if o.get("number") == "pl" else "dit" if o.get("gender") == "neuter" else "din"), True
            if i < 2 and i + 1 < len(toks) and self.skippable(t.low):
                continue
            if i < 2 and i + 1 < len(toks) and toks[i + 1].joined and t.low.endswith(_MODIFIER_ENDINGS) \
                    and not self.is_noun(t.low) and (self.is_noun(toks[i + 1].low)
                                                   or self._listed_head(toks[i + 1].low) is not None):
                continue  # a participle or adjective before its noun ("Deres registrerede jobsøgningsaktiviteter",
                # "Deres individuelle kontaktforløb": a compound of a listed noun; twenty-second panel, 4601)
            if t.low in self.plural:
                return "dine", True
            if t.low in self.neuter:
                return "dit", True
            if t.low in self.common:
                return "din", True
            if t.low.endswith("s") and len(t.low) > 3 and (t.low[:-1] in self.neuter or t.low[:-1] in self.common):
                # a genitive ("Deres barns sygdom"): the owner decides, "dit barns"
                return ("dit" if t.low[:-1] in self.neuter else "din"), True
            listed = self._listed_head(t.low)
            if listed is not None:  # a compound of a listed noun: "Deres boligforhold" as "Deres forhold"
                return listed, True
            g = self.morph.noun_genders(t.low)
            pl = self.morph.noun_plural(t.low)
            if g is None and not pl:
                head = self._dictionary_head(t.low)  # "jobsøgningsaktiviteter" as "aktiviteter"
                if head is not None:
                    return head
            if g is None:
                return ("dine", True) if pl else ("din", False)
            if len(g) != 1:
                break  # both genders ("pas"): a person decides
            if "neuter" in g and pl:
                # "Deres jobmål": singular or plural ("... fortsat må anses for realistiske")? The listed nouns
                # ("tilbud", "forløb") are checked by hand; any other a person decides
                return "dit", False
            return ("dit" if "neuter" in g else "din"), True
        noun = self._after_adjective_list(tokens(following)[:12], following)
        if noun is not None:  # "Deres faglige, sociale og sproglige kompetencer": the noun decides
            if noun in self.plural or (self.morph.noun_plural(noun) and noun not in self.neuter):
                return "dine", True
            g = self.genders(noun)
            if g is not None and len(g) == 1 and g <= {"neuter", "common"}:
                return ("dit" if "neuter" in g else "din"), True
        return "din", False

    def _listed_head(self, word: str) -> str | None:
        """The possessive of a compound whose last part is a noun of the hand lists (``tiltale.yml``):
        "boligforhold" -> "dine" (as "forhold"), "praktiktilbud" -> "dit"; None when no listed noun ends it."""
        for k in range(3, len(word) - 3):
            head = word[k:]
            if head in self.plural:
                return "dine"
            if head in self.neuter:
                return "dit"
            if head in self.common:
                return "din"
        return None

    def is_noun(self, word: str) -> bool:
        """``word`` is known as a noun (listed, or a gender or a plural in the dictionary)."""
        return self.genders(word) is not None or bool(self.morph.noun_plural(word))

    def _dictionary_head(self, word: str) -> tuple[str, bool] | None:
        """The possessive of a compound the dictionary does not list, from its longest last part that it does:
        "jobsøgningsaktiviteter" -> ("dine", True) as "aktiviteter" (twelfth editor panel: "din registrerede
        jobsøgningsaktiviteter").  Only a plural or a noun of one gender whose plural differs decides; else None."""
        for k in range(3, len(word) - 4):
            part = word[k:]
            g = self.morph.noun_genders(part)
            pl = self.morph.noun_plural(part)
            if pl and not g:
                return "dine", True
            if g is not None:
                if len(g) == 1 and not pl:
                    return ("dit" if "neuter" in g else "din"), True
                return None  # both genders, or one form for singular and plural: a person decides
        return None

    def _after_adjective_list(self, toks, following: str) -> str | None:
        """The noun after a list of adjectives joined by commas and "og"/"eller" (``coordinators`` in
        grammatik.yml): "faglige, sociale og sproglige kompetencer" -> "kompetencer"; None when the words after
        "Deres" are not such a list."""
        adjectives = 0
        for k, t in enumerate(toks):
            gap = following[toks[k - 1].end:t.start] if k else following[:t.start]
            if k and gap.strip() not in ("", ","):
                return None
            if t.low in self.coordinators:
                continue
            if self.skippable(t.low):
                adjectives += 1
                continue
            return t.low if adjectives >= 2 else None
        return None

    # -- checks ------------------------------------------------------------------------------
    @property
    def meaning_starts(self) -> dict[str, tuple[tuple[int, tuple[str, ...]], ...]]:
        """The items of ``same_meaning`` by their first word: (group, item), longest first."""
        got = self.__dict__.get("_starts")
        if got is None:
            idx: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
            for gi, group in enumerate(self.same_meaning):
                for item in group:
                    idx.setdefault(item[0], []).append((gi, item))
            got = {k: tuple(sorted(v, key=lambda x: -len(x[1]))) for k, v in idx.items()}
            object.__setattr__(self, "_starts", got)
        return got

    def defects(self, text: str) -> list[Defect]:
        """The errors in ``text`` (one sentence, or the sentences a proposal made of one)."""
        cache = self.__dict__.setdefault("_defect_cache", {})
        hit = cache.get(text)
        if hit is None:
            if len(cache) > 20000:
                cache.clear()
            hit = cache[text] = tuple(self._defects(text))
        return list(hit)

    def _defects(self, text: str) -> list[Defect]:
        out: list[Defect] = []
        lines = [ln for ln in text.split("\n")]
        items = [bool(_LIST_ITEM.match(ln)) for ln in lines]
        for k, line in enumerate(lines):
            body = _LIST_ITEM.sub("", line, count=1)
            toks = tokens(body)
            if not toks:
                continue
            out += self._agreement(toks)
            out += self._finite_pairs(toks)
            out += self._verb_second(toks)
            out += self._repeats(toks)
            if items[k] and k + 1 < len(lines) and items[k + 1]:
                out += self._list_cut(body, toks)
        out += self._mixed_address(text)
        for m in _DOUBLE_PUNCT.finditer(text):
            out.append(Defect("punctuation", m.group().replace(" ", ""), _context(text, m.start(), m.end()),
                              f"dobbelt tegnsætning ('{_context(text, m.start(), m.end())}')"))
        low = text.lower()
        for rid, pat, message in self.never:
            for m in pat.finditer(low):
                out.append(Defect("construction", rid + ":" + " ".join(m.group().split()),
                                  text[m.start():m.end()].strip(), message))
        return out

    def _agreement(self, toks: list[_Tok]) -> list[Defect]:
        out = []
        for i, t in enumerate(toks):
            det = self.determiners.get(t.low)
            if det is None or i + 1 >= len(toks) or not toks[i + 1].joined:
                continue
            j = i + 1
            nxt = toks[j]
            if nxt.low in self.own:
                o = self.own[nxt.low]
                if o.get("number") != det.get("number") or (det.get("gender") and o.get("gender") != det["gender"]):
                    out.append(self._agree_defect(t, nxt))
                    continue
                j += 1
            while j < len(toks) and j - i <= 3 and toks[j].joined and self.skippable(toks[j].low):
                j += 1
            if j >= len(toks) or not toks[j].joined:
                continue
            # an adjective before the noun ("din aktuelle muligheder"): judge the noun after it (at most two)
            for _ in range(2):
                w = toks[j].low
                analyses = self.morph.analyse(w)
                adjective = (any(a.pos == ADJ for a in analyses)  # or an -e form the dictionary does not list
                             or (not analyses and w.endswith("e") and len(w) > 3)
                             # or a past participle in -ede/-te used as one ("din registrerede jobsøgningsaktiviteter")
                             or (w.endswith(("ede", "te")) and analyses
                                 and all(a.pos == VERB and a.form == "past" for a in analyses))
                             # or a present participle ("din manglende fremmøde"; fifteenth editor panel)
                             or (w.endswith("ende") and analyses
                                 and all(a.pos == VERB and a.form == "prespart" for a in analyses)))
                if (j + 1 < len(toks) and toks[j + 1].joined and w not in self.neuter | self.common | self.plural
                        and adjective and self.morph.only(toks[j + 1].low, NOUN)):
                    j += 1
            noun = toks[j]
            if det.get("number") == "sg":
                if t.low in ("en", "et") and not self.morph.only(noun.low, NOUN) \
                        and noun.low not in self.neuter | self.common:
                    continue  # "en" is also a numeral and a pronoun: judge only a word that is only a noun
                if any(a.pos == ADJ for a in self.morph.analyse(noun.low)) and noun.low not in self.neuter | self.common:
                    continue  # an adjective before a noun further on
                g = self.genders(noun.low)
                if g is None:
                    if self.plural_noun(noun.low) and self.morph.only(noun.low, NOUN) and \
                            all(a.form.startswith("pl") for a in self.morph.analyse(noun.low)):
                        out.append(self._agree_defect(t, noun))
                    continue
                if not g and noun.low in self.plural:
                    out.append(self._agree_defect(t, noun))
                elif g and det.get("gender") and det["gender"] not in g:
                    out.append(self._agree_defect(t, noun))
            else:
                if any(a.pos == ADJ for a in self.morph.analyse(noun.low)) and noun.low not in self.plural:
                    continue
                pl = self.plural_noun(noun.low)
                if pl is False and self.genders(noun.low):
                    out.append(self._agree_defect(t, noun))
        return out

    def _agree_defect(self, det: _Tok, noun: _Tok) -> Defect:
        text = f"{det.text} {noun.text}"
        return Defect("agreement", f"{det.low} {noun.low}", text,
                      f"'{text}': '{det.text}' passer ikke til '{noun.text}' i køn eller tal")

    def _finite_pairs(self, toks: list[_Tok]) -> list[Defect]:
        out = []
        for a, b in zip(toks, toks[1:]):
            if b.joined and a.low.isalpha() and b.low.isalpha() and self.is_finite(a.low) and self.is_finite(b.low):
                text = f"{a.text} {b.text}"
                out.append(Defect("finite_pair", f"{a.low} {b.low}", text, f"'{text}': to bøjede udsagnsord i træk"))
            elif b.joined and a.low in self.modals and self._finite_not_infinitive(b.low):
                # "den vil begynder": after a modal verb the infinitive; "begynder" is also a noun, so it is not
                # finite_only, but no infinitive reading means the modal has no verb to go with
                text = f"{a.text} {b.text}"
                out.append(Defect("finite_pair", f"{a.low} {b.low}", text, f"'{text}': to bøjede udsagnsord i træk"))
        return out

    def _finite_not_infinitive(self, word: str) -> bool:
        """``word`` reads as a present or past verb form and never as an infinitive (the dictionary's ``base``)."""
        if not word.isalpha():
            return False
        verbs = [a for a in self.morph.analyse(word) if a.pos == VERB]
        return any(a.form in FINITE for a in verbs) and not any(a.form == "base" for a in verbs)

    def _verb_second(self, toks: list[_Tok]) -> list[Defect]:
        words = [t.low for t in toks]
        for adv in self.adverbials:
            n = len(adv)
            if tuple(words[:n]) != adv or len(toks) <= n or not toks[n].joined:
                continue
            if not all(toks[k].joined for k in range(1, n)):
                continue
            subj = toks[n]
            if subj.low in self.subjects or subj.text == "I":
                text = " ".join(t.text for t in toks[: n + 1])
                return [Defect("verb_second", " ".join(adv) + " " + subj.low, text,
                               f"'{text} …': efter '{toks[0].text}' skal udsagnsordet stå før '{subj.text}'")]
        # a main clause with subordinate word order: "Du ikke har meldt afbud"
        if len(toks) >= 3 and (words[0] in self.subjects or toks[0].text == "I") and toks[1].joined \
                and toks[2].joined and words[1] in self.sentence_adverbs and self.is_finite(words[2]):
            text = " ".join(t.text for t in toks[:3])
            return [Defect("verb_second", " ".join(words[:3]), text,
                           f"'{text} …': i en hovedsætning står udsagnsordet før '{toks[1].text}'")]
        return []

    def takes_at_clause(self, word: str) -> bool:
        """True when ``word`` can take an at-clause as its object ("oplyst", "vigtigt"): the at-clause
        after it belongs to it, not to a list it would be an item of."""
        w = word.lower()
        return w in self.at_words or bool((self.morph.lemmas(w, VERB) | {w}) & self.at_verbs)

    def _repeats(self, toks: list[_Tok]) -> list[Defect]:
        out = []
        for a, b in zip(toks, toks[1:]):
            if b.joined and a.low == b.low and a.low[:1].isalpha():
                text = f"{a.text} {b.text}"
                out.append(Defect("repeated_word", f"{a.low} {b.low}", text, f"'{text}': samme ord to gange"))
        words = [t.low for t in toks]
        starts = self.meaning_starts
        i = 0
        while i < len(words):
            first = None
            for gi, item in starts.get(words[i], ()):  # longest first
                if tuple(words[i: i + len(item)]) == item:
                    first = (gi, item)
                    break
            if first is None:
                i += 1
                continue
            k = i + len(first[1])
            second = None
            if k < len(toks) and toks[k].joined:
                second = next((item for gi, item in starts.get(words[k], ())
                               if gi == first[0] and tuple(words[k: k + len(item)]) == item), None)
            if second is not None and second != first[1]:
                text = " ".join(t.text for t in toks[i: k + len(second)])
                out.append(Defect("repeated_word", " ".join(first[1] + second), text,
                                  f"'{text}': to ord, der betyder det samme"))
            i = k
        return out

    def cut_defects(self, original: str, pieces: list[str]) -> list[Defect]:
        """A sentence split into ``pieces`` that cut a preposition from its clause object: "komme med
        kommentarer om, hvorfor du ikke mødte op" -> "... kommentarer om." + "Derfor ..."."""
        out = []
        low = original.lower()
        for piece in pieces[:-1]:
            toks = tokens(piece)
            if len(toks) < 2:
                continue
            last = toks[-1]
            rest = piece[last.end:].strip()
            if last.low not in self.prepositions or rest not in (".", "!"):
                continue
            alternatives = "|".join(map(re.escape, self.clause_words))
            if re.search(rf"(?<!\w){re.escape(last.low)},\s+(?:{alternatives})(?!\w)", low):
                out.append(Defect("stranded_preposition", last.low, f"{toks[-2].text} {last.text}{rest}",
                                  f"sætningen ender i forholdsordet '{last.text}' (\"{toks[-2].text} {last.text}{rest}\"), "
                                  f"som i brevet styrer ledsætningen efter det"))
        return out

    def _list_cut(self, body: str, toks: list[_Tok]) -> list[Defect]:
        last = toks[-1]
        if self.takes_at_clause(last.low):
            return [Defect("list_cut", last.low, body.strip(),
                           f"punktet '{body.strip()}' er skåret over midt i sætningen: det næste punkt hører "
                           f"til '{last.text}'")]
        return []

    def _mixed_address(self, text: str) -> list[Defect]:
        toks = tokens(text)
        formal = [t for k, t in enumerate(toks) if t.text in self.formal and (t.text != "De" or (k > 0 and t.joined))]
        du = [t for t in toks if t.low in self.du_forms]
        if formal and du:
            text_ = f"{formal[0].text} … {du[0].text}" if formal[0].start < du[0].start else \
                f"{du[0].text} … {formal[0].text}"
            return [Defect("mixed_address", "mixed", text_,
                           f"'{formal[0].text}' og '{du[0].text}' i samme sætning: skriv hele sætningen i du-form")]
        return []


def _context(text: str, start: int, end: int) -> str:
    """The word the match touches and the word after it: "kr.. Beløbet", "ringe,, hvis"."""
    a = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    after = text[end:].lstrip(" \t")
    nxt = after.split(None, 1)[0] if after and not after.startswith("\n") else ""
    return (text[a:end] + (" " + nxt if nxt else "")).strip()


def tokens(text: str) -> list[_Tok]:
    out = []
    prev_end = None
    for m in _TOKEN.finditer(text):
        start, end = m.start(), m.end()
        if "." in m.group() and text[end:end + 1] == ".":
            end += 1  # an abbreviation keeps its final dot: "bl.a.", "f.eks."
        if prev_end is not None and start < prev_end:
            continue
        gap = text[prev_end:start] if prev_end is not None else ""
        out.append(_Tok(text[start:end], text[start:end].lower(), start, end,
                        prev_end is not None and gap.strip() == "" and "\n" not in gap))
        prev_end = end
    return out


@lru_cache(maxsize=8)
def _load(rules_dir: Path) -> Grammar:
    d = load_yaml(rules_dir / "lexicon" / "grammatik.yml") or {}
    t = load_yaml(rules_dir / "lexicon" / "tiltale.yml") or {}
    low = lambda key, src=d: frozenset(str(w).lower() for w in src.get(key, []))  # noqa: E731
    groups = tuple(tuple(sorted((tuple(str(w).lower().split()) for w in g), key=len, reverse=True))
                   for g in d.get("same_meaning", []))
    never = tuple((str(rid), re.compile(str(spec["pattern"] if isinstance(spec, dict) else spec)),
                   str(spec.get("note", rid) if isinstance(spec, dict) else rid))
                  for rid, spec in (d.get("never_introduce") or {}).items())
    return Grammar(
        morph=morphology(rules_dir),
        determiners={str(k).lower(): v for k, v in (d.get("determiners") or {}).items()},
        own={str(k).lower(): v for k, v in (d.get("own") or {}).items()},
        fillers=low("np_fillers"),
        formal={str(k): str(v) for k, v in (d.get("formal") or {}).items()},
        du_forms=low("du_forms"),
        finite=low("finite_verbs"),
        subjects=frozenset(str(w) for w in d.get("subject_pronouns", []) if str(w) != "I"),
        sentence_adverbs=low("sentence_adverbs"),
        adverbials=tuple(sorted((tuple(str(a).lower().split()) for a in d.get("initial_adverbials", [])),
                                key=len, reverse=True)),
        same_meaning=groups,
        prepositions=low("prepositions"),
        clause_words=tuple(sorted(low("clause_objects"), key=len, reverse=True)),
        at_verbs=low("at_complement_verbs"),
        at_words=low("at_complement_words"),
        never=never,
        neuter=low("neuter", t),
        common=low("common", t),
        plural=low("plural", t),
        coordinators=low("coordinators"),
        modals=low("modal_verbs"),
    )


def grammar(rules_dir: Path) -> Grammar:
    return _load(rules_dir if isinstance(rules_dir, Path) else Path(rules_dir))  # (called per sentence: no new Path)


def introduced(before: str, after: str, g: Grammar) -> list[Defect]:
    """The defects of ``after`` that ``before`` does not have (counted: one "inden inden" more is one more)."""
    if before == after:
        return []
    have = Counter((d.kind, d.key) for d in g.defects(before)) if before else Counter()
    out = []
    for d in g.defects(after):
        k = (d.kind, d.key)
        if have[k] > 0:
            have[k] -= 1
            continue
        out.append(d)
    return out


def letter_defects(text: str, g: Grammar) -> Counter:
    """The defects of a whole letter, sentence by sentence (a list's lines paragraph by paragraph), as a
    counter of (kind, key): for measuring, independent of the guard's provenance."""
    from rewriter.io.reader import letter_from_text

    letter = letter_from_text(text)
    out: Counter = Counter()
    for s in letter.sentences:
        for d in g.defects(s.span.slice(letter.text)):
            if d.kind != "list_cut":
                out[(d.kind, d.key)] += 1
    for p in letter.paragraphs:
        for d in g.defects(p.span.slice(letter.text)):
            if d.kind == "list_cut":
                out[(d.kind, d.key)] += 1
    return out


def letter_introduced(original: str, proposed: str, g: Grammar) -> list[tuple[str, str]]:
    """(kind, key) of each defect ``proposed`` has more often than ``original`` (whole letters); a sentence
    of ``proposed`` that ends in a preposition which ``original`` follows by a clause ("om, hvorfor")
    counts as a cut."""
    from rewriter.io.reader import letter_from_text

    before, after = letter_defects(original, g), letter_defects(proposed, g)
    out = sorted((after - before).elements())
    letter = letter_from_text(proposed)
    originals = [" ".join(s.span.slice(original).split()) for s in letter_from_text(original).sentences]
    known = set(originals)
    for p in letter.paragraphs:
        sents = [s.span.slice(letter.text) for s in p.sentences]
        for k, sent in enumerate(sents[:-1]):
            flat = " ".join(sent.split())
            if flat in known:
                continue
            head = flat.rstrip(".!")
            source = next((o for o in originals if o.startswith(head) and len(o) > len(head) + 1), None)
            if source is not None:  # the first piece of a split sentence
                out += [(d.kind, d.key) for d in g.cut_defects(source, [sent, sents[k + 1]])]
    return out


_NOT_FINITE = ("base", "imp", "pp", "prespart")  # verb forms that cannot follow a subject "De"


def address_forms(text: str, g: Grammar) -> frozenset[str]:
    """Which forms of address ``text`` uses for its reader: "formal" (De/Dem/Deres, capitalised; a "De"
    that opens a sentence only before a finite verb: "De nærmere vilkår" is an article) and/or "du"
    (du/dig/din/dit/dine).  A letter that uses both for the same person is a mixed address."""
    toks = tokens(text)
    out = set()
    for k, t in enumerate(toks):
        if t.low in g.du_forms:
            out.add("du")
        elif t.text in g.formal:
            if t.text == "De" and not (k > 0 and t.joined):
                nxt = toks[k + 1].low if k + 1 < len(toks) and toks[k + 1].joined else ""
                if not (nxt and (g.is_finite(nxt) or any(a.pos == VERB and a.form not in _NOT_FINITE
                                                         for a in g.morph.analyse(nxt)))):
                    continue
            out.add("formal")
    return frozenset(out)


def mixed_address_introduced(original: str, proposed: str, g: Grammar) -> bool:
    """True when ``proposed`` addresses its reader both as De and as du where ``original`` used one form."""
    return len(address_forms(proposed, g)) == 2 and len(address_forms(original, g)) < 2
