"""The "Kort fortalt" box: what, when, where and what to do, each fact from the sentence that states it.

Requires: a :class:`Report` with facts, roles, the key message and the structure stage's element
detections.  Produces: a :class:`Block` of new text (or None), rendered from
``letter_templates/summary/<letter type>.j2``.

Each line's value is the text of a fact (or merge field) copied from the sentence of the letter whose
role is that fact's meaning (issue 16, item 5), never from another paragraph that happens to hold a fact
of the same kind:

========== ======================================================================================
``hvad``    the kind of meeting, a noun copied from the meeting sentence (``box_meeting``), else from the key
            message, the sentence of the meeting's purpose (``meeting_purpose``) or the subject line
``naar``    date and time from the meeting sentence (element ``meeting_datetime``)
``hvor``    the address or place field (not a phone or e-mail field) from the meeting-place sentence
            (``meeting_place``) of the meeting sentence's paragraph, the key message or a practical paragraph,
            or from the meeting sentence; at a phone or video meeting (``box_remote_meeting``) only from the
            meeting sentence
``afbud``   the phone numbers, e-mail addresses and "Digital Post" of the cancellation sentence
            (``cancellation_procedure``), else of its paragraph; never the caseworker's direct line
            from the contact paragraph
``frist``   the reply deadline ("senest <date>", or a merge field such as «Svarfrist») of the hearing's
            deadline sentence (``response_deadline``)
``svar``    the channels of the how-to-respond sentence or paragraph (``how_to_respond``)
``beloeb``  the amount of the decision sentence (``decision``), else of the sentence of the decision's
            paragraph that states amount and period (``amount_period``); several amounts: the one that is not a
            rate ("pr. dag", "à") or the one marked as the total ("i alt", "samlet"), else none
``forslag``  a hearing's proposed sanction in kroner, from the proposing sentence (``proposed_decision``), as
            ``beloeb`` picks it; none: the value of the letter's "Påtænkt afgørelse:" row (``forslag_tekst``), else
            no line
``klagefrist`` the complaint deadline of the complaint-deadline sentence (``complaint_deadline``), with what
            it counts from when the sentence says it right after ("efter, at du har fået dette brev",
            ``box_deadline_anchor``)
``telefon`` the phone number of the contact sentence ("Har du spørgsmål ...") in the body, else of a
            contact or help paragraph
========== ======================================================================================

A value never carries the label of a table or form row ("Hvor", "Tid:") or the row's layout (tabs, runs
of spaces, a line break), ``box_row_label`` in ``rules/language/da.yml``.  A line whose fact was not found
is left out; a box with fewer than :data:`MIN_LINES` lines is left out entirely.  No box for a letter of
unknown type, a general notice (``general: true``) or a type whose ``box`` in ``rules/letter_types.yml``
is ``false`` or absent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rewriter.model import Fact, Report, Span
from rewriter.rules.resources import templates_dir
from rewriter.rules.rulebook import BOX_FIELDS
from rewriter.rules.templates import render_template
from rewriter.rewrite.plan import Block
from rewriter.analysis.zones import is_box
from rewriter.rewrite.restructure import is_summary

MIN_LINES = 3  # the box's lines, the "Hvad" line included; fewer: no box (a one- or two-line box says nothing)
MAX_PLACE = 120  # a "Mødested: ..." row longer than this is a sentence, not a place: the address alone
MAX_CHANNELS = 3  # phone numbers, e-mail addresses and Digital Post of one cancellation or reply line

_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
_LAYOUT = re.compile(r"[ \t\u00a0]{2,}|\t")
_TRAILING = re.compile(r"[\s|•\-–—,;:]+$")


def summary_block(report: Report, du_form: bool = False) -> Block | None:
    """The box for ``report``'s letter, or None (no box for its type, no key message, a box already there,
    fewer than :data:`MIN_LINES` lines).  ``du_form``: the proposal turns the whole letter from De to du, so a
    letter in De-form gets the box too (it says "du")."""
    letter = report.letter
    if not box_fields(report) or report.placement is None or report.placement.key_message_paragraph is None:
        return None
    if report.structure is None or any(is_summary(p.span.slice(letter.text)) or is_box(p.span.slice(letter.text))
                                       for p in letter.paragraphs):
        return None  # the letter has a summary already, ours or the writer's own ("DET VIGTIGSTE I DETTE BREV")
    if not (templates_dir() / "summary" / f"{report.letter_type}.j2").is_file():
        return None
    if report.metrics is not None and report.metrics.formal_address and not du_form:
        return None  # a letter in De-form gets no du-form box (issue 16), unless the proposal turns it to du
    lang = report.rulebook.language if report.rulebook is not None and report.rulebook.language else language()
    if lang["box_plural_address"].search(letter.text):
        return None  # a letter to more than one reader ("I", "jer") gets no box that says "du"
    if _box_inside_section(report):
        return None
    ctx, used = _summary_facts(report)
    text = render_template("summary", f"{report.letter_type}.j2", ctx)
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) - 1 < MIN_LINES:  # the heading ("Kort fortalt") is not a line of the box
        return None
    text = _DOUBLE_STOP.sub(".", "\n".join(lines))  # a fact that ends in "kr." before the line's full stop
    fields = []
    for f in used:
        if f.kind == "merge_field":
            pos = text.find(f.text)
            if pos >= 0:
                fields.append((pos, pos + len(f.text), f.value))
    return Block(None, text, (), "summary", tuple(fields))


def _box_inside_section(report: Report) -> bool:
    """True when the key message is a heading or stands in a headed or numbered section (a heading before it
    in the body): the box, which follows the key message, would split a heading from its text or one
    section's parts (issue 16)."""
    from rewriter.rewrite.restructure import is_heading, movable, pre_body

    key = report.placement.key_message_paragraph
    pre = set(pre_body(report))  # a subject line put before the greeting is no section heading
    return any(is_heading(report, i) for i in movable(report)
               if i <= key and not (i in pre and report.letter.paragraphs[i].role == "subject"))


