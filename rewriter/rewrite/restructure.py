"""``restructure``: put the key message first and the consequence after the help.

Requires: a :class:`Report` (paragraph roles, threat paragraphs, key message,
element statuses).  Produces: the new block order.

Order of the body (between greeting and sign-off), stable within a rank:

====  =========================================================================
rank  paragraphs
====  =========================================================================
0     the key message
1     the "Kort fortalt" box (added by :mod:`rewriter.rewrite.summary`)
2     practical details (time, place, what to bring, amounts and periods)
3     help
4     rights (bisidder, aktindsigt)
4.5   "if you cannot come" help (cancellation, reasonable excuse) in a summons,
      so that it comes right before the consequence
5     the consequence (threat) paragraphs
6     legal basis and klagevejledning
6.5   contact ("Har du spørgsmål")
====  =========================================================================

A paragraph without a role of its own (``other``) moves with the paragraph
before it (a reason follows its decision); a one-line heading moves with the
paragraph after it.  Paragraphs before the body (letterhead, date, subject,
greeting) and the closing never move.

Two things the ranks never break (``references`` in ``rules/lexicon/saetninger.yml``): a
paragraph that refers back ("På baggrund heraf ...", "Såfremt De undlader at opfylde ovennævnte
pligter, ...") stays right after its referent, the paragraph before it; numbered paragraphs
("1.", "2.", ...) keep their order.  The key message itself always comes first.

What the panel of editors found (issue 16, ``restructure`` in ``rules/roles.yml``): a paragraph that points
at a place in the letter anywhere in it ("den nedenfor anførte jobsamtale", "Det skal indledningsvis
understreges"), a heading and a numbered paragraph are fixed: paragraphs are ordered only between two fixed
ones, so nothing leaves its section or crosses a reference.  An exception to the sanction ("Der foretages ikke
fradrag, hvis du har en rimelig grund") comes right after its threat.  What the letter is about (a decision
or the purpose, after a warning) does not move with the warning.  Guidance letters (``keep_order``) and
letters whose key message cannot come first without moving a fixed paragraph get no new order at all.
A hearing (``proposes_sanction``) and a decision (``decides``) keep their own order after the key message: facts,
the proposal or decision that weighs them, the excuse, how to answer or complain; only a proposed sanction that
the key message does not state moves up (rank 1.5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rewriter.analysis.zones import is_question_line
from rewriter.model import Edit, Report, Span
from rewriter.rules.yamlio import load_yaml

SUMMARY_HEADING = "Kort fortalt"
_COMPLAINT = {"complaint_guidance", "complaint_deadline", "complaint_body", "complaint_via_municipality"}
_CANNOT_COME = {"cancellation_procedure", "reasonable_excuse", "rebooking"}
_INTRO = {"meeting_purpose", "decision", "proposed_decision"}  # what the letter is about: never moved with a threat
# "Har du spørgsmål" closes the body, as it closes the letters it comes from (eighth editor panel: moved up
# before "Afbud" and the bisidder paragraph it stood in the middle of the letter)
_RANK = {"key_message": 0, "practical": 2, "help": 3, "contact": 6.5, "rights": 4, "legal_basis": 6}


def _paragraph_elements(report: Report) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for e in report.elements:
        if e.status in ("present", "partial", "placeholder"):
            for i in e.paragraphs:
                out.setdefault(i, set()).add(e.id)
    return out


def is_summary(text: str) -> bool:
    return text.lstrip().startswith(SUMMARY_HEADING)


def body_range(report: Report) -> tuple[int, int] | None:
    """(first, last) index of the body after the greeting, or None when the letter has no body.

    Body paragraphs put before the greeting (a warning first, a "Kort fortalt" box above
    the letterhead) are :func:`pre_body`: they move into the body by their rank, while the
    letterhead, date, subject and greeting stay where they are."""
    body = list(report.placement.body_paragraphs)
    if not body:
        return None
    greeting = next((p.index for p in report.letter.paragraphs if p.role == "greeting"), None)
    after = [i for i in body if greeting is None or i > greeting]
    return (min(after) if after else greeting + 1 if greeting is not None else min(body)), max(body)


_FIELD_LINE = re.compile(r"^[ \t]*[A-ZÆØÅ][\wæøåÆØÅ .\-/]{0,30}:[ \t]+\S")


def _field_block(text: str) -> bool:
    """Three or more lines and every one "Label: value" ("Sagsnummer: ...", "Svarfrist: ..."): the letter's own
    reference block, part of its frame."""
    lines = [line for line in text.strip().split("\n") if line.strip()]
    return len(lines) >= 3 and all(_FIELD_LINE.match(line) for line in lines)


def pre_body(report: Report) -> list[int]:
    """Body paragraphs before the greeting (see :func:`body_range`), except a block of "Label: value" lines, which
    stays above the greeting with the letterhead (nineteenth editor panel: "Kære Kasper" was put above the
    Sagsnummer/Vedrører/Svarfrist block)."""
    rng = body_range(report)
    if rng is None:
        return []
    text = report.letter.text
    return [i for i in report.placement.body_paragraphs if i < rng[0]
            and not _field_block(report.letter.paragraphs[i].span.slice(text))]


def movable(report: Report) -> list[int]:
    """The paragraphs the restructure orders: the body before the greeting, then the body after it."""
    rng = body_range(report)
    return [] if rng is None else pre_body(report) + list(range(rng[0], rng[1] + 1))


@dataclass(frozen=True)
class References:
    back: re.Pattern | None
    numbered: re.Pattern | None
    forward: re.Pattern | None = None  # "som fremgår af nedenstående oversigt": what follows belongs to it


def _words(words) -> re.Pattern | None:
    words = sorted(words or (), key=len, reverse=True)
    return re.compile(r"(?<![\wæøå])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\wæøå])") \
        if words else None


@dataclass(frozen=True)
class Keep:
    """What the moves never break (``restructure`` in rules/roles.yml)."""
    pinned: re.Pattern | None  # a paragraph with one of these words anywhere stays, nothing moves across it
    exception: re.Pattern | None  # an exception to the sanction, kept right after its threat
    keep_order: frozenset[str]  # letter types whose paragraphs never move
    droppable: re.Pattern | None = None  # pinning words the move drops instead ("indledningsvis" mid-sentence)
    droppable_words: tuple[str, ...] = ()  # ... as listed ("allerede indledningsvis" goes whole)
    forward: frozenset[str] = frozenset()  # pinning words that point forward ("nedenstående": see _points_at_next)
    # inverted_when_moved: "Indledningsvis skal jobcentret ..." -> "Jobcentret skal ..."
    opener: re.Pattern | None = None
    # turned_when_moved_down: a forward pointer before the key message turns backward ("nedenfor" -> "ovenfor")
    turned: dict[str, str] | None = None
    referents: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ... only when it points at one of these (word, the
    # words the key message may state it with)
    dropped_first: frozenset[str] = frozenset()  # droppable words that point back: dropped also where the paragraph
    # moves up to come first ("Jobcentret påtænker på denne baggrund at ...")
    described: tuple[str, ...] = ()  # a pointer at a description ("det nedenfor beskrevne tilbud"): see _half_pointer
    pointer: re.Pattern | None = None  # the words of ``turned`` as one pattern (whole words)


@lru_cache(maxsize=8)
def load_keep(rules_dir: Path) -> Keep:
    path = rules_dir / "roles.yml"
    d = (load_yaml(path) if path.is_file() else {}).get("restructure") or {}
    exc = (d.get("exception") or {}).get("pattern")
    inv = d.get("inverted_when_moved") or {}
    opener = None
    if inv.get("words") and inv.get("verbs") and inv.get("subject"):
        opener = re.compile(r"(?P<pin>" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in inv["words"])
                            + r") (?P<verb>"
                            + "|".join(re.escape(v) for v in inv["verbs"]) + r") (?P<subject>" + inv["subject"]
                            + r")(?![\wæøå])", re.IGNORECASE)
    turned = d.get("turned_when_moved_down") or {}
    return Keep(_words(d.get("pinned")), re.compile(exc, re.IGNORECASE) if exc else None,
                frozenset(d.get("keep_order") or ()), _words(d.get("dropped_when_moved")),
                tuple(str(w).lower() for w in d.get("dropped_when_moved") or ()),
                frozenset(str(w).lower() for w in d.get("pointing_forward") or ()), opener,
                {str(k).lower(): str(v) for k, v in turned.items()} or None,
                tuple(_referent(r) for r in d.get("referents") or ()),
                frozenset(str(w).lower() for w in d.get("dropped_when_moved_first") or ()),
                tuple(str(w).lower() for w in d.get("described") or ()),
                re.compile(r"(?<![\wæøå])(?:" + "|".join(re.escape(str(w).lower()) for w in
                                                         sorted(turned, key=len, reverse=True)) + r")(?![\wæøå])")
                if turned else None)


def _referent(item) -> tuple[str, tuple[str, ...]]:
    """A ``referents`` entry: a word the key message states itself, or ``{word: [words it may use instead]}``."""
    if isinstance(item, dict):
        (word, alts), = item.items()
        return str(word).lower(), tuple(str(a).lower() for a in alts)
    return str(item).lower(), (str(item).lower(),)


@lru_cache(maxsize=8)
def load_references(rules_dir: Path) -> References:
    path = rules_dir / "lexicon" / "saetninger.yml"
    d = (load_yaml(path) if path.is_file() else {}).get("references") or {}
    numbered = d.get("numbered")
    return References(_words(d.get("back")), re.compile(numbered) if numbered else None, _words(d.get("forward")))


def refers_forward(report: Report, i: int) -> bool:
    """True when paragraph ``i`` points at what comes right after it ("... som fremgår af nedenstående oversigt",
    a paragraph that ends in a colon): nothing may come between it and the next paragraph."""
    refs = load_references(report.rulebook.path)
    raw = report.letter.paragraphs[i].span.slice(report.letter.text)
    return raw.rstrip().endswith(":") or (refs.forward is not None and bool(refs.forward.search(raw.lower())))


_HEAD_END = re.compile(r",|[.!?:](?:\s|$)|\n")


def _head(text: str) -> str:
    """The paragraph up to its first comma or sentence end: where a reference word points outside."""
    m = _HEAD_END.search(text)
    return (text[: m.start()] if m else text).lower()


def refers_back(report: Report, i: int) -> bool:
    """True when paragraph ``i`` refers back to the paragraph before it before its first comma or
    full stop (``references.back``); a heading before it is no referent, nor an opening that a move turns around
    (:func:`back_openings`: "Under henvisning til ovenstående indkaldes De ...")."""
    refs = load_references(report.rulebook.path)
    letter = report.letter
    if refs.back is None or i < 1 or letter.paragraphs[i - 1].role == "subject":
        return False
    raw = letter.paragraphs[i].span.slice(letter.text)
    opening = _back_opening(report, i)
    return bool(refs.back.search(_head(raw[opening.end():] if opening is not None else raw)))


def _back_opening(report: Report, i: int) -> re.Match | None:
    """Paragraph ``i``'s opening when it is a phrase pointing back that a move turns around (``inverted_when_moved``:
    "Under henvisning til ovenstående indkaldes De hermed"), matched in the paragraph's text; else None."""
    keep = load_keep(report.rulebook.path)
    m = keep.opener.match(report.letter.paragraphs[i].span.slice(report.letter.text)) \
        if keep.opener is not None else None
    refs = load_references(report.rulebook.path)
    if m is None:
        return None
    pin = " ".join(m.group("pin").lower().split())
    return m if pin in keep.dropped_first or (refs.back is not None and refs.back.search(pin)) else None


