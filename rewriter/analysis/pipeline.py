"""The check pipeline: letter -> report.  This module lists the stages in order; each stage is a module
that says what it requires and produces.

====  ==========================================  ==================================================================
step  stage                                       requires -> produces
====  ==========================================  ==================================================================
1     :mod:`rewriter.io.reader`                   text or file -> Letter (normalised text, paragraphs, sentences,
                                                  merge fields), segmented by :mod:`rewriter.analysis.segment`
2     :mod:`rewriter.analysis.readability`        Letter -> Metrics, ParagraphMetrics, language-feature hits
3     :mod:`rewriter.analysis.zones`              Letter -> head / heading / body / closing per paragraph
4     :mod:`rewriter.analysis.folding`            Letter -> the case-folded text rule patterns match
5     :mod:`rewriter.analysis.lettertype`         Letter -> letter type, confidence and scores (unless given)
6     :func:`find_letter_date` (here)             Letter, zones -> the letter's own date (which rules are in force)
7     :mod:`rewriter.analysis.elements`           Letter, type, date -> ElementResult per element (shared cache)
8     :mod:`rewriter.analysis.structure`          -> Structure: roles, threat paragraphs, key message
9     :mod:`rewriter.analysis.placement`          Structure -> Placement (preview, first screen, score)
10    :mod:`rewriter.analysis.questions`          Structure -> the citizen's questions and their answers
11    :mod:`rewriter.analysis.checks`             everything above -> findings (missing and partial elements, checks,
                                                  a municipality profile's levels)
12    :mod:`rewriter.analysis.facts`              Letter -> facts (on first use, for the rewrite stage)
====  ==========================================  ==================================================================

All Danish language data the stages use comes from the rules folder's ``language/da.yml``
(:mod:`rewriter.rules.language`); the rules themselves from the rest of the folder (:mod:`rewriter.rules.rulebook`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import replace
from pathlib import Path

from rewriter.analysis.checks import CheckContext, run_check
from rewriter.analysis.checks.required import missing_element_findings, partial_findings, wrong_findings
from rewriter.analysis.dates import find_dates
from rewriter.analysis.facts import extract_facts
from rewriter.analysis.elements import ElementCache, ElementResult, detect_element, subject_line, with_paragraphs
from rewriter.analysis.learned import Scorer, candidates
from rewriter.errors import UsageError
from rewriter.analysis.folding import fold_text
from rewriter.analysis.lettertype import detect_letter_type
from rewriter.rules.lexicon import load_lexicon
from rewriter.model import ElementStatus, Finding, Letter, Level, Notice, Report, Span
from rewriter.analysis.placement import compute_placement
from rewriter.analysis.questions import answer_questions
from rewriter.analysis.readability import compute_metrics
from rewriter.analysis.sanction_kind import detect_sanction_kind
from rewriter.io.reader import letter_from_text, read_letter
from rewriter.rules.language import Language, language
from rewriter.rules.rulebook import ElementUse, Rulebook, load_rulebook
from rewriter.analysis.structure import analyse as analyse_structure
from rewriter.analysis.structure import with_roles
from rewriter.io.textio import DEFAULT_MAX_CHARS
from rewriter.analysis.zones import paragraph_zones



def load_source(source: str | os.PathLike | Letter, max_chars: int = DEFAULT_MAX_CHARS) -> Letter:
    """A :class:`Letter` from a Letter, a path, or the text of a letter."""
    if isinstance(source, Letter):
        return source
    if isinstance(source, os.PathLike):
        return read_letter(source, max_chars)
    if isinstance(source, str):
        if "\n" not in source and len(source) < 4096 and source.strip() and _is_existing_path(source):
            return read_letter(source, max_chars)
        return letter_from_text(source, "<text>", max_chars=max_chars)
    raise UsageError(f"Kan ikke tjekke et objekt af typen {type(source).__name__}.", code="C301",
                     hint="Giv en tekst, en sti eller et Letter.")


def _is_existing_path(text: str) -> bool:
    """Whether one line of text names an existing file; a line too long for a file name is text."""
    try:
        return Path(text).exists()
    except (OSError, ValueError):  # ENAMETOOLONG, a NUL byte
        return False


def validate_letter_type(letter_type: str | None, rules: str | os.PathLike | Rulebook | None = None) -> str | None:
    """``letter_type`` if it is one of the rulebook's letter types (letter_types.yml) or ``unknown``."""
    if letter_type is None or letter_type == "unknown":
        return letter_type
    rulebook = rules if isinstance(rules, Rulebook) else load_rulebook(rules)
    if letter_type in rulebook.letter_types:
        return letter_type
    raise UsageError(f"Ukendt brevtype '{letter_type}'.", code="C302",
                     hint=f"Brug en af: {', '.join(rulebook.letter_types)}, unknown.")


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"'{value}' er ikke en dato.", code="C305", hint="Skriv datoen som 2026-12-07.") from None


