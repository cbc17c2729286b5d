"""Facts of a letter: what a rewrite must never lose or change.

Requires: a :class:`Letter` (text, paragraphs, placeholders) and optionally the
letter date (to place dates written without a year).  Produces: a tuple of
:class:`Fact` sorted by position, each with a ``value`` that does not depend on
the notation, so "mandag den 7. december 2026", "07.12.2026" and "7/12-2026"
are the same fact, and "kl. 9.30", "kl. 9:30" and "klokken 9.30" too.

=============  ==============================================  ======================
kind           written as                                      value
=============  ==============================================  ======================
``date``       "7. december 2026", "07.12.2026", "7/12-2026",  ``2026-12-07``
               "7. dec.", with or without weekday
``time``       "kl. 10.00", "kl. 9:30", "klokken 13"           ``10:00``
``amount``     "1.234,50 kr.", "kr. 500", "500 kroner"         ``1234.50``
``deadline``   "senest den 7. december", "inden 14 dage",      ``senest 2026-12-07``,
               "4 uger", "inden for 8 dage"                    ``14 dage``, ``4 uger``
``section``    "§ 37", "§ 13, stk. 7, nr. 2", "§§ 36-40 a"     ``§13 stk.7 nr.2``
``phone``      "70 20 30 40", "+45 7020 3040"                  ``70203040``
``email``      "jobcenter@kommune.dk"                          lower-cased
``address``    "Torvet 3, 4000 Byby", "Rådhusvej 12"           lower-cased, spaces
``case_number`` "Sagsnr.: 2026-1234", "J.nr. 27.12.04-P20"     the number
``name``       the caseworker's name after the sign-off        the name
``cpr``        "010190-1234"                                   digits
``merge_field`` «Fornavn», [DATO], {{ dato }}                  the field name
=============  ==============================================  ======================

Extraction is by pattern, precision first: a number is only an amount next to
"kr."/"kroner", only a phone number with eight digits in Danish grouping.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from rewriter.analysis.dates import find_dates
from rewriter.model import Fact, Letter, Span
from rewriter.rules.language import Language, language

FACT_KINDS = ("date", "time", "amount", "deadline", "section", "phone", "email", "address", "case_number",
              "name", "cpr", "merge_field")

# The patterns (time, amount, deadline, section, phone, email, address, case_number, cpr, name_line,
# name_sign_off, deadline_before_date) and word lists are in rules/language/da.yml.
# a word followed by a number: a street?  It starts where a word starts (no retry inside a long word: linear time)
_STREET_WORD = re.compile(r"(?<![\wæøå\-])[A-ZÆØÅa-zæøå][\wæøå\-]*[ \t]+\d")


@lru_cache(maxsize=8)
def _not_name(lang: Language) -> re.Pattern:
    return re.compile(rf"\b(?:{lang.word_pattern('not_names')})\b")


def _addresses(text: str, lang: Language):
    """Address matches, found fast: only around a word with a street suffix followed by a number."""
    address = lang["address"]
    suffixes = lang.words["street_suffixes"]
    end = 0
    for w in _STREET_WORD.finditer(text):
        word = w.group().split()[0].lower()
        if w.start() < end or not word.endswith(suffixes):
            continue
        m = address.search(text, max(0, w.start() - 60), min(len(text), w.end() + 120))
        while m is not None and m.end() <= w.start():
            m = address.search(text, m.end(), min(len(text), w.end() + 120))
        if m is not None and m.start() <= w.start() < m.end():
            end = m.end()
            yield m


@dataclass(frozen=True, slots=True)
class _Raw:
    kind: str
    start: int
    end: int
    value: str


def _amount_value(raw: str) -> str:
    raw = raw.replace(".", "").replace(",-", "")
    if "," in raw:
        whole, dec = raw.split(",")
        return f"{int(whole)}.{dec.ljust(2, '0')}"
    return f"{int(raw)}.00"


def _section_value(body: str) -> str:
    v = re.sub(r"\s+", "", body.lower()).replace("–", "-")
    v = v.replace(",stk.", "stk.").replace(",nr.", "nr.")
    v = v.replace("stk.", " stk.").replace("nr.", " nr.")
    return "§" + v


def _in_placeholder(letter: Letter, start: int, end: int) -> bool:
    return any(p.span.start <= start and end <= p.span.end for p in letter.placeholders)


def extract_facts(letter: Letter, letter_date: dt.date | None = None, lang: Language | None = None) -> tuple[Fact, ...]:
    """All facts of ``letter`` (see the module docstring), sorted by position."""
    lang = lang or language()
    numbers = lang.tables["number_words"]
    text = letter.text
    low = text.lower()  # cheap tests first: most patterns need a keyword or a character to be there at all
    raws: list[_Raw] = []
    dates = find_dates(text, letter_date.year if letter_date else None, letter_date, lang)
    for d in dates:
        value = d.date.isoformat() if d.date else d.text.lower()
        raws.append(_Raw("date", d.span.start, d.span.end, value))
    for m in (lang["time"].finditer(text) if "kl" in low or ":" in text else ()):
        h, mi = (m.group("h"), m.group("m")) if m.group("h") is not None else (m.group("h2"), m.group("m2"))
        raws.append(_Raw("time", m.start(), m.end(), f"{int(h):02d}:{mi or '00'}"))
    for m in (lang["amount"].finditer(text) if "kr" in low or "dkk" in low else ()):
        raws.append(_Raw("amount", m.start(), m.end(), _amount_value(m.group("a") or m.group("b"))))
    for m in lang["deadline"].finditer(text):
        n, unit = (m.group("n"), m.group("u")) if m.group("n") else (m.group("n2"), m.group("u2"))
        n = str(numbers.get(n.lower(), n))
        raws.append(_Raw("deadline", m.start(), m.end(), f"{n} {unit.lower()}"))
    for d in dates:  # "senest den 7. december": a deadline on a date
        before = text[max(0, d.span.start - 30) : d.span.start]
        m = lang["deadline_before_date"].search(before)
        if m and d.date:
            start = d.span.start - (len(before) - m.start())
            raws.append(_Raw("deadline", start, d.span.end, f"senest {d.date.isoformat()}"))
    for m in lang["section"].finditer(text):
        raws.append(_Raw("section", m.start(), m.end(), _section_value(m.group("body"))))
    taken = [(r.start, r.end) for r in raws if r.kind in ("date", "amount", "section")]
    for m in lang["cpr"].finditer(text):
        d = m.group("d")
        if 1 <= int(d[:2]) <= 31 and 1 <= int(d[2:4]) <= 12:
            raws.append(_Raw("cpr", m.start(), m.end(), d + m.group("s")))
            taken.append((m.start(), m.end()))
    for m in lang["phone"].finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        raws.append(_Raw("phone", m.start(), m.end(), re.sub(r"\D", "", m.group("d"))))
    for m in (lang["email"].finditer(text) if "@" in text else ()):
        raws.append(_Raw("email", m.start(), m.end(), m.group().lower()))
    for m in _addresses(text, lang):
        street = m.group("street")
        if street.split()[0].lower() in lang.words["not_street_words"]:
            continue
        value = " ".join(f"{street} {m.group('no')}".lower().split())
        if m.group("zip"):
            value += f", {m.group('zip')} {m.group('city').lower()}"
        raws.append(_Raw("address", m.start(), m.end(), value))
    for m in (lang["case_number"].finditer(text) if any(k in low for k in lang.words["case_number_keys"]) else ()):
        raws.append(_Raw("case_number", m.start("no"), m.end("no"), m.group("no").rstrip(".").upper()))
    raws.extend(_names(letter, lang))
    for p in letter.placeholders:
        if p.syntax not in ("jinja_block", "jinja_comment"):
            raws.append(_Raw("merge_field", p.span.start, p.span.end, p.name.strip()))
    facts = []
    seen = set()
    for r in sorted(raws, key=lambda r: (r.start, -r.end, r.kind)):
        if r.kind != "merge_field" and _in_placeholder(letter, r.start, r.end):
            continue
        key = (r.kind, r.start, r.end)
        if key in seen:
            continue
        seen.add(key)
        facts.append(Fact(r.kind, Span(r.start, r.end), text[r.start : r.end], r.value))
    return tuple(facts)


def _names(letter: Letter, lang: Language) -> list[_Raw]:
    """The caseworker's name: a name line right after the sign-off (same or next paragraph)."""
    sign_off, name_line, not_name = lang["name_sign_off"], lang["name_line"], _not_name(lang)
    text = letter.text
    out = []
    for p in letter.paragraphs[len(letter.paragraphs) // 2 :]:
        chunk = p.span.slice(text)
        m = sign_off.match(chunk.strip())
        if not m:
            continue
        lines = chunk.split("\n")
        candidates = lines[1:3]
        offset = p.span.start + len(lines[0]) + 1
        if len(lines) == 1 and p.index + 1 < len(letter.paragraphs):  # the name is the next paragraph
            nxt = letter.paragraphs[p.index + 1]
            candidates = nxt.span.slice(text).split("\n")[:1]
            offset = nxt.span.start
        for line in candidates:
            nm = name_line.match(line.strip())
            if nm and not not_name.search(line):
                start = offset + line.index(nm.group("n"))
                out.append(_Raw("name", start, start + len(nm.group("n")), nm.group("n")))
                break
            offset += len(line) + 1
        break
    return out


def fact_keys(facts) -> set[tuple[str, str]]:
    """The facts as (kind, value) pairs: what two versions of a letter must share."""
    return {(f.kind, f.value) for f in facts}