def box_fields(report: Report) -> tuple[str, ...]:
    """The box's fields for ``report``'s letter type (``box`` in rules/letter_types.yml); () for no box."""
    if report.letter_type == "unknown" or report.rulebook is None:
        return ()
    cfg = report.rulebook.type_config(report.letter_type)
    if cfg is None or cfg.general:
        return ()
    return tuple(cfg.box)


class _Finder:
    """The facts of one letter by the sentences and paragraphs their role's element was detected in."""

    def __init__(self, report: Report):
        self.report = report
        self.letter = report.letter
        self.lang = report.rulebook.language
        self.body = set(report.placement.body_paragraphs)
        self.facts = sorted(report.facts, key=lambda f: (f.span.start, f.span.end))
        self.used: list[Fact] = []

    # --- where an element is stated

    def sentences(self, element_id: str, paragraphs: Iterable[int] | None = None) -> list[Span]:
        """The spans of the sentences (one span per match, from the first sentence it touches to the last)
        where ``element_id`` was detected, in body paragraphs (or ``paragraphs``), in document order."""
        found = self.report.structure.element(element_id)
        if found is None or not found.found:
            return []
        allowed = self.body if paragraphs is None else set(paragraphs)
        out: list[Span] = []
        for m in sorted(found.matches):
            para = self.paragraph_of(m.start)
            if para is None or para.index not in allowed:
                continue
            touched = [s.span for s in para.sentences if s.span.start < max(m.end, m.start + 1)
                       and m.start < s.span.end]
            if not touched:
                touched = [para.span]
            span = Span(touched[0].start, touched[-1].end)
            if span not in out:
                out.append(span)
        return sorted(out)

    def paragraphs(self, element_id: str) -> list[Span]:
        found = self.report.structure.element(element_id)
        if found is None or not found.found:
            return []
        return [self.letter.paragraphs[i].span for i in sorted(set(found.paragraphs)) if i in self.body]

    def paragraph_of(self, offset: int):
        return next((p for p in self.letter.paragraphs if p.span.start <= offset < p.span.end), None)

    # --- facts in those places

    def facts_in(self, spans: Iterable[Span], pred: Callable[[Fact], bool]) -> list[Fact]:
        spans = list(spans)
        return [f for f in self.facts if pred(f) and any(s.start <= f.span.start and f.span.end <= s.end
                                                         for s in spans)]

    def first_in(self, spans: Iterable[Span], pred: Callable[[Fact], bool]) -> Fact | None:
        """The first fact matching ``pred`` in the first span that has one."""
        for span in spans:
            hits = self.facts_in([span], pred)
            if hits:
                return hits[0]
        return None

    def field(self, f: Fact, pattern: str) -> bool:
        """A merge field whose name says what it holds (``date_field`` ... in rules/language/da.yml)."""
        return f.kind == "merge_field" and bool(self.lang[pattern].search(f.value))

    def is_phone(self, f: Fact) -> bool:
        return f.kind == "phone" or self.field(f, "phone_field")

    def channels(self, spans: list[Span]) -> list[dict[str, str]]:
        """The phone numbers, e-mail addresses and "Digital Post" stated in ``spans``, in document order
        (each value once), as ``{"kind": "phone|email|digital_post", "text": ...}``."""
        found: list[tuple[int, str, str, Fact | None]] = []
        for f in self.facts_in(spans, lambda f: self.is_phone(f) or f.kind == "email"):
            found.append((f.span.start, "email" if f.kind == "email" else "phone", f.text, f))
        text = self.letter.text
        for span in spans:
            for m in self.lang["box_digital_post"].finditer(text, span.start, span.end):
                found.append((m.start(), "digital_post", m.group(0), None))
        out, seen = [], set()
        for _, kind, raw, fact in sorted(found, key=lambda x: x[0]):
            key = (kind, fact.value if fact is not None else "digital post")
            if key in seen:
                continue
            seen.add(key)
            if fact is not None:
                self.used.append(fact)
            out.append({"kind": kind, "text": clean(raw, self.lang)})
        return out[:MAX_CHANNELS]