def find_letter_date(letter: Letter, zones: tuple[str, ...],
                     lang: Language | None = None) -> tuple[dt.date | None, Span | None]:
    """The letter's own date: a "Dato: ..." or "By, den ..." line, or a date alone on a line, in the head
    (or a "Sendt ..." line below the signature); the patterns are in rules/language/da.yml."""
    lang = lang or language()
    date_line, sent_line, after_date = lang["date_line_prefix"], lang["sent_line"], lang["after_date"]
    text = letter.text
    for p in letter.paragraphs:
        if zones[p.index] not in ("head", "closing"):
            continue
        offset = p.span.start
        for line in p.span.slice(text).split("\n"):
            prefix = date_line.match(line).end()
            if zones[p.index] == "closing" and not sent_line.match(line):
                offset += len(line) + 1
                continue
            for d in find_dates(line[prefix:], lang=lang):
                if d.span.start == 0 and d.date and not after_date.sub("", line[prefix + d.span.end:]).strip(" .,"):
                    start = offset + prefix + d.span.start
                    return d.date, Span(start, start + len(d.text))
            offset += len(line) + 1
    return None, None


def _element_use(use: ElementUse, element, letter_type: str, kind: str | None, profile, law, on) -> ElementUse:
    """The element's use in this letter: its sanction kind's legal basis (``by_kind``), the law's word for
    the authority on the letter's date, a profile's level, and not confirmed after the law was last read."""
    over = element.by_kind.get(kind) if kind else None
    legal_basis = (over.legal_basis if over and over.legal_basis else use.legal_basis)
    confirmed = over.confirmed if over and over.confirmed is not None else use.confirmed
    level = over.level if over and over.level else use.level
    level = profile.element_levels.get((element.id, letter_type), level) if profile else level
    return ElementUse(level, legal_basis.replace("{myndighed}", law.authority_word(on)),
                      confirmed and law.confirmed_on(on), use.note, use.when)


def _elements(letter, folded, zones, letter_type, kind, on, rulebook: Rulebook, profile,
              cache: ElementCache) -> dict[str, ElementResult]:
    results = {}
    for e in rulebook.elements:
        use = e.applies_to.get(letter_type)
        if use is None or e.rule.status != "active" or not e.rule.in_force(on):
            continue
        if e.applies_when is not None and not e.applies_when.found(folded):
            continue
        if use.when is not None and not use.when.found(folded):
            continue
        if e.kinds and kind not in e.kinds:
            continue
        results[e.id] = detect_element(letter, folded, zones, e,
                                       _element_use(use, e, letter_type, kind, profile, rulebook.law, on), cache,
                                       letter_type, kind, on)
    subject = None if cache.subject is ElementCache.UNKNOWN else cache.subject
    return _with_evidence(letter, folded, zones, subject, results, letter_type, kind)