def back_openings(report: Report, i: int) -> list[Edit]:
    """The edit that turns paragraph ``i``'s opening around where it opens with a phrase pointing back ("Under
    henvisning til ovenstående indkaldes De hermed" -> "De indkaldes hermed"); a paragraph moved up above what it
    pointed at gets it also where it comes first.  [] if none."""
    m = _back_opening(report, i)
    if m is None:
        return []
    start = report.letter.paragraphs[i].span.start
    return [Edit(Span(start + m.start(), start + m.end()), _inverted(m))]


def back_drops(report: Report, i: int) -> list[Edit]:
    """The drops (``dropped_when_moved_first``) of paragraph ``i`` moved up to come first: a word that pointed back at
    what now follows it goes ("Jobcentret påtænker på denne baggrund at træffe afgørelse" -> "Jobcentret påtænker at
    træffe afgørelse", rewrite_heldout29 5705): only in the first clause (before the first comma), and not where it
    opens the sentence (:func:`back_openings` turns that around).  [] if none."""
    keep = load_keep(report.rulebook.path)
    p = report.letter.paragraphs[i]
    if not keep.dropped_first or not p.sentences:
        return []
    first = p.sentences[0].span
    low = report.letter.text[first.start:first.end].lower()
    comma = low.find(",")
    clause = low if comma == -1 else low[:comma]
    edits = []
    for phrase in sorted(keep.dropped_first, key=len, reverse=True):
        at = re.search(r"(?<=[\wæøå] )" + re.escape(phrase).replace(r"\ ", r"\s+") + r" (?=[\wæøå])", clause)
        if at is not None and not any(e.span.start <= first.start + at.start() < e.span.end for e in edits):
            edits.append(Edit(Span(first.start + at.start(), first.start + at.end()), ""))
    return edits


