"""Rewrite proposals: modes, fixes and the safety check, in one place.

Requires: a letter (text, path or :class:`Letter`).  Produces: a
:class:`Proposal` with the new text, the fixes (edits against the ORIGINAL
text, each with an honest applicability) and the :class:`Guard`.

Modes:

* ``restructure``: key message first, consequence after the help
  (:mod:`.restructure`), plus the "Kort fortalt" box (:mod:`.summary`);
* ``plain``: lexicon swaps and du-form (:mod:`.plain`), safe and review ones
  applied, display-only ones listed;
* ``default``: ``restructure`` plus the safe part of ``plain``, its sentence splits and lists and its
  passive-to-active changes (``review`` fixes; see ``DEFAULT_REVIEW_ORIGINS``).

The ``template`` mode (a model letter for the type, filled with the facts) was retired
(issue 16, item 3): its model-letter sentences trace to no sentence of the original, so the
provenance check refused every proposal, and an editor found invented statements in them.
``propose(..., "template")`` raises the usage error C309 saying so (:data:`RETIRED_MODES`).

Every proposal is checked by :func:`.safety.guard` on the checker's own report of
the result (facts, elements, LIX, stability, Danish grammar, and the provenance of every
sentence, :mod:`.provenance`); one that fails has all its fixes downgraded to display-only
and is never offered: its JSON ``text`` is the original letter, the rejected text is
``rejected_text``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, replace
from typing import Any

from rewriter.rewrite.edits import apply
from rewriter.analysis.pipeline import check
from rewriter.model import Applicability, Edit, Fix, Letter, Report, Span
from rewriter.io.reader import letter_from_text
from rewriter.rules.language import language
from rewriter.rules.rulebook import load_rulebook
from rewriter.rewrite.plain import plain_fixes
from rewriter.rewrite.plan import Block, moves, original_blocks, with_edits
from rewriter.rewrite.provenance import SentenceSource, trace
from rewriter.rewrite.restructure import back_drops, back_openings, inverted_opening, new_order, unpin_edits
from rewriter.rewrite.voice import ORIGIN as VOICE_ORIGIN
from rewriter.rewrite.voice import keeps_third_person
from rewriter.rewrite.safety import Guard, guard
from rewriter.rewrite.summary import summary_block

MODES = ("default", "restructure", "plain")
# modes taken out: the reason and what to use instead (C309), for the CLI, the web app and the API alike
RETIRED_MODES = {
    "template": ("Omskrivningstilstanden 'template' (modelbrev for brevtypen) er taget ud: et modelbrev siger "
                 "brevets indhold med andre ord, så dets sætninger ikke kan spores til det oprindelige brev, og "
                 "det kunne tilføje udsagn, som brevet ikke har.",
                 "Brug --mode default (hovedbudskab først og sikre sprogrettelser), restructure eller plain. "
                 "Manglende afsnit tilføjes som rettelser fra 'rewriter check'."),
}
SCHEMA = "rewriter.rewrite/1"


@dataclass(frozen=True)
class Proposal:
    text: str
    mode: str
    fixes: tuple[Fix, ...]
    guard: Guard
    report: Report  # of the original letter
    blocks: tuple[Block, ...] = ()  # the plan (restructure/default), for writers that keep formatting
    after: Report | None = None  # the checker's report of the proposed text
    fallback_reasons: tuple[str, ...] = ()  # why the fuller proposal was not offered (a smaller one was)
    sources: tuple[SentenceSource, ...] = ()  # where each sentence of ``text`` comes from (provenance)

    @property
    def offered(self) -> bool:
        return self.guard.passed and any(f.applicability != Applicability.DISPLAY_ONLY for f in self.fixes)

    @property
    def changed(self) -> bool:
        return self.text != self.report.letter.text

    def to_dict(self) -> dict[str, Any]:
        """The wire format ``rewriter.rewrite/1``.  A proposal that failed the safety check is never
        offered: ``text`` is then the original letter and the rejected text is ``rejected_text``."""
        d = {
            "schema": SCHEMA,
            "source": self.report.letter.source,
            "letter_type": self.report.letter_type,
            "offered": self.offered,
            "text": self.text if self.guard.passed else self.report.letter.text,
            "mode": self.mode,
            "fixes": [f.to_dict() for f in self.fixes],
            "guard": self.guard.to_dict(),
            "fallback_reasons": list(self.fallback_reasons),
        }
        if self.guard.passed:
            d["sentences"] = [s.to_dict(self.report) for s in self.sources]
        else:
            d["rejected_text"] = self.text
        return d


def _edits(fixes) -> list[Edit]:
    return [e for f in fixes if f.applicability != Applicability.DISPLAY_ONLY for e in f.edits]


def plan_fixes(report: Report, mode: str, rules_dir, *, box: bool = True, restructure: bool = True,
               exclude: frozenset[int] = frozenset(), voice: bool = True) -> tuple[list[Fix], list[Block]]:
    """The fixes of ``mode`` for ``report``'s letter (no safety check yet) and the block plan.

    ``box=False`` leaves out the "Kort fortalt" box, ``restructure=False`` the moves
    (the fallbacks :func:`propose` tries when the full proposal fails the check);
    ``exclude`` lists paragraphs whose wording must not change; ``voice=False`` leaves out the sender's "vi"
    (:mod:`.voice`).
    """
    letter = report.letter
    plain: list[Fix] = []
    every: list[Fix] = []
    if mode in ("plain", "default"):
        every = plain_fixes(report, rules_dir)
        plain = [f for f in every
                 if voice or f.origin != VOICE_ORIGIN
                 if (_wanted(f, mode) and not any(_paragraph_of(letter, e.span) in exclude for e in f.edits))
                 or f.applicability == Applicability.DISPLAY_ONLY]
    applicable = [f for f in plain if f.applicability != Applicability.DISPLAY_ONLY]
    if mode in ("plain", "default"):
        every = every if exclude else []  # (without paragraphs kept as they were, nothing was left out)
        applicable = _address_all_or_none(every, applicable)
        # the sender's "vi" too: a paragraph kept as it was keeps its "jobcentret", so no other paragraph says "vi"
        # (thirtieth panel, 5806: plain's fallback said "vi" in four paragraphs and "jobcentret" in the fifth)
        if voice and any(f.origin == VOICE_ORIGIN and f.applicability != Applicability.DISPLAY_ONLY
                         and f not in applicable for f in every):
            applicable = [f for f in applicable if f.origin != VOICE_ORIGIN]
    suggestions = [f for f in plain if f.applicability == Applicability.DISPLAY_ONLY]
    if mode == "plain" or not restructure:
        return applicable + suggestions, []
    order = new_order(report)
    if order is None:
        return applicable + suggestions, []
    base = original_blocks(letter)
    blocks = [base[i] for i in order]
    # a De-form letter that the proposal turns to du as a whole (all the du-form swaps or none: _address_all_or_none)
    # gets the box as well (twenty-second panel: no box in the De-form letters, which gained least)
    from rewriter.rewrite.plain import ADDRESS_ORIGIN

    box = summary_block(report, du_form=any(f.origin == ADDRESS_ORIGIN for f in applicable)) if box else None
    # the box speaks as "vi": not in a letter that keeps calling its sender "jobcentret" (twenty-third panel)
    if box is not None and not any(f.origin == VOICE_ORIGIN for f in applicable) \
            and keeps_third_person(report, rules_dir, swapped=False):
        box = None
    if box is not None:
        key = report.placement.key_message_paragraph
        at = order.index(key) + 1
        while at < len(order) and _rank_before_box(report, order, at):
            at += 1
        blocks.insert(at, box)
    du_form = any(f.origin == ADDRESS_ORIGIN for f in applicable)
    subject_fix = _neutral_subject(report, exclude, rules_dir, du_form)
    if subject_fix is not None and subject_fix.origin == "restructure:emne-flyttet":
        moved_text = subject_fix.reasons[0].strip().rstrip(".!") + "."
        subject_fix = replace(subject_fix, reasons=())
        threats = set(report.placement.threat_paragraphs)
        body = set(report.placement.body_paragraphs)
        key = report.placement.key_message_paragraph
        after_key = next((k for k, b in enumerate(blocks) if b.source == key), 0) + 1
        at = next((k for k, b in enumerate(blocks) if k > after_key and b.source in threats and b.source in body),
                  None)
        if at is None:  # no warning in the body: before the sign-off
            closing = next((k for k, b in enumerate(blocks) if b.source is not None
                            and letter.paragraphs[b.source].role == "closing"), len(blocks))
            at = closing
        blocks.insert(at, Block(None, moved_text, origin="subject"))
    if subject_fix is not None:  # the neutral subject replaces the line: no swaps inside it
        # a du-form swap inside the old subject line goes with it (the neutral subject is in the proposal's form
        # already): the rest of the letter still turns to du (rewrite_heldout29 5704 stayed in De-form under a
        # subject that said "din", and a second proposal turned it: unstable); any other fix there goes whole
        def inside(e: Edit) -> bool:
            return any(e.span.overlaps(s.span) for s in subject_fix.edits)

        kept = [replace(f, edits=tuple(e for e in f.edits if not inside(e))) if f.origin == ADDRESS_ORIGIN else f
                for f in applicable]
        kept = [f for f in kept if f.edits and not any(inside(e) for e in f.edits)]
        applicable = _address_all_or_none([f for f in applicable if f.origin != ADDRESS_ORIGIN], kept)
    swap_edits = _edits(applicable)
    # a moved paragraph no longer stands first: its "indledningsvis" goes, and a pointer forward at the key message
    # points back (restructure.unpin_edits)
    body = set(report.placement.body_paragraphs)
    first_body = next((b.source for b in blocks if b.source is not None and b.source in body), None)
    unpin = [e for b in blocks if b.source is not None and b.source != first_body
             for e in unpin_edits(report, b.source) or ()]
    if first_body is not None and first_body != min(body):  # moved up to the top: an opening that pointed back
        unpin += back_openings(report, first_body)  # at what now follows it is turned around
        unpin += back_drops(report, first_body)  # ... and a pointer back inside it goes

    unpin, consumed = _composed(report, letter, unpin, swap_edits)
    if consumed:  # the swaps now inside a turned opening are part of it, in every fix
        applicable = [replace(f, edits=tuple(e for e in f.edits if e not in consumed)) for f in applicable]
        applicable = [f for f in applicable if f.edits]
        swap_edits = [e for e in swap_edits if e not in consumed]
    swap_edits = [e for e in swap_edits if not any(e.span.overlaps(u.span) for u in unpin)] + unpin
    blocks = [with_edits(letter, b, swap_edits + (list(subject_fix.edits) if subject_fix else []))
              if b.source is not None else b for b in blocks]
    stay, move_edits, _inner = moves(letter, blocks)
    fixes: list[Fix] = []
    kept_unpin = tuple(u for u in unpin if _paragraph_of(letter, u.span) in stay)
    if kept_unpin:  # a paragraph that stays where it is while the key message moves above it
        fixes.append(Fix("Stryg 'indledningsvis': afsnittet står ikke længere først", kept_unpin,
                         Applicability.REVIEW, origin="restructure:indledningsvis"))
    box_edits = [e for e in move_edits if box is not None and e.span.start == e.span.end
                 and e.replacement.strip() == box.text]
    real_moves = [e for e in move_edits if e not in box_edits]
    if box_edits and any(e.span == box_edits[0].span for e in real_moves):
        real_moves, box_edits = move_edits, []  # same anchor as moved paragraphs: one fix keeps their order
    if real_moves:
        moved_swaps = any(b.edits for b in blocks if b.source is not None and b.source not in stay)
        title = "Sæt hovedbudskabet først og konsekvensen efter hjælpen"
        if box is not None and not box_edits:
            title += ", og indsæt 'Kort fortalt'"
        if moved_swaps:
            title += " (med de sikre sproglige rettelser i de flyttede afsnit)"
        fixes.append(Fix(title, tuple(sorted(real_moves, key=lambda e: (e.span.start, e.span.end))),
                         Applicability.REVIEW, origin="restructure"))
    if box_edits:
        fixes.append(Fix("Indsæt en 'Kort fortalt'-boks med brevets vigtigste fakta", tuple(box_edits),
                         Applicability.REVIEW, origin="restructure:kort-fortalt"))
    if subject_fix is not None:
        fixes.append(subject_fix)
    for f in applicable:  # swaps in paragraphs that stay; swaps in moved ones travel with the move
        if all(_paragraph_of(letter, e.span) in stay for e in f.edits):
            fixes.append(f)
    return fixes + suggestions, blocks


def _composed(report: Report, letter: Letter, unpin: list[Edit], swaps: list[Edit]) -> tuple[list[Edit], set[Edit]]:
    """``unpin`` with each turned opening ("Indledningsvis skal jobcentret" -> "Jobcentret skal") that a swap falls
    inside (the sender's "vi" for "jobcentret") made with that swap ("Vi skal"), and the swaps so used."""
    out, consumed = [], set()
    for u in unpin:
        inner = sorted((e for e in swaps if e.span.overlaps(u.span)),
                       key=lambda e: (e.span.start, e.span.end))
        if u.replacement and inner and all(u.span.start <= e.span.start and e.span.end <= u.span.end for e in inner):
            local = tuple(Edit(Span(e.span.start - u.span.start, e.span.end - u.span.start), e.replacement)
                          for e in inner)
            turned = inverted_opening(report, apply(letter.text[u.span.start:u.span.end], local))
            if turned is not None:
                out.append(Edit(u.span, turned))
                consumed.update(inner)
                continue
        out.append(u)
    return out, consumed


# ``default`` also applies these ``review`` fixes (:mod:`.split`): sentence splits and lists, which keep
# every word and only cut a sentence where the grammar guard accepts the pieces, and passive to active
# where the sender acts.  They stay labelled ``review`` (a caseworker reviews every proposal; README,
# "Which review fixes default applies"); ``review`` word swaps stay ``plain`` only.  The sender's "vi" (:mod:`.voice`)
# too: the sender acts and speaks as "vi" already in the active-voice changes, and a letter is turned as a whole.
DEFAULT_REVIEW_ORIGINS = ("plain:split", "plain:liste", "plain:aktiv", "plain:vi")


def _address_all_or_none(before, kept: list[Fix]) -> list[Fix]:
    """``kept`` without any du-form swap when one of ``before``'s du-form swaps is not in it: a letter is
    all du-form or left formal, never De in one paragraph and du in another (issue 16)."""
    from rewriter.rewrite.plain import ADDRESS_ORIGIN

    wanted = [f for f in before if f.origin == ADDRESS_ORIGIN and f.applicability != Applicability.DISPLAY_ONLY]
    if any(f not in kept for f in wanted):
        return [f for f in kept if f.origin != ADDRESS_ORIGIN]
    return kept


def _wanted(f: Fix, mode: str) -> bool:
    if f.applicability == Applicability.SAFE:
        return True
    if f.applicability != Applicability.REVIEW:
        return False
    return mode == "plain" or f.origin.startswith(DEFAULT_REVIEW_ORIGINS)


_SECTION_NUMBER = re.compile(r"\s*(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]\s+\S", re.I)


def _neutral_subject(report: Report, exclude: frozenset[int], rules_dir=None, du_form: bool = False) -> Fix | None:
    """A neutral subject line (``letter_templates/subjects/<type>.j2``) when the subject line itself
    carries the warning: the head never moves, so this is the only way the threat stops preceding
    the key message.  Review only; the guard checks that the subject's facts are still in the letter.
    The subject addresses the reader as the proposal does (:func:`address_form`; ``du_form``: the proposal turns
    the letter from De to du): a De-form letter that stays in De-form gets "Deres side af sagen", not "din"
    (rewrite_heldout29 5704: a mixed letter, unstable)."""
    from rewriter.rules.resources import templates_dir
    from rewriter.rules.templates import render_template

    from rewriter.rewrite.restructure import body_range, pre_body

    threats = set(report.placement.threat_paragraphs)
    rng = body_range(report)
    if rng is None or report.letter_type == "unknown":
        return None
    lt = report.rulebook.letter_types.get(report.letter_type)
    if lt is not None and lt.decides:
        return None  # a decision's subject names what was decided ("Afgørelse om fradrag ..."): no warning to hide
    name = f"{report.letter_type}.j2"
    if not (templates_dir() / "subjects" / name).is_file():
        return None
    letter = report.letter
    pre = set(pre_body(report))
    subject_cfg = load_rulebook(rules_dir).roles.subject
    if subject_cfg is None:
        return None
    for p in letter.paragraphs[: rng[0]]:  # the head: letterhead, recipient, date, subject, greeting
        if p.index not in threats or p.index in pre or p.role == "greeting":
            continue
        raw = p.span.slice(letter.text)
        lines = raw.split("\n")
        labelled = [k for k, line in enumerate(lines) if subject_cfg.labelled.match(line)]
        if len(lines) > 1 and not labelled:
            continue
        k = labelled[0] if labelled else 0
        if _SECTION_NUMBER.match(lines[k]):
            continue  # "1. Påtænkt afgørelse" is a section's heading: renamed, the sections would run 2 to 6
        start = p.span.start + sum(len(line) + 1 for line in lines[:k])
        label = subject_cfg.labelled.match(lines[k])
        start += label.end() if label else 0
        end = p.span.start + sum(len(line) + 1 for line in lines[: k + 1]) - 1
        new = render_template("subjects", name, {"form": address_form(report, du_form, rules_dir)})
        if p.index in exclude:  # the subject holds a fact or an element found nowhere else: it moves down
            return Fix("Gør emnelinjen neutral, og flyt advarslen ned til konsekvensen",
                       (Edit(Span(start, end), new),), Applicability.REVIEW, origin="restructure:emne-flyttet",
                       reasons=(letter.text[start:end],))
        return Fix("Gør emnelinjen neutral: advarslen står i brevet, ikke i emnet",
                   (Edit(Span(start, end), new),), Applicability.REVIEW, origin="restructure:emne")
    return None



def address_form(report: Report, du_form: bool = False, rules_dir=None) -> str:
    """How a proposal addresses the reader: "I" in a letter to more than one reader ("I", "jer"), "De" in a
    De-form letter (and no "du") that the proposal leaves in De-form, else "du".  (Not the check's count of formal
    address, which also counts a "DE" in a line in capitals: "FOR DE DAGE, DU MØDER OP".)"""
    from rewriter.rewrite.grammar import address_forms, grammar

    text = report.letter.text
    lang = report.rulebook.language if report.rulebook is not None and report.rulebook.language else language()
    if lang["box_plural_address"].search(text) and lang["plural_address_subject"].search(text):
        return "I"
    if not du_form and address_forms(text, grammar(rules_dir or load_rulebook(None).path)) == {"formal"}:
        return "De"
    return "du"


def _rank_before_box(report: Report, order: list[int], at: int) -> bool:
    """True while ``order[at]`` is a paragraph that belongs with the key message (no role of its own, or
    one that refers back to the paragraph right before it: the box never comes between the two)."""
    from rewriter.rewrite.restructure import is_heading, refers_back, refers_forward

    p = report.letter.paragraphs[order[at]]
    if is_heading(report, order[at]):
        return False  # the box comes before a heading, never between a heading and its text (twentieth panel: after
        # "... de oplysninger, der er beskrevet nedenfor" it went under the heading "Oplysninger i sagen")
    if refers_forward(report, order[at - 1]):
        return True  # "som fremgår af nedenstående oversigt": the box never comes between it and the table (panel 6)
    if order[at] - 1 == order[at - 1] and refers_back(report, order[at]):
        return True
    return p.role == "other" and order[at] in report.placement.body_paragraphs


def _paragraph_of(letter: Letter, span: Span) -> int | None:
    for p in letter.paragraphs:
        if p.span.start <= span.start and span.end <= p.span.end:
            return p.index
    return None


def text_of(letter: Letter, fixes) -> str:
    edits = sorted(_edits(fixes), key=lambda e: (e.span.start, e.span.end))
    return apply(letter.text, edits)


def recheck(report: Report, text: str, mode: str, rules, profile, rules_dir,
            variant: dict | None = None, fixes=None, blocks=()) -> tuple[Guard, Report]:
    """The guard for ``text`` proposed for ``report``'s letter, and the checker's report of ``text``.

    ``text`` is checked with the original letter type, profile and rules date; it is
    stable when proposing again (``mode`` with ``variant``) on it changes nothing.  With
    ``fixes`` (and the block plan) every sentence is traced to the original
    (:func:`.provenance.trace`); without (the local language model) it is not.
    """
    return _recheck(report, text, mode, rules, profile, rules_dir, variant, fixes, blocks)[:2]


def _recheck(report: Report, text: str, mode: str, rules, profile, rules_dir, variant=None, fixes=None,
             blocks=()) -> tuple[Guard, Report, tuple[SentenceSource, ...]]:
    if text == report.letter.text:
        return guard(report, report, True), report, ()
    letter = letter_from_text(text, source=report.letter.source)
    lt = report.letter_type if report.letter_type != "unknown" else None
    after = check(letter, lt, rules=rules, profile=profile, date=report.rules_date)
    # stable: proposing again changes nothing.  The box is left out of the second plan: it is a labelled addition
    # accepted on its own, and a letter that the du-form swap turned from De to du may get one only now.  So is the
    # sender's "vi": it is decided on the original letter as a whole (one "jobcentret" the first plan could not
    # place keeps all of them), and the other swaps may only now make the words around that one decidable
    again = plan_fixes(after, mode, rules_dir, **{**(variant or {}), "box": False, "voice": False})[0]
    sources = None
    if fixes is not None:
        sources = trace(report, after, fixes, blocks)
    return guard(report, after, text_of(after.letter, again) == after.letter.text, sources), after, sources or ()


def propose(source: str | os.PathLike | Letter | Report, mode: str = "default", *, letter_type: str | None = None,
            rules: str | os.PathLike | None = None, profile: str | None = None,
            date: str | dt.date | None = None, verify: bool = True) -> Proposal:
    """Propose a rewrite of ``source`` in ``mode`` and run the safety check on it."""
    check_mode(mode)
    report = source if isinstance(source, Report) else check(source, letter_type, rules=rules, profile=profile,
                                                              date=date)
    rules_dir = load_rulebook(rules).path
    fixes, blocks = plan_fixes(report, mode, rules_dir)
    text = text_of(report.letter, fixes)
    if not verify:
        return Proposal(text, mode, tuple(fixes), Guard(True), report, tuple(blocks))
    first = None
    for variant in _VARIANTS[mode]:
        if variant:
            fixes, blocks = plan_fixes(report, mode, rules_dir, **variant)
        candidate = _verified(report, mode, fixes, blocks, rules, profile, rules_dir, variant or {})
        culprits = culprit_paragraphs(report, candidate.guard)
        if not candidate.guard.passed and culprits:  # keep the wording where an element or fact got lost
            v = {**(variant or {}), "exclude": culprits}
            fixes, blocks = plan_fixes(report, mode, rules_dir, **v)
            retry = _verified(report, mode, fixes, blocks, rules, profile, rules_dir, v)
            first = first or candidate
            candidate = retry
        if candidate.guard.passed:
            if first is not None:
                candidate = replace(candidate, fallback_reasons=first.guard.reasons)
            return candidate
        first = first or candidate
    g = first.guard
    fixes = [replace(f, applicability=Applicability.DISPLAY_ONLY, reasons=f.reasons + g.reasons)
             if f.applicability != Applicability.DISPLAY_ONLY else f for f in first.fixes]
    return replace(first, fixes=tuple(fixes))


# What to try, in order, until a proposal passes the check: everything, then
# without the box, then without the moves.  None means "the plan already made".
_VARIANTS = {
    "default": (None, {"box": False}, {"box": False, "restructure": False}),
    "restructure": (None, {"box": False}),
    "plain": (None,),
}


def check_mode(mode: str) -> None:
    """C309 for a mode that is not one of :data:`MODES`; a retired mode says why and what to use instead."""
    if mode in MODES:
        return
    from rewriter.errors import UsageError

    if mode in RETIRED_MODES:
        message, hint = RETIRED_MODES[mode]
        raise UsageError(message, code="C309", hint=hint)
    raise UsageError(f"Ukendt omskrivningstilstand '{mode}'.", code="C309", hint=f"Brug en af: {', '.join(MODES)}.")


def culprit_paragraphs(report: Report, g: Guard) -> frozenset[int]:
    out: set[int] = set()
    for e in report.elements:
        if e.id in g.elements_lost:
            out.update(e.paragraphs)
    values = {(f["kind"], f["value"]) for f in g.facts_missing}
    for f in report.facts:
        if (f.kind, f.value) in values:
            p = _paragraph_of(report.letter, f.span)
            if p is not None:
                out.add(p)
    sentences = report.letter.sentences
    for k in g.culprit_sentences:  # a sentence whose rewrite introduced a grammar error keeps its wording
        if k < len(sentences):
            p = _paragraph_of(report.letter, sentences[k].span)
            if p is not None:
                out.add(p)
    return frozenset(out)


def _verified(report: Report, mode: str, fixes, blocks, rules, profile, rules_dir, variant) -> Proposal:
    text = text_of(report.letter, fixes)
    g, after, sources = _recheck(report, text, mode, rules, profile, rules_dir, variant, fixes, blocks)
    return Proposal(text, mode, tuple(fixes), g, report, tuple(blocks), after, sources=sources)
