"""Coarse zones of a letter: head, body and closing.

Requires: paragraphs with sentences.  Assigns: one zone per paragraph, used by
element detectors that only make sense in one part of a letter (a letterhead
phone number counts as contact information, a date in the head is the letter
date).

* ``head``: letterhead, recipient, date line and subject: the paragraphs before
  the greeting ("Kære", "Hej", ...) or, without one, before the first paragraph
  with a sentence of six or more words that ends with ``.``, ``!`` or ``?``.  A
  paragraph of such prose before the greeting (a "Kort fortalt" box, a warning
  put first) is body.
* ``closing``: the sign-off ("Med venlig hilsen", "Venlig hilsen", ...) and
  everything after it; without a known sign-off, a last paragraph of a short line
  followed by a name ("Vi glæder os til at se dig!" / "Nikolaj Aagaard").
* ``heading``: a one-line paragraph of at most 12 words without digits or final
  punctuation after the head (a subject line or a heading standing alone).
* ``body``: the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rewriter.analysis.dates import find_dates
from rewriter.model import Letter
from rewriter.rules.language import Language, language



@lru_cache(maxsize=8)
def _greeting(lang: Language) -> re.Pattern:
    """A greeting's first word (``greeting_words`` in rules/language/da.yml) at the start of a paragraph."""
    return re.compile(rf"^\s*(?:{lang.alternation('greeting_words')})\b", re.IGNORECASE)


def greeting_match(raw: str, lang: Language | None = None) -> re.Match | None:
    """The greeting word that opens ``raw``; a word that also opens a recipient block or a sentence ("til") only
    before a name or a capital ("Til Brian", "Til borgeren" is no greeting, nor "Til brug for sagens behandling er
    der lagt vægt på ...": eighteenth editor panel, an old-style letter's evidence paragraph read as its greeting)."""
    lang = lang or language()
    m = _greeting(lang).match(raw)
    if m is None or m.group().strip().lower() not in lang.words["recipient_words"]:
        return m
    nxt = raw[m.end():].lstrip()
    word = nxt.split(maxsplit=1)[0].strip(",.:").lower() if nxt.split() else ""
    return m if nxt[:1].isupper() or nxt[:1] in "«[<{" or word in lang.words["greeting_addressees"] else None
_NAME_GREETING = re.compile(r"^\s*[A-ZÆØÅ][a-zæøå\-]+(?:\s+[A-ZÆØÅ][a-zæøå\-]+){0,3}\s*,\s*$")  # "Kasper,"
_ENDS = re.compile(r"[.!?][\"'”’»)\]]*$")


def _is_prose(sentence: str) -> bool:
    """Six or more words, four of them with letters, ending with . ! or ? (not "Tlf. 48 29 70 00 (man.")."""
    if not _ENDS.search(sentence):
        return False
    tokens = sentence.split()
    return len(tokens) >= 6 and sum(1 for t in tokens if any(c.isalpha() for c in t)) >= 4


def _is_long_lead_in(sentence: str) -> bool:
    """A sentence of twelve or more words that ends in a colon ("..., indkaldes du hermed til en rådighedssamtale på
    nedenstående tidspunkt og sted:"): prose that introduces what follows, never a heading or a letterhead line
    (rewrite_heldout26 5301: moved first, it and the meeting's table under it were read as the letter's head)."""
    tokens = sentence.rstrip().split()
    return sentence.rstrip().endswith(":") and len(tokens) >= 12 \
        and sum(1 for t in tokens if any(c.isalpha() for c in t)) >= 8


_LEAD_IN = re.compile(r"\A\s*([^\n]+):[ \t]*\n[ \t]*(?:[-–•*☐☒✓✔□■]|\d{1,2}[.)])[ \t]")


def _is_list_lead_in(raw: str) -> bool:
    """A sentence of six or more words that ends in a colon and a list below it ("Du har pligt til at (kryds ved
    det, der gælder for dig):\n☒ møde til samtaler ..."): prose, though no line ends in a full stop (kept-back
    outside16: a guidance form of tick boxes was read as letterhead down to its first full stop)."""
    m = _LEAD_IN.match(raw)
    return m is not None and _is_prose(m.group(1) + ".")


_TABLE_TITLE = re.compile(r"^[ \t]*[^\W\d][^\n:]{0,60}:[ \t]*$")
_TABLE_ROW = re.compile(r"^[ \t]*[^\W\d][^\n:]{0,30}:[ \t]+\S")


def _is_titled_table(raw: str) -> bool:
    """A title ending in a colon over two or more "Label: value" rows ("Oplysninger om samtalen:\nTidspunkt: ...\n
    Sted: ..."): what the letter says, not its letterhead, whose label blocks have no title line (rewrite_heldout21:
    moved up under the subject line, the meeting's table was read as letterhead and the proposal was unstable)."""
    lines = [line for line in raw.strip().split("\n") if line.strip()]
    return len(lines) >= 3 and bool(_TABLE_TITLE.match(lines[0])) and all(_TABLE_ROW.match(x) for x in lines[1:])


def _is_meeting_table(raw: str, lang: Language) -> bool:
    """Three or more "Label: value" rows, one with a weekday and a date and one with an hour ("Første praktikdag:
    mandag den 14. december 2026\nMødetid: kl. 7.30"): a meeting's details, what the letter says, not its letterhead
    (rewrite_heldout25 5101: moved first under the subject line, the praktik's table was read as head and the proposal
    lost its date and place)."""
    lines = [line for line in raw.strip().split("\n") if line.strip()]
    if len(lines) < 3 or not all(_TABLE_ROW.match(x) for x in lines):
        return False
    dated = any(m.group("wd") for x in lines for m in lang["date"].finditer(x))
    return dated and any(lang["time"].search(x) for x in lines)