def clean(text: str, lang=None) -> str:
    """A fact's text as a box value: without a table or form row's label ("Hvor", "Tid:") and layout
    (line breaks become ", ", tabs and runs of spaces one space, no trailing separators)."""
    if lang is None:
        from rewriter.rules.language import language

        lang = language()
    value = text.strip()
    while True:
        m = lang["box_row_label"].match(value)
        if m is None or m.end() >= len(value):
            break
        value = value[m.end():]
    value = re.sub(r"\s*\n\s*", ", ", value)
    value = _LAYOUT.sub(" ", value)
    return _TRAILING.sub("", value).strip()


def _summary_facts(report: Report) -> tuple[dict, list[Fact]]:
    finder = _Finder(report)
    ctx: dict = {}
    for name in box_fields(report):  # letter_types.yml, in order
        _BOX_FIELDS[name](finder, ctx)
    return ctx, finder.used


# The box's fields: each finds its facts where their role's element is stated and puts their text in ``ctx``
# (the summary template's variables).

def _meeting(finder: _Finder) -> list[Span]:
    """The meeting sentence: where date and time of the meeting are stated, in the key message or a
    practical paragraph first."""
    report = finder.report
    key = report.placement.key_message_paragraph
    practical = {key} | {p.index for p in finder.letter.paragraphs if p.role == "practical"}
    spans = finder.sentences("meeting_datetime")
    first = [s for s in spans if finder.paragraph_of(s.start).index in practical]
    return first + [s for s in spans if s not in first]


def _is_date(finder: _Finder, f: Fact) -> bool:
    return (f.kind == "date" and f.value != finder.report.letter_date) or finder.field(f, "date_field")


def _date_with_hour(finder: _Finder, span: Span) -> Fact | None:
    """The first date in ``span`` with its hour right after it ("mandag den 22. februar 2027 kl. 9.00"): the meeting's,
    where the sentence also names another event's date ("jf. din samtale med jobcentret den 26. januar 2027")."""
    hour, text = finder.lang["box_deadline_hour"], finder.letter.text
    return finder.first_in([span], lambda f: _is_date(finder, f) and hour.match(text, f.span.end) is not None)


_NOUN_BEFORE_DATE = 100  # how far before its date the kind of meeting stands ("til jobsamtale hos os mandag den ..."),
# with no other date between them (then the noun is another event's)