def _headed_section(text: str) -> bool:
    """A paragraph that opens with its own heading line: at most eight words, no final punctuation, text below."""
    first, _, rest = text.strip().partition("\n")
    return bool(rest.strip()) and 0 < len(first.split()) <= 8 and first.rstrip()[-1:] not in ".,;:!?"


def new_order(report: Report) -> list[int] | None:
    """Original paragraph indices in the restructured order; None when the structure is unknown."""
    ranks = body_ranks(report)
    if ranks is None:
        return None
    first, last = body_range(report)
    pre = set(pre_body(report))
    body = movable(report)
    keep = load_keep(report.rulebook.path)
    if report.letter_type in keep.keep_order:
        return None  # guidance is structured by its headings: nothing moves (issue 16)
    key = report.placement.key_message_paragraph
    if key in body and key != body[0] and refers_back(report, key):
        return None  # "Med henblik på gennemførelse af denne vurdering ... indkaldes De": first, it would point at
        # nothing (ninth editor panel)
    title = _title(report, body)
    if title is not None:  # the title first, a warning above it goes into the text under it
        body = [title] + [i for i in body if i != title]
    # the first section's heading can stand in the letter's frame, under its title or the greeting ("Indkaldelse
    # til ..." or "Kære ..." over "Konsekvenser ved udeblivelse"): it moves with its section
    # (not the letter's subject line right under its date: "15. marts 2027" over "Telefonisk jobsamtale" is no title
    # over a section heading; thirty-second panel, 6003: the subject line went down into the letter with the warning)
    lead = body[0] - 1 if not pre and body and body[0] >= 2 and is_heading(report, body[0] - 1) \
        and ((is_heading(report, body[0] - 2) and report.letter.paragraphs[body[0] - 2].role != "date")
             or report.letter.paragraphs[body[0] - 2].role == "greeting") else None
    ordered = _section_order(report, ([lead] if lead is not None else []) + body, title, keep)
    if ordered is not None and lead is not None:
        first = lead
    if ordered is None:
        ordered = []
        in_section = False  # after the first heading the runs are sections' text: they keep their order (issue 16:
        # the closing "Har du spørgsmål" went up between the last heading and its own text)
        for fixed, segment in _segments(report, body, keep):
            if fixed and is_heading(report, segment[0]) and segment[0] != title:
                in_section = True
            ordered += segment if fixed or in_section else _keep_exceptions(
                report, _sorted_keeping_sections(report, segment, ranks), keep, ranks)
    ordered = _keep_references(report, ordered)
    if _half_pointer(report, ordered, keep):
        return None  # a pointer at a description would point half right after the move: the order stays
    key = report.placement.key_message_paragraph
    if key in ordered and any(not is_heading(report, i) for i in ordered[: ordered.index(key)]):
        return None  # a fixed paragraph keeps the key message from coming first: no safe order (issue 16)
    return [i for i in range(first) if i not in pre] + ordered + list(range(last + 1, len(report.letter.paragraphs)))