def _with_evidence(letter, folded, zones, subject, results: dict[str, ElementResult], letter_type,
                   kind) -> dict[str, ElementResult]:
    """The learned signal (:mod:`rewriter.analysis.learned`) for the elements the patterns miss: the closest
    candidate as evidence, or the element present in the candidate's paragraph where the model is sure enough;
    for a partial element, the sentence of its paragraphs that reads most like it."""
    scorer = None
    for eid, res in sorted(results.items(), key=lambda kv: kv[1].element.part_of is not None):  # parents first
        if res.status not in ("missing", "partial") or res.use.level == "off":
            continue
        parent = results.get(res.element.part_of) if res.element.part_of else None
        if res.status == "missing" and parent is not None and parent.status == "missing":
            continue  # the parent's finding covers it
        if scorer is None:
            scorer = Scorer(letter, folded)
        if not scorer.has_model(eid):
            continue
        if res.status == "partial":  # found by a pattern: the evidence only shows where
            ev = scorer.closest(eid, res.paragraphs)
            results[eid] = replace(res, evidence=replace(ev, learned=False) if ev is not None else None)
            continue
        ev = scorer.closest(eid, candidates(res.element, zones, subject))
        if ev is None:
            continue
        if ev.learned:
            found = with_paragraphs(letter, folded, res.element, res.use, (ev.paragraph,), (), letter_type, kind, ev)
            if found.status == "present":  # present only with every required part there: else still missing
                results[eid] = found
                continue
            ev = replace(ev, learned=False)
        results[eid] = replace(res, evidence=ev)
    return results