def _hvad(finder: _Finder, ctx: dict) -> None:
    text = finder.letter.text
    key = finder.report.placement.key_message_paragraph
    # the meeting sentence itself, else a noun the key message calls the citizen to ("til jobsamtale",
    # ``box_meeting_called``): a "jobsamtale" named elsewhere (the talk that led to a praktik) is not what the
    # citizen is called to; without one, no "Hvad" line (issue 16)
    called = finder.lang["box_meeting_called"]
    called_in = [finder.letter.paragraphs[key].span]  # the key message and its lead-in ("Du skal til ...:")
    if key > 0 and finder.letter.paragraphs[key - 1].role == "other" and key - 1 in finder.body:
        called_in.append(finder.letter.paragraphs[key - 1].span)
    for span, lead in [(s, False) for s in _meeting(finder)[:1]] + [(s, True) for s in called_in]:
        found = [m for m in finder.lang["box_meeting"].finditer(text, span.start, span.end)
                 if not lead or called.search(text[max(span.start, m.start() - 60):m.start()])]
        date = None if lead else _date_with_hour(finder, span)
        if date is not None:  # the meeting is the one named just before its date and hour, not another one the
            # sentence mentions ("jf. din samtale med jobcentret den 26. januar 2027, indkaldes du herved til at give
            # møde til opstart på forløbet mandag den 22. februar 2027 kl. 9.00": twenty-sixth panel, "Du skal til
            # samtale" for a course)
            found = [m for m in found if m.end() <= date.span.start and date.span.start - m.end() <= _NOUN_BEFORE_DATE
                     and finder.first_in([Span(m.end(), date.span.start)], lambda f: _is_date(finder, f)) is None]
        m = found[0] if found else None
        if m:
            word = m.group(0)
            # "Jobsamtale" at a sentence's start and "INFORMATIONSMØDE" in capitals: lower case in the line
            ctx["hvad"] = word.lower() if word[1:].islower() or word.isupper() else word
            host = finder.lang["box_meeting_host"].match(text, m.end(), span.end)
            if host is not None:  # "jobsamtale hos Nordkaj Jobformidling ApS": whose meeting it is
                ctx["hvad"] += " hos " + " ".join(host.group("host").split())
            return


def _naar(finder: _Finder, ctx: dict) -> None:
    for span in _meeting(finder):
        # the date with the hour right after it, before any other (twenty-sixth panel: the box gave a past date)
        date = _date_with_hour(finder, span) or finder.first_in([span], lambda f: _is_date(finder, f))
        if date is None:
            continue
        time = finder.first_in([Span(date.span.end, span.end)],
                               lambda f: f.kind == "time" or finder.field(f, "time_field"))
        finder.used.append(date)
        value = finder.lang["date_lead"].sub("", clean(date.text, finder.lang))
        if time is not None:
            finder.used.append(time)
            clock = clean(time.text, finder.lang)
            value += " " + (clock[:1].lower() + clock[1:])  # "Tid: Kl. 10.15" in a table: "kl." inside the line
        ctx["naar"] = value
        para = finder.paragraph_of(span.start)
        if para is not None and finder.lang["box_first_day"].search(finder.letter.text, para.span.start, para.span.end):
            ctx["naar_foerste"] = True  # the first day of a course, not one meeting: "Første dag"
        return


def _hvor(finder: _Finder, ctx: dict) -> None:
    """The place of the meeting sentence's paragraph, the key message or a practical paragraph: never a place
    the letter names for something else (a contact address, the praktik place beside a phone meeting, the
    jobcentre to come to "i stedet" for a video meeting: at a phone or video meeting only the meeting
    sentence's own place)."""
    spans = _meeting(finder)
    meeting = [s for s in spans if finder.first_in([s], lambda f: _is_date(finder, f))][:1] or spans[:1]
    near = ({finder.report.placement.key_message_paragraph} | {finder.paragraph_of(s.start).index for s in meeting}
            | {p.index for p in finder.letter.paragraphs if p.role == "practical"})
    key = finder.letter.paragraphs[finder.report.placement.key_message_paragraph].span
    text = finder.letter.text
    if any(finder.lang["box_remote_meeting"].search(text, s.start, s.end) for s in [*meeting, key]):
        spans = meeting  # a phone or video meeting: an address elsewhere is another place ("i stedet")
    else:
        spans = finder.sentences("meeting_place", near) + meeting
    place = finder.first_in(spans, lambda f: f.kind == "address" or (
        finder.field(f, "place_field") and not finder.field(f, "phone_field") and not finder.field(f, "email_field")))
    if place is not None:
        value = clean(_whole_place(finder, place), finder.lang)
        if value:
            finder.used.append(place)
            ctx["hvor"] = value