def _title(report: Report, body: list[int]) -> int | None:
    """The letter's title among the body paragraphs ("Indkaldelse til samtale om jobsøgning og rådighed" in a letter
    without a greeting): a heading that comes first (or under a warning put first) and is the only heading, or is
    right above another heading.  It comes first, but it opens no section: the text under it (and such a warning) is
    ordered as a letter without headings (rewrite_heldout21: a title made the whole letter one section, and a
    warning first stayed first)."""
    threats = set(report.placement.threat_paragraphs) - {report.placement.key_message_paragraph}
    at = next((n for n, i in enumerate(body) if i not in threats), None)  # a warning may stand above it
    if at is None or at + 1 >= len(body) or not is_heading(report, body[at]):
        return None
    if report.letter.paragraphs[body[at]].role != "subject" or is_numbered(report, body[at]):
        return None  # a numbered section ("2) Sagens oplysninger: ...") is no title (rewrite_heldout24 4906)
    if is_heading(report, body[at + 1]) or not any(is_heading(report, i) for i in body[at + 1:]):
        return body[at]
    return None


def _section_order(report: Report, body: list[int], title: int | None, keep: Keep) -> list[int] | None:
    """A letter written in headed sections ("Konsekvenser ved udeblivelse", "Formålet med samtalen", "Tid og sted",
    ...) whose warning comes before the key message's section: the sections move whole, the key message's first,
    then the sections that say what the letter is about (the purpose, the decision; also one right after the key
    message's), then the others before it in their order, then the rest as they stand (rewrite_heldout21 4502:
    headings fixed every paragraph, so a warning section first stayed first).  A warning without a heading above
    the first section ("Indkaldelse til jobsamtale", a warning, "Tid og sted", ...) goes right after the key
    message, in its section.  None when the body is not all sections under the title (and such a warning), the
    warning does not come first, sections are numbered, or a paragraph of a section that moves points at a place
    in the letter."""
    start = 1 if title is not None else 0
    rest = body[start:]
    first_heading = next((n for n, i in enumerate(rest) if is_heading(report, i)), None)
    if first_heading is None:
        return None
    threats = set(report.placement.threat_paragraphs)
    leading = rest[:first_heading]  # a warning before the first heading
    if any(i not in threats and not is_exception(report, i, keep) for i in leading):
        return None
    sections: list[list[int]] = []
    for i in rest[first_heading:]:
        if is_heading(report, i):
            if sections and len(sections[-1]) < 2:
                return None  # a heading right under a heading: not one section each
            sections.append([i])
        else:
            sections[-1].append(i)
    if len(sections[-1]) < 2:
        return None
    key = report.placement.key_message_paragraph
    k = next((n for n, sec in enumerate(sections) if key in sec), None)
    if k is None or not (leading or any(i in threats for sec in sections[:k] for i in sec)):
        return None
    if any(is_numbered(report, sec[0]) for sec in sections):
        return None  # numbered sections ("1. Konsekvenser ved udeblivelse") keep their order (twenty-third panel:
        # "2. ..." came before "1. ...")
    if any(is_pinned(report, i, keep) for i in leading) or \
            any(is_pinned(report, i, keep) for sec in sections[: k + 1] for i in sec):
        return None
    elements = _paragraph_elements(report)

    def is_intro(sec: list[int]) -> bool:
        return not any(i in threats for i in sec) and any(elements.get(i, set()) & _INTRO for i in sec)

    intro = [sec for sec in sections[:k] if is_intro(sec)]
    others = [sec for sec in sections[:k] if sec not in intro]
    after = sections[k + 1:]
    if after and is_intro(after[0]) and others:  # the purpose right after the key message stays before the
        intro.append(after.pop(0))  # warning that moves down ("Tid og sted", "Formålet med samtalen", "Konsekvenser")
    at = sections[k].index(key) + 1
    first = sections[k][:at] + leading + sections[k][at:]
    return ([title] if title is not None else []) + first + [i for sec in [*intro, *others, *after] for i in sec]