def check(source: str | os.PathLike | Letter, letter_type: str | None = None, *,
          rules: str | os.PathLike | None = None, profile: str | None = None,
          date: str | dt.date | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Report:
    """Check one letter and return its :class:`Report`.

    ``source`` is the letter text, a path to a .txt/.md/.docx file, or a
    :class:`Letter`.  ``letter_type`` overrides detection; ``profile`` names a
    municipality profile in ``rules/profiles/``; ``date`` selects the rules in
    force on that date (default: the letter's own date, else today).  ``Report.facts``
    are extracted when first asked for.
    """
    on_date = parse_date(date)
    rulebook = load_rulebook(rules)
    letter_type = validate_letter_type(letter_type, rulebook)
    prof = None
    if profile and profile != "standard":
        prof = rulebook.profiles.get(profile)
        if prof is None:
            raise UsageError(f"Ukendt profil '{profile}'.", code="C304",
                             hint=f"Brug en af: standard, {', '.join(sorted(rulebook.profiles))}.")
    letter = load_source(source, max_chars)
    lex = load_lexicon(rulebook.path)
    metrics, per_paragraph, hits = compute_metrics(letter, lex, rulebook.language)
    lang = rulebook.language
    zones = paragraph_zones(letter, lang)
    folded = fold_text(letter)  # what rule patterns are matched against (same offsets as letter.text)
    cache = ElementCache(subject_line(letter, zones, rulebook.roles.subject if rulebook.roles else None))
    if letter_type:
        confidence, scores = 1.0, {}
    else:
        letter_type, confidence, scores = detect_letter_type(letter, folded, rulebook, zones, cache)
    notices = list(letter.notices) + type_notices(letter_type, confidence, scores, rulebook)
    letter_date, letter_date_span = find_letter_date(letter, zones, lang)
    on = on_date or letter_date or dt.date.today()
    structure = analyse_structure(letter, folded, zones, letter_type, rulebook, cache, letter_date_span)
    sanction_kind = detect_sanction_kind(letter, folded, letter_type, rulebook, structure)
    kind = sanction_kind.id if sanction_kind else None
    elements = _elements(letter, folded, zones, letter_type, kind, on, rulebook, prof, cache)
    letter = with_roles(letter, structure.roles)
    placement = compute_placement(letter, folded, structure, rulebook.type_config(letter_type),
                                  rulebook.roles.placement, rulebook.roles.tone_words,
                                  rulebook.roles.threat_patterns)
    questions = answer_questions(letter, structure, letter_type, rulebook.roles.questions)
    ctx = CheckContext(letter, folded, zones, letter_type, on, letter_date, letter_date_span, elements, hits,
                       rulebook, prof.name if prof else None, placement, sanction_kind)
    findings: list[Finding] = missing_element_findings(ctx) + partial_findings(ctx) + wrong_findings(ctx)
    rules_to_run = list(rulebook.checks) + (list(prof.constraints) if prof else [])
    for rule in rules_to_run:
        if rule.status != "active" or not rule.in_force(on):
            continue
        if rule.letter_types and letter_type not in rule.letter_types:
            continue
        if prof and prof.rule_levels.get(rule.code) == "off":
            continue
        findings.extend(run_check(ctx, rule))
    if prof:
        findings = [_relevel(f, prof) for f in findings]
        findings = [f for f in findings if f is not None]
    if not rulebook.law.confirmed_on(on):  # the law may have changed since it was last read
        findings = [replace(f, values={**f.values, "confirmed": "false"}) if f.legal_basis else f for f in findings]
    findings.sort(key=lambda f: (f.span.start, f.code))
    statuses = tuple(
        ElementStatus(r.element.id, r.status, r.paragraphs, r.use.finding_level, r.use.legal_basis,
                      round(r.evidence.similarity, 2) if r.learned else None)
        for r in elements.values()
    )
    return Report(
        letter=letter, findings=tuple(findings), metrics=metrics, paragraph_metrics=tuple(per_paragraph),
        letter_type=letter_type, letter_type_confidence=confidence, elements=statuses,
        rulebook_version=rulebook.version, letter_type_scores=scores,
        letter_date=letter_date.isoformat() if letter_date else None, rules_date=on.isoformat(),
        profile=prof.name if prof else None, placement=placement, questions=tuple(questions),
        sanction_kind=sanction_kind, notices=tuple(notices),
        structure=structure, rulebook=rulebook, hits=hits, fact_source=functools.cache(functools.partial(extract_facts, letter, letter_date, lang)),
    )


def type_notices(letter_type: str, confidence: float, scores, rulebook: Rulebook) -> list[Notice]:
    """Never a silent ``unknown``: say that the type is uncertain, the best guess and what was checked; and say
    when a letter is a general notice (checked only as a letter to a citizen, not as a summons)."""
    if rulebook.type_config(letter_type).general:
        return [Notice("N002", f"Brevet ligner en generel meddelelse ({rulebook.type_config(letter_type).label}), "
                               "ikke en indkaldelse, partshøring eller afgørelse til én borger. Kun de generelle tjek er "
                               "kørt (afsender, dato, kontakt). Er det et brev til én borger, så vælg brevtypen med "
                               "--type eller i menuen.")]
    if letter_type != "unknown" or not scores:
        return []
    ranked = sorted(((v, k) for k, v in scores.items() if k in rulebook.letter_types and v > 0), reverse=True)
    guess = (f"Bedste bud er {rulebook.type_config(ranked[0][1]).label.lower()} (sikkerhed "
             f"{confidence:.2f}".replace(".", ",") + ")") if ranked else "Ingen brevtype passer"
    return [Notice("N001", f"Brevtypen kunne ikke bestemmes sikkert. {guess}. Kun de tjek, der gælder alle breve til "
                           "borgere, er kørt (afsender, dato, kontakt, og klagevejledning, hvis brevet afgør noget). "
                           "Vælg brevtypen med --type eller i menuen for at få hele tjekket.")]


def _relevel(f: Finding, prof) -> Finding | None:
    level = prof.rule_levels.get(f.code)
    if level is None:
        return f
    if level == "off":
        return None
    if f.values.get("miss") == "weak" and level == "error":
        level = "warning"  # a weak miss asks to verify: a warning whatever the profile's level
    return replace(f, level=Level(level))
