"""Load the plain-language lexicons in ``rules/lexicon/`` (cached per folder)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rewriter.errors import RuleFileError
from rewriter.rules.yamlio import load_yaml

SAFETIES = ("safe", "review", "display_only")


@dataclass(frozen=True, slots=True)
class Swap:
    lemma: str
    form: str
    plain: str
    safety: str
    note: str | None
    unless_before: re.Pattern | None = None  # not when the text before the word matches (searched, ends there)
    unless_after: re.Pattern | None = None  # not when the text after the word matches (matched at its start)


@dataclass(frozen=True)
class Lexicon:
    swaps: tuple[Swap, ...]
    swap_re: re.Pattern | None
    s_passive_verbs: frozenset[str]
    modals: frozenset[str]
    not_passive: frozenset[str]
    blive_aux: frozenset[str]
    participle_endings: tuple[str, ...]
    not_participles: frozenset[str]
    nominal_endings: tuple[str, ...]
    nominal_keep: frozenset[str]
    s_passive_re: re.Pattern
    blive_re: re.Pattern
    nominal_re: re.Pattern
    nominal_keep_long: tuple[str, ...]


def _require(d: dict, key: str, path: str, typ: type):
    if key not in d or not isinstance(d[key], typ):
        raise RuleFileError(f"Nøglen '{key}' mangler eller har forkert type (skal være {typ.__name__}).",
                            path=path, code="R202", hint=f"Tilføj '{key}:' i filen.")
    return d[key]


@lru_cache(maxsize=8)
def load_lexicon(rules_dir: Path) -> Lexicon:
    """The lexicons of ``rules_dir``; their regexes expect lower-cased text."""
    kpath = rules_dir / "lexicon" / "kancellisprog.yml"
    spath = rules_dir / "lexicon" / "sprogtraek.yml"
    k = load_yaml(kpath)
    s = load_yaml(spath)
    swaps = []
    for entry in _require(k, "entries", str(kpath), list):
        if not isinstance(entry, dict):
            raise RuleFileError("Hver post skal være en ordbog med lemma, swaps og safety.", path=str(kpath),
                                code="R202")
        lemma = _require(entry, "lemma", str(kpath), str)
        safety = entry.get("safety")
        if safety not in SAFETIES:
            raise RuleFileError(f"'safety' for '{lemma}' skal være en af {', '.join(SAFETIES)}.",
                                path=str(kpath), code="R203")
        context = {}
        for key in ("unless_before", "unless_after"):
            if entry.get(key):
                try:
                    # unless_before ends where the word starts, whatever alternatives it has
                    context[key] = re.compile("(?:" + str(entry[key]) + (r")\Z" if key == "unless_before" else ")"))
                except re.error as exc:
                    raise RuleFileError(f"'{key}' for '{lemma}' er ikke et gyldigt regulært udtryk: {exc}",
                                        path=str(kpath), code="R206") from None
        for form, plain in _require(entry, "swaps", str(kpath), dict).items():
            swaps.append(Swap(lemma, str(form).lower(), str(plain), safety, entry.get("note"), **context))
    forms = sorted({sw.form for sw in swaps}, key=len, reverse=True)
    swap_re = re.compile(r"(?<![\wæøå])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\wæøå])") if forms else None
    sp, bp, nm = s["s_passive"], s["blive_passive"], s["nominalisation"]
    alt = lambda words: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    w = r"[^\W\d_]"
    s_passive_re = re.compile(
        rf"(?<!{w})(?:(?P<verb>{alt(sp['verbs'])})|(?:{alt(sp['modals'])})\s+(?P<verb2>{w}{{3,}}es))(?!{w})")
    blive_re = re.compile(
        rf"(?<!{w})(?:{alt(bp['auxiliaries'])})\s+(?:{w}+\s+)?(?P<part>{w}+(?:{alt(bp['participle_endings'])}))(?!{w})")
    nominal_re = re.compile(rf"(?<!{w}){w}{{3,}}(?:{alt(nm['endings'])})(?!{w})")
    return Lexicon(
        swaps=tuple(swaps),
        swap_re=swap_re,
        s_passive_verbs=frozenset(sp["verbs"]),
        modals=frozenset(sp["modals"]),
        not_passive=frozenset(sp["not_passive"]),
        blive_aux=frozenset(bp["auxiliaries"]),
        participle_endings=tuple(sorted(bp["participle_endings"], key=len, reverse=True)),
        not_participles=frozenset(bp["not_participles"]),
        nominal_endings=tuple(nm["endings"]),
        nominal_keep=frozenset(nm["keep"]),
        s_passive_re=s_passive_re,
        blive_re=blive_re,
        nominal_re=nominal_re,
        nominal_keep_long=tuple(k for k in nm["keep"] if len(k) >= 7),
    )