def is_heading(report: Report, i: int) -> bool:
    """A heading inside the body: a one-line heading (role ``subject``), a one-line question of at most 12 words
    ("Hvorfor får du dette brev?": its answer is the paragraph under it, as the checker reads it) or a numbered
    paragraph ("2. Tid og sted")."""
    p = report.letter.paragraphs[i]
    return p.role == "subject" or is_question_line(p.span.slice(report.letter.text)) or is_numbered(report, i)


def is_numbered(report: Report, i: int) -> bool:
    """Paragraph ``i`` opens with a section number ("2. Tid og sted", "1) Påtænkt afgørelse: ..."; ``numbered`` in
    ``references``, rules/lexicon/saetninger.yml)."""
    refs = load_references(report.rulebook.path)
    return refs.numbered is not None and refs.numbered.match(report.letter.paragraphs[i].span.slice(
        report.letter.text)) is not None


def is_pinned(report: Report, i: int, keep: Keep | None = None) -> bool:
    """True when paragraph ``i`` points at a place in the letter ("nedenfor", "indledningsvis", ...), unless every
    such word is one the move may drop or turn (:func:`unpin_edits`)."""
    keep = keep or load_keep(report.rulebook.path)
    text = report.letter.paragraphs[i].span.slice(report.letter.text).lower()
    if keep.pinned is None or not keep.pinned.search(text):
        return False
    if _points_at_next(report, i, text, keep):
        return False
    return unpin_edits(report, i, keep) is None


def _points_at_next(report: Report, i: int, low: str, keep: Keep) -> bool:
    """True when paragraph ``i`` points only forward, from its last sentence, which ends in a colon ("... indkaldes du
    hermed til en rådighedssamtale på nedenstående tidspunkt og sted:"): it points at the paragraph right after it,
    which stays attached to it (:func:`_keep_references`), so a warning above it may move below both
    (rewrite_heldout26 5301: the warning first stayed first)."""
    if not low.rstrip().endswith(":"):
        return False
    words = [m for m in keep.pinned.finditer(low)]
    last = report.letter.paragraphs[i].sentences[-1].span.start - report.letter.paragraphs[i].span.start \
        if report.letter.paragraphs[i].sentences else 0
    return bool(words) and all(m.group() in keep.forward and m.start() >= last for m in words)


_SENTENCE_END = ".!?:\n"