def is_greeting(raw: str, lang: Language | None = None) -> bool:
    """ "Kære …", "Hej …", "Til …" or a bare name with a comma ("Kasper,")."""
    return greeting_match(raw, lang) is not None or _NAME_GREETING.match(raw) is not None


def greeting_index(letter: Letter, lang: Language | None = None) -> int | None:
    lang = lang or language()
    for p in letter.paragraphs:
        raw = p.span.slice(letter.text)
        m = greeting_match(raw, lang)
        if m and "\n" in raw.strip() and m.group().strip().lower() in lang.words["recipient_words"]:
            continue  # "Til <name>\n<address>": the recipient block, not a greeting
        if m or _NAME_GREETING.match(raw):
            return p.index
    return None


_NAME_LINE = re.compile(r"^\s*(?:[A-ZÆØÅ«\[<{][\wæøåÆØÅ.\-»\]>}]*\s+){1,3}[A-ZÆØÅ«\[<{][\wæøåÆØÅ.\-»\]>}]*\s*$")


def closing_index(letter: Letter, lang: Language | None = None) -> int | None:
    """The sign-off paragraph; without a known sign-off, a last paragraph whose second line is a name."""
    sign_off = (lang or language())["sign_off"]
    n = len(letter.paragraphs)
    for p in reversed(letter.paragraphs):
        if p.index >= n // 2 and sign_off.match(p.span.slice(letter.text)):
            return p.index
    if n > 2:
        lines = letter.paragraphs[-1].span.slice(letter.text).split("\n")
        if len(lines) >= 2 and len(lines[0].split()) <= 8 and _NAME_LINE.match(lines[1]):
            return n - 1
    return None


def _is_heading(letter: Letter, i: int, lang: Language) -> bool:
    """A one-line paragraph of at most 12 words, without digits, merge fields (they stand for values:
    "«Mødedato» kl. «Mødetid»") or final punctuation."""
    p = letter.paragraphs[i]
    raw = p.span.slice(letter.text)
    if "\n" in raw or len(p.sentences) != 1 or p.sentences[0].words > 12 or any(c.isdigit() for c in raw):
        return False
    if any(ph.span.overlaps(p.span) for ph in letter.placeholders):
        return False
    return not re.search(r"[.!?:,;][\"'”’»)\]]*$", raw) and not greeting_match(raw, lang)


def is_question_line(raw: str) -> bool:
    """A one-line question of at most 12 words ("Er du syg?", "Hvorfor får du dette brev?"): a heading for the
    paragraph under it, although its final "?" keeps it out of the heading zone."""
    raw = raw.strip()
    return "\n" not in raw and raw.endswith("?") and len(raw.split()) <= 12


def _subject_before_greeting(letter: Letter, i: int, greeting: int | None) -> bool:
    """A one-line paragraph of at most 16 words right before the greeting is the subject line,
    even when it reads like a sentence ("Afgørelse: Vi trækker 642 kr. – ikke 1.926 kr.")."""
    if greeting is None or i != greeting - 1:
        return False
    p = letter.paragraphs[i]
    return "\n" not in p.span.slice(letter.text).strip() and sum(s.words for s in p.sentences) <= 16


def is_box(raw: str, lang: Language | None = None) -> bool:
    """A "Kort fortalt" box: a label line, then the summary (bullets need no full stop)."""
    return (lang or language())["box_label"].match(raw) is not None


def _is_date_line(letter: Letter, i: int, lang: Language) -> bool:
    """Paragraph ``i`` is the letter's date line: a short paragraph whose first line is a date, after an optional
    "Dato:" or "By, den" (rules/language/da.yml), with nothing but a time or "via Digital Post" after it."""
    raw = letter.paragraphs[i].span.slice(letter.text).strip()
    lines = raw.split("\n")
    if len(lines) > 3:
        return False
    line = lines[0]
    prefix = lang["date_line_prefix"].match(line).end()
    for d in find_dates(line[prefix:], lang=lang):
        return d.span.start == 0 and d.date is not None and \
            not lang["after_date"].sub("", line[prefix + d.span.end:]).strip(" .,")
    return False


def paragraph_zones(letter: Letter, lang: Language | None = None) -> tuple[str, ...]:
    lang = lang or language()
    text = letter.text
    n = len(letter.paragraphs)
    greeting = greeting_index(letter, lang)
    has_prose = [any(_is_prose(s.span.slice(text)) or _is_long_lead_in(s.span.slice(text)) for s in p.sentences)
                 or is_box(p.span.slice(text), lang) or _is_meeting_table(p.span.slice(text), lang)
                 or _is_list_lead_in(p.span.slice(text)) or _is_titled_table(p.span.slice(text))
                 for p in letter.paragraphs]
    if greeting is None:
        body_start = next((i for i, prose in enumerate(has_prose) if prose), n)
        # a warning put above the letterhead ("VIGTIGT: Mød op ...", then the sender, the address and "Dato: ..."):
        # the head goes on to the date line, and the body starts after it
        dated = next((j for j in range(body_start + 1, min(n, body_start + 7)) if _is_date_line(letter, j, lang)),
                     None)
        if dated is not None:  # the subject line (or the recipient) may follow the date; what comes next is body
            body_start = next((i for i in range(dated + 1, n) if has_prose[i] or i >= dated + 2), n)
    else:
        body_start = greeting
    closing = closing_index(letter, lang)
    zones = []
    for i in range(n):
        if closing is not None and i >= closing:
            zones.append("closing")
        elif i < body_start and (not has_prose[i] or _subject_before_greeting(letter, i, greeting)):
            zones.append("head")
        elif _is_heading(letter, i, lang):
            zones.append("heading")
        else:
            zones.append("body")
    return tuple(zones)