def _whole_place(finder: _Finder, place: Fact) -> str:
    """The place as the letter names it around the address: the whole value of a "Mødested: ..." row ("Mølstrup
    Erhvervsskole, Værkstedsvej 15, bygning C, 4760 Mølstrup"), else the address with the building, room or floor
    that follows it (", bygning C", ", lokale 2.14", ", stuen"); seventeenth editor panel: "Sted: Værkstedsvej 15."
    left out the school and the building."""
    text = finder.letter.text
    start = text.rfind("\n", 0, place.span.start) + 1
    end = text.find("\n", place.span.end)
    end = len(text) if end == -1 else end
    row = finder.lang["box_place_row"].match(text, start, end)
    if row is not None and row.end() <= place.span.start:
        after = place.span.end  # (an address fact may end in its full stop: "Algade 40, 2. sal.")
        while after > place.span.start and text[after - 1] in ".,;":
            after -= 1
        stop = finder.lang["box_place_stop"].search(text, after, end)  # ". Der er elevator ...", " – meld dig"
        value = text[row.end():stop.start() if stop else end]
        own = finder.lang["jobcenter"].match(value)  # the sender's own house: the address says where it is
        if own is not None and value[own.end():].lstrip().startswith(","):
            value = value[own.end():].lstrip()[1:].lstrip()
        if len(value) <= MAX_PLACE:
            return value
    after = finder.lang["box_place_detail"].match(text, place.span.end, end)
    return place.text + (after.group(0) if after is not None else "")


_SAME_DEADLINE = re.compile(r"\b(?:på|selve|den)\b|\s+")


def _afbud(finder: _Finder, ctx: dict) -> None:
    text = finder.letter.text
    elsewhere = finder.lang["box_afbud_elsewhere"]

    def own(spans):  # not a sentence that says to cancel "som beskrevet ovenfor": its channels are for questions
        return [s for s in spans if not elsewhere.search(text, s.start, s.end)]

    spans = own(finder.sentences("cancellation_procedure"))
    channels = finder.channels(spans)
    if not channels:
        spans = own(finder.paragraphs("cancellation_procedure"))
        channels = finder.channels(spans)
    if len(channels) > 1 and any(finder.lang["box_notify_both"].search(text, s.start, s.end) for s in spans):
        return  # notice to both places: "Giv besked ... eller ..." would say one is enough (issue 16)
    # "Kan du ikke komme" covers sickness too: where the letter says how to report sickness with fewer channels
    # ("telefonisk på 74 82 31 10"), the line names only those (fifth editor panel: a sick citizen following
    # "eller i Digital Post" could be sanctioned)
    sick_sentences = [s.span for ps in finder.paragraphs("how_to_report")
                      for s in finder.paragraph_of(ps.start).sentences
                      if finder.lang["box_sickness"].search(text, s.span.start, s.span.end)]
    sick = finder.channels(sick_sentences) if channels else []
    if sick:
        narrowed = [c for c in channels if any(c["kind"] == k["kind"] and c["text"] == k["text"] for k in sick)]
        channels = narrowed or channels
    # two rules with their own deadlines ("Sygdom ... senest kl. 8.30 på dagen", "Andre forhindringer ... senest
    # dagen før"): one line cannot say both, and either alone misleads (eleventh editor panel): no line
    rule = finder.lang["box_cancel_deadline"]
    rule_paragraphs = finder.paragraphs("cancellation_procedure")
    deadlines = {_SAME_DEADLINE.sub("", m.group(0).lower()) for ps in rule_paragraphs
                 for m in rule.finditer(text, ps.start, ps.end)}  # "på selve samtaledagen" is "på samtaledagen"
    more = finder.lang["box_afbud_more"]
    if len(deadlines) > 1 or any(more.search(text, ps.start, ps.end) for ps in rule_paragraphs):
        return
    if channels:
        ctx["afbud"] = channels
        for sp in spans:  # "senest kl. 9.00 på selve samtaledagen": the line says when, as the letter does
            m = finder.lang["box_cancel_deadline"].search(text, sp.start, sp.end)
            if m:  # "på den pågældende kursusdag" points at no day in the box: "samme dag"
                ctx["afbud_frist"] = finder.lang["box_same_day"].sub("samme dag", m.group(0))
                break
        else:
            start = next((m for sp in spans
                          if (m := finder.lang["box_cancel_deadline_start"].search(text, sp.start, sp.end))), None)
            if start is not None:  # "inden mødets start"
                ctx["afbud_frist"] = start.group(0)