def unpin_edits(report: Report, i: int, keep: Keep | None = None) -> list[Edit] | None:
    """What a move changes in paragraph ``i`` instead of keeping it in place because it points at a place in the
    letter (``restructure`` in rules/roles.yml); None when one of its pointing words must keep it where it is.

    * "indledningsvis" inside a sentence goes, with the space after it (``dropped_when_moved``): "Det skal
      indledningsvis understreges, at ..." -> "Det skal understreges, at ..." (eighteenth panel's letters);
    * a sentence that opens with it is turned around (``inverted_when_moved``): "Indledningsvis skal jobcentret gøre
      Dem opmærksom på, at ..." -> "Jobcentret skal gøre Dem opmærksom på, at ..." (verb second kept); so is one that
      opens with a phrase pointing back ("Under henvisning til ovenstående indkaldes De hermed til ..." -> "De
      indkaldes hermed til ...", rewrite_heldout25: the key message under a warning put first);
    * in a paragraph before the key message, a pointer forward at what the key message states turns into one
      backward (``turned_when_moved_down``): "udebliver fra den nedenfor anførte jobsamtale" -> "... ovenfor anførte
      jobsamtale", since the key message then stands above it (rewrite_heldout21: a warning first that pointed
      "nedenfor" kept every such letter from getting its key message first).  Only where a word of ``referents``
      ("samtale", "tilbud", ...) stands within five words of the pointer and in the key message.
    """
    keep = keep or load_keep(report.rulebook.path)
    if keep.pinned is None:
        return []
    p = report.letter.paragraphs[i]
    raw = p.span.slice(report.letter.text)
    low = raw.lower()
    key = report.placement.key_message_paragraph
    edits: list[Edit] = []
    turned_around: list[tuple[int, int]] = []  # sentence openings turned around (their pointing words go with them)
    for inv in keep.opener.finditer(raw) if keep.opener is not None else ():
        before = low[:inv.start()].rstrip(" ")
        if not before or before[-1] in _SENTENCE_END:
            edits.append(Edit(Span(p.span.start + inv.start(), p.span.start + inv.end()), _inverted(inv)))
            turned_around.append((inv.start(), inv.end()))
    for m in keep.pinned.finditer(low):
        if any(a <= m.start() < b for a, b in turned_around):
            continue
        word = m.group()
        before = low[:m.start()].rstrip(" ")
        opens = not before or before[-1] in _SENTENCE_END
        if keep.droppable is not None and keep.droppable.fullmatch(word) and not opens \
                and low[m.end():m.end() + 1] == " ":
            # the longest droppable phrase that ends with the word goes whole ("det allerede indledningsvis oplyses":
            # "allerede" too; twenty-seventh panel, 5508 read "skal det allerede oplyses")
            start = min((m.end() - len(w) for w in keep.droppable_words if low.endswith(w, 0, m.end())
                         and low[:m.end() - len(w)].endswith(" ")), default=m.start())
            edits.append(Edit(Span(p.span.start + start, p.span.start + m.end() + 1), ""))
            continue
        turned = (keep.turned or {}).get(word)
        if turned is not None and key is not None and i < key and _points_at_key(report, low, m, key, keep):
            edits.append(Edit(Span(p.span.start + m.start(), p.span.start + m.end()),
                              turned[:1].upper() + turned[1:] if raw[m.start()].isupper() else turned))
            continue
        return None
    return edits


def _inverted(m: re.Match) -> str:
    subject = m.group("subject")
    return f"{subject[:1].upper()}{subject[1:]} {m.group('verb').lower()}"


def inverted_opening(report: Report, text: str) -> str | None:
    """``text`` ("Indledningsvis skal vi") turned around ("Vi skal") when it is exactly an opening that
    ``inverted_when_moved`` turns; else None.  For an opening whose subject another change has swapped first (the
    sender's "vi" for "jobcentret")."""
    keep = load_keep(report.rulebook.path)
    m = keep.opener.fullmatch(text) if keep.opener is not None else None
    return _inverted(m) if m is not None else None


def _points_at_key(report: Report, low: str, m: re.Match, key: int, keep: Keep) -> bool:
    """True when the pointer ``m`` in ``low`` has a referent word within five words of it that the key message
    paragraph also has ("den nedenfor anførte jobsamtale" and "Jobsamtalen holdes torsdag ..."), also at the end of
    a compound there when it has six letters or more ("samtale" in "jobsamtale", not "møde" in "fremmøde")."""
    near = _near(low, m)
    for ref, stated in keep.referents:
        if any(w.startswith(ref) for w in near) and _states(report, key, stated):
            return True
    return False


def _near(low: str, m: re.Match) -> list[str]:
    """The five words before the pointer ``m`` in ``low`` and the five after it."""
    return re.findall(r"[\wæøå]+", low[:m.start()])[-5:] + re.findall(r"[\wæøå]+", low[m.end():])[:5]


def _states(report: Report, i: int, stated) -> bool:
    """True when paragraph ``i`` says one of the words ``stated``; a longer word may end a compound there ("den nedenfor
    anførte samtale" and "... til individuel jobsamtale"), a short one stands alone ("møde", not "fremmøde")."""
    body = report.letter.paragraphs[i].span.slice(report.letter.text).lower()
    return any(re.search(("" if len(s) >= 6 else r"(?<![\wæøå])") + re.escape(s), body) for s in stated)


