"""Danish morphology (gender, number, inflection) from a Hunspell dictionary.

The resource is Stavekontrolden's Danish Hunspell dictionary, ``da_DK.aff`` and
``da_DK.dic``, as Debian's ``hunspell-da`` installs it (``/usr/share/hunspell``; `.ci/run`
installs the package).  ``REWRITER_HUNSPELL_DA`` names another folder (or the path
without the suffix, ``/x/da_DK``); ``REWRITER_HUNSPELL_DA=off`` runs without it.  Nothing is
downloaded.

The affix file documents every flag in a comment ("Substantiv, fælleskøn", "Verbum, svagt
bøjet", ...) and tags every suffix rule (``+BESTEMT_ENTAL``, ``+PLUR_UBEK``, ``+NUTID``,
...).  This module reads both, so it knows, for a word form, its word class, the gender of
a noun and the grammatical form: "udeblivelse" is a common-gender noun in the indefinite
singular (its definite form takes ``-n``, flag 2), "nyttejob" a neuter one (flag 47 doubles
the consonant and takes ``-et``: "nyttejobbet"), "ønsker" is both the present tense of a
verb and the plural of a neuter noun.  A word the dictionary does not list as a whole is
split as a compound (the dictionary's compounding flags), and the last part decides
("jobsamtale" -> "samtale", common gender).

Which comment words mean which class lives in ``rules/lexicon/grammatik.yml``
(``hunspell:``).  Reading the 3.5 MB word list takes about 0.1-0.2 s, once per process and
only when a rewrite or a "Deres" finding needs it (``rewriter check`` on a letter without
formal address never loads it).

When the dictionary is missing, :func:`morphology` returns an object whose ``available``
is False and which knows no word: callers fall back to the curated lists (``tiltale.yml``,
``grammatik.yml``) and say so (see the README, "Dansk grammatik i sikkerhedstjekket").
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rewriter.rules.yamlio import load_yaml

DEFAULT_PATHS = (Path("/usr/share/hunspell/da_DK"), Path("/usr/share/myspell/dicts/da_DK"),
                 Path("/usr/share/myspell/da_DK"))
ENV = "REWRITER_HUNSPELL_DA"

NOUN, VERB, ADJ, OTHER = "noun", "verb", "adj", "other"
COMMON, NEUTER = "common", "neuter"
# forms: base (a noun's indefinite singular, a verb's infinitive, an adjective's basic form), and the
# tags of the suffix rules as named in grammatik.yml (def_sg, pl_indef, pl_def, gen, pres, past, pp, ...)
FINITE = frozenset({"pres", "past"})


@dataclass(frozen=True, slots=True)
class Analysis:
    lemma: str
    pos: str  # noun | verb | adj | other
    form: str  # base | def_sg | pl_indef | pl_def | gen | pres | past | pp | passive | imp | prespart | ...
    genders: frozenset[str] = frozenset()  # nouns: common and/or neuter
    plural_base: bool = False  # a noun whose base form is also its plural ("job", "tilbud") or plural only


@dataclass(frozen=True, slots=True)
class _Rule:
    flag: int
    strip: str
    add: str
    cont: frozenset[int]
    cond: re.Pattern | None
    tag: str | None


@dataclass(frozen=True)
class _Flag:
    pos: str | None
    gender: str | None
    plural_only: bool
    zero_plural: bool
    fuge: bool  # a compounding joint (the form may begin a compound)


class Morphology:
    """Analyses of Danish word forms; see the module docstring."""

    def __init__(self, aff: Path | None, dic: Path | None, config: dict):
        self.available = aff is not None and dic is not None
        self.source = str(dic.with_suffix("")) if dic is not None else None
        self._cache: dict[str, tuple[Analysis, ...]] = {}
        self._rules_by_add: dict[str, list[_Rule]] = {}
        self._flags: dict[int, _Flag] = {}
        self._rules_of: dict[int, list[_Rule]] = {}
        self._keys: list[str] = []
        self._lines: list[str] = []
        self._index: dict[str, int] = {}
        self._more: dict[str, list[int]] = {}
        self._maxadd = 0
        if self.available:
            self._read_aff(aff, config)
            self._read_dic(dic)

    # -- reading the resource -------------------------------------------------------------------
    def _read_aff(self, path: Path, config: dict) -> None:
        classes = config.get("classes", {})
        genders = config.get("genders", {})
        tags = config.get("tags", {})
        plural_only = config.get("plural_only", [])
        zero_plural = config.get("zero_plural", [])
        fuge = config.get("compound_joint", [])
        compound_begin = str(config.get("compound_begin_flag", ""))
        comment = ""
        conds: dict[str, re.Pattern | None] = {".": None}
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        rules: list[_Rule] = []
        for line in lines:
            if line.startswith("#"):
                comment = line[1:].strip()
                continue
            parts = line.split()
            if len(parts) < 4 or parts[0] != "SFX":
                continue
            if not parts[1].isdigit():
                continue
            flag = int(parts[1])
            if parts[2] in ("Y", "N") and parts[3].isdigit() and len(parts) == 4:  # a group's header
                low = comment.lower()
                pos = next((p for p, words in classes.items() if any(low.startswith(w.lower()) for w in words)), None)
                gender = next((g for g, word in genders.items() if word.lower() in low), None)
                self._flags[flag] = _Flag(pos, gender if pos == NOUN else None,
                                          any(w.lower() in low for w in plural_only),
                                          any(w.lower() in low for w in zero_plural),
                                          any(w.lower() in low for w in fuge))
                continue
            strip = "" if parts[2] == "0" else parts[2]
            add, _, cont = parts[3].partition("/")
            add = "" if add == "0" else add
            cond = parts[4] if len(parts) > 4 else "."
            tag_raw = next((p for p in parts[5:] if p.startswith("+")), None)
            rules.append(_Rule(flag, strip, add,
                               frozenset(int(c) for c in cont.split(",") if c.isdigit()),
                               conds[cond] if cond in conds else conds.setdefault(cond, re.compile(cond + r"\Z")),
                               tags.get(tag_raw[1:]) if tag_raw else None))
        for r in rules:
            self._rules_of.setdefault(r.flag, []).append(r)
            # a rule that only makes a compound's first part is not a word of its own
            if compound_begin and any(str(c) == compound_begin for c in r.cont):
                continue
            self._rules_by_add.setdefault(r.add, []).append(r)
            self._maxadd = max(self._maxadd, len(r.add))
        self._compound_begin = int(compound_begin) if compound_begin.isdigit() else None
        self._need_affix = int(config.get("need_affix_flag", 0) or 0)
        self._only_in_compound = int(config.get("only_in_compound_flag", 0) or 0)

    def _read_dic(self, path: Path) -> None:
        raw = path.read_text(encoding="utf-8", errors="replace")
        self._lines = raw.split("\n")
        self._keys = re.findall(r"^([^/ \n]*)", raw, re.M)
        if len(self._keys) != len(self._lines):  # a line ending other than \n: fall back to a slower split
            self._keys = [ln.split("/", 1)[0].split(" ", 1)[0] for ln in self._lines]
        keys = self._keys
        n = len(keys)
        last = dict(zip(keys, range(n)))
        first = dict(zip(reversed(keys), range(n - 1, -1, -1)))
        # words on several lines (homographs: "møde" the noun and the verb)
        more: dict[str, list[int]] = {k: [] for k, i in first.items() if last[k] != i}
        for j, k in enumerate(keys):
            if k in more:
                more[k].append(j)
        self._more = more
        self._index = first

    def _entries(self, word: str) -> list[tuple[frozenset[int], str]]:
        """(flags, morphological fields) of every dictionary line for ``word``."""
        i = self._index.get(word)
        if not i:  # line 0 holds the number of words
            return []
        out = []
        for j in self._more.get(word, (i,)):
            head, _, morph = self._lines[j].partition(" ")
            _, slash, flags = head.partition("/")
            out.append((frozenset(int(f) for f in flags.split(",") if f.isdigit()) if slash else frozenset(),
                        morph))
        return out

    # -- flags ---------------------------------------------------------------------------------
    def _flag(self, f: int) -> _Flag | None:
        return self._flags.get(f)

    def _closure(self, flags: frozenset[int]) -> set[int]:
        """The flags and the flags their rules continue with (one level: 47 -> 4, 46)."""
        out = set(flags)
        for f in flags:
            for r in self._rules_of.get(f, ()):
                out |= r.cont
        return out

    def _stem_info(self, flags: frozenset[int]) -> tuple[set[str], set[str], bool, bool]:
        """(word classes, noun genders, plural only, zero plural) of a stem with ``flags``."""
        pos: set[str] = set()
        genders: set[str] = set()
        plural_only = zero = False
        for f in self._closure(flags):
            info = self._flags.get(f)
            if info is None:
                continue
            if info.pos:
                pos.add(info.pos)
            if info.gender:
                genders.add(info.gender)
            plural_only |= info.plural_only
            zero |= info.zero_plural
        return pos, genders, plural_only, zero

    # -- analysis ------------------------------------------------------------------------------
    def analyse(self, word: str) -> tuple[Analysis, ...]:
        """Every analysis of ``word`` (lower-cased first when it has none as written)."""
        if not self.available or not word:
            return ()
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        out = self._simple(word)
        if not out and word[:1].isupper():
            out = self._simple(word.lower())
        if not out:
            out = self._compound(word.lower())
        res = tuple(dict.fromkeys(out))
        self._cache[word] = res
        return res

    def known(self, word: str) -> bool:
        return bool(self.analyse(word))

    def _base(self, word: str) -> list[Analysis]:
        out = []
        for flags, morph in self._entries(word):
            if self._need_affix in flags or self._only_in_compound in flags:
                continue
            pos, genders, plural_only, zero = self._stem_info(flags)
            if "st:" in morph:  # an irregular form of another word ("har st:have", "børn" has its own line)
                lemma = morph.split("st:", 1)[1].split()[0]
                lpos = set()
                for lflags, lmorph in self._entries(lemma):
                    lpos |= self._stem_info(lflags)[0]
                    if "al:" in lmorph and any(a.endswith("ende") for a in lmorph.split()):
                        lpos.add(VERB)
                for p in lpos or {OTHER}:
                    out.append(Analysis(lemma, p, "form"))
                continue
            if not pos and "al:" in morph and any(a.endswith("ende") for a in morph.split()):
                pos = {VERB}
            for p in pos or {OTHER}:
                if p == NOUN:
                    out.append(Analysis(word, NOUN, "pl_indef" if plural_only else "base", frozenset(genders),
                                        plural_only or zero))
                elif p == VERB:
                    out.append(Analysis(word, VERB, "base"))
                else:
                    out.append(Analysis(word, p, "base"))
        return out

    def _simple(self, word: str) -> list[Analysis]:
        out = self._base(word)
        n = len(word)
        for k in range(0, min(n - 1, self._maxadd) + 1):
            add = word[n - k:] if k else ""
            for r in self._rules_by_add.get(add, ()):
                if r.tag is None and not r.cont:
                    continue
                w1 = word[: n - k] + r.strip
                if r.cond is not None and not r.cond.search(w1):
                    continue
                # one level: a dictionary stem with the rule's flag
                for flags, _morph in self._entries(w1):
                    if r.flag in flags:
                        out.extend(self._suffixed(w1, flags, r, None))
                # two levels: the inner rule's form continues with this rule ("jobb" + "et")
                if r.tag is None:
                    continue
                m = len(w1)
                for k1 in range(0, min(m - 1, self._maxadd) + 1):
                    add1 = w1[m - k1:] if k1 else ""
                    for r1 in self._rules_by_add.get(add1, ()):
                        if r.flag not in r1.cont:
                            continue
                        stem = w1[: m - k1] + r1.strip
                        if r1.cond is not None and not r1.cond.search(stem):
                            continue
                        for flags, _morph in self._entries(stem):
                            if r1.flag in flags:
                                out.extend(self._suffixed(stem, flags, r, r1))
        return out

    def _suffixed(self, stem: str, flags: frozenset[int], rule: _Rule, inner: _Rule | None) -> list[Analysis]:
        if rule.tag is None:
            return []
        info = self._flags.get(rule.flag)
        inner_info = self._flags.get(inner.flag) if inner is not None else None
        pos_all, genders, _po, zero = self._stem_info(flags)
        pos = (info.pos if info and info.pos else None) or (inner_info.pos if inner_info and inner_info.pos
                                                            else None)
        if pos is None:
            pos = next(iter(pos_all)) if len(pos_all) == 1 else None
        if pos is None:
            return []
        g = set()
        for i in (info, inner_info):
            if i is not None and i.gender:
                g.add(i.gender)
        if pos == NOUN and not g:
            g = genders
        return [Analysis(stem, pos, rule.tag, frozenset(g) if pos == NOUN else frozenset())]

    @lru_cache(maxsize=4096)
    def _begins_compound(self, head: str, depth: int = 0) -> bool:
        """True when ``head`` is a form that may begin a compound (a stem with its joint: "jobs", "nytte")."""
        if len(head) < 2 or depth > 3 or self._compound_begin is None:
            return False
        n = len(head)
        for flags_f, info in self._flags.items():
            if not info.fuge:
                continue
            for r in self._rules_of.get(flags_f, ()):
                if r.add and not head.endswith(r.add):
                    continue
                stem = head[: n - len(r.add)] + r.strip if r.add else head + r.strip
                if r.cond is not None and not r.cond.search(stem):
                    continue
                if any(flags_f in fl for fl, _m in self._entries(stem)):
                    return True
        # a compound itself ("kontanthjælps" = "kontant" + "hjælps")
        for i in range(2, n - 1):
            if self._begins_compound(head[:i], depth + 1) and self._begins_compound(head[i:], depth + 1):
                return True
        return False

    def _compound(self, word: str) -> list[Analysis]:
        """A compound's analyses are its last part's (nouns and adjectives): the longest tail that is a word."""
        n = len(word)
        if n < 5:
            return []
        for i in range(2, n - 2):
            tail = word[i:]
            if tail.startswith("-"):
                tail = tail[1:]
            parts = [a for a in self._simple(tail) if a.pos in (NOUN, ADJ)]
            if not parts:
                continue
            head = word[:i].rstrip("-")
            if self._begins_compound(head) or self._entries(head):
                return [Analysis(word[:i] + a.lemma, a.pos, a.form, a.genders, a.plural_base) for a in parts]
        return []

    # -- questions the grammar guard asks -------------------------------------------------------
    def noun_genders(self, word: str) -> frozenset[str] | None:
        """The genders ``word`` has as a noun in the indefinite singular; None if it is not known as one."""
        got = [a for a in self.analyse(word) if a.pos == NOUN and a.form == "base" and a.genders]
        if not got:
            return None
        return frozenset(g for a in got for g in a.genders)

    def noun_plural(self, word: str) -> bool | None:
        """True if ``word`` can be a noun in the indefinite plural, False if it is only a singular noun,
        None if it is not known as a noun."""
        nouns = [a for a in self.analyse(word) if a.pos == NOUN]
        if not nouns:
            return None
        return any(a.form == "pl_indef" or a.plural_base for a in nouns)

    def is_noun(self, word: str) -> bool:
        return any(a.pos == NOUN for a in self.analyse(word))

    def only(self, word: str, pos: str) -> bool:
        """True when every analysis of ``word`` is of word class ``pos`` (and there is one)."""
        got = self.analyse(word)
        return bool(got) and all(a.pos == pos for a in got)

    def finite_only(self, word: str) -> bool:
        """True when ``word`` is known and every analysis is a finite verb form (present or past)."""
        got = self.analyse(word)
        return bool(got) and all(a.pos == VERB and a.form in FINITE for a in got)

    def lemmas(self, word: str, pos: str | None = None) -> frozenset[str]:
        return frozenset(a.lemma for a in self.analyse(word) if pos is None or a.pos == pos)


def _locate(override: str | None) -> tuple[Path | None, Path | None]:
    """The dictionary's files: ``override`` (``REWRITER_HUNSPELL_DA``) alone when it is set ("off": none),
    else the first of :data:`DEFAULT_PATHS` that exists."""
    if override:
        p = Path(override)
        candidates = [p / "da_DK" if p.is_dir() else p.with_suffix("") if p.suffix in (".aff", ".dic") else p]
    else:
        candidates = list(DEFAULT_PATHS)
    for base in candidates:
        aff, dic = base.with_suffix(".aff"), base.with_suffix(".dic")
        if aff.is_file() and dic.is_file():
            return aff, dic
    return None, None


@lru_cache(maxsize=4)
def _load(rules_dir: Path, override: str | None) -> Morphology:
    cfg = (load_yaml(rules_dir / "lexicon" / "grammatik.yml") or {}).get("hunspell", {})
    aff, dic = _locate(override)
    return Morphology(aff, dic, cfg)


def morphology(rules_dir: Path) -> Morphology:
    """The Danish morphology for ``rules_dir`` (loaded once per process; see the module docstring)."""
    return _load(Path(rules_dir), os.environ.get(ENV))