def _frist(finder: _Finder, ctx: dict) -> None:
    deadline = finder.first_in(finder.sentences("response_deadline"),
                               lambda f: (f.kind == "deadline" and f.value.startswith("senest"))
                               or finder.field(f, "deadline_field"))
    if deadline is not None:
        finder.used.append(deadline)
        frist = finder.lang["deadline_lead"].sub("", clean(deadline.text, finder.lang))
        hour = finder.lang["box_deadline_hour"].match(finder.letter.text, deadline.span.end)
        if hour is not None and not frist.rstrip(".").endswith(hour.group(1)):  # "senest mandag den 18. januar
            frist += " " + hour.group(1)  # 2027 kl. 12.00": the hour is part of the deadline (twenty-third panel)
        ctx["frist"] = frist


def _svar(finder: _Finder, ctx: dict) -> None:
    spans = finder.sentences("how_to_respond")
    channels = finder.channels(spans)
    if not channels:
        spans = finder.paragraphs("how_to_respond")
        channels = finder.channels(spans)
    text = finder.letter.text
    if not any(c["kind"] == "phone" for c in channels) and any(
            finder.lang["box_reply_unnamed"].search(text, s.start, s.end) for s in spans):
        return  # "telefonisk til din sagsbehandler eller ved et møde": "i Digital Post" alone would leave them out
    if channels:
        ctx["svar"] = channels


def _beloeb(finder: _Finder, ctx: dict) -> None:
    _amount(finder, ctx, "decision", "amount_period", "beloeb")


def _forslag(finder: _Finder, ctx: dict) -> None:
    """A hearing's proposed sanction in kroner, from the sentence that proposes it (tenth editor panel: the box
    did not say what the hearing is about); without an amount (an ophør), the letter's own "Påtænkt afgørelse: ..."
    row (twentieth editor panel: "Vi vil høre dig" alone hid that the help may stop)."""
    _amount(finder, ctx, "proposed_decision", None, "forslag")
    if "forslag" in ctx:
        return
    text = finder.letter.text
    for m in finder.lang["box_proposal_row"].finditer(text):
        end = text.find("\n", m.end())
        value = clean(text[m.end():len(text) if end == -1 else end], finder.lang)
        if value and len(value) <= MAX_PLACE:
            ctx["forslag_tekst"] = value
            return