def _half_pointer(report: Report, ordered: list[int], keep: Keep) -> bool:
    """True when a paragraph whose pointer at a description ("det nedenfor beskrevne tilbud") a move turns to "ovenfor"
    comes, in ``ordered``, before a body paragraph that stood between it and the key message and describes the
    referent too: "ovenfor" would point only half right (twenty-eighth panel, 5602: the offer's own section stayed
    below the warning).  A subject line or a heading is no description, and "den nedenfor anførte samtale" names the
    meeting the key message states."""
    key = report.placement.key_message_paragraph
    if not keep.described or keep.pointer is None or key is None:
        return False
    body = set(report.placement.body_paragraphs or ())
    for n, i in enumerate(ordered):
        if i >= key or key not in ordered[:n]:
            continue  # only a paragraph from above the key message that now stands below it
        low = report.letter.paragraphs[i].span.slice(report.letter.text).lower()
        for m in keep.pointer.finditer(low):
            near = _near(low, m)
            if not any(w.startswith(keep.described) for w in near):
                continue
            for ref, stated in keep.referents:
                if any(w.startswith(ref) for w in near) and any(
                        _states(report, j, stated) for j in ordered[n + 1:]  # what it pointed down at, still below
                        if i < j < key and j in body and report.letter.paragraphs[j].role != "subject"):
                    return True
    return False


def _segments(report: Report, body: list[int], keep: Keep) -> list[tuple[bool, list[int]]]:
    """``body`` cut at its fixed paragraphs (headings, numbered sections, paragraphs that point at a place
    in the letter): ``(True, [i])`` for a fixed paragraph, ``(False, [...])`` for the run between two.  A
    paragraph is ordered only inside its run, so nothing leaves its section or crosses a reference."""
    out: list[tuple[bool, list[int]]] = []
    run: list[int] = []
    for i in body:
        if is_heading(report, i) or is_pinned(report, i, keep):
            if run:
                out.append((False, run))
                run = []
            out.append((True, [i]))
        else:
            run.append(i)
    if run:
        out.append((False, run))
    return out


def is_exception(report: Report, i: int, keep: Keep | None = None) -> bool:
    """True when paragraph ``i`` is an exception to the sanction ("Der foretages ikke fradrag, hvis du har en
    rimelig grund ..."): a reasonable excuse stated as no sanction."""
    keep = keep or load_keep(report.rulebook.path)
    if keep.exception is None or i in report.placement.threat_paragraphs:
        return False
    if "reasonable_excuse" not in _paragraph_elements(report).get(i, set()):
        return False
    return bool(keep.exception.search(report.letter.paragraphs[i].span.slice(report.letter.text)))


def _keep_exceptions(report: Report, ordered: list[int], keep: Keep, ranks: dict[int, float]) -> list[int]:
    """``ordered`` with every exception paragraph right after the threat it qualifies: the nearest threat
    before it in the letter, else the nearest after it (the exception never stays before its rule).  Only
    threats that move (ranked as a consequence; not a key message that warns)."""
    threats = [i for i in ordered if i in set(report.placement.threat_paragraphs) and ranks[i] >= 5]
    if not threats:
        return ordered
    order = list(ordered)
    last_after: dict[int, int] = {}
    for e in sorted(i for i in ordered if is_exception(report, i, keep)):
        before = [t for t in threats if t < e]
        t = before[-1] if before else min(t for t in threats if t > e)
        anchor = last_after.get(t, t)
        order.remove(e)
        order.insert(order.index(anchor) + 1, e)
        last_after[t] = e
    return order


def _sorted_keeping_sections(report: Report, body: list[int], ranks: dict[int, float]) -> list[int]:
    """``body`` sorted by rank, except that numbered sections ("1. Deres pligter", "2. ...") and what
    stands between them stay together in their order, placed by the lowest rank among them (the key
    message, when it is one of them, still comes first: it is moved out of the run to the top)."""
    key = report.placement.key_message_paragraph
    numbered = [i for i in body if i != key and is_numbered(report, i)]
    if len(numbered) < 2:
        return sorted(body, key=lambda i: (ranks[i], i))
    run = [i for i in body if numbered[0] <= i <= numbered[-1] and i != key]
    units = [[i] for i in body if i not in run] + [run]
    units.sort(key=lambda u: (min(ranks[i] for i in u), u[0]))
    return [i for u in units for i in u]


def _keep_references(report: Report, ordered: list[int]) -> list[int]:
    """``ordered`` with every referring paragraph right after its referent.  The key message stays
    first: a key message that refers back is left where the ranks put it, and a referent never moves
    in front of it."""
    letter = report.letter
    key = report.placement.key_message_paragraph
    texts = {i: letter.paragraphs[i].span.slice(letter.text) for i in ordered}
    body = set(ordered)
    order = list(ordered)

    def attach(i: int, after: int) -> None:  # put i right after ``after``
        order.remove(i)
        order.insert(order.index(after) + 1, i)

    for i in sorted(ordered):
        if i == key or is_summary(texts[i]) or is_pinned(report, i) or is_heading(report, i):
            continue  # a fixed paragraph stays where it is (:func:`_segments`)
        if is_exception(report, i) and any(t in body for t in report.placement.threat_paragraphs):
            continue  # an exception follows the rule it qualifies (:func:`_keep_exceptions`): "Det skal i den
            # forbindelse oplyses, at der ikke foretages fradrag, hvis ..." glued to the summons came above the
            # warning (thirty-second panel, 6001)
        prev = i - 1
        if prev in body and refers_back(report, i) and order.index(i) != order.index(prev) + 1:
            attach(i, prev)
    if key in order and order[0] != key and ordered and ordered[0] == key:
        order.remove(key)  # nothing moves in front of the key message
        order.insert(0, key)
    return order


def _has_date(report: Report, i: int) -> bool:
    """True when paragraph ``i`` states a date or deadline (not the letter's own date)."""
    span = report.letter.paragraphs[i].span
    return any(f.kind in ("date", "deadline") and f.value != report.letter_date
               and span.start <= f.span.start < span.end for f in report.facts)


def body_ranks(report: Report) -> dict[int, float] | None:
    """The rank of every body paragraph (table above); None when the structure is unknown."""
    letter = report.letter
    key = report.placement.key_message_paragraph
    rng = body_range(report)
    if key is None or rng is None:
        return None
    threats = set(report.placement.threat_paragraphs)
    elements = _paragraph_elements(report)
    type_cfg = report.rulebook.type_config(report.letter_type)
    help_first = type_cfg.help_before_consequence
    # a hearing's proposed sanction is what the letter is about: it comes right after the key message, never
    # after the deadline, the rights and "Har du spørgsmål" (sixth editor panel, rewrite_heldout6 1803)
    proposal = {i for i, ids in elements.items() if "proposed_decision" in ids} \
        if type_cfg.proposes_sanction else set()
    # a hearing and a decision read in their own order after the key message: facts, assessment, excuse, how to
    # answer or complain (seventh and eighth editor panels: the assessment moved away from the facts it weighs)
    keep_own = type_cfg.proposes_sanction or type_cfg.decides
    ranks: dict[int, float] = {}
    body = movable(report)
    # a letter written in headed sections ("Om tilbuddet", "Hvornår og hvor", "Hvad er en rimelig grund", "Regler",
    # "Bisidder", "Spørgsmål") reads in the writer's order after the key message too: moved one by one, its
    # sections came out reversed (fourteenth editor panel, rewrite_heldout14 3402)
    keep_own = keep_own or sum(1 for i in body if _headed_section(letter.paragraphs[i].span.slice(letter.text))) >= 3
    for i in body:
        p = letter.paragraphs[i]
        text = p.span.slice(letter.text)
        if i == key:
            ranks[i] = 0
        elif is_summary(text):
            ranks[i] = 1
        elif i in threats and i in proposal and key not in proposal:
            ranks[i] = 1.5
        elif keep_own and (i in threats or p.role in _RANK or elements.get(i, set()) & _COMPLAINT):
            # a hearing reads in its own order: the facts, the proposal that weighs them ("Jobcentret har lagt til
            # grund, at selve fraværet ..."), the excuse, how to answer; only the key message (and a proposal the
            # key message does not state) comes first (seventh editor panel, rewrite_heldout7 2103); a paragraph
            # without a role goes with the one before it, as in every letter
            ranks[i] = 2
        elif i in threats:
            ranks[i] = 5
        elif elements.get(i, set()) & _COMPLAINT:
            ranks[i] = 6
        elif help_first and p.role == "help" and elements.get(i, set()) & _CANNOT_COME:
            ranks[i] = 4.5
        elif p.role in _RANK:
            ranks[i] = _RANK[p.role]
    # headings take the rank of the next ranked paragraph, "other" the rank of the one before
    for i in reversed(body):
        if i not in ranks and letter.paragraphs[i].role == "subject":
            nxt = next((ranks[j] for j in body if j > i and j in ranks), None)
            if nxt is not None:
                ranks[i] = nxt
    prev, prev_threat = 2.0, False
    for i in body:
        if i in ranks:
            prev, prev_threat = ranks[i], i in threats and ranks[i] >= 5  # not a key message that warns
        elif prev_threat and elements.get(i, set()) & _INTRO:
            # what the letter is about after a warning ("Jobcenter Lergrav har ... besluttet at give dig tilbud
            # om virksomhedspraktik") never moves with the warning: it comes right after the key message
            # (issue 16), also when it names a date ("Under henvisning til den samtale ... den 24. november 2026":
            # rewrite_heldout24 4901)
            ranks[i] = 0.5
        elif prev_threat and _has_date(report, i):
            ranks[i] = 2.0  # a date after a warning ("Fristen ... er fastsat til mandag den 7. december") is
            # practical, not part of the warning: it does not move with it (issue 16)
        else:
            ranks[i] = prev if prev > 0 else 0.5  # right after the key message, before the box
    return ranks