def _amount(finder: _Finder, ctx: dict, element_id: str, detail_id: str | None, name: str) -> None:
    text = finder.letter.text
    lang = finder.lang
    decision = finder.sentences(element_id)
    paragraphs = {finder.paragraph_of(s.start).index for s in decision}
    detail = [s for s in finder.sentences(detail_id, paragraphs) if s not in decision] if detail_id else []
    # a sentence that leads in a list ("Det påtænkte fradrag ... vil have følgende omfang:") states its amount in
    # the list lines that follow it (seventeenth editor panel: the hearing's box did not name 1.826,25 kr.)
    for span in decision:
        if text[span.start:span.end].rstrip().endswith(":"):
            para = finder.paragraph_of(span.start)
            detail += [s.span for s in para.sentences if s.span.start >= span.end and s.span not in decision + detail]
    # the decision sentence, else the sentence of the decision's paragraph that states the amount and period
    for span in decision + detail:
        amounts = finder.facts_in([span], lambda f: f.kind == "amount")
        if len({a.value for a in amounts}) > 1:  # a rate beside the total: the total, else none
            after = [a for a in amounts if not lang["box_amount_rate_after"].match(text, a.span.end, span.end)
                     and not lang["box_amount_rate_before"].search(text, span.start, a.span.start)]
            if len({a.value for a in after}) > 1:
                after = [a for a in after if lang["box_amount_total"].search(text, span.start, a.span.start)]
            amounts = after if len({a.value for a in after}) == 1 else []
        if amounts and not lang["box_deduction"].search(text, span.start, span.end):
            return  # the sentence does not say the amount is taken from the help: no line (issue 16)
        if amounts:
            finder.used.append(amounts[0])
            value = clean(amounts[0].text, lang)
            monthly = lang["box_amount_monthly"].match(text, amounts[0].span.end, span.end)  # "om måneden": no one-off
            tax = lang["box_amount_before_tax"].match(text, amounts[0].span.end, span.end)  # "før skat" stays
            ctx[name] = value + (" " + tax.group(1) if tax else "") + (" " + monthly.group(1) if monthly else "")
            if monthly:  # "om måneden, i en periode på tre måneder regnet fra den 1. maj 2027": for how long
                dur = lang["box_amount_duration"].match(text, monthly.end(), span.end)
                if dur is not None:
                    ctx[name] += " i " + " ".join(dur.group("dur").split()) + (
                        " " + " ".join(dur.group("from").split()) if dur.group("from") else "")
            # the sanction kind names the line in the template: a § 39 decision reduces, it does not deduct
            # (twentieth editor panel: "Fradrag: 2.180 kr." for a nedsættelse); the sentence's own word first
            # (thirty-second panel: a § 39 decision whose kind was read from a later warning about an ophør)
            kind = finder.report.sanction_kind.id if finder.report.sanction_kind else None
            if lang["box_amount_reduction"].search(text, span.start, span.end):
                kind = "s39"
            elif lang["box_amount_stop"].search(text, span.start, span.end):
                kind = "s40a"
            ctx["sanktion"] = kind
            return


def _klagefrist(finder: _Finder, ctx: dict) -> None:
    deadline = finder.first_in(finder.sentences("complaint_deadline"),
                               lambda f: f.kind == "deadline" and not f.value.startswith("senest"))
    if deadline is not None:
        finder.used.append(deadline)
        value = clean(deadline.text, finder.lang)
        # "4 uger" counts from something: the sentence's own "efter, at du har fået dette brev", copied
        anchor = finder.lang["box_deadline_anchor"].match(finder.letter.text, deadline.span.end)
        if anchor is not None:
            tail = clean(anchor.group(0), finder.lang)
            value += tail if tail.startswith(",") else f" {tail}"
        else:
            return  # "senest 4 uger" without what it counts from says nothing (issue 16)
        ctx["klagefrist"] = value


def _telefon(finder: _Finder, ctx: dict) -> None:
    contact_roles = [p.span for p in finder.letter.paragraphs if p.role in ("contact", "help") and p.index in finder.body]
    phone = (finder.first_in(finder.sentences("contact"), finder.is_phone)
             or finder.first_in(finder.paragraphs("contact"), finder.is_phone)
             or finder.first_in(contact_roles, finder.is_phone))
    if phone is None:
        return
    value = clean(phone.text, finder.lang)
    if any(c["kind"] == "phone" and c["text"] == value for c in [*ctx.get("svar", []), *ctx.get("afbud", [])]):
        return  # the number is already the box's line for replying or cancelling
    finder.used.append(phone)
    ctx["telefon"] = value


_BOX_FIELDS = {"hvad": _hvad, "naar": _naar, "hvor": _hvor, "afbud": _afbud, "frist": _frist, "svar": _svar,
               "beloeb": _beloeb, "forslag": _forslag, "klagefrist": _klagefrist, "telefon": _telefon}
assert set(_BOX_FIELDS) == set(BOX_FIELDS), "rewriter.rules.rulebook.BOX_FIELDS lists the box's fields"
